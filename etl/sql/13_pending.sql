-- Work a committed write still owes, recorded in the warehouse so that a crash (kill -9, power cut) between
-- the commit and the work loses nothing: the next start of the CLI, the app or `pws check` finishes it
-- (etl/pending.py). kind 'publish': a read-only snapshot must be published (one row is enough); kind
-- 'detect': detection must run for this facility-week a load brought. A load writes its rows in the same
-- transaction as its facts; a writer that publishes writes its 'publish' row before its caller's
-- transaction. Published snapshots never hold these rows.
CREATE TABLE IF NOT EXISTS pending_work (
    kind           VARCHAR   NOT NULL CHECK (kind IN ('publish', 'detect')),
    kode_fasilitas VARCHAR,
    week           VARCHAR,
    attempts       INTEGER   NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);
