"""Locality extraction: every trap of SPEC 3.4 on small hand-written snippets, the five seeds,
and properties (never fails; same answer under the other tone convention and extra white space)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin.extract.localities import LocalityResult, find_localities
from bantin.gazetteer import Gazetteer, old_tone_form
from bantin.text import tone_normalize

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "content" / "places.yaml"
SEEDS = ROOT / "content" / "articles"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(PLACES)


def run(gaz, *texts, **kw) -> LocalityResult:
    return find_localities(list(texts), gaz, **kw)


def keys(res: LocalityResult, level: str | None = None) -> set[str]:
    return {l.key for l in res.localities if level is None or l.level == level}


def mentions(res: LocalityResult, key: str) -> int:
    return next(l.mentions for l in res.localities if l.key == key)


# --- type words, abbreviations, tone conventions --------------------------------------------

@pytest.mark.parametrize("text", [
    "Huyện ủy Hòa Vang tổ chức hội nghị.",
    "Huyện uỷ Hoà Vang tổ chức hội nghị.",          # the other tone convention
    "Tại huyện Hoà  Vang, nhiều xã đã làm tốt.",     # extra space
    "UBND H. Hòa Vang cho biết.",
])
def test_district_with_type_word_and_tone_conventions(gaz, text):
    res = run(gaz, text)
    assert keys(res) == {"da-nang", "da-nang/hoa-vang"}
    hv = next(l for l in res.localities if l.key == "da-nang/hoa-vang")
    assert hv.name == "Huyện Hòa Vang" and hv.short_name == "Hòa Vang" and hv.level == "district"
    assert mentions(res, "da-nang") == 0          # implied, never named
    assert res.primary == "da-nang/hoa-vang"


def test_abbreviations(gaz):
    res = run(gaz, "Lãnh đạo TX Tân Uyên và TX. Bến Cát, tỉnh Bình Dương làm việc với TP.Thủ Dầu Một.",
              year=2020)
    assert keys(res, "district") == {"binh-duong/tan-uyen", "binh-duong/ben-cat", "binh-duong/thu-dau-mot"}
    assert keys(res, "province") == {"binh-duong"}
    tu = next(l for l in res.localities if l.key == "binh-duong/tan-uyen")
    assert tu.name == "Thị xã Tân Uyên"           # as it was in 2020 (a city since 2023)


def test_numbered_districts_imply_ho_chi_minh_city(gaz):
    for text in ("Quận ủy Quận 10 họp.", "Người dân Q.10 và Q. 3 tham gia.", "ở quận 10, nhiều hộ dân"):
        res = run(gaz, text)
        assert "ho-chi-minh/quan-10" in keys(res), text
        assert "ho-chi-minh" in keys(res, "province")


def test_quan_2_existed_in_2019_not_in_2023(gaz):
    res = run(gaz, "Người dân phường Thạnh Mỹ Lợi, Quận 2 chung tay vệ sinh.", date="2019-11-29")
    assert "ho-chi-minh/quan-2" in keys(res)
    assert "ho-chi-minh/quan-2/thanh-my-loi" in keys(res)
    later = run(gaz, "Người dân phường Thạnh Mỹ Lợi, thành phố Thủ Đức chung tay.", date="2023-05-01")
    assert "ho-chi-minh/thu-duc" in keys(later) and "ho-chi-minh/quan-2" not in keys(later)
    thu_duc = next(l for l in later.localities if l.key == "ho-chi-minh/thu-duc")
    assert thu_duc.name == "Thành phố Thủ Đức"


def test_districts_merged_away_are_found_in_old_articles(gaz):
    res = run(gaz, "Đoàn kiểm tra làm việc tại Thành phố Vinh, Thị xã Cửa Lò và huyện Tĩnh Gia.",
              date="2017-03-02")
    assert {"nghe-an/vinh", "nghe-an/cua-lo", "thanh-hoa/tinh-gia"} <= keys(res, "district")
    assert next(l for l in res.localities if l.key == "nghe-an/cua-lo").name == "Thị xã Cửa Lò"


def test_aliases(gaz):
    assert keys(run(gaz, "Cán bộ, công chức Thủ đô có trách nhiệm.")) == {"ha-noi"}
    for alias in ("TPHCM", "TP.HCM", "TP HCM", "TP. Hồ Chí Minh", "Tp.HCM"):
        res = run(gaz, f"Bí thư Thành ủy {alias} Nguyễn Thiện Nhân phát biểu.")
        assert keys(res) == {"ho-chi-minh"}, alias
    assert keys(run(gaz, "Thành phố mang tên Bác đã đạt nhiều kết quả.")) == {"ho-chi-minh"}
    assert keys(run(gaz, "Ở Huế trước đây có dự án tương tự.", year=2017)) == {"thua-thien-hue",
                                                                                "thua-thien-hue/hue"}


@pytest.mark.parametrize("text, want", [
    ("Hội nghị diễn ra tại thành phố HCM sáng nay.", {"ho-chi-minh"}),   # the type word in lower case
    ("Đoàn đã đến tp HCM và tp.HCM làm việc.", {"ho-chi-minh"}),
    ("Lãnh đạo Thành ủy HCM và UBND Tp. HCM dự.", {"ho-chi-minh"}),
    # bare, "HCM" is the man; after a district's type word it is nothing
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách HCM; Bác HCM.", set()),
    ("Tại quận HCM, huyện HCM.", set()),
])
def test_hcm_after_a_city_type_word_is_the_city(gaz, text, want):
    assert keys(run(gaz, text)) == want


@pytest.mark.parametrize("text, want", [
    ("Sáng nay, đoàn công tác đến TT.Huế khảo sát.", {"thua-thien-hue"}),   # Thừa Thiên Huế abbreviated
    ("Sáng nay, đoàn công tác đến TT. Huế khảo sát.", {"thua-thien-hue"}),
    ("Sáng nay, đoàn công tác đến TT-Huế khảo sát.", {"thua-thien-hue"}),
])
def test_tt_before_hue_is_the_province(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


def test_tt_before_another_name_is_a_town(gaz):
    res = run(gaz, "Đoàn công tác đến TT. Phú Bài, TT.Huế và TT.Phú Đa khảo sát.", year=2019)
    assert {"thua-thien-hue", "thua-thien-hue/huong-thuy/phu-bai", "thua-thien-hue/phu-vang/phu-da"} <= keys(res)
    assert mentions(res, "thua-thien-hue") == 1


@pytest.mark.parametrize("abbr", ["TT", "Tt", "TT.", "TT. ", "tt."])
def test_tt_undotted_before_a_towns_name_is_the_town(gaz, abbr):
    sep = "" if abbr.endswith(" ") or abbr == "TT." else " "
    res = run(gaz, f"Sáng 3-4, Đảng ủy {abbr}{sep}Đông Anh tổ chức hội nghị sơ kết.", year=2019)
    assert "ha-noi/dong-anh/dong-anh" in keys(res, "ward") and "ha-noi/dong-anh" in keys(res)


@pytest.mark.parametrize("text, want", [
    ("Trang TT Lạng Sơn đăng tin về hội nghị.", {"lang-son"}),      # no town of that name: as before
    ("Theo TT Trần Văn Hải, cần đẩy mạnh cải cách.", set()),          # Thủ tướng: no place
    ("Bản tin tt đông anh phát hành hằng tuần.", set()),                # the name in lower case
])
def test_tt_undotted_is_no_type_word_before_other_names(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


def test_a_name_placed_in_a_foreign_country_is_that_place_everywhere_in_the_article(gaz):
    # Hà Nam is a province of China too: named once with its country in brackets, it is that one
    res = run(gaz, "Chiều 12-3, tại TP Khai Phong (tỉnh Hà Nam, Trung Quốc), đoàn đã hội kiến Bí thư Tỉnh ủy Hà Nam.",
              "Lãnh đạo tỉnh Hà Nam tiếp đoàn.")
    assert keys(res) == set()
    assert keys(run(gaz, "Đoàn đến Hà Nam (Trung Quốc) rồi về Hà Nội.")) == {"ha-noi"}
    # the country after a list, or another place in brackets, changes nothing
    assert keys(run(gaz, "Đoàn tỉnh Hà Nam thăm tỉnh Hồ Nam (Trung Quốc); Hà Nam, Trung Quốc và Lào cùng dự.")) \
        == {"ha-nam"}
    assert keys(run(gaz, "Hợp tác giữa Lào Cai (Việt Nam) và Vân Nam (Trung Quốc).")) == {"lao-cai"}


@pytest.mark.parametrize("spelling, key", [("Kontum", "kon-tum"), ("Đắklắk", "dak-lak"), ("Daklak", "dak-lak"),
                                           ("Gialai", "gia-lai"), ("Đắc Lắc", "dak-lak"), ("BR-VT", "ba-ria-vung-tau")])
def test_older_and_joined_spellings_of_provinces(gaz, spelling, key):
    assert keys(run(gaz, f"Tỉnh ủy {spelling} tổ chức hội nghị.")) == {key}


@pytest.mark.parametrize("text, key", [
    ("Đoàn công tác đến Pleiku làm việc.", "gia-lai/pleiku"),     # one word of two syllables, bare
    ("Hội nghị tổ chức tại Buôn Mê Thuột.", "dak-lak/buon-ma-thuot"),
    ("Du khách đến Sapa ngày càng đông.", "lao-cai/sa-pa"),
])
def test_other_spellings_of_cities(gaz, text, key):
    assert key in keys(run(gaz, text, year=2017))


@pytest.mark.parametrize("text, key", [
    ("Cán bộ huyện đảo Lý Sơn tham gia.", "quang-ngai/ly-son"),
    ("Chiến sĩ trên huyện đảo Trường Sa đón Tết.", "khanh-hoa/truong-sa"),   # a name that needs its type word
    ("Nhân dân Huyện đảo Bạch Long Vĩ", "hai-phong/bach-long-vi"),
    ("Lãnh đạo thành phố đảo Phú Quốc cho biết.", "kien-giang/phu-quoc"),
])
def test_island_district_type_words(gaz, text, key):
    assert key in keys(run(gaz, text, year=2021))


def test_alias_followed_by_another_name(gaz):
    assert keys(run(gaz, "Thủ đô Viêng Chăn của Lào.")) == set()
    assert keys(run(gaz, "Thủ đô Hà Nội đẹp.")) == {"ha-noi"}
    assert mentions(run(gaz, "Thủ đô Hà Nội đẹp."), "ha-noi") == 2


def test_hue_city_before_and_after_2025(gaz):
    assert keys(run(gaz, "UBND thành phố Huế họp.", year=2017)) == {"thua-thien-hue", "thua-thien-hue/hue"}
    assert keys(run(gaz, "UBND thành phố Huế họp.", year=2025)) == {"thua-thien-hue"}
    res = run(gaz, "Tỉnh ủy Thừa Thiên Huế họp.", year=2017)
    assert keys(res) == {"thua-thien-hue"} and res.localities[0].name == "Tỉnh Thừa Thiên Huế"


def test_bare_unique_district_implies_its_province(gaz):
    res = run(gaz, "Thanh Khê và Cẩm Lệ đã triển khai sớm.")
    assert keys(res) == {"da-nang", "da-nang/thanh-khe", "da-nang/cam-le"}


# --- not places -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Phát biểu của đồng chí Hà Đức Hoài tại hội nghị.",
    "Phó Bí thư Võ Thị Dung khẳng định.",
    "Ông Nguyễn Đắc Vinh phát biểu.",
    "Thượng tướng Bế Xuân Trường, Thứ trưởng Bộ Quốc phòng.",
    "đại biểu Tống Thanh Bình nêu ý kiến.",
    "thu hút đầu tư vào cụm công nghiệp Kim Sơn.",
    "khu vực nút giao An Phú đang ùn tắc.",
    "Biến đổi khí hậu. Ảnh: Hải An. Chủ tịch Quốc hội cho biết.",
    "Sự nghiệp đổi mới./. Bình Minh/VOV.VN",
    "Phó Thủ tướng Trương Hòa Bình chủ trì.",
    "(Ảnh: Báo Bình Dương)",
    "Theo báo Quảng Ninh, đã có nhiều mô hình.",
    "Rác thải trên sông Sài Gòn được thu gom.",
    "Nhà ở đường Lê Lợi, đường Hai Bà Trưng.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Bảo tàng Hồ Chí Minh mở cửa.",
    "Việt Nam và Lào ký kết hợp tác.",
    "Hai quần đảo Hoàng Sa và Trường Sa của Việt Nam.",
    "dự án Formosa Hà Tĩnh gây sự cố.",
    "Sân bay Long Thành sẽ được xây dựng.",
    "Nxb Chính trị quốc gia, Hà Nội, 2010, tr. 52.",
    "Khóa học kết thúc tốt đẹp. Long Hồ",           # a signature closing the text
    "hòa bình và ổn định là mục tiêu",              # lower-case words, not places
])
def test_not_a_place(gaz, text):
    assert keys(run(gaz, text)) == set(), text


@pytest.mark.parametrize("texts, place", [
    (["Khóa học kết thúc tốt đẹp. Long Hồ."], False),          # a signature, its own dot after it
    (["Khóa học kết thúc tốt đẹp.", "Long Hồ"], False),        # a signature on its own line
    (["Khóa học kết thúc tốt đẹp.   Long Hồ - "], False),
    (["Hoàn thành nhiệm vụ - Long Hồ"], False),                # after a dash
    (["Đoàn công tác đã đến thăm Long Hồ"], True),            # the end of a sentence, no signature
    (["Đoàn công tác đã đến thăm Long Hồ."], True),
    (["Tại Long Hồ, đoàn đã làm việc."], True),
    (["(Long Hồ)"], True),
])
def test_a_signature_is_told_by_its_neighbours(gaz, texts, place):
    assert ("vinh-long/long-ho" in keys(run(gaz, *texts))) is place, texts


def test_hospital_of_a_district_is_in_the_district(gaz):
    res = run(gaz, "Bệnh viện Đa khoa huyện Gia Viễn (Ninh Bình) đã khắc phục.")
    assert keys(res) == {"ninh-binh", "ninh-binh/gia-vien"}


def test_a_longer_name_is_not_its_prefix(gaz):
    res = run(gaz, "hai xã Vĩnh Lộc A, Vĩnh Lộc B (huyện Bình Chánh)")
    assert "thanh-hoa" not in keys(res)
    assert "ho-chi-minh/binh-chanh" in keys(res)


def test_person_name_beside_a_real_place(gaz):
    res = run(gaz, "Chủ tịch UBND TP Đà Nẵng Huỳnh Đức Thơ cho biết.")
    assert keys(res) == {"da-nang"}
    res = run(gaz, "Bí thư Tỉnh ủy Quảng Ninh Nguyễn Văn Đọc làm việc tại Đông Triều.")
    assert "quang-ninh" in keys(res)


@pytest.mark.parametrize("text", [
    "Trong số đó có chị Hà Nam và anh Thái Bình, đoàn viên ở thôn Đông.",
    "Ông Hòa Bình cho biết.",
    "Em Hà Giang học lớp 5.",
    "Đồng chí Thái Bình phát biểu.",
    "Bà Hà Nam năm nay 80 tuổi.",
    "Theo đồng chí Thái Bình, việc này cần làm ngay.",
    "Gặp đ/c Thái Bình tại hội nghị.",
    "Hội nghị nghe Thượng tá Hà Nam báo cáo.",
    "Chúng tôi gặp cô Hoà Bình ở đầu làng.",        # the other tone convention
    "Ông bà kể rằng. Chị Hà Nam đã về.",
])
def test_a_form_of_address_makes_a_person(gaz, text):
    assert keys(run(gaz, text)) == set(), text


@pytest.mark.parametrize("text, place", [
    ("Tấm gương anh hùng Hà Nam được tuyên dương.", "ha-nam"),   # "anh hùng": no address
    ("Các em Hà Giang và Tuyên Quang vào lớp.", None),          # (an address: a person)
    ("Anh em Thái Bình đoàn kết một lòng.", "thai-binh"),       # "anh em": the people of a place
    ("Thầy cô Hà Tĩnh vượt khó.", "ha-tinh"),
    ("Đoàn đến thăm Hà Nam và Thái Bình.", "ha-nam"),
    ("Bác Hồ về thăm Hà Nam năm 1965.", "ha-nam"),
    ("Huyện Cô Tô có nhiều đảo.", "quang-ninh"),
])
def test_forms_of_address_and_ordinary_words(gaz, text, place):
    ks = keys(run(gaz, text))
    assert place is None or place in ks, (text, ks)


# --- ambiguity ------------------------------------------------------------------------------

def test_ambiguous_district_decided_by_its_province(gaz):
    res = run(gaz, "Chủ tịch UBND tỉnh Bến Tre thăm Khu công nghiệp An Hiệp, huyện Châu Thành.")
    assert keys(res, "district") == {"ben-tre/chau-thanh"}
    assert not res.problems


def test_ambiguous_district_decided_by_other_districts(gaz):
    res = run(gaz, "Huyện Giồng Trôm và huyện Châu Thành đã ra quân.")
    assert keys(res, "district") == {"ben-tre/giong-trom", "ben-tre/chau-thanh"}


def test_ambiguous_district_reported_when_context_is_silent(gaz):
    res = run(gaz, "Huyện Châu Thành đã hoàn thành chỉ tiêu.")
    assert keys(res) == set()
    assert len(res.problems) == 1
    p = res.problems[0]
    assert p.kind == "ambiguous-locality"
    assert "Châu Thành" in p.message and "Bến Tre" in p.message and "Tiền Giang" in p.message


def test_tan_uyen_two_provinces(gaz):
    res = run(gaz, "Tân Uyên học tập và làm theo Bác", "Đảng bộ Thị xã (TX) Tân Uyên, tỉnh Bình Dương.",
              year=2020)
    assert keys(res) == {"binh-duong", "binh-duong/tan-uyen"}
    assert mentions(res, "binh-duong/tan-uyen") == 2
    res = run(gaz, "Huyện ủy Tân Uyên, tỉnh Lai Châu họp.")
    assert keys(res, "district") == {"lai-chau/tan-uyen"}


def test_bare_shared_district_name_alone_is_reported_not_dropped(gaz):
    # no type word, no province anywhere: the name stays unassigned, and the report says so
    res = run(gaz, "Tân Uyên tổ chức hội nghị sơ kết 5 năm.", year=2020)
    assert keys(res) == set()
    assert [p.kind for p in res.problems] == ["ambiguous-locality"]
    msg = res.problems[0].message
    assert "Tân Uyên" in msg and "Lai Châu" in msg and "Bình Dương" in msg
    # the context naming the province still decides it, with nothing to report
    res = run(gaz, "Tân Uyên tổ chức hội nghị sơ kết.", "Tỉnh Lai Châu chỉ đạo.", year=2020)
    assert keys(res, "district") == {"lai-chau/tan-uyen"}
    assert not res.problems


def test_ambiguous_district_decided_by_the_nearest_province(gaz):
    res = run(gaz, "Đoàn đã thăm huyện A Lưới, tỉnh Thừa Thiên Huế và huyện Phong Điền, TP Cần Thơ.", year=2017)
    assert keys(res, "district") == {"thua-thien-hue/a-luoi", "can-tho/phong-dien"}
    assert not res.problems


def test_numbered_ward_needs_its_district(gaz):
    res = run(gaz, "Phường 12, Quận 10 ra mắt mô hình mới.")
    assert "ho-chi-minh/quan-10/phuong-12" in keys(res)
    alone = run(gaz, "Đảng ủy Phường 10 ra mắt mô hình mới.")
    assert not any(l.level == "ward" for l in alone.localities)
    assert alone.problems and "Phường 10" in alone.problems[0].message


def test_ward_beside_its_district_missing_from_the_snapshot_is_dropped_quietly(gaz):
    # the snapshot has no Phường 10 in Quận 5 (merged away): not one of the city's other six
    res = run(gaz, "Sáng 7/6, Đảng ủy Phường 10, Quận 5 tổ chức hội nghị.", date="2019-06-07")
    assert keys(res) == {"ho-chi-minh", "ho-chi-minh/quan-5"}
    assert not [p for p in res.problems if "Phường 10" in p.message], res.problems
    # a district gone by the article's time is an old name: its ward is still found where it is now
    res = run(gaz, "Đảng ủy phường Thảo Điền, Quận 2 tổ chức hội nghị.", date="2022-06-07")
    assert "ho-chi-minh/thu-duc/thao-dien" in keys(res)


@pytest.mark.parametrize("text", [
    "Người dân phường 7, quận Gò Vấp tham gia.",
    "Người dân P.7, Q.Gò Vấp tham gia.",
    "Người dân phường 7 (quận Gò Vấp) tham gia.",
])
def test_ward_beside_its_district_written_with_a_type_word_is_that_districts(gaz, text):
    # as "Phường 10, Quận 5": Gò Vấp's Phường 7 is missing from the snapshot, so none of the
    # city's other six, and nothing to report
    res = run(gaz, text, date="2019-06-07")
    assert keys(res) == {"ho-chi-minh", "ho-chi-minh/go-vap"}
    assert not res.problems, res.problems
    res = run(gaz, text.replace("7", "10"), date="2019-06-07")
    assert "ho-chi-minh/go-vap/phuong-10" in keys(res)


def test_ward_that_fits_no_named_place_is_dropped(gaz):
    # Trại Cau of Lê Chân was merged away before the snapshot; Thái Nguyên's is another ward
    res = run(gaz, "phố Chợ Con, phường Trại Cau, quận Lê Chân (Hải Phòng)")
    assert keys(res, "province") == {"hai-phong"}


# --- primary --------------------------------------------------------------------------------

def test_primary_province_when_districts_are_balanced(gaz):
    res = run(gaz, "quận Thanh Khê", "huyện Hòa Vang", "quận Cẩm Lệ")
    assert res.primary == "da-nang"


def test_primary_province_when_it_is_named_more(gaz):
    res = run(gaz, "TPHCM đạt kết quả tốt.", "Đảng bộ TPHCM", "phường Thạnh Mỹ Lợi, Quận 2", year=2019)
    assert res.primary == "ho-chi-minh"


def test_no_place_no_primary(gaz):
    res = run(gaz, "Hội nghị diễn ra tại Hội trường.")
    assert res.localities == [] and res.primary is None and res.problems == []


# --- the five seeds -------------------------------------------------------------------------

SEED_GOLD = {
    "000_54ced6e8596e1a3c.txt": (2019, {"ho-chi-minh"}, {"ho-chi-minh/quan-10"}, "ho-chi-minh/quan-10"),
    "001_20ddfb8bd626b568.txt": (2019, {"ha-noi"}, {"ha-noi/dong-da"}, "ha-noi"),
    "002_da59daf726c3fc18.txt": (2020, {"binh-duong"}, {"binh-duong/tan-uyen"}, "binh-duong/tan-uyen"),
    "003_3075083b46af0b60.txt": (2019, {"ho-chi-minh"}, {"ho-chi-minh/quan-2"}, "ho-chi-minh"),
    "004_562d37259cda37b3.txt": (2024, {"da-nang"}, {"da-nang/cam-le", "da-nang/hoa-vang", "da-nang/thanh-khe"},
                                 "da-nang"),
}
BYLINES = {"Long Hồ", "Hương Ly thực hiện", "K.V", "S. Hải", "NGỌC PHÚ"}


def seed_texts(path: Path) -> list[str]:
    """Every line of the file up to the byline (the page furniture after it is not body text)."""
    lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8-sig").splitlines()]
    out = []
    for line in lines:
        if line in BYLINES:
            break
        if line:
            out.append(line)
    return out


@pytest.mark.parametrize("name", sorted(SEED_GOLD))
def test_seed(gaz, name):
    year, provinces, districts, primary = SEED_GOLD[name]
    res = find_localities(seed_texts(SEEDS / name), gaz, year=year)
    assert keys(res, "province") == provinces
    assert keys(res, "district") == districts
    assert res.primary == primary
    assert not res.problems


def test_seed_002_wards_and_time(gaz):
    res = find_localities(seed_texts(SEEDS / "002_da59daf726c3fc18.txt"), gaz, date="2020-07-05")
    wards = {l.key for l in res.localities if l.level == "ward"}
    assert {"binh-duong/tan-uyen/tan-phuoc-khanh", "binh-duong/tan-uyen/tan-hiep",
            "binh-duong/tan-uyen/thanh-hoi"} <= wards
    assert next(l for l in res.localities if l.key == "binh-duong/tan-uyen").name == "Thị xã Tân Uyên"
    assert mentions(res, "binh-duong") == 1       # "Báo Bình Dương" is a newspaper


def test_repeated_calls_give_the_same_result(gaz):
    # the scanner keeps memos between calls (their speed is measured in bench/extprof, not here)
    texts = seed_texts(SEEDS / "002_da59daf726c3fc18.txt")
    first = find_localities(texts, gaz, year=2020)
    for _ in range(3):
        again = find_localities(texts, gaz, year=2020)
        assert [(loc.key, loc.mentions) for loc in again.localities] == \
            [(loc.key, loc.mentions) for loc in first.localities]


def test_many_blocks_count_every_mention(gaz):
    """40 distinct copies of a seed's blocks (the title among them): the same places, each
    mentioned at least 40 times as often.
    (How the time grows with the size: ``bench/linear.py --known``, case many-blocks.)"""
    texts = seed_texts(SEEDS / "004_562d37259cda37b3.txt")
    one = find_localities(texts, gaz, year=2024)
    big = [f"{t} ({i})" for i, t in enumerate(texts * 40)]   # repeated blocks are merged: distinct
    res = find_localities(big, gaz, year=2024)
    assert "da-nang" in keys(res)
    assert keys(res) == keys(one)
    assert all(mentions(res, loc.key) >= 40 * loc.mentions for loc in one.localities)


# --- properties -----------------------------------------------------------------------------

PLACEY = st.sampled_from([
    "huyện Hòa Vang", "Huyện uỷ Hoà Vang", "TP.HCM", "Quận 10", "Q.3", "phường 7", "tỉnh Bình Dương",
    "TX Tân Uyên", "Châu Thành", "Thủ đô", "Báo Bình Dương", "Nguyễn Văn Long Hồ", "xã Thạnh Hội",
    "Thừa Thiên - Huế", "Bà Rịa – Vũng Tàu", "thị xã", "(TX)", "Tp.", "Hà Nội", "Đà Nẵng", ".", ",", "\n",
])
TEXTS = st.lists(st.one_of(st.text(max_size=40), PLACEY), max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXTS, max_size=5), st.sampled_from([None, "2019-06-07", "2024-01-01"]))
def test_never_fails(gaz, texts, date):
    res = find_localities(texts, gaz, date=date)
    assert isinstance(res, LocalityResult)
    for l in res.localities:
        assert gaz.unit(l.key) is not None
    if res.primary is not None:
        assert res.primary in keys(res)


def _summary(res: LocalityResult):
    return (sorted((l.key, l.mentions) for l in res.localities), res.primary,
            sorted(p.message for p in res.problems))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_stable_under_tone_convention_and_white_space(gaz, texts):
    texts = [tone_normalize(t) for t in texts]
    base = _summary(find_localities(texts, gaz))
    old = [old_tone_form(t) for t in texts]
    assert _summary(find_localities(old, gaz)) == base
    spaced = ["  " + t.replace(" ", "  \t") + " " for t in texts]
    assert _summary(find_localities(spaced, gaz)) == base


def test_a_primary_locality_no_page_has_is_refused(extractor):
    """A maintainer's ``primary_locality`` that is no known place key would be linked nowhere."""
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    text = "Tiêu đề\n\nNgày 24/5/2019, Quận ủy Quận 10 triển khai Chỉ thị số 05-CT/TW.\n\nMinh Anh\n"
    for key, kept in (("khong-co/noi-nay", "ho-chi-minh/quan-10"), ("ha-noi", "ha-noi")):
        doc = parse_bytes(SourceDocument("x.txt"), text.encode(), ".txt",
                          f"primary_locality: {key}\n".encode(), "x.yaml")
        rec = extractor.extract(doc)
        assert rec.primary_locality == kept
        refused = [w for w in rec.warnings if w.kind == "front-matter" and "no known place key" in w.message]
        assert bool(refused) == (key != kept)


