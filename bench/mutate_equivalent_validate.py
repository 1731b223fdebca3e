"""Surviving mutants of etl/validate.py read and judged equivalent (merged into bench.mutate_equivalent's
EQUIVALENT). The whole list was read again on 2026-11-30 (07:20-07:45 UTC) for the first full run of the module
(770 mutants, the module as of 9728f82, 06:23-07:42 UTC with a restart under --again): every name below is a
survivor of that run (the earlier list, from a partial run of 364 of 757 mutants, is replaced, since the changed
_place_map renumbered its mutants). Two other survivors were real gaps, killed by new tests in
tests/unit/test_mut_etl_validate.py: _catalogue_map n=4 (a hint names the 3 closest labels' codes) and _format's
'tahun' for a monthly file (its rows vanished when the file had a tahun column). After the run, _period_map and
_format changed (a monthly tahun column is now read, with the month as 'Mei' or 5): their mutants are renumbered, so
their names were left out until their mutants ran again: `bench.mutate --only` on 2026-11-30 09:27-09:32 UTC ran the
120 mutants of _period_map and _format on the module as changed (the other 633 keep the recorded verdicts, their
functions unchanged): 109 killed, the 11 survivors read and listed below under _period_map."""

from __future__ import annotations

from bench.mutate_reasons import _PARAM_CASE, _SQL_CASE, _STRICT

_V = "etl.validate.x_"
_NAME_CASE = ("a table, view, registered frame or column named in another case: DuckDB matches names "
              "case-insensitively")
_CACHED = ("the connection not passed to _distinct: build_maps fetched every set's values first (_fetch_distinct), "
           "so the look-up answers from _FETCHED and never uses it")
_FIELD_CASE = ("a field named in another case for _distinct: not the key _FETCHED holds, so its values are read again "
               "by SQL over stg, whose column names are case-insensitive: the same values, one scan more")
_NONE_KEY = ("a map row's key whose value is None renamed: pandas builds the frame from the column list, so that "
             "column is None either way (and the stray key is dropped)")

