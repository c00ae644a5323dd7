-- O1: what several instances of one deployment share beyond the data itself.
--
-- Background jobs run once across instances. The instance that holds a job's lease runs it
-- and renews the lease each round; when the holder dies, the lease runs out and another
-- instance takes the job over.
CREATE TABLE job_leases (
    name        TEXT   PRIMARY KEY,
    holder      BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Rate limits shared by the instances (PostgreSQL deployments): one row per key (a kind of
-- request and a client address), holding the generic cell rate algorithm's theoretical
-- arrival time in milliseconds. Rows whose time has passed are as good as absent and are
-- deleted by the sweep.
CREATE TABLE rate_limits (
    key  TEXT   PRIMARY KEY,
    tat  BIGINT NOT NULL
);
