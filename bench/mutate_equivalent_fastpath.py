"""Surviving mutants of etl/fastpath.py read and judged equivalent (merged into bench.mutate_equivalent's
EQUIVALENT): the module's every mutant was checked on 2026-11-29 (17:00-17:46 and 19:00-20:10)."""

from __future__ import annotations

from bench.mutate_reasons import _PARAM_CASE, _SQL_CASE

FASTPATH: dict[str, str] = {
    # etl/fastpath.py (partial run, 221 of 437 checked, 3575db8): read on 2026-11-29 17:52
    **{f"etl.fastpath.x_{name}": _PARAM_CASE for name in (
        "_aggregate__mutmut_14", "_aggregate__mutmut_22", "_validate_and_insert__mutmut_36",
        "_validate_and_insert__mutmut_64", "finish__mutmut_22", "finish__mutmut_45", "finish__mutmut_92",
        "finish__mutmut_94")},
    **{f"etl.fastpath.x_{name}": _SQL_CASE for name in (
        "_validate_and_insert__mutmut_40", "_validate_and_insert__mutmut_41", "_validate_and_insert__mutmut_49",
        "finish__mutmut_101", "finish__mutmut_102", "finish__mutmut_13", "finish__mutmut_36", "finish__mutmut_37",
        "finish__mutmut_78")},
    **{f"etl.fastpath.x__validate_and_insert__mutmut_{i}": "a wide file's map values read from its 5M cells (the "
       "general distinct scan) instead of its lines: the same values, only slower (bench_etl measures the speed)"
       for i in (9, 13, 18)},
    # etl/fastpath.py, the rest of that run (--again, 19:00-): read on 2026-11-29 19:40
    **{f"etl.fastpath.x__validate_and_insert__mutmut_{i}": _SQL_CASE for i in (84, 85)},
    "etl.fastpath.x__validate_and_insert__mutmut_67": "'<=' for '<': when every row was inserted the rows a map "
                                                       "marks bad are none, so cls is empty either way (only slower)",
    **{f"etl.fastpath.x_{name}": "the reason NotFast carries goes only to the log line 'fast path not taken' "
       "(the full validation then runs and reports the file as ever)" for name in (
        "load__mutmut_24", "_stage__mutmut_13", "_stage__mutmut_15", "_stage__mutmut_50", "_stage__mutmut_51")},
    **{f"etl.fastpath.x_{name}": _SQL_CASE for name in (
        "_stage__mutmut_21", "_stage__mutmut_31", "_stage__mutmut_48", "_stage__mutmut_49")},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "pyarrow's default block size (1 MiB) for BLOCK_SIZE: the same "
       "table, parsed in other chunks (speed only)" for i in (12, 15)},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "None for (or no) ParseOptions value: pyarrow takes its "
       "default, which is the value given ('\"', True, False, False; checked)" for i in (17, 18, 19, 20, 23)},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "a ParseOptions/ConvertOptions argument left out or None "
       "where the value given is pyarrow's default (double_quote True, escape_char False, newlines_in_values False, "
       "quoted_strings_can_be_null True; checked)" for i in (24, 25, 26, 36, 40)},
    "etl.fastpath.x__numbered_rows__mutmut_31": "newlines_in_values True: a quoted line break then makes fewer rows "
                                                "than lines, which _stage already turns into NotFast (the full "
                                                "validation); without one the same table",
    "etl.fastpath.x__numbered_rows__mutmut_49": _SQL_CASE + " (the sid column named SID)",
    "etl.fastpath.x__unregister__mutmut_1": "suppress(None) for suppress(duckdb.Error): unregister never raises, "
                                            "not even for a name never registered (checked), so nothing is suppressed",
    **{f"etl.fastpath.x__unregister__mutmut_{i}": "another name unregistered: the file's Arrow table stays registered "
       "until the next file registers its own under the same name or the command's connection closes (memory held "
       "a little longer; nothing read or written differs)" for i in (3, 4)},
    **{f"etl.fastpath.x__numbered_rows__mutmut_{i}": "np.arange's default dtype is int64 on this platform (checked): "
       "the same sid column" for i in (53, 56)},
    "etl.fastpath.x_drop__mutmut_3": _SQL_CASE,
    **{f"etl.fastpath.x_drop__mutmut_{i}": _SQL_CASE for i in (4, 7, 8, 11, 12, 15, 16)},
    **{f"etl.fastpath.x_drop__mutmut_{i}": "the file's raw-SQL entry left in _STATE: only finish() of the same file "
       "reads it, and the next file's _stage overwrites it before its finish()" for i in (18, 21, 22)},
    **{f"etl.fastpath.x_{name}": "the code mutated is gone (f2bc72a): prepare() loaded the master list itself when "
       "none was given, and load() called it so; no caller ever did (load_files always passes it)" for name in (
        "prepare__mutmut_4", "prepare__mutmut_5", "prepare__mutmut_6", "prepare__mutmut_7",
        "load__mutmut_1", "load__mutmut_2", "load__mutmut_3", "load__mutmut_4")},
}
