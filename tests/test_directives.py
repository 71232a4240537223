"""Directive extraction (SPEC 3.3): canonical codes, kinds, exclusions, scope, short and named forms."""

import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bantin.extract.directives import DirectiveResult, canonical_code, find_directives, parse_named  # noqa: E402
from bantin.model import Locality  # noqa: E402
from bantin.registry import Registry  # noqa: E402
from bantin.text import tone_normalize  # noqa: E402

REG = Registry.load(ROOT / "content" / "directives.yaml")
SEEDS = Path("/work/shared/seeds")
GOLD = Path("/work/shared/spec/seeds-gold.yaml")


def loc(key, level=None, mentions=1):
    parts = key.split("/")
    name = parts[-1].replace("-", " ").title()
    return Locality(key=key, name=name, short_name=name, level=level or ("province" if len(parts) == 1 else "district"),
                    province_key=parts[0], mentions=mentions)


def keys(texts, localities=(), primary=None, date=None, registry=REG):
    if isinstance(texts, str):
        texts = [texts]
    return [d.key for d in find_directives(list(texts), registry, list(localities), primary, date).directives]


def one(text, **kw):
    res = find_directives([text], REG, kw.pop("localities", []), kw.pop("primary", None), **kw)
    assert len(res.directives) == 1, res
    return res.directives[0], res


# --- canonical codes ------------------------------------------------------------------------

@pytest.mark.parametrize("printed,canon", [
    ("05-CT/TW", "05-CT/TW"),
    ("05-CT/TƯ", "05-CT/TW"),
    ("05-CT/ TW", "05-CT/TW"),
    ("05 – CT/TW", "05-CT/TW"),
    ("05 — CT/TW", "05-CT/TW"),
    ("05 - CT/TW", "05-CT/TW"),
    ("số 23 -CT/TW", "23-CT/TW"),
    ("06-ct/tw", "06-CT/TW"),
    ("16 - NQ/TU", "16-NQ/TU"),
    ("02/CT-QU", "02-CT/QU"),            # Party code written state-style
    ("181/QĐ-TW", "181-QĐ/TW"),
    ("27/CT-TTg", "27/CT-TTg"),
    ("27/ct-ttg", "27/CT-TTg"),
    ("27/CT–TTg", "27/CT-TTg"),
    ("102-Q\u00d0/TW", "102-QĐ/TW"),   # Icelandic eth typed for Đ
    ("76/2015/N\u00d0-CP", "76/2015/NĐ-CP"),
    ("54/2017/NQ-QH", "54/2017/NQ-QH"),
    ("19-2017/NQ-CP", "19/2017/NQ-CP"),  # the year joined by a hyphen: NUMBER/YEAR/KIND-ISSUER
    ("19 - 2017/NQ-CP", "19/2017/NQ-CP"),
    ("5-CT/TW", "05-CT/TW"),             # Party numbers have two digits at least
    ("8-QĐi/TW", "08-QĐi/TW"),
    ("5/CT-TU", "05-CT/TU"),
    ("1/NQ-CP", "1/NQ-CP"),              # a state number is kept as printed
    ("5 CT TW", "05-CT/TW"),
    ("36a/NQ-CP", "36a/NQ-CP"),
    ("1161/QĐ-MTTW-BTT", "1161/QĐ-MTTW-BTT"),
    ("31-QĐ/ĐU-MTTW", "31-QĐ/ĐU-MTTW"),
    ("439 – QĐNS/TW", "439-QĐNS/TW"),
    ("08-QĐi/TW", "08-QĐi/TW"),
    ("08-QĐI/TW", "08-QĐi/TW"),
    ("01-CT/ĐUK", "01-CT/ĐUK"),
    ("Nghị định 108/2014/CP", "108/2014/NĐ-CP"),
    ("Nghị quyết 54/2017/QH14", "54/2017/NQ-QH"),   # the National Assembly's own form, with its term
    ("Nghị quyết số 42/2017/QH14", "42/2017/NQ-QH"),
    ("1029/NQ-UBTVQH13", "1029/NQ-UBTVQH"),            # the Standing Committee's, with its term
    ("Nghị quyết số 870/2019/UBTVQH14", "870/2019/NQ-UBTVQH"),
    ("Nghị quyết 97/2015/NQ-QH13", "97/2015/NQ-QH"),
    ("05 CT/TW", "05-CT/TW"),                     # a space where the dash belongs
    ("Chỉ thị số 05 CT/TW", "05-CT/TW"),
    ("05 CT/ TƯ", "05-CT/TW"),
    ("05\uff0dCT\uff0fTW", "05-CT/TW"),           # full-width forms
    ("\uff10\uff15\uff0d\uff23\uff34\uff0f\uff34\uff37", "05-CT/TW"),
    ("27\uff0fCT\uff0dTTg", "27/CT-TTg"),
    ("Quyết định 41/TTg", "41/QĐ-TTg"),             # kind letters completed from the kind word
    ("Chỉ thị số 13/TTg", "13/CT-TTg"),
    ("Quyết định số 12/2018/TTg", "12/2018/QĐ-TTg"),
    ("Nghị định 64/CP", "64/NĐ-CP"),
    ("05-CT/T.Ư", "05-CT/TW"),                   # "Trung ương" abbreviated with a dot
    ("35-NQ/T. W", "35-NQ/TW"),
    ("05/CT/TW", "05-CT/TW"),                    # a slash where the dash belongs
    ("27/CT/TTg", "27/CT-TTg"),
    ("Chỉ thị số05-CT/TW", "05-CT/TW"),          # "số" glued to the number
    ("08/2016/TTLT/BYT-BNV", "08/2016/TTLT-BYT-BNV"),   # with its year, a slash for the dash after the kind
    ("Thông tư số 21/2013/TT/BGDĐT", "21/2013/TT-BGDĐT"),
    ("05 CT TW", "05-CT/TW"),            # loose query forms
    ("ct/tw 05", "05-CT/TW"),
])
def test_canonical_code(printed, canon):
    assert canonical_code(printed) == canon


@pytest.mark.parametrize("text", ["41/TTg", "Thông tư 12/CP", "Quy định số 5/TTg", "Kế hoạch 3/2019/TTg", "", "ngày 15-11-2017", "1333/UBND- TNMT", "45/TCMT-GGT", "Covid-19", "Quận 10",
                                  "2019/tin/tuc", "05-CT/T. Ưu tiên", "mã05-CT/TW",
                                  "08/2016/ttlt/byt-bnv", "Luật số 80/2015/QH13", "27/CT-TTg14", "05-CT/TW14"])