VALIDATE: dict[str, str] = {
    **{f"{_V}{name}": _NAME_CASE for name in (
        "distinct_values__mutmut_2", "rows_sql__mutmut_2", "_map__mutmut_6", "_map__mutmut_10",
        "_place_map__mutmut_86", "_catalogue_map__mutmut_126", "_received_map__mutmut_71",
        "_build_maps__mutmut_29", "_build_maps__mutmut_45", "_build_maps__mutmut_61", "_build_maps__mutmut_77",
        *(f"_place_map__mutmut_{i}" for i in (3, 5, 7, 9, 11, 13, 15, 17, 19, 21)), "_period_map__mutmut_96")},
    f"{_V}_map__mutmut_9": "unregistering a name never registered is a no-op, and the next register of _map_frame "
                           "replaces the frame",
    **{f"{_V}{name}": _FIELD_CASE for name in (
        "_place_map__mutmut_33", "_period_map__mutmut_12", "_period_map__mutmut_14", "_period_map__mutmut_44",
        "_period_map__mutmut_46",
        "_place_map__mutmut_35", "_place_map__mutmut_37", "_catalogue_map__mutmut_5", "_catalogue_map__mutmut_10",
        "_received_map__mutmut_7", "_build_maps__mutmut_31", "_build_maps__mutmut_47", "_build_maps__mutmut_63",
        "_build_maps__mutmut_79")},
    **{f"{_V}{name}": _CACHED for name in (
        "_place_map__mutmut_24", "_catalogue_map__mutmut_22",
        "_received_map__mutmut_2", "_value_map__mutmut_2", "_period_map__mutmut_5", "_period_map__mutmut_37")},
    **{f"{_V}{name}": _NONE_KEY for name in (
        "_catalogue_map__mutmut_36", "_catalogue_map__mutmut_37",
        "_catalogue_map__mutmut_38", "_catalogue_map__mutmut_39", "_catalogue_map__mutmut_44",
        "_catalogue_map__mutmut_45", "_catalogue_map__mutmut_94", "_catalogue_map__mutmut_95",
        "_period_map__mutmut_60", "_period_map__mutmut_61")},   # a monthly row's period_start: None either way
    **{f"{_V}_period_map__mutmut_{i}": "period_start left as built (datetime.date, None for a bad week; all None for "
       "a monthly file), the converted copy in another column no SQL reads: DuckDB reads them as DATE / NULL, the "
       "same values (an all-None column is typed NULL instead of TIMESTAMP_S; every use of it is NULL either way)"
       for i in (84, 85)},
    **{f"{_V}_received_map__mutmut_{i}": "ts left as built (Python datetimes, None for a blank), the converted copy "
       "in another column no SQL reads: DuckDB reads them as TIMESTAMP / NULL, and coalesce(r.ts, $received) "
       "falls back the same way" for i in (59, 60)},
    **{f"{_V}_value_map__mutmut_{i}": "val left as parsed (Python numbers, None for missing), the converted copy in "
       "another column no SQL reads: DuckDB reads them as numbers / NULL, cast on insert the same" for i in (34, 35)},
    f"{_V}_value_map__mutmut_39": "errors='coerce' dropped: the parsers give numbers or None, nothing to coerce",
    **{f"{_V}_place_map__mutmut_{i}": "a facility's verdict not taken from the per-file cache (None, or the key "
       "None, which no facility has): master.facility computes the same verdict again" for i in (38, 39)},
    f"{_V}_place_map__mutmut_49": "an empty desa code looked up as 'XXXX' instead of '': no desa has either code",
    f"{_V}_catalogue_map__mutmut_28": "an empty cell looked up too: normalise_label('') is '', which is no alias, "
                                      "so kode is None either way",
    f"{_V}_catalogue_map__mutmut_72": "n=3 dropped: difflib.get_close_matches' default n is 3",
    f"{_V}_catalogue_map__mutmut_73": "cutoff=0.6 dropped: difflib.get_close_matches' default cutoff is 0.6",
    f"{_V}_received_map__mutmut_10": "parse_date('') is None: a blank cell parsed anyway gives no date either way",
    f"{_V}_received_map__mutmut_38": "a good date's row given the bad-date reason too: the row SQL reads a map's "
                                     "alasan only where its code is set, and a good date's code is None",
    **{f"{_V}build_maps__mutmut_{i}": "the caller's distinct function (a wide file's from its lines, a long "
       "file's from the parsed Arrow table) dropped: the general scan over stg gives the same values "
       "(tests/integration/test_etl_fastpath_distinct.py holds them equal), only slower" for i in (4, 7)},
    f"{_V}suspect_rows_sql__mutmut_16": "the row SQL over all of stg instead of only the suspect rows: the caller "
    "keeps the rows whose code is set, the same bad rows; only slower",
    **{f"{_V}distinct_values__mutmut_{i}": "rows' starting value never read: the empty grouping set always gives a "
       "row, with count 0 on an empty relation (checked)" for i in (19, 20)},
    **{f"{_V}distinct_values__mutmut_{i}": _STRICT for i in (28, 31, 32)},
    f"{_V}distinct_values__mutmut_36": "break instead of continue at the empty grouping set's row: DuckDB returns "
    "it last (checked on 3M rows in 2 threads, 20 runs, 4 grouping sets), so the loop has nothing left to read",
    **{f"{_V}{name}": _PARAM_CASE for name in (
        "classify__mutmut_14", "mark_duplicates__mutmut_7", "mark_duplicates__mutmut_12", "mark_duplicates__mutmut_17",
        "mark_duplicates__mutmut_22", "rows_sql__mutmut_20", "rows_sql__mutmut_24", "rows_sql__mutmut_28",
        "rows_sql__mutmut_32", "rows_sql__mutmut_36")},
    **{f"{_V}{name}": _SQL_CASE for name in (
        "line_maps_sql__mutmut_10", "suspect_rows_sql__mutmut_3", "suspect_rows_sql__mutmut_4",
        "suspect_rows_sql__mutmut_12")},
}