# --- faults found by blind annotation of real articles ---------------------------------------

@pytest.mark.parametrize("text, want", [
    ("tiếp xúc cử tri hai quận Ba Đình và Tây Hồ (Hà Nội)", {"ha-noi/ba-dinh", "ha-noi/tay-ho"}),
    ("Cử tri quận Ba Đình, Tây Hồ kiến nghị.", {"ha-noi/ba-dinh", "ha-noi/tay-ho"}),
    ("Tại quận Ba Đình, Thanh Xuân, Cầu Giấy đã làm tốt.",
     {"ha-noi/ba-dinh", "ha-noi/thanh-xuan", "ha-noi/cau-giay"}),
    ("Thành phố phân công cho các quận 1, 3, 5 thực hiện.",
     {"ho-chi-minh/quan-1", "ho-chi-minh/quan-3", "ho-chi-minh/quan-5"}),
    ("Các phường Bến Nghé và Bến Thành, Quận 1 làm tốt.", {"ho-chi-minh/quan-1"}),
])
def test_a_type_word_covers_a_list_of_names(gaz, text, want):
    assert keys(run(gaz, text, year=2019), "district") == want


def test_a_list_after_a_type_word_keeps_other_names_as_they_are(gaz):
    # a province after a district's list is the province, not a district of that name
    res = run(gaz, "huyện Thanh Sơn, Phú Thọ", year=2019)
    assert keys(res) == {"phu-tho", "phu-tho/thanh-son"}
    # a list stops at a lower-case word
    res = run(gaz, "Tại quận Ba Đình, nhà hàng Tây Hồ mở cửa.", year=2019)
    assert keys(res, "district") == {"ha-noi/ba-dinh"}