def test_canonical_code_none(text):
    assert canonical_code(text) is None


# --- kinds and exclusions -------------------------------------------------------------------

@pytest.mark.parametrize("text,code,kind", [
    ("Thực hiện Chỉ thị số 40-CT/TW của Ban Bí thư.", "40-CT/TW", "Chỉ thị"),
    ("theo Nghị quyết số 39-NQ/TW của Bộ Chính trị.", "39-NQ/TW", "Nghị quyết"),
    ("Kết luận số 24-KL/TW ngày 5.6.2012 của Bộ Chính trị.", "24-KL/TW", "Kết luận"),
    ("Quy định số 85-QĐ/TW, ngày 23-5-2017 của Bộ Chính trị.", "85-QĐ/TW", "Quy định"),
    ("Quyết định số 376/QĐ-BCT thành lập Hội đồng.", "376/QĐ-BCT", "Quyết định"),
    ("Hướng dẫn số 12-HD/BTCTW của Ban Tổ chức Trung ương.", "12-HD/BTCTW", "Hướng dẫn"),
    ("Kế hoạch số 23/KH-UBND tổ chức thực hiện.", "23/KH-UBND", "Kế hoạch"),
    ("Thông báo số 15-TB/TW của Ban Bí thư.", "15-TB/TW", "Thông báo"),
    ("Thông tri số 01-TT/TW của Ban Bí thư.", "01-TT/TW", "Thông tri"),
    ("Nghị định 72/2013/NĐ-CP về quản lý internet.", "72/2013/NĐ-CP", "Nghị định"),
    ("Nghị định 24/2014 về tổ chức các cơ quan chuyên môn.", "24/2014/NĐ-CP", "Nghị định"),
    ("theo Quyết định 41/TTg của Thủ tướng Chính phủ năm 1977, đến nay", "41/QĐ-TTg", "Quyết định"),
    ("Thực hiện Chỉ thị số 05 CT/TW của Bộ Chính trị.", "05-CT/TW", "Chỉ thị"),
    ("Thực hiện Chỉ thị số 05\uff0dCT\uff0fTW của Bộ Chính trị.", "05-CT/TW", "Chỉ thị"),
    ("Chỉ thị 13/TTg về phòng cháy.", "13/CT-TTg", "Chỉ thị"),
    ("Thông tư số 38/2016/TT-BTTTT của Bộ.", "38/2016/TT-BTTTT", "Thông tư"),
    ("Thông tư liên tịch số 08/2016/TTLT/BYT-BNV của hai Bộ.", "08/2016/TTLT-BYT-BNV", "Thông tư liên tịch"),
    ("Nghị quyết liên tịch số 05/2018/NQLT-CP-TLĐ của Chính phủ.", "05/2018/NQLT-CP-TLĐ", "Nghị quyết liên tịch"),
    ("Theo Hướng dẫn liên tịch số 14/HDLT-BTG-MTTQ của hai cơ quan.", "14/HDLT-BTG-MTTQ", "Hướng dẫn liên tịch"),
    ("Chỉ thị liên tịch số 02/CTLT-BCA-BGDĐT về an ninh trường học.", "02/CTLT-BCA-BGDĐT", "Chỉ thị liên tịch"),
])
def test_each_kind(text, code, kind):
    d, _ = one(text, localities=[loc("ha-noi")])
    assert d.code == code and d.kind == kind


@pytest.mark.parametrize("text", [
    "Công văn số 1234/UBND-VX ngày 2/3/2017 của UBND tỉnh.",
    "Công văn số 45-CV/TU của Tỉnh ủy.",
    "Công điện số 01/CĐ-TTg của Thủ tướng.",
    "Tờ trình số 12/TTr-UBND về dự toán.",
    "Báo cáo số 5-BC/TU của Tỉnh ủy.",
    "Giấy giới thiệu 45/TCMT-GGT.",
    "Văn bản số 1333/UBND- TNMT gửi Sở.",
    "Chương trình số 04-CTr/BCĐCCTPTW, ngày 16/1/2017.",
    "Trình bày Tờ trình của Ban Thường vụ Thành ủy về báo cáo kiểm điểm.",
    "theo tinh thần các Chỉ thị, Quy định của Đảng và Nghị quyết Đại hội.",
    "dự thảo Nghị quyết một số nhiệm vụ trọng tâm năm 2020",
    "ngày 15-11-2017, nhiệm kỳ 2020 - 2025, năm 2018",
    "năng suất tăng 10 tt/ha, 5 Kh/Tw",                # a space alone before kind letters: capitals only
])
def test_not_directives(text):
    assert keys(text, [loc("ha-noi")]) == []


# --- scope ----------------------------------------------------------------------------------

def test_scope_from_primary_district():
    ks = keys("Quận ủy Quận 10 sơ kết Chỉ thị số 02/CT-QU của Ban Thường vụ Quận ủy.",
              [loc("ho-chi-minh"), loc("ho-chi-minh/quan-10")], "ho-chi-minh/quan-10")
    assert ks == ["02-CT/QU@ho-chi-minh/quan-10"]


def test_scope_province_for_tu_even_with_district_primary():
    ks = keys("Chỉ thị số 34-CT/TU của Thành ủy.", [loc("da-nang/thanh-khe")], "da-nang/thanh-khe")
    assert ks == ["34-CT/TU@da-nang"]


def test_scope_prefers_the_named_issuing_body():
    locs = [loc("binh-duong", mentions=5), loc("quang-ninh", mentions=1)]
    ks = keys("Tỉnh ủy Quảng Ninh ban hành Chỉ thị số 15-CT/TU về công tác cán bộ.", locs, "binh-duong")
    assert ks == ["15-CT/TU@quang-ninh"]
    ks = keys("Huyện ủy Thanh Trì có Nghị quyết số 07 - NQ/HU về nông nghiệp.",
              [loc("ha-noi"), loc("ha-noi/thanh-tri")], None)
    assert ks == ["07-NQ/HU@ha-noi/thanh-tri"]


def test_scope_ubnd_and_central_party_bodies():
    assert keys("UBND thành phố Hà Nội ban hành Kế hoạch số 23/KH-UBND.", [loc("ha-noi")]) == ["23/KH-UBND@ha-noi"]
    # a central body's Party committee: no scope
    assert keys("Quyết định số 31-QĐ/ĐU-MTTW ngày 21/2/2017.", [loc("ha-noi")]) == ["31-QĐ/ĐU-MTTW"]
    assert keys("Chỉ thị số 05-CT/TW.", [loc("ha-noi")]) == ["05-CT/TW"]


