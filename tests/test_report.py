"""The build report's files: build-report.json and build-report.html, byte for byte.

The expected texts are what the report was before it was made fast (one JSON encoder call for all
files, markupsafe's C escaper); every file's entry and warning is in both, everything escaped.
"""

from __future__ import annotations

import json

from bantin.pipeline import BuildReport, FileReport, summary_lines, write_report
from bantin.report_html import report_html


def sample_report() -> BuildReport:
    return BuildReport(files=[
        FileReport("tin/<script>alert(1)</script>.txt", "built", slug="tin-moi", title='Tin "mới" & <b>đậm</b> 😀',
                   encoding="utf-8",
                   warnings=[{"kind": "no-date", "message": "không có ngày", "line": None},
                             {"kind": "unknown-directive", "message": "01-NQ/TW's \"mã\" <x> & y\\z", "line": 12}]),
        FileReport("hà-nội.txt", "built", slug="ha-noi", title="Hà Nội", encoding="windows-1258"),
        FileReport("bản sao 'copy'.txt", "duplicate", duplicate_of="hà-nội.txt", reason="same text as hà-nội.txt",
                   encoding="utf-8", warnings=[{"kind": "no-date", "message": "không có ngày", "line": None}]),
        FileReport('hỏng".txt', "skipped", reason='unreadable: byte <0xff> & "thế"',
                   warnings=[{"kind": "unreadable", "message": "không giải mã được\x01", "line": 0},
                             {"kind": "a<b>&'c'", "message": "dòng một\ndòng hai\tcột", "line": 3}]),
        FileReport("trống.txt", "skipped", reason="empty"),
        FileReport("đẹp.txt", "built", slug="dep", title="", encoding="utf-8"),
    ], articles=3, pages_written=7, pages_unchanged=2, pages_removed=1, extracted=4, seconds=1.234, error=None)


EXPECTED = {
    "summary": {
        "articles": 3, "files": 6, "skipped": 2, "duplicates": 1,
        "pages_written": 7, "pages_unchanged": 2, "pages_removed": 1, "extracted": 4,
        "warnings_by_kind": {"a<b>&'c'": 1, "duplicate": 1, "no-date": 2, "skipped": 2, "unknown-directive": 1,
                             "unreadable": 1},
        "error": None,
    },
    "files": [
        {"path": "tin/<script>alert(1)</script>.txt", "status": "built", "slug": "tin-moi",
         "title": 'Tin "mới" & <b>đậm</b> 😀', "reason": None, "duplicate_of": None, "encoding": "utf-8",
         "warnings": [{"kind": "no-date", "message": "không có ngày", "line": None},
                      {"kind": "unknown-directive", "message": "01-NQ/TW's \"mã\" <x> & y\\z", "line": 12}]},
        {"path": "hà-nội.txt", "status": "built", "slug": "ha-noi", "title": "Hà Nội", "reason": None,
         "duplicate_of": None, "encoding": "windows-1258", "warnings": []},
        {"path": "bản sao 'copy'.txt", "status": "duplicate", "slug": None, "title": None,
         "reason": "same text as hà-nội.txt", "duplicate_of": "hà-nội.txt", "encoding": "utf-8",
         "warnings": [{"kind": "no-date", "message": "không có ngày", "line": None}]},
        {"path": 'hỏng".txt', "status": "skipped", "slug": None, "title": None,
         "reason": 'unreadable: byte <0xff> & "thế"', "duplicate_of": None, "encoding": None,
         "warnings": [{"kind": "unreadable", "message": "không giải mã được\x01", "line": 0},
                      {"kind": "a<b>&'c'", "message": "dòng một\ndòng hai\tcột", "line": 3}]},
        {"path": "trống.txt", "status": "skipped", "slug": None, "title": None, "reason": "empty",
         "duplicate_of": None, "encoding": None, "warnings": []},
        {"path": "đẹp.txt", "status": "built", "slug": "dep", "title": "", "reason": None, "duplicate_of": None,
         "encoding": "utf-8", "warnings": []},
    ],
}


def layout(data: dict) -> str:
    """The report's JSON text: the summary indented, then each file's entry on a line of its own."""
    head = json.dumps({"summary": data["summary"]}, ensure_ascii=False, indent=1)[:-2]
    if not data["files"]:
        return head + ',\n "files": []\n}'
    files = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in data["files"])
    return f'{head},\n "files": [\n  {files}\n ]\n}}'


def test_json_holds_every_file_and_warning_one_file_a_line():
    report = sample_report()
    text = report.to_json()
    assert json.loads(text) == EXPECTED
    assert text == layout(EXPECTED)
    assert report.to_json_bytes() == text.encode("utf-8")
    assert text.count("\n  {\"path\": ") == len(EXPECTED["files"])
    assert '"không giải mã được\\u0001"' in text and '"dòng một\\ndòng hai\\tcột"' in text


def test_json_of_an_empty_report():
    text = BuildReport(error="boom").to_json()
    assert json.loads(text)["files"] == [] and json.loads(text)["summary"]["error"] == "boom"
    assert text == layout(json.loads(text)) and text.endswith('"error": "boom"\n },\n "files": []\n}')


