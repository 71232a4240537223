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
        "articles": 3, "files": 6, "skipped": 2, "duplicates": 1, "drafts": 0,
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
    # a search index that took a second or more is shown as its share of the build
    report.seconds, report.search_seconds = 74.04, 50.3
    assert summary_lines(report)[0].endswith("; 74.04 s (the search index 50.30 s of it)")
    report.search_seconds = 0.4
    assert summary_lines(report)[0].endswith("; 74.04 s")


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


# --- reports written with the last report's unchanged runs copied over (``report_rows``) ----------

def many_files(n: int, changed: int | None = None) -> list[FileReport]:
    """``n`` varied entries (built with and without warnings, duplicates, skipped); entry ``changed``
    with another title."""
    files = []
    for i in range(n):
        if i % 37 == 5:
            files.append(FileReport(f"bài/{i:05d}.txt", "duplicate", duplicate_of="bài/00000.txt",
                                    reason="same text as bài/00000.txt", encoding="utf-8"))
        elif i % 53 == 7:
            files.append(FileReport(f"bài/{i:05d}.txt", "skipped", reason="empty",
                                    warnings=[{"kind": "unreadable", "message": "rỗng <&>", "line": None}]))
        else:
            title = f"Tin số {i} – \"Hà Nội\" & <b>{i}</b>" + (" (sửa)" if i == changed else "")
            warnings = [{"kind": "no-date", "message": f"không có ngày {i}", "line": i % 5 or None}] if i % 3 else []
            files.append(FileReport(f"bài/{i:05d}.txt", "built", slug=f"tin-{i}", title=title, encoding="utf-8",
                                    warnings=warnings))
    return files


def fresh_bytes(report: BuildReport, tmp_path) -> tuple[bytes, bytes]:
    """The report's two files as made without a memo (every row encoded)."""
    path = tmp_path / "fresh" / "build-report.json"
    write_report(report, path)
    return path.read_bytes(), path.with_suffix(".html").read_bytes()


def written(path) -> tuple[bytes, bytes]:
    return path.read_bytes(), path.with_suffix(".html").read_bytes()


def test_a_report_reusing_the_last_ones_rows_equals_one_made_afresh(tmp_path, monkeypatch):
    import bantin.report_rows as rr

    made: list[int] = []   # the runs whose rows were encoded, not copied
    real = rr.rows_html
    monkeypatch.setattr(rr, "rows_html", lambda files: made.append(len(files)) or real(files))
    path, memo = tmp_path / "out" / "build-report.json", tmp_path / "cache" / "report-rows.pickle"
    memo.parent.mkdir()

    def write(report: BuildReport) -> list[int]:
        """Write ``report`` with the memo, check its bytes; the sizes of the runs made afresh."""
        made.clear()
        write_report(report, path, memo=memo)
        runs = list(made)
        assert written(path) == fresh_bytes(report, tmp_path)
        return runs

    runs = write(BuildReport(files=many_files(3000), articles=2900, pages_written=5, seconds=2.5))
    assert memo.exists() and sum(runs) == 3000 and len(runs) > 10   # cut into runs
    # one entry changed: only its run is made again
    runs = write(BuildReport(files=many_files(3000, changed=1500), articles=2900, pages_unchanged=9, seconds=0.5))
    assert len(runs) == 1 and runs[0] < 3000
    # a file added and one removed: their runs only
    files = many_files(3000, changed=1500)
    files.insert(700, FileReport("bài/00699b.txt", "built", slug="moi", title="Mới", encoding="utf-8"))
    del files[2500]
    third = BuildReport(files=files, articles=2900, seconds=0.25)
    runs = write(third)
    assert 1 <= len(runs) <= 2 and sum(runs) < 3000 // 2
    # nothing changed: nothing made
    assert write(third) == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["build-report.html", "build-report.json"]


def test_a_report_changed_since_its_memo_is_not_copied_from(tmp_path):
    path, memo = tmp_path / "build-report.json", tmp_path / "cache" / "report-rows.pickle"
    memo.parent.mkdir()
    report = BuildReport(files=many_files(500), articles=480)
    write_report(report, path, memo=memo)
    # edited in place (same size): its bytes are not trusted
    html = path.with_suffix(".html")
    html.write_bytes(html.read_bytes().replace("Tin số".encode(), "Tin sô".encode()))
    write_report(report, path, memo=memo)
    assert written(path) == fresh_bytes(report, tmp_path)
    # replaced by another file, or removed
    path.write_bytes(b"{}")
    write_report(report, path, memo=memo)
    assert written(path) == fresh_bytes(report, tmp_path)
    path.unlink()
    write_report(report, path, memo=memo)
    assert written(path) == fresh_bytes(report, tmp_path)
    # a damaged memo, or one made by other code
    memo.write_bytes(b"not a memo")
    write_report(report, path, memo=memo)
    assert written(path) == fresh_bytes(report, tmp_path)


def test_a_memo_of_other_code_is_not_used(tmp_path, monkeypatch):
    import bantin.report_rows as rr

    path, memo = tmp_path / "build-report.json", tmp_path / "report-rows.pickle"
    report = BuildReport(files=many_files(300))
    write_report(report, path, memo=memo)
    assert rr.load_memo(memo) is not None
    monkeypatch.setattr(rr, "_env", lambda: (rr.MEMO_FORMAT, "other code", "3.x"))
    assert rr.load_memo(memo) is None


def test_runs_cover_every_entry_in_order_and_are_cut_by_path():
    import bantin.report_rows as rr

    files = many_files(5000)
    bounds = rr.run_bounds(files)
    assert bounds[0][0] == 0 and bounds[-1][1] == 5000
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < e - s <= rr.MAX_RUN for s, e in bounds)
    # an entry inserted changes the cut around it only
    moved = files[:100] + [FileReport("chen.txt", "built")] + files[100:]
    after = {(s + 1, e + 1) for s, e in bounds if s > 100}
    assert after <= set(rr.run_bounds(moved))
    assert rr.run_bounds([FileReport("a.txt", "built")]) == [(0, 1)]


def test_an_empty_report_with_a_memo(tmp_path):
    path, memo = tmp_path / "build-report.json", tmp_path / "report-rows.pickle"
    write_report(BuildReport(error="boom"), path, memo=memo)
    write_report(BuildReport(error="boom"), path, memo=memo)
    assert written(path) == fresh_bytes(BuildReport(error="boom"), tmp_path)


def test_no_memo_is_left_where_there_is_no_build_cache(tmp_path):
    # a ``check`` of a tree never built: the report is written, no cache folder made
    path, memo = tmp_path / "build-report.json", tmp_path / ".bantin-cache" / "public" / "report-rows.pickle"
    write_report(BuildReport(files=many_files(50)), path, memo=memo)
    assert written(path) == fresh_bytes(BuildReport(files=many_files(50)), tmp_path)
    assert not (tmp_path / ".bantin-cache").exists()