def test_same_local_code_in_two_provinces_are_two_documents():
    locs = [loc("da-nang"), loc("binh-duong")]
    ks = keys(["Thành ủy Đà Nẵng ban hành Chỉ thị số 34-CT/TU.",
               "Tỉnh ủy Bình Dương cũng có Chỉ thị số 34-CT/TU."], locs)
    assert ks == ["34-CT/TU@da-nang", "34-CT/TU@binh-duong"]


def test_no_locality_keeps_bare_code_and_reports():
    res = find_directives(["Chỉ thị số 34-CT/TU của Thành ủy."], REG, [], None)
    assert [d.key for d in res.directives] == ["34-CT/TU"] and res.directives[0].scope is None
    assert any(p.kind == "ambiguous-locality" for p in res.problems)


# --- short forms ----------------------------------------------------------------------------

def test_short_forms_refer_back():
    res = find_directives(["Thực hiện Chỉ thị số 02/CT-QU của Quận ủy.",
                           "Chỉ thị số 02 đã góp phần; Chỉ thị 02 cần đi vào chiều sâu."],
                          REG, [loc("ho-chi-minh/quan-10")], "ho-chi-minh/quan-10")
    assert [(d.key, d.mentions) for d in res.directives] == [("02-CT/QU@ho-chi-minh/quan-10", 3)]


def test_short_form_before_full_form_still_resolves():
    assert keys(["Chỉ thị 15 được quán triệt.", "Chỉ thị số 15-CT/TU ngày 16/12/2016 của Thành ủy."],
                [loc("ha-noi")]) == ["15-CT/TU@ha-noi"]


def test_short_form_through_registry_alias_with_context():
    text = "gắn với thực hiện Chỉ thị số 05 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    d, _ = one(text)
    assert d.key == "05-CT/TW" and d.in_registry and d.issued == "2016-05-15"
    # the same words in an article with no such context: unresolved
    res = find_directives(["Chỉ thị số 05 về an toàn giao thông."], REG, [], None)
    assert res.directives == []
    assert [p.kind for p in res.problems] == ["unresolved-reference"]
    # not before the document existed
    assert keys(text, date="2012-01-01") == []


def test_short_form_refers_back_to_a_named_form():
    res = find_directives(["Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng.", "Nghị quyết 04 đi vào cuộc sống."],
                          REG, [], None)
    assert [(d.key, d.mentions) for d in res.directives] == [("04-NQ/TW", 2)] and res.problems == []


def test_a_year_alone_does_not_rule_out_registry_aliases():
    text = "Chỉ thị số 05 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    res = find_directives([text], REG, [], None, None, 1968)
    assert [d.key for d in res.directives] == ["05-CT/TW"] and res.directives[0].in_registry
    res = find_directives(["Quy định số 102-QĐ/TW"], REG, [], None, None, 1968)
    assert res.directives[0].in_registry


def test_quy_dinh_qdi():
    res = find_directives(["Quy định số 08-QĐi/TW ngày 25/10/2018 về nêu gương.", "Quy định 08 yêu cầu."], REG, [], None)
    d = res.directives[0]
    assert (d.key, d.kind, d.mentions, d.in_registry) == ("08-QĐi/TW", "Quy định", 2, True)


def test_unresolved_short_forms():
    res = find_directives(["Quy định số 85 về kiểm tra, giám sát.", "và Thông tư 38, Nghị định 116."], REG, [], None)
    assert res.directives == []
    msgs = " ".join(p.message for p in res.problems if p.kind == "unresolved-reference")
    assert "Quy định số 85" in msgs and "Thông tư 38" in msgs and "Nghị định 116" in msgs


def test_congress_resolutions_are_reported_not_indexed():
    res = find_directives(["thực hiện Nghị quyết Đại hội lần thứ XII của Đảng và Nghị quyết Đại hội X của Đảng bộ TP.HCM"],
                          REG, [], None)
    assert res.directives == []
    assert [p.kind for p in res.problems] == ["unresolved-reference"] * 2
    assert find_directives(["các Nghị quyết Đại hội"], REG, [], None).problems == []
    # the place after "Đảng bộ" is its capitalised words; the sentence's words after it are not the name
    for text, name in (("triển khai Nghị quyết Đại hội lần thứ XXI Đảng bộ thành phố trong năm 2017",
                        "Nghị quyết Đại hội lần thứ XXI Đảng bộ thành phố"),
                       ("Nghị quyết Đại hội lần thứ XVI của Đảng bộ Thành phố xác định rõ",
                        "Nghị quyết Đại hội lần thứ XVI của Đảng bộ Thành phố"),
                       ("Nghị quyết Đại hội X của Đảng bộ TP.HCM đề ra", "Nghị quyết Đại hội X của Đảng bộ TP.HCM"),
                       ("Nghị quyết Đại hội XI của Đảng bộ tỉnh Bình Dương đã", "Nghị quyết Đại hội XI của Đảng bộ tỉnh Bình Dương")):
        res = find_directives([text], REG, [], None)
        assert [p.message for p in res.problems] == [f"congress resolution: {name!r}"], text


def test_problems_are_not_repeated():
    res = find_directives(["Quy định số 85 về kê khai; quy định số 85 cũng nói"], REG, [], None)
    assert len(res.problems) == 1


def test_short_form_is_not_a_year_or_a_count():
    assert find_directives(["Kế hoạch 2017 của tỉnh; nghị quyết 20 năm qua."], REG, [], None).problems == []


