"""The messages moved into the text tables (dashboard/i18n*.py, etl/messages.py) keep their Indonesian words
where nothing asks for a language (the CLI) and say them in English where a page or report is English."""

from __future__ import annotations

import pytest

from dashboard.i18n import said
from dashboard.metrics import periods
from dashboard.report.actions import ActionTableError, _parse
from dashboard.views import error_text


def test_period_error_on_an_english_page_is_english():
    with pytest.raises(periods.PeriodError) as reversed_span:
        periods.span("2025-W19", "2025-W10")
    assert str(reversed_span.value) == "minggu akhir 2025-W10 sebelum minggu awal 2025-W19"  # the CLI's words
    assert error_text(reversed_span.value, "en") == ("Invalid week '': last week 2025-W10 is before first week "
                                                     "2025-W19")
    assert error_text(reversed_span.value, "id") == ("Minggu '' tidak valid: minggu akhir 2025-W10 sebelum minggu "
                                                     "awal 2025-W19")
    with pytest.raises(periods.PeriodError) as bad_month:
        periods.month("2025-13")
    assert said(bad_month.value, "en") == "'2025-13' is not a month; write it like 2025-05"


def test_action_table_error_names_file_row_and_field_in_both_languages():
    with pytest.raises(ActionTableError) as exc:
        _parse("kode_sindrom,tenggat_jam,tindakan\nDIARE,nol,Kaporitisasi\n", "tl.csv", {"DIARE"})
    assert str(exc.value) == "tl.csv baris 2: tenggat_jam 'nol' harus bilangan bulat jam > 0"
    assert said(exc.value, "en") == "tl.csv row 2: tenggat_jam 'nol' must be a whole number of hours > 0"
    assert said(ValueError("plain"), "en") == "plain"  # a message without a key is shown as raised


def test_a_bad_week_in_the_url_gives_its_reason_in_the_page_language():
    from dashboard.params import BadWeek, week

    with pytest.raises(BadWeek) as impossible:
        week("2025-W54")
    assert impossible.value.message("id") == ("Minggu '2025-W54' tidak valid: minggu 54 tidak ada di tahun 2025 "
                                              "(tahun 2025 punya 53 minggu epidemiologi)")
    assert impossible.value.message("en").startswith("Invalid week '2025-W54': week 54 does not exist in 2025")
    with pytest.raises(BadWeek) as garbled:
        week("minggu lalu")
    assert "bukan minggu epidemiologi" in garbled.value.message("id")
    assert "bukan" not in garbled.value.message("en") and "2025-W19" in garbled.value.message("en")
