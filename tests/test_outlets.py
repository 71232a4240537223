"""The outlet of an article from the marker that opens its lead (SPEC 3.5): the outlets of
``content/outlets.yaml``, with or without brackets, an agency's story through another outlet."""

from __future__ import annotations

import pytest

from bantin.config import SiteData
from bantin.extract import Extractor
from bantin.model import SourceDocument
from bantin.reader import parse_bytes

from support import CONTENT

TITLE = "Tân Uyên học tập và làm theo Bác là nhiệm vụ thường xuyên"
LEAD = "Sáng 7/6, hội nghị sơ kết diễn ra tại Hà Nội."


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_data(SiteData.load(CONTENT))


def record(extractor, text: str):
    return extractor.extract(parse_bytes(SourceDocument("x.txt"), text.encode()))


@pytest.mark.parametrize("marker, key, kept", [
    ("(ĐCSVN) -", "dangcongsan.vn", False),
    ("(NLĐO) -", "nld.com.vn", False),
    ("(Dân trí) -", "dantri.com.vn", False),
    ("(Nhân Dân) -", "nhandan.vn", False),
    ("(TTXVN/Vietnam+) -", "vietnamplus.vn", False),   # the agency's story, through an outlet
    ("TTO -", "tuoitre.vn", True),                      # no brackets: the marker stays in the text
    ("VOV.VN -", "vov.vn", True),
    ("NDO -", "nhandan.vn", True),
    ("TTXVN -", "vietnamplus.vn", True),
    ("(HNMO) -", "hanoimoi.vn", False),                 # outlets of provinces and the army's journal
    ("(QBĐT) -", "baoquangbinh.vn", False),
    ("(ĐN) -", "baodongnai.com.vn", False),
    ("TTTĐ -", "tuoitrethudo.com.vn", True),
    ("KTĐT -", "kinhtedothi.vn", True),
    ("(QPTD) -", "tapchiqptd.vn", False),
])
def test_the_leads_marker_names_the_outlet(extractor, marker, key, kept):
    rec = record(extractor, f"{TITLE}\n{marker} {LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.outlet is not None and rec.outlet.key == key
    assert rec.blocks[0].text == (f"{marker} {LEAD}" if kept else LEAD)


@pytest.mark.parametrize("opening", ["UBND -", "Hà Nội -", "(a/b) -", "Tuổi trẻ - nguồn lực của đất nước:"])
def test_an_opening_that_is_no_known_outlet_is_text(extractor, opening):
    rec = record(extractor, f"{TITLE}\n{opening} {LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.outlet is None
    assert rec.blocks[0].text.startswith(opening)


@pytest.mark.parametrize("masthead, key", [("Báo điện tử Đảng Cộng sản Việt Nam", "dangcongsan.vn"),
                                           ("Báo Nhân Dân", "nhandan.vn"), ("VnExpress", "vnexpress.net"),
                                           ("Tuổi Trẻ Online", "tuoitre.vn")])
def test_the_outlets_masthead_above_the_title(extractor, masthead, key):
    rec = record(extractor, f"{masthead}\n{TITLE}\n{LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.title == TITLE and rec.outlet.key == key
    # the lead's own marker wins over the masthead (a story another outlet printed)
    rec = record(extractor, f"{masthead}\n{TITLE}\n(ĐCSVN) - {LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.title == TITLE and rec.outlet.key == "dangcongsan.vn"


@pytest.mark.parametrize("opening, kept, key", [
    ("Quảng Ninh (TTXVN) -", "Quảng Ninh -", "vietnamplus.vn"),
    ("Hà Nội, 7/6 (TTXVN) -", "Hà Nội, 7/6 -", "vietnamplus.vn"),
    ("Cần Thơ (TTXVN/Vietnam+) -", "Cần Thơ -", "vietnamplus.vn"),
    ("TP Hồ Chí Minh (VOV) -", "TP Hồ Chí Minh -", "vov.vn"),
])
def test_a_place_before_the_leads_marker_stays_in_the_text(extractor, opening, kept, key):
    rec = record(extractor, f"{TITLE}\n{opening} {LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.outlet is not None and rec.outlet.key == key
    assert rec.blocks[0].text == f"{kept} {LEAD}"
    place = opening.split(" (")[0].split(",")[0]
    assert any(loc.name.endswith(place.replace("TP ", "")) for loc in rec.localities)   # still a locality


@pytest.mark.parametrize("opening", ["Liên Hợp Quốc (LHQ) -", "Ông Nguyễn Văn A (PV) -"])
def test_a_name_before_an_unknown_acronym_is_text(extractor, opening):
    rec = record(extractor, f"{TITLE}\n{opening} {LEAD}\nĐồng chí Nguyễn Văn B phát biểu.\n")
    assert rec.outlet is None and rec.blocks[0].text.startswith(opening)
