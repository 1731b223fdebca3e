-- Whether a facility is open in the week starting on week_start (a Sunday): open on any of its seven days.
-- mulai and selesai come from fasilitas_aktif (NULL: no such bound). One definition for completeness,
-- "belum lapor", completeness flags and the Puskesmas-level reporting share.
CREATE OR REPLACE MACRO fasilitas_buka(mulai, selesai, week_start) AS
    (mulai IS NULL OR mulai <= week_start + 6) AND (selesai IS NULL OR selesai >= week_start);
