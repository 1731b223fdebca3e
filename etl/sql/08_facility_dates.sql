-- When a facility starts and stops reporting. ILP opens new Pustu every year: the weeks before a Pustu opened
-- (or after a facility closed) are not expected reports, so they do not lower completeness, raise a
-- completeness flag or appear in "belum lapor". A facility without a row here is expected every week.
-- Loaded by `pws facilities` from the optional columns mulai and selesai.
CREATE TABLE IF NOT EXISTS fasilitas_aktif (
    kode_fasilitas  VARCHAR PRIMARY KEY,
    mulai           DATE,                    -- first day it reports; NULL = since always
    selesai         DATE                     -- last day it reports; NULL = still open
);
