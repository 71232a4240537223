"""Catalog building: grouping, counts, Vietnamese ordering, pagination math, related directives.

The fixture records are built by hand (the extractor is developed separately); ``make_records``,
``make_data`` and ``FakeGazetteer`` are reused by tests/test_render.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.catalog import (assign_slugs, build_catalog, code_sort_key, page_count, page_slice, page_url,
                            safe_slug, url_to_path)
from bantin.config import SiteConfig, SiteData
from bantin.model import Block, Byline, DirectiveRef, Locality, Outlet, Problem, Record

XSS = "<script>alert(1)</script>"


@dataclass
class Unit:
    key: str
    name: str
    short_name: str
    level: str
    province_key: str
    district_key: str | None = None
    parent_key: str | None = None
    today: str | None = None
    type_name: str = ""


class FakeGazetteer:
    """The slice of the gazetteer interface the catalog uses (``unit``)."""

    UNITS = {
        "da-nang": Unit("da-nang", "Thành phố Đà Nẵng", "Đà Nẵng", "province", "da-nang", today="Thành phố Đà Nẵng"),
        "da-nang/thanh-khe": Unit("da-nang/thanh-khe", "Quận Thanh Khê", "Thanh Khê", "district", "da-nang",
                                  parent_key="da-nang"),
        "ho-chi-minh": Unit("ho-chi-minh", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "province", "ho-chi-minh",
                            today="Thành phố Hồ Chí Minh"),
        "binh-duong": Unit("binh-duong", "Tỉnh Bình Dương", "Bình Dương", "province", "binh-duong",
                           today="Thành phố Hồ Chí Minh"),
        "ha-noi": Unit("ha-noi", "Thành phố Hà Nội", "Hà Nội", "province", "ha-noi", today="Thành phố Hà Nội"),
    }

    def unit(self, key):
        return self.UNITS.get(key)

    def provinces(self):
        return [u for u in self.UNITS.values() if u.level == "province"]

    def children(self, key):
        return [u for u in self.UNITS.values() if u.parent_key == key]


def loc(key, name, level, short, district_key=None, mentions=1):
    return Locality(key=key, name=name, level=level, province_key=key.split("/")[0], mentions=mentions,
                    short_name=short, district_key=district_key)


DN = loc("da-nang", "Thành phố Đà Nẵng", "province", "Đà Nẵng")
DN_TK = loc("da-nang/thanh-khe", "Quận Thanh Khê", "district", "Thanh Khê")
DN_TKD = loc("da-nang/thanh-khe/thanh-khe-dong", "Phường Thanh Khê Đông", "ward", "Thanh Khê Đông",
             district_key="da-nang/thanh-khe")
HCM = loc("ho-chi-minh", "Thành phố Hồ Chí Minh", "province", "Hồ Chí Minh")
HCM_Q10 = loc("ho-chi-minh/quan-10", "Quận 10", "district", "Quận 10")
HN = loc("ha-noi", "Thành phố Hà Nội", "province", "Hà Nội")
BD_TU = loc("binh-duong/tan-uyen", "Thị xã Tân Uyên", "district", "Tân Uyên")


def d05():
    return DirectiveRef(code="05-CT/TW", key="05-CT/TW", kind="Chỉ thị", issuer="TW", subject=(
        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"), issued="2016-05-15",
        mentions=2, issuer_name="Bộ Chính trị", in_registry=True)


def d04():
    return DirectiveRef(code="04-NQ/TW", key="04-NQ/TW", kind="Nghị quyết", issuer="TW", issued="2016-10-30",
                        name="Nghị quyết Trung ương 4 khóa XII", issuer_name="Ban Chấp hành Trung ương",
                        in_registry=True, mentions=1)


def d34(scope):
    return DirectiveRef(code="34-CT/TU", key=f"34-CT/TU@{scope}", kind="Chỉ thị", issuer="TU", scope=scope,
                        issuer_name="Thành ủy" if scope == "da-nang" else "Tỉnh ủy", mentions=1)


def d02q10():
    return DirectiveRef(code="02-CT/QU", key="02-CT/QU@ho-chi-minh/quan-10", kind="Chỉ thị", issuer="QU",
                        scope="ho-chi-minh/quan-10", issuer_name="Quận ủy", mentions=3)


def make_records() -> list[Record]:
    """Six hand-made articles: three years plus undated, local directives, three locality levels."""
    return [
        Record(
            path="a/001.txt", slug="xay-dung-hinh-anh", title="Xây dựng hình ảnh người cán bộ gần dân",
            date="2019-05-24", time="09:47", date_basis="dateline", year=2019,
            outlet=Outlet("dcsvn.vn", "Báo điện tử Đảng Cộng sản Việt Nam"),
            byline=Byline("Hương Ly", "interviewer", "Hương Ly thực hiện"), genre="interview",
            localities=[DN, DN_TK, DN_TKD], primary_locality="da-nang/thanh-khe/thanh-khe-dong",
            directives=[d05(), d34("da-nang")],
            blocks=[Block("lead", "(ĐCSVN) - Đà Nẵng đẩy mạnh thực hiện Chỉ thị 05-CT/TW."),
                    Block("caption", "Quang cảnh hội nghị (Ảnh: H. Thảo)"),
                    Block("heading", "Gần dân, hiểu dân"),
                    Block("question", "Xin ông cho biết kết quả?"),
                    Block("answer", "Kết quả rất tốt."),
                    Block("paragraph", "Đoạn văn thứ hai.")],
        ),
        Record(
            path="a/000.txt", slug="nang-cao-vai-tro-neu-guong", title="Nâng cao vai trò nêu gương của cán bộ",
            date="2019-06-07", date_basis="body-event", year=2019, retrieved="2020-04-09",
            outlet=Outlet("thanhuytphcm.vn", "Thành ủy TP. Hồ Chí Minh"),
            byline=Byline("Long Hồ", "author", "Long Hồ"),
            localities=[HCM, HCM_Q10], primary_locality="ho-chi-minh/quan-10",
            directives=[d02q10(), d05(), d04()],
            blocks=[Block("lead", "Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị."), Block("paragraph", "Nội dung.")],
        ),
        Record(
            path="a/002.txt", slug="bai-co-ma-doc", title=XSS, date="2020-04-09", date_basis="dateline",
            year=2020, outlet=None, byline=Byline('Dương <b>"Minh"</b>', "author", "x"),
            localities=[HN], primary_locality="ha-noi", directives=[d05()],
            blocks=[Block("lead", "Mở đầu <i>in nghiêng</i> & " + XSS),
                    Block("paragraph", "</p><script>alert(2)</script>")],
            warnings=[Problem("no-byline", "x")],
        ),
        Record(
            path="a/003.txt", slug="chi-mot-nam", title="Bài chỉ biết năm", date=None, date_basis="year-only",
            year=2020, outlet=Outlet("dcsvn.vn", "Báo điện tử Đảng Cộng sản Việt Nam"),
            byline=Byline("=HYPERLINK(\"http://evil\")", "author", "x"),
            localities=[BD_TU], primary_locality="binh-duong/tan-uyen", directives=[d34("binh-duong")],
            blocks=[Block("paragraph", "+cmd|' /C calc'!A0")],
        ),
        Record(
            path="a/004.txt", slug="khong-ro-ngay", title="Bài không rõ ngày", date_basis="none",
            byline=Byline("Đào Hà", "author", "ĐÀO HÀ"), outlet=Outlet("trang", "Trang"),
            localities=[DN], primary_locality="da-nang", directives=[],
            blocks=[Block("paragraph", "@SUM(1+1)")],
        ),
        Record(
            path="a/005.txt", slug="bai-2018", title="Một bài năm 2018", date="2018-12-31", date_basis="dateline",
            year=2018, byline=Byline("Tráng", "author", "Tráng"), localities=[DN_TK],
            primary_locality="da-nang/thanh-khe", directives=[d05(), d04()],
            blocks=[Block("lead", "Chỉ thị 05 và Nghị quyết Trung ương 4."),
                    Block("paragraph", "Xem https://thanhuytphcm.vn/tin-tuc/" + "rat-dai-" * 30 + ".html và mã "
                          "54/2017/NQ-QH/" + "X" * 60)],
        ),
    ]


def make_data(per_page: int = 2, root: Path | None = None) -> SiteData:
    site = SiteConfig(title="Bản tin", description="Kho bài viết xây dựng Đảng", base_url="https://example.org/bt/",
                      per_page=per_page, home_latest=per_page, about="Đoạn một.\n\nĐoạn hai <em>.")
    return SiteData(root=root or Path("."), site=site, outlets=[], registry=None, gazetteer=FakeGazetteer())


@pytest.fixture
def cat():
    return build_catalog(make_records(), make_data())


def test_articles_newest_first_year_only_after_dated_undated_last(cat):
    assert [a.record.slug for a in cat.articles] == [
        "bai-co-ma-doc", "chi-mot-nam", "nang-cao-vai-tro-neu-guong", "xay-dung-hinh-anh", "bai-2018",
        "khong-ro-ngay"]
    assert [a.index for a in cat.articles] == list(range(6))
    assert cat.articles[0].url == "/bai/bai-co-ma-doc/"


def test_order_does_not_depend_on_input_order():
    recs = make_records()
    a = build_catalog(recs, make_data())
    b = build_catalog(list(reversed(recs)), make_data())
    assert [x.record.slug for x in a.articles] == [x.record.slug for x in b.articles]
    assert a.directive_order == b.directive_order
    assert list(a.provinces) == list(b.provinces)


def test_directives_grouped_counted_and_slugged(cat):
    d05 = cat.directives["05-CT/TW"]
    assert d05.slug == "05-ct-tw" and d05.url == "/van-ban/05-ct-tw/"
    assert len(d05.articles) == 4
    assert d05.mentions == 8
    assert d05.issuer_name == "Bộ Chính trị" and d05.issued == "2016-05-15"
    assert cat.directives["34-CT/TU@da-nang"].slug == "34-ct-tu-da-nang"
    assert cat.directives["34-CT/TU@binh-duong"].slug == "34-ct-tu-binh-duong"
    assert cat.directives["02-CT/QU@ho-chi-minh/quan-10"].scope == "ho-chi-minh/quan-10"
    kinds = [k for k, _ in cat.directive_groups]
    assert kinds == ["Nghị quyết", "Chỉ thị"]
    chi_thi = dict(cat.directive_groups[1][1])
    # issuers in Vietnamese order: Bộ Chính trị < Quận ủy < Thành ủy < Tỉnh ủy
    assert [i for i, _ in cat.directive_groups[1][1]] == ["Bộ Chính trị", "Quận ủy", "Thành ủy", "Tỉnh ủy"]
    assert chi_thi["Bộ Chính trị"] == ["05-CT/TW"]


def test_related_directives_by_co_citation(cat):
    rel = dict(cat.directives["05-CT/TW"].related)
    assert rel == {"04-NQ/TW": 2, "34-CT/TU@da-nang": 1, "02-CT/QU@ho-chi-minh/quan-10": 1}
    assert cat.directives["05-CT/TW"].related[0] == ("04-NQ/TW", 2)
    assert dict(cat.directives["04-NQ/TW"].related) == {"05-CT/TW": 2, "02-CT/QU@ho-chi-minh/quan-10": 1}


def test_directive_series(cat):
    d = cat.directives["05-CT/TW"]
    assert d.by_month[0] == ("2018-12", 1)
    assert d.by_month[-1] == ("2020-04", 1)
    assert len(d.by_month) == 17  # contiguous Dec 2018 .. Apr 2020
    assert sum(c for _, c in d.by_month) == 4
    assert dict(d.by_province) == {"da-nang": 2, "ho-chi-minh": 1, "ha-noi": 1}
    assert d.by_province[0] == ("da-nang", 2)


def test_locality_tree_ancestors_and_counts(cat):
    L = cat.localities
    assert L["da-nang/thanh-khe/thanh-khe-dong"].url == "/dia-phuong/da-nang/thanh-khe/thanh-khe-dong/"
    assert L["da-nang/thanh-khe/thanh-khe-dong"].parent_key == "da-nang/thanh-khe"
    assert L["da-nang/thanh-khe"].children == ["da-nang/thanh-khe/thanh-khe-dong"]
    # a province page counts the articles of its sub-units, once each
    assert len(L["da-nang"].articles) == 3
    assert len(L["da-nang/thanh-khe"].articles) == 2
    # binh-duong never appears alone: created as an ancestor, named by the gazetteer
    assert L["binh-duong"].name == "Tỉnh Bình Dương" and L["binh-duong"].today == "Thành phố Hồ Chí Minh"
    assert L["binh-duong"].children == ["binh-duong/tan-uyen"]
    # Vietnamese order: Bình Dương < Đà Nẵng < Hà Nội < Hồ Chí Minh
    assert cat.provinces == ["binh-duong", "da-nang", "ha-noi", "ho-chi-minh"]
    assert dict(L["da-nang"].directives) == {"05-CT/TW": 2, "34-CT/TU@da-nang": 1, "04-NQ/TW": 1}
    assert L["da-nang"].undated == 1


def test_gazetteer_may_be_missing_or_return_none():
    data = make_data()
    data.gazetteer = None
    c = build_catalog(make_records(), data)
    assert c.localities["binh-duong"].name  # falls back to a name built from the key
    assert c.localities["da-nang"].name == "Thành phố Đà Nẵng"  # the Locality's own name
    assert c.localities["da-nang"].today is None


def test_authors_outlets_vietnamese_order_and_reserved_slug(cat):
    names = [cat.authors[s].name for s in cat.author_order]
    assert names.index('Dương <b>"Minh"</b>') < names.index("Đào Hà")   # Dương before Đ
    assert names.index("Đào Hà") < names.index("Hương Ly")
    slugs = {cat.authors[s].name: s for s in cat.author_order}
    assert slugs["Tráng"] != "trang"   # "trang" is the pagination folder
    assert "trang" not in cat.outlets  # an outlet keyed "trang" is renamed too
    assert cat.outlets["dcsvn-vn"].articles == [1, 3]


def test_years_months(cat):
    assert cat.year_order == [2020, 2019, 2018]
    y20 = cat.years[2020]
    assert y20.articles == [0, 1]
    assert y20.months == [(4, 1), (None, 1)]
    assert cat.years[2019].months == [(6, 1), (5, 1)]
    assert cat.undated == [5]


@pytest.mark.parametrize("n,per,pages", [(0, 20, 1), (1, 20, 1), (20, 20, 1), (21, 20, 2), (41, 20, 3), (5, 0, 5)])
def test_page_count(n, per, pages):
    assert page_count(n, per) == pages


def test_page_urls_and_slices():
    assert page_url("/van-ban/05-ct-tw/", 1) == "/van-ban/05-ct-tw/"
    assert page_url("/van-ban/05-ct-tw/", 3) == "/van-ban/05-ct-tw/trang/3/"
    assert page_url("/", 2) == "/trang/2/"
    assert page_slice(list(range(5)), 3, 2) == [4]
    assert url_to_path("/bai/x/") == "bai/x/index.html"
    assert url_to_path("/") == "index.html"
    assert url_to_path("/feed.xml") == "feed.xml"
    assert url_to_path("/nam/2019/trang/2/#thang-5") == "nam/2019/trang/2/index.html"


def test_slug_collisions_are_deterministic():
    keys = ["02/CT-QU", "02-CT/QU", "trang", "Trảng", "05-CT/TW"]
    a = assign_slugs(keys)
    b = assign_slugs(list(reversed(keys)))
    assert a == b
    assert len(set(a.values())) == len(keys)
    assert a["05-CT/TW"] == "05-ct-tw"
    assert "trang" not in a.values()
    assert safe_slug("") == "x"


def _assign_slugs_by_search(keys):
    """``assign_slugs`` as it was: each colliding key searches for a free suffix from "-2"."""
    out, used = {}, set()
    wanted = sorted(set(keys))
    bases = {k: safe_slug(k) for k in wanted}
    counts = {}
    for b in bases.values():
        counts[b] = counts.get(b, 0) + 1
    for k in wanted:
        if counts[bases[k]] == 1:
            out[k] = bases[k]
            used.add(bases[k])
    for k in wanted:
        if k not in out:
            n, cand = 1, bases[k]
            while cand in used:
                n += 1
                cand = f"{bases[k]}-{n}"
            out[k] = cand
            used.add(cand)
    return out


@given(st.lists(st.sampled_from(["Minh Anh", "Mính Anh", "MINH ANH!", "minh-anh-2", "Minh Anh 2", "Minh  Anh",
                                 "minh anh 3", "Anh", "anh-2", "Đà Nẵng", "Da Nang", "da-nang-2"]),
                max_size=12))
@settings(derandomize=True, max_examples=200, deadline=None)
def test_slugs_are_those_a_search_from_two_finds(keys):
    assert assign_slugs(keys) == _assign_slugs_by_search(keys)


def test_many_names_of_one_slug_each_get_the_next_number():
    """Thousands of names with one slug ("Minh Anh", "Minh Anh!", ...): each gets the next free
    number. (They were quadratic, each searched from "-2" past every suffix given; how the time
    grows: ``bench/linear.py --known``, case names-of-one-slug.)"""
    keys = ["Minh Anh" + "!" * i for i in range(8000)]
    out = assign_slugs(keys)
    assert len(set(out.values())) == 8000 and out["Minh Anh!"] == "minh-anh-2"
    assert [out[k] for k in keys[:3]] == ["minh-anh", "minh-anh-2", "minh-anh-3"]
    assert out[keys[-1]] == "minh-anh-8000"


def test_long_names_get_slugs_a_folder_can_have():
    """A name from a sidecar can be of any length; its slug is cut at a word's end, at most
    ``SLUG_MAX`` characters (500 characters of one author's name stopped a build: a folder name
    is at most 255 bytes)."""
    from bantin.catalog import SLUG_MAX

    assert safe_slug("x" * 500) == "x" * SLUG_MAX
    long_name = " ".join(["Nguyễn Văn Thành"] * 40)
    cut = safe_slug(long_name)
    assert len(cut) <= SLUG_MAX and cut.startswith("nguyen-van-thanh-") and not cut.endswith("-")
    assert cut.split("-")[-1] in ("nguyen", "van", "thanh")        # whole words only
    assert safe_slug("-" * 300 + "a") == "a"
    recs = make_records()
    recs[1].byline = Byline("Ngọc " + "A" * 600, "author", "x")
    cat = build_catalog(recs, make_data())
    assert all(len(slug) <= SLUG_MAX + 4 for slug in cat.authors)  # (+ a collision suffix)


def test_code_sort_is_natural():
    codes = ["102-QĐ/TW", "05-CT/TW", "34-CT/TU", "4-NQ/TW"]
    assert sorted(codes, key=code_sort_key) == ["4-NQ/TW", "05-CT/TW", "34-CT/TU", "102-QĐ/TW"]


def test_large_catalog():
    base = make_records()
    recs = []
    for i in range(10_000):
        r = base[i % len(base)]
        y = 2010 + i % 15
        recs.append(Record(path=f"x/{i}.txt", slug=f"bai-{i}", title=f"Bài {i}", date=f"{y}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                           year=y, outlet=r.outlet, byline=r.byline, localities=r.localities,
                           directives=r.directives, blocks=r.blocks))
    c = build_catalog(recs, make_data(per_page=20))
    assert len(c.articles) == 10_000
    assert len(c.directives["05-CT/TW"].articles) == sum(1 for i in range(10_000) if i % 6 in (0, 1, 2, 5))


def test_prev_next_chain_links_dated_articles_only(cat):
    """"Bài cũ hơn / Bài mới hơn" follow the dates: an article without a day (a year only, or no
    date) is in no order a reader can follow, so it has neither link and the dated chain passes
    over it."""
    by = {a.record.slug: a for a in cat.articles}
    slug = {a.index: a.record.slug for a in cat.articles}
    chain = {s: (slug.get(a.newer), slug.get(a.older)) for s, a in by.items()}
    assert chain == {
        "bai-co-ma-doc": (None, "nang-cao-vai-tro-neu-guong"),
        "chi-mot-nam": (None, None),
        "nang-cao-vai-tro-neu-guong": ("bai-co-ma-doc", "xay-dung-hinh-anh"),
        "xay-dung-hinh-anh": ("nang-cao-vai-tro-neu-guong", "bai-2018"),
        "bai-2018": ("xay-dung-hinh-anh", None),
        "khong-ro-ngay": (None, None),
    }
