"""Markup from titles, bodies, bylines, front matter, sidecars and data files never reaches any
output file raw; raw HTML in Markdown is sanitised; CSV cells cannot run as formulas."""

from __future__ import annotations

import csv
import io
import json
import sys
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from hostile import MARKERS, SUB

TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".js", ".webmanifest", ".svg"}


def output_files(site):
    return [p for p in sorted(site.out.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES]


def test_no_raw_markup_in_any_output_file(hostile_site):
    """HTML, XML, JSON, text: the hostile tags appear only escaped.

    records.csv is left out on purpose: a CSV cell has no lossless markup escape ("&lt;" would corrupt
    the researchers' data), it is served as text/csv and never parsed as HTML; what a CSV cell must
    not do is run as a spreadsheet formula (tested below).
    """
    hits = []
    for p in output_files(hostile_site):
        if p.suffix == ".csv":
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        low = text.lower()
        for m in MARKERS:
            if m.lower() in low:
                i = low.index(m.lower())
                hits.append(f"{p.relative_to(hostile_site.out)}: {text[max(0, i - 60):i + 60]!r}")
    assert not hits, "\n".join(hits[:30])


class _Tags(HTMLParser):
    """Collects what a browser would act on: elements, attributes, script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed", "frame", "applet", "base"):
            self.bad.append(f"<{tag}>")
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            v = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc") and \
                    v.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.bad.append("<img src=x> from the input")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        low = data.lower()
        if self._in_script and ("<script" in low or "<!--" in low or "</" in low):
            self.bad.append(f"script body that can break out of its element: {data[:80]!r}")


def html_problems(text: str) -> list[str]:
    p = _Tags()
    p.feed(text)
    p.close()
    return p.bad


def test_no_active_content_from_input_in_html(hostile_site):
    """Parsed as a browser would: no event handler, no javascript: URL, no frame, no script break-out."""
    hits = []
    for p in output_files(hostile_site):
        if p.suffix == ".html":
            hits += [f"{p.relative_to(hostile_site.out)}: {b}" for b in html_problems(p.read_text(encoding="utf-8"))]
    assert not hits, "\n".join(hits[:20])


def test_no_active_content_in_feed_html(hostile_site):
    """Atom text of type="html" is unescaped and rendered by feed readers: check it the same way."""
    hits = []
    for p in sorted(hostile_site.out.rglob("*.xml")):
        for el in ElementTree.parse(p).iter():
            if el.get("type") in ("html", "xhtml") and el.text:
                hits += [f"{p.relative_to(hostile_site.out)} <{el.tag}>: {b}" for b in html_problems(el.text)]
    assert not hits, "\n".join(hits[:20])


def test_markdown_raw_html_is_sanitised_but_text_kept(hostile_site):
    f = hostile_site.files[f"{SUB}/inj-front-matter.md"]
    page = (hostile_site.out / "bai" / f.slug / "index.html").read_text(encoding="utf-8")
    assert "thẻ a" in page and "liên kết" in page          # the link texts survive
    assert "javascript:" not in page.lower()
    assert "display:none" not in page


def test_titles_and_bylines_are_shown_escaped(hostile_site):
    f = hostile_site.files[f"{SUB}/inj-sidecar.txt"]
    assert f.title == "<script>alert('sidecar')</script> tiêu đề"
    page = (hostile_site.out / "bai" / f.slug / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page or "&lt;script&gt;alert(&#39;sidecar&#39;)" in page


def test_feeds_and_sitemap_are_well_formed_xml(hostile_site):
    for p in sorted(hostile_site.out.rglob("*.xml")):
        ElementTree.parse(p)   # raises on unescaped markup or control characters


def test_json_files_parse_and_escape_markup(hostile_site):
    for p in sorted(hostile_site.out.rglob("*.json")):
        text = p.read_text(encoding="utf-8")
        json.loads(text)
        assert "<script" not in text.lower(), p


def test_csv_cells_cannot_run_as_formulas(hostile_site):
    p = hostile_site.out / "records.csv"
    csv.field_size_limit(sys.maxsize)   # the 5 MB article is one cell
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
    assert len(rows) > 1
    bad = [(i, c) for i, row in enumerate(rows) for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not bad, bad[:10]
    flat = "\n".join(",".join(r) for r in rows)
    assert "HYPERLINK" in flat   # the hostile title is there, neutralised


@pytest.mark.parametrize("page", ["index.html", "404.html"])
def test_site_title_from_site_yaml_is_escaped(hostile_site, page):
    text = (hostile_site.out / page).read_text(encoding="utf-8")
    assert "Bản tin &lt;script&gt;" in text or "Bản tin &lt;script" in text
