-- Ingest log, report facts (with history), submissions and quarantine.
CREATE SEQUENCE IF NOT EXISTS ingest_file_seq START 1;

CREATE TABLE IF NOT EXISTS ingest_file (
    file_id          INTEGER PRIMARY KEY DEFAULT nextval('ingest_file_seq'),
    sha256           VARCHAR NOT NULL,
    nama_file        VARCHAR NOT NULL,       -- base name as given by the user (never used as a path)
    format           VARCHAR,                -- 'csv-long' | 'csv-wide' | 'xlsx-wide' | 'xlsx-long' | ...
    jenis            VARCHAR,                -- 'weekly' | 'monthly'
    status           VARCHAR NOT NULL,       -- 'loaded' | 'no-data' | 'error' | 'incomplete' | 'unchanged'
    pesan            VARCHAR,                -- message for the user (why an error)
    rows_read        BIGINT NOT NULL DEFAULT 0,
    rows_loaded      BIGINT NOT NULL DEFAULT 0,
    rows_replaced    BIGINT NOT NULL DEFAULT 0,
    rows_quarantined BIGINT NOT NULL DEFAULT 0,
    diterima         TIMESTAMP,              -- when the report was received (defaults to load time)
    loaded_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    loaded_by        VARCHAR                 -- user name or 'cli'
);

-- Weekly SKDR facts. One row per (file, facility, week, desa, syndrome).
-- A later file for the same facility-week supersedes earlier rows: is_current flips to false,
-- rows are never deleted (history kept).
CREATE TABLE IF NOT EXISTS laporan_mingguan (
    week            VARCHAR NOT NULL,        -- '2025-W19' (CDC epi week, Sunday-Saturday)
    week_start      DATE NOT NULL,           -- the Sunday
    kode_fasilitas  VARCHAR NOT NULL,
    kode_desa       VARCHAR NOT NULL,
    kode_kab        VARCHAR NOT NULL,
    kode_sindrom    VARCHAR NOT NULL,
    kasus           INTEGER,                 -- NULL = missing (blank/NA), 0 = nihil ('-' or 0)
    kematian        INTEGER,
    diterima        TIMESTAMP NOT NULL,      -- date received
    file_id         INTEGER NOT NULL,
    baris           INTEGER NOT NULL,        -- row number in the source file (1-based, as a spreadsheet shows it)
    is_current      BOOLEAN NOT NULL DEFAULT true
);

-- One row per facility-week submission; the current one says which file holds the facts.
CREATE TABLE IF NOT EXISTS laporan_mingguan_kiriman (
    kode_fasilitas  VARCHAR NOT NULL,
    week            VARCHAR NOT NULL,
    week_start      DATE NOT NULL,
    kode_kab        VARCHAR NOT NULL,
    file_id         INTEGER NOT NULL,
    diterima        TIMESTAMP NOT NULL,
    n_rows          INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS laporan_bulanan (
    bulan           VARCHAR NOT NULL,        -- '2025-05'
    kode_fasilitas  VARCHAR NOT NULL,
    kode_desa       VARCHAR NOT NULL,
    kode_kab        VARCHAR NOT NULL,
    kode_indikator  VARCHAR NOT NULL,
    nilai           DOUBLE,                  -- NULL = missing
    sasaran         DOUBLE,                  -- denominator when the form has one
    diterima        TIMESTAMP NOT NULL,
    file_id         INTEGER NOT NULL,
    baris           INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS laporan_bulanan_kiriman (
    kode_fasilitas  VARCHAR NOT NULL,
    bulan           VARCHAR NOT NULL,
    kode_kab        VARCHAR NOT NULL,
    file_id         INTEGER NOT NULL,
    diterima        TIMESTAMP NOT NULL,
    n_rows          INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS karantina (
    file_id     INTEGER NOT NULL,
    nama_file   VARCHAR NOT NULL,
    baris       INTEGER,                     -- row number in the file (sheet rows for XLSX)
    lembar      VARCHAR,                     -- sheet name for XLSX
    kolom       VARCHAR,                     -- the field at fault
    alasan      VARCHAR NOT NULL,            -- reason a person can act on (Bahasa Indonesia)
    kode_alasan VARCHAR NOT NULL,            -- machine code: 'unknown_desa', 'bad_count', ...
    data_mentah VARCHAR,                     -- the raw row as JSON
    kode_kab    VARCHAR,                     -- when known, so analysts see only their own
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
