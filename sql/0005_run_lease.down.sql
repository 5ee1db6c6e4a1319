alter table runs drop column lease_until;
alter table runs drop column lease_owner;