@pytest.mark.parametrize("text", [
    "lãnh đạo thành phố thống nhất quan điểm xử lý",
    "Huyện thống nhất chủ trương, tỉnh hòa bình lập lại",
    "các xã vĩnh thạnh, phường tân phú, thị xã phú thọ",
])
def test_a_name_after_a_type_word_is_capitalised(gaz, text):
    assert keys(run(gaz, text, year=2019)) == set()


def test_capitalised_names_and_numbered_units_after_a_type_word_stay(gaz):
    res = run(gaz, "Lãnh đạo thành phố Thống Nhất... huyện Thống Nhất, quận 10 và phường 7, quận Gò Vấp", year=2019)
    assert {"dong-nai/thong-nhat", "ho-chi-minh/quan-10", "ho-chi-minh/go-vap"} <= keys(res)


def test_a_ward_of_a_district_never_named_needs_its_province_beside_it(gaz):
    # the snapshot lacks Hương Sơn's Sơn Mỹ (merged away): the mention beside its district is
    # dropped, and the others are no Sơn Mỹ of Hàm Tân though Bình Thuận is named elsewhere
    filler = " Đoàn công tác đã dâng hương, thăm hỏi gia đình và trao quà cho các hộ chính sách." * 2
    res = run(gaz, "Đoàn đến thăm xã Sơn Mỹ, huyện Hương Sơn, tỉnh Hà Tĩnh và đường Lâm Hồng Long, "
                   "thành phố Phan Thiết, tỉnh Bình Thuận." + filler + " Dịp này, đoàn hỗ trợ UBND xã Sơn Mỹ "
                   "xây nhà tưởng niệm tại xã Sơn Mỹ.", year=2019)
    assert keys(res, "district") == {"ha-tinh/huong-son", "binh-thuan/phan-thiet"}
    assert keys(res, "ward") == set()
    # beside its province, a ward of a district the article does not name counts
    res = run(gaz, "Tại xã Tân Hà, tỉnh Lâm Đồng, người dân đã làm tốt.", year=2019)
    assert "lam-dong/lam-ha/tan-ha" in keys(res)


