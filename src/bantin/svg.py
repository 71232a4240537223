"""Inline SVG charts, valid inside HTML5, with text alternatives.

Each function returns ``markupsafe.Markup``; every piece of text that goes into the SVG is escaped
here. Each chart carries ``role="img"`` with a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``; the templates add a visible table or list with the same numbers. Ids are made
unique per page with the ``uid`` argument.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from markupsafe import Markup, escape

BAR = "#1f5f99"
BAR_EMPTY = "#e8eef4"
TEXT = "#1a1a1a"
MUTED = "#595959"


def _a(v: Any) -> str:
    return str(escape(str(v)))


LONG_SERIES = 36   # months; a longer timeline scrolls inside its box on narrow screens


def _month_label(ym: str) -> str:
    return f"{int(ym[5:7])}/{ym[:4]}"


def timeline(series: list[tuple[str, int]], uid: str, title: str) -> Markup:
    """Column chart of articles per month; ``series`` is [("2019-05", n), ...], contiguous."""
    if not series:
        return Markup("")
    n = len(series)
    top = max(c for _, c in series) or 1
    bw = max(4, min(28, 640 // n))
    gap = 2 if bw > 6 else 1
    left, right, height, base = 34, 12, 150, 120
    width = left + right + n * (bw + gap)
    total = sum(c for _, c in series)
    desc = (f"Từ tháng {_month_label(series[0][0])} đến tháng {_month_label(series[-1][0])}: "
            f"{total} bài; nhiều nhất {top} bài trong một tháng.")
    # A long series keeps a readable size on a phone: its wrapper scrolls sideways (and can take
    # the keyboard focus, so it can be scrolled without a mouse) instead of shrinking the labels.
    long = n > LONG_SERIES
    out = []
    if long:
        out.append(f'<div class="chart-scroll" tabindex="0" role="group" aria-labelledby="{uid}-t">')
    out += [f'<svg class="chart{" chart-long" if long else ""}" role="img" aria-labelledby="{uid}-t {uid}-d" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'preserveAspectRatio="xMinYMin meet">',
           f'<title id="{uid}-t">{_a(title)}</title><desc id="{uid}-d">{_a(desc)}</desc>',
           f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>',
           f'<text x="{left - 4}" y="{base - 100 + 4}" text-anchor="end" font-size="11" fill="{TEXT}">{top}</text>',
           f'<text x="{left - 4}" y="{base + 4}" text-anchor="end" font-size="11" fill="{TEXT}">0</text>']
    last_year = None
    for i, (ym, c) in enumerate(series):
        x = left + i * (bw + gap)
        h = round(100 * c / top)
        if c:
            out.append(f'<rect x="{x}" y="{base - h}" width="{bw}" height="{h}" fill="{BAR}">'
                       f'<title>{_a(_month_label(ym))}: {c} bài</title></rect>')
        year = ym[:4]
        if year != last_year:
            out.append(f'<text x="{x}" y="{base + 16}" font-size="11" fill="{TEXT}">{year}</text>')
            out.append(f'<line x1="{x}" y1="{base}" x2="{x}" y2="{base + 5}" stroke="{MUTED}" stroke-width="1"/>')
            last_year = year
    out.append("</svg>")
    if long:
        out.append("</div>")
    return Markup("".join(out))


def bars(items: list[tuple[str, int]], uid: str, title: str, limit: int = 20) -> Markup:
    """Horizontal bar chart: [(label, n), ...] in display order; at most ``limit`` bars."""
    items = items[:limit]
    if not items:
        return Markup("")
    top = max(c for _, c in items) or 1
    row, label_w, bar_w, width = 22, 150, 260, 460
    height = row * len(items) + 8
    desc = "; ".join(f"{label}: {c} bài" for label, c in items)
    out = [f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'preserveAspectRatio="xMinYMin meet">',
           f'<title id="{uid}-t">{_a(title)}</title><desc id="{uid}-d">{_a(desc)}</desc>']
    for i, (label, c) in enumerate(items):
        y = 4 + i * row
        w = max(1, round(bar_w * c / top))
        short = label if len(label) <= 22 else label[:21] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12" fill="{TEXT}">{_a(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 8}" fill="{BAR}"/>')
        out.append(f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12" fill="{TEXT}">{c}</text>')
    out.append("</svg>")
    return Markup("".join(out))


# Five shades from light to dark; text colour chosen for contrast on each.
SHADES = (("#eef3f8", "#1a1a1a"), ("#c6d9ea", "#1a1a1a"), ("#8fb5d6", "#1a1a1a"),
          ("#2f6a9f", "#ffffff"), ("#1b4f7e", "#ffffff"))


def shade(count: int, top: int) -> tuple[str, str]:
    if count <= 0 or top <= 0:
        return SHADES[0]
    # logarithmic steps, so one dominant place does not wash out all the others
    step = 1 + min(3, int(4 * math.log(count) / math.log(top + 1)))
    return SHADES[step]


def shade_legend(top: int) -> list[dict[str, Any]]:
    """The shades ``shade`` uses for counts 0..top, each with the range of counts it stands for."""
    out: list[dict[str, Any]] = [{"fill": SHADES[0][0], "label": "0"}]
    ranges: dict[str, list[int]] = {}
    for c in range(1, top + 1):
        ranges.setdefault(shade(c, top)[0], []).append(c)
    for fill, _ in SHADES[1:]:
        cs = ranges.get(fill)
        if cs:
            out.append({"fill": fill, "label": str(cs[0]) if cs[0] == cs[-1] else f"{cs[0]}–{cs[-1]}"})
    return out


def tile_map(tiles: Iterable[dict[str, Any]], uid: str, title: str) -> Markup:
    """Tile-grid map: tiles are dicts with row, col, label, name, count, url (or None)."""
    tiles = list(tiles)
    if not tiles:
        return Markup("")
    size, pad = 40, 2
    rows = max(t["row"] for t in tiles) + 1
    cols = max(t["col"] for t in tiles) + 1
    width, height = cols * size + pad, rows * size + pad
    top = max((t["count"] for t in tiles), default=0)
    with_articles = sum(1 for t in tiles if t["count"])
    desc = (f"Bản đồ ô của {len(tiles)} tỉnh, thành phố; {with_articles} nơi có bài viết. "
            "Màu càng đậm, càng nhiều bài.")
    # A group, not role="img": the tiles are links, and an image may not contain interactive
    # content (axe: nested-interactive). Each link is named "Hà Nội: 187 bài" by its aria-label;
    # the tile's own letters are hidden from assistive technology.
    out = [f'<svg class="tilemap" role="group" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f'<title id="{uid}-t">{_a(title)}</title><desc id="{uid}-d">{_a(desc)}</desc>']
    for t in sorted(tiles, key=lambda t: (t["row"], t["col"])):
        x, y = pad + t["col"] * size, pad + t["row"] * size
        fill, ink = shade(t["count"], top)
        label = f'{t["name"]}: {t["count"]} bài'
        body = (f'<title>{_a(label)}</title>'
                f'<rect x="{x}" y="{y}" width="{size - pad}" height="{size - pad}" rx="3" fill="{fill}" '
                f'stroke="#5a6b7b" stroke-width="0.5"/>'
                f'<g aria-hidden="true">'
                f'<text x="{x + (size - pad) / 2:g}" y="{y + 16}" text-anchor="middle" font-size="10" '
                f'fill="{ink}">{_a(t["label"])}</text>'
                f'<text x="{x + (size - pad) / 2:g}" y="{y + 30}" text-anchor="middle" font-size="10" '
                f'fill="{ink}">{t["count"]}</text></g>')
        if t.get("url"):
            out.append(f'<a href="{_a(t["url"])}" class="tile">{body}</a>')
        else:
            out.append(f'<g class="tile" role="img" aria-label="{_a(label)}">{body}</g>')
    out.append("</svg>")
    return Markup("".join(out))
