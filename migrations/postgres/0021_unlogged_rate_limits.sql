-- O1: the shared rate limits are counters that a crash may forget (a few more tries get
-- through, nothing else). Unlogged, their upsert writes no WAL and its commit does not wait
-- for a flush to disk, so the row of one busy client address is locked for microseconds.
-- Unlogged tables are emptied after a crash and not copied to standbys, both fine here.
ALTER TABLE rate_limits SET UNLOGGED;
