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
    ("24/05/2019 8 giờ 30", date(2019, 5, 24), "08:30", None),       # the time in words
    ("Cập nhật lúc 8 giờ 30 ngày 24/05/2019", date(2019, 5, 24), "08:30", None),
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
    # the place the page is written from, before its date
    ("Hà Nội, ngày 24/5/2019", date(2019, 5, 24), None, None),
    ("TP. Hồ Chí Minh, ngày 24 tháng 5 năm 2019", date(2019, 5, 24), None, None),
    ("TP.HCM - 24/05/2019 10:15", date(2019, 5, 24), "10:15", None),
    # a page's metadata field as a scraper copied it
    ("date 2025-10-03", date(2025, 10, 3), None, None),
    ("Date: 2025-10-03 08:30", date(2025, 10, 3), "08:30", None),
    ("pubdate: 03/10/2025", date(2025, 10, 3), None, None),
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
    "sáng nay, 24/5/2019", "Đồng chí Nguyễn Văn An, 24/5/2019",   # a place's words are capitalised
    "dates 2025-10-03", "update 2025-10-03",
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


@pytest.mark.parametrize("text, want", [
    # an anniversary's span, the same day years apart: its last year is the present
    ("Nhân kỷ niệm 95 năm Ngày thành lập tỉnh (12/7/1921 - 12/7/2016), sáng 10/7, Tỉnh ủy họp mặt.", 2016),
    ("Kỷ niệm 88 năm Ngày thành lập Đảng (3/2/1930-3/2/2018), năm 2016 và năm 2016 đã qua.", 2018),
    ("Hướng tới 75 năm Quốc khánh (2.9.1945 – 2.9.2020), các xã ra quân.", 2020),
    # the same day a year apart is a period reported on, not an anniversary; other days, a span
    ("Kết quả từ 15/12/2018 - 15/12/2019, toàn huyện kết nạp 120 đảng viên.", None),
    ("Trong thời gian từ 1/6/1995 - 30/6/2020, huyện kết nạp 1.200 đảng viên.", None),
])
def test_year_of_an_anniversary_span_is_the_present(text, want):
    assert find_year([text]) == want


def test_year_of_a_lunar_spring_is_the_present():
    # the spring of a lunar year, named with its stem and branch, is the time of the text, as a
    # period reported on is; last year's figures do not outvote it
    texts = ["Tham dự phiên khai xuân Đinh Dậu 2017 tại sở giao dịch sáng 6.2, Bí thư phát biểu.",
             "Tính đến cuối năm 2016, quy mô thị trường tăng 26% so với cuối năm 2015, bằng 36% GDP ước tính năm 2016.",
             "Bước sang năm 2017, thị trường sẽ có nhiều cơ hội."]
    assert find_year(texts) == 2017
    assert find_year(["Chuẩn bị đón Tết Nguyên đán Canh Tý 2020 và năm 2020."]) == 2020
    # a name that does not fit the year (Đinh Dậu is 2017) is a misprint: no vote
    assert find_year(["Chuẩn bị đón Xuân Đinh Dậu 2018 và năm 2018."]) is None


def test_decide_retrieval_header_uses_lead_event_day():
    hit = parse_dateline("Thứ Năm, ngày 9 tháng 4 năm 2020")
    res = decide_date([(hit, 1)], "Sáng 7/6, Quận ủy tổ chức hội nghị.", [], header_is_retrieval=True)
    assert (res.date, res.basis, res.retrieved) == ("2019-06-07", "body-event", "2020-04-09")


def test_the_dateline_under_the_title_wins_over_a_day_in_the_top_bar():
    top = parse_dateline("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27")
    under = parse_dateline("10:56, 18/12/2020")
    res = decide_date([(top, 2), (under, 6)], "", [], header_is_retrieval=False, title_line=4)
    assert (res.date, res.time, res.basis) == ("2020-12-18", "10:56", "dateline")
    # both above the title, or no title line known: the first is taken, as before
    for lines, title_line in (((2, 3), 4), ((2, 6), None)):
        res = decide_date([(top, lines[0]), (under, lines[1])], "", [], header_is_retrieval=False,
                          title_line=title_line)
        assert res.date == "2019-08-23"
    # an outlet that prints the day it was saved in its top bar keeps that day as retrieved
    res = decide_date([(top, 2), (under, 6)], "", [], header_is_retrieval=True, title_line=4)
    assert res.retrieved == "2019-08-23"


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


