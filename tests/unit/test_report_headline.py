"""Page 1 of the bulletin: the headline items in priority order, the incomplete-week guard, the trend
rule, the recommended-actions table and number formats (pure functions of plain values)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.report import actions, headline
from dashboard.report.sections import ranges, short_place
from dashboard.report.syndromes import rising, same_week_last_year
from dashboard.report.text import date_time, join_words, number, percent, signed

SENT = dt.datetime(2026, 11, 23, 8, 0)  # Monday after 2026-W46
CREATED = pd.Timestamp("2026-11-22 10:00")


def event(no, sindrom, nama, *, satu=False, tren="tetap", ini=5, lalu=5, pkm="Puskesmas A", desa="Desa X",
          kec="Kec A", status="baru", pkm_level=None):
    return {"no": no, "sindrom": sindrom, "nama_sindrom": nama, "satu_kasus": satu, "tren": tren,
            "kasus_minggu_ini": ini, "kasus_minggu_lalu": lalu, "nama_puskesmas": pkm, "nama_desa": desa,
            "nama_kec": kec, "status": status, "dibuat": CREATED, "puskesmas_peta": pkm_level, "klb": False}


def comp(received=130, expected=140):
    pct = round(100 * received / expected, 1)
    return {"expected": expected, "received": received, "completeness_pct": pct}


PKM = pd.DataFrame({"nama": ["Puskesmas A", "Puskesmas B"], "received": [5, 7], "expected": [7, 7],
                    "completeness_pct": [71.4, 100.0]})
TABLE = actions.load()


def test_priority_order_names_puskesmas_and_deadline():
    events = pd.DataFrame([
        event(1, "CAMPAK", "Tersangka campak", satu=True, ini=2, lalu=0, pkm="Puskesmas Campak"),
        event(2, "ILI", "ILI", tren="naik", ini=91, lalu=54, pkm="Puskesmas Bukit Dedai",
              pkm_level="P1"),
        event(3, "DIARE", "Diare akut", tren="turun", ini=3, lalu=20),
    ])
    items = headline.items(events, comp(), PKM, TABLE, week="2026-W46", sent=SENT)
    assert [i.kind for i in items] == ["segera", "naik", "lapor"]
    assert items[0].text.startswith("Tersangka campak (wajib lapor segera): 2 kasus di Desa X (Kec. Kec A).")
    assert "Langkah pertama: penyelidikan epidemiologi." in items[0].text
    assert items[0].who == "Puskesmas Campak" and items[0].deadline == "Selasa 24 Nov"  # 24 h after Monday 08:00
    assert items[1].text.startswith("ILI naik di wilayah Puskesmas Bukit Dedai (Kec. Kec A): 91 kasus minggu ini "
                                    "(minggu lalu 54 kasus).")
    assert items[1].deadline == "Kamis 26 Nov"  # ILI: 72 h
    assert items[2].text == "Laporan belum masuk dari 2 fasilitas di 1 Puskesmas (kelengkapan 92,9%)."
    assert items[2].who == "Puskesmas A (5/7)"
    assert all("Diare" not in i.text for i in items)  # a falling event is not headline news


def test_an_unreported_week_is_incomplete_never_quiet():
    items = headline.items(pd.DataFrame([], columns=list(event(1, "X", "X"))), comp(0, 140),
                           PKM.assign(received=[0, 0], completeness_pct=[0.0, 0.0]), TABLE, week="2026-W47",
                           sent=SENT)
    assert items[0].kind == "incomplete" and len(items) == 1
    assert items[0].text.startswith("MINGGU INI BELUM LENGKAP: baru 0 dari 140 fasilitas melapor (0,0%, di bawah "
                                    "batas baca 50,0%).")
    assert "tidak ada peringatan" not in items[0].text.lower().replace("tidak ada kejadian di bawah ini belum", "")
    assert items[0].who == "Puskesmas A (0/7) dan Puskesmas B (0/7)"
    english = headline.items(pd.DataFrame([], columns=list(event(1, "X", "X"))), comp(0, 140), PKM, TABLE,
                             week="2026-W47", sent=SENT, lang="en")
    assert english[0].text.startswith("THIS WEEK IS INCOMPLETE: only 0 of 140 facilities have reported")
    # the threshold is a setting: 92.9% is incomplete under 95%
    assert headline.items(pd.DataFrame([], columns=list(event(1, "X", "X"))), comp(), PKM, TABLE, week="2026-W46",
                          sent=SENT, min_completeness=95.0)[0].kind == "incomplete"


def test_quiet_week_and_old_notifiable_events_waiting():
    quiet = headline.items(pd.DataFrame([], columns=list(event(1, "X", "X"))), comp(140, 140),
                           PKM.assign(received=[7, 7]), TABLE, week="2026-W46", sent=SENT)
    assert [i.kind for i in quiet] == ["tenang"]
    old = pd.DataFrame([event(1, "CAMPAK", "Tersangka campak", satu=True, ini=0, lalu=1),
                        event(2, "AFP", "AFP (lumpuh layuh akut)", satu=True, ini=None, lalu=0, pkm="Puskesmas C")])
    items = headline.items(old, comp(140, 140), PKM.assign(received=[7, 7]), TABLE, week="2026-W46", sent=SENT)
    assert items[0].text == ("2 kejadian wajib lapor segera dari minggu sebelumnya (tersangka campak dan AFP (lumpuh "
                             "layuh akut)) belum diverifikasi.")
    assert items[0].who == "Puskesmas A dan Puskesmas C"


def test_rising_rule():
    assert rising(1188, 1004) and rising(23, 1)
    assert not rising(5, 1) and not rising(2, 0) and not rising(10, None) and not rising(None, 3)
    assert not rising(41, 34)
    assert same_week_last_year("2026-W46") == "2025-W46" and same_week_last_year("2026-W52") == "2025-W52"
    assert same_week_last_year("2020-W53") == "2019-W52"


def test_short_place_and_ranges():
    row = pd.Series({"nama_desa": "A;B;C", "nama_kec": "K1, K2", "puskesmas_peta": None, "nama_puskesmas": "P"})
    assert short_place(row, "id") == "A +2 · Kec. K1 …"
    pkm = row.copy()
    pkm["puskesmas_peta"] = "P1"
    assert short_place(pkm, "id") == "wilayah P · Kec. K1 …"
    assert ranges([5, 1, 2, 3, 8, 9]) == "1–3, 5, 8–9" and ranges([]) == ""


def test_action_table_ships_every_syndrome_and_an_admin_file_overrides(tmp_path, monkeypatch):
    assert len(TABLE) == 24 and TABLE["DBD"].text.startswith("Penyelidikan epidemiologi")
    assert "PSN" in TABLE["DBD"].text and "ORI" in TABLE["CAMPAK"].text and "oralit" in TABLE["DIARE"].text
    db = tmp_path / "pws.duckdb"
    (tmp_path / "tindak_lanjut.csv").write_text("kode_sindrom,tenggat_jam,tindakan\nDIARE,48,Kaporitisasi dulu\n",
                                                encoding="utf-8")
    table = actions.load(db, known={"DIARE", "DBD"})
    assert table["DIARE"].text == "Kaporitisasi dulu" and table["DIARE"].hours == 48
    assert table["DIARE"].say("en") == "Kaporitisasi dulu"  # no English given: the Indonesian text
    assert table["DBD"] == TABLE["DBD"]
    bad = tmp_path / "bad.csv"
    bad.write_text("kode_sindrom,tenggat_jam,tindakan\nDIARE,48,ok\nXYZ,24,apa\n", encoding="utf-8")
    monkeypatch.setenv(actions.ENV, str(bad))
    with pytest.raises(actions.ActionTableError, match=r"bad.csv baris 3: kode_sindrom 'XYZ' tidak dikenal"):
        actions.load(db, known={"DIARE"})
    bad.write_text("kode_sindrom,tenggat_jam,tindakan\nDIARE,besok,ok\n", encoding="utf-8")
    with pytest.raises(actions.ActionTableError, match=r"baris 2: tenggat_jam 'besok'"):
        actions.load(db, known={"DIARE"})


def test_number_formats():
    assert number(1234.5, "id", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"
    assert percent(None) == "–" and percent(80, "id") == "80,0%"
    assert signed(-2) == "−2" and signed(3.25, decimals=1) == "+3,2" and signed(0) == "±0"
    assert join_words(["a"]) == "a" and join_words(["a", "b", "c"], "en") == "a, b and c"
    assert date_time(dt.datetime(2025, 5, 12, 7, 5)) == "12 Mei 2025 07:05"
    assert headline.day(dt.datetime(2026, 11, 24, 8), "id") == "Selasa 24 Nov"
