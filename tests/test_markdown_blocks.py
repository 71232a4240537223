"""Markdown blocks: a block of plain text skips the Markdown parser and must come out exactly as it
would have come through it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.extract.markdown_blocks import MAX_BRACKETS, _inline_html, _parser, markdown_blocks, sanitize_inline


def through_markdown(md_text: str) -> str:
    """What ``_inline_html`` gives a block through the parser (a new one for every block)."""
    if md_text.count("[") > MAX_BRACKETS:
        md_text = md_text.replace("\\", "\\\\").replace("[", "\\[")
    out = _parser().render(md_text)
    out = re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", out, flags=re.S)
    return sanitize_inline(out).strip()


# words and every character CommonMark may read as syntax, at a line's start or inside one
PIECES = ["Đảng", "bộ", "Chỉ thị", "05-CT/TW", "1986", "2.", "3)", "Ảnh:", "(ĐCSVN)", "“trích”", "a@b.vn",
          "http://x.vn", " ", " ", " ", "  ", "\n", "\n ", "\n    ", "\t", "-", "--", "=", "==", "+", ">", "#",
          "*", "_", "[", "]", "(", ")", "<", "<b>", "&", "&amp;", "!", "`", "\\", "|", "~", ":", "'", '"',
          ".", ",", "…", "\u00a0", "\u200b", "%", "{", "}"]


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_a_block_comes_out_as_through_markdown(pieces):
    text = "".join(pieces).strip()
    if "\n\n" in re.sub(r"\n[ \t]*", "\n", text) or not text:
        return   # blocks are split at blank lines before they get here
    assert _inline_html(text) == through_markdown(text), repr(text)


def test_real_paragraphs_come_out_as_through_markdown():
    from support import CONTENT, SHARED

    files = sorted((CONTENT / "articles").glob("*.txt")) + sorted((SHARED / "corpus" / "real-visible").glob("*.txt"))[:120]
    checked = 0
    for f in files:
        for chunk in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
            if chunk.strip():
                assert _inline_html(chunk.strip()) == through_markdown(chunk.strip())
                checked += 1
    assert checked > 300


def test_markup_still_goes_through_markdown():
    title, blocks = markdown_blocks("# Tiêu đề\n\nĐoạn *nhấn* và [liên kết](https://x.vn).\n\nĐoạn thường.\n")
    assert title == "Tiêu đề"
    assert blocks[0].html == 'Đoạn <em>nhấn</em> và <a href="https://x.vn" rel="noopener nofollow">liên kết</a>.'
    assert blocks[1].html == "Đoạn thường." and blocks[1].text == "Đoạn thường."


def test_a_markdown_articles_page_shows_its_links_and_emphasis_sanitised(tmp_path):
    """The inline HTML a Markdown block keeps is what its page shows (a text block's text is
    escaped as ever): links work, emphasis shows, and nothing the sanitiser refused comes back."""
    from bantin.pipeline import BuildOptions, run_build
    from support import TEMPLATES, copy_content

    content = copy_content(tmp_path / "content")
    (content / "articles" / "md.md").write_text(
        "---\ntitle: Bài Markdown\ndate: 2020-01-02\n---\n\nĐoạn đầu về Chỉ thị 05-CT/TW.\n\n"
        "Xem [bài khác](/bai/x/), *nhấn mạnh* và `mã`; [xấu](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> <script>alert(2)</script>\n\n## Mục **một**\n", encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False)).error is None
    page = (out / "bai" / "bai-markdown" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/bai/x/" rel="noopener nofollow">bài khác</a>' in page
    assert "<em>nhấn mạnh</em>" in page and "<code>mã</code>" in page
    assert "<h2>Mục <strong>một</strong></h2>" in page
    body = page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    assert "javascript:" not in body and "onerror" not in body and "<script" not in body and "<img" not in body


def _md_record(extractor, text: str):
    from bantin.model import SourceDocument
    from bantin.reader import parse_bytes

    doc = parse_bytes(SourceDocument("bai.md"), text.encode(), ".md")
    return extractor.extract(doc)


def test_a_markdown_page_has_its_dateline_and_byline_read_like_a_text_page(extractor):
    rec = _md_record(extractor, "---\ngenre: news\n---\n*Thứ Năm, 24/5/2019 - 10:15*\n\n# Tiêu đề\n\n"
                                "Đoạn mở đầu về Chỉ thị số 05-CT/TW.\n\nĐoạn thứ hai.\n\n**Minh Anh**\n")
    assert rec.title == "Tiêu đề" and (rec.date, rec.time, rec.date_basis) == ("2019-05-24", "10:15", "dateline")
    assert rec.byline is not None and (rec.byline.name, rec.byline.role) == ("Minh Anh", "author")
    assert [b.text for b in rec.blocks] == ["Đoạn mở đầu về Chỉ thị số 05-CT/TW.", "Đoạn thứ hai."]
    assert rec.blocks[0].kind == "lead" and rec.dropped == ["Thứ Năm, 24/5/2019 - 10:15", "Minh Anh"]
    # the weekday is checked, and the warning names the file's line (below the front matter)
    assert [(p.kind, p.line) for p in rec.warnings if p.kind == "weekday-mismatch"] == [("weekday-mismatch", 4)]
    # the outlet's marker opening the lead names the outlet, as in a text file
    rec = _md_record(extractor, "# Tiêu đề\n\n(ĐCSVN) - Sáng 7/6, hội nghị về **Chỉ thị** 05-CT/TW.\n\nĐoạn.\n")
    assert rec.outlet is not None and rec.outlet.key == "dangcongsan.vn"
    assert (rec.blocks[0].text, rec.blocks[0].html) == ("Sáng 7/6, hội nghị về Chỉ thị 05-CT/TW.",
                                                       "Sáng 7/6, hội nghị về <strong>Chỉ thị</strong> 05-CT/TW.")
    # a source credit is a credit
    rec = _md_record(extractor, "# Tiêu đề\n\nĐoạn mở đầu.\n\nTheo TTXVN\n")
    assert rec.byline is None and rec.credit_outlet == "TTXVN" and [b.text for b in rec.blocks] == ["Đoạn mở đầu."]


def test_a_markdown_page_keeps_what_is_no_dateline_or_byline(extractor):
    # a short last paragraph that names no one, and a heading above the text, stay in the text
    rec = _md_record(extractor, "Sáng 7/6, hội nghị khai mạc.\n\n# Không phải tiêu đề đầu\n\nĐoạn.\n\nHết.\n")
    assert rec.title != "Không phải tiêu đề đầu" and rec.byline is None
    assert [b.text for b in rec.blocks][-2:] == ["Đoạn.", "Hết."]
    # nor is a list's last item, though it names someone
    rec = _md_record(extractor, "# Tiêu đề\n\nThành phần:\n\n- Trần Văn B\n- Nguyễn Văn A\n")
    assert rec.byline is None and [b.text for b in rec.blocks][-1] == "- Nguyễn Văn A"
    # a page of one short paragraph keeps it as its text, even when it reads as a name
    rec = _md_record(extractor, "# Tiêu đề\n\nMinh Anh\n")
    assert [b.text for b in rec.blocks] == ["Minh Anh"] and rec.byline is None


def test_markdown_list_items_are_blocks_of_their_own_and_dashes_may_be_an_interview():
    lines: list[int] = []
    _, blocks = markdown_blocks("Các nhiệm vụ:\n- một;\n- hai *đậm*\n  tiếp dòng\n\n1. số một\n2. số hai\n\n* sao\n", lines)
    assert [(b.kind, b.text, b.html) for b in blocks] == [
        ("paragraph", "Các nhiệm vụ:", "Các nhiệm vụ:"), ("paragraph", "- một;", "- một;"),
        ("paragraph", "- hai đậm tiếp dòng", "- hai <em>đậm</em>\ntiếp dòng"),
        ("paragraph", "1. số một", "1. số một"), ("paragraph", "2. số hai", "2. số hai"),
        ("paragraph", "- sao", "- sao")]
    assert lines == [1, 2, 3, 6, 7, 9]
    # a dash item that asks a question: the dashes are an interview's turns, as in a text file
    _, blocks = markdown_blocks("Mở đầu.\n\n- Thưa ông, tình hình thế nào?\n\n- Rất tốt.\n\n- Còn gì nữa\n\n- Không.\n")
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", "Mở đầu."), ("question", "Thưa ông, tình hình thế nào?"),
                                                 ("answer", "Rất tốt."), ("question", "Còn gì nữa"), ("answer", "Không.")]


def test_setext_headings_and_code_blocks():
    title, blocks = markdown_blocks("Tiêu đề lớn\n=========\n\nĐoạn một.\n\nMục nhỏ\n-------\n\nĐoạn hai.\n")
    assert title == "Tiêu đề lớn"
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", "Đoạn một."), ("heading", "Mục nhỏ"),
                                                 ("paragraph", "Đoạn hai.")]
    # a fenced block is one block: a line in it that opens with a dash is no list item
    _, blocks = markdown_blocks("```\nmã\n- không phải mục\n```\n\nSau.\n")
    assert [b.text for b in blocks] == ["mã - không phải mục", "Sau."]


def test_markdown_reading_rules_stay_narrow(extractor):
    """What a review of the Markdown rules found: each case once read wrong."""
    # an interview question wrapped over two lines still asks
    _, blocks = markdown_blocks("- Kế hoạch của ông là\n  gì?\n\n- Rất tốt.\n")
    assert [(b.kind, b.text) for b in blocks] == [("question", "Kế hoạch của ông là gì?"), ("answer", "Rất tốt.")]
    # a wrapped line that opens with a number or an en dash continues its paragraph
    _, blocks = markdown_blocks("Từ năm\n2019. Đến nay\n\nDòng đầu\n– 15 tỷ đồng\n")
    assert [b.text for b in blocks] == ["Từ năm 2019. Đến nay", "Dòng đầu – 15 tỷ đồng"]
    # a list above a rule is no heading
    title, blocks = markdown_blocks("Ghi chú:\n- Một\n- Hai\n---\n")
    assert title is None and [b.kind for b in blocks] == ["paragraph"] * 3
    # two datelines in one paragraph, each on its line
    rec = _md_record(extractor, "Ngày đăng: 24/05/2019 10:15\nCập nhật: 25/05/2019\n\n# Tiêu đề\n\nĐoạn.\n")
    assert (rec.title, rec.date, rec.time) == ("Tiêu đề", "2019-05-24", "10:15")
    assert [b.text for b in rec.blocks] == ["Đoạn."]
