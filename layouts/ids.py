"""Every component id of the app, page first. Import these; never type an id string twice."""

# shell
URL = "shell-url"
NAVBAR = "shell-navbar"
PAGE_MESSAGE = "shell-page-message"

# Peta Desa
PETA_KAB = "peta-kabupaten"
PETA_SINDROM = "peta-sindrom"
PETA_MINGGU = "peta-minggu"
PETA_SAMPAI = "peta-sampai"
PETA_NILAI = "peta-nilai"
PETA_KELAS = "peta-kelas"
PETA_MAP = "peta-map"
PETA_LEGEND = "peta-legend"
PETA_SUMMARY = "peta-summary"
PETA_MESSAGE = "peta-message"
PETA_GRID = "peta-grid"
PETA_EXPORT = "peta-export"
PETA_QUERY = "peta-query"          # dcc.Store: the view's query string (kept in the address bar)
PETA_DESA = "peta-desa"            # dcc.Store: the selected desa code
PETA_PANEL = "peta-panel"
PETA_PANEL_BODY = "peta-panel-body"
PETA_PANEL_CLOSE = "peta-panel-close"
PETA_SERIES = "peta-series"
PETA_LANG = "peta-lang"            # dcc.Store: page language

# Unggah
UNGGAH_UPLOAD = "unggah-upload"
UNGGAH_RESULT = "unggah-result"
UNGGAH_DOWNLOAD_BUTTON = "unggah-download-button"
UNGGAH_DOWNLOAD = "unggah-download"
UNGGAH_FILE_ID = "unggah-file-id"  # dcc.Store: file_id of the last upload (for its quarantine CSV)
UNGGAH_LANG = "unggah-lang"
