"""Inputs that once took more than linear time, as functions of their size.

Each was found by ``bench/linear.py``'s random search, by fuzzing real articles or by review, and
fixed; the commit messages tell the story. Two readers share this catalogue:

- the tests (``test_hostile_size.py``) run each case once at a moderate size and check what comes
  out: a record, the byline that is there, the place that is there. They time nothing;
- ``python bench/linear.py --known`` times each case at two sizes and prints how the time grew
  (linear: as the size; quadratic: as its square). That is where the speed is measured.

A case is ``Case(name, stage, make, size)``: ``make(n)`` builds an input of about ``n`` characters
(or ``n`` names) for the stage, ``size`` is the small size the bench starts from. ``run_case``
runs the stage on an input; ``Stages`` holds what the stages need, loaded once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Case:
    name: str
    stage: str                       # extract | markdown | markup | slugs | localities
    make: Callable[[int], Any]
    size: int                        # the bench's small size (its big one is a multiple)
    why: str = ""                    # what was slow, and how slow


def _one_slug_name(i: int) -> str:
    """The ``i``-th of many names that all slugify to "minh-anh": "Minh Anh", "Minh Anh!", "Minh
    Anh?"... (marks a slug drops, as few as tell them apart: the input grows as its count does)."""
    marks = ""
    while i:
        i, d = divmod(i - 1, len(_MARKS))
        marks = _MARKS[d] + marks
    return "Minh Anh" + marks


_MARKS = "!?.,;:*"


