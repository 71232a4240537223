"""Search stage: a Pagefind index over the articles, built offline from the Python API.

Each article is one Pagefind *custom record* (``add_custom_record``), so what is searched, shown
and filtered on is decided here rather than scraped back out of the rendered HTML:

content
    ``title + body`` with white space normalised (the part excerpts are cut from; its word count
    is kept in the ``n`` meta field), then a *tail* that is only there to be found:

    * the folded copy of every word holding ``đ``/``Đ`` ("Đà" -> "da"). Pagefind 1.5 folds the
      other Vietnamese marks itself (checked for every vowel with every tone, both cases), so
      "hoa vang", "Hoà Vang" and "Hòa Vang" all reach "Hòa Vang"; ``đ`` is a letter of its own
      and is not folded, so without the tail "da nang" finds nothing;
    * a token per locality the article touches (``place_token``: "Thành phố Đà Nẵng" ->
      ``danangdp``): unaccented, "da nang" is also "đã nâng", so the search page turns a typed
      place name it knows (from the filter values) into this token;
    * design tokens for each directive the article cites (``code_tokens``): "05-CT/TW" ->
      ``5cttwvb`` (number + kind + issuer) and ``ct5vb`` (kind + number). The ``vb`` ending
      keeps Pagefind's prefix matching from taking ``ct5vb`` to ``ct54vb``.

    The query side (``normalize_query`` here, mirrored in ``templates/assets/search.js``) folds
    the query the same way and rewrites directive codes typed in any form ("05 ct tw",
    "ct/tw 05", "05-CT/TW", "chỉ thị 05", "nghị quyết 16 nq tu") to the same tokens.

meta
    title, url, date (d/m/yyyy), outlet, locality, n.

filters
    ``van_ban`` (directive label: code, plus the scope's name for local issuers), ``tinh``
    (province short names), ``dia_phuong`` (districts and wards, "name, parent, province"),
    ``nam``, ``nguon``, ``tac_gia``. ``filter_values`` gives the same strings the templates use
    for their "search within" boxes.

sort
    ``ngay``: ISO date ("0000-00-00" when unknown) for filter-only listings, newest first.

A large archive's index is cut by date into parts, each its own bundle (``plan_parts``), so that
Pagefind's memory stays bounded and an edit makes only one part again; ``search.js`` searches
them all and merges the answers.

Records are added in slug order. Pagefind writes its filter values in hash-map order, so the
raw bundle differs between identical builds; ``canonicalize_bundle`` rewrites the filter chunks
in a fixed order (and renames them and the metadata after their content) so the output is
byte-identical for identical input.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .text import fold, vi_date

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog
    from .config import SiteData
    from .model import Record

LANGUAGE = "vi"
BUNDLE_DIR = "pagefind"
ASSET = "assets/search.js"
FILTER_KEYS = ("van_ban", "tinh", "dia_phuong", "nam", "nguon", "tac_gia")
TOKEN_SUFFIX = "vb"

# Pagefind files the site does not use (its ready-made UIs); dropped to keep the bundle small.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)

# --- text helpers -------------------------------------------------------------------------------

# Characters either Python's str.split() or JavaScript's /\s/ treats as white space: both sides
# must cut the content into the same words (the client maps word positions back to the text).
_ANY_WS = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)


def words_of(text: str) -> list[str]:
    """Split text into words the way the client does (``content.split(/\\s+/)``).

    ``str.split()`` cuts at every character of ``_ANY_WS`` but U+FEFF, which JavaScript counts as
    white space and Python does not: that one is made a space first. (The regex did the same
    work at a third of the speed: 2 s of a 10,000-article build.)"""
    if "\ufeff" in text:
        text = text.replace("\ufeff", " ")
    return text.split()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def alnum_fold(s: str) -> str:
    """Folded, lower case, letters and digits only: "05-CT/TW." -> "05cttw"."""
    return _NOT_ALNUM.sub("", fold(s))


def _strip_zeros(num: str) -> str:
    """"05" -> "5", "0" -> "0", "12a" -> "12a"."""
    n = num.lstrip("0")
    return n if n[:1].isdigit() else "0" + n


# --- directive code tokens ----------------------------------------------------------------------

# kind words as typed (folded) -> kind letters (folded)
KIND_WORDS = {
    "chi thi": "ct", "nghi quyet": "nq", "ket luan": "kl", "quyet dinh": "qd", "quy dinh": "qd",
    "huong dan": "hd", "ke hoach": "kh", "thong bao": "tb", "thong tri": "tt", "nghi dinh": "nd",
    "thong tu": "tt",
}
KIND_LETTERS = {"ct", "nq", "kl", "qd", "qdns", "hd", "kh", "tb", "tt", "ttlt", "nd", "qy"}
ISSUERS = {"tw", "tu", "qu", "hu", "txu", "du", "duk", "qutw", "duqstw", "duca", "bcsd",
           "ttg", "cp", "qh", "ubnd", "hdnd", "ubtvqh"}


PLACE_SUFFIX = "dp"
_TYPE_WORDS = ("thanh pho", "thi xa", "thi tran", "tinh", "quan", "huyen", "phuong", "xa")


def place_words(name: str) -> list[str]:
    """Folded words of a place name without its type word: "Huyện Hòa Vang" -> ["hoa", "vang"].

    A name that is only a number keeps its type word ("Quận 10" -> ["quan", "10"]).
    """
    w = _NOT_ALNUM.sub(" ", fold(name)).split()
    for t in _TYPE_WORDS:
        tw = t.split()
        if w[:len(tw)] == tw and len(w) > len(tw) and not all(x.isdigit() for x in w[len(tw):]):
            return w[len(tw):]
    return w


def place_token(name: str) -> str:
    """Token for a locality: "Thành phố Đà Nẵng" -> "danangdp" (matched by "da nang" as typed)."""
    return "".join(place_words(name)) + PLACE_SUFFIX


def code_tokens(code: str) -> list[str]:
    """Search tokens for a canonical code: "05-CT/TW" -> ["5cttwvb", "ct5vb"]."""
    from .extract.directives import code_parts

    try:
        p = code_parts(code)
    except ValueError:
        return []
    num = _strip_zeros(alnum_fold(p["number"]))
    kind, iss = alnum_fold(p["kind"]), alnum_fold(p["issuer"])
    if not num or not kind:
        return []
    out = []
    if iss:
        out.append(f"{num}{kind}{iss}{TOKEN_SUFFIX}")
    out.append(f"{kind}{num}{TOKEN_SUFFIX}")
    return out


_NUM = re.compile(r"^\d{1,5}[a-z]?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def normalize_query(q: str) -> str:
    """The query as it is sent to Pagefind: folded, with directive codes turned into tokens.

    "Chỉ thị 05" -> "ct5vb"; "05 ct tw", "ct/tw 05", "05-CT/TW" -> "5cttwvb";
    "nghi quyet 16 nq tu" -> "16nqtuvb"; "Đà Nẵng" -> "da nang". Mirrored in search.js.
    """
    w = re.sub(r"[^a-z0-9]+", " ", fold(q)).split()
    out: list[str] = []
    i = 0
    while i < len(w):
        # kind word (+ "so") + number (+ kind letters + issuer)
        kw = " ".join(w[i:i + 2])
        if kw in KIND_WORDS:
            j = i + 2
            if j < len(w) and w[j] == "so":
                j += 1
            if j < len(w) and _NUM.match(w[j]):
                num = _strip_zeros(w[j])
                j += 1
                if j + 1 < len(w) and w[j] in KIND_LETTERS and w[j + 1] in ISSUERS:
                    out.append(f"{num}{w[j]}{w[j + 1]}{TOKEN_SUFFIX}")
                    i = j + 2
                else:
                    out.append(f"{KIND_WORDS[kw]}{num}{TOKEN_SUFFIX}")
                    i = j
                continue
        # number (+ year) + kind letters + issuer | number + kind letters
        if _NUM.match(w[i]):
            j = i + 1
            if j < len(w) and _YEAR.match(w[j]) and j + 1 < len(w) and w[j + 1] in KIND_LETTERS:
                j += 1
            if j < len(w) and w[j] in KIND_LETTERS:
                num = _strip_zeros(w[i])
                if j + 1 < len(w) and w[j + 1] in ISSUERS:
                    out.append(f"{num}{w[j]}{w[j + 1]}{TOKEN_SUFFIX}")
                    i = j + 2
                else:
                    out.append(f"{w[j]}{num}{TOKEN_SUFFIX}")
                    i = j + 1
                continue
        # kind letters + issuer + number | kind letters + number
        if w[i] in KIND_LETTERS:
            if i + 2 < len(w) and w[i + 1] in ISSUERS and _NUM.match(w[i + 2]):
                out.append(f"{_strip_zeros(w[i + 2])}{w[i]}{w[i + 1]}{TOKEN_SUFFIX}")
                i += 3
                continue
            if i + 1 < len(w) and _NUM.match(w[i + 1]):
                out.append(f"{w[i]}{_strip_zeros(w[i + 1])}{TOKEN_SUFFIX}")
                i += 2
                continue
        out.append(w[i])
        i += 1
    return " ".join(out)


# --- records ------------------------------------------------------------------------------------

@dataclass
class SearchRecord:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def directive_label(code: str, scope_name: str | None) -> str:
    """The ``van_ban`` filter value: "05-CT/TW", "16-NQ/TU (Thành phố Hồ Chí Minh)"."""
    return f"{code} ({scope_name})" if scope_name else code


def locality_label(names: list[str]) -> str:
    """The ``dia_phuong`` filter value from the unit's name and its ancestors', nearest first."""
    return ", ".join(names)


class SearchRecords:
    """The search record of each article (``make``), made when asked for: an index in parts holds
    only the records of the parts being indexed (at 100,000 articles, all of them at once were
    1.4 GB of text). ``articles``: the catalog's articles in slug order."""

    def __init__(self, records: list[Record], data: SiteData, catalog: Catalog | None = None):
        from .catalog import build_catalog

        # the build's own catalog when it has one (built with the gazetteer, already paid for)
        self.cat = catalog if catalog is not None else build_catalog(records, data)
        self.articles = sorted(self.cat.articles, key=lambda a: a.record.slug)
        # each word with đ folded, each code's and place's tokens, made once for this build: they
        # repeat from article to article
        self._fold_word, self._tokens_of, self._token_of = map(functools.cache, (fold, code_tokens, place_token))

    def _loc_name(self, key: str | None) -> str:
        if not key:
            return ""
        e = self.cat.localities.get(key)
        return e.name if e else key

    def _chain(self, key: str) -> list[str]:
        locs = self.cat.localities
        names: list[str] = []
        cur: str | None = key
        guard = 0
        while cur is not None and cur in locs and guard < 6:
            names.append(locs[cur].name)
            cur = locs[cur].parent_key
            guard += 1
        return names

    @staticmethod
    def sort_key(a: Any) -> str:
        """The ``ngay`` sort value of a catalog article: its ISO date, else "YYYY-00-00", else
        "0000-00-00"."""
        r = a.record
        year = r.year if r.year is not None else (int(r.date[:4]) if r.date else None)
        return r.date or (f"{year:04d}-00-00" if year else "0000-00-00")

    def make(self, a: Any) -> SearchRecord:
        """The search record of the catalog article ``a``: its ``facts`` and its text."""
        fold_word = self._fold_word
        title, meta, filters, sort, tokens = self.facts(a)
        r = a.record
        words = words_of(" ".join([title] + [b.text for b in r.blocks if b.text]))
        tail = [fold_word(x) for x in words if "đ" in x or "Đ" in x]
        tail.extend(tokens)
        return SearchRecord(url=a.url, content=" ".join(words + tail),
                            meta={"title": title, "url": a.url, "n": str(len(words)), **meta},
                            filters=filters, sort=sort)

    def facts(self, a: Any) -> tuple[str, dict[str, str], dict[str, list[str]], dict[str, str], list[str]]:
        """What the search record of the catalog article ``a`` holds besides its text, all cheap to
        make: its title; meta (besides title, url and the word count); filters; sort values; and
        the tail's tokens for its directives and places."""
        cat, locs = self.cat, self.cat.localities
        tokens_of, token_of = self._tokens_of, self._token_of
        r = a.record
        title = r.title or "(Không có tiêu đề)"
        tokens: list[str] = []
        filters: dict[str, list[str]] = {}
        codes: list[str] = []
        vb: list[str] = []
        for k in a.directive_keys:
            d = cat.directives[k]
            codes.append(d.code)
            vb.append(directive_label(d.code, self._loc_name(d.scope) if d.scope else None))
        for c in dict.fromkeys(codes):
            tokens.extend(tokens_of(c))
        provinces, units = [], []
        for k in a.touched_localities:
            e = locs[k]
            tokens.append(token_of(e.name))
            if e.parent_key is None or e.level == "province":
                provinces.append(e.short_name)
            else:
                units.append(locality_label(self._chain(k)))
        year = r.year if r.year is not None else (int(r.date[:4]) if r.date else None)
        filters["van_ban"] = list(dict.fromkeys(vb))
        filters["tinh"] = list(dict.fromkeys(provinces))
        filters["dia_phuong"] = list(dict.fromkeys(units))
        filters["nam"] = [str(year)] if year is not None else []
        filters["nguon"] = [r.outlet.name or r.outlet.key] if r.outlet else []
        filters["tac_gia"] = [r.byline.name] if r.byline and r.byline.name else []
        filters = {k: v for k, v in filters.items() if v}
        place = ""
        if r.primary_locality and r.primary_locality in locs:
            e = locs[r.primary_locality]
            place = e.name
            prov = locs.get(e.province_key)
            if prov is not None and prov.key != e.key:
                place += f", {prov.short_name}"
        if r.date:
            date_text = vi_date(r.date, weekday=False)
        elif r.year:
            date_text = f"Năm {r.year}"
        else:
            date_text = ""
        meta: dict[str, str] = {}
        if date_text:
            meta["date"] = date_text
        if r.date:
            meta["date_iso"] = r.date
        if r.outlet:
            meta["outlet"] = r.outlet.name or r.outlet.key
        if place:
            meta["locality"] = place
        return title, meta, filters, {"ngay": self.sort_key(a)}, tokens

    def inputs_key(self, a: Any) -> str | None:
        """What the search record of ``a`` is made of, as text, without making it: its ``facts``,
        URL and the identity of its text (the source file's path and the digest of its bytes
        and sidecar: under the same code and data files, the same text). None when the record
        has no digest (made in memory): then only the record itself tells."""
        r = a.record
        if not r.digest:
            return None
        return json.dumps([a.url, r.path, r.digest, *self.facts(a)], ensure_ascii=False, separators=(",", ":"))


