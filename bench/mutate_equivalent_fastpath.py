"""Surviving mutants of etl/fastpath.py read and judged equivalent (merged into bench.mutate_equivalent's
EQUIVALENT). mutmut numbers a function's mutants in order, so a changed function renumbers them: the whole list
was read again on 2026-11-30 (04:30-04:45 UTC) for the run of 03:47-04:40 (the module as of b1130d7, 532
mutants, 3,168 s), and every name below is a survivor of that run (the earlier lists, of 437 mutants at f624b16,
are replaced). Two of them were killed since by the --again run with new tests: they stay listed, unused."""

from __future__ import annotations

from bench.mutate_reasons import _PARAM_CASE, _SQL_CASE

FASTPATH: dict[str, str] = {
    **{f"etl.fastpath.x_{name}": _PARAM_CASE for name in (
        "_aggregate__mutmut_14", "_aggregate__mutmut_16", "_aggregate__mutmut_22", "_duplicates__mutmut_6",
        "_duplicates__mutmut_12", "_duplicates__mutmut_27", "_validate_and_insert__mutmut_43",
        "_validate_and_insert__mutmut_71", "finish__mutmut_22", "finish__mutmut_45", "finish__mutmut_92",
        "finish__mutmut_94")},
    **{f"etl.fastpath.x_{name}": _SQL_CASE for name in (
        "_aggregate__mutmut_5", "_aggregate__mutmut_6", "_duplicates__mutmut_24", "_duplicates__mutmut_25",
        "_duplicates__mutmut_30", "_duplicates__mutmut_31", "_validate_and_insert__mutmut_47",
        "_validate_and_insert__mutmut_48", "_validate_and_insert__mutmut_56", "_validate_and_insert__mutmut_91",
        "_validate_and_insert__mutmut_92", "_stage__mutmut_34", "_stage__mutmut_51", "_stage__mutmut_52",
        "finish__mutmut_13", "finish__mutmut_36", "finish__mutmut_37", "finish__mutmut_78", "finish__mutmut_101",
        "finish__mutmut_102", "drop__mutmut_3", "drop__mutmut_4", "drop__mutmut_7", "drop__mutmut_8",
        "drop__mutmut_11", "drop__mutmut_12", "drop__mutmut_15", "drop__mutmut_16")},
    "etl.fastpath.x__stage__mutmut_21": _SQL_CASE + " (the Arrow table registered as FAST_ARROW, read as fast_arrow)",
    **{f"etl.fastpath.x__validate_and_insert__mutmut_{i}": "a long file's map values read by the general distinct "
       "scan over stg (etl.validate.distinct_values) instead of from the parsed Arrow table: the same values "
       "(test_etl_fastpath_distinct holds the two equal), only slower; the table then leaves _STATE at drop()"
       for i in (9, 13)},
    "etl.fastpath.x__validate_and_insert__mutmut_74": "'<=' for '<': when every row was inserted the rows a map "
                                                       "marks bad are none, so cls is empty either way (only slower)",
    **{f"etl.fastpath.x__arrow_distinct__mutmut_{i}": "the table filtered by its all-blank-line mask even when "
       "the mask keeps every row: the same rows (a layout always has a column, so the mask is never None)"
       for i in (16, 18)},
    **{f"etl.fastpath.x__arrow_distinct__mutmut_{i}": "a file of blank lines only: the values found are never "
       "read, as build_maps builds no map for 0 rows and the fast path then gives the file up (NotFast)"
       for i in (33, 34)},
    **{f"etl.fastpath.x__distinct_keys__mutmut_{i}": "zip's strict check off: the decoded columns of one grouped "
       "table are equally long, and each key tuple has one value per column, so strict never fires"
       for i in (18, 21, 22, 23, 25, 26)},
    "etl.fastpath.x__stg_value__mutmut_3": "key.get('cNone') for a field with no column gives None, as the "
                                            "original's None does: then the title row's text or ''",
    **{f"etl.fastpath.x__stage__mutmut_{i}": "the reason NotFast carries goes only to the log line 'fast path not "
       "taken' (the full validation then runs and reports the file as ever)" for i in (13, 15, 53, 54)},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "None for (or no) ParseOptions value: pyarrow takes its "
       "default, which is the value given ('\"', True, False, False; checked)" for i in (17, 18, 19, 20, 23)},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "a ParseOptions/ConvertOptions argument left out or None "
       "where the value given is pyarrow's default (double_quote True, escape_char False, newlines_in_values False, "
       "quoted_strings_can_be_null True; checked)" for i in (24, 25, 26, 36, 40)},
    "etl.fastpath.x__numbered_rows__mutmut_31": "newlines_in_values True: a quoted line break then makes fewer rows "
                                                "than lines, which _stage already turns into NotFast (the full "
                                                "validation); without one the same table",
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "np.arange's default dtype is int64 on this platform (checked): "
       "the same sid column" for i in (53, 56)},
    "etl.fastpath.x__unregister__mutmut_6": "suppress(None) for suppress(duckdb.Error): unregister never raises, "
                                            "not even for a name never registered (checked), so nothing is suppressed",
    **{f"etl.fastpath.x__unregister__mutmut_{i}": "another name let go (the _STATE key, or the registered name): the "
       "file's Arrow table stays referenced until the next file registers and stores its own under the same names "
       "or the command's connection closes (memory held a little longer; nothing read or written differs)"
       for i in (1, 4, 5, 8, 9)},
    **{f"etl.fastpath.x_drop__mutmut_{i}": "the file's raw-SQL entry left in _STATE: only finish() of the same file "
       "reads it, and the next file's _stage overwrites it before its finish()" for i in (18, 21, 22)},
}