# --- named forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,codes", [
    ("Nghị quyết Trung ương 4 khóa XII", ["04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 (khóa XII)", ["04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 (khoá XII)", ["04-NQ/TW"]),
    ("Nghị quyết TƯ 4 (khóa XII)", ["04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 (khóa 12) của Đảng", ["04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 khóa XI", ["12-NQ/TW"]),
    ("Nghị quyết Trung ương 4 khóa XI, Nghị quyết Trung ương 4 khóa XII", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết Hội nghị Trung ương 4 (Khóa XI, XII)", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (Khóa XII)", ["04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 và Trung ương 5 khóa XII", ["04-NQ/TW"]),
    ("NGHỊ QUYẾT TRUNG ƯƠNG 4 KHÓA XII", ["04-NQ/TW"]),
    ("NQ TW4 khóa XII", ["04-NQ/TW"]),
    ("Nghị quyết TƯ 4, khoá XI", ["12-NQ/TW"]),
    # "T.Ư", "T.W", "TW" written for "Trung ương"
    ("gắn với thực hiện Nghị quyết T.Ư 4, khóa XII về tăng cường xây dựng, chỉnh đốn Đảng", ["04-NQ/TW"]),
    ("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành T.Ư Đảng (Khóa XII) về xây dựng", ["04-NQ/TW"]),
    ("Nghị quyết T.W 4 khóa XI", ["12-NQ/TW"]),
    ("Nghị quyết TW 4 khóa XII", ["04-NQ/TW"]),
    ("Nghị quyết Hội nghị T.Ư 4 (khóa XI, XII)", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết T. Ư 4 khóa XII", ["04-NQ/TW"]),
    # several terms, "khóa" repeated or not
    ("Nghị quyết Trung ương 4 khóa XI, khóa XII về xây dựng, chỉnh đốn Đảng", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 khóa XI và khóa XII", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 khóa XI và XII", ["12-NQ/TW", "04-NQ/TW"]),
    ("Nghị quyết Trung ương 4 (khóa XI, XII)", ["12-NQ/TW", "04-NQ/TW"]),
])
def test_named_forms(text, codes):
    assert keys(text) == codes


def test_named_form_details():
    d, _ = one("gắn với Nghị quyết Trung ương 4 (khóa XII) về xây dựng chỉnh đốn Đảng")
    assert d.name == "Nghị quyết Trung ương 4 khóa XII" and d.issued == "2016-10-30" and d.in_registry


def test_named_form_without_term_uses_article_date():
    assert keys("theo tinh thần Nghị quyết Trung ương 4", date="2017-05-01") == ["04-NQ/TW"]
    res = find_directives(["theo tinh thần Nghị quyết Trung ương 4"], REG, [], None)
    assert res.directives == [] and res.problems[0].kind == "unresolved-reference"


def test_bare_named_form_refers_to_the_one_printed_with_its_term():
    # the bare plenum name is the article's qualified one, not the term in force at its date
    texts = ["Quận ủy sơ kết việc thực hiện Nghị quyết Trung ương 4 khóa XI về công tác xây dựng Đảng.",
             "Việc thực hiện Nghị quyết Trung ương 4 đã tạo chuyển biến trong chi bộ."]
    res = find_directives(texts, REG, [], None, "2018-03-12")
    assert [(d.key, d.mentions) for d in res.directives] == [("12-NQ/TW", 2)]
    # printed after the bare one, and without a date to fall back on
    res = find_directives(list(reversed(texts)), REG, [], None)
    assert [(d.key, d.mentions) for d in res.directives] == [("12-NQ/TW", 2)] and res.problems == []
    # of two terms printed, the nearest before
    res = find_directives(["Nghị quyết Trung ương 4 khóa XI và Nghị quyết Trung ương 4 khóa XII được quán triệt.",
                           "Nghị quyết Trung ương 4 đi vào cuộc sống."], REG, [], None, "2013-05-01")
    assert [(d.key, d.mentions) for d in res.directives] == [("12-NQ/TW", 1), ("04-NQ/TW", 2)]


def test_unknown_named_form_is_reported():
    res = find_directives(["Nghị quyết Trung ương 5, khóa XII về doanh nghiệp nhà nước"], REG, [], None)
    assert res.directives == [] and res.problems[0].kind == "unresolved-reference"


def test_parse_named():
    assert parse_named("Nghị quyết Trung ương 4 (khóa XI, XII)") == (4, ["XI", "XII"])
    assert parse_named("Nghị quyết Trung ương 4 khóa XI, khóa XII") == (4, ["XI", "XII"])
    assert parse_named("Nghị quyết Đại hội XII") is None


# --- subjects, dates, issuers, registry flags ------------------------------------------------

def test_subject_from_text():
    d, _ = one("Chỉ thị số 34-CT/TU về “Tiếp tục đẩy mạnh cải cách hành chính” đến nay", localities=[loc("da-nang")])
    assert d.subject == "Tiếp tục đẩy mạnh cải cách hành chính"
    d, _ = one('Chỉ thị số 29-CT/TU về "Nêu gương" của Thành ủy', localities=[loc("da-nang")])
    assert d.subject == "Nêu gương"


def test_subject_quoted_with_its_own_ve():
    d, _ = one("Chỉ thị số 15-CT/TU ngày 16/12/2016 của Thành ủy “Về tăng cường sự lãnh đạo” đã", localities=[loc("ha-noi")])
    assert d.subject == "Tăng cường sự lãnh đạo" and d.issued == "2016-12-16"


def test_subject_not_taken_from_a_later_clause():
    d, _ = one("Nghị quyết Trung ương 4 khóa XII về công tác xây dựng Đảng gắn với chuyên đề năm 2020 về “Đoàn kết”")
    assert d.subject != "Đoàn kết"


def test_issued_and_issuer_from_text():
    d, res = one("Quy định số 102-QĐ/TƯ, ngày 15-11-2017 của Bộ Chính trị về xử lý kỷ luật đảng viên")
    assert (d.code, d.issued, d.issuer, d.issuer_name, d.in_registry) == (
        "102-QĐ/TW", "2017-11-15", "TW", "Bộ Chính trị", True)
    d, res = one("Kết luận số 91-KL/TU ngày 09/01/2017 của Thường trực Tỉnh ủy Thái Nguyên",
                 localities=[loc("thai-nguyen")])
    assert d.issued == "2017-01-09" and d.issuer_name == "Thường trực Tỉnh ủy" and not d.in_registry
    assert d.key == "91-KL/TU@thai-nguyen"
    assert [p.kind for p in res.problems] == ["unknown-directive"]


def test_reused_numbers_pick_by_date():
    d, _ = one("Nghị quyết số 12-NQ/TW của Ban Chấp hành Trung ương", date="2018-01-01")
    assert d.issued == "2017-06-03"
    d, _ = one("Nghị quyết số 12-NQ/TW của Ban Chấp hành Trung ương", date="2015-01-01")
    assert d.issued == "2012-01-16"
    d, _ = one("Nghị quyết số 12-NQ/TW ngày 16/01/2012 của Ban Chấp hành Trung ương")
    assert d.issued == "2012-01-16"


def test_text_date_picks_registry_entry():
    d, _ = one("Kết luận số 01-KL/TW ngày 4/4/2016 của Bộ Chính trị")
    assert d.issued == "2016-04-04" and "48-NQ/TW" in d.subject
    d, _ = one("Kết luận số 01-KL/TW của Bộ Chính trị", date="2022-03-01")
    assert d.issued == "2021-05-18"


def test_order_and_mentions():
    res = find_directives(["Nghị quyết Trung ương 4 khóa XII và Chỉ thị số 05-CT/TW",
                           "Chỉ thị số 05-CT/TƯ; Chỉ thị số 05; Nghị quyết Trung ương 4 (khóa XII)"], REG, [], None)
    assert [(d.key, d.mentions) for d in res.directives] == [("04-NQ/TW", 2), ("05-CT/TW", 3)]


def test_empty_registry_still_finds_codes():
    empty = Registry()
    res = find_directives(["Chỉ thị số 05-CT/TW, Nghị quyết Trung ương 4 khóa XII"], empty, [], None)
    assert [d.key for d in res.directives] == ["05-CT/TW"]
    assert not res.directives[0].in_registry


# --- seeds ----------------------------------------------------------------------------------

def _seed_case(name, g):
    text = (SEEDS / name).read_text(encoding="utf-8").replace("Bô%3ḅ", "Bộ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    locs = [loc(p) for p in g["provinces"]] + [loc(d) for d in g["districts"]]
    return lines, locs


@pytest.mark.skipif(not GOLD.exists(), reason="shared seeds not available")
def test_seeds_gold():
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for name, g in gold.items():
        lines, locs = _seed_case(name, g)
        res = find_directives(lines, REG, locs, g["primary_locality"], g.get("date"), g.get("year"))
        assert [d.key for d in res.directives] == g["directives"], name


# --- robustness -----------------------------------------------------------------------------

def test_pathological_inputs_complete():
    digits = "Chỉ thị số " + ("1-" * 500_000)
    find_directives([digits], REG, [], None)
    find_directives(["Chỉ thị số " + "1 - " * 100_000 + "CT/TW"], REG, [], None)
    many_dates = "Chỉ thị số 05-CT/TW " + "ngày 1/1/2017, " * 5000
    find_directives([many_dates], REG, [], None)
    codes = "Chỉ thị số 05-CT/TW về “" * 3000
    find_directives([codes], REG, [], None)
    canonical_code("5" * 200_000 + "-CT/TW")


_alphabet = st.sampled_from(list("0123456789 -–—/.,“”\"()CTNQKLĐƯTWUHtwuqđư số Chỉ thị Nghị quyết khóa XII về")
                            + ["Chỉ thị số ", "Nghị quyết Trung ương 4 ", "khoá ", "05-CT/TW", "02/CT-QU",
                               "Hòa", "Hoà", "ủy", "uỷ", "\n", "\u00a0"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.lists(_alphabet, max_size=40).map("".join), st.text(max_size=60)), max_size=4))
def test_any_text_gives_a_result(texts):
    res = find_directives(texts, REG, [loc("ha-noi")], "ha-noi")
    assert isinstance(res, DirectiveResult)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "Chỉ thị số 05-CT/TƯ", "Nghị quyết Trung ương 4 (khoá XII)", "Chỉ thị số 02/CT-QU của Quận uỷ",
    "Chỉ thị số 02", "Quy định số 102-QĐ/TW, ngày 15-11-2017", "học tập và làm theo Bác", "Chỉ thị 05",
    "Hội nghị ", "và ", "UBND thành phố Hà Nội", "Kế hoạch số 23/KH-UBND", "Nghị định 24/2014", ". ",
]), max_size=12), st.sampled_from([" ", "  ", "\u00a0"]))
def test_stable_under_whitespace_and_tone_marks(parts, sep):
    base = " ".join(parts)
    locs = [loc("ha-noi"), loc("ho-chi-minh/quan-10")]
    want = keys(base, locs, "ho-chi-minh/quan-10")
    assert keys(sep.join(parts), locs, "ho-chi-minh/quan-10") == want
    assert keys(tone_normalize(base), locs, "ho-chi-minh/quan-10") == want
    assert keys(unicodedata.normalize("NFD", base), locs, "ho-chi-minh/quan-10") == want