@pytest.mark.parametrize("text, want", [
    ("Tỉnh Đoàn Đắk Lắk tổ chức hội trại.", {"dak-lak"}),
    ("Bí thư Tỉnh Đoàn Đắk Lắk Y Nhuận Ybă phát biểu.", {"dak-lak"}),
    ("Thành Đoàn TP.HCM phát động phong trào.", {"ho-chi-minh"}),
    ("Thành Đoàn Hà Nội phát động phong trào.", {"ha-noi"}),
    ("Huyện Đoàn Hòa Vang ra quân.", {"da-nang", "da-nang/hoa-vang"}),
])
def test_the_youth_union_of_a_unit_is_its_body(gaz, text, want):
    # "Đoàn" after "Tỉnh"/"Thành" is the youth union, not the family name
    assert keys(run(gaz, text, year=2019)) == want


def test_the_family_name_doan_still_makes_a_person(gaz):
    assert keys(run(gaz, "Đồng chí Đoàn Hồng Phong phát biểu.", year=2019)) == set()


@pytest.mark.parametrize("text", [
    "Trụ sở mới (đường Bắc Sơn, Ba Đình, Hà Nội) khánh thành.",
    "Các cơ quan đóng tại Ba Đình (Hà Nội) tham gia.",
    "Ông tiếp xúc cử tri Tây Hồ, Hà Nội.",
])
def test_a_typed_only_district_before_its_own_province_counts(gaz, text):
    res = run(gaz, text, year=2019)
    assert len(keys(res, "district")) == 1 and keys(res, "province") == {"ha-noi"}


