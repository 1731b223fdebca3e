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
PETA_PDF = "peta-pdf"            # "Unduh PDF" link to /laporan.pdf (callbacks/laporan.py)
PETA_QUERY = "peta-query"          # dcc.Store: the view's query string (kept in the address bar)
PETA_DESA = "peta-desa"            # dcc.Store: the selected desa code
PETA_WIDTH = "peta-width"          # dcc.Store: the map's width in px (set in the browser; the map fit uses it)
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
UNGGAH_TEMPLATE = "unggah-template"                    # dropdown: which report template to download
UNGGAH_TEMPLATE_BUTTON = "unggah-template-button"
UNGGAH_TEMPLATE_DOWNLOAD = "unggah-template-download"
UNGGAH_TOKEN = "unggah-token"  # dcc.Store: random token of an upload waiting for confirmation (bytes stay server-side)
UNGGAH_CONFIRM_BOX = "unggah-confirm-box"              # the confirm/cancel buttons under a preview
UNGGAH_CONFIRM = "unggah-confirm"
UNGGAH_CANCEL = "unggah-cancel"
PETA_URL_SYNC = "peta-url-sync"    # dummy output of the clientside address-bar sync

# Peringatan (alerts)
ALERT_KAB = "peringatan-kabupaten"
ALERT_SINDROM = "peringatan-sindrom"
ALERT_METODE = "peringatan-metode"
ALERT_STATUS = "peringatan-status"
ALERT_KEC = "peringatan-kecamatan"
ALERT_DARI = "peringatan-dari"
ALERT_SAMPAI = "peringatan-sampai"
ALERT_MESSAGE = "peringatan-message"
ALERT_NOTICE = "peringatan-notice"   # the Puskesmas-level detection notice, apart from the page's messages
ALERT_SUMMARY = "peringatan-summary"
ALERT_MAP = "peringatan-map"
ALERT_GRID = "peringatan-grid"
ALERT_EXPORT = "peringatan-export"          # "Unduh CSV" of the event table
ALERT_SELECTED = "peringatan-selected"    # dcc.Store: the alert id shown in the detail panel
ALERT_DETAIL = "peringatan-detail"
ALERT_ACTION = "peringatan-action"
ALERT_NOTE = "peringatan-note"
ALERT_SUBMIT = "peringatan-submit"
ALERT_ACTION_RESULT = "peringatan-action-result"
ALERT_VERSION = "peringatan-version"      # dcc.Store: bumped after an action (refreshes list and detail)
ALERT_QUERY = "peringatan-query"
ALERT_URL_SYNC = "peringatan-url-sync"
ALERT_LANG = "peringatan-lang"
ALERT_KLB = "peringatan-klb"            # dcc.Checklist: declare the event a KLB with the action

# Perbandingan Kabupaten
CMP_PROV = "perbandingan-prov"
CMP_SINDROM = "perbandingan-sindrom"
CMP_DARI = "perbandingan-dari"
CMP_SAMPAI = "perbandingan-sampai"
CMP_UKURAN = "perbandingan-ukuran"
CMP_KABS = "perbandingan-kabs"
CMP_MESSAGE = "perbandingan-message"
CMP_SUMMARY = "perbandingan-summary"
CMP_MAP = "perbandingan-map"
CMP_GRID = "perbandingan-grid"
CMP_EXPORT = "perbandingan-export"
CMP_FUNNEL = "perbandingan-funnel"
CMP_FUNNEL_COMP = "perbandingan-funnel-kelengkapan"
CMP_SERIES = "perbandingan-series"
CMP_SERIES_MESSAGE = "perbandingan-series-message"
CMP_QUERY = "perbandingan-query"
CMP_URL_SYNC = "perbandingan-url-sync"
CMP_DRILL = "perbandingan-drill"          # dummy output of the clientside drill-down to Peta Desa
CMP_LANG = "perbandingan-lang"

# Kelengkapan
KEL_KAB = "kelengkapan-kabupaten"
KEL_MINGGU = "kelengkapan-minggu"
KEL_WEEKS = "kelengkapan-weeks"
KEL_MESSAGE = "kelengkapan-message"
KEL_NOTICE = "kelengkapan-notice"
KEL_CARDS = "kelengkapan-cards"
KEL_HEATMAP = "kelengkapan-heatmap"
KEL_MISSING_TITLE = "kelengkapan-missing-title"
KEL_MISSING = "kelengkapan-missing"
KEL_PUSKESMAS = "kelengkapan-puskesmas"
KEL_MISSING_EXPORT = "kelengkapan-missing-export"      # "Unduh CSV" of the facilities not reported
KEL_PUSKESMAS_EXPORT = "kelengkapan-puskesmas-export"  # "Unduh CSV" of the per-Puskesmas table
KEL_DESA_TITLE = "kelengkapan-desa-title"
KEL_DESA = "kelengkapan-desa"                # desa sebagian / tidak lapor (etl.reporting)
KEL_DESA_EXPORT = "kelengkapan-desa-export"
KEL_QUERY = "kelengkapan-query"
KEL_URL_SYNC = "kelengkapan-url-sync"
KEL_LANG = "kelengkapan-lang"

# PWS
PWS_KAB = "pws-kabupaten"
PWS_BULAN = "pws-bulan"
PWS_INDIKATOR = "pws-indikator"
PWS_MESSAGE = "pws-message"
PWS_EXPLAIN = "pws-explain"
PWS_LEGEND = "pws-legend"
PWS_MAP = "pws-map"
PWS_GRID = "pws-grid"
PWS_EXPORT = "pws-export"
PWS_QUERY = "pws-query"
PWS_URL_SYNC = "pws-url-sync"
PWS_LANG = "pws-lang"
UNGGAH_MESSAGE = "unggah-message"
PETA_URL_MESSAGE = "peta-url-message"  # messages about bad query-string values (set by the layout)
