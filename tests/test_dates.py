"""Dates (SPEC 3.2): datelines, event days, year-only evidence, and the traps general parsers fall into."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.extract.dates import decide_date, find_event_day, find_year, parse_dateline, resolve_event_day
from bantin.text import tone_normalize


@pytest.mark.parametrize("line, day, time, weekday_ok", [
    ("Thứ Năm, ngày 9 tháng 4 năm 2020", date(2020, 4, 9), None, True),
    ("Thứ Sáu, 24/5/2019", date(2019, 5, 24), None, True),
    ("Chủ nhật, 05/07/2020 09:47", date(2020, 7, 5), "09:47", True),
    ("11:13 | 20/05/2016", date(2016, 5, 20), "11:13", None),
    ("Đăng lúc: 00:00:00 27/04/2021 (GMT+7)", date(2021, 4, 27), "00:00", None),
    ("ngày 15-11-2017", date(2017, 11, 15), None, None),
    ("Thứ Hai, 24/5/2019", date(2019, 5, 24), None, False),
    ("Chủ nhật, ngày 2 tháng 9 năm 1945", date(1945, 9, 2), None, True),
    # more of the forms outlets print: ISO, AM/PM (SA/CH), "T6", labels, a comma before the year
    ("2019-05-24", date(2019, 5, 24), None, None),
    ("2019-05-24T22:05:00+07:00", date(2019, 5, 24), "22:05", None),
    ("Thứ sáu, ngày 24/05/2019 - 10:30 PM", date(2019, 5, 24), "22:30", True),
    ("12:15 AM 24/05/2019", date(2019, 5, 24), "00:15", None),
    ("09:00 CH, 24/05/2019", date(2019, 5, 24), "21:00", None),
    ("T6, 24/05/2019", date(2019, 5, 24), None, True),
    ("T2, 24/05/2019", date(2019, 5, 24), None, False),
    ("Ngày xuất bản: 24/05/2019", date(2019, 5, 24), None, None),
    ("Thời gian đăng: 24/05/2019 10:30", date(2019, 5, 24), "10:30", None),
    ("Published: 24/05/2019", date(2019, 5, 24), None, None),
    ("24 tháng 5, 2019", date(2019, 5, 24), None, None),
    # the time before the weekday; "Cập nhật ngày:" with its colon
    ("08:30 Thứ Sáu, 24/05/2019", date(2019, 5, 24), "08:30", True),
    ("8:30 PM, Thứ Năm, 24/05/2019", date(2019, 5, 24), "20:30", False),
    ("Cập nhật ngày: 24/05/2019", date(2019, 5, 24), None, None),
])
def test_datelines(line, day, time, weekday_ok):
    hit = parse_dateline(line)
    assert hit is not None and hit.date == day and hit.time == time
    if weekday_ok is not None:
        assert hit.weekday_ok is weekday_ok


@pytest.mark.parametrize("line", [
    "Quy định số 102-QĐ/TW, ngày 15-11-2017 của Bộ Chính trị", "54/2017/NQ-QH", "nhiệm kỳ 2020 - 2025",
    "32/13/2020", "Sáng 7/6", "", "2019-13-45", "24/05/19", "2019-5-24 là ngày họp",
    "Thứ Sáu, 24/5/9999", "ngày 1/1/0001", "31/12/1899",   # no year of this archive (DATELINE_YEARS)
])
def test_not_datelines(line):
    assert parse_dateline(line) is None


@pytest.mark.parametrize("text, want", [
    ("Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị", (7, 6)),
    ("Chiều 10.2, Ban Thường vụ họp", (10, 2)),
    ("Hội nghị diễn ra trong hai ngày (29 và 30/11)", (29, 11)),
    ("Quận đã sáp nhập 12/12 phường trong năm", None),
    ("Quy định số 102-QĐ/TW, ngày 15-11-2017 nêu rõ", None),
    ("Theo Nghị quyết 54/2017/NQ-QH", None),
])
def test_event_days(text, want):
    assert find_event_day(text) == want


def test_event_day_year_is_latest_not_after_retrieval():
    assert resolve_event_day(7, 6, date(2020, 4, 9)) == date(2019, 6, 7)
    assert resolve_event_day(29, 11, date(2020, 8, 5)) == date(2019, 11, 29)
    assert resolve_event_day(1, 4, date(2020, 4, 9)) == date(2020, 4, 1)
    assert resolve_event_day(29, 2, date(2021, 3, 1)) == date(2020, 2, 29)


def test_year_only_skips_targets_and_ranges():
    assert find_year(["Trong quý 1 năm 2024, quận đạt kết quả.", "Từ đầu năm 2024, Ban Thường vụ chỉ đạo.",
                      "phấn đấu đến năm 2030", "nhiệm kỳ 2020 - 2025"]) == 2024
    assert find_year(["giai đoạn 2016-2020"]) is None


def test_year_only_needs_more_than_a_passing_past_year():
    assert find_year(["Cách mạng tháng Tám năm 1945 thành công.", "Ngày 2/9/1969, Bác đi xa."]) is None
    assert find_year(["Sinh ngày 26/11/1967, sinh năm 1967."]) is None
    assert find_year(["Kết quả 6 tháng đầu năm 2017.", "Trong năm 2017, thành phố thu ngân sách."]) == 2017


def test_decide_retrieval_header_uses_lead_event_day():
    hit = parse_dateline("Thứ Năm, ngày 9 tháng 4 năm 2020")
    res = decide_date([(hit, 1)], "Sáng 7/6, Quận ủy tổ chức hội nghị.", [], header_is_retrieval=True)
    assert (res.date, res.basis, res.retrieved) == ("2019-06-07", "body-event", "2020-04-09")


def test_event_day_with_its_year():
    hit = parse_dateline("Thứ Năm, ngày 9 tháng 4 năm 2020")
    res = decide_date([(hit, 1)], "Sáng 7/6/2018, Quận ủy tổ chức hội nghị.", [], header_is_retrieval=True)
    assert (res.date, res.basis) == ("2018-06-07", "body-event")


def test_weekday_mismatch_is_reported():
    hit = parse_dateline("Thứ Hai, 24/5/2019")
    res = decide_date([(hit, 1)], "", [], header_is_retrieval=False)
    assert res.date == "2019-05-24" and any(p.kind == "weekday-mismatch" for p in res.problems or [])


_PIECES = ["Thứ Năm", "Thứ năm", "Chủ nhật", "ngày", "tháng", "năm", "Sáng", "Chiều", "(", ")", "/", "-", ".", ":",
           "|", ",", " ", "GMT+7", "Cập nhật", "Đăng lúc", "và", "khoá", "Hoà"] + [str(i) for i in range(0, 35)] + ["2017", "2020", "19999"]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_any_text_never_raises_and_is_stable(text):
    hit = parse_dateline(text)
    ev = find_event_day(text)
    find_year([text])
    # white space and tone-mark convention do not change the reading
    for v in (text.replace(" ", "  "), tone_normalize(text), unicodedata.normalize("NFC", text)):
        h2 = parse_dateline(v)
        assert (h2.date if h2 else None) == (hit.date if hit else None)
        assert find_event_day(v) == ev
    if hit is not None:
        assert 1900 <= hit.date.year <= 9999


@pytest.mark.parametrize("dateline, printed", [
    ("Thứ Sáu, 29/02/2019 - 10:15", "29/02/2019"),   # no 29 February in 2019
    ("Cập nhật: 08:30 | 32/05/2019", "32/05/2019"),
    ("Thứ Hai, 00/00/0000", "00/00/0000"),
    ("24/5/9999", "24/5/9999"),                       # no page's year
])
def test_a_dateline_that_is_no_day_is_reported_and_kept_out_of_the_text(extractor, dateline, printed):
    """Shaped as a dateline, it is one: not the title, not a paragraph, and not silently lost."""
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    text = f"{dateline}\n\nTiêu đề bài\n\nNgày 24-5, Thành ủy họp bàn công tác năm 2019.\n\nNguyễn Văn An\n"
    rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode(), ".txt"))
    assert rec.title == "Tiêu đề bài" and rec.date is None
    assert [str(p) for p in rec.warnings if p.kind == "bad-date"] == [
        f"bad-date: the date line prints {printed}, which is no day; it is not the article's date (line 1)"]
    assert all(dateline not in b.text for b in rec.blocks)


def test_impossible_dateline_says_nothing_of_a_day_or_of_other_lines():
    from bantin.extract.dates import impossible_dateline

    assert impossible_dateline("Thứ Sáu, 24/5/2019") is None
    assert impossible_dateline("Hà Nội có 29/02 ý kiến") is None
    assert impossible_dateline("Thứ Sáu, 30/02/2019") == "30/02/2019"


@pytest.mark.parametrize("line, day, time, weekday_ok", [
    ("Thứ Bẩy, 25/5/2019", date(2019, 5, 25), None, True),
    ("Thứ bẩy, ngày 25 tháng 5 năm 2019", date(2019, 5, 25), None, True),
    ("Thứ Sáu, 24/05/2019 • 08:30", date(2019, 5, 24), "08:30", True),
    ("Thứ Sáu · 24/05/2019 · 08:30", date(2019, 5, 24), "08:30", True),
    ("08:30 • 24/05/2019", date(2019, 5, 24), "08:30", None),
])
def test_more_dateline_spellings(line, day, time, weekday_ok):
    hit = parse_dateline(line)
    assert hit is not None and (hit.date, hit.time) == (day, time)
    if weekday_ok is not None:
        assert hit.weekday_ok is weekday_ok