def _repeat(unit: str, n: int, head: str = "Tiêu đề\n", tail: str = "\n") -> str:
    return head + unit * max(1, n // len(unit)) + tail


# extraction of a whole article (.txt)
EXTRACT = [
    Case("chi-thi-digits-dashes", "extract",
         lambda n: "Tiêu đề\nThực hiện Chỉ thị số " + "1234567890-" * (n // 11) + "CT/TW\n", 40_000),
    Case("chi-thi-runs", "extract", lambda n: _repeat("Chỉ thị số " + "9" * 500 + "-" * 500 + " ", n), 40_000),
    Case("chi-thi-no-code", "extract", lambda n: _repeat("Chỉ thị số ", n), 40_000),
    Case("ngay", "extract", lambda n: _repeat("ngày ", n), 40_000),
    Case("ngay-thang", "extract", lambda n: _repeat("ngày 1 tháng ", n), 40_000),
    Case("weekday", "extract", lambda n: _repeat("Thứ Năm, ngày ", n, head="", tail="\nTiêu đề\n"), 40_000),
    Case("slashes", "extract", lambda n: _repeat("1/", n), 40_000),
    Case("dashes-spaces", "extract", lambda n: _repeat("- ", n), 40_000),
    Case("places", "extract", lambda n: _repeat("Quận Phường Huyện Xã Tỉnh Thành phố ", n), 40_000),
    Case("percent", "extract", lambda n: _repeat("Bô%3ḅ%", n), 40_000),
    Case("many-lines", "extract", lambda n: _repeat("a\n", n, tail=""), 40_000),
    Case("short-form", "extract", lambda n: _repeat("Chỉ thị số 05 và ", n), 40_000,
         "a short form with no full code, looked up in the registry at each occurrence, each lookup "
         "reading the whole article for the entries' context phrases: 14.6 s at 160 kB"),
    Case("short-form-sentences", "extract", lambda n: _repeat("Thực hiện Chỉ thị 05. ", n), 40_000),
    # names repeated along one long line
    Case("province-along-a-line", "extract", lambda n: _repeat("Đà Nẵng ", n), 200_000,
         "each hit read to both ends of its line to decide whether it was a signature: 1.8 s at 800 kB"),
    Case("credit-and-city", "extract", lambda n: _repeat("Bài và ảnh: ) TP.HCM Đồng chí, ", n), 200_000),
    Case("wards-and-districts", "extract", lambda n: _repeat("phường 7, huyện Củ Chi, ", n), 100_000,
         "each ward or district looked at every place decided so far: 4.7 s at 200 kB, 72 s at 800 kB"),
    Case("wards-in-sentences", "extract", lambda n: _repeat("Đến phường 7, huyện Củ Chi. ", n), 100_000),
    # signatures and page furniture: titles before a name, staff signatures joined, a place before
    # an outlet's marker, comment counts
    Case("titles-in-a-row", "extract", lambda n: _repeat("Đại tá, PGS.TS. ", n), 40_000),
    Case("staff-signatures-joined", "extract", lambda n: _repeat("PV - CTV/", n, tail=" Hội nghị.\n"), 40_000),
    Case("place-before-marker", "extract", lambda n: _repeat("Hà Nội (TTXVN) ", n, head="Tiêu đề\nHà Nội, 7/6 ("), 40_000),
    Case("comment-counts", "extract", lambda n: _repeat("Bình luận (0)\nKhánh Vũ\n", n), 40_000),
    # a title of zero-width spaces with no white space among them
    Case("zero-width-title", "extract",
         lambda n: "a" + "\u200b" * n + "b\nSáng 5/6, hội nghị đã diễn ra.\n", 40_000,
         "one-line fields: a pattern of zero-width spaces round a space backtracked over the run at "
         "each of its characters: 0.49 s for 8,000"),
    # a document's full text: its header read, then a body of signatures and recipients' marks
    Case("document-signatures", "extract",
         lambda n: _repeat("T/M BỘ CHÍNH TRỊ\nNơi nhận: - ", n,
                           head="Số 05-CT/TW\nHà Nội, ngày 15 tháng 5 năm 2016\nCHỈ THỊ\nvề công tác cán bộ\n",
                           tail="\nNguyễn Phú Trọng\n"), 40_000),
]

# the Markdown parser and the sanitiser, as ``markdown_blocks`` drives them
MARKDOWN = [
    Case("heading-whitespace", "markdown", lambda n: "# a" + " \t" * (n // 2) + "b", 2_000, "cubic: a minute at 4 kB"),
    Case("heading-hashes", "markdown", lambda n: "# " + "# " * (n // 2) + "x", 2_000),
    Case("image-then-spaces", "markdown", lambda n: "![a](b)" + " " * n + "\nmore", 2_000),
    Case("open-brackets", "markdown", lambda n: "[" * n + "a", 2_000, "Python-Markdown was quadratic here"),
    Case("open-links", "markdown", lambda n: "[a](" * (n // 4), 2_000),
    Case("underscores", "markdown", lambda n: "_a " * (n // 3), 2_000),
    Case("angle-brackets", "markdown", lambda n: "<" * n, 2_000),
    Case("setext-headings", "markdown", lambda n: "a\n=\n" * (n // 4), 20_000,
         "Python-Markdown put the rest of a block back to be read again after each: 20 s at 80 kB"),
    Case("open-tags", "markdown", lambda n: "<div>" * (n // 5) + "x", 20_000,
         "nh3's parser walks its open elements for each one: 0.6 s for 16,000"),
    Case("links-round-bold", "markdown", lambda n: "a <a><b>" * (n // 8) + "</a>" * (n // 8), 20_000,
         "nh3's parser re-reads its formatting elements at each </a>: 0.3 s for 8,000"),
    Case("nested-emphasis", "markdown", lambda n: "**_" * (n // 6) + "x" + "_**" * (n // 6), 20_000),
    Case("backticks", "markdown", lambda n: "`a" * (n // 2), 20_000),
    Case("stars", "markdown", lambda n: "*a " * (n // 3), 20_000),
    Case("footnote-refs", "markdown", lambda n: "[^1]" * (n // 4) + "\n\n[^1]: x", 20_000,
         "Python-Markdown: quadratic"),
    Case("quote-levels", "markdown", lambda n: "> " * (n // 2) + "x", 20_000),
    Case("list-levels", "markdown", lambda n: "".join("  " * i + "- a\n" for i in range(int((n / 2) ** 0.5))), 20_000),
    Case("html-comments", "markdown", lambda n: "<!--" * (n // 4), 20_000),
    Case("entities", "markdown", lambda n: "&amp;" * (n // 5), 20_000),
    Case("autolinks", "markdown", lambda n: "<http://a" * (n // 9), 20_000, "Python-Markdown: 8.7 s at 80 kB"),
    Case("dash-then-spaces", "markdown", lambda n: "- a\n\n-" + " " * n + "x\n", 20_000,
         "a regex looking for a dash item that asks a question backtracked: 10.9 s at 160 kB"),
    Case("list-items", "markdown", lambda n: "- a?\n* b\n1. c\n– d\n" * (n // 20), 20_000),
    Case("setext-after-items", "markdown", lambda n: "- a\n" * (n // 4) + "---", 20_000),
]

# HTML left in a text file (``markup.unmark``), after three tags that make it markup
_HTML = "<p>a</p><p>b</p><br>"
MARKUP = [
    Case("unclosed-attribute-quotes", "markup", lambda n: _repeat("<a b='", n, head=_HTML, tail=""), 40_000,
         "the standard library's html.parser: 3.3 s at 40 kB (each try read to the end for the quote)"),
    Case("unclosed-scripts", "markup", lambda n: _repeat("<script>x", n, head=_HTML, tail=""), 40_000,
         "each script never closed searched to the end for its end tag: 3 s at 400 kB"),
    Case("deep-nesting", "markup", lambda n: _repeat("<div><span>", n, head=_HTML, tail="chữ"), 40_000),
    Case("open-brackets-in-markup", "markup", lambda n: _repeat("<", n, head=_HTML, tail=""), 40_000),
    Case("references", "markup", lambda n: _repeat("c&aacute;n b&#7897; ", n, head="", tail=""), 40_000),
    # a whole page: its article chosen, furniture boxes skipped to their ends
    Case("unclosed-articles", "markup", lambda n: _repeat("<article>x ", n, head=_HTML, tail=""), 40_000),
    Case("unclosed-furniture-boxes", "markup",
         lambda n: _repeat('<div class="menu">x ', n, head=_HTML, tail=""), 40_000,
         "each box never closed is read to the end once for its name, not once a box"),
    Case("closed-furniture-boxes", "markup",
         lambda n: _repeat('<div class="menu">x</div>', n, head=_HTML + "<p>" + "chữ " * 40 + "</p>", tail=""), 40_000),
    Case("nested-boxes-round-the-title", "markup",
         lambda n: _repeat('<div class="header">', n, head=_HTML, tail="<h1>t</h1>"), 40_000,
         "a box that holds the title is read again inside: a budget of such boxes, then no more"),
    Case("many-meta-tags", "markup",
         lambda n: _repeat('<meta name="x" content="y">', n, head=_HTML + "<article><p>a</p></article>",
                           tail=""), 40_000),
    Case("long-page-title", "markup",
         lambda n: "<html><title>" + "a - " * (n // 4) + "</title><body><article>" + _HTML + "</article>", 40_000),
]

# many names with one slug; many distinct blocks of one article
OTHER = [
    Case("names-of-one-slug", "slugs", lambda n: [_one_slug_name(i) for i in range(n)], 8_000,
         "each name searched from -2 past every suffix given: 8,000 names took 5.2 s"),
    Case("many-blocks", "localities", lambda n: n, 100_000),
]

CASES = EXTRACT + MARKDOWN + MARKUP + OTHER

# Last lines that look like bylines but are none: each reading of a line of capitals as name
# tokens used to be tried in turn ("NGỌC" as one token, or "N"+"GỌC", "NG"+"ỌC"...). The first
# took 22.9 s to reject, each of the others 0.2 s; fuzzing real articles found them. Each line,
# and the byline glued after a last sentence, if any: (line, the name found glued, or None).
BYLINE_LOOKALIKES = {
    "sentence-in-capitals": ("CÙNG ĐÓ, TRIỂN KHAI KIỂM TRA, GIÁM SÁT, THỰC HIỆN CÁC QUY ĐỊNH TRÊN. KHÁNH VŨ",
                             "Khánh Vũ"),
    "single-capitals": ("A A A A A, A A A A A, A A A A A, A A A A A!", None),
    "single-capitals-trailing": ("A A A A A, A A A A A, A A A A A, A A A A A, A", None),
    "capitals-and-digits": ("HÀ NỘI SẼ GIẢM, MẠNH MẼ CHI PHÍ, THỦ TỤC VÀ GIẤY TỜ, TỪ NĂM 2025", None),
}


class Stages:
    """What the stages need (extractor, gazetteer, a seed's blocks), loaded once from ``content``."""

    def __init__(self, content: Path):
        from bantin.config import SiteData
        from bantin.extract import Extractor

        self.data = SiteData.load(content)
        self.extractor = Extractor.from_data(self.data)
        seed = sorted((content / "articles").glob("*.txt"))[0]
        self.seed_lines = [" ".join(line.split()) for line in seed.read_text(encoding="utf-8-sig").splitlines()
                           if line.strip()]

    def blocks(self, n: int) -> list[str]:
        """Distinct blocks (repeated blocks are merged) of a seed's lines, about ``n`` characters."""
        out, size, i = [], 0, 0
        while size < n:
            line = f"{self.seed_lines[i % len(self.seed_lines)]} ({i})"
            out.append(line)
            size += len(line) + 1
            i += 1
        return out


def run_case(stages: Stages, case: Case, value: Any, name: str = "x.txt") -> Any:
    """Run ``case``'s stage on ``value`` (made by ``case.make``) and return what it made."""
    if case.stage == "extract":
        return extract_text(stages, value, name)
    if case.stage == "markdown":
        from bantin.extract.markdown_blocks import markdown_blocks

        return markdown_blocks(value)
    if case.stage == "markup":
        from bantin.markup import unmark

        return unmark(value)
    if case.stage == "slugs":
        from bantin.catalog import assign_slugs

        return assign_slugs(value)
    if case.stage == "localities":
        from bantin.extract.localities import find_localities

        return find_localities(stages.blocks(value), stages.data.gazetteer, year=2024)
    raise ValueError(f"unknown stage {case.stage!r}")


def extract_text(stages: Stages, text: str, name: str = "x.txt"):
    """The record of ``text`` read as the bytes of a file named ``name``."""
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    doc = parse_bytes(SourceDocument(name), text.encode("utf-8"))
    assert doc.ok, doc.problems
    return stages.extractor.extract(doc)
