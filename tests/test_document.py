"""The full text of an official document (a directive, a decision) saved as an article: its header
gives the title and the date of issue, its signature the signer, and neither is read as news."""

from __future__ import annotations

import pytest

from bantin.extract.document import read_document
from bantin.model import SourceDocument
from bantin.reader import parse_bytes

DIRECTIVE = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 05-CT/TW

ĐẢNG CỘNG SẢN VIỆT NAM

Hà Nội, ngày 15 tháng 5 năm 2016

CHỈ THỊ
CỦA BỘ CHÍNH TRỊ
về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh

Sau gần 10 năm thực hiện Chỉ thị số 06-CT/TW, ngày 07/11/2006 của Bộ Chính trị khóa X, việc học tập và làm theo Bác đã đạt được những kết quả quan trọng.

Bộ Chính trị yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt những nội dung sau.

T/M BỘ CHÍNH TRỊ
TỔNG BÍ THƯ

Nguyễn Phú Trọng

Nơi nhận:
- Các tỉnh ủy, thành ủy,
- Lưu Văn phòng Trung ương Đảng.
"""

DECISION = """ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG
Số: 1234/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình Dương, ngày 05 tháng 6 năm 2019

QUYẾT ĐỊNH
V/v ban hành Kế hoạch thực hiện Chỉ thị số 05-CT/TW năm 2019

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; xét đề nghị của Giám đốc Sở Nội vụ.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chỉ thị số 05-CT/TW trên địa bàn tỉnh Bình Dương năm 2019.

Điều 2. Quyết định có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
TRẦN THANH LIÊM
"""


def record(extractor, text: str):
    return extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode()))


def test_a_directive_s_full_text(extractor):
    rec = record(extractor, DIRECTIVE)
    assert rec.title == ("Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                         "phong cách Hồ Chí Minh")
    assert (rec.date, rec.date_basis, rec.genre) == ("2016-05-15", "dateline", "document")
    assert rec.byline is not None and (rec.byline.name, rec.byline.role) == ("Nguyễn Phú Trọng", "signer")
    assert rec.blocks[0].kind == "lead" and rec.blocks[0].text.startswith("Sau gần 10 năm")
    assert not any("Nơi nhận" in b.text or b.text.startswith("Các tỉnh ủy") for b in rec.blocks)
    assert {"05-CT/TW", "06-CT/TW"} <= {d.code for d in rec.directives}
    assert "Số 05-CT/TW" in rec.dropped and "Lưu Văn phòng Trung ương Đảng." in " ".join(rec.dropped)


def test_a_state_decision_with_its_recipients_before_the_signature(extractor):
    rec = record(extractor, DECISION)
    assert rec.title == "Quyết định số 1234/QĐ-UBND về việc ban hành Kế hoạch thực hiện Chỉ thị số 05-CT/TW năm 2019"
    assert rec.date == "2019-06-05" and rec.genre == "document"
    assert rec.byline is not None and rec.byline.name == "Trần Thanh Liêm"    # printed in capitals
    assert rec.blocks[-1].text.startswith("Điều 2.")
    assert "binh-duong" in {loc.key for loc in rec.localities}     # named in its text, "tỉnh Bình Dương"
    assert {"1234/QĐ-UBND", "05-CT/TW"} <= {d.code for d in rec.directives}   # its own number, from the title


@pytest.mark.parametrize("text", [
    # a heading in capitals inside a news article: no number, date of issue or motto above it
    "Hội nghị sơ kết Chỉ thị 05\n\nSáng 7/6, hội nghị diễn ra tại Hà Nội.\n\nKẾT LUẬN\n\nHội nghị thống nhất.\n",
    "KẾT LUẬN\n\nHội nghị thống nhất các nội dung.\n",
    # a paragraph above the kind line: text, not a header
    "Số 05-CT/TW\n\n" + "Một đoạn văn dài của bài báo kể lại hội nghị. " * 6 + "\n\nCHỈ THỊ\n\nNội dung.\n",
])
def test_news_is_not_read_as_a_document(text):
    assert read_document(text) is None


def test_a_news_article_about_a_directive_stays_news(extractor):
    rec = record(extractor, "Quận 10 sơ kết Chỉ thị số 02/CT-QU\n\nSáng 7/6/2019, Quận ủy Quận 10 tổ chức hội nghị.\n\n"
                            "Minh Anh\n")
    assert rec.genre == "news" and rec.byline is not None and rec.byline.role == "author"


@pytest.mark.parametrize("signature, signer", [
    ("T/M BỘ CHÍNH TRỊ\nTỔNG BÍ THƯ\n", None),                     # the name left out: no office as a name
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n(Đã ký)\nTRƯƠNG HÒA BÌNH\n", "Trương Hòa Bình"),   # a surname, no office
])
def test_the_signer_is_a_name_never_an_office(signature, signer):
    parts = read_document(DIRECTIVE.split("T/M BỘ CHÍNH TRỊ")[0] + signature)
    assert parts is not None and parts.signer == signer