def search_records(records: list[Record], data: SiteData) -> list[SearchRecord]:
    """One search record per article, in slug order."""
    maker = SearchRecords(records, data)
    return [maker.make(a) for a in maker.articles]


# --- writing the bundle -------------------------------------------------------------------------

def _service_class() -> type:
    """Pagefind's service client, reading replies without the stock 0.1 s pause before each.

    ``PagefindService._wait_for_responses`` (pagefind 1.5.2) sleeps 0.1 s before reading every
    reply, which caps the Python API at ten records a second (17 minutes for 10,000 articles).
    This subclass reads replies as they come; should a later release rename the method, the
    stock (slow but correct) loop runs instead.
    """
    import base64

    from pagefind.service import PagefindService

    class _Service(PagefindService):
        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            while True:
                try:
                    output = await self._backend.stdout.readuntil(b",")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError) as e:
                    for f in self._responses.values():   # the service died: fail, do not hang
                        if not f.done():
                            f.set_exception(RuntimeError(f"the Pagefind service stopped: {e!r}"))
                    return
                resp = json.loads(base64.b64decode(output[:-1]))
                if resp is None:
                    continue
                message_id = resp.get("message_id")
                payload = resp.get("payload") or {}
                if message_id is None and payload.get("original_message"):
                    try:
                        message_id = json.loads(payload["original_message"]).get("message_id")
                    except (ValueError, AttributeError):
                        message_id = None
                future = self._responses.get(message_id) if message_id is not None else None
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(Exception(payload.get("message"), payload.get("original_message")))
                else:
                    future.set_result(payload)

    return _Service


