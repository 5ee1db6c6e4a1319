-- One writer per run: whoever runs a run's shards in its own process holds a lease on it (renewed while
-- it works, released when it stops); a second process that tries (a --resume of a run still being
-- written) is refused while the lease is live. A crashed holder's lease runs out by itself.
alter table runs add column lease_owner text;
alter table runs add column lease_until timestamptz;
