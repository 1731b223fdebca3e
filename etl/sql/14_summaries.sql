-- National aggregates kept with the facts (issue 12): the national comparison (514 kabupaten x weeks) reads
-- weekly cases per kabupaten, week and syndrome from here instead of summing ~100M fact rows per request.
-- Written only by etl/aggregates.py, which the writer runs before every snapshot it publishes, for the
-- kabupaten-weeks whose current submissions changed (ringkasan_kiriman holds the signature it last saw).
CREATE TABLE IF NOT EXISTS ringkasan_mingguan (
    kode_kab      VARCHAR NOT NULL,
    week          VARCHAR NOT NULL,
    kode_sindrom  VARCHAR NOT NULL,
    kasus         BIGINT,              -- sum of the current facts' kasus; NULL when every one is missing
    kematian      BIGINT,
    PRIMARY KEY (kode_kab, week, kode_sindrom)
);

CREATE TABLE IF NOT EXISTS ringkasan_kiriman (
    kode_kab      VARCHAR NOT NULL,
    week          VARCHAR NOT NULL,
    n_kiriman     BIGINT NOT NULL,     -- current submissions of the kabupaten-week when last summed
    sum_file_id   HUGEINT NOT NULL,    -- and the sum of their file ids: any new, superseded or retired file changes it
    PRIMARY KEY (kode_kab, week)
);