@pytest.mark.parametrize("text", [
    "Lễ kỷ niệm tại Quảng trường Ba Đình, Hà Nội.",
    "Hội nghị tại Hội trường Ba Đình (Hà Nội).",
    "Ông Nguyễn Tây Hồ, Hà Nội phát biểu.",
    "Đội Ba Đình, Đà Nẵng thắng.",                  # not its province
])
def test_a_typed_only_name_before_a_province_stays_refused_elsewhere(gaz, text):
    assert keys(run(gaz, text, year=2019), "district") == set()


@pytest.mark.parametrize("text", [
    "Huyện Ia H’Drai có đường biên giới dài.",
    "Huyện Ia H'Drai có đường biên giới dài.",
    "Huyện Ia H' Drai có đường biên giới dài.",
    "Huyện Ia H’ Drai có đường biên giới dài.",
    "Huyện Ia Hʼdrai có đường biên giới dài.",
])
def test_apostrophes_in_names_match_every_way(gaz, text):
    res = run(gaz, text, year=2019)
    assert keys(res) == {"kon-tum", "kon-tum/ia-h-drai"}
    assert next(l for l in res.localities if l.key == "kon-tum/ia-h-drai").short_name == "Ia H' Drai"


@pytest.mark.parametrize("text", [
    "Hợp tác phát triển hành lang kinh tế Côn Minh - Lào Cai - Hà Nội - Hải Phòng được thúc đẩy.",
    "Thông xe đoạn dự án Dầu Giây - Phan Thiết trong năm nay.",
    "Xử lý ô nhiễm sông Sài Gòn – Đồng Nai là việc cấp bách.",
    "Tuyến cao tốc Hà Nội - Lào Cai giúp giao thương.",
    "Dự án tuyến đường sắt Hà Nội - TP.HCM được trình Quốc hội.",
    "Ùn tắc trên xa lộ Hà Nội kéo dài.",
])
def test_a_chain_of_places_after_a_route_word_names_the_route(gaz, text):
    assert keys(run(gaz, text, year=2019)) == set()


def test_places_joined_by_a_dash_elsewhere_still_count(gaz):
    res = run(gaz, "Đoàn công tác đi Hà Nội - Lào Cai trong hai ngày.", year=2019)
    assert keys(res) == {"ha-noi", "lao-cai"}


