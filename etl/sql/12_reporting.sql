-- How a facility reports (issue 10): a Pustu whose villages its Puskesmas reports for sends no file of its own.
-- melapor_lewat = the code of the facility whose report carries this facility's desa (normally its induk
-- Puskesmas); NULL = the facility reports for itself. Such a Pustu is not a missing reporter in completeness,
-- completeness flags or the Puskesmas-level reporting share, and its desa are expected in its Puskesmas's
-- report (etl/reporting.py: one reporting status per desa-week). Loaded by `pws facilities` (optional column).
ALTER TABLE fasilitas ADD COLUMN IF NOT EXISTS melapor_lewat VARCHAR;