def test_mentions_of_a_local_code_share_the_named_scope():
    locs = [loc("ha-noi"), loc("ha-noi/thanh-tri"), loc("ha-noi/cau-giay", mentions=9)]
    ks = keys(["Nghị quyết số 07-NQ/HU được nhắc trước.", "Huyện ủy Thanh Trì có Nghị quyết số 07 - NQ/HU.",
               "Nghị quyết số 07-NQ/HU đi vào cuộc sống."], locs, "ha-noi/cau-giay")
    assert ks == ["07-NQ/HU@ha-noi/thanh-tri"]


# --- enumerated numbers sharing one kind and issuer ------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("Nghị quyết số 18, 19-NQ/TW của Hội nghị Trung ương 6 khóa XII.", ["18-NQ/TW", "19-NQ/TW"]),
    ("các Nghị quyết số 26, 27, 28-NQ/TW của Ban Chấp hành Trung ương", ["26-NQ/TW", "27-NQ/TW", "28-NQ/TW"]),
    ("quán triệt Quy định số 89, 90-QĐ/TW và Quy định 102-QĐ/TW.", ["89-QĐ/TW", "90-QĐ/TW", "102-QĐ/TW"]),
    ("Nghị quyết 18 và 19-NQ/TW", ["18-NQ/TW", "19-NQ/TW"]),
    ("Chỉ thị số 5, 6 và 7-CT/TW", ["05-CT/TW", "06-CT/TW", "07-CT/TW"]),
    ("các Nghị định số 24, 108/2014/NĐ-CP", ["24/2014/NĐ-CP", "108/2014/NĐ-CP"]),
])
def test_enumerated_numbers_share_kind_and_issuer(text, want):
    res = find_directives([text], REG, [loc("nghe-an")], "nghe-an", "2019-05-24")
    assert [d.key for d in res.directives] == want
    assert not [p for p in res.problems if p.kind == "unresolved-reference"], res.problems


def test_enumerated_numbers_take_the_kind_word_and_resolve_short_forms():
    res = find_directives(["Nghị quyết số 18, 19-NQ/TW của Hội nghị Trung ương 6 khóa XII.",
                           "Việc thực hiện Nghị quyết 18 và Nghị quyết 19 đã đạt kết quả."],
                          REG, [], None, "2019-05-24")
    assert [(d.key, d.mentions, d.in_registry) for d in res.directives] == [("18-NQ/TW", 2, True), ("19-NQ/TW", 2, True)]
    assert res.problems == []
    # unknown ones keep the kind word written before the first number
    res = find_directives(["Quy định số 3, 4-QĐ/TW"], REG, [], None)
    assert [(d.key, d.kind) for d in res.directives] == [("03-QĐ/TW", "Quy định"), ("04-QĐ/TW", "Quy định")]


