"""Surviving mutants of `make mutate` (bench/mutate.py) read and judged equivalent: no input can tell them
apart from the original. Keyed by mutmut's name; the reason is written into bench/results/mutation.json."""

from __future__ import annotations

# Surviving mutants read and judged equivalent (no input can tell them apart), by mutmut's name. The names
# number the mutants of a function in order: after an edit of that function, read them again.
from bench.mutate_equivalent_fastpath import FASTPATH
from bench.mutate_equivalent_validate import VALIDATE
from bench.mutate_reasons import (
    _CACHE_LABEL,
    _CAST,
    _DQ,
    _FLOAT_FLAGS,
    _NAN_WINDOW,
    _NONE_IS_NAN,
    _PARAM_CASE,
    _SQL_CASE,
    _STRICT,
)

EQUIVALENT: dict[str, str] = {
    # the ETL write modules (etl/write.py, facts.py, fastpath.py, validate.py; tests/unit/test_mut_etl_*.py); the
    # SQL-case ones were read: no quoted text in them changes case
    **{f"etl.write.x_write_file__mutmut_{i}": _PARAM_CASE for i in (20, 63, 65)},
    **{f"etl.write.x_write_file__mutmut_{i}": _SQL_CASE for i in (53, 72, 73)},
    **{f"etl.facts.x_{name}": _SQL_CASE for name in ("retire_inserted__mutmut_5", "outcome__mutmut_4",
                                                     "outcome__mutmut_5", "drop__mutmut_3", "drop__mutmut_4",
                                                     "drop__mutmut_7", "drop__mutmut_8")},
    **{f"etl.facts.x_{name}": _PARAM_CASE for name in ("plan__mutmut_15", "plan__mutmut_17", "retire_inserted__mutmut_14",
                                                       "supersede__mutmut_9", "insert_submissions__mutmut_9",
                                                       "insert_submissions__mutmut_15", "before__mutmut_17",
                                                       "before__mutmut_19", "before__mutmut_23")},
    **{f"etl.facts.xǁPolicyǁfrom_env__mutmut_{i}": "None (or nothing) for '' as the unset variable's text: both "
       "are false, so the default share; the text is only shown when set" for i in (7, 9)},
    **{f"etl.fastpath.x_{name}": _SQL_CASE for name in (
        "_aggregate__mutmut_5", "_aggregate__mutmut_6", "_aggregate__mutmut_11", "_aggregate__mutmut_12",
        "_aggregate__mutmut_16", "_aggregate__mutmut_17", "_duplicates__mutmut_24", "_duplicates__mutmut_25",
        "_duplicates__mutmut_30", "_duplicates__mutmut_31")},
    **{f"etl.fastpath.x_{name}": _PARAM_CASE for name in (
        "_aggregate__mutmut_23", "_aggregate__mutmut_27", "_duplicates__mutmut_6", "_duplicates__mutmut_12",
        "_duplicates__mutmut_27")},
    # (end of the ETL write modules)
    "etl.detect.ears.x__reference_stats__mutmut_16": "width < 0 for <= 0: at width 0 every slice is empty, nothing "
                                                     "is assigned",
    "etl.detect.ears.x__reference_stats__mutmut_48": "count as float64 instead of int8: the same counts",
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": _STRICT for i in (61, 64, 65, 80, 83, 84)},
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": _NONE_IS_NAN for i in (97, 98)},
    **{f"etl.detect.ears.x_ears__mutmut_{i}": _NONE_IS_NAN for i in (82, 103, 108)},
    "etl.detect.ears.x_first_week__mutmut_6": "C2 from baseline-2: the reference window starts at baseline+2, "
                                              "the columns before it are NaN already",
    "etl.detect.ears.x_first_week__mutmut_10": "C3 from baseline-4: the lagged C2 parts are NaN before baseline+4",
    "etl.detect.ears.x_ears__mutmut_2": "default method 'c1' for 'C1': the method is upper-cased before use",
    "etl.detect.ears.x_ears__mutmut_113": "a comparison with NaN raises no 'invalid' flag: the errstate only guards",
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": "divide flag: no non-zero sum is ever divided by a zero "
       "count (no reported week gives 0/0, an 'invalid', still ignored)" for i in (22, 24)},
    "etl.detect.rules.x_single_case__mutmut_4": _CAST,
    "etl.detect.rules.x_single_case__mutmut_6": _CAST,
    "etl.detect.rules.x_threshold__mutmut_4": _CAST,
    "etl.detect.rules.x_threshold__mutmut_6": _CAST,
    "etl.detect.rules.x_single_case__mutmut_7": "a comparison with NaN raises no 'invalid' flag: the errstate only "
                                                "guards",
    "etl.detect.rules.x_threshold__mutmut_70": "a comparison with NaN raises no 'invalid' flag: the errstate only "
                                               "guards",
    "etl.detect.rules.x_threshold__mutmut_39": "simplefilter('ignore') with no category: nanmean raises only "
                                               "RuntimeWarning",
    "etl.detect.rules.x_threshold__mutmut_44": "nanmean of an empty window is NaN (warning silenced): the same as "
                                               "the explicit NaN",
    "etl.detect.rules.x_threshold__mutmut_51": "np.full(None, nan) is a NaN scalar that np.where broadcasts: same",
    "etl.detect.rules.x_threshold__mutmut_52": _NONE_IS_NAN,
    "etl.detect.rules.x_threshold__mutmut_58": _NONE_IS_NAN,
    "etl.detect.farrington.x_farrington__mutmut_1": "the batch size (50,001 for 50,000) only splits the series into "
                                                    "separate fits: up to 50,000 series the very same batches, beyond "
                                                    "the same values up to rounding (batch=1 agrees to 1e-6, tested)",
    "etl.detect.farrington.x_baseline_index__mutmut_50": "weeks t+1.. are never among the columns (the latest is t): "
                                                         "removing one more changes nothing",
    **{f"etl.validate_master.xǁMasterǁload__mutmut_{i}": "the SQL upper- or lower-cased: DuckDB reads keywords and "
       "unquoted names case-insensitively" for i in (4, 5, 19, 20, 31, 32, 43, 44, 49, 50)},
    "etl.validate_master.xǁMasterǁfacility__mutmut_25": "n=3 dropped: 3 is get_close_matches' default",
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_11": "neither '' nor 'XXXX' is a kecamatan code: both give no desa",
    **{f"etl.validate_master.xǁMasterǁ{name}": "_in_area never reads its 'shown' argument"
       for name in ("_by_name__mutmut_28",)},
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_34": "one hit returned just above: here len(hits) is 0 or >= 2, "
                                                        "where > 1 and >= 1 agree",
    # renumbered by the month-only branch (a tahun column, 2026-11-30); its 'and' for 'or' (old 51) is no longer
    # equivalent (a month name not in MONTHS leaves month None with a year) and is killed
    "etl.validate_values.x_parse_month_value__mutmut_34": "groups 1 and 2 belong to the same alternative of "
                                                          "_MONTH_NUM: both match or neither",
    "etl.detect.farrington.x_farrington__mutmut_268": "a comparison with NaN raises no 'invalid' flag: the errstate "
                                                      "only guards",
    **{f"etl.detect.farrington.x_farrington__mutmut_{i}": _NAN_WINDOW for i in (2, 3, 60, 61, 63)},
    "etl.detect.farrington.x__irls__mutmut_65": "s1, s2, r1 are only read with a trend; this is the branch without",
    "etl.detect.farrington.x__irls__mutmut_66": "mu_prev_s is read from iteration 2 on, after the first iteration "
                                                "has set it: the initial value is never read",
    "etl.detect.farrington.x__irls__mutmut_162": _NONE_IS_NAN,
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_1": "_Fit.trend is never read",
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_83": "a missing baseline week (weight 0) has y = 0 and leverage 0: "
                                                        "its Anscombe residual -1.5 sqrt(mu / phi) < 0 never exceeds "
                                                        "the threshold, so it is never 'big' either way",
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_176": "where omega = 0 the term omega * ((y - mu) / mu)^2 is 0 "
                                                         "(y finite, mu >= eps): the same sum",
    "etl.detect.farrington.xǁ_Fitǁ_summary__mutmut_18": "where pw = 0 the working weight is pw * mu = 0: the term is 0 "
                                                        "either way",
    **{f"etl.detect.farrington.xǁ_Fitǁ_summary__mutmut_{i}": "inv11 of the fit without trend is never read (only the "
       "trend fit's p-value is asked for); a NaN, None or scalar there changes nothing" for i in (55, 56, 57)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": "y log y at y = 0 is 0 by either branch (counts are >= 0)"
       for i in (9, 21)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": "y log y at y = 1 is 0 by either branch; counts are whole "
       "numbers, so nothing lies strictly between 0 and 1" for i in (10, 20)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": _NONE_IS_NAN for i in (44, 49, 54)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": _FLOAT_FLAGS for i in (59, 61, 64, 66, 69, 71)},
    "etl.detect.farrington.x__fit_batch__mutmut_96": "a missing week enters the maximum as y = 0, and counts are >= 0: "
                                                     "the same largest count",
    "etl.detect.farrington.x__fit_batch__mutmut_100": "a comparison with NaN raises no 'invalid' flag: the errstate "
                                                      "only guards",
    "etl.detect.farrington.x__fit_batch__mutmut_124": "None for False: the flag is only tested for truth",
    "etl.detect.farrington.x__fit_into__mutmut_2": "astype(None) is astype(float64)",
    "etl.detect.farrington.x__fit_into__mutmut_12": "a missing week's y is only ever multiplied by its weight 0 or "
                                                    "masked by pw > 0: 1 there instead of 0 changes no sum",
    "etl.detect.farrington.x_farrington__mutmut_32": "astype(None) is astype(float64)",
    "etl.detect.farrington.x_farrington__mutmut_47": "nansum for 'propagate' too: the propagate guard then clears every "
                                                     "window with a missing week, what the plain sum's NaN gave",
    "etl.detect.farrington.x_farrington__mutmut_145": "fitting the first two series of an all-zero group: the loop "
                                                      "after it copies the first one's values onto the whole group",
    # dashboard/queries
    **{f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_{i}": "merge on the shared columns: kode_pkm is the only "
       "one ('nama' is not in the skipped frame)" for i in (33, 36)},
    f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_37": "an inner merge: every skipped Puskesmas comes from the "
                                                             "kabupaten's fasilitas rows, so each has its name",
    **{f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_{i}": _CACHE_LABEL for i in (46, 47)},
    **{f"{_DQ}{name}": _SQL_CASE for name in ("pws.x_annual_target__mutmut_7", "pws.x_annual_target__mutmut_8")},
    **{f"{_DQ}{name}": _PARAM_CASE for name in ("pws.x_annual_target__mutmut_10", "pws.x_months__mutmut_8",
       "unggah.x_foreign_facilities__mutmut_11", "unggah.x_quarantine_rows__mutmut_11",
       "unggah.x_quarantine_rows__mutmut_28")},
    **{f"{_DQ}common.x_page_context__mutmut_{i}": _CACHE_LABEL
       for i in (6, 10, 11, 32, 36, 37, 41, 45, 46, 50, 54, 55, 59, 63, 64, 68, 72, 73)},
    **{f"{_DQ}common.x_desa_points__mutmut_{i}": _CACHE_LABEL for i in (9, 10)},
    f"{_DQ}common.x_desa_points__mutmut_17": _PARAM_CASE,
    **{f"{_DQ}alerts.x_{name}": _PARAM_CASE for name in (
        "count_all__mutmut_8", "puskesmas_points__mutmut_7", "kecamatan__mutmut_8", "alert_detail__mutmut_41",
        "alert_detail__mutmut_49", "event_desa_weeks__mutmut_7", "event_desa_weeks__mutmut_9")},
    f"{_DQ}alerts.x_sources_frame__mutmut_33": _PARAM_CASE,
    **{f"{_DQ}alerts.x_event_detail__mutmut_{i}": _PARAM_CASE for i in (19, 27, 35)},
    f"{_DQ}alerts.x__detail_row__mutmut_15": _PARAM_CASE,
    # dashboard/metrics
    # numbered as of 2026-11-30 (frame's error message moved into the text table renumbered its mutants)
    **{f"dashboard.metrics.alerts.x_frame__mutmut_{i}": "the response_ok Series without out's index: out comes from "
       ".df() with the RangeIndex 0..n-1 a new Series gets by default" for i in (60, 63)},
    **{f"dashboard.metrics.alerts.x_frame__mutmut_{i}": _STRICT for i in (76, 80, 83)},
    **{f"dashboard.metrics.alerts.x_frame__mutmut_{i}": _PARAM_CASE for i in (34, 36, 38, 40, 43)},
    **{f"dashboard.metrics.completeness.x_{name}": _PARAM_CASE for name in (
        "not_reported__mutmut_6", "not_reported__mutmut_8", "not_reported__mutmut_11", "desa_gaps__mutmut_23",
        "desa_reported__mutmut_7")},
    **{f"dashboard.metrics.completeness.x_desa_reported__mutmut_{i}": "etl.reporting.desa_status has a row for "
       "every desa of the kabupaten (its grid), the desa DESA_SQL reads: the left merge finds each, the fillna of "
       "the status never fills" for i in (22, 28, 29, 30, 33, 34)},
    "dashboard.metrics.completeness.x_desa_gaps__mutmut_44": "fasilitas.nama is NOT NULL and `pws facilities` "
                                                            "refuses a melapor_lewat that is not a known Puskesmas: "
                                                            "a missing reporter always has a name",
    **{f"dashboard.metrics.completeness.x_desa_reported__mutmut_{i}": "merge on the shared columns: kode_desa is "
       "the only one" for i in (18, 21)},
    **{f"dashboard.metrics.completeness.x_by_puskesmas__mutmut_{i}": "a Puskesmas's own code dropped by where(): "
       "the fillna after it puts it back (a Puskesmas has no kode_induk)" for i in (33, 35)},
    **{f"dashboard.metrics.completeness.x_by_puskesmas__mutmut_{i}": "the fillna skipped: `pws facilities` refuses "
       "a Pustu without kode_induk, and a Puskesmas already has its own code from where()" for i in (46, 47, 48)},
    "dashboard.metrics.completeness.x_desa_gaps__mutmut_70": "the sort key 0/1 as float sorts as 0/1 as int; the "
                                                            "column is not returned",
    **{f"dashboard.metrics.completeness.x_desa_gaps__mutmut_{i}": "the old index kept as a column: the function "
       "returns named columns only, on the new RangeIndex" for i in (77, 85)},
    **{f"dashboard.metrics.completeness.x__grouped__mutmut_{i}": "the groups' order: both callers sort the result "
       "again (by_kabupaten by kode_kab, by_puskesmas by nama)" for i in (9, 11, 12)},
    **{f"dashboard.metrics.completeness.x__grouped__mutmut_{i}": "the int cast into other columns: a group's size "
       "and the sum of a bool column are int64 already" for i in range(26, 32)},
    **{f"dashboard.metrics.completeness.x__grouped__mutmut_{i}": _STRICT for i in (48, 56, 66, 69, 74)},
    **{f"dashboard.metrics.completeness.x_by_kabupaten__mutmut_{i}": _PARAM_CASE for i in (12, 14, 16, 19)},
    **{f"dashboard.metrics.completeness.x_by_kabupaten__mutmut_{i}": "a percentage Series without out's index: out "
       "comes from .df() with the RangeIndex 0..n-1 a new Series gets by default" for i in (25, 28, 49, 52)},
    **{f"dashboard.metrics.completeness.x__facility_weeks__mutmut_{i}": _PARAM_CASE for i in (12, 14, 16, 19)},
    **{f"dashboard.metrics.completeness.x__facility_weeks__mutmut_{i}": "the bool cast into another column: "
       "reported and on_time are coalesce(..., false), BOOLEAN NOT NULL, a bool column already"
       for i in (22, 23, 28, 29)},
    **{f"dashboard.metrics.completeness.x_by_kabupaten__mutmut_{i}": _STRICT for i in (36, 39, 44, 60, 63, 68)},
    **{f"dashboard.metrics.pws.x_status__mutmut_{i}": _PARAM_CASE for i in (30, 37, 39, 48, 50, 57, 59)},
    "dashboard.metrics.pws.x_status__mutmut_45": "months read from January two years back: every use of them selects "
    "this year's months, last year's forms from its January, or one month's label, so the older rows are never read",
    **{f"dashboard.metrics.pws.x_status__mutmut_{i}": _STRICT for i in (146, 150, 156, 345, 348, 349)},
    "dashboard.metrics.pws.x__form_sasaran__mutmut_17": "the empty result typed object instead of float: it is "
    "only reindexed and filled from the float population Series, so the same float values (in an object column, "
    "whose percentages, comparisons and rounding give the same numbers)",
    "dashboard.metrics.pws.x__form_sasaran__mutmut_29": "astype(None) is astype(float64): numpy reads a None dtype "
                                                        "as float64",
    "dashboard.metrics.pws.x_status__mutmut_188": "January's form sasaran of last year searched from January two "
    "years back: MONTHLY_SQL reads months from January of last year on, so the same rows",
    **{f"dashboard.metrics.pws.x_status__mutmut_{i}": "np.select's default (None, 'XXXX' instead of ''): it lands "
       "only where this or last month is missing (NaN compares false), which the next line sets to '' anyway"
       for i in (268, 282)},
    "dashboard.metrics.pws.x_status__mutmut_290": "'either month known' instead of 'both': where one is NaN every "
    "comparison of np.select is false, so the trend is its default '' either way",
    "dashboard.metrics.pws.x_summary__mutmut_30": "a missing status column added as None instead of 0: the "
    "fillna(0) after the reindex makes it 0",
    **{f"dashboard.metrics.pws.x_summary__mutmut_{i}": "the fillna after the reindex emptied (None fills nothing, "
       "1): no cell is empty there, as the pivot fills with 0, the added columns are 0, and every indicator of the "
       "frame is a row of the pivot (a desa without status counts as tanpa_data)" for i in (39, 41)},
    **{f"dashboard.metrics.pws.x_summary__mutmut_{i}": "the pivot's fill_value dropped: the fillna(0) after the "
       "reindex fills the same empty cells with 0" for i in (6, 11)},
    "dashboard.metrics.pws.x_summary__mutmut_44": "the column axis named '' instead of None: neither prints a name, "
                                                  "no caller reads it",
    "dashboard.metrics.periods.x_week__mutmut_1": "a Week rebuilt from its year and week: an equal Week (immutable, "
                                                "compared by value), where the original returns the same one",
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": _PARAM_CASE for i in (17, 19, 21, 100, 102, 104, 150)},
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": _STRICT for i in (110, 113, 114, 133, 136, 137)},
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": "every ranked desa has cases in the week, so a row of the "
       "table: the default of known.get is never used" for i in (117, 119)},
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": "merge on the shared columns: kode_desa is the only one"
       for i in (153, 156)},
    "dashboard.metrics.top.x_villages__mutmut_157": "an inner merge: laporan_mingguan.kode_kab is the desa's own "
                                                    "kabupaten (dkab, from the desa master), so every ranked desa is "
                                                    "a row of the kabupaten's desa",
    "dashboard.metrics.top.x_villages__mutmut_50": "the pivot's default mean: CASES_SQL already sums per desa-week, "
                                                   "one value per cell, whose mean is itself",
    f"{_DQ}alerts.x__detail_row__mutmut_31": "no desa is coded 'XXXX': the names query finds none either way",
    **{f"{_DQ}alerts.x_alert_list__mutmut_{i}": "alert.desa_codes is NOT NULL: there is nothing to fill"
       for i in (26, 29)},
    f"{_DQ}alerts.x_sources_frame__mutmut_26": "the file query run with no id finds no file: {} either way",
    f"{_DQ}alerts.x_act_event__mutmut_14": "reader(db_path) opens the snapshot the app's Warehouse serves: the same "
                                           "rows (the app's cursor only saves an open)",
    **{f"{_DQ}alerts.x_act_event__mutmut_{i}": "the event and its steps are read past any overlay (etl.ops.link."
       "table, the store): an overlay on the look-up cursor changes neither" for i in (17, 18)},
    f"{_DQ}alerts.x_alert_detail__mutmut_28": "sources_frame reads anything but a list as no sources: None and [] "
                                              "give the same empty frame",
    f"{_DQ}unggah.x_foreign_facilities__mutmut_3": "the early return only saves a query: no code finds no row, and "
                                                   "a national scope may see every kabupaten found",
    f"{_DQ}pws.x_table__mutmut_26": "round(2) of the difference of two percentages already rounded to 0.1: the "
                                    "same one-decimal value",
    # dashboard/queries/peta.py
    **{f"{_DQ}peta.x_{name}": _PARAM_CASE for name in ("desa_geojson__mutmut_8", "kecamatan_geojson__mutmut_8",
                                                      "kecamatan_geojson__mutmut_18", "desa_info__mutmut_8")},
    **{f"{_DQ}peta.x_{name}": _PARAM_CASE for name in (
        "desa_alerts__mutmut_7", "desa_alerts__mutmut_10", "desa_reports__mutmut_7", "desa_reports__mutmut_9",
        "desa_reports__mutmut_11", "desa_reports__mutmut_14",
        "desa_series__mutmut_9", "desa_series__mutmut_17", "desa_series__mutmut_19")},
    **{f"{_DQ}peta.x__simplified__mutmut_{i}": _STRICT for i in (25, 28, 29)},
    f"{_DQ}peta.x__feature_collection__mutmut_17": "json's item separator 'XX,XX' instead of ',' in a feature's "
    "properties: they hold one key at most ({'kec': ...} or {}), so no item separator is ever written",
    **{f"{_DQ}peta.x_desa_info__mutmut_{i}": _STRICT for i in (21, 24, 35)},
    **{f"{_DQ}peta.x_desa_series__mutmut_{i}": "the weeks' Series without dtype=str: pandas 3 infers str from week "
       "text, and an empty Series is object, on which .str and astype(int) work the same (no weeks, no rows)"
       for i in (31, 33)},
    **{f"{_DQ}peta.x_desa_series__mutmut_{i}": "year / week_no as float64 (astype(None)) instead of int: the one "
       "reader, figures.series, compares them, groups by them and prints int(year): the same figure"
       for i in (37, 44)},
    **{f"{_DQ}peta.x_{name}": "None instead of NaN for a missing count: both are missing to pandas (isna, notna, "
       "min/max and arithmetic skip or propagate them) and null in the figure's JSON"
       for name in ("_indicator_values__mutmut_8", "desa_series__mutmut_72", "_case_values__mutmut_43")},
    f"{_DQ}peta.x__case_values__mutmut_48": "the outer np.where made a no-op: a desa not reported has 'tidak_lapor' "
    "as its reporting status already, and no rows of the syndrome (a current row would make it reported), so the "
    "inner np.where gives it 'tidak_lapor' too",
    **{f"{_DQ}peta.x_desa_coverage__mutmut_{i}": _SQL_CASE for i in (26, 29, 30)},
    **{f"{_DQ}peta.x_{name}": _PARAM_CASE for name in ("latest_month__mutmut_7", "latest_month__mutmut_9",
                                                      "_weekly_cases__mutmut_6", "_weekly_cases__mutmut_8",
                                                      "_weekly_cases__mutmut_10", "_weekly_cases__mutmut_12",
                                                      "desa_frame__mutmut_7", "desa_frame__mutmut_9")},
    **{f"{_DQ}peta.x__weekly_cases__mutmut_{i}": _CACHE_LABEL for i in (27, 28)},
    **{f"{_DQ}peta.x_map_values__mutmut_{i}": _CACHE_LABEL for i in (19, 20)},
    **{f"{_DQ}peta.x_map_values__mutmut_{i}": _PARAM_CASE for i in (45, 47, 51, 54, 56)},
    **{f"{_DQ}peta.x_map_values__mutmut_{i}": "the fill of a desa without facility counts changed (None fills "
       "nothing, 1): desa_status_range has a row, with both counts, for every desa of the kabupaten"
       for i in (108, 112)},
    f"{_DQ}peta.x_map_values__mutmut_48": "an indicator map's outlines asked for the indicator's code instead of "
    "NULL: no event has an indicator code (K1, ...) as its syndrome, and NULL matches none either: 0 outlines",
    **{f"{_DQ}peta.x__case_values__mutmut_{i}": "the fill of a missing status changed: desa_status_range has a row "
       "for every desa of the kabupaten (a reversed range raises before), so no desa of the map lacks a status"
       for i in (7, 10, 11)},
    f"{_DQ}peta.x__case_values__mutmut_6": "to_numpy without dtype=object: a str column with no missing value "
                                           "gives an object array of the same texts",
    f"{_DQ}peta.x__case_values__mutmut_24": "the counts' own dtype kept (to_numpy without float): float64 when a "
    "desa has no sum (NaN), else int64, on which np.isnan and the np.where into floats give the same numbers",
    **{f"{_DQ}peta.x__case_values__mutmut_{i}": "a result Series without the map's index: that index is desa_frame's "
       "default RangeIndex (a .df() frame, copied), which a Series of the same length gets too"
       for i in (66, 68, 70, 72)},
    f"{_DQ}peta.x__case_values__mutmut_17": "fillna(None) fills nothing (pandas 3): a desa without rows is NaN, and "
                                            "NaN > 0 is False, as 0 > 0",
    f"{_DQ}peta.x__case_values__mutmut_2": "the reindex by the map's desa dropped: the counts already hold every "
    "desa of the kabupaten, once, sorted by kode_desa (groupby, outer join), the order of desa_frame's ORDER BY "
    "kode_desa, and are then read by position",
    f"{_DQ}peta.x__weekly_cases__mutmut_43": "a left join of the cases instead of an outer one: desa_status_range has "
    "a row for every desa of the kabupaten (desa x week), and a report row's kode_kab is its desa's kabupaten, so "
    "the outer join adds no row (and with no weeks both are empty); _case_values reindexes by the map's desa",
    **{f"{_DQ}peta.x__eb__mutmut_{i}": "astype(None) is astype(float64): numpy reads a None dtype as float64"
       for i in (22, 25)},
    f"{_DQ}peta.x__weekly_cases__mutmut_3": "_weekly_cases' own default for get, never used: its only caller, "
                                            "map_values, always passes one (the app's cache or its own lambda)",
    **{f"{_DQ}peta.x__eb__mutmut_{i}": "the result Series started empty (None, no data: object) instead of NaN: the "
       "desa not smoothed stay missing (isna), the others get the same floats, and round(2) rounds them the same"
       for i in (13, 15)},
    f"{_DQ}peta.x_desa_coverage__mutmut_35": "an inner merge instead of a left one: pws.status has a row for every "
    "desa x indicator of the catalogue, so every klaster 2-3 indicator finds the desa's row (inner keeps the left "
    "order)",
    f"{_DQ}peta.x_desa_series__mutmut_50": "astype(None) is astype(float64): numpy reads a None dtype as float64",
    f"{_DQ}peta.x_desa_series__mutmut_59": "fillna(None) fills nothing (pandas 3): a week without rows is NaN, and "
                                           "NaN > 0 is False, as 0 > 0",
    f"{_DQ}peta.x__simplified__mutmut_34": "preserve_topology=True dropped: it is shapely's default",
    f"{_DQ}peta.x__simplified__mutmut_45": "the original kept when the simplified outline is empty, dropped: a "
    "topology-preserving simplification never empties a non-empty polygon (a desa far under the tolerance "
    "becomes a triangle), and an empty one stays the same empty one",
    # dashboard/queries/perbandingan.py (full run of 0adedc2+3303ac2, 20:12-): read on 2026-11-29 20:30
    **{f"{_DQ}perbandingan.x_kabupaten_geojson__mutmut_{i}": _SQL_CASE for i in (4, 5, 7, 8)},
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": _PARAM_CASE for i in (38, 40, 42, 44, 51, 53, 55, 57)},
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": _STRICT for i in (181, 184, 189, 201, 204, 209)},
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": "the empty frame's columns given None instead of []: no rows, "
       "the same columns" for i in (22, 23, 24, 25)},
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": "merge on the shared columns: kode_kab and week are the only ones"
       for i in (60, 63, 66, 69, 127, 130)},
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": "the concatenated frame's index is never read: the groupby after "
       "it builds its own" for i in (97, 99, 100)},
    f"{_DQ}perbandingan.x_series__mutmut_139": "fillna(None) leaves NaN, and NaN > 0 is False, as 0 > 0",
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": "kasus is float64 already (DuckDB's sum is a HUGEINT, which pandas "
       "receives as float64, and the left merge keeps it; checked): the astype's result dropped or astype(None) "
       "gives the same column" for i in (146, 147, 148)},
    f"{_DQ}perbandingan.x_series__mutmut_167": "astype(None) is astype(float64)",
    **{f"{_DQ}perbandingan.x_series__mutmut_{i}": "periods.pct(r, e) is None when e is 0 and NaN when e is NaN: "
       "what the guard gives" for i in (174, 194)},
    **{f"{_DQ}perbandingan.x_comparison__mutmut_{i}": _CACHE_LABEL for i in (
        13, 14, 16, 38, 42, 43, 45, 61, 65, 66, 68, 83, 84, 86, 105, 106, 108)},
    **{f"{_DQ}perbandingan.x_comparison__mutmut_{i}": _PARAM_CASE for i in (32, 34, 36, 53, 55, 95, 128)},
    **{f"{_DQ}perbandingan.x_comparison__mutmut_{i}": "astype(None) is astype(float64)" for i in (146, 154, 168, 236)},
    f"{_DQ}perbandingan.x_comparison__mutmut_181": "None stored in a float column is NaN",
    **{f"{_DQ}perbandingan.x_comparison__mutmut_{i}": "completeness.by_kabupaten gives every kabupaten asked for a "
       "row (0 when no facility is expected: a LEFT JOIN from kabupaten), and the kabupaten asked for come from that "
       "table: nothing to fill (with 0, 1 or None)" for i in (226, 230)},
    f"{_DQ}perbandingan.x_comparison__mutmut_256": "funnel.classify's default per is 100,000, PER",
    **{f"{_DQ}perbandingan.x_comparison__mutmut_{i}": "funnel.classify treats a missing or non-positive size as 1 "
       "(its 'safe'), and a missing rate has no zone: fillna(None), (0) and (1) give the same zones" for i in (259, 262)},
    f"{_DQ}perbandingan.x_comparison__mutmut_271": "rank(ascending=None) ranks descending, as False (checked)",
    f"{_DQ}perbandingan.x_comparison__mutmut_287": "na_position='last' is sort_values' default",
    f"{_DQ}perbandingan.x_overall_rate__mutmut_2": "a rate is missing exactly when the covered population is missing "
                                                   "or 0 (_rate), so '|' selects the same rows as '&'",
    **{f"{_DQ}perbandingan.x__rate__mutmut_{i}": "astype(None) is astype(float64)" for i in (4, 5)},
    f"{_DQ}perbandingan.x_overall_pct__mutmut_3": "the sum of an empty frame's column is 0: the guard gives the same",
    f"{_DQ}perbandingan.x_overall_pct__mutmut_9": "periods.pct(n, 0) is None: what the guard gives",
    **{f"{_DQ}perbandingan.x_reference__mutmut_{i}": "the user name of the internal all-kabupaten scope: a label no "
       "rule reads (its role decides what it sees)" for i in (3, 7, 8)},
    **{f"{_DQ}perbandingan.x_reference__mutmut_{i}": "no cache passed: the same frame computed again" for i in (18, 26)},
    # read 2026-11-30 after `--only` runs of the functions changed since the recorded runs (renumbered mutants)
    **{f"etl.facts.x_{name}": _PARAM_CASE for name in ("supersede__mutmut_7", "retire_inserted__mutmut_12")},
    "etl.facts.x_retire_inserted__mutmut_3": _SQL_CASE,
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_69": "n=3 dropped: 3 is get_close_matches' default",
    "etl.validate_master.xǁMasterǁdesa_for__mutmut_53": "_in_area never reads its 'shown' argument",
    **{f"{_DQ}alerts.x_event_list__mutmut_{i}": "another language than 'en' (a default 'XXidXX' or 'ID', None, or "
       "events_frame's own default 'id'): etl.messages.msg gives Indonesian for every language but 'en'"
       for i in (1, 2, 10, 16)},
    f"{_DQ}alerts.x_event_list__mutmut_30": "a method filter is only applied when given (non-empty): no method "
                                            "name is '' or 'XXXX', so an event without methods matches neither",
    **{f"{_DQ}alerts.x_event_list__mutmut_{i}": "kejadian.desa_codes is NOT NULL (migration 10): fillna never fills"
       for i in (34, 37)},
    **FASTPATH,
    **VALIDATE,
}