def test_json_of_entries_the_single_encoder_call_cannot_split():
    # a warning led by a "path" key looks like the start of a file's entry; an attribute that is
    # not a field was never written: both take the one-call-per-file way, with the same text
    report = sample_report()
    report.files[1].warnings = [{"kind": "x", "message": "m"}, {"path": "p", "kind": "y", "message": "n"}]
    report.files[2].extra = "not a field"
    data = json.loads(report.to_json())
    assert data["files"][1]["warnings"] == [{"kind": "x", "message": "m"}, {"path": "p", "kind": "y", "message": "n"}]
    assert "extra" not in data["files"][2]
    assert report.to_json() == layout(data)


def test_summary_counts_and_lines():
    report = sample_report()
    assert report.warnings_by_kind == EXPECTED["summary"]["warnings_by_kind"]
    assert report.warning_count == 8
    assert summary_lines(report) == [
        "3 articles from 6 files (4 extracted, 1 duplicates, 2 skipped); 7 pages written, 2 unchanged, 1 removed;"
        " 1.23 s",
        "warnings: a<b>&'c' 1, no-date 2, unknown-directive 1, unreadable 1",
        '  skipped hỏng".txt: unreadable: byte <0xff> & "thế"',
        "  skipped trống.txt: empty",
    ]
    assert summary_lines(report, pages=False)[0] == (
        "3 articles from 6 files (4 extracted, 1 duplicates, 2 skipped); no pages written (check); 1.23 s")


ROWS = (
    '<tr class="warn"><td><code>tin/&lt;script&gt;alert(1)&lt;/script&gt;.txt</code></td><td>đã dựng</td>'
    "<td>Tin &quot;mới&quot; &amp; &lt;b&gt;đậm&lt;/b&gt; 😀</td><td><b>no-date</b>: không có ngày<br>"
    "<b>unknown-directive</b>: 01-NQ/TW&#x27;s &quot;mã&quot; &lt;x&gt; &amp; y\\z (dòng 12)</td></tr>"
    '<tr class="built"><td><code>hà-nội.txt</code></td><td>đã dựng</td><td>Hà Nội</td><td></td></tr>'
    '<tr class="duplicate"><td><code>bản sao &#x27;copy&#x27;.txt</code></td><td>trùng lặp</td><td></td>'
    "<td>same text as hà-nội.txt<br><b>no-date</b>: không có ngày</td></tr>"
    '<tr class="skipped"><td><code>hỏng&quot;.txt</code></td><td>bỏ qua</td><td></td>'
    "<td>unreadable: byte &lt;0xff&gt; &amp; &quot;thế&quot;<br><b>unreadable</b>: không giải mã được\x01<br>"
    "<b>a&lt;b&gt;&amp;&#x27;c&#x27;</b>: dòng một\ndòng hai\tcột (dòng 3)</td></tr>"
    '<tr class="skipped"><td><code>trống.txt</code></td><td>bỏ qua</td><td></td><td>empty</td></tr>'
    '<tr class="built"><td><code>đẹp.txt</code></td><td>đã dựng</td><td></td><td></td></tr>'
)


def test_html_escapes_every_cell():
    page = report_html(sample_report())
    assert "<p>3 bài từ 6 tệp; 7 trang ghi mới,\n2 không đổi, 1 bị xóa; 1.23 giây.</p>" in page
    assert ("<ul><li>a&lt;b&gt;&amp;&#x27;c&#x27;: 1</li><li>duplicate: 1</li><li>no-date: 2</li>"
            "<li>skipped: 2</li><li>unknown-directive: 1</li><li>unreadable: 1</li></ul>") in page
    assert f"<tbody>{ROWS}</tbody></table></body></html>\n" in page
    assert "<script>" not in page and "&#34;" not in page and "&#39;" not in page
    entities = BuildReport(files=[FileReport("a.txt", "built", title="&#39; &#34; ' \" &amp;")])
    assert "<td>&amp;#39; &amp;#34; &#x27; &quot; &amp;amp;</td>" in report_html(entities)


def test_html_of_an_empty_report():
    page = report_html(BuildReport())
    assert "<ul><li>không có</li></ul>" in page and "<tbody></tbody>" in page


def test_write_report_writes_both_files(tmp_path):
    report = sample_report()
    write_report(report, tmp_path / "r" / "build-report.json")
    assert (tmp_path / "r" / "build-report.json").read_bytes() == layout(EXPECTED).encode("utf-8")
    assert (tmp_path / "r" / "build-report.html").read_bytes() == report_html(report).encode("utf-8")


def test_write_report_replaces_links_and_leaves_no_temporary_file(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("not the report", encoding="utf-8")
    path = tmp_path / "out" / "build-report.json"
    path.parent.mkdir()
    path.symlink_to(outside)
    write_report(BuildReport(files=[FileReport("a.txt", "built", slug="a")]), path)
    assert outside.read_text(encoding="utf-8") == "not the report"
    assert not path.is_symlink() and json.loads(path.read_text(encoding="utf-8"))["files"][0]["slug"] == "a"
    assert sorted(p.name for p in path.parent.iterdir()) == ["build-report.html", "build-report.json"]
