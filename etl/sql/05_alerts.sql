-- Detection results (issue 4) and the alert lifecycle.
CREATE SEQUENCE IF NOT EXISTS alert_seq START 1;

CREATE TABLE IF NOT EXISTS alert (
    alert_id      INTEGER PRIMARY KEY DEFAULT nextval('alert_seq'),
    alert_key     VARCHAR NOT NULL UNIQUE,  -- deterministic: method|level|unit|syndrome|week
    method        VARCHAR NOT NULL,         -- 'threshold' | 'single_case' | 'ears_c1' | 'ears_c2' | 'ears_c3' | 'farrington' | 'scan_stp' | 'scan_poisson'
    level         VARCHAR NOT NULL,         -- 'desa' | 'puskesmas' | 'cluster'
    unit_code     VARCHAR NOT NULL,         -- kode_desa, kode_fasilitas, or cluster centre desa
    kode_kab      VARCHAR NOT NULL,
    kode_sindrom  VARCHAR NOT NULL,
    week          VARCHAR NOT NULL,         -- the week the alert is about (end week for clusters)
    week_start    DATE NOT NULL,
    desa_codes    VARCHAR NOT NULL,         -- ';'-separated desa codes involved
    observed      DOUBLE NOT NULL,
    expected      DOUBLE,
    threshold     DOUBLE,                   -- upper bound / threshold
    p_value       DOUBLE,
    relative_risk DOUBLE,
    recurrence_days DOUBLE,                 -- scan: recurrence interval
    params        VARCHAR,                  -- JSON of the parameters used
    sources       VARCHAR,                  -- JSON list of {file, row} behind the count
    status        VARCHAR NOT NULL DEFAULT 'baru',  -- baru | diverifikasi | direspons | selesai | bukan_klb
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS alert_event (
    alert_id   INTEGER NOT NULL,
    status     VARCHAR NOT NULL,
    note       VARCHAR,
    user_name  VARCHAR NOT NULL,
    event_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Facility-weeks with no report: never an all-clear (issue 4).
CREATE TABLE IF NOT EXISTS completeness_flag (
    kode_fasilitas VARCHAR NOT NULL,
    kode_kab       VARCHAR NOT NULL,
    week           VARCHAR NOT NULL,
    PRIMARY KEY (kode_fasilitas, week)
);
