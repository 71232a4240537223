"""Render the catalog into pages: HTML through Jinja (autoescape on), feeds, data files.

``render_site(catalog, data, templates)`` is a generator of ``Page(path, content)``: pages are
streamed, never held all at once. Templates get plain data (dicts, strings, numbers) built here;
per-article summaries are computed once and shared by every list that shows the article.

Output depends on the input only: no timestamps, every ordering comes from the catalog's explicit
sort keys, JSON is written with sorted keys. All internal links are root-relative ("/bai/x/");
``site.base_url`` is used for canonical URLs, Open Graph, feeds and the sitemap.

Pages (page 2+ of any list at ``<list>/trang/<n>/``; "trang" is never a taxonomy slug):

    /  (home, page size site.home_latest)      /bai/<slug>/            /404.html
    /van-ban/  /van-ban/<slug>/  /van-ban/<slug>/feed.xml
    /dia-phuong/  /dia-phuong/<p>/[<d>/[<w>/]]  and feed.xml beside each (every province of the
                  gazetteer has a page, with or without articles, so every tile of the map links)
    /nam/  /nam/<yyyy>/  /luu-tru/  /luu-tru/khong-ro-ngay/
    /tac-gia/  /tac-gia/<slug>/  /nguon/  /nguon/<slug>/
    /tim-kiem/  /gioi-thieu/  /du-lieu/
    /feed.xml  /sitemap.xml  /robots.txt  /records.json  /records.csv  /assets/*  (templates/assets)
"""

from __future__ import annotations

import csv
import functools
import heapq
import io
import json
import os
import re
import stat
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import attrgetter, itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, Iterable, Iterator

import jinja2
import jinja2.compiler
import orjson
from markupsafe import Markup, escape

from . import svg
from .catalog import (Article, Catalog, DirectiveEntry, LocalityEntry, PersonEntry, page_count, page_slice,
                      page_url, url_to_path)
from .cache import RowIndex, fingerprint, fingerprint_refs, stamp_token
from .config import SiteData, load_yaml
from .feeds import absolute, atom_feed
from .model import Block, Record
from .text import MONTHS, shorten, vi_date
from .write import OUTPUT_MARK, OUTPUT_MARK_TEXT, Span, file_stamp

LEVEL_LABEL = {"province": "Tỉnh, thành phố", "district": "Quận, huyện, thị xã", "ward": "Phường, xã, thị trấn"}
CHILD_LABEL = {"province": "Quận, huyện, thị xã, thành phố trực thuộc", "district": "Phường, xã, thị trấn",
               "ward": "Đơn vị trực thuộc"}
ROLE_LABEL = {"interviewer": "thực hiện", "signer": "ký"}
GENRE_LABEL = {"news": "Tin bài", "interview": "Phỏng vấn", "document": "Văn bản"}
TOP_ON_HOME = 10
LEAD_CHARS = 260


@dataclass(frozen=True, slots=True)
class Page:
    path: str                       # POSIX path relative to the output root
    content: bytes | Iterator[bytes] | None   # None: unchanged, reuse the old file; pieces: see stream
    fingerprint: str | None = None  # hash of what the page is rendered from (incremental builds)


# --- helpers --------------------------------------------------------------------------------------

# a link from the site's root in an attribute of a page: href="/...", src="/...", action="/...",
# not a protocol-relative one ("//host/..."). Article text cannot make one: its quotes are
# escaped, and sanitised Markdown links are links of the page like any other.
_ROOT_LINK = re.compile(rb'(?<=[ \t\n])((?:href|src|action)=")/(?!/)')


def under_prefix(html: bytes, prefix: bytes) -> bytes:
    """``html`` with every link from the root moved under ``prefix`` ("/bantin": href="/bai/x/"
    becomes href="/bantin/bai/x/"), for a site served under a path. Templates write links from
    the root, as the catalog makes them; this is the one place that knows the site's path."""
    return _ROOT_LINK.sub(rb"\1" + prefix.replace(b"\\", b"\\\\") + b"/", html)


try:   # the C escaper behind markupsafe.escape, without its per-call checks
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - pure-Python markupsafe
    _escape_inner = None

_new_str = str.__new__
_NO_COUNT = object()   # a directive tag without a count


def fast_escape(value: Any) -> Markup:
    """``markupsafe.escape``, quicker for plain ``str`` (most of what a page prints), for a
    ``Markup`` (a fragment made once: returned as it is, not copied) and for an ``int``."""
    t = type(value)
    if t is str and _escape_inner is not None:
        return _new_str(Markup, _escape_inner(value))
    if t is Markup:
        return value
    if t is int:
        return _new_str(Markup, str(value))   # digits and "-": nothing to escape
    return escape(value)


def _output_escape(value: Any, _str: type = str, _escape: Any = _escape_inner) -> str:
    """``fast_escape`` for what a template prints: the escaped text as a plain ``str``.

    Compiled templates call ``escape`` only on a value they output (``{{ x }}``), and that is
    joined into the page or a macro's result (which Jinja marks safe itself) at once: a ``Markup``
    copy of every printed string (a million and a half of them in a 10,000-article build) would
    be thrown away.
    """
    if type(value) is _str:
        return _escape(value)
    return fast_escape(value)


if _escape_inner is None:  # pragma: no cover - pure-Python markupsafe
    _output_escape = fast_escape  # noqa: F811


# What ``_CodeGenerator`` adds to every compiled template. Compiled templates are cached by their
# source (``_bytecode_cache``): this text is part of the cache's checksum, so a template compiled
# by another version of the code generator is compiled again. (Change it with the generator.)
_PRELUDE = "escape = environment.output_escape"


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiled templates call ``_output_escape`` for autoescaping (it cost a fifth of rendering)."""

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):
            super().writeline(_PRELUDE)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which checks an entry against the template's source
    only: here against the source and what ``_CodeGenerator`` adds to it."""

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(f"{_PRELUDE}\n{source}")



class _Environment(jinja2.Environment):
    """Templates get plain dicts: look keys up first (``a.url`` is ``a["url"]``).

    Jinja's default tries ``getattr`` first, which raises and catches an AttributeError on every
    dict lookup (the main cost of rendering 10,000 pages) and lets dict methods shadow keys
    (``x.items`` would be the method). A missing key is undefined, as usual.
    """

    code_generator_class = _CodeGenerator
    fast_escape = staticmethod(fast_escape)
    output_escape = staticmethod(_output_escape)

    def make_globals(self, d: Any) -> Any:
        """A template's globals: the environment's own dict when the template has none of its own
        (this build never gives a template globals of its own). Jinja's default, a ChainMap over
        it, was copied key by key in Python into every page's context and looked up key by key at
        every import of _macros.html: a tenth of a list page."""
        if not d:
            return self.globals
        return super().make_globals(d)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_ENVS: dict[str, tuple[str, jinja2.Environment]] = {}