@pytest.mark.parametrize("text, want", [
    ("Tân Trào, vùng đất từng được mệnh danh \"Thủ đô gió ngàn\", đón khách.", set()),
    ("Nơi đây là Thủ đô kháng chiến, nơi đặt ATK.", set()),
    ("Đoàn thăm Thủ đô Viêng Chăn của nước bạn Lào.", set()),
    ("Nhân dân Thủ đô đón Tết.", {"ha-noi"}),
    ("Thủ đô Hà Nội đón Tết.", {"ha-noi"}),
])
def test_thu_do_for_another_capital_or_an_epithet_is_not_ha_noi(gaz, text, want):
    assert keys(run(gaz, text, year=2019), "province") == want


@pytest.mark.parametrize("text", [
    "Ba nhà máy gồm Nhà máy Ethanol Phú Thọ đã dừng hoạt động.",
    "Ba nhà máy dừng hoạt động là Nhiên liệu Sinh học Bình Phước và hai nhà máy khác.",
    "Dự án mở rộng sản xuất Khu gang thép Thái Nguyên giai đoạn 2 thua lỗ.",
    "Công ty Cổ phần Xi măng Hà Tiên Kiên Giang làm ăn thua lỗ.",
])
def test_an_entity_name_ending_in_a_place_name_is_no_place(gaz, text):
    assert keys(run(gaz, text, year=2019)) == set()


@pytest.mark.parametrize("text, want", [
    ("Nhà máy đặt tại Phú Thọ.", {"phu-tho"}),
    ("Làng nghề Vạn Phúc, Hà Nội đón khách.", {"ha-noi"}),
    ("Hội trường UBND Hà Nội chật kín.", {"ha-noi"}),
])
def test_a_place_after_an_entity_name_apart_from_it_counts(gaz, text, want):
    assert keys(run(gaz, text, year=2019), "province") == want


# --- lists, border gates, names inside longer names, districts told by their wards -----------

def test_a_border_gate_named_after_a_place_is_no_place(gaz):
    res = run(gaz, "Lãnh đạo tỉnh Hà Giang tiễn đoàn tại Cửa khẩu Quốc tế Thanh Thủy sáng nay.")
    assert keys(res) == {"ha-giang"}
    res = run(gaz, "Hàng hóa ùn ứ ở cửa khẩu Tân Thanh suốt tuần qua.")
    assert keys(res) == set()


def test_phu_quy_spelled_with_y_is_the_island_district(gaz):
    res = run(gaz, "Ngư dân huyện đảo Phú Quý vươn khơi bám biển.")
    assert "binh-thuan/phu-qui" in keys(res)


@pytest.mark.parametrize("text, want", [
    ("Huyện tặng nhà cho hộ nghèo ở các xã: Vĩnh Thành, Vĩnh Nhuận thuộc huyện Châu Thành, tỉnh An Giang.",
     {"an-giang/chau-thanh/vinh-thanh", "an-giang/chau-thanh/vinh-nhuan"}),
    ("Cụm thi đua của TP.HCM gồm các quận: 7, 12 và Gò Vấp.",
     {"ho-chi-minh/quan-7", "ho-chi-minh/quan-12", "ho-chi-minh/go-vap"}),
])
def test_a_colon_after_the_type_word_opens_its_list(gaz, text, want):
    assert want <= keys(res := run(gaz, text)), keys(res)


def test_a_list_goes_on_past_a_name_that_is_a_place_by_itself(gaz):
    # Vân Đồn and Cát Hải are places without a type word; the list of "huyện đảo" goes on after
    # them to names that count only after one
    res = run(gaz, "Đoàn công tác đã đến các huyện đảo Cô Tô, Vân Đồn, Cát Hải, Bạch Long Vĩ và Cồn Cỏ.")
    assert {"quang-ninh/co-to", "quang-ninh/van-don", "hai-phong/cat-hai", "hai-phong/bach-long-vi",
            "quang-tri/con-co"} <= keys(res)


def test_a_ward_list_reads_its_names_as_wards_not_as_districts_elsewhere(gaz):
    res = run(gaz, "Nhà tình nghĩa được trao ở các xã: Vĩnh Thành, Vĩnh Lợi, Vĩnh Nhuận của huyện Châu Thành,"
                   " tỉnh An Giang.")
    assert "bac-lieu" not in keys(res) and "bac-lieu/vinh-loi" not in keys(res)
    assert "an-giang/chau-thanh/vinh-loi" in keys(res)


@pytest.mark.parametrize("text, want", [
    ("Đảng bộ xã Long Hòa, Phú Tân, An Giang tổ chức đại hội.", "an-giang/phu-tan"),
    ("Hội nghị ở huyện Cô Tô, Quảng Ninh kết thúc chiều qua.", "quang-ninh/co-to"),
])
def test_an_address_after_a_type_word_keeps_its_district_and_province(gaz, text, want):
    assert want in keys(res := run(gaz, text)), keys(res)


def test_a_name_inside_a_longer_place_name_is_part_of_it(gaz):
    # "Hòa Bình Thạnh" is a commune (named here without its type word): no Bình Thạnh of TP.HCM in it
    res = run(gaz, "Bà con nông dân Hòa Bình Thạnh phấn khởi vì lúa được giá.")
    assert "ho-chi-minh/binh-thanh" not in keys(res)
    assert "ho-chi-minh/binh-thanh" in keys(run(gaz, "Bà con quận Bình Thạnh phấn khởi."))


def test_a_shared_district_name_is_told_by_the_wards_the_article_names(gaz):
    res = run(gaz, "Bí thư Huyện ủy Châu Thành dự Đại hội Đảng bộ xã Long Vĩnh lần thứ VI.")
    assert {"tay-ninh", "tay-ninh/chau-thanh"} <= keys(res)
    # a ward several of its namesakes hold tells nothing
    res = run(gaz, "Bí thư Huyện ủy Châu Thành dự Đại hội Đảng bộ xã Tân Phú.")
    assert not any(k.endswith("/chau-thanh") for k in keys(res))
    assert any(p.kind == "ambiguous-locality" for p in res.problems)


@pytest.mark.parametrize("text, want", [
    # a district's Party committee named by its number, and the numbers listed after it
    ("Bí thư các Quận ủy 2, 4, 6 và Quận ủy Gò Vấp báo cáo.",
     {"quan-2", "quan-4", "quan-6", "go-vap"}),
    ("Các Quận uỷ 8, 11 và 12 đã ra nghị quyết chuyên đề.", {"quan-8", "quan-11", "quan-12"}),
    ("Quận ủy 10 tổ chức sơ kết.", {"quan-10"}),
])
def test_numbered_district_committees_are_their_districts(gaz, text, want):
    res = run(gaz, text, year=2019)
    assert {k.rsplit("/", 1)[-1] for k in keys(res, "district")} == want
    assert keys(res, "province") == {"ho-chi-minh"}


@pytest.mark.parametrize("text", [
    "Đoàn công tác đã đến T.P HCM làm việc.",
    "Đoàn công tác đã đến T.P.HCM làm việc.",
    "Đoàn công tác đã đến T.P Hồ Chí Minh làm việc.",
])
def test_city_type_word_spelt_with_inner_dot(gaz, text):
    assert keys(run(gaz, text)) == {"ho-chi-minh"}


def test_inner_dot_city_word_needs_a_place_after_it(gaz):
    assert keys(run(gaz, "Học tập tư tưởng Hồ Chí Minh; ký hiệu T.P của tài liệu.")) == set()


