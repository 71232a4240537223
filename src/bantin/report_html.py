"""A readable page for the build report (kept beside the output, never published)."""

from __future__ import annotations

from html import escape

try:   # markupsafe's C escaper: one pass, and the string itself back when nothing needs escaping
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - pure-Python markupsafe
    _escape_inner = None

_STATUS = {"built": "đã dựng", "duplicate": "trùng lặp", "skipped": "bỏ qua", "draft": "bản nháp"}


if _escape_inner is not None:
    def _escape(s: str) -> str:
        """``html.escape``, a quarter of its cost (it is called for every path, title and warning)."""
        e = _escape_inner(s)
        # markupsafe writes " and ' as &#34; and &#39;; the page keeps html.escape's entities
        return e if e is s else e.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
else:  # pragma: no cover - pure-Python markupsafe
    _escape = escape


def rows_html(files) -> str:
    """The table's rows, one per file: its path, status, title and notes (reason, warnings). The
    rows of a run of the files are that run's part of the whole table's."""
    esc = _escape
    starts: dict[str, tuple[str, str]] = {}   # row class -> the markup around the path
    kinds: dict[str, str] = {}                # warning kind -> "<b>kind</b>: "
    rows = []
    for f in files:
        status = f.status
        cls = status
        if f.warnings:
            notes = []
            for w in f.warnings:
                kind = kinds.get(w["kind"])
                if kind is None:
                    kind = kinds[w["kind"]] = f"<b>{esc(w['kind'])}</b>: "
                line = w.get("line")
                notes.append(f"{kind}{esc(w['message'])} (dòng {line})" if line else kind + esc(w["message"]))
            note = "<br>".join(notes)
            if f.reason:
                note = f"{esc(f.reason)}<br>{note}"
            if status == "built":
                cls = "warn"
        else:
            note = esc(f.reason) if f.reason else ""
        start = starts.get(cls)
        if start is None:
            start = starts[cls] = (f'<tr class="{cls}"><td><code>',
                                   f"</code></td><td>{_STATUS.get(status, status)}</td><td>")
        rows.append(f"{start[0]}{esc(f.path)}{start[1]}{esc(f.title) if f.title else ''}</td><td>{note}</td></tr>")
    return "".join(rows)


def report_html(report, by_kind: dict[str, int] | None = None) -> str:
    """The page for ``report`` (``by_kind``: its ``warnings_by_kind``, if the caller has it)."""
    head, tail = page_parts(report, by_kind)
    return head + rows_html(report.files) + tail


def _data_part(report) -> str:
    """What the data files say that nothing reads (a misspelt setting), with its line."""
    found = getattr(report, "data_problems", None)
    if not found:
        return ""
    items = "".join(f"<li><code>{escape(p['path'])}{':' + str(p['line']) if p.get('line') else ''}</code>: "
                    f"{escape(p['message'])}</li>" for p in found)
    return f"\n<h2>Tệp dữ liệu</h2><ul>{items}</ul>"


def _static_part(report) -> str:
    """The files of content/static/ that were not copied, and why (nothing when all were)."""
    refused = getattr(report, "static_problems", None)
    if not refused:
        return ""
    items = "".join(f"<li><code>{escape(p['path'])}</code>: {escape(p['message'])}</li>" for p in refused)
    return f"\n<h2>Tệp tĩnh không được chép</h2><ul>{items}</ul>"


def page_parts(report, by_kind: dict[str, int] | None = None) -> tuple[str, str]:
    """The page before its table's rows and after them (the rows are made, or reused, apart)."""
    if by_kind is None:
        by_kind = report.warnings_by_kind
    kinds = "".join(f"<li>{escape(k)}: {v}</li>" for k, v in by_kind.items()) or "<li>không có</li>"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo dựng trang</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:1rem;max-width:80rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}}tr.skipped{{background:#fde8e8}}
tr.duplicate{{background:#eef}}tr.warn{{background:#fff7db}}code{{overflow-wrap:anywhere}}</style></head>
<body><h1>Báo cáo dựng trang</h1>
<p>{report.articles} bài từ {len(report.files)} tệp; {report.pages_written} trang ghi mới,
{report.pages_unchanged} không đổi, {report.pages_removed} bị xóa; {report.seconds:.2f} giây.</p>
<h2>Cảnh báo theo loại</h2><ul>{kinds}</ul>{_data_part(report)}{_static_part(report)}
<h2>Từng tệp</h2>
<table><thead><tr><th>Tệp</th><th>Trạng thái</th><th>Tiêu đề</th><th>Ghi chú</th></tr></thead>
<tbody>""", """</tbody></table></body></html>
"""
