-- O1: background jobs run once across instances. The instance that holds a job's lease
-- runs it and renews the lease each round; when the holder dies, the lease runs out and
-- another instance takes the job over.
CREATE TABLE job_leases (
    name        TEXT   PRIMARY KEY,
    holder      BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
