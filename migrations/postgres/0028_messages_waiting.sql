-- O1 G3: the mail workers' claim reads the messages waiting to go in their order, from an
-- index that holds only those. With `messages_due` (status, not_before) the two statuses of a
-- claim came from two ranges that had to be sorted on every claim: during a registration rush,
-- thousands of queued confirmations sorted once per message sent, which was half of
-- PostgreSQL's time (bench/README.md, "Registration rush on PostgreSQL").
CREATE INDEX messages_waiting ON messages (not_before, id) WHERE status IN ('queued', 'retrying');