ADD_WINDOW = 32


async def _write_bundle(recs: list[SearchRecord], out_dir: Path) -> None:
    from pagefind.index import IndexConfig

    config = IndexConfig(output_path=str(out_dir), force_language=LANGUAGE)
    service = await _service_class()().launch()
    try:
        index = await service.create_index(config)
        # up to ADD_WINDOW records in flight, not one round trip at a time: the service reads
        # the next while it answers the last (a quarter off the adding, 19.5 s at 10,000). They
        # are sent in order, and the bundle comes out byte for byte the same.
        window = asyncio.Semaphore(ADD_WINDOW)

        async def add(r: SearchRecord) -> None:
            async with window:
                await index.add_custom_record(url=r.url, content=r.content, language=LANGUAGE,
                                              meta=r.meta, filters=r.filters, sort=r.sort)

        await asyncio.gather(*map(add, recs))
        await index.write_files()
        await _writes_done(service._backend.pid, out_dir)
    finally:
        await _stop(service)


def open_files_under(pid: int, folder: Path) -> list[str] | None:
    """The files under ``folder`` that process ``pid`` holds open, or None where that cannot be
    told (no ``/proc``)."""
    fd_dir = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(fd_dir)
    except OSError:
        return None
    prefix = os.path.join(os.path.realpath(folder), "")
    held = []
    for fd in fds:
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:   # closed meanwhile
            continue
        if target.startswith(prefix):
            held.append(target)
    return held


