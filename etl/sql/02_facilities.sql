-- Puskesmas and Pustu, their wilayah kerja (service area) and population denominators.
CREATE TABLE IF NOT EXISTS fasilitas (
    kode_fasilitas VARCHAR PRIMARY KEY,
    nama           VARCHAR NOT NULL,
    jenis          VARCHAR NOT NULL CHECK (jenis IN ('puskesmas', 'pustu')),
    kode_desa      VARCHAR,                 -- where the facility stands
    kode_induk     VARCHAR,                 -- parent Puskesmas of a Pustu (NULL for a Puskesmas)
    kode_kec       VARCHAR,
    kode_kab       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS wilayah_kerja (
    kode_fasilitas VARCHAR NOT NULL,
    kode_desa      VARCHAR NOT NULL,
    PRIMARY KEY (kode_fasilitas, kode_desa)
);

-- Denominators per desa and year (sasaran). NULL = unknown.
CREATE TABLE IF NOT EXISTS populasi (
    kode_desa VARCHAR NOT NULL,
    tahun     INTEGER NOT NULL,
    total     INTEGER,
    bumil     INTEGER,                      -- ibu hamil
    bulin     INTEGER,                      -- ibu bersalin
    bayi      INTEGER,                      -- < 1 year
    balita    INTEGER,                      -- < 5 years
    usia_produktif INTEGER,                 -- 15-59
    lansia    INTEGER,                      -- >= 60
    PRIMARY KEY (kode_desa, tahun)
);
