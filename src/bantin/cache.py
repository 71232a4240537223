"""The incremental build cache.

Two maps, both keyed by content hashes so that a stale entry can never be mistaken for a fresh one:

- records: input path -> (hash of the file and its sidecar, body key, the extraction result).
  Valid only under the same *environment*: the package's code, the data files (registry,
  outlets, places, boilerplate, site.yaml). Any change there empties the map. Kept as
  ``records.pickle`` and, after builds that changed few records, ``records-changes.pickle``: the
  entries changed or removed since that records.pickle was written (so that one edit does not
  rewrite the index of every record).
- pages: output path -> fingerprint of what the page was rendered from (template sources, code,
  the page's own context data) and the size of the bytes written. records.json/csv are known by
  their identity on disk instead, with where each of their rows lies (``file_entry``).

The cache is saved only after the new output has been swapped in, and each file is replaced
atomically, so an interrupted build leaves either the old cache (describing the old output, which
is still in place) or the new one. A page is reused only when its fingerprint matches *and* the
file in the output still has the recorded size; otherwise it is rendered again.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import secrets
import stat
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .model import LazyRecord, PackedBlocks, Record, eager_fields, lazy_record, pickle_textless
from .textstore import TextSpan, TextStore, remove_other_stores

CACHE_FORMAT = 7


def _package_hash() -> str:
    """Hash of the package's own source, so that a code change invalidates every cache entry."""
    h = hashlib.sha256(f"{__version__}/{CACHE_FORMAT}".encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


_CODE_HASH: str | None = None


def code_hash() -> str:
    global _CODE_HASH
    if _CODE_HASH is None:
        _CODE_HASH = _package_hash()
    return _CODE_HASH


_FILE_HASHES: dict[str, tuple[tuple[int, ...], bytes]] = {}   # path -> (stat stamp, sha256 of its bytes)


def tree_hash(folder: Path) -> str:
    """Hash of every file under ``folder`` (names and bytes), in a stable order.

    A file whose inode, size and times are unchanged since this process last hashed it is not
    read again (``serve`` hashes the templates on every rebuild)."""
    h = hashlib.sha256()
    files = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            path = os.path.join(top, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                files.append((Path(path).relative_to(folder).as_posix(), path, st))
    for rel, path, st in sorted(files):
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = _FILE_HASHES.get(path)
        if known is None or known[0] != stamp:
            with open(path, "rb") as fh:
                known = _FILE_HASHES[path] = (stamp, hashlib.sha256(fh.read()).digest())
        h.update(rel.encode() + b"\0" + known[1])
    return h.hexdigest()


@dataclass(slots=True)
class CachedRecord:
    digest: str          # sha256 of the raw file (+ sidecar)
    body_key: str        # duplicate-detection key
    result: Any          # Record or Problem
    shape: str | None = None   # hash of the fields the catalog reads (see pipeline.shape_key)
    # where ``result`` lies pickled without its text (``model.pickle_textless``) in the cache's
    # text file: put there as it came from the extraction worker, so that saving the cache
    # neither pickles every record again nor holds the pickles meanwhile
    blob: TextSpan | None = field(default=None, repr=False, compare=False)
    # as records.pickle has it: (offset, length) of the pickle and of the text (or None), and a
    # record's ``model.eager_fields`` (None for a Problem); kept while they stay where it says
    stored_at: tuple | None = field(default=None, repr=False, compare=False)

    def __reduce__(self):
        """Only for records.pickle, after ``BuildCache.save_records`` put the pickle and the
        text in the text file it names."""
        if self.stored_at is not None:   # read from records.pickle, and not moved since
            return (_cached_record, (self.digest, self.body_key, self.shape, self.stored_at))
        text = _text_span(self.result)
        eager = eager_fields(self.result) if isinstance(self.result, Record) else None
        at = ((self.blob.offset, self.blob.length), None if text is None else (text.offset, text.length), eager)
        return (_cached_record, (self.digest, self.body_key, self.shape, at))


def _text_span(result: Any) -> TextSpan | None:
    """Where a result's text lies in a text file (None: nowhere, or not yet), without reading a
    ``LazyRecord`` that has not been read."""
    if type(result) is LazyRecord and not result.loaded:
        return result.source[1]
    blocks = getattr(result, "blocks", None)
    return blocks.span if type(blocks) is PackedBlocks else None


def _cached_record(digest: str, body_key: str, shape: str | None, at: tuple) -> CachedRecord:
    return CachedRecord(digest, body_key, None, shape, None, at)


_RELEASED: dict[str, CachedRecord] = {}   # see ``BuildCache.save_and_release_records``
RECORDS, CHANGES = "records.pickle", "records-changes.pickle"
# records.pickle is written anew when more entries than this have changed since it was: below,
# only records-changes.pickle is (at 10,000 articles, 0.1 s against a few milliseconds)
_CHANGES_MIN, _CHANGES_SHARE = 64, 16
_PICKLE_HEAD = pickle.dumps(None, protocol=pickle.HIGHEST_PROTOCOL)[:2]   # how each kept pickle starts


@dataclass
class BuildCache:
    folder: Path
    env: str                                     # code + data files
    records: dict[str, CachedRecord] = field(default_factory=dict)
    pages: dict[str, tuple[str, int]] = field(default_factory=dict)   # path -> (fingerprint, size[, rows])
    render_env: str = ""                         # code + templates + data files, for page fingerprints
    files: set[str] | None = None                # every page path of the last output (None: unknown)
    # the last build's catalog shape and each article's file digest, by slug (see pipeline.plan_dirty)
    plan: dict[str, Any] | None = None
    unsaved: dict[str, CachedRecord] | None = field(default=None, repr=False)   # see ``save``
    # input path -> (inode, size, mtime, ctime; digest of its bytes) when last read: a fresh build
    # does not read again a file whose stamp is unchanged (see ``reader.read_all``)
    stamps: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict, repr=False)
    stamps_taken: int = 0   # time.time_ns() before this build's files were read (see ``persist``)
    _disk_records: dict[str, CachedRecord] = field(default_factory=dict, repr=False)   # as on disk
    # records.pickle alone (without the changes since), the name the changes file gives it, and
    # the text file its entries point into; the entries of ``_disk_records`` that are not changes
    # are the same objects as here
    _base: dict[str, CachedRecord] = field(default_factory=dict, repr=False)
    _base_id: str | None = field(default=None, repr=False)
    _base_texts: str | None = field(default=None, repr=False)
    # the file the records' texts are kept in (see ``bantin.textstore``): opened with the records,
    # made by the first text kept otherwise
    texts: TextStore | None = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path, env: str, render_env: str, clean: bool = False,
             pages_read: Callable[["BuildCache"], None] | None = None) -> "BuildCache":
        """The cache in ``folder`` (an empty one, ``clean``). ``pages_read``: called with the cache
        once its page map is read, before the records are (a build starts its check of the last
        output then: ``pipeline.Builder.cache``)."""
        cache = cls(folder, env, render_env=render_env)
        if clean:
            return cache
        stored = cls._load(folder / "pages.pickle", render_env)
        if isinstance(stored, dict) and "pages" in stored:
            cache.pages, cache.files, cache.plan = stored["pages"], stored.get("files"), stored.get("plan")
        if pages_read is not None:
            pages_read(cache)
        cache.records = cache._disk_records = cache._load_records()
        stamps = cls._load(folder / "stamps.pickle", code_hash())
        cache.stamps = stamps if isinstance(stamps, dict) else {}
        return cache

    @staticmethod
    def _load(path: Path, env: str) -> Any:
        try:
            with open(path, "rb") as fh:
                stored_env, payload = pickle.load(fh)  # noqa: S301 - our own file, written below
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
                ImportError, IndexError):
            return None
        return payload if stored_env == env else None

    def _load_records(self) -> dict[str, CachedRecord]:
        """records.pickle with the changes since (records-changes.pickle, when it names this
        records.pickle), each record read from the text file they name (its pickle, and the span of
        its text); nothing when that file is gone, shorter or unreadable."""
        stored = self._load(self.folder / RECORDS, self.env)
        if not isinstance(stored, dict) or not isinstance(stored.get("records"), dict):
            return {}
        base: dict[str, CachedRecord] = stored["records"]
        records, texts, size = base, stored.get("texts"), stored.get("size")
        changes = self._load(self.folder / CHANGES, self.env) if stored.get("id") else None
        if isinstance(changes, dict) and changes.get("base") == stored["id"] and changes.get("texts") == texts \
                and isinstance(changes.get("records"), dict):
            records = dict(base)
            for path, c in changes["records"].items():
                if c is None:
                    records.pop(path, None)
                else:
                    records[path] = c
            size = changes.get("size")
        store = TextStore.open(self.folder, texts, size)
        if store is None:
            return {}
        try:
            if not store.framed([c.stored_at[0] for c in records.values()], _PICKLE_HEAD, b"."):
                return {}   # not the pickles the index points to: the file was changed
            for c in records.values():
                (offset, length), text, eager = c.stored_at
                blob = TextSpan(store, offset, length)
                text = None if text is None else TextSpan(store, *text)
                if eager is None:
                    c.result = pickle.loads(blob.read())  # noqa: S301 - our own cache
                    if text is not None:
                        c.result.blocks.attach(text)
                else:
                    c.result = lazy_record(eager, blob, text)   # read whole when first needed
                c.blob = blob
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
                ImportError, IndexError, KeyError):
            return {}
        self.texts = store
        self._base, self._base_id, self._base_texts = base, stored.get("id"), texts
        return records

    def text_store(self) -> TextStore:
        """The file new texts go to (made the first time one is kept)."""
        if self.texts is None:
            self.texts = TextStore.create(self.folder)
        return self.texts

    def record(self, path: str, digest: str) -> CachedRecord | None:
        c = self.records.get(path)
        return c if c is not None and c.digest == digest else None

    def page_unchanged(self, path: str, fingerprint: str, output: Path, checked: bool = False) -> bool:
        """Whether the page at ``path`` was made from the same ``fingerprint`` and is still in
        ``output`` with its recorded size; ``checked``: the caller has seen every page of the
        page map in place (``pipeline._pages_in_place``), so the file is not looked at again."""
        old = self.pages.get(path)
        if old is None or old[0] != fingerprint:
            return False
        if checked:
            return True
        try:
            st = (output / path).stat()
        except OSError:
            return False
        return st.st_size == old[1]

    def save_records(self, records: dict[str, CachedRecord]) -> None:
        """Write the extraction results, unless they are exactly the ones on disk already: each
        record's text in the text file (a new one when most of the old one is garbage), then
        records.pickle, naming it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        disk = self._disk_records
        same = records is disk or (records.keys() == disk.keys() and all(v is disk[k] for k, v in records.items()))
        if not same or not (self.folder / RECORDS).exists():
            store = self._store_to_save(records)
            for c in records.values():
                blob, result = c.blob, c.result
                if blob is None:
                    c.blob = store.add(pickle_textless(result))
                elif blob.store is not store:
                    c.blob = store.add(blob.read())
                    c.stored_at = None   # the new file's spans are saved
                if type(result) is LazyRecord and not result.loaded:
                    source = result.source   # (shared with its copies: they follow)
                    source[0] = c.blob
                    if source[1] is not None and source[1].store is not store:
                        source[1] = store.add(source[1].read())
                    continue
                blocks = getattr(result, "blocks", None)
                if type(blocks) is PackedBlocks:
                    blocks.spill(store)
            store.flush()
            changes = self._changes_since_base(records, store)
            if changes is not None:
                self._dump(self.folder / CHANGES, (self.env, {"base": self._base_id, "texts": store.name,
                                                             "size": store.size, "records": changes}))
            else:
                self._base, self._base_id, self._base_texts = dict(records), secrets.token_hex(8), store.name
                self._dump(self.folder / RECORDS, (self.env, {"id": self._base_id, "texts": store.name,
                                                             "size": store.size, "records": records}))
                self.invalidate(self.folder, (CHANGES,))   # (it names the records.pickle replaced)
            remove_other_stores(self.folder, store.name)
        elif self.texts is not None:
            self.texts.flush()
        self.records = self._disk_records = records

    def _changes_since_base(self, records: dict[str, CachedRecord],
                            store: TextStore) -> dict[str, CachedRecord | None] | None:
        """The entries of ``records`` that records.pickle on disk does not have as they are (None
        for one removed), when they are few and their texts in the file it names; None when
        records.pickle is to be written anew."""
        base = self._base
        if self._base_id is None or not base or store.name != self._base_texts:
            return None
        limit = max(_CHANGES_MIN, len(records) // _CHANGES_SHARE)
        changes: dict[str, CachedRecord | None] = {}
        get = base.get
        for path, c in records.items():
            if get(path) is not c:
                changes[path] = c
                if len(changes) > limit:
                    return None
        for path in base.keys() - records.keys():
            changes[path] = None
        if len(changes) > limit or not (self.folder / RECORDS).exists():
            return None
        return changes

    def _store_to_save(self, records: dict[str, CachedRecord]) -> TextStore:
        """The text file to save ``records`` with: the current one, or a new one when what the
        records still point to fills less than half of it (each edit appends the article anew)."""
        store = self.texts
        if store is None:
            return self.text_store()
        live = 0
        for c in records.values():
            for span in (c.blob, _text_span(c.result)):
                live += span.length if span is not None and span.store is store else 0
        if store.size + store.pending_size > 2 * live + (1 << 20):
            self.texts = None
            return self.text_store()
        return store

    def save(self, records: dict[str, CachedRecord], pages: dict[str, tuple[str, int]],
             files: set[str] | None = None, plan: dict[str, Any] | None = None, persist: bool = True) -> None:
        """Take this build's records and page map; write them now, or (``persist=False``, a
        long-lived ``serve``) when ``persist`` is called. Until then the files on disk hold an
        older state, which only costs the next fresh build more work, never a wrong page: pages
        are forgotten before every swap (``invalidate_pages``) and records are keyed by digest."""
        self.records, self.pages, self.files, self.plan = records, pages, files, plan
        self.unsaved = records
        if persist:
            self.persist()

    def persist(self) -> None:
        """Write what ``save`` was given, if not written yet."""
        records, self.unsaved = self.unsaved, None
        if records is None:
            return
        if records is not _RELEASED:
            self.save_records(records)
        self._dump(self.folder / "pages.pickle",
                   (self.render_env, {"pages": self.pages, "files": self.files, "plan": self.plan}))
        if records is not _RELEASED:
            self._save_stamps(records)

    def save_and_release_records(self, records: dict[str, CachedRecord]) -> dict[str, CachedRecord]:
        """For a one-shot build, before it renders: write the records and the input stamps (both
        valid whatever becomes of the output) and let go of them; what is returned stands for
        them in ``save``, which then writes the page map only. The render workers fork with a
        heap smaller by a cache entry and a stamp per article (at 100,000 articles, about 120 MB
        in each process)."""
        self.save_records(records)
        self._save_stamps(records)
        self.records, self._disk_records, self.stamps, self._base = {}, {}, {}, {}
        return _RELEASED

    def _save_stamps(self, records: dict[str, CachedRecord]) -> None:
        self._dump(self.folder / "stamps.pickle", (code_hash(), self._settled_stamps(records)))

    def _settled_stamps(self, records: dict[str, CachedRecord]) -> dict[str, tuple[tuple[int, ...], str]]:
        """The stamps worth keeping: of files that still have a record, and not changed in the last
        second before they were read. A file changed again within the file system's timestamp
        granularity could keep its stamp (same size, same times) with other bytes: such a
        "racily clean" file (git's term) is hashed again next time instead."""
        settled = self.stamps_taken - 1_000_000_000
        return {path: v for path, v in self.stamps.items()
                if path in records and max(v[0][2], v[0][3]) < settled}

    @staticmethod
    def _dump(path: Path, obj: Any) -> None:
        from .write import atomic_file

        with atomic_file(path, mode=0o600) as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def invalidate_pages(folder: Path) -> None:
        """Forget which pages are up to date (done before the output is swapped)."""
        BuildCache.invalidate(folder, ("pages.pickle",))

    @staticmethod
    def invalidate(folder: Path, names: tuple[str, ...] = (RECORDS, CHANGES, "pages.pickle", "stamps.pickle")) -> None:
        for name in names:
            try:
                (folder / name).unlink()
            except OSError:
                pass


@dataclass
class RowIndex:
    """Where each record's row lies in a records.json or records.csv a build wrote: the file is
    ``head``, the rows joined by ``sep``, then ``tail``; ``lengths`` holds each row's size in
    bytes, ``order`` the hash of the slugs in row order. The next build copies the unchanged rows
    out of the old file with it (``render.OldRows``), without reading the file."""

    order: str
    head: bytes
    sep: bytes
    tail: bytes
    lengths: array = field(repr=False)   # array('I'): 4 bytes a row in memory and in the cache

    def size(self) -> int:
        n = len(self.lengths)
        return len(self.head) + sum(self.lengths) + len(self.sep) * max(n - 1, 0) + len(self.tail)


def stamp_token(stamp: tuple[int, int, int, int]) -> str:
    """A file's identity (device, inode, size, modification time: ``write.Stamp``) as the page map
    keeps it in place of a fingerprint."""
    return "file:%d:%d:%d:%d" % tuple(stamp)


def file_entry(stamp: tuple[int, int, int, int], rows: RowIndex | None = None) -> tuple:
    """The page map entry of a file known by its identity on disk, not by what it was rendered
    from (records.json/csv): (``stamp_token``, size) and, when known, where its rows lie. The next
    build copies rows out of the file only while a stat of it gives the same token: an edit in
    place changes its time, a replacement its inode, a deletion or truncation its size."""
    token = stamp_token(stamp)
    return (token, stamp[2]) if rows is None else (token, stamp[2], rows)


def fingerprint(*parts: Any) -> str:
    """A hash of plain data (dicts, lists, strings, numbers, dataclasses).

    Pickle (without its memo) is used because it is fast and exact: equal bytes mean equal data,
    so a matching fingerprint can be trusted. (Dicts built in another insertion order hash
    differently; that only costs a needless re-render, never a wrong page.) SHA-256, cut to 160
    bits: the processor's SHA instructions make it twice as fast as BLAKE2b on the pages' kB.
    """
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, bytes):
            h.update(p)
        elif isinstance(p, str):
            h.update(p.encode("utf-8"))
        else:
            h.update(_dumps_by_value(p))
        h.update(b"\x1f")
    return h.digest()[:20].hex()