WRITE_WAIT = 60.0   # seconds to wait for the service's last writes before stopping it anyway


async def _writes_done(pid: int, out_dir: Path) -> None:
    """Wait until the Pagefind service has closed every file it opened under ``out_dir``.

    Pagefind 1.5 answers the write request once each file's bytes are handed to its writer
    threads, not when they are on disk; stopped then, it leaves files empty or cut short (found
    open in 2 of 100 small bundles written six at a time, and 3 of 300 bundles wrong, one with
    a ``pagefind.js`` cut at 32,768 bytes that no check caught). A file stays open until its
    last bytes are written."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WRITE_WAIT
    while loop.time() < deadline:
        held = open_files_under(pid, out_dir)
        if not held:   # none, or not knowable here: ``bundle_problem`` still checks the files
            return
        await asyncio.sleep(0.005)


async def _stop(service: Any) -> None:
    """Stop the service by closing its input and letting it exit (the stock ``close`` kills it
    right after the write reply, which can cut off files still being written)."""
    backend = service._backend
    try:
        if backend.stdin is not None:
            backend.stdin.close()
        await asyncio.wait_for(backend.wait(), timeout=60)
    except (asyncio.TimeoutError, OSError, ProcessLookupError):
        pass
    finally:
        task = getattr(service, "_poll_task", None)
        if task is not None:
            task.cancel()
        if backend.returncode is None:
            backend.terminate()
            await backend.wait()


def _run(coro: Any) -> None:
    """Run a coroutine whether or not an event loop is already running in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coro)
        return
    err: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            err.append(e)

    t = threading.Thread(target=target, name="pagefind-index")
    t.start()
    t.join()
    if err:
        raise err[0]


