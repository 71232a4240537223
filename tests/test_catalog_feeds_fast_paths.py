"""The fast paths of the catalog and the feeds give the results of the plain computations.

- ``safe_slug`` skips python-slugify for plain Vietnamese text: same slug either way;
- the article order uses one string key per record: same order as ``date_sort_key``;
- ``atom_feed`` makes each article's entry once per catalog: a feed equals the one made from
  scratch, and a new catalog never sees entries of an older one.
"""

from __future__ import annotations

import dataclasses
import random
import xml.etree.ElementTree as ET

import pytest
from slugify import slugify

from bantin import feeds
from bantin.catalog import build_catalog, date_sort_key, safe_slug
from bantin.model import Block, Record

from test_catalog import make_data, make_records

SLUG_SAMPLES = [
    "Thành phố Hồ Chí Minh", "Đà Nẵng", "Quận 10", "Thị xã Tân Uyên", "05-CT/TW", "102-QĐ/TW", "34-CT/TU@da-nang",
    "Nguyễn Thị Ánh Tuyết", "Phường Thanh Khê Đông", "ĐÀO HÀ", "Hương Ly", "Bắc Kạn", "Ứng Hòa", "Ỷ La",
    "a'b", "O'Neil", "1,000 người", "R&D", "&amp; x", "tiếng Việt – có gạch", "“Trích”", "x…y", "İstanbul",
    "naïve café", "Straße", "ﬁne", "²", "日本", "", "   ", "--", "trang", "feed", "con", "Côn", "NUL", "com1", "Lpt9", "com10",
]


def expected_slug(text: str) -> str:
    """safe_slug as specified: python-slugify's slug, "x" if empty, "-1" after a reserved name or a
    name Windows keeps for a device."""
    s = slugify(text) or "x"
    devices = ("con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)))
    return s + "-1" if s in ("trang", "feed", "feed-xml", "index", "assets", *devices) else s


@pytest.mark.parametrize("text", SLUG_SAMPLES)
def test_safe_slug_equals_python_slugify(text):
    assert safe_slug(text) == expected_slug(text)


def test_safe_slug_equals_python_slugify_on_random_vietnamese_text():
    rng = random.Random(7)
    letters = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
               "AĂÂĐÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ0123456789 -/.@_()")
    for _ in range(2000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        assert safe_slug(text) == expected_slug(text)


def test_article_order_is_date_sort_key_order():
    base = make_records()[0]
    rng = random.Random(3)
    dates = [None, "2019-05-24", "2019-05-03", "2019-02-30", "2020-01-01", "bad", "2019-12-31"]
    times = [None, "09:47", "23:59", "7:30", "00:00"]
    years = [None, 2019, 2020, 0, True, 10000]
    records = []
    for n in range(300):
        records.append(dataclasses.replace(
            base, slug=f"bai-{rng.randint(0, 400)}-{n % 7}", date=rng.choice(dates), time=rng.choice(times),
            year=rng.choice(years), path=f"a/{n}.txt"))
    cat = build_catalog(records, make_data())
    expected, seen = [], set()
    for r in sorted(records, key=date_sort_key, reverse=True):
        if r.slug not in seen:
            seen.add(r.slug)
            expected.append(r)
    assert [id(r) for r in cat.records] == [id(r) for r in expected]


def _plain_feed(cat, articles, title, page_url, feed_url, subtitle=""):
    """atom_feed without its entry cache (a fresh cache for the one call)."""
    feeds._cache = None
    out = feeds.atom_feed(cat, title=title, page_url=page_url, feed_url=feed_url, articles=articles,
                          subtitle=subtitle)
    feeds._cache = None
    return out


def test_cached_entries_give_the_feed_made_from_scratch():
    cat = build_catalog(make_records(), make_data())
    made = [(e.url, feeds.atom_feed(cat, title=e.name, page_url=e.url, feed_url=e.url + "feed.xml",
                                    articles=(cat.articles[i] for i in e.articles)))
            for e in cat.localities.values()]
    site = feeds.atom_feed(cat, title="t", page_url="/", feed_url="/feed.xml", articles=cat.articles, subtitle="s")
    for (url, got), e in zip(made, cat.localities.values()):
        assert got == _plain_feed(cat, (cat.articles[i] for i in e.articles), e.name, e.url, e.url + "feed.xml")
        ET.fromstring(got)
    assert site == _plain_feed(cat, cat.articles, "t", "/", "/feed.xml", "s")


def test_a_new_catalog_gets_new_entries():
    records = make_records()
    cat1 = build_catalog(records, make_data())
    feed1 = feeds.atom_feed(cat1, title="t", page_url="/", feed_url="/feed.xml", articles=cat1.articles)
    changed = [dataclasses.replace(r, title=r.title + " (sửa)", blocks=[Block("lead", "Mới & khác")]) for r in records]
    cat2 = build_catalog(changed, make_data())
    feed2 = feeds.atom_feed(cat2, title="t", page_url="/", feed_url="/feed.xml", articles=cat2.articles)
    assert feed1 != feed2
    assert feed2.count("(sửa)".encode()) == len(cat2.articles)
    assert b"<summary>M\xe1\xbb\x9bi &amp; kh\xc3\xa1c</summary>" in feed2
    # and the first catalog still gets its own entries
    assert feeds.atom_feed(cat1, title="t", page_url="/", feed_url="/feed.xml", articles=cat1.articles) == feed1


@pytest.mark.parametrize("text, escaped", [
    ("plain text", "plain text"), ('a & b < c > d "e"', "a &amp; b &lt; c &gt; d &quot;e&quot;"),
    ("bad\x00\x08\x0b\x1f char\ufffe", "bad char"), ("tab\tand\nnewline", "tab\tand\nnewline"), (42, "42"),
    ("&amp;", "&amp;amp;"),
])
def test_xml_text(text, escaped):
    assert feeds.xml_text(text) == escaped
