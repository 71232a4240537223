"""``markup.unmark``: HTML left in a text file becomes the text a reader of the page saw; plain text
(with its "<" and "&" that are no markup) is left alone."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.markup import unmark
from bantin.model import SourceDocument
from bantin.reader import parse_bytes

INNER_HTML = """<div class="detail">
<h1 class="title">Xây dựng hình ảnh người cán bộ
   gần dân</h1>
<p class="sapo"><strong>(ĐCSVN) -</strong> Sáng 7/6, hội nghị sơ kết
<a href="/chi-thi">Chỉ thị số 05-CT/TW</a> diễn ra tại Hà Nội.</p>
<figure><img src="a.jpg" alt="ảnh"><figcaption>Quang cảnh hội nghị. Ảnh: PV</figcaption></figure>
<p>Đoạn hai<br>dòng mới &amp; tiếp&nbsp;tục.</p>
<script>var s = "<p>không phải chữ</p>";</script><style>p { color: red }</style><!-- quảng cáo -->
<ul><li>Một</li><li>Hai</li></ul>
<table><tr><td>Năm</td><td>2019</td></tr></table>
<p>Long Hồ</p>
</div>"""


def test_inner_html_is_laid_out_as_the_page_showed_it():
    text, note = unmark(INNER_HTML)
    assert note and "HTML tags" in note
    assert text.split("\n") == [
        "Xây dựng hình ảnh người cán bộ gần dân", "",       # white space in the source collapsed
        "(ĐCSVN) - Sáng 7/6, hội nghị sơ kết Chỉ thị số 05-CT/TW diễn ra tại Hà Nội.", "",
        "Quang cảnh hội nghị. Ảnh: PV", "",
        "Đoạn hai", "dòng mới & tiếp tục.", "",              # <br>: a line break, no blank line
        "Một", "", "Hai", "",
        "Năm 2019", "",                                      # the cells of a row side by side
        "Long Hồ", "",
    ]


@pytest.mark.parametrize("encoded", [
    "c&aacute;n b&#7897; g&#x1EA7;n d&acirc;n",                # named, decimal, hexadecimal
    "cán bộ gần dân",
])
def test_character_references_are_decoded(encoded):
    text, note = unmark(encoded)
    assert text == "cán bộ gần dân"
    assert (note is None) == ("&" not in encoded)


@pytest.mark.parametrize("text", [
    "Sở GD&TĐ, R&D và Q&A; tỷ lệ a < b và c > d.",         # "&" and "<" that are no markup
    "Thẻ <br> xuống dòng trong HTML.",                       # a tag shown, not used (fewer than three)
    "&foo; không phải là tham chiếu ký tự.",
    "Mũi tên <<< và >>> trong văn bản.",
])
def test_text_that_only_looks_like_markup_is_left_alone(text):
    assert unmark(text) == (text, None)


@pytest.mark.parametrize("markup, text", [
    ("<p>a</p><p>b</p><p>c<!-- never closed", "a\n\nb\n\nc<!-- never closed\n"),
    ("<p>a</p><p>b</p><script>var c = 1;", "a\n\nb\nvar c = 1;\n"),       # a script never closed: text
    ("<p>a</p><p>b</p><a b='c", "a\n\nb\n<a b='c\n"),                     # a tag never closed: text
    ("<P>a</P><DIV>b</DIV><BR/>c", "a\n\nb\nc\n"),
    ("<!DOCTYPE html><html><head><title>t</title></head><body><p>a</p></body></html>", "a\n"),
])
def test_broken_markup_keeps_every_word(markup, text):
    assert unmark(markup)[0] == text


def test_a_text_file_of_html_is_read_as_its_text():
    doc = parse_bytes(SourceDocument("x.txt"), INNER_HTML.encode())
    assert doc.ok and doc.text.startswith("Xây dựng hình ảnh")
    assert [p.kind for p in doc.problems] == ["markup"]
    md = parse_bytes(SourceDocument("x.md"), INNER_HTML.encode(), suffix=".md")
    assert md.text.startswith("<div")          # Markdown keeps its HTML (sanitised when rendered)
    assert not md.problems


def test_markup_with_no_text_is_reported():
    doc = parse_bytes(SourceDocument("x.txt"), b"<div><p></p><br><img src=x></div>")
    assert not doc.ok and "only markup" in doc.problems[-1].message


_WORDS = st.sampled_from(["Đà Nẵng", "cán bộ", "05-CT/TW", "a < b", "R&D", "&amp;", "&#7897;", " ", "\n"])
_TAGS = st.sampled_from(["<p>", "</p>", "<br>", "<div class='x'>", "</div>", "<b>", "</b>", "<a href=\"<\">",
                         "<script>", "</script>", "<!--", "-->", "<td>", "<", ">", "'", '"', "<!x>", "<?y?>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, _TAGS), max_size=60))
def test_any_text_gives_text_and_every_plain_word_survives(parts):
    src = "".join(parts)
    out, note = unmark(src)
    assert isinstance(out, str)
    if note is None:
        assert out == src
    # a word outside any tag, comment or script is never lost
    if "<" not in src and "&" not in src:
        assert out == src


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Đà Nẵng", "cán bộ gần dân", "Chỉ thị 05-CT/TW", "a & b", "x < y"]),
                min_size=1, max_size=8))
def test_escaped_paragraphs_come_back_as_written(paragraphs):
    page = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    out, _ = unmark(page + "<br><br>")
    assert [line for line in out.split("\n") if line] == paragraphs