def write_asset(site_dir: Path, templates: Path | None = None) -> None:
    """Copy the project's search page script into a site whose ``templates`` do not carry one
    (the renderer copies ``templates/assets/`` with every build: writing it again here put a
    second copy into a new tree that already linked the old one)."""
    if templates is not None and (Path(templates) / ASSET).is_file():
        return
    src = Path(__file__).resolve().parents[2] / "templates" / ASSET
    if not src.is_file():
        return
    data = src.read_bytes()
    target = site_dir / ASSET
    if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
        return
    from .write import atomic_file

    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as fh:   # never write through a hard link to the previous output
        fh.write(data)


WRITE_ATTEMPTS = 3


def bundle_problem(out_dir: Path) -> str | None:
    """What is wrong with a written bundle, or None.

    The Pagefind service answers the write request before its files are on disk
    (``_writes_done`` waits for them where ``/proc`` tells); should one still be left empty or
    cut short, the bundle is checked: every file non-empty, every compressed file complete.
    """
    for name in ("pagefind.js", "pagefind-entry.json"):
        if not (out_dir / name).is_file():
            return f"{name} missing"
    if not any(out_dir.glob("wasm.*.pagefind")) or not any(out_dir.glob("pagefind.*.pf_meta")):
        return "wasm or metadata missing"
    for p in sorted(out_dir.rglob("*")):
        if not p.is_file():
            continue
        try:
            data = p.read_bytes()
            if not data:
                return f"{p.name} is empty"
            if p.suffix == ".pagefind" or p.suffix.startswith(".pf_"):
                gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            return f"{p.name}: {e}"
    return None


# --- parts ------------------------------------------------------------------------------------

SHARDS_FILE = "shards.json"   # under pagefind/: the parts' folders, newest first (search.js reads it)
MAX_SHARDS = 16
# bump when a part's bundle would come out different for equal records, or old ones cannot be
# trusted (2: bundles written before ``_writes_done`` may hold files cut short)
SHARD_FORMAT = 2


