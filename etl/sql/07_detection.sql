-- Detection runs (issue 4): one row per kabupaten x week range recomputed, for audit and timing.
CREATE SEQUENCE IF NOT EXISTS detection_run_seq START 1;

CREATE TABLE IF NOT EXISTS detection_run (
    run_id          INTEGER PRIMARY KEY DEFAULT nextval('detection_run_seq'),
    kode_kab        VARCHAR NOT NULL,
    from_week       VARCHAR NOT NULL,
    to_week         VARCHAR NOT NULL,
    methods         VARCHAR NOT NULL,        -- comma-separated
    config_version  VARCHAR NOT NULL,        -- `version` of etl/config/detection.toml
    trigger         VARCHAR NOT NULL,        -- 'load' (incremental) | 'cli' | ...
    alerts_written  INTEGER NOT NULL,        -- inserted or updated
    alerts_removed  INTEGER NOT NULL,        -- untouched 'baru' alerts that no longer hold
    flags_written   INTEGER NOT NULL,        -- completeness_flag rows (facility-weeks without a report)
    seconds         DOUBLE NOT NULL,
    run_at          TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE INDEX IF NOT EXISTS alert_kab_week_idx ON alert (kode_kab, week);
CREATE INDEX IF NOT EXISTS alert_event_alert_idx ON alert_event (alert_id);