def test_enumerated_local_numbers_share_the_scope():
    locs = [loc("quang-ninh"), loc("hai-duong", mentions=5)]
    ks = keys("Tỉnh ủy Quảng Ninh ban hành các Chỉ thị số 20, 21-CT/TU.", locs, "hai-duong")
    assert ks == ["20-CT/TU@quang-ninh", "21-CT/TU@quang-ninh"]


@pytest.mark.parametrize("text,want", [
    ("Công văn số 12, 13-HD/TU gửi các huyện.", []),               # not a directive: none of them
    ("Năm 2019, 19-NQ/TW được quán triệt.", ["19-NQ/TW"]),        # no kind word before: no list
    ("ngày 15/5, 05-CT/TW", ["05-CT/TW"]),
    ("Kế hoạch 12/KH-UBND, 15-CT/TW", ["12/KH-UBND", "15-CT/TW"]),
])
def test_enumeration_needs_numbers_after_a_kind_word(text, want):
    assert [k.split("@")[0] for k in keys(text, [loc("ha-noi")])] == want


@pytest.mark.parametrize("text,want", [
    # each listed number is a short form of its own: 05 through the registry's alias, 03 unresolved
    ("Chỉ thị 03, 05 của Bộ Chính trị về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     [("05-CT/TW", 1)]),
    ("Chỉ thị số 03 và 05 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", [("05-CT/TW", 1)]),
    ("Nghị quyết số 18, 19-NQ/TW của Trung ương. Các Nghị quyết 18, 19 của Trung ương đi vào cuộc sống.",
     [("18-NQ/TW", 2), ("19-NQ/TW", 2)]),
    ("Chỉ thị số 15-CT/TU. Chỉ thị 14, 15 và 16 được quán triệt.", [("15-CT/TU@ha-noi", 2)]),
])
def test_listed_short_forms_are_short_forms_each(text, want):
    res = find_directives([text], REG, [loc("ha-noi")], "ha-noi", "2019-05-24")
    assert [(d.key, d.mentions) for d in res.directives] == want


def test_listed_short_forms_report_the_unresolved_and_stop_at_counts():
    res = find_directives(["Chỉ thị 03, 05 của Bộ Chính trị về học tập và làm theo tư tưởng Hồ Chí Minh"], REG, [], None)
    msgs = [p.message for p in res.problems if p.kind == "unresolved-reference"]
    assert msgs == ["short reference with no full code in the article: 'Chỉ thị 03'"]
    res = find_directives(["Chỉ thị số 03 và 04 về phòng cháy"], REG, [], None)
    assert [p.message.split(": ")[1] for p in res.problems] == ["'Chỉ thị số 03'", "'Chỉ thị số 04'"]
    # a year, a date or a count after the comma is no listed number
    for text in ("Chỉ thị 03, 2016 về phòng cháy", "Chỉ thị số 03, 15/5 về phòng cháy", "Chỉ thị số 03, 1,5 triệu"):
        res = find_directives([text], REG, [], None)
        assert [p.message.count("03") for p in res.problems] == [1] and len(res.problems) == 1, (text, res.problems)


# --- one canonical code ------------------------------------------------------------------------

def test_one_digit_party_numbers_are_the_registry_codes():
    res = find_directives(["Chỉ thị số 5-CT/TW về học tập và làm theo tư tưởng Hồ Chí Minh.",
                           "Chỉ thị số 5 đi vào cuộc sống."], REG, [], None, "2019-05-24")
    assert [(d.key, d.mentions, d.in_registry) for d in res.directives] == [("05-CT/TW", 2, True)]
    res = find_directives(["Quy định số 8-QĐi/TW về nêu gương."], REG, [], None, "2019-05-24")
    assert [(d.key, d.in_registry) for d in res.directives] == [("08-QĐi/TW", True)]
    assert keys(["Chỉ thị số 05-CT/TW và Chỉ thị 5-CT/TƯ"]) == ["05-CT/TW"]


def test_state_codes_take_the_registry_spelling():
    # the registry writes the Government's resolution "19-2017/NQ-CP" and "01/NQ-CP": every
    # printed form of them is that document
    res = find_directives(["Nghị quyết số 19-2017/NQ-CP và Nghị quyết 19/2017/NQ-CP; Nghị quyết số 1/NQ-CP"],
                          REG, [], None)
    assert [(d.key, d.mentions, d.in_registry) for d in res.directives] == [
        ("19-2017/NQ-CP", 2, True), ("01/NQ-CP", 1, True)]
    # codes the registry lacks: NUMBER/YEAR/KIND-ISSUER, the number as printed
    assert keys(["Nghị quyết số 20-2018/NQ-CP và Nghị quyết số 20/2018/NQ-CP"]) == ["20/2018/NQ-CP"]
    assert keys(["Chỉ thị 27/CT-TTg"]) == ["27/CT-TTg"]
    assert keys(["Nghị quyết số 19-2017/NQ-CP"], registry=Registry()) == ["19/2017/NQ-CP"]
    assert REG.lookup("19/2017/NQ-CP") is REG.lookup("19-2017/NQ-CP") is not None


def test_a_state_number_printed_with_and_without_its_leading_zero_is_one_document():
    # codes the registry lacks: one key in the article, the official spelling with the zero
    assert keys(["Chỉ thị số 8/CT-TTg của Thủ tướng.", "Thực hiện Chỉ thị 08/CT-TTg, các sở đã vào cuộc."]) \
        == ["08/CT-TTg"]
    assert keys(["Thông tư 07/2018/TT-BNV và Thông tư số 7/2018/TT-BNV"]) == ["07/2018/TT-BNV"]
    res = find_directives(["Kế hoạch số 9/KH-UBND và Kế hoạch số 09/KH-UBND của UBND tỉnh."], REG,
                          [loc("nghe-an")], "nghe-an")
    assert [(d.key, d.mentions) for d in res.directives] == [("09/KH-UBND@nghe-an", 2)]
    # printed one way, as printed; other numbers, years or issuers stay apart
    assert keys(["Chỉ thị số 8/CT-TTg"]) == ["8/CT-TTg"]
    assert keys(["Chỉ thị số 8/CT-TTg, Chỉ thị số 80/CT-TTg, Chỉ thị số 08/CT-UBND, Thông tư 8/2018/TT-BNV, "
                 "Thông tư 08/2019/TT-BNV"]) == ["8/CT-TTg", "80/CT-TTg", "08/CT-UBND", "8/2018/TT-BNV", "08/2019/TT-BNV"]


def test_a_capital_o_typed_for_a_zero_in_a_code_number():
    assert keys(["Hội nghị quán triệt Chỉ thị số O3-CT/TW và Nghị quyết số 2O/NQ-CP."]) == ["03-CT/TW", "20/NQ-CP"]
    assert keys(["Đảng bộ thực hiện Kết luận số 1O1 - KL/TW của Bộ Chính trị."]) == ["101-KL/TW"]
    # nowhere else: not in a word, not after another kind of paper, not without a code's shape,
    # not without "số" or a kind word before it
    assert keys(["Khí CO2-CT/TW, mẫu TO3-CT/TW và Công văn số O3-KH/TU, Chỉ thị số OO-CT/TW."]) == []
    assert keys(["Năm nay O3-CT/TW được nhắc lại; Chỉ thị số O3 năm 2020."]) == []


# --- scope: the issuing body nearest the code ---------------------------------------------------

def test_scope_from_the_nearest_issuing_body():
    locs = [loc("hai-duong", mentions=2), loc("quang-ninh", mentions=2)]
    ks = keys(["Đoàn công tác Tỉnh ủy Hải Dương đã làm việc với Tỉnh ủy Quảng Ninh.",
               "Tỉnh ủy Quảng Ninh đã ban hành Chỉ thị số 20-CT/TU về phát triển du lịch; Tỉnh ủy Hải Dương "
               "ban hành Chỉ thị số 15-CT/TU về chuyển đổi số."], locs, "hai-duong")
    assert ks == ["20-CT/TU@quang-ninh", "15-CT/TU@hai-duong"]


def test_scope_issuing_body_in_the_same_sentence_wins():
    locs = [loc("ho-chi-minh"), loc("da-nang", mentions=3)]
    ks = keys(["Thành ủy Thành phố Hồ Chí Minh tổ chức sơ kết Nghị quyết số 16-NQ/TU của Thành ủy. "
               "Đồng chí Bí thư Thành ủy Đà Nẵng dự."], locs, "da-nang")
    assert ks == ["16-NQ/TU@ho-chi-minh"]


def test_scope_issuing_body_named_by_a_place_alias():
    locs = [loc("ho-chi-minh"), loc("da-nang", mentions=3)]
    aliases = {"ho-chi-minh": ["TP.HCM", "TPHCM"]}
    for text in ("Tại buổi làm việc, Thành ủy TP.HCM giới thiệu kết quả thực hiện Chỉ thị số 20-CT/TU.",
                 "Thành ủy TP.HCM tổ chức sơ kết Nghị quyết số 16-NQ/TU của Thành ủy. Bí thư Thành ủy Đà Nẵng dự."):
        res = find_directives([text], REG, locs, "da-nang", place_aliases=aliases)
        assert [d.scope for d in res.directives] == ["ho-chi-minh"], text


# --- a code cut by a hard line wrap --------------------------------------------------------------

@pytest.mark.parametrize("printed", ["35-NQ/\nTW", "35-\nNQ/TW", "35\n-NQ/TW", "35-NQ\n/TW", "35 -\nNQ/ TW",
                                     "35-N\nQ/TW", "35-NQ/T\nW", "35-NQ/T\nƯ"])   # cut inside its letters too
def test_a_code_cut_by_a_line_wrap_is_found_whole(extractor, printed):
    from bantin.model import SourceDocument

    text = ("Quận ủy Quận 10 sơ kết Nghị quyết\n\nThứ Sáu, 24/5/2019\n\n"
            f"Sáng 23/5, Quận ủy Quận 10 tổ chức hội nghị sơ kết thực hiện Nghị quyết số {printed} của Bộ Chính "
            "trị về “Tăng cường bảo vệ nền tảng tư tưởng của Đảng”.\n\n"
            "Hội nghị đánh giá việc thực hiện Nghị quyết số 35 trong năm qua.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert [(d.key, d.mentions) for d in rec.directives] == [("35-NQ/TW", 2)]
    assert not [w for w in rec.warnings if w.kind == "unresolved-reference"]
    # the block holds the code whole, where the directive's facts are read from it
    assert [d.subject for d in rec.directives] == ["Tăng cường bảo vệ nền tảng tư tưởng của Đảng"]
    assert sum("Nghị quyết số 35" in b.text and "Bộ Chính trị" in b.text for b in rec.blocks) == 1


@pytest.mark.parametrize("printed", ["27/\nCT-TTg", "27/CT-\nTTg", "54/\n2017/NQ-QH", "05-CT/\nTƯ",
                                     "27/C\nT-TTg", "27/CT-T\nTg", "05-CT/Đ\nUK", "12-K\nH/HU"])
def test_state_and_party_codes_cut_by_a_line_wrap(extractor, printed):
    from bantin.model import SourceDocument

    text = (f"Tỉnh ủy quán triệt văn bản mới của Trung ương\n\nThứ Sáu, 24/5/2019\n\nSáng 23/5, Tỉnh ủy tổ chức hội nghị quán triệt văn bản số {printed} "
            "trong toàn Đảng bộ.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert [d.code for d in rec.directives] == [canonical_code(printed.replace("\n", ""))]


def test_a_line_ending_with_a_dash_is_not_glued_to_the_next_without_a_code(extractor):
    from bantin.model import SourceDocument

    text = ("Tỉnh ủy họp bàn phát triển kinh tế\n\nThứ Sáu, 24/5/2019\n\nSáng 23/5, Tỉnh ủy họp bàn phát triển kinh tế -\n\n"
            "Xã hội năm 2019 có nhiều chuyển biến.\n\nQuận 5 -\n\n5-CT/TW được quán triệt.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert [b.text for b in rec.blocks][1:] == ["Xã hội năm 2019 có nhiều chuyển biến.", "Quận 5 -",
                                                "5-CT/TW được quán triệt."]
    assert [d.code for d in rec.directives] == ["05-CT/TW"]


def test_a_line_ending_with_a_whole_code_is_not_glued_to_a_line_of_capitals(extractor):
    from bantin.model import SourceDocument

    # the letters across the break would make no known kind or issuer, or those before it are one
    text = ("Tỉnh ủy quán triệt văn bản mới\n\nThứ Sáu, 24/5/2019\n\nSáng 23/5, Tỉnh ủy quán triệt Chỉ thị số 05-CT/TU\n\n"
            "UBND tỉnh triển khai Kế hoạch số 27/KH-TTg\n\nTW giao nhiệm vụ cho Quyết định 12-QĐ/QU\n\nTW và các cơ quan.\n\n"
            "Năm 2019 có 35-A\n\nB/C-D.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert len(rec.blocks) == 6
    assert [d.code for d in rec.directives] == ["05-CT/TU", "27/KH-TTg", "12-QĐ/QU"]


def test_a_reference_cut_after_its_kind_word_is_found_whole(extractor):
    from bantin.model import SourceDocument

    text = ("Quận ủy Quận 10 học tập Quy định của Thành ủy\n\nThứ Sáu, 24/5/2019\n\n"
            "Sáng 23/5, Quận ủy Quận 10 tổ chức hội nghị học tập Quy định số\n15-QĐ/TU của Thành ủy và Nghị định\n"
            "24/2014 của Chính phủ.\n\nĐảng viên thực hiện Quy định số\n15 và Chỉ thị\n05-CT/TW.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert [(d.code, d.kind, d.mentions) for d in rec.directives] == [
        ("15-QĐ/TU", "Quy định", 2), ("24/2014/NĐ-CP", "Nghị định", 1), ("05-CT/TW", "Chỉ thị", 1)]
    assert not [w for w in rec.warnings if w.kind == "unresolved-reference"]
    # a heading that ends with a kind word stays a heading above a paragraph opening with a number
    text = ("Quận ủy Quận 10 học tập Nghị quyết\n\nThứ Sáu, 24/5/2019\n\nSáng 23/5, Quận ủy Quận 10 tổ chức hội nghị.\n\n"
            "Kết quả thực hiện Nghị quyết\n\n35 chi bộ đã hoàn thành kế hoạch năm.\n\nLong Hồ\n")
    rec = extractor.extract(SourceDocument("a.txt", text))
    assert [b.text for b in rec.blocks][1:] == ["Kết quả thực hiện Nghị quyết", "35 chi bộ đã hoàn thành kế hoạch năm."]


def test_short_form_with_a_capital_o_for_a_zero():
    # "số O5" is "số 05": it refers back to the full code, as the O inside a full code is read
    res = find_directives(["Thành ủy triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị.",
                           "Qua hai năm thực hiện Chỉ thị số O5, Chỉ thị O5 đã đi vào chiều sâu."], REG, [], None)
    assert [(d.key, d.mentions) for d in res.directives] == [("05-CT/TW", 3)] and res.problems == []
    res = find_directives(["Nghị quyết số 1O-NQ/TU của Thành ủy về du lịch; Nghị quyết số 1O và Nghị quyết 10."],
                          REG, [loc("da-nang")], "da-nang")
    assert [(d.key, d.mentions) for d in res.directives] == [("10-NQ/TU@da-nang", 3)]
    # with no full code, through the registry's aliases like "Chỉ thị số 05"
    assert keys("Đảng ủy sơ kết Chỉ thị số O5 về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh.") == ["05-CT/TW"]
    # no digit, or a small o: not a number
    res = find_directives(["Chỉ thị O, Nghị quyết số OO và Kế hoạch số o5 của Ban."], REG, [], None)
    assert res.directives == [] and res.problems == []


def test_parse_short_reads_a_capital_o():
    from bantin.extract.directives import parse_short
    assert parse_short("Chỉ thị số O5") == parse_short("Chỉ thị số 05") == ("CT", "5")
    assert parse_short("Chỉ thị số o5") is None


@pytest.mark.parametrize("printed,code", [
    ("621/NQ-NS-TU", "621-NQ/NS-TU"), ("621-NQ/NS-TU", "621-NQ/NS-TU"), ("12-HD/BTC-TU", "12-HD/BTC-TU"),
    ("15/QĐ-TC-HU", "15-QĐ/TC-HU"),
])
def test_a_code_from_a_committees_office_is_the_committees(printed, code):
    # the letters of the office between the kind and the committee are no issuer of their own
    from bantin.extract.directives import code_parts
    assert canonical_code(printed) == code
    parts = code_parts(code)
    assert parts["issuer"] == code.rsplit("-", 1)[1] and parts["kind"] == code.split("-")[1].split("/")[0]
    res = find_directives([f"Ban Thường vụ Tỉnh ủy Quảng Nam ban hành Nghị quyết số {printed} về công tác cán bộ."],
                          REG, [loc("quang-nam")], "quang-nam")
    assert [(d.key, d.issuer) for d in res.directives][0][1] == parts["issuer"]
    assert res.directives[0].key.startswith(code + "@quang-nam")


@pytest.mark.parametrize("printed,code", [
    ("04-HD/BTGTU", "04-HD/BTG-TU"), ("17-HD/BTCTU", "17-HD/BTC-TU"), ("09-KH/UBKTTU", "09-KH/UBKT-TU"),
    ("31-TB/VPTU", "31-TB/VP-TU"), ("6/KH-BDVHU", "06-KH/BDV-HU"), ("22-HD/BTCĐUK", "22-HD/BTC-ĐUK"),
])
def test_an_office_glued_to_its_committee_is_the_committees(printed, code):
    # no dash between the office's letters and the committee's: split by the registry's offices,
    # keyed as the dashed form is, with the committee as issuer and its scope
    res = find_directives([f"Ban Thường vụ Tỉnh ủy Hà Tĩnh có văn bản số {printed} gửi các cấp ủy trực thuộc.",
                           f"Theo Kế hoạch số {code}, các chi bộ tổ chức học tập."], REG, [loc("ha-tinh")], "ha-tinh")
    assert len(res.directives) == 1, [d.key for d in res.directives]
    d = res.directives[0]
    assert d.key.startswith(code + "@ha-tinh") and d.issuer == code.rsplit("-", 1)[1]


@pytest.mark.parametrize("printed", ["04-HD/ABCTU", "04-HD/BTGXY", "04-HD/TUBTG", "04-HD/BTGTW"])
def test_an_unknown_run_of_letters_is_not_split(printed):
    res = find_directives([f"Thực hiện Hướng dẫn số {printed} về công tác tuyên truyền."], REG, [loc("ha-tinh")], "ha-tinh")
    assert [d.key for d in res.directives] == [printed]


def test_joint_issuers_stay_joint():
    from bantin.extract.directives import code_parts
    assert code_parts(canonical_code("01/2016/NQLT-CP-UBTƯMTTQVN"))["issuer"] == "CP-UBTƯMTTQVN"
    assert code_parts(canonical_code("11-KL/TU-HU"))["issuer"] == "TU-HU"
