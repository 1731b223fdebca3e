-- Catalogues: the 24 SKDR syndromes (with aliases) and the monthly programme indicators.
-- Seeded from etl/catalog/*.csv by etl.warehouse.migrate().
CREATE TABLE IF NOT EXISTS sindrom (
    kode        VARCHAR PRIMARY KEY,        -- 'DIARE', 'ILI', 'DBD', ...
    nama        VARCHAR NOT NULL,           -- 'Diare akut'
    nama_en     VARCHAR NOT NULL,
    klaster     INTEGER NOT NULL,           -- ILP klaster (4 = penanggulangan penyakit menular)
    urutan      INTEGER NOT NULL            -- SKDR form order
);

CREATE TABLE IF NOT EXISTS sindrom_alias (
    alias_norm  VARCHAR PRIMARY KEY,        -- normalised alias (etl.names.normalise_label)
    kode        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS indikator (
    kode        VARCHAR PRIMARY KEY,        -- 'K1', 'K4', 'PN', 'KN1', 'IDL', 'D_S', 'SKR_HT', ...
    nama        VARCHAR NOT NULL,
    nama_en     VARCHAR NOT NULL,
    klaster     INTEGER NOT NULL,
    sasaran     VARCHAR,                    -- populasi column used as denominator ('bumil', 'bayi', ...)
    target_pct  DOUBLE NOT NULL,            -- annual target, percent of sasaran
    urutan      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indikator_alias (
    alias_norm  VARCHAR PRIMARY KEY,
    kode        VARCHAR NOT NULL
);
