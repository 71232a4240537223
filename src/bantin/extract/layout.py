"""Layout of a scraped page (SPEC 3.1): which line is the title, the date lines, the lead, the body
paragraphs, headings, captions, questions and answers, the byline, and what is page furniture.

The page's own lines are the blocks. Everything that is not article text is dropped, and every
dropped line is kept in ``Layout.dropped`` so nothing disappears without a trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import load_yaml
from ..model import Block
from ..text import fold, squash, tone_normalize
from .bylines import BylineHit, is_group_signature, parse_byline, split_glued_tail
from .dates import DateHit, parse_dateline

_PUNCT_ONLY = set(";.,:/-–—…|*·•_ \"'“”()[]")
_TERMINAL = tuple(".!?…:;")
_DASH_START = re.compile(r"^[-–—]\s+")
_MARKER = re.compile(r"^\(\s?(?P<m>[^()]{2,40}?)\s?\)\s?[-–—:]\s?")
_END_MARK = re.compile(r"\s?\.?\s?/\.{1,3}\s?$")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")


@dataclass
class Boilerplate:
    """Furniture markers from ``content/boilerplate.yaml`` (see that file for their meaning)."""

    end_markers: frozenset[str] = frozenset()
    drop_lines: frozenset[str] = frozenset()
    end_marks: tuple[str, ...] = ()
    caption_cues: tuple[str, ...] = ("Ảnh",)
    credit_outlets: frozenset[str] = frozenset()   # folded outlet names that sign credits
    _credit: re.Pattern[str] | None = None

    @classmethod
    def load(cls, path: Path) -> "Boilerplate":
        raw = load_yaml(path) if path.exists() else {}
        raw = raw or {}
        bp = cls(
            end_markers=frozenset(line_key(x) for x in raw.get("end_markers", []) if isinstance(x, str)),
            drop_lines=frozenset(line_key(x) for x in raw.get("drop_lines", []) if isinstance(x, str)),
            end_marks=tuple(x for x in raw.get("end_marks", []) if isinstance(x, str)),
            caption_cues=tuple(x for x in raw.get("caption_cues", ["Ảnh"]) if isinstance(x, str)),
            credit_outlets=frozenset(fold(x).strip() for x in raw.get("credit_outlets", []) if isinstance(x, str)),
        )
        return bp

    @property
    def credit(self) -> re.Pattern[str]:
        """A photo credit closing a caption: "... phố. Ảnh: Bùi Tuấn", "... (Ảnh: H. Thảo)"."""
        if self._credit is None:
            cues = "|".join(re.escape(c) for c in sorted(self.caption_cues, key=len, reverse=True))
            self._credit = re.compile(
                r"(?:^|(?<=[\s.(]))\(?\s?(?:" + cues + r")\s?:\s?[^:()]{1,60}?\)?\s?\.?$", re.I)
        return self._credit


def line_key(s: str) -> str:
    return tone_normalize(squash(s)).lower().rstrip(":").strip()


@dataclass
class Layout:
    title: str = ""
    title_line: int | None = None
    header_dates: list[tuple[DateHit, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    block_lines: list[int] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    byline: BylineHit | None = None
    byline_line: int | None = None
    marker: str | None = None          # the outlet marker that opened the lead, e.g. "Thanhuytphcm.vn"

    @property
    def lead(self) -> str:
        for b in self.blocks:
            if b.kind == "lead":
                return b.text
        for b in self.blocks:
            if b.kind in ("paragraph", "answer", "question"):
                return b.text
        return ""


def _undouble(s: str) -> str | None:
    """"X X" -> "X" when a caption was printed twice on one line."""
    n = len(s)
    if n < 21:
        return None
    half = (n - 1) // 2
    if n % 2 == 1 and s[half] == " " and s[:half] == s[half + 1:]:
        return s[:half]
    return None


def _is_short(s: str, words: int = 20, chars: int = 160) -> bool:
    return len(s) <= chars and s.count(" ") < words


def split_layout(text: str, bp: Boilerplate, known_markers: frozenset[str] = frozenset()) -> Layout:
    """Split page text into a ``Layout``. ``known_markers`` are folded outlet markers."""
    lay = Layout()
    items: list[tuple[int, str]] = []
    started = False
    lines = text.split("\n")
    for i, raw in enumerate(lines, 1):
        s = squash(raw)
        if not s:
            continue
        key = line_key(s)
        if started and key in bp.end_markers:
            lay.dropped.extend(squash(x) for x in lines[i - 1:] if squash(x))
            break
        if set(s) <= _PUNCT_ONLY or key in bp.drop_lines:
            lay.dropped.append(s)
            continue
        hit = parse_dateline(s)
        if hit is not None:
            if not lay.blocks and len(items) <= 3:
                lay.header_dates.append((hit, i))
            lay.dropped.append(s)
            continue
        if not started:
            started = True
            # the title as printed: white space collapsed, invisible characters kept
            lay.title, lay.title_line = " ".join(raw.split()), i
            continue
        items.append((i, s))

    # the byline: the last line, when it reads as one, else glued to the end of the last line
    known = bp.credit_outlets | known_markers
    if items:
        line, last = items[-1]
        hit = parse_byline(last, known_outlets=known)
        if hit is not None:
            lay.byline, lay.byline_line = hit, line
            lay.dropped.append(last)
            items.pop()
        elif is_group_signature(last):
            lay.dropped.append(last)
            items.pop()
        elif len(last) > 60:
            before, hit, tail, after = split_glued_tail(last, known)
            if tail is not None:
                lay.dropped.append(tail)
                if hit is not None:
                    lay.byline, lay.byline_line = hit, line
                items[-1] = (line, before)
                if after:
                    items.append((line, after))

    _classify(items, lay, bp, known_markers)
    _strip_end_mark(lay)
    return lay


def _classify(items: list[tuple[int, str]], lay: Layout, bp: Boilerplate, known_markers: frozenset[str]) -> None:
    seen_paragraph = False
    seen_qa = False
    last_qa: str | None = None
    prev_text: str | None = None
    credit = bp.credit
    n = len(items)
    for idx, (line, s) in enumerate(items):
        if s == prev_text:
            lay.dropped.append(s)  # printed twice in a row (captions often are)
            continue
        prev_text = s
        doubled = _undouble(s)
        if doubled is not None:
            lay.dropped.append(doubled)
            _add(lay, "caption", doubled, line)
            continue
        # a credit on a line of its own belongs to the caption above it
        if credit.match(s) and (s.startswith("(") or len(s) < 60):
            if lay.blocks and lay.blocks[-1].kind in ("caption", "heading", "paragraph") and _is_short(lay.blocks[-1].text):
                lay.blocks[-1].kind = "caption"
                lay.blocks[-1].text = f"{lay.blocks[-1].text} {s}"
            else:
                lay.dropped.append(s)
            continue
        if credit.search(s) or "trong ảnh:" in s.lower():
            _add(lay, "caption", s, line)
            continue
        dash = _DASH_START.match(s)
        if dash:
            body = s[dash.end():]
            if body.rstrip().endswith("?"):
                kind = "question"
            elif last_qa == "question":
                kind = "answer"
            elif last_qa == "answer":
                kind = "question"
            else:
                kind = "answer" if seen_qa else "question"
            _add(lay, kind, body, line)
            last_qa, seen_qa = kind, True
            continue
        short_plain = _is_short(s) and not s.endswith(_TERMINAL) and not s.endswith(("”", '"')) or (
            _is_short(s) and s.endswith(("”", '"')) and not s[:-1].rstrip().endswith(_TERMINAL) and s.count(" ") < 12
        )
        if short_plain and not seen_paragraph and not seen_qa:
            _add(lay, "caption", s, line)  # the picture above the lead
            continue
        if short_plain and idx < n - 1 and s[:1].isupper():
            _add(lay, "heading", s, line)
            continue
        if not seen_paragraph and not seen_qa:
            m = _MARKER.match(s)
            if m and _is_marker(m.group("m"), known_markers):
                lay.marker = m.group("m").strip()
                s = s[m.end():]
            _add(lay, "lead", s, line)
        else:
            _add(lay, "paragraph", s, line)
        seen_paragraph = True


def _is_marker(m: str, known: frozenset[str]) -> bool:
    from ..text import fold

    f = fold(m).strip()
    if f in known:
        return True
    # an unknown outlet's marker: a domain, or a short upper-case acronym ("TTXVN", "VOV")
    return bool(re.fullmatch(r"[\w\-]+(?:\.[\w\-]+)*\.(?:vn|com|net|org|info)", f)) or (
        m.isupper() and 2 <= len(m) <= 12 and " " not in m)


def _add(lay: Layout, kind: str, text: str, line: int) -> None:
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text).strip()
    if not text or set(text) <= _PUNCT_ONLY:
        return
    lay.blocks.append(Block(kind, text))
    lay.block_lines.append(line)


def _strip_end_mark(lay: Layout) -> None:
    """Drop the closing "./." (and its variants "/..", "./..") from the last text block."""
    for b in reversed(lay.blocks):
        if b.kind == "caption":
            continue
        new = _END_MARK.sub(".", b.text)
        if new != b.text:
            lay.dropped.append("./.")
            b.text = new
        break