def environment(templates: Path) -> jinja2.Environment:
    """One Jinja environment per template folder, autoescaping everything, cached in-process
    while the folder's files are unchanged (``serve`` gets a new one after a template edit)."""
    from .cache import tree_hash

    key = str(Path(templates).resolve())
    version = tree_hash(Path(key))
    cached = _ENVS.get(key)
    env = cached[1] if cached is not None and cached[0] == version else None
    if env is None:
        env = _Environment(
            loader=jinja2.FileSystemLoader(key),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters["vi_date"] = vi_date
        # the renderer's helpers, as globals that call the renderer of the build under way: Jinja
        # keeps an imported template's module (_macros.html) with the globals it was made with,
        # so a renderer's own methods put there would serve every later build in the process
        # (a second build showed the first one's list items)
        env.site_renderer = None
        for name in _RENDERER_GLOBALS:
            env.globals[name] = _call_renderer(env, name)
        _ENVS[key] = (version, env)
    return env


# the renderer's methods that templates call (see ``_Site``)
_RENDERER_GLOBALS = ("item_html", "items_html", "site_nav", "directive_tag_html")


def _call_renderer(env: jinja2.Environment, name: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(env.site_renderer, name)(*args, **kwargs)

    call.__name__ = name
    return call


def _bytecode_cache() -> jinja2.BytecodeCache:
    """Compiled templates kept between builds (compiling them took every build and every render
    worker a quarter of a second). Jinja checks each entry against the template's source (with
    ``_PRELUDE``, see ``_BytecodeCache``) and the Python version. In ``$BANTIN_CACHE_DIR/jinja``
    or ``~/.cache/bantin/jinja``, a folder of the user's own; else Jinja's own per-user folder
    under the temporary directory."""
    env = os.environ.get("BANTIN_CACHE_DIR")
    try:
        folder = Path(env) if env else Path.home() / ".cache" / "bantin"
        folder = folder / "jinja"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.is_symlink() or not os.access(folder, os.W_OK):
            raise OSError(f"{folder} is not a folder this build can write")
        return _BytecodeCache(str(folder))
    except (OSError, RuntimeError):
        return _BytecodeCache()


_SCRIPT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def json_for_script(obj: Any) -> Markup:
    """JSON safe inside <script>: "<", ">", "&" and the line separators are \\u-escaped."""
    return Markup(_escape_json(_SCRIPT_JSON(obj)))


# What JSON inside HTML (and records.json) writes escaped: markup characters and the two line
# separators JavaScript once refused in strings.
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
_JSON_ESCAPES_UTF8 = tuple((a.encode("utf-8"), b.encode("ascii")) for a, b in _JSON_ESCAPES)


def _escape_json(s: str) -> str:
    for a, b in _JSON_ESCAPES:
        s = s.replace(a, b)
    return s


_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2")


def template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """(template file, line) of the innermost frame of ``tb`` that is a template's: Jinja maps
    each frame of a template's code to its file and line."""
    found = None
    while tb is not None:
        fn = tb.tb_frame.f_code.co_filename
        if fn.endswith(_TEMPLATE_SUFFIXES):
            found = (fn, tb.tb_lineno)
        tb = tb.tb_next
    return found


class TemplateRenderError(jinja2.TemplateRuntimeError):
    """A Python error raised while a template rendered (``{{ 1/0 }}``, a filter given a value it
    cannot take), as a template error: reported like a syntax error, with the template's file and
    line (``filename``, ``lineno``), and picklable from a render worker."""

    def __init__(self, error: BaseException | str) -> None:
        message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        super().__init__(message)
        where = None if isinstance(error, str) else template_frame(error.__traceback__)
        self.filename, self.lineno = where if where is not None else (None, None)


# the list of articles with neither a date nor a year, linked from each of their pages
UNDATED_URL = "/luu-tru/khong-ro-ngay/"


def date_text(a: Article) -> str:
    """"Thứ Sáu, 24/5/2019"; "Năm 2024" when only the year is known; "Không rõ ngày"."""
    return _when_texts(a.date, a.year)[0]


@functools.lru_cache(maxsize=1 << 16)
def _when_texts(date: str | None, year: int | None) -> tuple[str, str | None]:
    """A summary's date text and ISO date, one string of each per date: every render process
    keeps a summary for every article it lists (a string each was 10 MB a process at 100,000)."""
    if date:
        return vi_date(date), date
    if year:
        return f"Năm {year}", f"{year:04d}"
    return "Không rõ ngày", None


# the summaries' month anchors, one string each ("thang-5")
_MONTH_ANCHORS = {m: f"thang-{m}" for m in MONTHS}


def issued_text(iso: str | None, weekday: bool = False) -> str | None:
    """"2016-05-15" -> "15/5/2016" ("Chủ Nhật, 15/5/2016" with ``weekday``: a document's own
    page shows its day the way article dates are shown; lists keep the short "ngày 15/5/2016");
    a bare year or a partial date is shown as given."""
    if not iso:
        return None
    try:
        return vi_date(iso, weekday=weekday)
    except ValueError:
        return iso


def month_label(ym: str) -> str:
    return f"{int(ym[5:7])}/{ym[:4]}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Text for a CSV cell: markup characters escaped, formulas neutralised.

    ``<``, ``>`` and ``&`` are written as HTML entities, so no cell carries live markup (a CSV file
    opened in a browser or pasted into a page stays inert); ``html.unescape`` gives the exact text
    back, as /du-lieu/ explains. A cell a spreadsheet would run as a formula gets a leading quote.
    """
    if value is None:
        return ""
    s = str(value)
    if "<" in s or ">" in s or "&" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if s.startswith(_FORMULA_START):
        return "'" + s
    return s


def pager(base: str, number: int, total: int) -> dict[str, Any]:
    """Visible pager data: first, last and a window around the current page."""
    shown = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    items: list[dict[str, Any]] = []
    prev = 0
    for n in shown:
        if prev and n - prev > 1:
            items.append({"gap": True})
        items.append({"gap": False, "number": n, "url": page_url(base, n), "current": n == number})
        prev = n
    return {
        "number": number, "total": total, "links": items,
        "prev_url": page_url(base, number - 1) if number > 1 else None,
        "next_url": page_url(base, number + 1) if number < total else None,
    }


_KNOWN_MIN = 24   # a summary's strings at least this long are kept by reference in list items


def _pieces(text: str, summary: dict[str, Any], frags: dict[str, str]) -> tuple[str, ...]:
    """``text`` (an item rendered from ``summary``) as pieces that join back to it exactly: the
    first place where each long string of the summary appears escaped in the text is that string
    (the summary's own object when there was nothing to escape), and the lines of the rest are
    each the one copy of it in ``frags``."""
    found = []
    for v in summary.values():
        if type(v) is str and len(v) >= _KNOWN_MIN:
            e = _output_escape(v)
            at = text.find(e)
            if at >= 0:
                found.append((at, -len(e), e))
    found.sort()
    out: list[str] = []
    share = frags.setdefault
    pos = 0
    for at, _, e in found:
        if at < pos:
            continue   # inside the one before (the slug within the URL)
        if at > pos:
            lines = text[pos:at].splitlines(True)
            out += map(share, lines, lines)
        out.append(e)
        pos = at + len(e)
    lines = text[pos:].splitlines(True)
    out += map(share, lines, lines)
    return tuple(out)


# --- the renderer ---------------------------------------------------------------------------------

def _text_pairs(blocks: Iterable[Block]) -> list[tuple[str, str]]:
    """(kind, what the page shows) of the blocks with text (``isspace``: what ``strip`` would
    remove, without a copy). What a block shows is its text, escaped by the template; for a
    Markdown source's block, its inline HTML (links, emphasis, code), sanitised when it was
    extracted (``markdown_blocks.sanitize_inline``) and printed as it is."""
    return [(b.kind, Markup(b.html) if b.html else b.text) for b in blocks if b.text and not b.text.isspace()]


class _TextPairs(Sequence):
    """An article page's ``blocks``: the (kind, text) pairs of its blocks with text, made from the
    record's blocks when the template first reads them. A page whose fingerprint shows it
    unchanged (it takes the blocks by their file's digest) is never rendered, and its article's
    text is then never decoded: after an edit that changes the catalog's shape, that is every
    article page but a few (10,000 texts, a second of a rebuild at 10,000 articles)."""

    __slots__ = ("_blocks", "_pairs")

    def __init__(self, blocks: Iterable[Block]):
        self._blocks: Iterable[Block] | None = blocks
        self._pairs: list[tuple[str, str]] | None = None

    def _made(self) -> list[tuple[str, str]]:
        if self._pairs is None:
            self._pairs = _text_pairs(self._blocks or ())
            self._blocks = None
        return self._pairs

    def __getitem__(self, i):
        return self._made()[i]

    def __len__(self) -> int:
        return len(self._made())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._made())


class _Summaries:
    """Article summaries by catalog index, each made on first use (a rebuild needs few), and
    made again when the article's record is another object (a ``serve`` rebuild keeps them)."""

    def __init__(self, make: Callable[[Article], dict[str, Any]], articles: list[Article],
                 refs: dict[int, str] | None, forget: Callable[[dict[str, Any]], None]):
        self._make = make
        self._articles = articles
        self._items: list[tuple[Record, dict[str, Any]] | None] = [None] * len(articles)
        self.refs = refs   # id(summary) -> its digest, for page fingerprints (None: not wanted)
        self._forget = forget   # drops what was made from a summary that is replaced

    def __getitem__(self, i: int) -> dict[str, Any]:
        e = self._items[i]
        a = self._articles[i]
        if e is None or e[0] is not a.record:
            if e is not None:
                self._forget(e[1])
            e = self._items[i] = (a.record, self.make(i))
        return e[1]

    def kept(self, i: int) -> dict[str, Any] | None:
        """The summary of article ``i`` when one is made and still its record's; else None."""
        e = self._items[i]
        return e[1] if e is not None and e[0] is self._articles[i].record else None

    def make(self, i: int) -> dict[str, Any]:
        """A new summary of article ``i``, not kept here; its digest goes to ``refs`` (a caller
        that does not keep it drops that too)."""
        s = self._make(self._articles[i])
        if self.refs is not None:
            self.refs[id(s)] = fingerprint(s)
        return s

    def __len__(self) -> int:
        return len(self._items)


# What render workers' shares are weighed by (``_Site._plan_shares``, ``_Site.mine``), in article
# pages (0.4 ms of CPU to make and write one), from the CPU time of each kind of file in a
# 10,000-article build: a list page with its frame, each item on it, a row of records.json and of
# records.csv (the rows a little above their own cost: with them, the parent's share of two ended
# 0.5 s of CPU after the other's). Rough is enough: the two shares ended within 0.1 s of CPU.
# The rows cost a quarter more since the texts are read back from the cache's text file (and
# the first worker lists the sitemap): measured again, the parent's share had ended 1.1 s of CPU
# later at 10,000 articles, 4.8 s at 50,000.
_LIST_PAGE_COST = 1.3
_ITEM_COST = 0.05
_ROW_FILES_COST = {"records.json": 0.50, "records.csv": 0.25}   # a row of each


class ArticleClaims:
    """Article pages handed out to render workers as they go, so that all end together.

    The shares of ``_Site._plan_shares`` are estimates, and the estimate is least sure where the
    file system is concerned: making a page's folder and file costs 40 µs, or ten times that
    right after a large deletion nearby (the kernel looks over the recently freed inodes for
    each new one), and the worker with more pages then ended seconds after the other. So with
    claims, a worker first makes its share of everything else (lists, feeds, records.json/csv),
    then the article pages: first of its own range of articles, from the start, a block at a
    time; then, its range done, blocks from the end of the range with the most left. A forked
    worker thus still reads (and copies) mostly its own range's records.

    Made before the workers fork (the counters are shared memory, behind one lock). Each
    worker's renderer calls ``start`` with the ranges it planned (all plan the same): the first
    call sets the counters.
    """

    BLOCK = 16   # articles a claim: a lock round trip per 16 pages; the last claim is short

    def __init__(self, workers: int):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self._lock = ctx.Lock()
        # [0]: whether set; then the next unclaimed index and the end of each worker's range
        self._next = ctx.RawArray("q", 1 + 2 * workers)
        self.workers = workers

    def start(self, bounds: list[int]) -> None:
        assert len(bounds) == self.workers
        with self._lock:
            if self._next[0]:
                return
            lo = 0
            for k, hi in enumerate(bounds):
                self._next[1 + 2 * k], self._next[2 + 2 * k] = lo, hi
                lo = hi
            self._next[0] = 1

    def take(self, me: int) -> tuple[int, int] | None:
        """The next block of article indexes worker ``me`` makes: [start, end); None when none is left."""
        c, block = self._next, self.BLOCK
        with self._lock:
            lo, hi = c[1 + 2 * me], c[2 + 2 * me]
            if lo < hi:
                end = min(hi, lo + block)
                c[1 + 2 * me] = end
                return lo, end
            # the range with the most left, from its end (its owner works from its start)
            left, k = max((c[2 + 2 * k] - c[1 + 2 * k], k) for k in range(self.workers))
            if left <= 0:
                return None
            hi = c[2 + 2 * k]
            start = max(c[1 + 2 * k], hi - block)
            c[2 + 2 * k] = start
            return start, hi


class _Site:
    def __init__(self, cat: Catalog, data: SiteData, templates: Path,
                 reuse: Callable[[str, str], bool] | None = None, partition: tuple[int, int] | None = None,
                 dirty: set[int] | None = None, rows: RowMemo | None = None, stream: bool = False,
                 memo: dict[str, Any] | None = None, claims: ArticleClaims | None = None):
        self.reuse = reuse
        # render workers only, a full build: article pages claimed as the workers go (None: each
        # worker makes those of its planned range)
        self.claims = claims if partition is not None and dirty is None else None
        self.rows = rows
        self.stream = stream
        self.partition = partition
        # render workers: each unit's worker, and the work given to each so far (see ``mine``);
        # worker k makes the articles (and the list pages centred on them) up to ``_bounds[k]``
        self._owner: dict[str, int] = {}
        self._load = [0.0] * (partition[1] if partition else 1)
        self._bounds: list[int] = []
        # a rebuild whose catalog is unchanged: only pages showing these articles are made
        self.dirty = dirty
        self.cat = cat
        self.data = data
        self.site = data.site
        self.templates = Path(templates)
        self.env = environment(self.templates)
        self.per_page = max(1, int(self.site.per_page or 20))
        self.home_per_page = max(1, int(self.site.home_latest or self.per_page))
        self.sitemap: list[tuple[str, str | None]] = []
        s = self.site
        # a site served under a path (base_url "https://user.github.io/bantin/"): every link the
        # pages make from the root gets it (``under_prefix``)
        self._prefix = s.path_prefix.encode("ascii")
        self.env_globals = {
            "site": {"title": s.title, "description": s.description, "base_url": s.base_url,
                     "language": s.language or "vi", "params": s.params},
            "nav": [("/", "Trang chủ"), ("/van-ban/", "Văn bản"), ("/dia-phuong/", "Địa phương"),
                    ("/luu-tru/", "Lưu trữ"), ("/tac-gia/", "Tác giả"), ("/nguon/", "Nguồn tin"),
                    ("/tim-kiem/", "Tìm kiếm")],
        }
        # the globals every template gets, hashed once for every page's fingerprint
        self._globals_fp = fingerprint(self.env_globals)
        # fingerprints refer to a summary by its digest instead of pickling it on every page
        self.summary_refs: dict[int, str] | None = {} if reuse is not None else None
        self.summaries = _Summaries(self._summary, cat.articles, self.summary_refs, self._forget)
        self._items: dict[tuple[str, bool], tuple[str, ...]] = {}   # see ``_item_pieces``
        self._frags: dict[str, str] = {}   # the markup pieces of list items, one of each
        self._drefs: dict[tuple[str, int | None], dict[str, Any]] = {}
        self._lrefs: dict[str, dict[str, Any]] = {}
        self._people: dict[tuple[str, str | None], dict[str, Any]] = {}   # see ``_summary``
        self._outlet_refs: dict[str, dict[str, Any]] = {}
        self._item_macro: Any = None
        self._navs: dict[tuple[bool, ...], Markup] = {}
        self._tags: dict[tuple[Any, ...], Markup] = {}
        self._tag_macro: Any = None
        self.env.site_renderer = self   # what the templates' helpers call (``_call_renderer``)
        if memo is not None:
            self._remember(memo)
        # whether this renderer lists pages for the sitemap: the one that writes it (see
        # ``_plan_shares``); the others would list 56,000 URLs at 100,000 articles for nothing
        self._lists_sitemap = True
        if partition is not None:
            self._plan_shares()
            self._lists_sitemap = self._owner[SITEMAP] == partition[0]

    _KEPT = ("summary_refs", "summaries", "_items", "_frags", "_drefs", "_lrefs", "_people", "_outlet_refs", "_navs", "_tags")

    def _remember(self, memo: dict[str, Any]) -> None:
        """Take the last renderer's summaries, fragments and shared dicts (``serve``): they were
        made from this very catalog object with these templates and data, and a summary is made
        again when its article's record changed (see ``_Summaries``). Otherwise start the memo."""
        if (memo.get("catalog") is self.cat and memo.get("templates") == self.templates
                and memo.get("site") is self.site and (memo["summary_refs"] is None) == (self.summary_refs is None)):
            for name in self._KEPT:
                setattr(self, name, memo[name])
            self.summaries._make, self.summaries._forget = self._summary, self._forget
        else:
            memo.clear()
            memo.update({name: getattr(self, name) for name in self._KEPT},
                        catalog=self.cat, templates=self.templates, site=self.site)

    def _forget(self, summary: dict[str, Any]) -> None:
        """A summary is replaced: its digest (its ``id`` may be reused) and list items go."""
        if self.summary_refs is not None:
            self.summary_refs.pop(id(summary), None)
        self._items.pop((summary["url"], True), None)
        self._items.pop((summary["url"], False), None)

    def _item_pieces(self, a: dict[str, Any], show_lead: bool) -> tuple[str, ...]:
        """An article's list item, rendered once per build, as the pieces it joins from.

        Every process that renders lists keeps one or two per article, so an item is not kept
        as its text (3 kB of ``str``): the long values of the summary it shows (title, lead,
        URL) are the summary's own strings, which live for the whole build anyway, and the
        markup between them is cut into lines, each kept once for every item that has it (tags,
        date and byline lines, fragments of markup): a tuple of about twenty references.
        """
        key = (a["url"], bool(show_lead))
        pieces = self._items.get(key)
        if pieces is None:
            if self._item_macro is None:
                self._item_macro = self.env.get_template("_macros.html").module.article_item
            pieces = self._items[key] = _pieces(str(self._item_macro(a, show_lead)), a, self._frags)
        return pieces

    def item_html(self, a: dict[str, Any], show_lead: bool = True) -> Markup:
        """An article's list item (``article_item`` in _macros.html)."""
        return Markup("".join(self._item_pieces(a, show_lead)))

    def items_html(self, items: list[dict[str, Any]], show_lead: bool = True) -> Markup:
        """The list items of these articles, one after another (each an ``item_html`` fragment)."""
        item = self._item_pieces
        parts: list[str] = []
        for a in items:
            parts += item(a, show_lead)
        return Markup("".join(parts))

    def directive_tag_html(self, d: dict[str, Any], unit: str = "bài") -> Markup:
        """A directive's tag (``directive_tag`` in _macros.html), rendered once per build for each
        set of the values the macro shows: url, label, scope, scope_short, count (or none), unit."""
        if self._tag_macro is None:
            self._tag_macro = self.env.get_template("_macros.html").module.directive_tag
        try:
            count = d.get("count", _NO_COUNT)
            key = (d["url"], d["label"], d["scope"], d["scope_short"], type(count), count, unit)
        except (KeyError, AttributeError, TypeError):
            return self._tag_macro(d, unit)   # not a dref dict: the macro as it is, uncached
        out = self._tags.get(key)
        if out is None:
            out = self._tags[key] = self._tag_macro(d, unit)
        return out

    def site_nav(self, url: str | None) -> Markup:
        """The site's navigation (``site_nav`` in _macros.html) for a page at ``url``: rendered once
        per choice of current item (what the macro decides from ``here``) and reused."""
        here = ("/luu-tru/" if url and url.startswith("/nam/") else url) or ""
        nav = self.env_globals["nav"]
        key = tuple(here == href or (href != "/" and here.startswith(href)) for href, _ in nav)
        out = self._navs.get(key)
        if out is None:
            macro = self.env.get_template("_macros.html").module.site_nav
            out = self._navs[key] = macro(nav, here)
        return out

    # ---- plain data ----
    def dref(self, key: str, count: int | None = None) -> dict[str, Any]:
        """A directive's plain data (with its article count when given): made once per build and
        key, shared by every list that shows it (nothing changes these dicts once made)."""
        out = self._drefs.get((key, count))
        if out is None:
            d = self.cat.directives[key]
            out = {"code": d.code, "kind": d.kind, "url": d.url, "label": f"{d.kind} {d.code}",
                   "scope": self.loc_name(d.scope) if d.scope else None, "subject": d.subject, "name": d.name,
                   "scope_short": self.loc_short(d.scope) if d.scope else None}
            if count is not None:
                out["count"] = count
            self._drefs[(key, count)] = self._registered(out)
        return out

    def lref(self, key: str) -> dict[str, Any]:
        """A locality's plain data, made once per build and key (never changed once made)."""
        out = self._lrefs.get(key)
        if out is None:
            e = self.cat.localities[key]
            out = self._lrefs[key] = self._registered({
                "name": e.name, "label": e.name, "short_name": e.short_name, "url": e.url,
                "count": len(e.articles), "level": e.level})
        return out

    def _registered(self, shared: dict[str, Any]) -> dict[str, Any]:
        """Let page fingerprints count a shared dict (a ``dref``/``lref`` result, alive for the
        whole build) by a digest made once, instead of hashing it on every page. Done when the
        dict is made, so that every page counts it the same way whichever pages came before
        (and whichever render worker makes it): a page's fingerprint is then the same in every
        build, and a page made by another worker last time is not made again for nothing."""
        refs = self.summary_refs
        if refs is not None:
            refs[id(shared)] = fingerprint(shared)
        return shared

    def loc_name(self, key: str | None) -> str:
        if not key:
            return ""
        e = self.cat.localities.get(key)
        return e.name if e else key

    def loc_short(self, key: str) -> str:
        e = self.cat.localities.get(key)
        return e.short_name if e else key

    def _summary(self, a: Article) -> dict[str, Any]:
        r = a.record
        author = None
        if a.author_slug:
            role = r.byline.role if r.byline else None
            author = self._people.get((a.author_slug, role))
            if author is None:   # one dict per author and role, shared by their summaries
                p = self.cat.authors[a.author_slug]
                author = self._people[(a.author_slug, role)] = {
                    "name": p.name, "url": p.url, "role": "author" if role is None else role,
                    "role_label": ROLE_LABEL.get("" if role is None else role, "")}
        outlet = None
        if a.outlet_slug:
            outlet = self._outlet_refs.get(a.outlet_slug)
            if outlet is None:
                o = self.cat.outlets[a.outlet_slug]
                outlet = self._outlet_refs[a.outlet_slug] = {"name": o.name, "url": o.url}
        when = _when_texts(a.date, a.year)
        return {
            "url": a.url, "title": r.title or "(Không có tiêu đề)", "slug": r.slug,
            "date_text": when[0], "date_iso": when[1],
            "author": author, "outlet": outlet,
            "directives": [self.dref(k) for k in a.directive_keys],
            "localities": [self.lref(k) for k in a.locality_keys],
            "lead": shorten(r.lead, LEAD_CHARS),
            "month_key": a.month,
            "month_anchor": _MONTH_ANCHORS[a.month] if a.month else "khong-ro-thang",
            "month_label": MONTHS[a.month] if a.month else "Không rõ tháng",
        }

    # ---- output ----
    def html(self, template: str, path: str, page: dict[str, Any], unit: str | None = None,
             shows: Iterable[int] = (), listed: bool = True, **ctx: Any) -> Page | None:
        """One template page. ``unit``: the key the page is assigned to a render worker by (the
        list's base URL for every page of a list, so one worker builds that list's context).
        ``shows``: the indexes of the articles whose summary or text the page shows. ``listed``:
        False for a page the sitemap lists otherwise (an article's: see ``trailer``)."""
        page.setdefault("description", self.site.description)
        page.setdefault("og_type", "website")
        page.setdefault("feed", None)
        page.setdefault("prev_url", None)
        page.setdefault("next_url", None)
        page.setdefault("jsonld", None)
        page.setdefault("noindex", False)
        page.setdefault("published", None)
        url = page.get("url")
        page["canonical"] = absolute(self.site.base_url, url) if url else None
        if listed:
            self._to_sitemap(page)
        if not self.mine(unit or path) or not self.wanted(shows):
            return None  # another render worker's page, or unchanged since the last build
        fp = None
        if self.reuse is not None:
            # what the page is rendered from: the template's name and its plain-data context
            # (template sources, code and data files are part of the cache's environment key)
            fp = fingerprint_refs(self.summary_refs, template, page, ctx, self._globals_fp)
            if self.reuse(path, fp):
                return Page(path, None, fp)
        tpl = self.env.get_template(template)
        try:
            text = tpl.render(page=page, **self.env_globals, **ctx)
        except jinja2.TemplateError:
            raise
        except Exception as e:   # ``{{ 1/0 }}``, a filter given what it cannot take: the template's fault
            raise TemplateRenderError(e) from e
        if self._prefix:
            return Page(path, under_prefix(text.encode("utf-8"), self._prefix), fp)
        return Page(path, text.encode("utf-8"), fp)

    def _to_sitemap(self, page: dict[str, Any]) -> None:
        """List a page in the sitemap (a build of a few articles' pages makes none)."""
        url = page.get("url")
        if url and not page.get("noindex") and self.dirty is None and self._lists_sitemap:
            self.sitemap.append((url, page.get("lastmod")))

    def mine(self, unit: str, cost: float = 1.0) -> bool:
        """Whether this renderer makes the pages of ``unit`` (a path or a list's base URL).

        Render workers share the site out without talking to each other: each walks the same
        units in the same order and gives each new unit to the worker with the least work so far
        (``cost``: the unit's estimated work, in article pages; the lowest number on a tie), so all
        agree. A share by hash left one process a whole second longer at 10,000 articles: a
        few units (the home list, records.json) are far larger than the rest.
        """
        if self.partition is None:
            return True
        owner = self._owner.get(unit)
        if owner is None:
            load = self._load
            owner = self._owner[unit] = load.index(min(load))
            load[owner] += cost
        return owner == self.partition[0]

    def _plan_shares(self) -> None:
        """Share the site out among the render workers before any page is walked.

        records.json and records.csv, the largest units and the last in the walk, are placed
        first: both on the first worker (the parent process: a forked worker writing them would
        touch, and so copy, every record) while they are no more than its fair share counting
        article pages alone; otherwise each on the least loaded worker. The sitemap (and
        robots.txt) go to the first worker too, so that the others need not list every page.
        Then the articles are cut into consecutive index ranges, one a worker, sized so that the
        estimated work evens out: a worker makes the pages of its articles and the list pages
        whose middle article is its own, so it makes the summaries and list items of about its
        own articles only, and a forked worker reads (and copies) only those records.
        """
        cat = self.cat
        workers = len(self._load)
        n = len(cat.articles)
        costs = {name: len(cat.records) * cost for name, cost in _ROW_FILES_COST.items()}
        rows = sum(costs.values())
        together = rows <= (n + rows) / workers
        for name in sorted(costs, key=costs.__getitem__, reverse=True):
            owner = 0 if together else self._load.index(min(self._load))
            self._owner[name] = owner
            self._load[owner] += costs[name]
        # the sitemap and robots.txt: with the first worker, chosen now so that only it lists pages
        self._owner[SITEMAP] = self._owner["robots.txt"] = 0
        self._load[0] += 2.0
        # an article: its page, and its share of the list pages and items that show it
        lists = [(len(cat.articles), self.home_per_page), (len(cat.undated), self.per_page)]
        for table in (cat.directives, cat.localities, cat.years, cat.authors, cat.outlets):
            lists += [(len(e.articles), self.per_page) for e in table.values()]
        list_work = sum(page_count(k, per) * _LIST_PAGE_COST + k * _ITEM_COST for k, per in lists if k)
        each = 1.0 + list_work / max(1, n)
        fair = (sum(self._load) + each * n) / workers
        start = 0
        for k in range(workers):
            take = n - start if k == workers - 1 else min(n - start, max(0, round((fair - self._load[k]) / each)))
            start += take
            self._bounds.append(start)
            self._load[k] += take * each
        if self.claims is not None:
            self.claims.start(self._bounds)

    def _summary_for_page(self, unkept: list[dict[str, Any]]) -> Callable[[int], dict[str, Any]]:
        """``summaries[i]``, or when none is kept, one made for the page and noted in ``unkept``."""
        summaries = self.summaries

        def summary(i: int) -> dict[str, Any]:
            s = summaries.kept(i)
            if s is None:
                s = summaries.make(i)
                unkept.append(s)
            return s

        return summary

    def _claimed_articles(self) -> Iterator[Article]:
        """The articles whose pages this worker claims (``ArticleClaims``), block by block."""
        articles = self.cat.articles
        me = self.partition[0]   # type: ignore[index]
        assert self.claims is not None
        while (block := self.claims.take(me)) is not None:
            for i in range(*block):
                a = articles[i]
                self._owner[url_to_path(a.url)] = me
                yield a

    def _makes_article(self, a: Article) -> bool:
        """Whether this renderer makes the page of article ``a``: the worker whose range holds it
        (see ``_plan_shares``), or that claimed it (``ArticleClaims``). Only its own pages are noted
        (for ``mine``): the others' paths would be 100,000 strings kept for nothing at 100,000
        articles."""
        if self.partition is None:
            return True
        if self.claims is not None:
            return True   # ``_claimed_articles`` gives only this worker's, noted
        if bisect_right(self._bounds, a.index) != self.partition[0]:
            return False
        self._owner[url_to_path(a.url)] = self.partition[0]
        return True

    def _share_list(self, base: str, items: list[int], per: int) -> bool:
        """Give each page of the list at ``base`` to the worker of the article in its middle (a
        page with none: to the least loaded), and the list's feed (unit ``base``) to the worker of
        its first page. True when this worker makes one of its pages. Render workers only."""
        paths = [url_to_path(page_url(base, number)) for number in range(1, page_count(len(items), per) + 1)]
        if base not in self._owner:
            for number, path in enumerate(paths, 1):
                chunk = page_slice(items, number, per)
                if chunk:
                    self._owner[path] = bisect_right(self._bounds, chunk[len(chunk) // 2])
                else:
                    self.mine(path, _LIST_PAGE_COST)
            self._owner[base] = self._owner[paths[0]]
        me = self.partition[0]   # type: ignore[index]
        return any(self._owner[path] == me for path in paths)

    def wanted(self, shows: Iterable[int]) -> bool:
        """Whether a page showing these articles is made in this build (always, unless the
        build only remakes what shows the ``dirty`` articles)."""
        return self.dirty is None or not self.dirty.isdisjoint(shows)

    def others(self, base: str, n_items: int, per_page: int | None = None,
               shows: Iterable[int] = ()) -> bool:
        """True when another worker makes the list at ``base`` or none of its pages changed: its
        URLs still go to the sitemap, but this worker builds none of its context."""
        if self.partition is not None:   # a cold build shared among workers: never a build of a few articles
            if self._share_list(base, list(shows), per_page or self.per_page):
                return False
        elif self.wanted(shows):
            return False
        if self.dirty is None and self._lists_sitemap:   # (a build of a few articles' pages makes no sitemap)
            for n in range(1, page_count(n_items, per_page or self.per_page) + 1):
                self.sitemap.append((page_url(base, n), None))
        return True

    def raw(self, path: str, produce: Callable[[], bytes], unit: str | None = None,
            shows: Iterable[int] = (), cost: float = 1.0) -> Page | None:
        """A page that is not a template (feed, data file, asset): made only by its worker."""
        return Page(path, produce()) if self.mine(unit or path, cost) and self.wanted(shows) else None

    def paged(self, template: str, base: str, items: list[int], page: dict[str, Any],
              per_page: int | None = None, **ctx: Any) -> Iterator[Page]:
        """Every page of a list of article indexes; page 1 at ``base``, then base/trang/N/."""
        per = per_page or self.per_page
        total = page_count(len(items), per)
        me = self.partition[0] if self.partition is not None else None
        # with render workers: which pages are this worker's (see ``_share_list``)
        has_mine = me is None or self._share_list(base, items, per)
        title = page["title"]
        refs = self.summary_refs
        shared: list[int] = []
        if self.dirty is None:
            numbers: Iterable[int] = range(1, total + 1)
        else:   # only the pages that hold a changed article (each index is on a list at most once)
            found = set()
            for d in self.dirty:
                try:
                    found.add(items.index(d) // per + 1)
                except ValueError:
                    pass
            numbers = sorted(found)
        if refs is not None and total > 1 and numbers and has_mine:
            # the list's own context is the same on each of its pages: hashed once for all of them
            # (by a digest kept while this list's pages are made: ids are unique while alive)
            for v in ctx.values():
                if isinstance(v, (list, dict, Markup)) and id(v) not in refs:
                    refs[id(v)] = fingerprint_refs(refs, {"": v})
                    shared.append(id(v))
        try:
            for n in numbers:
                url = page_url(base, n)
                pg = dict(page)
                pg["url"] = url
                pg["title"] = title if n == 1 else f"{title} – trang {n}"
                pg["heading"] = page.get("heading", title)
                pager_data = pager(base, n, total)
                pg["prev_url"] = pager_data["prev_url"]
                pg["next_url"] = pager_data["next_url"]
                path = url_to_path(url)
                if me is not None and self._owner[path] != me:
                    self._to_sitemap(pg)   # another worker's page: listed, not made
                    continue
                chunk = page_slice(items, n, per)
                yield self.html(template, path, pg, shows=chunk,
                                items=[self.summaries[i] for i in chunk],
                                pager=pager_data, first_page=(n == 1), **ctx)
        finally:
            for i in shared:
                del refs[i]

    # ---- page kinds ----
    def assets(self) -> Iterator[Page]:
        """Every file under templates/assets/ (site.css, search.js, ...), copied as is, sorted."""
        folder = self.templates / "assets"
        files = sorted((f for f in folder.rglob("*") if f.is_file()), key=lambda f: f.relative_to(folder).as_posix())
        for f in files:
            rel = f.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            yield self.raw(f"assets/{rel}", f.read_bytes, cost=0.1)

    def home(self) -> Iterator[Page]:
        cat = self.cat
        top_dirs = sorted(cat.directives.values(), key=lambda d: (-len(d.articles), d.slug))[:TOP_ON_HOME]
        top_locs = sorted((e for e in cat.localities.values() if e.articles),
                          key=lambda e: (-len(e.articles), e.url))[:TOP_ON_HOME]
        yield from self.paged(
            "home.html", "/", list(range(len(cat.articles))),
            {"title": "Trang chủ", "heading": self.site.title, "feed": {"url": "/feed.xml", "title": self.site.title}},
            per_page=self.home_per_page,
            top_directives=[self.dref(d.key, len(d.articles)) for d in top_dirs],
            top_localities=[self.lref(e.key) for e in top_locs],
            total=len(cat.articles),
        )

    def article_pages(self) -> Iterator[Page]:
        cat = self.cat
        site = self.site
        n = len(cat.articles)
        if self.claims is not None:
            todo: Iterable[Article] = self._claimed_articles()
        elif self.dirty is None:
            todo = cat.articles
        else:   # the pages that show a changed article: its own and its neighbours'
            arts = cat.articles
            todo = [arts[j] for j in sorted({j for d in self.dirty if 0 <= d < n
                                             for j in (arts[d].newer, d, arts[d].older) if j is not None})]
        # with claims, the article pages come after every list page of this worker's share: a
        # summary not made for those is needed for this page only (an article claimed from another
        # worker's range, a neighbour at the range's edge) and is not kept
        unkept: list[dict[str, Any]] = []
        summary = self.summaries.__getitem__ if self.claims is None else self._summary_for_page(unkept)
        for a in todo:
            # the article and its neighbours in the chain of dated articles (``catalog.Article``)
            shows = [j for j in (a.newer, a.index, a.older) if j is not None]
            if not self._makes_article(a) or not self.wanted(shows):
                continue   # (the sitemap lists every article's page from the catalog: ``trailer``)
            r = a.record
            s = summary(a.index)
            # "previous" = older; "next" = newer
            older = summary(a.older) if a.older is not None else None
            newer = summary(a.newer) if a.newer is not None else None
            year = a.year
            ld: dict[str, Any] = {
                "@context": "https://schema.org", "@type": "NewsArticle", "headline": r.title,
                "url": absolute(site.base_url, a.url), "mainEntityOfPage": absolute(site.base_url, a.url),
                "inLanguage": site.language or "vi",
            }
            if a.date:
                ld["datePublished"] = f"{a.date}T{a.time or '00:00'}:00+07:00"
            if s["author"]:
                ld["author"] = {"@type": "Person", "name": s["author"]["name"]}
            if s["outlet"]:
                ld["publisher"] = {"@type": "Organization", "name": s["outlet"]["name"]}
            if s["localities"]:
                ld["contentLocation"] = [{"@type": "Place", "name": x["name"]} for x in s["localities"]]
            if s["directives"]:
                ld["keywords"] = [x["label"] for x in s["directives"]]
            page = {
                "title": r.title or "(Không có tiêu đề)", "url": a.url, "og_type": "article",
                "description": shorten(r.lead, 200) or site.description,
                "jsonld": json_for_script(ld), "lastmod": a.date, "published": ld.get("datePublished"),
                "prev_url": older["url"] if older else None, "next_url": newer["url"] if newer else None,
            }
            if r.draft:   # a preview (``--drafts``): said on the page, and kept out of search engines
                page["noindex"] = True
            refs = self.summary_refs
            blocks: Sequence[tuple[str, str]]
            if refs is not None and r.digest:
                # the blocks are what extraction made of this file's bytes (digest) read as this
                # path's format, under the code and data the page map is keyed by: the page's
                # fingerprint takes those two strings instead of pickling the article's text,
                # which is only read if the page is rendered
                blocks = _TextPairs(r.blocks)
                refs[id(blocks)] = f"blocks:{r.path}:{r.digest}"
            else:   # pickled into the fingerprint, if there is one
                blocks = _text_pairs(r.blocks)
            try:
                yield self.html(
                    "article.html", url_to_path(a.url), page, shows=shows, listed=False, a=s, blocks=blocks,
                    date_iso=f"{a.date}T{a.time}+07:00" if a.time else a.date, time_text=a.time,
                    genre=GENRE_LABEL.get(r.genre, r.genre),
                    year={"year": year, "url": cat.years[year].url} if year in cat.years else None,
                    undated_url=UNDATED_URL if year is None and cat.undated else None,
                    credit=r.credit_outlet, older=older, newer=newer, draft=r.draft,
                    primary=self.lref(r.primary_locality) if r.primary_locality in cat.localities else None,
                )
            finally:
                if refs is not None:
                    refs.pop(id(blocks), None)   # its id may be another object's once it is freed
                    for u in unkept:
                        refs.pop(id(u), None)
                unkept.clear()

    def directive_pages(self) -> Iterator[Page]:
        cat = self.cat
        if self.dirty is None:   # the index shows the catalog only
            groups = []
            for kind, issuers in cat.directive_groups:
                groups.append({"kind": kind, "issuers": [
                    {"name": iss, "entries": [dict(self.dref(k, len(cat.directives[k].articles)),
                                                 issued=issued_text(cat.directives[k].issued)) for k in keys]}
                    for iss, keys in issuers]})
            yield self.html("directives.html", "van-ban/index.html",
                            {"title": "Văn bản", "url": "/van-ban/"}, groups=groups, total=len(cat.directives))
        for key in cat.directive_order:
            d = cat.directives[key]
            yield from self._directive(d)

    def _directive(self, d: DirectiveEntry) -> Iterator[Page]:
        cat = self.cat
        if self.others(d.url, len(d.articles), shows=d.articles):
            return
        feed_url = d.url + "feed.xml"
        by_prov = [(cat.localities[k].short_name, c) for k, c in d.by_province]
        info = {
            "code": d.code, "kind": d.kind, "issuer": d.issuer, "issuer_name": d.issuer_name,
            "scope": self.lref(d.scope) if d.scope in cat.localities else None,
            "scope_name": self.loc_name(d.scope) if d.scope else None,
            "issued": issued_text(d.issued, weekday=True), "issued_iso": d.issued,
            "subject": d.subject, "name": d.name, "in_registry": d.in_registry, "count": len(d.articles),
            "mentions": d.mentions, "undated": d.undated,
        }
        related = [self.dref(k, c) for k, c in d.related]
        months = [{"label": month_label(m), "count": c} for m, c in d.by_month if c]
        provinces = [dict(self.lref(k), count=c) for k, c in d.by_province]
        charts = {
            "timeline": svg.timeline(d.by_month, "bieu-do-thoi-gian", f"Số bài theo tháng: {d.kind} {d.code}"),
            "provinces": svg.bars(by_prov, "bieu-do-dia-phuong", f"Số bài theo tỉnh, thành phố: {d.kind} {d.code}"),
        }
        title = f"{d.kind} {d.code}"
        if d.scope:
            title += f" ({self.loc_name(d.scope)})"
        yield from self.paged(
            "directive.html", d.url, d.articles,
            {"title": title, "feed": {"url": feed_url, "title": f"{self.site.title}: {title}"},
             "description": d.subject or d.name or title},
            d=info, related=related, months=months, provinces=provinces, charts=charts,
        )
        yield self.raw(url_to_path(feed_url), lambda: atom_feed(
            cat, title=f"{self.site.title}: {title}", page_url=d.url, feed_url=feed_url,
            articles=(cat.articles[i] for i in d.articles), subtitle=d.subject or ""), unit=d.url,
            shows=d.articles)

    def locality_pages(self) -> Iterator[Page]:
        cat = self.cat
        tiles = self._tiles() if self.dirty is None else []

        def tree(key: str) -> dict[str, Any]:
            e = cat.localities[key]
            return dict(self.lref(key), children=[tree(k) for k in e.children])

        if self.dirty is None:   # the index shows the catalog only
            yield self.html(
                "localities.html", "dia-phuong/index.html", {"title": "Địa phương", "url": "/dia-phuong/"},
                tree=[tree(k) for k in cat.provinces],
                tilemap=svg.tile_map(tiles, "ban-do", "Bản đồ ô: số bài theo tỉnh, thành phố"),
                tiles=[t for t in tiles if t["count"]],
                legend=svg.shade_legend(max((t["count"] for t in tiles), default=0)),
            )
        order = sorted(cat.localities, key=lambda k: cat.localities[k].url)
        for key in order:
            yield from self._locality(cat.localities[key])

    def _tiles(self) -> list[dict[str, Any]]:
        path = self.templates / "data" / "province_tiles.yaml"
        if not path.exists():
            return []
        raw = load_yaml(path) or {}
        by_key = {k: e for k, e in self.cat.localities.items() if e.parent_key is None}
        out = []
        for t in raw.get("tiles", []):
            e = None
            for k in [t["key"], *t.get("aliases", [])]:
                if k in by_key:
                    e = by_key[k]
                    break
            out.append({"row": int(t["row"]), "col": int(t["col"]), "label": t.get("label") or t["name"],
                        "name": e.short_name if e else t["name"], "count": len(e.articles) if e else 0,
                        "url": e.url if e else None})
        return out

    def _locality(self, e: LocalityEntry) -> Iterator[Page]:
        cat = self.cat
        if self.others(e.url, len(e.articles), shows=e.articles):
            return
        crumbs = []
        cur = e.parent_key
        while cur is not None and cur in cat.localities:
            crumbs.append(self.lref(cur))
            cur = cat.localities[cur].parent_key
        crumbs.reverse()
        feed_url = e.url + "feed.xml"
        info = dict(self.lref(e.key), level_label=LEVEL_LABEL.get(e.level, e.level), today=e.today,
                    child_label=CHILD_LABEL.get(e.level, "Đơn vị trực thuộc"), undated=e.undated)
        months = [{"label": month_label(m), "count": c} for m, c in e.by_month if c]
        yield from self.paged(
            "locality.html", e.url, e.articles,
            {"title": e.name, "feed": {"url": feed_url, "title": f"{self.site.title}: {e.name}"},
             "description": f"Các bài viết về {e.name}"},
            loc=info, crumbs=crumbs, children=[self.lref(k) for k in e.children],
            directives=[self.dref(k, c) for k, c in e.directives], months=months,
            timeline=svg.timeline(e.by_month, "bieu-do-thoi-gian", f"Số bài theo tháng: {e.name}"),
        )
        yield self.raw(url_to_path(feed_url), lambda: atom_feed(
            cat, title=f"{self.site.title}: {e.name}", page_url=e.url, feed_url=feed_url,
            articles=(cat.articles[i] for i in e.articles)), unit=e.url, shows=e.articles)

    def year_pages(self) -> Iterator[Page]:
        cat = self.cat
        per = self.per_page
        years = []
        for y in cat.year_order:
            ye = cat.years[y]
            # the page of the list where each month's first article falls
            months = []
            pos = 0
            for m, c in ye.months:
                n = pos // per + 1
                anchor = f"thang-{m}" if m else "khong-ro-thang"
                months.append({"label": MONTHS[m] if m else "Không rõ tháng", "count": c,
                               "url": f"{page_url(ye.url, n)}#{anchor}"})
                pos += c
            years.append({"year": y, "url": ye.url, "count": len(ye.articles), "months": months})
        undated = {"count": len(cat.undated), "url": UNDATED_URL} if cat.undated else None
        yield self.html("archive.html", "luu-tru/index.html", {"title": "Lưu trữ", "url": "/luu-tru/"},
                        years=years, undated=undated)
        yield self.html("archive.html", "nam/index.html", {"title": "Các năm", "url": "/nam/"},
                        years=years, undated=undated)
        for y in cat.year_order:
            ye = cat.years[y]
            yield from self.paged("year.html", ye.url, ye.articles, {"title": f"Năm {y}"},
                                  year=y, months=years[cat.year_order.index(y)]["months"])
        if cat.undated:
            yield from self.paged("list.html", UNDATED_URL, cat.undated,
                                  {"title": "Bài không rõ ngày"},
                                  intro="Những bài mà không tìm được ngày đăng lẫn năm.", parent=None)

    def people_pages(self) -> Iterator[Page]:
        cat = self.cat
        for kind, order, table, url, title, noun in (
            ("author", cat.author_order, cat.authors, "/tac-gia/", "Tác giả", "tác giả"),
            ("outlet", cat.outlet_order, cat.outlets, "/nguon/", "Nguồn tin", "nguồn tin"),
        ):
            items = [{"name": table[s].name, "url": table[s].url, "count": len(table[s].articles)} for s in order]
            yield self.html("people.html", url_to_path(url), {"title": title, "url": url},
                            items=items, noun=noun)
            for s in order:
                p: PersonEntry = table[s]
                intro = (f"Các bài của tác giả {p.name}." if kind == "author"
                         else f"Các bài đăng trên {p.name}.")
                yield from self.paged("list.html", p.url, p.articles, {"title": p.name},
                                      intro=intro, parent={"url": url, "name": title})

    def static_pages(self) -> Iterator[Page]:
        site = self.site
        about = [_about_paragraph(p) for p in (site.about or "").split("\n\n") if p.strip()]
        cat = self.cat
        years = sorted(cat.years)
        stats = {"articles": len(cat.articles), "directives": len(cat.directives),
                 "localities": sum(1 for e in cat.localities.values() if e.articles),
                 "authors": len(cat.authors), "outlets": len(cat.outlets),
                 "first_year": years[0] if years else None, "last_year": years[-1] if years else None}
        yield self.html("about.html", "gioi-thieu/index.html", {"title": "Giới thiệu", "url": "/gioi-thieu/"},
                        paragraphs=about, stats=stats)
        yield self.html("data.html", "du-lieu/index.html", {"title": "Dữ liệu", "url": "/du-lieu/"},
                        fields=RECORD_FIELDS, csv_columns=[(c, CSV_MEANING.get(c, "")) for c in CSV_COLUMNS], count=len(self.cat.articles))
        yield self.html("search.html", "tim-kiem/index.html", {"title": "Tìm kiếm", "url": "/tim-kiem/"})
        yield self.html("404.html", "404.html", {"title": "Không tìm thấy trang", "url": None, "noindex": True})

    def data_files(self) -> Iterator[Page]:
        cat = self.cat
        every = range(len(cat.articles))
        yield self.raw("feed.xml", lambda: atom_feed(cat, title=self.site.title, page_url="/", feed_url="/feed.xml",
                                                     articles=cat.articles, subtitle=self.site.description),
                       shows=every)
        for path, pieces in (
                ("records.json", lambda: records_json_chunks(cat.records, self.rows)),
                ("records.csv", lambda: records_csv_chunks(cat.records, self.site.base_url, self.rows))):
            # streamed: the writer takes the pieces as they come; otherwise one bytes object
            # (with render workers, each file's worker was chosen first: ``_plan_shares``)
            yield self.raw(path, pieces if self.stream else (lambda p=pieces: b"".join(p())), shows=every)

    def trailer(self) -> Iterator[Page]:
        if self.dirty is not None:
            return   # the sitemap and robots.txt list URLs, which a build of a few articles keeps
        if not self._lists_sitemap:
            return   # another render worker's (see ``_plan_shares``)
        base = self.site.base_url
        # the other pages, sorted by URL in place, equal entries once (no set: this runs at the end
        # of the build, when every render worker is at its fullest)
        entries, self.sitemap = self.sitemap, []
        entries.sort(key=itemgetter(0))
        kept = 0
        for e in entries:
            if not kept or e != entries[kept - 1]:
                entries[kept] = e
                kept += 1
        del entries[kept:]
        # the articles' pages from the catalog, merged in by URL: not listed as they were made
        # (100,000 entries held through the whole render at 100,000 articles)
        # (a draft, built only with --drafts, is a preview: not listed)
        articles = sorted((a for a in self.cat.articles if not a.record.draft), key=attrgetter("url"))
        total = len(entries) + len(articles)

        def urlset(start: int, stop: int) -> Callable[[], Any]:
            def listed() -> Iterator[tuple[str, str | None]]:
                # where the part starts and ends in each list (merging from the start for every
                # part made the parts' cost grow with their number)
                i0, j0 = merge_split(entries, _URL_OF_ENTRY, articles, _URL_OF_ARTICLE, start)
                i1, j1 = merge_split(entries, _URL_OF_ENTRY, articles, _URL_OF_ARTICLE, stop)
                return heapq.merge(islice(entries, i0, i1), ((a.url, a.date) for a in islice(articles, j0, j1)),
                                   key=itemgetter(0))
            # streamed, the writer takes it piece by piece (never whole in memory)
            return (lambda: _urlset(base, listed())) if self.stream else (lambda: b"".join(_urlset(base, listed())))

        if total <= SITEMAP_MAX_URLS:
            yield self.raw(SITEMAP, urlset(0, total))
        else:
            # the protocol's limit is 50,000 URLs a file: sitemap.xml is then an index of parts
            parts = [f"sitemap-{n}.xml" for n in range(1, -(-total // SITEMAP_MAX_URLS) + 1)]
            yield self.raw(SITEMAP, lambda: _sitemap_index(base, parts))
            for n, part in enumerate(parts):
                yield self.raw(part, urlset(n * SITEMAP_MAX_URLS, (n + 1) * SITEMAP_MAX_URLS), unit=SITEMAP)
        yield self.raw("robots.txt", lambda: robots_txt(self.site.robots, absolute(base, "/sitemap.xml")))
        yield self.raw(OUTPUT_MARK, lambda: OUTPUT_MARK_TEXT, unit="robots.txt")   # (its worker's too)


_URL_OF_ENTRY, _URL_OF_ARTICLE = itemgetter(0), attrgetter("url")


def robots_txt(rules: str, sitemap: str) -> bytes:
    """robots.txt: the site's rules (``robots`` in site.yaml), one per line as written, and the
    sitemap's address."""
    lines = [line.rstrip() for line in rules.strip().splitlines()]
    return ("\n".join(lines) + f"\n\nSitemap: {sitemap}\n").encode("utf-8")


def merge_split(a: list, a_key: Callable[[Any], Any], b: list, b_key: Callable[[Any], Any],
                k: int) -> tuple[int, int]:
    """How many items of ``a`` and of ``b`` (each sorted by its key) the first ``k`` of their merge
    hold, in ``heapq.merge``'s order (``a``'s first on equal keys): one binary search."""
    k = min(k, len(a) + len(b))
    lo, hi = max(0, k - len(b)), min(k, len(a))
    while lo < hi:
        i = (lo + hi) // 2   # i < k: b[k - i - 1] exists
        if a_key(a[i]) <= b_key(b[k - i - 1]):
            lo = i + 1       # a[i] is among the first k
        else:
            hi = i
    return lo, k - lo


SITEMAP = "sitemap.xml"
SITEMAP_MAX_URLS = 50_000   # per file, as sitemaps.org allows
_SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(base: str, entries: Iterable[tuple[str, str | None]]) -> Iterator[bytes]:
    """A sitemap of these (url, lastmod) entries, in pieces of a thousand entries."""
    from .feeds import xml_text

    yield f"{_SITEMAP_HEAD}<urlset {_SITEMAP_NS}>\n".encode("utf-8")
    entries = iter(entries)
    while chunk := list(islice(entries, 1000)):
        out = []
        for url, lastmod in chunk:
            out.append(f"  <url><loc>{xml_text(absolute(base, url))}</loc>")
            if lastmod:
                out.append(f"<lastmod>{xml_text(lastmod)}</lastmod>")
            out.append("</url>\n")
        yield "".join(out).encode("utf-8")
    yield b"</urlset>\n"


def _sitemap_index(base: str, parts: list[str]) -> bytes:
    """A sitemap index naming the sitemap files ``parts`` (paths at the site's root)."""
    from .feeds import xml_text

    out = [_SITEMAP_HEAD, f"<sitemapindex {_SITEMAP_NS}>\n"]
    out += [f"  <sitemap><loc>{xml_text(absolute(base, part))}</loc></sitemap>\n" for part in parts]
    out.append("</sitemapindex>\n")
    return "".join(out).encode("utf-8")


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def _about_paragraph(text: str) -> Markup:
    """A paragraph of site.yaml's about text: escaped, lines joined, `code` spans set as <code>."""
    escaped = str(escape(" ".join(text.split())))
    return Markup(_CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", escaped))


# --- data files -----------------------------------------------------------------------------------

RECORD_FIELDS = [
    ("path", "Đường dẫn tệp nguồn trong thư mục content/"),
    ("slug", "Tên bài trong địa chỉ /bai/<slug>/"),
    ("title", "Tiêu đề"),
    ("date", "Ngày đăng (YYYY-MM-DD) hoặc null"),
    ("time", "Giờ đăng (HH:MM, giờ Việt Nam UTC+7) hoặc null"),
    ("date_basis", "Nguồn của ngày: front-matter, dateline, body-event, year-only, none"),
    ("year", "Năm đăng"),
    ("retrieved", "Ngày lưu trang (khi báo in ngày hiện tại ở đầu trang)"),
    ("outlet", "Cơ quan báo chí {key, name}"),
    ("byline", "Tác giả {name, role (author | interviewer | signer), raw}"),
    ("credit_outlet", "Nguồn được ghi (\"Theo TTXVN\")"),
    ("genre", "Thể loại: news, interview, document (toàn văn một văn bản), ..."),
    ("localities", "Địa phương được nhắc đến {key, name, level, province_key, mentions, ...}"),
    ("primary_locality", "Khóa của địa phương chính"),
    ("directives", "Văn bản được trích dẫn {code, key, kind, issuer, scope, subject, issued, mentions, ...}"),
    ("blocks", "Nội dung bài: {kind: lead | paragraph | heading | caption | question | answer, text}"),
    ("dropped", "Các dòng bị loại (phần khung trang web)"),
    ("warnings", "Cảnh báo khi trích xuất"),
]

CSV_COLUMNS = [
    "path", "slug", "url", "title", "date", "time", "date_basis", "year", "retrieved", "outlet_key",
    "outlet", "byline", "byline_role", "credit_outlet", "genre", "primary_locality", "locality_keys",
    "localities", "directive_keys", "directives", "lead", "body", "warnings",
]


# What each CSV column holds (the /du-lieu/ page shows this table).
CSV_MEANING = {
    "path": "Đường dẫn tệp nguồn", "slug": "Tên bài trong địa chỉ", "url": "Địa chỉ đầy đủ của trang bài",
    "title": "Tiêu đề", "date": "Ngày đăng (YYYY-MM-DD), trống nếu không rõ",
    "time": "Giờ đăng (HH:MM, UTC+7)", "date_basis": "Nguồn của ngày (như records.json)",
    "year": "Năm đăng", "retrieved": "Ngày lưu trang", "outlet_key": "Khóa cơ quan báo chí",
    "outlet": "Tên cơ quan báo chí", "byline": "Tên tác giả", "byline_role": "Vai trò: author, interviewer hoặc signer (người ký văn bản)",
    "credit_outlet": "Nguồn được ghi (\"Theo TTXVN\")", "genre": "Thể loại",
    "primary_locality": "Khóa của địa phương chính", "locality_keys": "Khóa các địa phương, nối bằng “; ”",
    "localities": "Tên các địa phương, cùng thứ tự với locality_keys",
    "directive_keys": "Khóa các văn bản (số hiệu@phạm vi), nối bằng “; ”",
    "directives": "Loại và số hiệu các văn bản, cùng thứ tự với directive_keys",
    "lead": "Sapo (đoạn mở đầu)", "body": "Toàn văn bài, các khối cách nhau bằng một dòng trống",
    "warnings": "Cảnh báo khi trích xuất, nối bằng “; ”",
}


class RowMemo:
    """Each record's records.json line and records.csv row from the last build, for a long-lived
    ``serve``: an edit re-encodes one record, not all of them.

    An entry is keyed by the record's ``blocks`` list, which an unchanged record shares with the
    cached extraction result (the entry holds it, so its ``id`` cannot be reused), and is valid
    while the slug and warnings (which depend on the other records) are the same.
    """

    def __init__(self) -> None:
        self.tables: dict[str, dict[int, tuple[Any, str, list, bytes]]] = {"json": {}, "csv": {}}

    def rows(self, table: str, records: list[Record], encode: Callable[[Record], bytes]) -> list[bytes]:
        old = self.tables[table]
        new: dict[int, tuple[Any, str, list, bytes]] = {}
        out = []
        for r in records:
            e = old.get(id(r.blocks))
            if e is None or e[0] is not r.blocks or e[1] != r.slug or e[2] != r.warnings:
                e = (r.blocks, r.slug, list(r.warnings), encode(r))
            new[id(r.blocks)] = e
            out.append(e[3])
        self.tables[table] = new
        return out


ROW_FILES = {"json": "records.json", "csv": "records.csv"}


class RowPieces:
    """records.json or records.csv as pieces for the writer: ``head``, one row per record (sorted
    by slug) joined by ``sep``, ``tail``. Rows come from ``memo`` where it has them: a
    ``RowMemo``'s lines, or an ``OldRows``' spans of the old file (``write.Span``, which only a
    streamed render takes). Once iterated, ``index`` says where each row lies, for the next build.
    """

    def __init__(self, table: str, records: list[Record], encode: Callable[[Record], bytes],
                 head: bytes, sep: bytes, tail: bytes, memo: RowMemo | OldRows | None):
        self.table, self.records, self.encode, self.memo = table, records, encode, memo
        self.head, self.sep, self.tail = head, sep, tail
        self.index: RowIndex | None = None

    def __iter__(self) -> Iterator[bytes | Span]:
        ordered = sorted(self.records, key=lambda r: r.slug)
        index = RowIndex(fingerprint([r.slug for r in ordered]), self.head, self.sep, self.tail, array("I"))
        memo = self.memo
        spliced = memo.splice(self.table, ordered, self.encode, index) if isinstance(memo, OldRows) else None
        if spliced is not None:
            yield from spliced
        else:
            lengths = index.lengths
            rows = memo.rows(self.table, ordered, self.encode) if memo is not None else map(self.encode, ordered)
            yield self.head
            sep = b""
            for row in rows:
                if sep:
                    yield sep
                yield row
                lengths.append(len(row))
                sep = self.sep
            yield self.tail
        self.index = index


class OldRows:
    """The previous output's records.json/csv, for a rebuild whose records have the same slugs in
    the same order (``pipeline.plan_dirty``): the rows of the records whose file changed are
    encoded again, every other byte is copied from the old file by the kernel (``write.Span``).

    The old file is never read whole. It is trusted by its identity on disk (device, inode, size,
    modification time) as the page map recorded it when it was written, and cut by the row index
    recorded with it (``cache.file_entry``); a file that is not exactly that one (edited,
    replaced, truncated, a link), an index for other slugs or another layout, and every row is
    encoded as in a full build.
    """

    def __init__(self, output: Path, entries: dict[str, tuple | None], changed: set[str]):
        self.output = Path(output)
        self.entries = entries   # file name -> its page map entry
        self.changed = changed

    def rows(self, table: str, records: list[Record], encode: Callable[[Record], bytes]) -> list[bytes]:
        return [encode(r) for r in records]   # when the old file cannot be used (see ``splice``)

    def splice(self, table: str, ordered: list[Record], encode: Callable[[Record], bytes],
               index: RowIndex) -> Iterator[bytes | Span] | None:
        """The new file's pieces, filling ``index.lengths``; None when the old file cannot be used."""
        name = ROW_FILES[table]
        entry = self.entries.get(name)
        old = entry[2] if entry is not None and len(entry) > 2 else None
        if (old is None or (old.order, old.head, old.sep, old.tail) != (index.order, index.head, index.sep, index.tail)
                or len(old.lengths) != len(ordered)):
            return None
        try:
            fd = os.open(self.output / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            st = os.fstat(fd)   # the file as opened: a later rename over it does not matter
            if not stat.S_ISREG(st.st_mode) or stamp_token(file_stamp(st)) != entry[0] or st.st_size != old.size():
                os.close(fd)
                return None
        except BaseException:
            os.close(fd)
            raise
        return self._splice(fd, st.st_size, old, ordered, encode, index)

    def _splice(self, fd: int, size: int, old: RowIndex, ordered: list[Record],
                encode: Callable[[Record], bytes], index: RowIndex) -> Iterator[bytes | Span]:
        try:
            lengths = index.lengths
            lengths.extend(old.lengths)
            ends = list(accumulate(old.lengths))   # ends[i]: the rows before i+1, without separators
            head, step = len(old.head), len(old.sep)
            done = 0   # the old file is in the new one up to here
            for i, r in enumerate(ordered):
                if r.slug not in self.changed:
                    continue
                start = head + (ends[i - 1] if i else 0) + step * i
                row = encode(r)
                if len(row) == old.lengths[i] and os.pread(fd, len(row), start) == row:
                    continue   # re-encoded to the same bytes: stays part of the copy
                if start > done:
                    yield Span(fd, done, start - done)
                yield row
                lengths[i] = len(row)
                done = start + old.lengths[i]
            if size > done:
                yield Span(fd, done, size - done)
        finally:
            os.close(fd)


def _json_line(r: Record) -> bytes:
    """One record as a line of records.json: keys sorted, markup characters escaped.

    orjson, not the standard library: encoding a row takes a third of the time, the whole row 74
    instead of 125 µs (records.json was the largest single item of a render). Its output differs
    from ``json.dumps`` only in having no space after ``,`` and ``:``."""
    d = r.to_dict()
    try:
        line = orjson.dumps(d, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        # what orjson refuses (say, an integer past 64 bits) the standard encoder may still take
        return _escape_json(json.dumps(d, ensure_ascii=False, sort_keys=True)).encode("utf-8")
    return _escape_json_bytes(line)


def _escape_json_bytes(b: bytes) -> bytes:
    """``_escape_json`` on UTF-8 JSON."""
    for x, y in _JSON_ESCAPES_UTF8:
        b = b.replace(x, y)
    return b


def _joined(pieces: Iterable[bytes | Span]) -> bytes:
    return b"".join(p if type(p) is not Span else os.pread(p.fd, p.length, p.offset) for p in pieces)


def records_json(records: list[Record], memo: RowMemo | OldRows | None = None) -> bytes:
    """The records as researchers get them: sorted by slug, keys sorted, markup characters escaped."""
    return _joined(records_json_chunks(records, memo))


def records_json_chunks(records: list[Record], memo: RowMemo | OldRows | None = None) -> RowPieces:
    """records.json piece by piece (a large archive's file is never whole in memory)."""
    # One record per line: readable, diff-friendly, and fast (the C encoder runs without indent).
    return RowPieces("json", records, _json_line, b"[\n", b",\n", b"\n]\n", memo)


def records_csv(records: list[Record], base_url: str, memo: RowMemo | OldRows | None = None) -> bytes:
    """One row per article, lists joined by "; ", formula-like cells neutralised."""
    return _joined(records_csv_chunks(records, base_url, memo))


def records_csv_chunks(records: list[Record], base_url: str,
                       memo: RowMemo | OldRows | None = None) -> RowPieces:
    """records.csv piece by piece: the header, then one row per record."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    head = buf.getvalue().encode("utf-8")

    def encode(r: Record) -> bytes:
        row = _csv_row(r, base_url)
        line = _csv_line(row)
        if line is None:   # a case the quick path does not take on: the csv module's own writer
            buf.seek(0)
            buf.truncate()
            w.writerow(row)
            line = buf.getvalue()
        return line.encode("utf-8")

    return RowPieces("csv", records, encode, head, b"", b"", memo)


def _csv_line(row: list[str]) -> str | None:
    """``csv.writer(lineterminator="\r\n").writerow(row)`` for cells of text, by str methods (the
    csv module looks at every character in turn: it was half of making records.csv). A cell is
    quoted when it holds the delimiter, the quote character or a line-end character, and its
    quotes doubled: QUOTE_MINIMAL. None for what it does not handle (a NUL, a one-cell row)."""
    if len(row) < 2:
        return None
    cells = []
    for c in row:
        if "\0" in c:
            return None
        if '"' in c:
            cells.append('"' + c.replace('"', '""') + '"')
        elif "," in c or "\n" in c or "\r" in c:
            cells.append('"' + c + '"')
        else:
            cells.append(c)
    return ",".join(cells) + "\r\n"


def _csv_row(r: Record, base_url: str) -> list[str]:
    row = [
        r.path, r.slug, absolute(base_url, f"/bai/{r.slug}/"), r.title, r.date, r.time, r.date_basis,
        r.year, r.retrieved, r.outlet.key if r.outlet else None, r.outlet.name if r.outlet else None,
        r.byline.name if r.byline else None, r.byline.role if r.byline else None, r.credit_outlet,
        r.genre, r.primary_locality, "; ".join(x.key for x in r.localities),
        "; ".join(x.name for x in r.localities), "; ".join(d.key for d in r.directives),
        "; ".join(f"{d.kind} {d.code}" for d in r.directives), r.lead,
        "\n\n".join(b.text for b in r.blocks), "; ".join(str(p) for p in r.warnings),
    ]
    return [csv_cell(v) for v in row]


# --- entry point ----------------------------------------------------------------------------------

def render_site(catalog: Catalog, data: SiteData, templates: Path,
                reuse: Callable[[str, str], bool] | None = None,
                partition: tuple[int, int] | None = None, dirty: set[int] | None = None,
                rows: RowMemo | None = None, stream: bool = False,
                memo: dict[str, Any] | None = None, claims: ArticleClaims | None = None) -> Iterator[Page]:
    """Stream every page of the site. Sitemap and robots.txt come last (they list what came before).

    ``reuse(path, fingerprint)``, when given, says whether the page at ``path`` with that
    fingerprint is already in the output; such pages are yielded with ``content=None``.
    ``partition=(i, n)``: yield only the pages of the i-th of n render workers (shared out by
    ``_Site._plan_shares``: by ranges of articles, the row files first); every worker walks the
    whole catalog, but renders and writes only its share.
    ``dirty``: the catalog is the same as the last build's (same articles, order and taxonomies)
    and only these articles changed: yield only the pages that show one of them (the article,
    its neighbours, the list pages, feeds and data files that hold it); the caller keeps the rest.
    ``rows``: records.json/csv lines of the last build, reused where a record is unchanged.
    ``stream``: records.json/csv come as an iterator of byte pieces, not as one bytes object.
    ``memo``: a dict a long-lived ``serve`` keeps between builds: summaries and list items of
    the articles that did not change are reused while the catalog object is the same.
    ``claims`` (with ``partition``, shared by the workers): article pages are claimed as the
    workers go, after every other page of their share (``ArticleClaims``).
    """
    s = _Site(catalog, data, templates, reuse, partition, dirty, rows, stream, memo, claims)
    parts = [s.assets, s.home, s.article_pages, s.directive_pages, s.locality_pages, s.year_pages,
             s.people_pages, s.static_pages, s.data_files, s.trailer]
    if s.claims is not None:   # the pages claimed as the workers go come last (before the sitemap)
        parts.remove(s.article_pages)
        parts.insert(-1, s.article_pages)
    for part in parts:
        for page in part():
            if page is not None:
                yield page
