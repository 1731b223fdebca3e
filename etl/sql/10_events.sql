-- Outbreak events (issue 9): one kejadian per outbreak, grouping the signals (alert rows) of one syndrome
-- whose places overlap or touch in consecutive weeks. Written by etl/detect/events_group.py after
-- detection; the lifecycle (etl/detect/lifecycle.py) is on the event, with its history in kejadian_riwayat.
CREATE SEQUENCE IF NOT EXISTS kejadian_seq START 1;

CREATE TABLE IF NOT EXISTS kejadian (
    kejadian_id    INTEGER PRIMARY KEY DEFAULT nextval('kejadian_seq'),
    kode_kab       VARCHAR NOT NULL,
    kode_sindrom   VARCHAR NOT NULL,
    jenis          VARCHAR NOT NULL,            -- 'wabah' (statistical or scan signals) | 'satu_kasus' (SKDR "1 kasus")
    tingkat        VARCHAR NOT NULL,            -- 'desa' | 'puskesmas' (only Puskesmas-level signals: drawn as the Puskesmas)
    kode_kec       VARCHAR,                     -- satu_kasus: the kecamatan its cases are grouped by
    desa_codes     VARCHAR NOT NULL DEFAULT '', -- ';'-separated desa of its signals (grows as it spreads)
    kode_puskesmas VARCHAR NOT NULL DEFAULT '', -- ';'-separated Puskesmas serving those desa / of its signals
    minggu_awal    VARCHAR NOT NULL,            -- first week with a supporting signal
    minggu_akhir   VARCHAR NOT NULL,            -- last week with a supporting signal
    awal_mulai     DATE NOT NULL,               -- week_start of minggu_awal
    akhir_mulai    DATE NOT NULL,               -- week_start of minggu_akhir
    metode         VARCHAR NOT NULL DEFAULT '', -- ';'-separated methods of its signals
    status         VARCHAR NOT NULL DEFAULT 'baru',  -- see etl/detect/lifecycle.py STATUSES; only people change it
    klb            BOOLEAN NOT NULL DEFAULT false,   -- declared KLB (Kejadian Luar Biasa)
    dibuat         TIMESTAMP NOT NULL DEFAULT current_timestamp,
    diperbarui     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS kejadian_riwayat (
    kejadian_id INTEGER NOT NULL,
    status      VARCHAR NOT NULL,   -- the status after the step (the same status again: a note added)
    catatan     VARCHAR NOT NULL,
    pengguna    VARCHAR NOT NULL,
    waktu       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    klb         BOOLEAN             -- the KLB flag after the step
);

-- IF NOT EXISTS and the 'not yet linked' filters below: re-applying this migration (a snapshot from before an
-- upgrade is migrated again) moves no alert twice.
ALTER TABLE alert ADD COLUMN IF NOT EXISTS kejadian_id INTEGER;

-- Sub-threshold signals (issue 9, item 2): desa series-weeks where at least min_families method families
-- fired but the excess over the bound was under [alerts] min_excess. Not alerts; neighbouring ones in the
-- same week together make an event. Replaced per kabupaten x recomputed weeks.
CREATE TABLE IF NOT EXISTS sinyal_lemah (
    kode_kab     VARCHAR NOT NULL,
    kode_sindrom VARCHAR NOT NULL,
    week         VARCHAR NOT NULL,
    week_start   DATE NOT NULL,
    kode_desa    VARCHAR NOT NULL,
    methods      VARCHAR NOT NULL,  -- ';'-separated methods that fired
    observed     DOUBLE NOT NULL,
    expected     DOUBLE,
    threshold    DOUBLE,            -- the lowest bound among the methods that fired
    kejadian_id  INTEGER,
    PRIMARY KEY (kode_kab, kode_sindrom, week, kode_desa)
);

-- Desa adjacency (touching polygons; wilayah kerja when a kabupaten has no polygons), cached per kabupaten
-- with the signature of its geometry so new boundaries recompute it.
CREATE TABLE IF NOT EXISTS desa_tetangga (
    kode_kab  VARCHAR NOT NULL,
    kode_desa VARCHAR NOT NULL,
    tetangga  VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS desa_tetangga_tanda (
    kode_kab VARCHAR PRIMARY KEY,
    tanda    VARCHAR NOT NULL
);

-- Existing alert history moves onto events: the alerts of one unit (desa, Puskesmas or cluster centre) and
-- syndrome whose weeks follow each other with at most 3 weeks between them become one event; single-case
-- alerts group per syndrome and kecamatan the same way. The event takes the latest status any of its
-- alerts was given, and every alert_event row is copied into its history (alert_event itself stays).
CREATE TEMP TABLE kejadian_migrasi AS
WITH a AS (
    SELECT a.alert_id, a.kode_kab, a.kode_sindrom, a.week, a.week_start, a.level, a.method, a.created_at,
           CASE WHEN a.method = 'single_case' THEN 'satu_kasus' ELSE 'wabah' END AS jenis,
           CASE WHEN a.method = 'single_case' THEN coalesce(d.kode_kec, a.unit_code) ELSE a.level || ':' || a.unit_code END
               AS tempat,
           CASE WHEN a.method = 'single_case' THEN d.kode_kec END AS kode_kec, a.desa_codes,
           CASE WHEN a.level = 'puskesmas' THEN a.unit_code END AS kode_pkm
    FROM alert a LEFT JOIN desa d ON d.kode_desa = split_part(a.desa_codes, ';', 1)
    WHERE a.kejadian_id IS NULL
), gaps AS (
    SELECT *, CASE WHEN date_diff('day', lag(week_start) OVER w, week_start) <= 28 THEN 0 ELSE 1 END AS baru
    FROM a WINDOW w AS (PARTITION BY kode_kab, kode_sindrom, jenis, tempat ORDER BY week_start, alert_id)
)
SELECT *, sum(baru) OVER (PARTITION BY kode_kab, kode_sindrom, jenis, tempat ORDER BY week_start, alert_id
                          ROWS UNBOUNDED PRECEDING) AS pulau
FROM gaps;

CREATE TEMP TABLE kejadian_pulau AS
SELECT row_number() OVER (ORDER BY min(week_start), kode_kab, kode_sindrom, jenis, tempat, pulau) AS n,
       kode_kab, kode_sindrom, jenis, tempat, pulau, any_value(kode_kec) AS kode_kec,
       CASE WHEN bool_and(level = 'puskesmas') THEN 'puskesmas' ELSE 'desa' END AS tingkat,
       min(week) AS minggu_awal, max(week) AS minggu_akhir, min(week_start) AS awal_mulai,
       max(week_start) AS akhir_mulai, array_to_string(list_sort(list_distinct(list(method))), ';') AS metode,
       min(created_at) AS dibuat,
       array_to_string(list_sort(list_distinct(flatten(list(string_split(desa_codes, ';'))))), ';') AS desa_codes,
       coalesce(array_to_string(list_sort(list_distinct(list(kode_pkm))), ';'), '') AS kode_puskesmas
FROM kejadian_migrasi GROUP BY kode_kab, kode_sindrom, jenis, tempat, pulau;

CREATE TEMP TABLE kejadian_nomor AS
SELECT nextval('kejadian_seq') AS kejadian_id, * FROM (SELECT * FROM kejadian_pulau ORDER BY n);

INSERT INTO kejadian (kejadian_id, kode_kab, kode_sindrom, jenis, tingkat, kode_kec, desa_codes, kode_puskesmas,
                      minggu_awal, minggu_akhir, awal_mulai, akhir_mulai, metode, dibuat, diperbarui)
SELECT kejadian_id, kode_kab, kode_sindrom, jenis, tingkat, kode_kec, desa_codes, kode_puskesmas, minggu_awal,
       minggu_akhir, awal_mulai, akhir_mulai, metode, dibuat, dibuat
FROM kejadian_nomor;

UPDATE alert SET kejadian_id = x.kejadian_id
FROM (SELECT m.alert_id, k.kejadian_id FROM kejadian_migrasi m
      JOIN kejadian_nomor k USING (kode_kab, kode_sindrom, jenis, tempat, pulau)) x
WHERE alert.alert_id = x.alert_id;

INSERT INTO kejadian_riwayat (kejadian_id, status, catatan, pengguna, waktu, klb)
SELECT a.kejadian_id, e.status, '[peringatan ' || a.alert_id || '] ' || coalesce(e.note, ''), e.user_name,
       e.event_at, false
FROM alert_event e JOIN alert a USING (alert_id)
WHERE a.alert_id IN (SELECT alert_id FROM kejadian_migrasi)
ORDER BY e.event_at, a.alert_id;

UPDATE kejadian SET status = x.status, diperbarui = x.waktu
FROM (SELECT kejadian_id, arg_max(status, waktu) AS status, max(waktu) AS waktu
      FROM kejadian_riwayat GROUP BY kejadian_id) x
WHERE kejadian.kejadian_id = x.kejadian_id;

DROP TABLE kejadian_nomor;
DROP TABLE kejadian_pulau;
DROP TABLE kejadian_migrasi;
