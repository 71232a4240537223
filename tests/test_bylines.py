"""Bylines and source credits, standalone and glued to the end of a one-line body (SPEC 3.5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathlib import Path

from bantin.config import load_outlet_openings
from bantin.extract.bylines import KnownOutlets, is_group_signature, parse_byline, split_glued_tail, title_case
from bantin.extract.layout import Boilerplate

# how outlets' names open ("Báo ", "Tạp chí "), as the site's outlets.yaml lists them
_OPENINGS = load_outlet_openings(Path(__file__).resolve().parent.parent / "content" / "outlets.yaml")
KNOWN = KnownOutlets({"dan tri", "ttxvn", "vov", "tin tuc", "vnexpress", "zing"},
                     _OPENINGS.outlet_openings, _OPENINGS.outlet_name_openings)
# the ranks and titles printed before a name, as the site's boilerplate.yaml lists them
TITLES = Boilerplate.load(Path(__file__).resolve().parent.parent / "content" / "boilerplate.yaml").name_titles


@pytest.mark.parametrize("line, name, role, outlet", [
    ("KHÁNH VŨ", "Khánh Vũ", "author", None),
    ("KHÁNH VŨ |", "Khánh Vũ", "author", None),     # the bar before a date the page left out
    ("| Thu Hà", "Thu Hà", "author", None),
    ("Long Hồ", "Long Hồ", "author", None),
    ("K.V", "K.V", "author", None),
    ("S. Hải", "S. Hải", "author", None),
    ("L.TUYẾT", "L.Tuyết", "author", None),
    ("Hương Ly thực hiện", "Hương Ly", "interviewer", None),
    ("Minh Minh (thực hiện)", "Minh Minh", "interviewer", None),
    ("Ngọc Thành/VOV.VN", "Ngọc Thành", "author", "VOV.VN"),
    ("Đức Dũng - Anh Tuấn (TTXVN)", "Đức Dũng - Anh Tuấn", "author", "TTXVN"),
    ("Thế Kha - Dân Trí", "Thế Kha", "author", "Dân Trí"),
    ("Văn Hùng – Anh Cường", "Văn Hùng – Anh Cường", "author", None),
    ("Tin, ảnh: NGUYỄN DUY HIỂN", "Nguyễn Duy Hiển", "author", None),
    ("Tin, bài: Tuấn Vương - Lê Khoa", "Tuấn Vương - Lê Khoa", "author", None),
    ("Bùi Xuân Việt, Học viện Chính trị Quốc gia Hồ Chí Minh", "Bùi Xuân Việt", "author", None),
    ("Theo Quốc Anh/ Báo Dân trí", "Quốc Anh", "author", "Báo Dân trí"),
    ("Song Đào, ảnh: Nam Nguyễn", "Song Đào", "author", None),
    ("HỒNG LAM - HUY QUỐC (tổng hợp)", "Hồng Lam - Huy Quốc", "author", None),
    ("Minh Ngọc - Tuấn Anh (TTXVN/Vietnam+)", "Minh Ngọc - Tuấn Anh", "author", "TTXVN/Vietnam+"),
    ("Thanh Hà (TTXVN)/Vietnam+", "Thanh Hà", "author", "TTXVN/Vietnam+"),
    ("Minh Anh | VOV", "Minh Anh", "author", "VOV"),   # a bar as some pages print it
    ("Hà Anh/VOV (thực hiện)", "Hà Anh", "interviewer", "VOV"),
    ("Tin: Hà An; ảnh: Minh Đức", "Hà An", "author", None),
    ("CHIẾN THẮNG và TTXVN", "Chiến Thắng", "author", "TTXVN"),
    ("PGS, TS. NGUYỄN VĂN HẢI", "Nguyễn Văn Hải", "author", None),
    ("TS. Nguyễn Văn A - Học viện Chính trị khu vực I", "Nguyễn Văn A", "author", None),
    # a Party committee or an office where the author works, either tone-mark spelling
    ("Hà Vân - Huyện ủy Lạc Sơn", "Hà Vân", "author", None),
    ("Hà Vân, Quận uỷ Ba Đình", "Hà Vân", "author", None),
    ("Hà Vân - Phòng Văn hóa và Thông tin huyện", "Hà Vân", "author", None),
    ("Thực hiện: Minh Minh", "Minh Minh", "interviewer", None),
    # the interviewer named by other labels, before or after the name; a team's label names authors
    ("Phỏng vấn: Hà Lan", "Hà Lan", "interviewer", None),
    ("PHỎNG VẤN: HÀ LAN", "Hà Lan", "interviewer", None),
    ("Ghi: Hà Lan", "Hà Lan", "interviewer", None),
    ("Hà Lan (phỏng vấn)", "Hà Lan", "interviewer", None),
    ("Hà Lan phỏng vấn", "Hà Lan", "interviewer", None),
    ("Hà Lan/VOV (phỏng vấn)", "Hà Lan", "interviewer", "VOV"),
    ("Nhóm PV: Hà Lan - Bảo Châu", "Hà Lan - Bảo Châu", "author", None),
    ("Nhóm thực hiện: Hà Lan, Bảo Châu", "Hà Lan, Bảo Châu", "author", None),
    ("Phóng viên: Hà Lan", "Hà Lan", "author", None),
    ("Văn Hùng - Nguyên Khôi", "Văn Hùng - Nguyên Khôi", "author", None),
    ("Tác giả: NGUYỄN VĂN AN", "Nguyễn Văn An", "author", None),
    ("Người viết: Minh Anh (TTXVN)", "Minh Anh", "author", "TTXVN"),
    # written without diacritics, and names of the Central Highlands peoples
    ("Nguyen Quynh Anh", "Nguyen Quynh Anh", "author", None),
    ("Ksor Phước", "Ksor Phước", "author", None),
    ("Rmah Hlong", "Rmah Hlong", "author", None),
    ("Y Bih Niê", "Y Bih Niê", "author", None),
    ("Nay Phi La", "Nay Phi La", "author", None),
    ("Minh Anh - TNTBros", "Minh Anh", "author", "TNTBros"),   # capitals then small letters: an outlet
    ("Minh Anh - Báo Quân đội nhân dân", "Minh Anh", "author", "Báo Quân đội nhân dân"),   # "Báo ...": an outlet
    ("Minh Anh - Bảo Ngọc", "Minh Anh - Bảo Ngọc", "author", None),                         # "Bảo ...": a name
    ("Thu Hà - Đài PT-TH Hà Nội", "Thu Hà", "author", "Đài PT-TH Hà Nội"),    # a hyphen inside the outlet's name
    ("Minh Anh - Báo Bà Rịa-Vũng Tàu", "Minh Anh", "author", "Báo Bà Rịa-Vũng Tàu"),
    ("Minh Anh (PV)", "Minh Anh", "author", None),                   # a role in brackets, not an outlet
    # the author's school or office in brackets, as after a dash or a comma: no outlet
    ("Nguyễn Văn A (Trường Chính trị tỉnh)", "Nguyễn Văn A", "author", None),
    ("TS. Nguyễn Văn A (Học viện Chính trị khu vực I)", "Nguyễn Văn A", "author", None),
    ("Minh Anh (Ban Tuyên giáo Tỉnh ủy)", "Minh Anh", "author", None),
    ("Văn Hùng (Báo Bình Dương)", "Văn Hùng", "author", "Báo Bình Dương"),
    # any office, not only one opening with a listed word; an office's acronym with its unit
    ("Lê Văn Bình (Công an tỉnh)", "Lê Văn Bình", "author", None),
    ("Hà Lan (Phòng Chính trị Bộ đội Biên phòng tỉnh)", "Hà Lan", "author", None),
    ("Hà Lan (UBND huyện)", "Hà Lan", "author", None),
    ("Hà Lan (MTTQ xã)", "Hà Lan", "author", None),
    # a news outlet in brackets, shaped as one or known, still is one
    ("Hà Lan (Đài PT-TH tỉnh)", "Hà Lan", "author", "Đài PT-TH tỉnh"),
    ("Hà Lan (VOV)", "Hà Lan", "author", "VOV"),
    ("Hà Lan (Zing)", "Hà Lan", "author", "Zing"),
    ("Hà Lan (baotinh.vn)", "Hà Lan", "author", "baotinh.vn"),
    # after "Theo" and a name, the brackets name the source, whatever its shape
    ("Theo Hà Lan (Nông thôn Ngày nay)", "Hà Lan", "author", "Nông thôn Ngày nay"),
    # the outlet a story is taken from is named without its "Theo"; "theo" before a note is no outlet
    ("Minh Anh (Theo VnExpress)", "Minh Anh", "author", "VnExpress"),
    ("Quốc Anh (theo nhandan.vn)", "Quốc Anh", "author", "nhandan.vn"),
    ("Minh Anh (theo lời kể)", "Minh Anh", "author", None),
    # an initial's full stop typed as a comma, with no space after it
    ("Đ,Bắc", "Đ.Bắc", "author", None),
    ("N,H,Minh", "N.H.Minh", "author", None),
    ("Tr,Hoàng - Minh Anh", "Tr.Hoàng - Minh Anh", "author", None),
    ("Ng,Anh", "Ng.Anh", "author", None),
    ("Hà,Lê (Theo VOV)", "", "credit", "VOV"),      # a syllable is no initial: no author "Hà.Lê"
])
def test_bylines(line, name, role, outlet):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None
    assert (hit.name, hit.role, hit.credit_outlet) == (name, role, outlet)


@pytest.mark.parametrize("line, outlet", [
    ("Theo VGP", "VGP"), ("Theo TTXVN", "TTXVN"), ("theo Trí Thức Trẻ", "Trí Thức Trẻ"),
    ("Theo nhandan.com.vn", "nhandan.com.vn"), ("VietTimes -", "VietTimes"),
    # two outlets joined by "/" and no person: the credit as printed, as "VOV-Trung tâm Tin" is
    ("TTXVN/Tin Tức", "TTXVN/Tin Tức"), ("TTXVN/Tin Tức.", "TTXVN/Tin Tức"), ("TTXVN / VOV", "TTXVN / VOV"),
    ("VnExpress", "VnExpress"), ("(Theo VnExpress)", "VnExpress"),
    # a signature that names no person, with its source: the source is still credited
    ("PV (Theo VOV)", "VOV"), ("HT (Theo New York Daily News)", "New York Daily News"),
    ("Play HT (Theo DS)", "DS"),   # a video player's label glued before it: no author "Play Ht"
    # an outlet's name alone, by the word it opens with: no one's name opens so
    ("Báo Hòa Bình", "Báo Hòa Bình"), ("BÁO YÊN BÁI", "BÁO YÊN BÁI"), ("Tạp chí Tuyên giáo", "Tạp chí Tuyên giáo"),
    ("Đài Phát thanh và Truyền hình Hòa Bình", "Đài Phát thanh và Truyền hình Hòa Bình"),
])
def test_source_credits_name_an_outlet_not_an_author(line, outlet):
    hit = parse_byline(line, known_outlets=KNOWN)
    assert hit is not None and hit.role == "credit" and hit.credit_outlet == outlet and hit.name == ""


@pytest.mark.parametrize("line", ["Ảnh: PV", "(Ảnh: H. Thảo)", "PV", "TP", "Nhóm PV", "Theo quy định",
                                  "Bác Hồ kính yêu", "Ảnh Zing Đức Long", "Sáng nay hội nghị bế mạc.",
                                  # a video player's label glued before the signature; English words
                                  "Play HT", "Share Minh Anh", "John Smith", "Thời sự | Chính trị",
                                  # a video's credit, with or without its colon: not the article's author
                                  "Video Minh Anh", "Video: Minh Anh", "CLIP THU HÀ",
                                  # a bare comma between words is no initial's full stop
                                  "Hà Nội,Việt Nam", "Nguyễn Văn A,B", "Hà,Lan", "Lê,Hà",
                                  # an interview's speaker label, alone or opening the answer
                                  "PGS.TS Lê Văn Bình:", "PGS.TS Lê Văn Bình :", "TS. LÊ VĂN BÌNH:",
                                  "PGS.TS Lê Văn Bình: Theo tôi, cần làm ngay.", "- Đồng chí Lê Văn Bình:",
                                  # a reporter's question, however short
                                  "Phóng viên: Xin cảm ơn ông!",
                                  # a weekday printed apart from its date
                                  "Thứ Ba", "THỨ BẢY", "Chủ Nhật"])
def test_not_bylines(line):
    assert parse_byline(line, known_outlets=KNOWN) is None


def test_group_signature():
    assert is_group_signature("PV") and is_group_signature("NHÓM PV") and is_group_signature("(tổng hợp)")
    assert is_group_signature("P.V") and is_group_signature("PV (tổng hợp)")
    assert not is_group_signature("Long Hồ")


@pytest.mark.parametrize("text, before, name, outlet", [
    ("… của Đảng và pháp luật Nhà nước. Cảm ơn ông. Luân Dũng", "… của Đảng và pháp luật Nhà nước. Cảm ơn ông.",
     "Luân Dũng", None),
    ("báo cáo thường trực Ủy ban KT trong kỳ họp gần nhất. N. Huyền", "báo cáo thường trực Ủy ban KT trong kỳ họp gần nhất.",
     "N. Huyền", None),
    ("để thuận tiện, phù hợp công việc./. Ngọc Thành/VOV.VN", "để thuận tiện, phù hợp công việc./.", "Ngọc Thành", "VOV.VN"),
    ("ông Trần Ngọc Đường nêu ý kiến./. Hoàng Thái - Lại Hoa/VOV-Trung tâm Tin Hoàng Thái - Lại Hoa/VOV-Trung tâm Tin",
     "ông Trần Ngọc Đường nêu ý kiến./.", "Hoàng Thái - Lại Hoa", "VOV-Trung tâm Tin"),
    ("Huyện Phước Long (màu đỏ) ở Bạc Liêu. Ảnh: Google Maps. Việt Tường",
     "Huyện Phước Long (màu đỏ) ở Bạc Liêu. Ảnh: Google Maps.", "Việt Tường", None),
    ("giới thiệu về cuộc đời hoạt động của Bác Hồ. Ảnh Zing Đức Long",
     "giới thiệu về cuộc đời hoạt động của Bác Hồ. Ảnh Zing", "Đức Long", None),
])
def test_glued_tail(text, before, name, outlet):
    b, hit, tail, after = split_glued_tail(text, KNOWN)
    assert hit is not None and tail is not None
    assert (b, hit.name, hit.credit_outlet, after) == (before, name, outlet, "")


@pytest.mark.parametrize("line, name", [("Đài Trang", "Đài Trang"), ("Bảo Ngọc", "Bảo Ngọc")])
def test_a_name_that_opens_like_an_outlet_is_still_a_name(line, name):
    hit = parse_byline(line, known_outlets=KNOWN)
    assert hit is not None and (hit.name, hit.role) == (name, "author")


def test_glued_credit_and_footnotes():
    b, hit, tail, after = split_glued_tail("là thêm một lần vào Đảng”. ĐỨC LƯỢNG (1) Hồ Chí Minh: Toàn tập. (2) Sđd.")
    assert hit is not None and hit.name == "Đức Lượng" and b.endswith("Đảng”.") and after.startswith("(1)")
    b, hit, tail, after = split_glued_tail("khẳng định sẽ làm tròn nghĩa vụ của người đảng viên Cộng sản. Theo VGP")
    assert hit is not None and hit.role == "credit" and hit.credit_outlet == "VGP"


@pytest.mark.parametrize("text", [
    "Hội nghị đã thông qua nghị quyết về công tác cán bộ của Thành ủy.",
    "Ông Nguyễn Văn A phát biểu tại Hội nghị Ban Chấp hành Đảng bộ tỉnh",
    "Kết thúc hội nghị, các đại biểu chụp ảnh lưu niệm. Ban Thường vụ Tỉnh ủy",
])
def test_no_tail_on_ordinary_endings(text):
    assert split_glued_tail(text, KNOWN)[1] is None


def test_title_case():
    assert title_case("NGỌC PHÚ") == "Ngọc Phú"
    assert title_case("L.TUYẾT") == "L.Tuyết"
    assert title_case("K.V") == "K.V"


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀẢẠĐĂÂỆỨ ./-–(),:;ThỊÌAPVTTXVN\u0301\u0300")),
               max_size=120))
def test_any_text_never_raises(text):
    parse_byline(text, known_outlets=KNOWN)
    is_group_signature(text)
    b, hit, tail, after = split_glued_tail(text, KNOWN)
    assert len(b) <= len(text)


@pytest.mark.parametrize("side, name", [
    ("byline: '   '", None),                     # blank: the maintainer says there is none
    ("byline: ''", None),
    ("byline: {name: '  '}", None),
    ("byline: '  Long   Hồ '", "Long Hồ"),
])
def test_a_byline_given_by_the_maintainer_is_trimmed_and_may_be_none(extractor, side, name):
    """A blank byline in a sidecar made an author named "   ", with a page at /tac-gia/x/."""
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    text = "Tiêu đề\n\nNgày 24/5/2019, Quận ủy Quận 10 triển khai Chỉ thị số 05-CT/TW.\n\nMinh Anh\n"
    rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode(), ".txt", side.encode(), "x.yaml"))
    assert (rec.byline.name if rec.byline else None) == name
    assert not any(w.kind == "no-byline" for w in rec.warnings)



_LAST_SENTENCES = ("Phát biểu tại hội nghị, Bí thư Tỉnh ủy đề nghị làm theo Bác thường xuyên. "
                   "Hội nghị đã khen thưởng 50 tập thể xuất sắc.")


@pytest.mark.parametrize("line", ["Hội nghị đã khen thưởng 50 tập thể xuất sắc. (Theo TTXVN)",
                                  "Hội nghị đã khen thưởng 50 tập thể, cá nhân xuất sắc. (Nguồn: VGP)",
                                  "Hội nghị kết thúc lúc 11 giờ cùng ngày (Theo VOV)"])
def test_a_sentence_before_a_source_credit_is_no_signature(line):
    # the source is plain, but what stands before it is text: the line is no byline
    assert parse_byline(line, known_outlets=KNOWN) is None


@pytest.mark.parametrize("tail, name, outlet", [
    ("(Theo TTXVN)", "", "TTXVN"),
    ("(Nguồn: VGP)", "", "VGP"),
    ("Hà Nam (Theo QĐND)", "Hà Nam", "QĐND"),
    ("PV (Theo VOV)", "", "VOV"),
])
def test_a_credit_glued_to_the_last_sentence_leaves_the_sentence(tail, name, outlet):
    b, hit, printed, after = split_glued_tail(f"{_LAST_SENTENCES} {tail}", KNOWN)
    assert b == _LAST_SENTENCES and printed == tail
    assert hit is not None and (hit.name, hit.credit_outlet) == (name, outlet)


@pytest.mark.parametrize("line, name", [
    ("Trung úy Hà Nam", "Hà Nam"), ("Thiếu úy Nguyễn Văn An", "Nguyễn Văn An"), ("Thượng úy Lê Minh", "Lê Minh"),
    ("Đại tướng Phan Văn Giang", "Phan Văn Giang"), ("Trung sĩ Hoàng Long", "Hoàng Long"),
    ("Chuẩn úy Đỗ Hùng", "Đỗ Hùng"), ("Binh nhất Trần Văn Tú", "Trần Văn Tú"),
    ("Bác sĩ Trần Thu Hà", "Trần Thu Hà"), ("Nhà thơ Hữu Thỉnh", "Hữu Thỉnh"),
    ("Luật gia Nguyễn Minh Tâm", "Nguyễn Minh Tâm"), ("Kỹ sư Lê Văn Tám", "Lê Văn Tám"),
    ("THƯỢNG TÁ NGUYỄN VĂN HÒA", "Nguyễn Văn Hòa"), ("thượng tá Nguyễn Văn Hòa", "Nguyễn Văn Hòa"),
    ("Đại tá, PGS.TS Trần Văn Minh", "Trần Văn Minh"), ("PGS.TS Nguyễn Văn A", "Nguyễn Văn A"),
    ("GS.TS. Lê Hữu Nghĩa", "Lê Hữu Nghĩa"), ("NHÀ BÁO MINH ANH", "Minh Anh"), ("ThS. Lê Thu", "Lê Thu"),
    ("Trung tá Hồ Quang (QĐND)", "Hồ Quang"),
    ("Trung Sĩ", "Trung Sĩ"),     # a title and nothing after it: a name so written, kept
])
def test_a_rank_or_title_before_the_name_is_not_part_of_it(line, name):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == name and hit.role == "author"


@pytest.mark.parametrize("tail, name", [("TS.LÊ VĂN BÌNH", "Lê Văn Bình"), ("PGS.TS.TRẦN THU HÀ", "Trần Thu Hà"),
                                        ("ThS.Nguyễn Thị Hoa", "Nguyễn Thị Hoa")])
def test_a_degree_with_no_space_after_its_stop_is_taken_off_the_name(tail, name):
    hit = parse_byline(tail, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == name and hit.role == "author"
    b, hit, printed, after = split_glued_tail(f"{_LAST_SENTENCES} {tail}", KNOWN, TITLES)
    assert b == _LAST_SENTENCES and printed == tail and hit is not None and hit.name == name


def test_a_rank_before_the_name_glued_to_the_last_sentence():
    b, hit, tail, after = split_glued_tail(f"{_LAST_SENTENCES} Trung úy Hà Nam", KNOWN, TITLES)
    assert b == _LAST_SENTENCES and hit is not None and hit.name == "Hà Nam"


@pytest.mark.parametrize("line", ["PV - CTV", "PV-CTV", "PV/CTV", "Nhóm PV - CTV", "PV, CTV", "PV – BTV",
                                  "NHÓM PV-CTV"])
def test_staff_signatures_joined_are_one_signature(line):
    assert is_group_signature(line) and parse_byline(line, known_outlets=KNOWN) is None
    b, hit, tail, after = split_glued_tail(f"{_LAST_SENTENCES} {line}", KNOWN)
    assert (b, hit, tail) == (_LAST_SENTENCES, None, line)


def test_staff_signatures_joined_with_a_source_credit_it():
    hit = parse_byline("PV - CTV (Theo VOV)", known_outlets=KNOWN)
    assert hit is not None and (hit.name, hit.credit_outlet) == ("", "VOV")


@pytest.mark.parametrize("line, name", [("Khánh Vũ. Ảnh: PV", "Khánh Vũ"), ("N. Huyền. Ảnh: Minh Đức", "N. Huyền"),
                                        ("KHÁNH VŨ. ẢNH: TTXVN", "Khánh Vũ"),
                                        ("Minh N. Ảnh: PV", "Minh N.")])   # an initial keeps its stop
def test_a_photo_credit_after_the_names_full_stop(line, name):
    hit = parse_byline(line, known_outlets=KNOWN)
    assert hit is not None and (hit.name, hit.role) == (name, "author")


def test_a_name_and_photo_credit_glued_to_the_last_sentence():
    b, hit, tail, after = split_glued_tail(f"{_LAST_SENTENCES} Hà Nam. Ảnh: PV", KNOWN)
    assert b == _LAST_SENTENCES and hit is not None and hit.name == "Hà Nam"


@pytest.mark.parametrize("line", ["PGS.TS Lê Văn Bình -", "TS. LÊ VĂN BÌNH –", "Thượng tá Hà Nam -"])
def test_a_speaker_label_before_its_dash_is_no_byline(line):
    # an interview's answer opens "PGS.TS Lê Văn Bình - ..."; the label left alone at the end, its
    # answer cut off, names the speaker, not the author
    assert parse_byline(line, known_outlets=KNOWN, titles=TITLES) is None
    b, hit, tail, after = split_glued_tail(f"{_LAST_SENTENCES} {line}", KNOWN, TITLES)
    assert hit is None and tail is None


def test_an_author_before_a_cut_off_outlet_keeps_the_byline():
    hit = parse_byline("Hoàng Thu Hà -", known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == "Hoàng Thu Hà"


@pytest.mark.parametrize("line", ["Ảnh và thực hiện: Lê Thu Hà", "Ảnh, thực hiện: Lê Thu Hà",
                                  "Ảnh - Phỏng vấn: Lê Thu Hà"])
def test_a_photo_label_with_the_interviewers_names_the_interviewer(line):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.role) == ("Lê Thu Hà", "interviewer")


@pytest.mark.parametrize("line, name", [("Ảnh và bài: Lê Thu Hà", "Lê Thu Hà"), ("Ảnh, tin: Lê Thu Hà", "Lê Thu Hà")])
def test_a_photo_label_with_the_texts_names_the_author(line, name):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.role) == (name, "author")


@pytest.mark.parametrize("line, name, outlet", [
    ("Báo Quảng Trị - Hồng Nhung", "Hồng Nhung", "Báo Quảng Trị"),
    ("Đài PT-TH Bắc Kạn - Thu Hằng", "Thu Hằng", "Đài PT-TH Bắc Kạn"),   # the outlet's own hyphen kept
    ("Dân Trí - Quang Vinh", "Quang Vinh", "Dân Trí"),                   # a known outlet
    ("TTXVN - Hoài Nam", "Hoài Nam", "TTXVN"),                           # an acronym shaped as an outlet
])
def test_the_outlet_before_the_author_is_the_credit(line, name, outlet):
    """"Báo X - Minh Anh" read as one author "Báo X - Minh Anh": the outlet first, then a dash and the
    author, is read as "Minh Anh - Báo X" is."""
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.role, hit.credit_outlet) == (name, "author", outlet)
    flipped = parse_byline(f"{name} - {outlet}", known_outlets=KNOWN, titles=TITLES)
    assert flipped is not None and (flipped.name, flipped.credit_outlet) == (hit.name, hit.credit_outlet)


def test_a_journal_before_the_author_is_the_credit():
    # (after the name, "- Tạp chí ..." reads as where the author works, as "- Học viện ..." does)
    hit = parse_byline("Tạp chí Tuyên giáo - Lê Hữu Phước", known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.credit_outlet) == ("Lê Hữu Phước", "Tạp chí Tuyên giáo")


@pytest.mark.parametrize("line, name", [("Văn Hùng – Anh Cường", "Văn Hùng – Anh Cường"),   # two authors
                                        ("Bảo Ngọc - Minh Anh", "Bảo Ngọc - Minh Anh")])
def test_a_name_before_a_dash_is_no_outlet(line, name):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == name and hit.credit_outlet is None


def test_the_outlet_before_the_author_ends_an_article(extractor):
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    text = ("Tiêu đề\n\nNgày 24/5/2019, Huyện ủy triển khai Chỉ thị số 05-CT/TW đến các chi bộ.\n\n"
            "Báo Quảng Trị - Hồng Nhung\n")
    rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode()))
    assert rec.byline is not None and rec.byline.name == "Hồng Nhung"
    assert all("Quảng Trị - Hồng" not in b.text for b in rec.blocks)


@pytest.mark.parametrize("line, name", [
    ("Th.S LÊ VĂN BÌNH", "Lê Văn Bình"), ("Th.s Trần Thu Hà", "Trần Thu Hà"), ("T.S Nguyễn Minh Tâm", "Nguyễn Minh Tâm"),
    ("Th.S. Hoàng Long", "Hoàng Long"), ("Th.S.Hoàng Long", "Hoàng Long"), ("Ths. Lê Thu", "Lê Thu"),
    ("Đại tá, Th.S Đỗ Hùng", "Đỗ Hùng"), ("PGS.TS Lê Hà Nam", "Lê Hà Nam"),
])
def test_a_degree_with_a_stop_inside_is_taken_off_the_name(line, name):
    """"Th.S" (thạc sĩ) stayed in the name: the titles were split at every stop, so "Th.S" was
    looked for as "Th" then "S", neither a title. A title whose pieces are no titles is kept whole."""
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == name and hit.role == "author"
    b, hit, printed, after = split_glued_tail(f"{_LAST_SENTENCES} {line}", KNOWN, TITLES)
    assert b == _LAST_SENTENCES and hit is not None and hit.name == name


@pytest.mark.parametrize("line, name", [("Minh N.", "Minh N"), ("N.T. Hà", "N.T. Hà"), ("T.S. Hà", "T.S. Hà"),
                                        ("T.S.Hà", "T.S.Hà"), ("Th.Sơn", "Th.Sơn"), ("Th.Hà", "Th.Hà"),
                                        ("T.Sơn Hà", "T.Sơn Hà")])
def test_initials_are_no_degree(line, name):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.name == name


def test_a_title_with_a_stop_inside_is_read_one_way():
    from bantin.extract.bylines import name_titles
    rx = name_titles(["Th.S", "T.S", "PGS", "TS", "PGS.TS"])
    assert rx.match("PGS.TS Lê Hà") and rx.match("Th.S Lê Hà") and rx.match("t.s Lê Hà")
    assert not rx.match("Th.Sơn Hà") and not rx.match("Th Hà")


def test_outlets_openings_are_data():
    """"Báo ..." is an outlet's name by outlets.yaml's openings, not by a list in the code."""
    plain = frozenset(KNOWN)
    assert parse_byline("Báo Sơn La", known_outlets=KNOWN).role == "credit"
    assert parse_byline("Minh Anh - Báo Sơn La", known_outlets=KNOWN).credit_outlet == "Báo Sơn La"
    assert parse_byline("Minh Anh - Báo Sơn La", known_outlets=plain).credit_outlet is None
    mine = KnownOutlets(plain, ["Nhật báo "], ["Nhật báo "])
    assert parse_byline("Nhật báo Sơn La", known_outlets=mine).role == "credit"
    assert parse_byline("Nhật báo Sơn La - Minh Anh", known_outlets=mine).credit_outlet == "Nhật báo Sơn La"
    assert mine.with_names({"abc"}).openings == mine.openings and "abc" in mine.with_names({"abc"})


@pytest.mark.parametrize("line, name, outlet", [
    ("THANH TÂM – BÁO YÊN BÁI", "Thanh Tâm", "BÁO YÊN BÁI"),
    ("BÁO YÊN BÁI – THANH TÂM", "Thanh Tâm", "BÁO YÊN BÁI"),
    ("HÀ LAN - ĐÀI PT-TH TỈNH", "Hà Lan", "ĐÀI PT-TH TỈNH"),
])
def test_an_outlet_in_capitals_is_an_outlet(line, name, outlet):
    """"THANH TÂM – BÁO YÊN BÁI" gave an author "Thanh Tâm – Báo Yên Bái": the openings of outlets'
    names were compared as printed in small letters only."""
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.credit_outlet) == (name, outlet)


@pytest.mark.parametrize("line", ["MINH ANH - BẢO NGỌC", "Minh Anh - BÁO Ngọc"])   # a name; capitals only in a capitals line
def test_a_name_in_capitals_after_a_dash_is_no_outlet(line):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and hit.credit_outlet is None


@pytest.mark.parametrize("line, name, outlet", [
    ("Quỳnh Anh - Cổng TTĐT tỉnh", "Quỳnh Anh", "Cổng TTĐT tỉnh"),
    ("Cổng TTĐT tỉnh - Quỳnh Anh", "Quỳnh Anh", "Cổng TTĐT tỉnh"),
    ("Cổng TTĐT tỉnh Hà Giang", "", "Cổng TTĐT tỉnh Hà Giang"),
])
def test_an_electronic_portal_abbreviated_is_an_outlet(line, name, outlet):
    """"Cổng TTĐT" (cổng thông tin điện tử) as "Cổng thông tin ": the line had no byline at all."""
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.credit_outlet) == (name, outlet)


@pytest.mark.parametrize("line", ["Minh Anh - UBND huyện", "Minh Anh - MTTQ xã Tân Lập", "Minh Anh – UBND thị trấn"])
def test_an_office_after_a_dash_is_no_outlet(line):
    """"Minh Anh - UBND huyện" credited an outlet "UBND huyện": an office's acronym with the unit it
    serves is where the author works, after a dash as in brackets ("Minh Anh (UBND huyện)")."""
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.credit_outlet) == ("Minh Anh", None)
    paren = parse_byline(f"Minh Anh ({line.split(' ', 3)[3]})", known_outlets=KNOWN, titles=TITLES)
    assert paren is not None and (paren.name, paren.credit_outlet) == ("Minh Anh", None)


@pytest.mark.parametrize("line, outlet", [("Minh Anh - VTC News", "VTC News"), ("Minh Anh - VOV Giao thông", "VOV Giao thông")])
def test_an_outlets_acronym_with_a_name_after_a_dash_is_an_outlet(line, outlet):
    hit = parse_byline(line, known_outlets=KNOWN, titles=TITLES)
    assert hit is not None and (hit.name, hit.credit_outlet) == ("Minh Anh", outlet)