def test_a_place_and_date_line_dates_the_page_above_the_text_only(extractor):
    """"Hà Nội, ngày 24/5/2019" under the title is the page's dateline; the same line inside the
    text (a letter's, a reprinted document's) is the text's own, and stays in it."""
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    body = "Sáng 20/5, Thành ủy tổ chức hội nghị quán triệt nghị quyết mới của Trung ương.\n\n"
    text = f"Tiêu đề bài\n\nHà Nội, ngày 24/5/2019\n\n{body}Nguyễn Văn An\n"
    rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode(), ".txt"))
    assert rec.date == "2019-05-24" and rec.date_basis == "dateline"
    assert all("ngày 24/5/2019" not in b.text for b in rec.blocks)
    inner = (f"Tiêu đề bài\n\n{body}Bức thư viết:\n\nHà Nội, ngày 24/5/1969\n\n"
             "Các cháu thân mến, Bác rất vui khi nhận được thư của các cháu.\n\nNguyễn Văn An\n")
    rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), inner.encode(), ".txt"))
    assert rec.date != "1969-05-24"
    assert any(b.text == "Hà Nội, ngày 24/5/1969" for b in rec.blocks)


def test_impossible_dateline_says_nothing_of_a_day_or_of_other_lines():
    from bantin.extract.dates import impossible_dateline

    assert impossible_dateline("Thứ Sáu, 24/5/2019") is None
    assert impossible_dateline("Hà Nội có 29/02 ý kiến") is None
    assert impossible_dateline("Thứ Sáu, 30/02/2019") == "30/02/2019"


# --- dates that belong to other things; event days in more forms (review f2) ------------------

_SAVED = parse_dateline("Thứ Năm, ngày 9 tháng 4 năm 2020")      # a thanhuytphcm.vn page header


@pytest.mark.parametrize("lead, want", [
    # a document's date of issue, right after its code or its number, is never the event day
    ("Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị sơ kết 1 năm thực hiện Chỉ thị số 02/CT-QU ngày 15/3/2018 "
     "của Ban Thường vụ Quận ủy.", "2019-06-07"),
    ("Thực hiện Kế hoạch số 45-KH/QU ngày 15/3 của Ban Thường vụ Quận ủy, sáng 7/6, Quận ủy Quận 10 tổ chức "
     "hội nghị.", "2019-06-07"),
    ("Thực hiện Chỉ thị số 02/CT-QU ngày 15-3-2018 của Ban Thường vụ Quận ủy, chiều 25/3, Quận ủy họp.",
     "2020-03-25"),
    ("Thực hiện Quy định số 102-QĐ/TW, ban hành ngày 15/11/2017, chiều 25/3, Quận ủy họp.", "2020-03-25"),
    ("Thực hiện Công văn số 123, ký ngày 15/3, chiều 25/3, Quận ủy họp.", "2020-03-25"),
    ("Theo Chỉ thị số 02/CT-QU (ngày 15/3), chiều 25/3, Quận ủy họp.", "2020-03-25"),
    # an anniversary in brackets is not the event day; a day reference before the brackets is
    ("Hướng tới kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2), sáng 28/1, Quận ủy Quận 10 tổ "
     "chức họp mặt.", "2020-01-28"),
    ("Chào mừng kỷ niệm Ngày Giải phóng miền Nam, thống nhất đất nước (30/4), chiều 25/4, Quận ủy họp.",
     "2019-04-25"),
    ("Nhân Ngày BHYT Việt Nam (1-7), chiều 25/3, Quận ủy họp.", "2020-03-25"),
    ("Trong 2 ngày (29 và 30/11), Quận ủy tổ chức hội nghị.", "2019-11-29"),
    ("Sáng cùng ngày (14/6), Quận ủy tổ chức hội nghị.", "2019-06-14"),
    ("Sáng nay (22/5), Quận ủy tổ chức hội nghị.", "2019-05-22"),
    ("Trong hai ngày (24-25/6), Quận ủy tổ chức hội nghị.", "2019-06-24"),
    ("Hôm qua (7/6), Quận ủy tổ chức hội nghị.", "2019-06-07"),
    # more forms of the event day
    ("Sáng ngày 7 tháng 6, Quận ủy tổ chức hội nghị.", "2019-06-07"),
    ("Sáng ngày 7 tháng 6 năm 2018, Quận ủy tổ chức hội nghị.", "2018-06-07"),
    ("Trong 2 ngày 29 và 30/11, Quận ủy tổ chức hội nghị.", "2019-11-29"),
    ("Ngày 29-30/11, Quận ủy tổ chức hội nghị.", "2019-11-29"),
    # the first event named in the lead is the article's, printed with its year or not
    ("Sáng 7/6, Quận ủy tổ chức hội nghị; chiều 10/6/2018, Thành ủy họp.", "2019-06-07"),
])
def test_lead_event_day_is_the_event_not_a_document_or_an_anniversary(lead, want):
    res = decide_date([(_SAVED, 1)], lead, [], header_is_retrieval=True)
    assert (res.date, res.basis) == (want, "body-event")