def _dumps_by_value(obj: Any) -> bytes:
    """Pickle without the memo, so equal values give equal bytes whatever objects they share."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=5)
    p.fast = True   # no memo: shared sub-objects are written out each time (contexts are trees)
    p.dump(obj)
    return buf.getvalue()



def fingerprint_refs(refs: dict[int, str], *parts: Any) -> str:
    """A hash of ``parts`` as ``fingerprint`` makes it, where a dict value or list item whose ``id``
    is in ``refs`` counts as that digest (one level deep in each dict part).

    The renderer passes the digest of each article summary, computed once per build: a list page
    then hashes twenty short digests instead of twenty summaries. The parts are pickled together,
    once.
    """
    get = refs.get
    out: list[Any] = []
    for p in parts:
        if type(p) is dict:
            swapped = {}
            for k, v in p.items():
                ref = get(id(v))
                if ref is not None:
                    v = ("ref", ref)
                elif type(v) is list and v and id(v[0]) in refs:
                    v = [("ref", refs[id(x)]) if id(x) in refs else x for x in v]
                elif isinstance(v, str) and type(v) is not str:
                    # a Markup fragment: its type's name and text (pickling the object itself
                    # takes the slow way of an object's reduction)
                    v = (type(v).__qualname__, str.__str__(v))
                swapped[k] = v
            p = swapped
        out.append(p)
    return fingerprint(tuple(out))
