-- Covered population kept with the facts (issue 12): the national comparison's denominator (populasi_lapor) per
-- kabupaten and week, read here instead of joining submissions, wilayah kerja, desa and populasi per request.
-- One row per kabupaten-week and population year ``tahun`` (each year populasi has a total for): the
-- population of the desa of the kabupaten served by a facility whose report for the week is current, each desa
-- counted with its latest total of a year <= tahun. A page asking for year Y reads the largest tahun <= Y, which
-- is the same as reading populasi with tahun <= Y. Written only by etl/aggregates.py, before every publish: for
-- the kabupaten-weeks whose current submissions changed (ringkasan_kiriman), and wholesale when populasi,
-- wilayah_kerja or desa changed (their signature in ringkasan_populasi_tanda).
CREATE TABLE IF NOT EXISTS ringkasan_populasi (
    kode_kab       VARCHAR NOT NULL,
    week           VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,   -- population year: totals of years <= tahun, the latest per desa
    populasi_lapor BIGINT NOT NULL,    -- population of the desa served by the week's current reports
    PRIMARY KEY (kode_kab, week, tahun)
);

CREATE TABLE IF NOT EXISTS ringkasan_populasi_tanda (
    sumber  VARCHAR PRIMARY KEY,       -- populasi | wilayah_kerja | desa
    n       BIGINT NOT NULL,           -- rows when last summed
    tanda   HUGEINT NOT NULL           -- and the sum of their rows' hashes: any insert, delete or edit changes it
);
