-- O1: PostgreSQL makes `rate_limits` unlogged here; SQLite has no such thing, and a single
-- instance on SQLite keeps its limits in memory anyway. Kept so both backends share numbers.
SELECT 1;
