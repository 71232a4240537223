"""A readable page for the build report (kept beside the output, never published)."""

from __future__ import annotations

from html import escape

_STATUS = {"built": "đã dựng", "duplicate": "trùng lặp", "skipped": "bỏ qua"}


def report_html(report) -> str:
    rows = []
    for f in report.files:
        notes = [escape(f.reason)] if f.reason else []
        notes += [f"<b>{escape(w['kind'])}</b>: {escape(w['message'])}"
                  + (f" (dòng {w['line']})" if w.get("line") else "") for w in f.warnings]
        cls = f.status if (f.status != "built" or not f.warnings) else "warn"
        rows.append(
            f'<tr class="{cls}"><td><code>{escape(f.path)}</code></td><td>{_STATUS.get(f.status, f.status)}</td>'
            f"<td>{escape(f.title or '')}</td><td>{'<br>'.join(notes)}</td></tr>")
    kinds = "".join(f"<li>{escape(k)}: {v}</li>" for k, v in report.warnings_by_kind.items()) or "<li>không có</li>"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo cáo dựng trang</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:1rem;max-width:80rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}}tr.skipped{{background:#fde8e8}}
tr.duplicate{{background:#eef}}tr.warn{{background:#fff7db}}code{{overflow-wrap:anywhere}}</style></head>
<body><h1>Báo cáo dựng trang</h1>
<p>{report.articles} bài từ {len(report.files)} tệp; {report.pages_written} trang ghi mới,
{report.pages_unchanged} không đổi, {report.pages_removed} bị xóa; {report.seconds:.2f} giây.</p>
<h2>Cảnh báo theo loại</h2><ul>{kinds}</ul>
<h2>Từng tệp</h2>
<table><thead><tr><th>Tệp</th><th>Trạng thái</th><th>Tiêu đề</th><th>Ghi chú</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></body></html>
"""
