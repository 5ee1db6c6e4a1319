// Timestamps leave the database as ISO 8601 in UTC (2026-12-02T17:44:48.123Z), the same on Postgres and
// PGlite, whatever the server's time zone or datestyle.
export const iso = (column: string, as = column.replace(/^.*\./, '')) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${as}`;