def test_a_name_before_brackets_ending_with_a_country_is_abroad(gaz):
    # the country closes what the brackets say of the name before them: both names are abroad
    res = run(gaz, "Sáng 5-4, đoàn đã thăm TP Lạc Dương (tỉnh Hà Nam, Trung Quốc) và làm việc tại Lạc Dương.",
              "Ban Thường vụ Tỉnh ủy Lâm Đồng nghe báo cáo.")
    assert keys(res) == {"lam-dong"}


@pytest.mark.parametrize("text, want", [
    # a dash joins a border's two sides, or a pair of partners: the Vietnamese place stays
    ("Tuyến biên giới tỉnh Lạng Sơn - Trung Quốc dài hơn 200 km.", {"lang-son"}),
    ("Hợp tác giữa tỉnh Điện Biên - Lào ngày càng bền chặt.", {"dien-bien"}),
    ("Đoàn đại biểu đã sang thăm tỉnh Hà Nam, Trung Quốc trong ba ngày.", set()),
    ("Đoàn đại biểu đã sang thăm tỉnh Hà Nam, Trung Quốc.", set()),
    # a list going on after the country: the Vietnamese place stays
    ("Đại biểu tỉnh Hà Nam, Trung Quốc và Lào cùng dự.", {"ha-nam"}),
    ("Đại biểu tỉnh Hà Nam, Trung Quốc, Lào cùng dự.", {"ha-nam"}),
    ("Hợp tác giữa Việt Nam, Lào và Campuchia; tỉnh Điện Biên và tỉnh Phông-sa-lỳ (Lào).", {"dien-bien"}),
    # a country's name opening a Vietnamese place's name is no country
    ("Đoàn tỉnh Hà Giang, Lào Cai cùng dự.", {"ha-giang", "lao-cai"}),
])
def test_a_typed_name_joined_to_its_country_is_abroad(gaz, text, want):
    assert keys(run(gaz, text, year=2019), "province") == want