def test_event_day_year_looks_back_far_enough():
    # SPEC: the latest year that puts it on or before the retrieval date
    assert resolve_event_day(29, 2, date(2023, 1, 9)) == date(2020, 2, 29)
    assert resolve_event_day(29, 2, date(2104, 1, 9)) == date(2096, 2, 29)     # 2100 is no leap year


def test_full_event_date_in_the_lead_without_a_dateline():
    res = decide_date([], "(ĐCSVN) - Sáng 23/5/2019, Tỉnh ủy Nghệ An tổ chức hội nghị.", [], header_is_retrieval=False)
    assert (res.date, res.basis, res.year, res.problems) == ("2019-05-23", "body-event", 2019, [])
    # a document's date of issue is none; nor an event day without its year
    res = decide_date([], "Ngày 22/5/2017, Quốc hội khai mạc kỳ họp thứ 3.", [], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2017-05-22", "body-event")
    # a day named by "ngày" alone inside a clause may be any day's
    for lead in ("Trường Chinh, tên thật là Đặng Xuân Khu, sinh ngày 9/2/1907 tại Nam Định.",
                 "Ông Vỹ ký giấy giới thiệu từ trước ngày 15/9/2016 cho nhiều người.",
                 "Thực hiện Chỉ thị số 20-CT/TU ngày 2/3/2017, Tỉnh ủy họp.", "Sáng 23/5, Tỉnh ủy họp.",
                 "Sáng 23/5, Tỉnh ủy họp bàn việc thi hành Luật có hiệu lực từ ngày 1/1/2019."):
        res = decide_date([], lead, [], header_is_retrieval=False)
        assert res.basis != "body-event", lead
    # with a retrieval date, never one after it
    res = decide_date([(_SAVED, 1)], "Sáng 23/5/2021, Tỉnh ủy họp.", [], header_is_retrieval=True)
    assert res.basis != "body-event" or res.date <= "2020-04-09"


def test_a_lead_day_older_than_a_document_the_text_cites_is_history():
    texts = ["Thực hiện Công văn số 15-CV/BTGTU, ngày 12/3/2019 của Ban Tuyên giáo Tỉnh ủy, xin giới thiệu."]
    lead = "Ngày 20/10/1955, Ủy ban hành chính khu tự trị ra quyết định thành lập tỉnh."
    res = decide_date([], lead, [lead, *texts], header_is_retrieval=False)
    assert res.date is None and res.basis != "body-event"
    # a later day of the lead is still the article's
    lead = "Ngày 20/10/1955, tỉnh được thành lập. Sáng 5/4/2019, Tỉnh ủy tổ chức hội nghị kỷ niệm."
    res = decide_date([], lead, [lead, *texts], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2019-04-05", "body-event")
    # a day not older than the documents cited stays
    lead = "Ngày 3/6/2019, Tỉnh ủy tổ chức hội nghị."
    res = decide_date([], lead, [lead, *texts], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2019-06-03", "body-event")


def test_a_lead_day_long_before_a_year_the_text_tells_of_is_history():
    texts = ["Khu di tích được tôn tạo khang trang. Trong năm 2019, khu di tích đón hơn hai triệu lượt khách."]
    lead = "Ngày 3/2/1930, tại Hương Cảng, Hội nghị hợp nhất các tổ chức cộng sản đã diễn ra."
    res = decide_date([], lead, [lead, *texts], header_is_retrieval=False)
    assert res.date is None and res.basis != "body-event"
    # a later day of the lead is still the article's
    lead2 = "Ngày 19/8/1945, nhân dân vùng lên giành chính quyền. Sáng 18/8/2019, thành phố tổ chức lễ dâng hương."
    res = decide_date([], lead2, [lead2, *texts], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2019-08-18", "body-event")
    # a year the text names a year or two after the lead's day is no sign: the day stays
    lead3 = "Ngày 15/3/2017, Huyện ủy tổ chức hội nghị sơ kết."
    res = decide_date([], lead3, [lead3, *texts], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2017-03-15", "body-event")
    # nor does a target ("đến năm 2030") or a term ("nhiệm kỳ 2020 - 2025")
    plans = ["Phấn đấu đến năm 2030 toàn huyện đạt chuẩn nông thôn mới, nhiệm kỳ 2020 - 2025 hoàn thành."]
    lead4 = "Ngày 15/3/2005, Huyện ủy tổ chức hội nghị sơ kết."
    res = decide_date([], lead4, [lead4, *plans], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2005-03-15", "body-event")


def test_year_only_skips_documents_dates_of_issue():
    texts = ["Thực hiện Chỉ thị số 20-CT/TU ngày 2/3/2017, Kế hoạch số 45-KH/TU ngày 10/5/2017 và Quy định số "
             "102-QĐ/TW ngày 15/11/2017, các cấp ủy đã triển khai nhiều giải pháp.",
             "Trong năm 2018, toàn tỉnh kết nạp 3.500 đảng viên mới."]
    assert find_year(texts) != 2017
    assert find_year(["Theo Quy định số 102-QĐ/TƯ, ngày 15-11-2017, Chỉ thị số 05-CT/TW ngày 15/5/2017 và Kế "
                      "hoạch số 3-KH/TU, ban hành ngày 2/3/2017."]) is None
    # but the text is not older than a document it cites
    assert find_year(["Tháng 6/2016, ngày 14/7/2016 và ngày 28/9/2016, người dân kiến nghị.",
                      "Thực hiện Kết luận số 91-KL/TU ngày 09/01/2017, tháng 1/2017, tháng 2/2017 và ngày 6/2/2017, "
                      "tỉnh chỉ đạo."]) == 2017
    assert find_year(["Năm 2015, ngày 20.7.2015 và ngày 20.7.2015, ông Quý được giao đất.",
                      "Quy định số 85-QĐ/TW, ngày 23-5-2017 nêu rõ."]) is None
    # other full dates still count
    assert find_year(["Ngày 2/3/2017, ngày 10/5/2017 và ngày 15/11/2017, Tỉnh ủy họp."]) == 2017


def test_year_only_one_present_period_fixes_the_year():
    assert find_year(["Tỉnh ủy Nghệ An vừa tổ chức hội nghị sơ kết công tác xây dựng Đảng quý 1 năm 2024."]) == 2024
    assert find_year(["Kết quả 6 tháng đầu năm 2017."]) == 2017
    assert find_year(["Nhiệm vụ những tháng cuối năm 2017."]) == 2017
    # a point in a year, once, is as often a past one
    assert find_year(["Cuối năm 2004, Công an vào cuộc."]) is None
    assert find_year(["Phong trào được hưởng ứng từ đầu năm 2014 đến nay."]) is None
    assert find_year(["Đầu năm 2019, Tỉnh ủy ban hành kế hoạch; tháng 5/2019, 20 chi bộ hoàn thành."]) == 2019
    # weak mentions still need three
    assert find_year(["Trong năm 2018, toàn tỉnh kết nạp đảng viên."]) is None
    assert find_year(["Năm 2018 và năm 2018, tháng 6/2018."]) == 2018
    # the best score wins
    assert find_year(["Quý 1 năm 2024.", "Năm 2017, năm 2017, năm 2017 và năm 2017."]) == 2017


@pytest.mark.parametrize("line, day, time, weekday_ok", [
    ("Thứ Bẩy, 25/5/2019", date(2019, 5, 25), None, True),
    ("Thứ bẩy, ngày 25 tháng 5 năm 2019", date(2019, 5, 25), None, True),
    ("Thứ Sáu, 24/05/2019 • 08:30", date(2019, 5, 24), "08:30", True),
    ("Thứ Sáu · 24/05/2019 · 08:30", date(2019, 5, 24), "08:30", True),
    ("08:30 • 24/05/2019", date(2019, 5, 24), "08:30", None),
    # a bar after the weekday, as after the date
    ("Thứ Sáu | 24/05/2019", date(2019, 5, 24), None, True),
    ("Thứ Sáu | 24/05/2019 | 08:30", date(2019, 5, 24), "08:30", True),
    ("08:30 | Thứ Hai | 24/05/2019", date(2019, 5, 24), "08:30", False),
    # "Tin đăng ngày:", "Bài đăng lúc:": the posting's label with the word for the item before it
    ("Tin đăng ngày: 6/2/2020", date(2020, 2, 6), None, None),
    ("Bài đăng lúc: 10:20 06/02/2020", date(2020, 2, 6), "10:20", None),
    # a prime after the minutes
    ("Thứ Sáu, 24/05/2019 - 11:21'", date(2019, 5, 24), "11:21", True),
    ("11:21’ 24/05/2019", date(2019, 5, 24), "11:21", None),
])
def test_more_dateline_spellings(line, day, time, weekday_ok):
    hit = parse_dateline(line)
    assert hit is not None and (hit.date, hit.time) == (day, time)
    if weekday_ok is not None:
        assert hit.weekday_ok is weekday_ok


# --- a commemorated day named without brackets is not the event day ---------------------------

@pytest.mark.parametrize("lead, want", [
    ("Nhân kỷ niệm ngày 30/4, chiều 25/4, Thành ủy tổ chức họp mặt.", "2019-04-25"),
    ("Nhân dịp ngày 2/9, sáng 28/8, Quận ủy tổ chức gặp mặt.", "2019-08-28"),
    ("Chào mừng ngày 3/2, sáng 28/1, Quận ủy tổ chức họp mặt.", "2020-01-28"),
    ("Nhân ngày 8/3, sáng 6/3, Quận ủy tổ chức tọa đàm.", "2020-03-06"),
    ("Hướng tới kỷ niệm 70 năm ngày 19/5, sáng 10/5, Quận ủy tổ chức hội thi.", "2019-05-10"),
    ("Chào mừng kỷ niệm lần thứ 42 ngày 30/4, chiều 25/4, Thành ủy tổ chức họp mặt.", "2019-04-25"),
    ("Nhân dịp kỷ niệm ngày (30/4), chiều 25/4, Thành ủy tổ chức họp mặt.", "2019-04-25"),
    ("Nhân kỷ niệm ngày 30/4/1975, chiều 25/4/2017, Thành ủy tổ chức họp mặt.", "2017-04-25"),
    # an anniversary's span, the same day years apart, in brackets or not
    ("Kỷ niệm 42 năm ngày giải phóng miền Nam (30/4/1975 - 30/4/2017), chiều 25/4, Quận ủy họp.", "2019-04-25"),
    ("Kỷ niệm 87 năm Ngày thành lập Đảng (3/2/1930-3/2/2017), sáng 1/2, Quận ủy họp mặt.", "2020-02-01"),
    ("Kỷ niệm 87 năm thành lập Đảng, ngày 3/2/1930 - 3/2/2017, sáng 1/2/2017, Quận ủy họp mặt.", "2017-02-01"),
    # the event day itself may follow "ngày", and may be the holiday
    ("Ngày 25/4, Thành ủy tổ chức họp mặt kỷ niệm ngày 30/4.", "2019-04-25"),
    ("Nhân kỷ niệm ngày 30/4, sáng 30/4, Thành ủy dâng hương.", "2019-04-30"),
    ("Trong không khí kỷ niệm 90 năm Ngày thành lập Đảng, ngày 25/1, Quận ủy họp mặt.", "2020-01-25"),
    # "công nhân", "bệnh nhân" are people, not "on the occasion of"
    ("Đoàn công nhân ngày 25/4 đã có mặt tại công trình.", "2019-04-25"),
])
def test_a_commemorated_day_is_not_the_event_day(lead, want):
    res = decide_date([(_SAVED, 1)], lead, [], header_is_retrieval=True)
    assert (res.date, res.basis) == (want, "body-event")


def test_a_commemorated_day_with_its_year_is_not_the_article_date():
    for lead in ("Kỷ niệm 42 năm ngày 30/4/1975 - 30/4/2017, Quận ủy họp mặt.",
                 "Ngày 3/2/1930 - 3/2/2017, 87 năm Đảng ta ra đời."):
        res = decide_date([], lead, [], header_is_retrieval=False)
        assert res.date is None, lead
    res = decide_date([], "Nhân dịp kỷ niệm ngày 3/2, ngày 1/2/2017, Quận ủy họp mặt.", [], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2017-02-01", "body-event")
    # a span of an event over days is not an anniversary
    res = decide_date([], "Ngày 29/11/2017 - 1/12/2017, Quận ủy tổ chức hội nghị.", [], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2017-11-29", "body-event")


@pytest.mark.parametrize("lead, want", [
    # a date of issue printed after the document's issuer: "05-CT/TW của Bộ Chính trị ngày 15/5/2016"
    ("Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị ngày 15/5/2016, sáng 7/6, Quận ủy họp.", "2019-06-07"),
    ("Theo Kế hoạch số 45-KH/QU của Ban Thường vụ Quận ủy Quận 10 ban hành ngày 15/3, sáng 7/6, Quận ủy họp.",
     "2019-06-07"),
    ("Thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị khóa XII, ngày 22/10/2018, chiều 25/3, Quận ủy họp.",
     "2020-03-25"),
    ("Thực hiện Công văn số 123 của UBND tỉnh ký ngày 15/3, chiều 25/3, Quận ủy họp.", "2020-03-25"),
    # but a time of day after a document's issuer names the event's
    ("Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, sáng 7/6, Quận ủy họp.", "2019-06-07"),
])
def test_a_date_of_issue_after_the_issuer_is_not_the_event_day(lead, want):
    res = decide_date([(_SAVED, 1)], lead, [], header_is_retrieval=True)
    assert (res.date, res.basis) == (want, "body-event")


def test_year_only_skips_dates_of_issue_after_the_issuer():
    assert find_year(["Thực hiện Chỉ thị số 20-CT/TU của Tỉnh ủy ngày 2/3/2017, Kế hoạch số 45-KH/TU của Ban "
                      "Thường vụ Tỉnh ủy ngày 10/5/2017 và Quy định số 102-QĐ/TW của Bộ Chính trị ngày 15/11/2017."
                      ]) is None


@pytest.mark.parametrize("lead, want", [
    # the weekday between the time of day and the day
    ("Sáng thứ Bảy (8/6), Quận ủy tổ chức hội nghị.", "2019-06-08"),
    ("Sáng Chủ nhật (9/6), Quận ủy tổ chức hội nghị.", "2019-06-09"),
    ("Chiều thứ Bảy, 8/6, Quận ủy tổ chức hội nghị.", "2019-06-08"),
    ("Tối thứ Năm 6/6, Quận ủy tổ chức hội nghị.", "2019-06-06"),
    ("Thứ Sáu (7/6), Quận ủy tổ chức hội nghị.", "2019-06-07"),
    # a holiday in brackets is still none
    ("Chào mừng Ngày Quốc khánh (2/9), sáng thứ Năm (29/8), Quận ủy họp.", "2019-08-29"),
])
def test_event_day_after_its_weekday(lead, want):
    res = decide_date([(_SAVED, 1)], lead, [], header_is_retrieval=True)
    assert (res.date, res.basis) == (want, "body-event")


@pytest.mark.parametrize("lead, want", [
    # saved 14/1/2023: 7/6 was a Monday in 2021 (not 2022), 10/3 a Sunday in 2019 (not 2022)
    ("Sáng thứ Hai (7/6), Huyện ủy tổ chức hội nghị.", "2021-06-07"),
    ("Chiều thứ Hai, 7/6, Huyện ủy tổ chức hội nghị.", "2021-06-07"),
    ("Thứ Hai (7/6), Huyện ủy tổ chức hội nghị.", "2021-06-07"),
    ("Sáng Chủ nhật (10/3), Huyện ủy tổ chức hội nghị.", "2019-03-10"),
    # a weekday no year looked at has is a misprint: the latest year, as without it
    ("Sáng thứ Ba (29/2), Huyện ủy tổ chức hội nghị.", "2020-02-29"),
    # "thứ hai" as an ordinal is no weekday
    ("Phiên họp thứ hai (7/6) của Huyện ủy đã bế mạc.", "2022-06-07"),
    ("Ngày thứ hai 7/6 của hội nghị, Huyện ủy thảo luận.", "2022-06-07"),
    # no weekday: the latest year
    ("Sáng 7/6, Huyện ủy tổ chức hội nghị.", "2022-06-07"),
])
def test_a_weekday_with_the_event_day_picks_its_year(lead, want):
    saved = parse_dateline("Thứ Bảy, 14/01/2023")
    res = decide_date([(saved, 1)], lead, [], header_is_retrieval=True)
    assert (res.date, res.basis) == (want, "body-event")


@pytest.mark.parametrize("line, hhmm", [
    # midnight is what a page that keeps no time prints: no time
    ("Đăng lúc: 00:00:00 27/04/2021 (GMT+7)", None),
    ("Thứ Ba, 27/04/2021 00:00", None),
    ("12:00 AM 27/04/2021", None),
    ("0h00 | 27/04/2021", None),
    # a clock's seconds say it was midnight indeed; any other time stays
    ("Đăng lúc: 00:00:17 27/04/2021", "00:00"),
    ("Thứ Ba, 27/04/2021 00:05", "00:05"),
    ("Đăng lúc: 08:30:00 27/04/2021", "08:30"),
])
def test_a_midnight_dateline_time_is_no_time(line, hhmm):
    res = decide_date([(parse_dateline(line), 1)], "", [], header_is_retrieval=False)
    assert (res.date, res.time, res.basis) == ("2021-04-27", hhmm, "dateline")


def test_a_weekday_confirms_an_event_day_in_the_year_the_text_fixes():
    texts = ["Trong quý II năm 2021, Huyện ủy đã lãnh đạo hoàn thành các chỉ tiêu.", "Kết quả năm 2021 rất khả quan."]
    res = decide_date([], "Sáng thứ Hai (7/6), Huyện ủy tổ chức hội nghị.", texts, header_is_retrieval=False)
    assert (res.date, res.basis, res.year) == ("2021-06-07", "body-event", 2021)
    # the weekday does not fit the year: the year alone
    res = decide_date([], "Sáng thứ Ba (7/6), Huyện ủy tổ chức hội nghị.", texts, header_is_retrieval=False)
    assert (res.date, res.basis, res.year) == (None, "year-only", 2021)
    res = decide_date([], "Sáng 7/6, Huyện ủy tổ chức hội nghị.", texts, header_is_retrieval=False)
    assert (res.date, res.basis, res.year) == (None, "year-only", 2021)


@pytest.mark.parametrize("line, want, hhmm", [
    ("Thứ Hai, 03/06/2019, 07:45 [GMT+7]", date(2019, 6, 3), "07:45"),   # the zone in square brackets
    ("Gửi lúc: 14/02/2017 09:05:33", date(2017, 2, 14), "09:05"),
    ("Gửi ngày 14/02/2017", date(2017, 2, 14), None),
])
def test_dateline_bracketed_zone_and_sent_label(line, want, hhmm):
    hit = parse_dateline(line)
    assert hit is not None and hit.date == want and hit.time == hhmm and hit.weekday_ok


@pytest.mark.parametrize("header, want, hhmm", [
    ("PV•11/03/2024 16:40", date(2024, 3, 11), "16:40"),                 # a reporter's tag, a bullet
    ("XYZT -Thứ Hai, 11/03/2024, 16:40 (GMT+7)", date(2024, 3, 11), "16:40"),   # an outlet's acronym
    ("Lượt xem: 512 | Gửi lúc: 11/03/2024 16:40:02", date(2024, 3, 11), "16:40"),   # a counter
])
def test_header_line_with_a_tag_and_the_date(header, want, hhmm):
    from pathlib import Path

    from bantin.extract.layout import Boilerplate, split_layout

    bp = Boilerplate.load(Path(__file__).resolve().parent.parent / "content" / "boilerplate.yaml")
    text = (f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười\n{header}\n\n"
            "Sáng 10/3, Ban Chấp hành Đảng bộ tỉnh họp hội nghị lần thứ mười để bàn nhiều nội dung quan trọng.\n")
    lay = split_layout(text, bp)
    assert lay.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười"
    assert [(h.date, h.time) for h, _ in lay.header_dates] == [(want, hhmm)]
    assert [b.kind for b in lay.blocks] == ["lead"] and lay.byline is None


def test_header_line_with_an_outlets_acronym_names_the_outlet():
    from pathlib import Path

    from bantin.extract.layout import Boilerplate, split_layout

    bp = Boilerplate.load(Path(__file__).resolve().parent.parent / "content" / "boilerplate.yaml")
    text = ("XYZT -Thứ Hai, 11/03/2024, 16:40 (GMT+7)\nTiêu đề của bài viết trên tạp chí\n\n"
            "Bài viết bàn về công tác xây dựng Đảng trong tình hình mới, với nhiều nội dung quan trọng.\n")
    lay = split_layout(text, bp, frozenset({"xyzt"}))
    assert lay.marker == "XYZT" and lay.title == "Tiêu đề của bài viết trên tạp chí"


def test_a_lead_day_an_anniversarys_count_before_the_present_is_history():
    # "Nhân kỷ niệm 50 năm": the lead's day of 1968 is the anniversary's origin; the present is 2018
    lead = ("Ngày 20.10.1968, Ban Thường vụ Tỉnh ủy quyết định thành lập Trường Chính trị tỉnh. "
            "Nhân kỷ niệm 50 năm ngày thành lập Trường, chúng tôi về thăm các thầy cô giáo.")
    res = decide_date([], lead, [lead], header_is_retrieval=False)
    assert (res.date, res.basis, res.year) == (None, "year-only", 2018)
    # the celebration on the anniversary's day: that day of the present year
    lead = ("Ngày 20.10.1968, Trường Chính trị tỉnh được thành lập. Sáng 20/10, Trường long trọng tổ chức "
            "lễ kỷ niệm lần thứ 50 ngày thành lập.")
    res = decide_date([], lead, [lead], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2018-10-20", "body-event")
    # a later day of the lead printed with its year is the article's
    lead = ("Ngày 20.10.1968, Trường được thành lập. Sáng 19/10/2018, Trường tổ chức lễ kỷ niệm 50 năm thành lập.")
    res = decide_date([], lead, [lead], header_is_retrieval=False)
    assert (res.date, res.basis) == ("2018-10-19", "body-event")


@pytest.mark.parametrize("lead, day", [
    # the lead's day is the celebration: the anniversary counted from it is in the future
    ("Ngày 20/10/2018, Trường Chính trị tỉnh tổ chức lễ kỷ niệm 50 năm ngày thành lập.", "2018-10-20"),
    # its origin printed: the lead's day is the celebration's
    ("Ngày 20/10/1998, Trường tổ chức lễ kỷ niệm 20 năm ngày thành lập (năm 1978).", "1998-10-20"),
    # no anniversary named
    ("Ngày 20/10/1998, Trường Chính trị tỉnh tổ chức hội nghị tổng kết năm học.", "1998-10-20"),
])
def test_a_lead_day_with_no_anniversary_counted_from_it_stays(lead, day):
    res = decide_date([], lead, [lead], header_is_retrieval=False)
    assert (res.date, res.basis) == (day, "body-event")
