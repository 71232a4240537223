"""The gazetteer: 63 provinces, keys, hierarchy, units over time, today's units, places.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.config import DataError
from bantin.gazetteer import Gazetteer, split_name
from bantin.text import sort_key

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "content" / "places.yaml"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    return Gazetteer.load(PLACES)


def test_63_provinces_in_vietnamese_order(gaz):
    provs = gaz.provinces()
    assert len(provs) == 63
    assert len({p.key for p in provs}) == 63
    names = [p.short_name for p in provs]
    assert names == sorted(names, key=sort_key)
    # "Đà Nẵng" comes after "Dương" words and before "Gia Lai"
    assert names.index("Bình Dương") < names.index("Đà Nẵng") < names.index("Gia Lai")
    assert all(p.level == "province" and p.parent_key is None for p in provs)


@pytest.mark.parametrize("key,name,short,type_name", [
    ("ha-noi", "Thành phố Hà Nội", "Hà Nội", "Thành phố"),
    ("ho-chi-minh", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Thành phố"),
    ("da-nang", "Thành phố Đà Nẵng", "Đà Nẵng", "Thành phố"),
    ("ba-ria-vung-tau", "Tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "Tỉnh"),
    ("hoa-binh", "Tỉnh Hòa Bình", "Hòa Bình", "Tỉnh"),       # the package writes "Hoà": shown one way
    ("ho-chi-minh/quan-10", "Quận 10", "Quận 10", "Quận"),
    ("da-nang/hoa-vang", "Huyện Hòa Vang", "Hòa Vang", "Huyện"),
    ("da-nang/thanh-khe/thanh-khe-dong", "Phường Thanh Khê Đông", "Thanh Khê Đông", "Phường"),
    ("quang-binh/dong-hoi", "Thành phố Đồng Hới", "Đồng Hới", "Thành phố"),
])
def test_key_forms(gaz, key, name, short, type_name):
    u = gaz.unit(key)
    assert u is not None, key
    assert (u.name, u.short_name, u.type_name) == (name, short, type_name)
    assert u.province_key == key.split("/")[0]


def test_hierarchy(gaz):
    ward = gaz.unit("da-nang/thanh-khe/thanh-khe-dong")
    assert ward.level == "ward" and ward.district_key == "da-nang/thanh-khe" and ward.parent_key == "da-nang/thanh-khe"
    dist = gaz.unit("da-nang/thanh-khe")
    assert dist.level == "district" and dist.parent_key == "da-nang" and dist.district_key is None
    kids = [u.key for u in gaz.children("da-nang")]
    assert {"da-nang/thanh-khe", "da-nang/hoa-vang", "da-nang/cam-le"} <= set(kids)
    assert all(gaz.unit(k).level == "district" for k in kids)
    wards = gaz.children("da-nang/thanh-khe")
    assert wards and all(w.level == "ward" and w.district_key == "da-nang/thanh-khe" for w in wards)
    assert gaz.children("nowhere") == []
    assert gaz.unit("nowhere") is None


def test_same_name_twice_in_one_province_gets_two_keys(gaz):
    # Trà Vinh has Thị xã Duyên Hải and Huyện Duyên Hải
    assert gaz.unit("tra-vinh/duyen-hai").type_name == "Thị xã"
    assert gaz.unit("tra-vinh/huyen-duyen-hai").type_name == "Huyện"


def test_only_ho_chi_minh_city_has_numbered_districts(gaz):
    numbered = [u for u in gaz.units() if u.level == "district" and u.short_name.split()[-1].isdigit()]
    assert numbered and {u.province_key for u in numbered} == {"ho-chi-minh"}


def test_today_after_the_2025_reform(gaz):
    assert gaz.unit("binh-duong").today == "Thành phố Hồ Chí Minh"
    assert gaz.unit("binh-duong/tan-uyen").today == "Thành phố Hồ Chí Minh"
    assert gaz.unit("ha-noi").today == "Thành phố Hà Nội"
    assert gaz.unit("quang-binh").today == "Tỉnh Quảng Trị"
    w = gaz.unit("da-nang/thanh-khe/thanh-khe-dong")
    assert w.today and w.today.endswith("Thành phố Đà Nẵng")


def test_historic_units_from_places_yaml(gaz):
    q2 = gaz.unit("ho-chi-minh/quan-2")
    assert q2 is not None and q2.name == "Quận 2" and q2.level == "district"
    assert gaz.valid("ho-chi-minh/quan-2", ("2019-06-07", "2019-06-07"))
    assert not gaz.valid("ho-chi-minh/quan-2", ("2024-01-01", "2024-12-31"))
    assert gaz.unit("ho-chi-minh/quan-2/thanh-my-loi").district_key == "ho-chi-minh/quan-2"
    # Huế: a city of Tỉnh Thừa Thiên Huế until 2024, the province's name since 2025; the key stays
    assert gaz.unit_at("thua-thien-hue", year=2017).name == "Tỉnh Thừa Thiên Huế"
    assert gaz.unit_at("thua-thien-hue", date="2025-03-01").name == "Thành phố Huế"
    assert gaz.unit("thua-thien-hue/hue").name == "Thành phố Huế"


@pytest.mark.parametrize("key,name,last_day", [
    # district units of 2017 that the mid-2025 snapshot no longer has (merged in 2020 and in the
    # 2023-2025 rearrangement): an archive of 2017 still names them
    ("nghe-an/cua-lo", "Thị xã Cửa Lò", "2024-11-30"),
    ("quang-ngai/tay-tra", "Huyện Tây Trà", "2020-01-31"),
    ("thanh-hoa/tinh-gia", "Huyện Tĩnh Gia", "2020-04-30"),
    ("thanh-hoa/dong-son", "Huyện Đông Sơn", "2024-11-30"),
    ("lam-dong/cat-tien", "Huyện Cát Tiên", "2024-11-30"),
    ("bac-giang/yen-dung", "Huyện Yên Dũng", "2024-12-31"),
    ("ba-ria-vung-tau/dat-do", "Huyện Đất Đỏ", "2024-12-31"),
    ("thua-thien-hue/nam-dong", "Huyện Nam Đông", "2024-12-31"),
    ("ninh-binh/ninh-binh", "Thành phố Ninh Bình", "2025-02-28"),
])
def test_district_units_merged_away_since_2017(gaz, key, name, last_day):
    u = gaz.unit(key)
    assert u is not None and u.name == name and u.level == "district"
    assert gaz.valid(key, ("2017-06-01", "2017-06-01"))
    assert gaz.valid(key, (last_day, last_day))
    assert not gaz.valid(key, ("2025-07-01", "2025-07-01"))
    assert any(key in keys for keys in gaz.names().values())


def test_renamed_district_keeps_its_names_apart(gaz):
    # Huyện Tĩnh Gia (until 2020) and Thị xã Nghi Sơn (since): two keys, as each was named then
    assert not gaz.valid("thanh-hoa/nghi-son", ("2017-06-01", "2017-06-01"))
    assert gaz.unit_at("ninh-binh/hoa-lu", year=2017).name == "Huyện Hoa Lư"
    assert gaz.unit_at("ninh-binh/hoa-lu", date="2025-06-01").name == "Thành phố Hoa Lư"


def test_names_follow_the_date(gaz):
    assert gaz.unit("binh-duong/tan-uyen").name == "Thành phố Tân Uyên"
    assert gaz.unit_at("binh-duong/tan-uyen", date="2020-07-05").name == "Thị xã Tân Uyên"
    assert gaz.unit_at("binh-duong/tan-uyen", year=2020).type_name == "Thị xã"
    assert gaz.unit_at("binh-duong/tan-uyen", date="2024-01-01").name == "Thành phố Tân Uyên"
    assert gaz.unit_at("ho-chi-minh/thu-duc", year=2019).name == "Quận Thủ Đức"
    assert gaz.unit_at("ho-chi-minh/thu-duc", year=2022).name == "Thành phố Thủ Đức"
    assert gaz.type_at("binh-duong/tan-uyen", ("2023-01-01", "2023-12-31")) == {"Thị xã", "Thành phố"}


def test_split_name():
    assert split_name("Huyện Hòa Vang") == ("Huyện", "Hòa Vang")
    assert split_name("Quận 10") == ("Quận", "Quận 10")
    assert split_name("Thành Phố Đồng Hới") == ("Thành phố", "Đồng Hới")
    assert split_name("Thị xã Tân Uyên") == ("Thị xã", "Tân Uyên")


def test_load_from_the_cache_gives_the_same_gazetteer(gaz, tmp_path, monkeypatch):
    import tempfile

    # no cache anywhere: the first load builds the gazetteer and writes it to BANTIN_CACHE_DIR
    monkeypatch.setenv("BANTIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    built = Gazetteer.load(PLACES)
    assert [p.name.startswith("gazetteer-") for p in (tmp_path / "cache").iterdir()] == [True]
    g = Gazetteer.load(PLACES)                 # read from the pickle
    assert len(g.provinces()) == 63
    assert sorted(g.aliases) == sorted(built.aliases) and g.provinces() == built.provinces()


def test_bad_places_yaml_names_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_CACHE_DIR", str(tmp_path / "cache"))
    bad = tmp_path / "places.yaml"
    bad.write_text("aliases:\n  ha-noi: [Thủ đô\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        Gazetteer.load(bad)
    assert "places.yaml" in str(e.value)
    bad.write_text("aliases:\n  nowhere: [X]\n", encoding="utf-8")
    with pytest.raises(DataError, match="nowhere"):
        Gazetteer.load(bad)


def test_missing_places_yaml_still_loads_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_CACHE_DIR", str(tmp_path / "cache"))
    g = Gazetteer.load(tmp_path / "absent.yaml")
    assert len(g.provinces()) == 63
    assert g.unit("ho-chi-minh/quan-10") is not None


def test_spellings_of_a_name_with_an_apostrophe():
    from bantin.gazetteer import match_form, spellings

    assert match_form("Ia H’ Drai") == match_form("Ia H'Drai") == match_form("Ia Hʼdrai") == "ia h'drai"
    assert {"ia h'drai", "ia h' drai", "ia h’drai", "ia h’ drai", "ia hʼdrai"} <= spellings("ia h'drai")
