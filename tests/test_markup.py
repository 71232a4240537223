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


# A whole saved page: the site's header, menu and search form, a trail of links, the article, a
# box of related links, the site's footer. Variants move the title and date out of the article,
# or mark the article with boxes instead of <article>.
PAGE_HEAD = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Quận 10 sơ kết Chỉ thị 02 | Báo Thanh Niên</title>
<meta property="og:title" content="Quận 10 sơ kết Chỉ thị 02">
{meta}<script>var layer = "<p>không phải chữ</p>";</script></head><body>
<header class="site-header"><div class="logo"><a href="/">Báo Thanh Niên</a></div>
<nav><ul><li><a href="/thoi-su">Thời sự</a></li><li><a href="/the-gioi">Thế giới</a></li>
<li><a href="/kinh-te">Kinh tế</a></li></ul></nav>
<form action="/tim-kiem"><input name="q"><button>Tìm</button></form></header>
<main><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/thoi-su">Thời sự</a></div>
"""
TITLE = '<h1 class="title">Quận 10 sơ kết một năm thực hiện Chỉ thị số 02/CT-QU</h1>\n'
DATE = '<div class="meta"><span class="date">Thứ Sáu, 7/6/2019 09:30 (GMT+7)</span></div>\n'
ARTICLE = """<h2 class="sapo">Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị sơ kết một năm thực hiện Chỉ thị số 02/CT-QU.</h2>
<div class="content"><p>Chủ trì hội nghị có đồng chí Phan Văn Thoại, Phó Bí thư Thường trực Quận ủy Quận 10.
Sau một năm, UBND Quận 10 đã tổ chức kiểm tra tại 15 phường.</p>
<div class="box-tin-lien-quan"><div><a href="/b">Đà Nẵng triển khai Chỉ thị số 35-CT/TW</a></div></div>
<p>Hội nghị cũng quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng,
đạo đức, phong cách Hồ Chí Minh. Dịp này, Quận ủy khen thưởng 10 tập thể và 15 cá nhân.</p>
<p class="author">Minh Anh</p></div>
"""
PAGE_TAIL = """<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a1">Đà Nẵng triển khai Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp</a></li>
<li><a href="/a2">Hà Nội: Học tập và làm theo tấm gương đạo đức Hồ Chí Minh</a></li></ul></aside>
</main><footer class="site-footer"><p>© Bản quyền thuộc về Báo Thanh Niên.</p>
<p>Địa chỉ: 268-270 Nguyễn Đình Chiểu, Quận 3, TP.HCM</p></footer></body></html>
"""
READ = ["Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị sơ kết một năm thực hiện Chỉ thị số 02/CT-QU.", "",
        "Chủ trì hội nghị có đồng chí Phan Văn Thoại, Phó Bí thư Thường trực Quận ủy Quận 10. "
        "Sau một năm, UBND Quận 10 đã tổ chức kiểm tra tại 15 phường.", "",
        "Hội nghị cũng quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo "
        "tư tưởng, đạo đức, phong cách Hồ Chí Minh. Dịp này, Quận ủy khen thưởng 10 tập thể và 15 cá nhân.", "",
        "Minh Anh", ""]
PUBLISHED = '<meta property="article:published_time" content="2019-06-07T02:30:00Z">\n'


def page(inside: str, before: str = "", meta: str = "", article=("<article>", "</article>")) -> str:
    return PAGE_HEAD.format(meta=meta) + before + article[0] + inside + article[1] + PAGE_TAIL


@pytest.mark.parametrize("markup, head", [
    (page(TITLE + DATE + ARTICLE), [TITLE, DATE]),                             # all in the article
    (page(TITLE + DATE + ARTICLE, article=('<div class="detail-content">', "</div>")), [TITLE, DATE]),
    (page(ARTICLE, before="<div>" + TITLE + DATE + "</div>"), [TITLE, DATE]),   # the title above it
    (page(ARTICLE, before=TITLE + DATE + '<p class="lead">' + "Tóm tắt bài. " * 30 + "</p>"),   # and a summary
     [TITLE, DATE, '<p class="lead">' + "Tóm tắt bài. " * 30 + "</p>"]),
    (page(ARTICLE), ["<h1>Quận 10 sơ kết Chỉ thị 02</h1>"]),                   # og:title
    (page(ARTICLE, meta=PUBLISHED), ["<h1>Quận 10 sơ kết Chỉ thị 02</h1>",      # ... and the metadata's
                                     "<p>2019-06-07T09:30</p>"]),               # date, in Vietnam's time
], ids=["article", "boxes", "title-outside", "summary-outside", "og-title", "published-time"])
def test_a_whole_page_is_read_as_its_article(markup, head):
    text, note = unmark(markup)
    assert note and "HTML tags" in note
    lines = text.split("\n")
    want = [unmark(h * 3)[0].split("\n")[0] for h in head]
    assert [line for line in lines[:2 * len(head)] if line] == want
    assert lines[2 * len(head):] == READ        # no menu, form, trail, related box or footer


def test_a_whole_page_gives_the_record_of_its_article(extractor):
    for markup in (page(TITLE + DATE + ARTICLE), page(ARTICLE, before=TITLE + DATE),
                   page(ARTICLE, meta=PUBLISHED)):
        rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), markup.encode()))
        assert rec.title in ("Quận 10 sơ kết một năm thực hiện Chỉ thị số 02/CT-QU", "Quận 10 sơ kết Chỉ thị 02")
        assert (rec.date, rec.time) == ("2019-06-07", "09:30")
        assert rec.byline is not None and rec.byline.name == "Minh Anh"
        assert sorted(d.code for d in rec.directives) == ["02-CT/QU", "05-CT/TW"]   # not the related 35-CT/TW
        assert not any("Thời sự" in b.text or "Bản quyền" in b.text for b in rec.blocks)


@pytest.mark.parametrize("markup, text", [
    # a box named furniture that holds the title, or most of the page, is read
    ('<div class="header"><h1>Tiêu đề</h1></div><p>a</p><p>b</p>', "Tiêu đề\n\na\n\nb\n"),
    ('<div class="comments-on"><p>a</p><p>b</p><p>c</p></div><p>d</p>', "a\n\nb\n\nc\n\nd\n"),
    # an ARIA landmark that is not the article
    ('<div role="navigation"><a href="/">Thời sự</a></div><p>Đoạn một của bài.</p><p>Đoạn hai của bài.</p>',
     "Đoạn một của bài.\n\nĐoạn hai của bài.\n"),
    # a name that also says "article" is no furniture; an unclosed box is read
    ('<div class="article-footer"><p>Minh Anh</p></div><p>a</p><p>b</p>', "Minh Anh\n\na\n\nb\n"),
    ('<p>a</p><p>b</p><div class="menu"><p>c', "a\n\nb\n\nc\n"),
    # articles that hold too little of the page (teasers) are not chosen
    ('<p>' + "chữ " * 50 + '</p><article><p>tin khác</p></article><p>b</p>',
     ("chữ " * 50).strip() + "\n\ntin khác\n\nb\n"),
])
def test_furniture_rules_keep_what_may_be_the_article(markup, text):
    assert unmark(markup)[0] == text


def test_the_pages_site_name_names_its_outlet_unless_a_sidecar_says_otherwise(extractor):
    known = PAGE_HEAD.replace("{meta}", '<meta property="og:site_name" content="VnExpress">\n{meta}')
    unknown = PAGE_HEAD.replace("{meta}", '<meta property="og:site_name" content="Tin &amp; Bàn">\n{meta}')
    for head, outlet in ((known, ("vnexpress.net", "VnExpress")), (unknown, ("tin-ban", "Tin & Bàn"))):
        markup = head.format(meta="") + "<article>" + TITLE + DATE + ARTICLE + "</article>" + PAGE_TAIL
        rec = extractor.extract(parse_bytes(SourceDocument("x.txt"), markup.encode()))
        assert rec.outlet is not None and (rec.outlet.key, rec.outlet.name) == outlet
    side = parse_bytes(SourceDocument("x.txt"), markup.encode(), side_bytes="outlet: Nhân Dân\n".encode(),
                       side_name="x.yaml")
    assert side.overrides["outlet"] == "Nhân Dân"
    plain = parse_bytes(SourceDocument("x.txt"), 'Tiêu đề\n\nog:site_name content="X" trong chữ.\n'.encode())
    assert "outlet" not in plain.overrides


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_references_make_no_characters_a_text_does_not_keep(suffix):
    """The reader drops control characters, marks of direction and noncharacters from the file;
    a page's references ("&#x202e;", "&#xfeff;", "&#xfdd0;") make them again when decoded, in a
    .txt's HTML or a Markdown body, and they are dropped again."""
    from bantin.extract.markdown_blocks import markdown_blocks

    body = "Tiêu &#x202e;đề&#x202c; &#x2066;x&#x2069; &#xfeff;&#xfdd0;&#x1b;[31m c&aacute;n bộ\n\nNội dung.\n"
    head = "---\ntitle: Tiêu đề\n---\n" if suffix == ".md" else "<p>a</p><p>b</p><br>"
    doc = parse_bytes(SourceDocument("x" + suffix), (head + body).encode(), suffix=suffix)
    texts = [b.text for b in markdown_blocks(doc.text)[1]] if suffix == ".md" else [doc.text]
    for t in texts:
        assert not any(c in t for c in "\u202e\u202c\u2066\u2069\ufeff\ufdd0\x1b"), repr(t)
    assert "cán bộ" in " ".join(texts)