@pytest.mark.parametrize("text, want", [
    ("Đô thị Vinh ngày càng khang trang.", {"nghe-an", "nghe-an/vinh"}),
    ("Quy hoạch đô thị Thuận An đến năm 2030.", {"binh-duong", "binh-duong/thuan-an"}),
    # not a city or a town: nothing; an estate's name: nothing
    ("Chỉnh trang đô thị Hoa Lư.", set()),
    ("Khu đô thị Vinh Tân đã xong hạ tầng.", set()),
    ("Đô thị loại I của tỉnh.", set()),
])
def test_do_thi_announces_a_city_or_town(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


@pytest.mark.parametrize("text, want", [
    ("Tổng Công ty Giấy - Bột - Bao bì Hà Tĩnh báo lãi.", set()),
    ("Công ty cổ phần NPK Thái Bình mở rộng sản xuất.", set()),
    ("Công ty TNHH MTV KTCT Thủy Lợi Bắc Giang ký hợp đồng.", set()),
    # a verb after a company's name: the place is where it works
    ("Công ty TNHH Minh Long đầu tư tại Bắc Giang.", {"bac-giang"}),
    ("Công ty đã đầu tư ở Bắc Giang.", {"bac-giang"}),
    ("Hội nghị tại Hội trường UBND Bắc Giang.", {"bac-giang"}),
])
def test_a_company_name_with_dashes_and_acronyms_holds_its_place(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


@pytest.mark.parametrize("text, want", [
    # a title-case word opens lower-case words of the company's trade: its name ends with the place
    ("Giám đốc Công ty TNHH MTV Thoát nước Phú Thọ phát biểu.", set()),
    ("Công ty Cổ phần Cấp thoát nước Quảng Trị nâng giá.", set()),
    ("Công ty TNHH Một thành viên Xổ số kiến thiết Thái Bình nộp ngân sách.", set()),
    ("Công ty Cổ phần Dịch vụ công trình đô thị Ninh Bình ra quân.", set()),
    ("Công ty Cổ phần Môi trường Đô thị Quảng Ngãi thu gom rác.", set()),
    # the place named elsewhere in the text still counts
    ("Công ty TNHH Thoát nước Phú Thọ mở chi nhánh tại Phú Thọ.", {"phu-tho"}),
    ("Công ty Cấp nước Phú Thọ làm việc với tỉnh Phú Thọ.", {"phu-tho"}),
    # a word that ends a name: what the sentence says of the company, so a place
    ("Tập đoàn Sao Mai hỗ trợ Quảng Trị làm nhà.", {"quang-tri"}),
    ("Công ty Sông Đà tại Quảng Trị đã bàn giao.", {"quang-tri"}),
    ("Công ty Cổ phần Sao Mai và Thái Bình ký kết hợp tác.", {"thai-binh"}),
])
def test_a_company_name_with_its_trade_in_lower_case_holds_its_place(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


@pytest.mark.parametrize("text, want", [
    # the whole name in lower case after the company word: the company's
    ("Đại diện công ty thoát nước Phú Thọ phát biểu.", set()),
    ("Đại diện Công ty chiếu sáng đô thị Phú Thọ phát biểu.", set()),
    ("Đại diện tổng công ty may Phú Thọ phát biểu.", set()),
    # several companies, or what the sentence says of them: the place
    ("Các công ty thoát nước Phú Thọ đã họp.", {"phu-tho"}),
    ("Nhiều công ty may Phú Thọ tuyển lao động.", {"phu-tho"}),
    ("Một số công ty may Phú Thọ tuyển lao động.", {"phu-tho"}),
    ("Các công ty ở Phú Thọ đã họp.", {"phu-tho"}),
    ("Các công ty tại Phú Thọ đã họp.", {"phu-tho"}),
    ("Công ty đóng trên địa bàn Phú Thọ nộp thuế.", {"phu-tho"}),
    # named elsewhere too: the place
    ("Công ty thoát nước Phú Thọ làm việc với tỉnh Phú Thọ.", {"phu-tho"}),
])
def test_a_company_name_all_in_lower_case_holds_its_place(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


@pytest.mark.parametrize("text, want", [
    # the letter alone in an address: before its city, after a ward of its city, before a district
    ("Trụ sở ở Q7, TP.HCM vừa khánh thành.", {"ho-chi-minh", "ho-chi-minh/quan-7"}),
    ("Trụ sở ở Q 7 (TPHCM) vừa khánh thành.", {"ho-chi-minh", "ho-chi-minh/quan-7"}),
    ("Nhà số 4, phường Tân Phong, Q7 được sửa.", {"ho-chi-minh", "ho-chi-minh/quan-7",
                                                 "ho-chi-minh/quan-7/tan-phong"}),
    ("Chợ ở P10, Q.Gò Vấp họp phiên.", {"ho-chi-minh", "ho-chi-minh/go-vap", "ho-chi-minh/go-vap/phuong-10"}),
    # a quarter of a year, a list of quarters, a seat: no place
    ("Lợi nhuận Q1/2021 tăng mạnh.", set()),
    ("Lợi nhuận quý Q3 tăng mạnh.", set()),
    ("Lợi nhuận Q2 năm nay tăng.", set()),
    ("Lợi nhuận Q1, Q2 đều tăng.", set()),
    ("Lợi nhuận Q4, 2021 tăng.", set()),
    ("Ủy ban Q3 họp.", set()),
])
def test_a_numbered_unit_with_its_letter_alone_only_in_an_address(gaz, text, want):
    assert keys(run(gaz, text, year=2022)) == want


@pytest.mark.parametrize("text, want", [
    # a ward's letter and its district's, no city after them: the pair where the article names
    # the city by another name and that district has a ward of that number
    ("Chi bộ khu phố 4, P9, Q3 ra mắt mô hình dân vận khéo. Thành ủy TP.HCM biểu dương.",
     {"ho-chi-minh", "ho-chi-minh/quan-3", "ho-chi-minh/quan-3/phuong-9"}),
    ("Thành phố Hồ Chí Minh có nhiều mô hình hay, như ở P12, Q5.",
     {"ho-chi-minh", "ho-chi-minh/quan-5", "ho-chi-minh/quan-5/phuong-12"}),
    # without the city named elsewhere, or with another province only: nothing
    ("Chi bộ khu phố 4, P9, Q3 ra mắt mô hình dân vận khéo.", set()),
    ("Chi bộ khu phố 4, P9, Q3 ra mắt; tỉnh Long An học tập.", {"long-an"}),
    # quarters of a year: no place, the city named or not
    ("Ở TP.HCM, doanh thu P1, Q2 năm 2020 tăng.", {"ho-chi-minh"}),
    ("Ở TP.HCM, doanh thu P1, Q2/2020 tăng.", {"ho-chi-minh"}),
    ("Ở TP.HCM, doanh thu P1, Q2, 2020 tăng.", {"ho-chi-minh"}),
])
def test_a_ward_and_district_letter_pair_needs_its_city_in_the_article(gaz, text, want):
    assert keys(run(gaz, text, year=2019)) == want


@pytest.mark.parametrize("text, want", [
    # a province merged whole into one of today's: that one
    ("Năm 2006, tỉnh Hà Tây có nhiều làng nghề.", {"ha-noi"}),
    ("Tỉnh ủy Hà Tây khi đó chỉ đạo.", {"ha-noi"}),
    # split among several: no place, and no shorter name inside it
    ("Tỉnh Hà Nam Ninh được lập năm 1976.", set()),
    ("Ông công tác ở tỉnh Nghệ Tĩnh, rồi tỉnh Hà Sơn Bình.", set()),
    ("tỉnh Sông Bé cũ", set()),
    # units of the old system before a name of today: not today's unit
    ("Năm 1950, châu Điện Biên thuộc tỉnh Sơn La.", {"son-la"}),
    # "phủ" is no such word: a "thủ phủ" is a city of today, an old phủ lies in today's unit
    ("Hội nghị họp tại thủ phủ Buôn Ma Thuột của Tây Nguyên.", {"dak-lak", "dak-lak/buon-ma-thuot"}),
    ("Cụ sinh ra ở phủ Hoài Đức.", {"ha-noi", "ha-noi/hoai-duc"}),
    # the names that exist today are untouched
    ("xã Hà Tây, huyện Chư Păh", {"gia-lai", "gia-lai/chu-pah", "gia-lai/chu-pah/ha-tay"}),
    ("phía Nam Hà Nội", {"ha-noi"}),
    ("Phủ Lý đổi mới.", {"ha-nam", "ha-nam/phu-ly"}),
])
def test_former_units_in_history_texts(gaz, text, want):
    assert keys(run(gaz, text, year=2015)) == want


@pytest.mark.parametrize("texts, want", [
    # a huyện and a thị xã of one name in one province keep their own keys
    (["thị xã Cai Lậy và huyện Cai Lậy"], {"tien-giang", "tien-giang/cai-lay", "tien-giang/huyen-cai-lay"}),
    # the bare name: the one named with its type word, else the one holding a named ward, else the province
    (["Huyện ủy Cai Lậy họp.", "Cai Lậy đã về đích nông thôn mới."], {"tien-giang", "tien-giang/huyen-cai-lay"}),
    (["Thị ủy Duyên Hải họp.", "Duyên Hải đã làm tốt."], {"tra-vinh", "tra-vinh/duyen-hai"}),
    (["Bà con xã Kỳ Tây (Kỳ Anh) phấn khởi."], {"ha-tinh", "ha-tinh/huyen-ky-anh", "ha-tinh/huyen-ky-anh/ky-tay"}),
    (["Người dân Long Mỹ phấn khởi."], {"hau-giang"}),
])
def test_a_huyen_and_a_thi_xa_of_one_name(gaz, texts, want):
    assert keys(run(gaz, "Tin", *texts, year=2022)) == want


def test_thanh_pho_before_a_thi_xa_of_its_time_is_not_the_huyen(gaz):
    # Hồng Ngự was a thị xã until 2020; "thành phố Hồng Ngự" of 2018 is still not huyện Hồng Ngự
    res = run(gaz, "Tin", "thành phố Hồng Ngự phát triển", date="2018-05-01")
    assert keys(res) == {"dong-thap", "dong-thap/hong-ngu"}


@pytest.mark.parametrize("text, want", [
    # after a type word, a ward's name with a syllable in lower case is a kind of ward
    ("Các xã Biên giới được đầu tư.", set()),
    ("Đầu tư cho các xã Bãi ngang ven biển.", set()),
    ("Xây dựng xã Nông thôn mới kiểu mẫu.", set()),
    # the same name written properly is the ward; a province's or a district's slip is still it
    ("xã Biên Giới, huyện Châu Thành, tỉnh Tây Ninh",
     {"tay-ninh", "tay-ninh/chau-thanh", "tay-ninh/chau-thanh/bien-gioi"}),
    ("Lãnh đạo tỉnh Quảng trị dự.", {"quang-tri"}),
    ("Trường ở Phủ lý, Hà Nam.", {"ha-nam", "ha-nam/phu-ly"}),
    # lower-case common words after a type word are no places
    ("Cán bộ phường mình, bà con xã nhà, huyện nhà và các tỉnh bạn.", set()),
    ("Các thành phố lớn đều tham gia.", set()),
])
def test_a_kind_of_ward_is_not_a_ward(gaz, text, want):
    assert keys(run(gaz, text, year=2020)) == want


@pytest.mark.parametrize("text, want", [
    ("Trường Tiểu học Hòa Bình khai giảng.", set()),
    ("Trường Mầm non Sơn La đón trẻ.", set()),
    ("Trường Trung học cơ sở Thái Bình đạt chuẩn.", set()),
    # its district with a type word is still named
    ("Trường Tiểu học xã Tân Phú, huyện Đồng Phú", {"binh-phuoc", "binh-phuoc/dong-phu"}),
])
def test_a_school_named_after_a_place_is_not_the_place(gaz, text, want):
    assert keys(run(gaz, text, year=2020)) == want


@pytest.mark.parametrize("text, want", [
    ("Ở X.Tân Thạnh Đông, H.Củ Chi, nông dân trồng rau.",
     {"ho-chi-minh", "ho-chi-minh/cu-chi", "ho-chi-minh/cu-chi/tan-thanh-dong"}),
    ("Ở X. Tân Thạnh Đông, huyện Củ Chi.", {"ho-chi-minh", "ho-chi-minh/cu-chi", "ho-chi-minh/cu-chi/tan-thanh-dong"}),
    # a person's initial
    ("Ông Trần X. Hòa Bình phát biểu.", set()),
])
def test_x_dot_abbreviates_xa(gaz, text, want):
    res = run(gaz, text, year=2020)
    assert keys(res) == want and not res.problems
