"""Amplification: what one file can make the site hold is bounded by the site's limits, not by the
square of what the file names.

Every directive and place an article names gets a page listing the article, its tags and its
feed entry. Before the limits, a file citing 20,000 codes made 20,000 pages of 20,000 tags
each (the build grew past 24 GB of memory), and a page scraped as one line was copied whole as
the summary into the feed of every directive and place it named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


from support import TEMPLATES, copy_content, set_site_option

from bantin.extract import bounded_warnings, most_mentioned
from bantin.model import SourceDocument
from bantin.reader import parse_bytes


def districts(data, n: int) -> list[str]:
    """``n`` district names with their type word ("huyện Củ Chi"), in the gazetteer's order."""
    units = [u for u in data.gazetteer.units() if u.level == "district"]
    return [f"{u.type_name.lower()} {u.short_name}" for u in units[:n]]


def amplifier(data, codes: int, places: int) -> str:
    """An article naming ``codes`` directive codes and ``places`` districts, all on one line."""
    names = [f"Chỉ thị số {i:02d}-CT/TW" for i in range(1, codes + 1)] + districts(data, places)
    return ("Bài viết nêu nhiều văn bản và địa phương\n\nNgày 24/5/2019, Ban Thường vụ triển khai "
            + ", ".join(names) + ".\n\nMinh Anh\n")


def extract(extractor, text: str, fmt: str = "txt"):
    return extractor.extract(parse_bytes(SourceDocument(f"x.{fmt}", fmt=fmt), text.encode("utf-8")))


@dataclass
class Named:
    key: str
    mentions: int


def test_most_mentioned_keeps_the_most_mentioned_in_their_order():
    items = [Named("a", 1), Named("b", 5), Named("c", 2), Named("d", 5), Named("e", 1)]
    assert [x.key for x in most_mentioned(items, 3)] == ["b", "c", "d"]
    assert [x.key for x in most_mentioned(items, 2)] == ["b", "d"]
    # ties go to the earlier; ``keep`` is kept whatever its count
    assert [x.key for x in most_mentioned(items, 3, keep="e")] == ["b", "c", "d", "e"]


def test_bounded_warnings_keep_the_first_of_each_kind_and_count_the_rest():
    from bantin.model import Problem

    ws = [Problem("a", str(i)) for i in range(5)] + [Problem("b", "x")] + [Problem("a", "late")]
    assert bounded_warnings(ws, 10) == ws
    out = bounded_warnings(ws, 2)
    assert [(w.kind, w.message) for w in out] == [("a", "0"), ("a", "1"), ("b", "x"),
                                                 ("a", "and 4 more a warnings in this file, not listed")]


def test_an_article_naming_thousands_keeps_the_limits_and_says_so(site_data, extractor):
    site = site_data.site
    rec = extract(extractor, amplifier(site_data, 2_000, 400))
    assert len(rec.directives) == site.max_directives_per_article
    assert [d.code for d in rec.directives[:3]] == ["01-CT/TW", "02-CT/TW", "03-CT/TW"]   # text order
    kept = {loc.key for loc in rec.localities}
    # the most mentioned places, and every province and district a kept place lies in
    assert site.max_localities_per_article <= len(kept) <= site.max_localities_per_article + 63
    for loc in rec.localities:
        assert loc.province_key in kept
        assert loc.district_key is None or loc.district_key in kept
    assert rec.primary_locality is None or rec.primary_locality in kept
    notes = [w.message for w in rec.warnings if w.kind == "too-many"]
    assert len(notes) == 2
    assert "2,000 directives cited" in notes[0] and "max_directives_per_article" in notes[0]
    assert "localities named" in notes[1] and "max_localities_per_article" in notes[1]


def test_an_article_within_the_limits_is_untouched(site_data, extractor):
    rec = extract(extractor, amplifier(site_data, 30, 40))
    assert len(rec.directives) == 30
    assert not [w for w in rec.warnings if w.kind == "too-many"]


def test_a_first_line_too_long_for_a_title_is_text(extractor):
    # a page scraped with its line breaks lost: title, lead and body on one line of 2,600 characters
    line = " ".join(f"Trong quý {i}, Thành ủy triển khai Chỉ thị số 05-CT/TW tại {i * 7} chi bộ." for i in range(1, 41))
    rec = extract(extractor, line + "\n\nĐoạn thứ hai của bài.\n\nMinh Anh\n")
    assert len(rec.title) <= 81 and rec.title.endswith("…") and rec.title.startswith("Trong quý 1,")
    assert rec.lead == line   # nothing lost
    assert any(w.kind == "no-title" for w in rec.warnings)
    assert [d.code for d in rec.directives] == ["05-CT/TW"]


def test_a_markdown_heading_too_long_for_a_title_is_cut(extractor):
    rec = extract(extractor, "# " + "Tiêu đề rất dài " * 100 + "\n\nNội dung bài viết.\n", "md")
    assert len(rec.title) <= 501 and rec.title.endswith("…")
    assert any(w.kind == "no-title" and "cut to 500" in w.message for w in rec.warnings)


def test_a_site_with_an_amplifier_stays_small(tmp_path, site_data):
    from bantin.pipeline import BuildOptions, run_build

    content = copy_content(tmp_path / "content")
    set_site_option(content, "max_directives_per_article", 40)
    set_site_option(content, "max_localities_per_article", 60)
    (content / "articles" / "amplifier.txt").write_text(amplifier(site_data, 3_000, 700), encoding="utf-8")
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, quiet=True))
    assert report.error is None
    f = next(f for f in report.files if f.path == "amplifier.txt")
    assert f.status == "built"
    assert sum(1 for w in f.warnings if w["kind"] == "too-many") == 2
    # 2,990 unknown codes: 50 warnings listed, and one that counts the rest
    unknown = [w["message"] for w in f.warnings if w["kind"] == "unknown-directive"]
    assert len(unknown) == 51 and unknown[-1].startswith("and 2,940 more unknown-directive warnings")
    # 40 directive pages and at most 60 + their provinces' place pages come from it, not thousands
    assert len(list((out / "van-ban").glob("*-ct-tw"))) <= 40 + 10
    assert len([p for p in (out / "dia-phuong").rglob("index.html") if "/trang/" not in p.as_posix()]) <= 60 + 63 + 40
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert size < 20_000_000, f"{size:,} bytes of output"
    # a list item shows at most 12 tags of each kind, and says how many more the article has
    page = (out / "van-ban" / "01-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert "và 28 văn bản khác" in page
    assert re.search(r"và \d+ địa phương khác", page)
    # the summary of a feed entry is bounded (the lead is the whole line: 60 kB)
    feed = (out / "van-ban" / "01-ct-tw" / "feed.xml").read_text(encoding="utf-8")
    summaries = re.findall(r"<summary>(.*?)</summary>", feed, re.S)
    assert summaries and max(len(s) for s in summaries) <= 1_200