def part_bounds(size: int) -> tuple[int, int, int]:
    """The least and most records of a part (but the newest) of nominal ``size``, and the spacing
    of the records a part may end at between the two (``plan_parts``): about 3/4, 5/4 and 1/4
    of ``size``. Parts then hold ``size`` records on average."""
    least = max(1, size * 3 // 4)
    return least, max(least, size * 5 // 4), max(1, size // 4)


def shard_size(n: int, least: int) -> int:
    """Nominal records per part: ``least``, doubled until ``n`` records make at most
    ``MAX_SHARDS`` parts (every part but the newest holds at least ``part_bounds``' least). A
    power-of-two multiple, so the size changes only when the archive doubles, not with every
    article added."""
    size = max(1, least)
    while -(-n // part_bounds(size)[0]) > MAX_SHARDS:
        size *= 2
    return size


@functools.cache
def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("pagefind_bin", "pagefind"):
        try:
            return version(dist)
        except PackageNotFoundError:
            continue
    return "?"


def _records_digest(recs: list[SearchRecord]) -> str:
    h = hashlib.sha256(f"{SHARD_FORMAT}/{_pagefind_version()}/{LANGUAGE}".encode())
    for r in recs:
        small = json.dumps([r.url, r.meta, r.filters, r.sort], ensure_ascii=False, sort_keys=True)
        h.update(small.encode("utf-8"))
        h.update(b"\0")
        h.update(r.content.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _inputs_digest(keys: list[str], env: str) -> str:
    """A part's digest from what its records are made of (``SearchRecords.inputs_key`` of each),
    under ``env``: the package's code and the data files, which decide how the text is read and
    how records are made of it. Equal inputs make equal records, so a kept part is found
    without making any (at 10,000 articles, 3 of the 18 s an edit took)."""
    h = hashlib.sha256(f"{SHARD_FORMAT}/{_pagefind_version()}/{LANGUAGE}/inputs/{env}".encode())
    for key in keys:
        h.update(key.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def plan_parts(keys: list[str], least: int, ids: list[str] | None = None) -> list[list[int]]:
    """The index's parts, newest first: each a list of positions in ``keys`` (the records' sort
    values, in slug order), in that order. ``ids``: each record's lasting identity (its source
    file's path; default: its position).

    Pagefind holds all of an index in memory while it builds it (about 0.35 MB a record: 3.5 GB
    at 10,000 articles, more than this machine has at 100,000), and cannot update one. So a large
    archive is cut by date into parts of about ``shard_size`` records, each its own bundle, and
    a build makes again only the parts whose records changed (``index_site``).

    Where a part ends is decided by the records themselves, as in content-defined chunking: in
    date order from the oldest, a part ends at the first record past its least size whose
    identity hashes to a multiple of the spacing, or at its most size (``part_bounds``). So an
    article deleted or moved to another date changes its own part and, where that part had to
    end at its most size, the next (and so on while they did; about one part in seven does):
    counted from the oldest, every later part would shift. An edit that keeps the date changes
    one part, an article added at the newest end only the last."""
    size = shard_size(len(keys), least)
    if len(keys) <= size:
        return [list(range(len(keys)))]
    ids = ids if ids is not None else [str(i) for i in range(len(keys))]
    lo, hi, spacing = part_bounds(size)
    parts: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(keys)), key=lambda i: (keys[i], ids[i], i)):
        current.append(i)
        if len(current) >= hi or (len(current) >= lo and zlib.crc32(ids[i].encode("utf-8")) % spacing == 0):
            parts.append(sorted(current))
            current = []
    if current:
        parts.append(sorted(current))
    return parts[::-1]


def part_name(digest: str, parts: int) -> str:
    """A part's folder under ``pagefind/``: the first 16 hex digits of its records' digest, or ""
    when the index is in one part (the bundle is ``pagefind/`` itself)."""
    return digest[:16] if parts > 1 else ""


def _link_tree(src: Path, dst: Path) -> bool:
    """``dst`` made of hard links to the regular files under ``src`` (a part kept from the last
    output: the old files are never written to, new bundles are written as new files). False,
    and nothing left at ``dst``, when ``src`` holds anything else or a link fails."""
    try:
        for root, dirs, files in os.walk(src):
            rel = os.path.relpath(root, src)
            target = dst if rel == "." else dst / rel
            target.mkdir(parents=True, exist_ok=False)
            for name in files:
                p = os.path.join(root, name)
                if not os.path.isfile(p) or os.path.islink(p):
                    raise OSError(f"{p}: not a regular file")
                os.link(p, target / name)
            if any(os.path.islink(os.path.join(root, d)) for d in dirs):
                raise OSError(f"{root}: holds a symbolic link")
    except OSError:
        shutil.rmtree(dst, ignore_errors=True)
        return False
    return True


def _last_manifest(previous: Path | None) -> dict[str, Any]:
    """The last output's ``shards.json`` (empty when there is none, or not a real folder's, or
    not one we wrote)."""
    if previous is None or previous.is_symlink() or not previous.is_dir():
        return {}
    try:
        manifest = json.loads((previous / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _reusable(previous: Path | None, manifest: dict[str, Any] | None = None) -> set[str]:
    """The parts of the last output's index that can be kept: listed in its ``shards.json``
    (``manifest``, read here when not given), each a real folder with its bundle's entry file."""
    if previous is None or previous.is_symlink() or not previous.is_dir():
        return set()
    listed = (_last_manifest(previous) if manifest is None else manifest).get("parts")
    out = set()
    for url in listed if isinstance(listed, list) else ():
        name = url.removeprefix(f"/{BUNDLE_DIR}/").strip("/") if isinstance(url, str) else ""
        if re.fullmatch(r"[0-9a-f]{16}", name) and not (previous / name).is_symlink() \
                and (previous / name / "pagefind-entry.json").is_file():
            out.add(name)
    return out


def _kept_records(previous: Path | None, keep: set[str], manifest: dict[str, Any] | None = None) -> dict[str, str]:
    """The records digest (``_records_digest``) of each part in ``keep``, as the last output's
    ``shards.json`` (``manifest``, read here when not given) gives it; parts it gives none for
    (or an odd one) are left out."""
    if previous is None or not keep:
        return {}
    listed = (_last_manifest(previous) if manifest is None else manifest).get("records")
    if not isinstance(listed, dict):
        return {}
    return {name: digest for name, digest in listed.items()
            if name in keep and isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)}


# what a Pagefind process holds while it indexes, per record (0.33-0.39 MB measured at 1,000 to
# 10,000 generated articles of 6.7 kB), with room to spare
PAGEFIND_BYTES_PER_RECORD = 500_000


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def pagefind_slots(largest_part: int, jobs: int, available: int | None = None) -> int:
    """How many Pagefind processes may run at once: one per job, as many as the memory the
    system has available can hold (each about ``PAGEFIND_BYTES_PER_RECORD`` a record of the
    largest part), and always one."""
    available = _available_memory() if available is None else available
    slots = max(1, jobs)
    if available is not None:
        slots = min(slots, available // max(1, largest_part * PAGEFIND_BYTES_PER_RECORD))
    return max(1, slots)


def _finish_bundle(target: Path) -> str | None:
    """Check a part's new bundle (``bundle_problem``); when whole, drop the files the site does
    not use and make it byte-identical for identical input."""
    problem = bundle_problem(target)
    if problem is not None:
        shutil.rmtree(target, ignore_errors=True)
        return problem
    for name in UNUSED_FILES:
        (target / name).unlink(missing_ok=True)
    canonicalize_bundle(target)
    return None


def index_site(staging_dir: Path, records: list[Record], data: SiteData,
               templates: Path | None = None, previous: Path | None = None, jobs: int = 0,
               catalog: Catalog | None = None, env: str = "") -> Path:
    """Build the Pagefind bundle into ``staging_dir / "pagefind"``; returns that folder.

    ``previous``: the last output's bundle folder; its parts whose records are unchanged are
    kept (linked) instead of indexed again. ``jobs``: Pagefind processes at a time (default: one
    per core, as many as the available memory holds). Each part's records are made when its turn
    comes and let go when it is written.

    ``catalog``: the catalog of ``records``, when the build has it. ``env``: the build cache's
    environment key (code and data files); given, a part is named after its records' inputs
    (``_inputs_digest``) when every one has a digest, otherwise after its records. A part whose
    name the last output lacks is still linked from there when one of its parts had the same
    records (``shards.json`` lists each part's records digest for this)."""
    staging_dir = Path(staging_dir)
    out_dir = staging_dir / BUNDLE_DIR
    if out_dir.exists():
        shutil.rmtree(out_dir)
    maker = SearchRecords(records, data, catalog)
    # an archive with no article has no part: Pagefind makes no index of nothing, and the search
    # page reads an empty list of parts as an empty archive
    parts = plan_parts([maker.sort_key(a) for a in maker.articles], data.site.search_shard_size,
                       [a.record.path or a.url for a in maker.articles]) if maker.articles else []
    manifest = _last_manifest(previous) if len(parts) > 1 else {}
    keep = _reusable(previous, manifest) if len(parts) > 1 else set()
    # a part whose inputs changed but not its records (a registry entry added, white space in a
    # file, another version of the code) is linked from the old part with the same records
    kept_records = _kept_records(previous, keep, manifest)
    by_records = {digest: name for name, digest in kept_records.items()}
    names = [""] * len(parts)
    records_digests: dict[str, str] = {}
    out_dir.mkdir(parents=True)
    gate = asyncio.Semaphore(pagefind_slots(max(map(len, parts), default=0), jobs or os.cpu_count() or 1))

    def make(part: list[int]) -> list[SearchRecord]:
        return [maker.make(maker.articles[j]) for j in part]

    def digest_of(part: list[int]) -> tuple[str, list[SearchRecord] | None]:
        if env:
            keys = []
            for j in part:
                key = maker.inputs_key(maker.articles[j])
                if key is None:
                    break
                keys.append(key)
            else:
                return _inputs_digest(keys, env), None
        recs = make(part)
        return _records_digest(recs), recs

    async def one(i: int, part: list[int]) -> None:
        async with gate:
            # in a thread, as the checks below: the other parts' Pagefind replies are read meanwhile
            digest, recs = await asyncio.to_thread(digest_of, part)
            name = names[i] = part_name(digest, len(parts))
            target = out_dir / name if name else out_dir
            if name in keep and _link_tree(previous / name, target):   # type: ignore[operator]
                if name in kept_records:
                    records_digests[name] = kept_records[name]
                return
            if recs is None:
                recs = await asyncio.to_thread(make, part)
                digest = await asyncio.to_thread(_records_digest, recs)
            if name:
                records_digests[name] = digest
                same = by_records.get(digest)
                if same is not None and _link_tree(previous / same, target):   # type: ignore[operator]
                    return
            for _attempt in range(WRITE_ATTEMPTS):
                await _write_bundle(recs, target)
                problem = await asyncio.to_thread(_finish_bundle, target)
                if problem is None:
                    return
            raise RuntimeError(f"the Pagefind bundle came out incomplete {WRITE_ATTEMPTS} times: {problem}")

    async def all_parts() -> None:
        await asyncio.gather(*(one(i, part) for i, part in enumerate(parts)))

    _run(all_parts())
    manifest: dict[str, Any] = {"parts": [f"/{BUNDLE_DIR}/{name}/" if name else f"/{BUNDLE_DIR}/" for name in names]}
    if records_digests:   # read by the next build only (``_kept_records``)
        manifest["records"] = {name: records_digests[name] for name in sorted(records_digests)}
    (out_dir / SHARDS_FILE).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    write_asset(staging_dir, templates)
    return out_dir


def replace_index(site_dir: Path, records: list[Record], data: SiteData, templates: Path | None = None,
                  catalog: Catalog | None = None, env: str = "") -> None:
    """Index ``records`` again into a finished site: the new bundle is built beside the site,
    then takes the old one's place in one exchange of folders (a rename where that is missing).
    For ``serve``, which re-indexes when idle instead of on every rebuild. ``catalog``, ``env``:
    as for ``index_site``."""
    from .write import exchange

    site_dir = Path(site_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.search-", dir=site_dir.parent))
    try:
        index_site(work, records, data, templates, previous=site_dir / BUNDLE_DIR, catalog=catalog, env=env)
        new, cur = work / BUNDLE_DIR, site_dir / BUNDLE_DIR
        if not (cur.is_dir() and not cur.is_symlink() and exchange(new, cur)):
            if os.path.lexists(cur):
                os.replace(cur, work / "old")
            os.replace(new, cur)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- deterministic output -----------------------------------------------------------------------

_SIG = b"pagefind_dcd"


def _cbor_decode(b: bytes, i: int = 0) -> tuple[Any, int]:
    ib = b[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        val = info
    elif info in (24, 25, 26, 27):
        n = 1 << (info - 24)
        val = int.from_bytes(b[i:i + n], "big")
        i += n
    else:
        raise ValueError(f"unsupported CBOR item {ib:#x}")
    if major == 0:
        return val, i
    if major == 1:
        return -1 - val, i
    if major == 2:
        return bytes(b[i:i + val]), i + val
    if major == 3:
        return b[i:i + val].decode("utf-8"), i + val
    if major == 4:
        arr = []
        for _ in range(val):
            x, i = _cbor_decode(b, i)
            arr.append(x)
        return arr, i
    if major == 5:
        d = {}
        for _ in range(val):
            k, i = _cbor_decode(b, i)
            v, i = _cbor_decode(b, i)
            d[k] = v
        return d, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([(major << 5) | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < (1 << (8 * size)):
            return bytes([(major << 5) | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large")


def _cbor_encode(x: Any) -> bytes:
    if isinstance(x, bool) or x is None:
        raise ValueError("unsupported value")
    if isinstance(x, int):
        return _cbor_head(0, x) if x >= 0 else _cbor_head(1, -1 - x)
    if isinstance(x, bytes):
        return _cbor_head(2, len(x)) + x
    if isinstance(x, str):
        e = x.encode("utf-8")
        return _cbor_head(3, len(e)) + e
    if isinstance(x, list):
        return _cbor_head(4, len(x)) + b"".join(_cbor_encode(v) for v in x)
    if isinstance(x, dict):
        return _cbor_head(5, len(x)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in x.items())
    raise ValueError(f"unsupported value {type(x)}")


def _read_pf(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIG):
        raise ValueError(f"{path.name}: not a Pagefind file")
    val, end = _cbor_decode(raw, len(_SIG))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing bytes")
    return val


def _write_pf(path: Path, value: Any) -> bytes:
    raw = _SIG + _cbor_encode(value)
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    path.write_bytes(data)
    return raw


def _short_hash(raw: bytes, n: int) -> str:
    return hashlib.sha256(raw).hexdigest()[:n]


def canonicalize_bundle(out_dir: Path) -> None:
    """Make Pagefind's bundle byte-identical for identical input.

    Pagefind 1.5.2 writes each filter chunk's values (and the filter list in the metadata) in
    hash-map order. The chunks are rewritten with values in code-point order, renamed after
    their new content, and the metadata (and ``pagefind-entry.json``) updated to point at them;
    gzip headers carry no time stamp. Everything else Pagefind writes is already in input order.
    The layout read here is checked: on anything unexpected the bundle is left as written.
    """
    entry_path = out_dir / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        langs = entry["languages"]
        plan = []
        for lang, info in sorted(langs.items()):
            meta_path = out_dir / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pf(meta_path)
            # [version, pages, index chunks, filters [[name, hash]], sorts, meta fields]
            if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
                return
            plan.append((lang, info, meta_path, meta))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return
    for lang, info, meta_path, meta in plan:
        new_filters = []
        for item in meta[3]:
            name, h = item[0], item[1]
            fpath = out_dir / "filter" / f"{h}.pf_filter"
            val = _read_pf(fpath)
            # [name, [[value, [page numbers]], ...]]
            if isinstance(val, list) and len(val) == 2 and isinstance(val[1], list):
                val = [val[0], sorted(([v[0], sorted(v[1])] for v in val[1]), key=lambda v: v[0])]
            fpath.unlink()
            tmp = out_dir / "filter" / ".tmp.pf_filter"
            raw = _write_pf(tmp, val)
            new_h = f"{lang}_{_short_hash(raw, 7)}"
            os.replace(tmp, out_dir / "filter" / f"{new_h}.pf_filter")
            new_filters.append([name, new_h] + list(item[2:]))
        meta[3] = sorted(new_filters, key=lambda x: x[0])
        meta_path.unlink()
        tmp = out_dir / ".tmp.pf_meta"
        raw = _write_pf(tmp, meta)
        new_meta_hash = f"{lang}_{_short_hash(raw, 10)}"
        os.replace(tmp, out_dir / f"pagefind.{new_meta_hash}.pf_meta")
        info["hash"] = new_meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
