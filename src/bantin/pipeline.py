"""The build: read -> extract -> catalog -> render -> write, plus the build report.

Every input file ends up in the report as built, a duplicate of another, or skipped with its
reason. The output folder is replaced only when the whole build succeeded.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import importlib.util
import json
import os
import pickle
import stat
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .background import SideTask, can_fork
from .cache import BuildCache, CachedRecord, code_hash, fingerprint, tree_hash
from .config import SiteData, data_digest
from .model import PackedBlocks, Problem, Record, SourceDocument, catalog_fields, pickle_textless
from .reader import display_path, iter_article_files, read_all, read_file, read_listed, reread
from .static import copy_static, list_static, static_fingerprints
from .textstore import TextSpan, TextStore

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalog

PARALLEL_THRESHOLD = 400   # below this many documents, worker start-up costs more than it saves


def ProcessPoolExecutor(*args, **kwargs):  # noqa: N802 - stands in for the class
    """``concurrent.futures.ProcessPoolExecutor(...)``, its module imported only when a pool is
    made: a rebuild that extracts a few files in this process never needs it (its import, with
    the queues and connections it brings, cost 16 ms of every build)."""
    from concurrent.futures import ProcessPoolExecutor as executor

    return executor(*args, **kwargs)


@dataclass
class BuildOptions:
    content: Path = Path("content")
    templates: Path = Path("templates")
    output: Path = Path("public")
    report: Path | None = None          # default: beside the output folder
    strict: bool = False
    clean: bool = False
    drafts: bool = False                # publish articles marked ``draft: true`` too (a preview)
    jobs: int = 0                       # 0 = one per core
    quiet: bool = False
    search: bool = True
    progress: bool = False              # show a progress bar (the CLI sets it when stderr is a terminal)
    live: bool = False                  # a long-lived ``serve``: old outputs are deleted in the background


class OutputLocationError(ValueError):
    """The output folder given cannot be used: the build would delete the content or templates."""


def output_location_problem(opts: BuildOptions) -> str | None:
    """Why ``opts.output`` cannot be the output folder, or None.

    A build replaces the whole output folder with the new site. An output folder that is, or
    holds, the content or the templates folder would lose them (``--output content`` deleted every
    article), and one inside ``content/articles`` would be read by the next build (its
    ``robots.txt`` as an article)."""
    out = Path(os.path.realpath(opts.output))
    for name, folder in (("content", opts.content), ("templates", opts.templates)):
        real = Path(os.path.realpath(folder))
        if out == real or out in real.parents:
            where = f"is the {name} folder" if out == real else f"holds the {name} folder {folder}"
            return (f"the output folder {opts.output} {where}: a build replaces its whole output folder, "
                    f"and would delete the {name}")
    articles = Path(os.path.realpath(opts.content / "articles"))
    if out == articles or articles in out.parents:
        return (f"the output folder {opts.output} is inside {opts.content / 'articles'}: the next build would "
                f"read the site's files as articles")
    static = Path(os.path.realpath(opts.content / "static"))
    if out == static or static in out.parents:
        return (f"the output folder {opts.output} is inside {opts.content / 'static'}: the next build would "
                f"copy the site into itself")
    from .write import OUTPUT_MARK, made_by_a_build

    if os.path.lexists(opts.output) and not out.is_dir():
        return f"the output {opts.output} exists and is not a folder"
    if out.is_dir() and not made_by_a_build(out) and _holds_anything(out):
        return (f"the output folder {opts.output} holds files that no build made (it has no {OUTPUT_MARK}): "
                f"a build replaces its whole output folder (all but its hidden entries, such as .git), and "
                f"would delete them. Give a new or empty folder, or empty this one first")
    return None


def _holds_anything(folder: Path) -> bool:
    """Whether ``folder`` holds an entry a build would replace: hidden ones (a ``.git``) stay
    (``write.kept_by_hand``), so a fresh checkout of a publishing branch can be the output."""
    from .write import kept_by_hand

    with os.scandir(folder) as entries:
        return any(not kept_by_hand(e.name) for e in entries)


@dataclass
class FileReport:
    path: str
    status: str                         # built | duplicate | skipped | draft (not published)
    slug: str | None = None
    title: str | None = None
    reason: str | None = None           # for skipped files
    duplicate_of: str | None = None
    encoding: str | None = None
    warnings: list[dict] = field(default_factory=list)


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    articles: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0
    extracted: int = 0                  # documents extracted afresh (not from the cache)
    seconds: float = 0.0
    search_seconds: float = 0.0         # of ``seconds``, spent making the search index (Pagefind)
    error: str | None = None
    extracted_paths: list[str] = field(default_factory=list)
    written_paths: list[str] = field(default_factory=list)
    static_files: int = 0               # files of content/static/ in the output
    static_problems: list[dict] = field(default_factory=list)   # the ones refused, and why
    data_problems: list[dict] = field(default_factory=list)     # what the data files say that nothing reads

    @property
    def warnings_by_kind(self) -> dict[str, int]:
        return self._by_kind(self._statuses())

    @property
    def warning_count(self) -> int:
        return sum(self.warnings_by_kind.values())

    # counted by C-level iteration (map, Counter), without a Python loop over 10,000 files:
    # the report is written after every rebuild
    def _statuses(self) -> Counter[str]:
        from operator import attrgetter

        return Counter(map(attrgetter("status"), self.files))

    def _by_kind(self, statuses: Counter[str]) -> dict[str, int]:
        from itertools import chain
        from operator import attrgetter, itemgetter

        c = Counter(map(itemgetter("kind"), chain.from_iterable(map(attrgetter("warnings"), self.files))))
        for status in ("skipped", "duplicate"):
            if statuses[status]:
                c[status] += statuses[status]
        if self.static_problems:
            c["static"] += len(self.static_problems)
        if self.data_problems:
            c["config"] += len(self.data_problems)
        return dict(sorted(c.items()))

    def to_json(self) -> str:
        return self.to_json_bytes().decode("utf-8")

    def to_json_bytes(self, by_kind: dict[str, int] | None = None) -> bytes:
        """``to_json`` as UTF-8, the bytes ``write_report`` writes (``by_kind``: ``warnings_by_kind``
        if the caller has it)."""
        if not self.files:
            return self.json_head(by_kind) + b',\n "files": []\n}'
        return b"".join((self.json_head(by_kind), JSON_FILES_START, file_lines(self.files), JSON_FILES_END))

    def json_head(self, by_kind: dict[str, int] | None = None) -> bytes:
        """The JSON text up to the list of files: the summary, indented (open, no comma)."""
        statuses = self._statuses()
        d = {
            "summary": {
                "articles": self.articles, "files": len(self.files),
                "skipped": statuses["skipped"], "duplicates": statuses["duplicate"], "drafts": statuses["draft"],
                "pages_written": self.pages_written, "pages_unchanged": self.pages_unchanged,
                "pages_removed": self.pages_removed, "extracted": self.extracted,
                "warnings_by_kind": self._by_kind(statuses) if by_kind is None else by_kind, "error": self.error,
            },
        }
        if self.static_files or self.static_problems:   # a site with a content/static/ folder
            d["static"] = {"files": self.static_files, "refused": self.static_problems}
        if self.data_problems:
            d["data"] = self.data_problems
        # the summary indented; then one file per line (json's indenting encoder is pure Python
        # and cost seconds on a 10,000-file report)
        return json.dumps(d, ensure_ascii=False, indent=1)[:-2].encode("utf-8")


# the report's JSON around its (non-empty) list of files, each entry on a line, ",\n  " between
JSON_FILES_START, JSON_FILES_SEP, JSON_FILES_END = b',\n "files": [\n  ', b",\n  ", b"\n ]\n}"


def file_lines(files: list[FileReport]) -> bytes | memoryview:
    """Each file's entry as a JSON object on a line of its own, joined by ",\n  "."""
    entries = list(map(vars, files))   # a dataclass's __dict__: its fields, in order
    # All entries in one call of the C encoder (one call per entry cost 0.05 s at 10,000), then
    # the list's ", " before each entry (only there is an object led by "path" after another)
    # turned into a line break, on the UTF-8 bytes (half the work of doing it on the str).
    body = json.dumps(entries, ensure_ascii=False, check_circular=False).encode("utf-8")
    lines = body.replace(b'}, {"path": ', b'},\n  {"path": ')
    if len(lines) == len(body) + 2 * (len(entries) - 1) and \
            all(map(len(dataclasses.fields(FileReport)).__eq__, map(len, entries))):
        return memoryview(lines)[1:-1]   # without the list's brackets
    # an entry with attributes besides its fields, or a warning led by a "path" key
    fields = [f.name for f in dataclasses.fields(FileReport)]
    return ",\n  ".join(json.dumps({k: getattr(f, k) for k in fields}, ensure_ascii=False)
                         for f in files).encode("utf-8")


# --- reading and extraction, possibly in worker processes ----------------------------------
#
# The parent only walks the folder and hashes each file (``read_all`` with ``known`` always
# true: nothing is decoded). Files the cache does not hold are then read again, decoded and
# extracted by ``read_extract``: in forked workers for large batches, which inherit the
# extractor (gazetteer, registry, compiled patterns) and send back the document without its
# text, its duplicate key and the record already pickled (the bytes the cache file stores).

_WORKER: dict = {}


@dataclass
class ReadTask:
    path: str              # the file to read
    rel: str               # its path relative to content/articles
    root: str              # content/: symbolic links must stay inside
    max_bytes: int
    listed: bool = False   # listed by ``read_all(defer=True)``, not read yet: see ``reader.read_listed``


@dataclass
class Extracted:
    doc: SourceDocument    # as read, ``text`` dropped (the parent never needs it)
    body_key: str | None   # duplicate key (None when the document is not ok)
    result: Record | Problem | None
    # ``result`` pickled without its text, and the text, when it crossed a process boundary (see
    # ``model.pickle_textless``); then, in the parent, where the pickle lies in the text file
    blob: bytes | None = None
    text: bytes | None = None
    kept: TextSpan | None = None
    stamp: tuple[int, int, int, int] | None = None   # a listed file's stamp as read (``BuildCache.stamps``)
    shape: str | None = None   # ``shape_key`` of a Record result (made by the worker, not the parent)


def _worker_init(extractor=None) -> None:
    """A worker's start. ``extractor``: given to a worker that was not forked from the build
    (see ``extract_all``); a forked one inherits it."""
    from .signals import reset_in_worker

    reset_in_worker()
    if extractor is not None:
        _WORKER["extractor"] = extractor


def _worker_read_extract(task: ReadTask) -> Extracted:
    out = read_extract(_WORKER["extractor"], task)
    if isinstance(out.result, Record):
        # the text apart: the parent appends it to the cache's text file and never holds it
        out.blob = pickle_textless(out.result)
        out.text = out.result.blocks.stored()
        out.result = None   # the parent unpickles the blob (the same work as the pool would do)
    return out


def read_extract(extractor, task: ReadTask) -> Extracted:
    """Read, decode and extract one file."""
    stamp = None
    if task.listed:
        doc, stamp = read_listed(task.path, task.rel, Path(task.root), task.max_bytes)
    else:
        doc = read_file(Path(task.path), task.rel, Path(task.root), max_bytes=task.max_bytes)
    if not doc.ok:
        doc.text = ""
        return Extracted(doc, None, None)
    key = body_key(doc)
    result = _safe_extract(extractor, doc)
    doc.text = ""
    if isinstance(result, Record) and type(result.blocks) is not PackedBlocks:
        # every record stays in memory until its pages are written: keep its text compact
        result.blocks = PackedBlocks(result.blocks)
    shape = shape_key(result) if isinstance(result, Record) else None
    return Extracted(doc, key, result, stamp=stamp, shape=shape)


def _real_paths(articles: Path) -> dict[str, Path]:
    """Each file's displayed relative path -> its real path (they differ for non-UTF-8 names)."""
    return {display_path(p.relative_to(articles).as_posix()): p for p in iter_article_files(articles)}


def _safe_extract(extractor, doc: SourceDocument) -> Record | Problem:
    try:
        return extractor.extract(doc)
    except RecursionError:
        return Problem("unreadable", "extraction failed: text nested too deeply")
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the build; it is reported
        return Problem("unreadable", f"extraction failed: {type(e).__name__}: {e}")


def extract_all(tasks: list[ReadTask], extractor, jobs: int = 0,
                progress: Callable[[int], None] | None = None, store: TextStore | None = None) -> list[Extracted]:
    """Read and extract every task, in input order; large batches in worker processes (forked
    from this one, unless other threads run here). Each record's text goes to ``store`` as it
    arrives, when one is given (see ``bantin.textstore``)."""
    import multiprocessing

    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        out = []
        for t in tasks:
            r = read_extract(extractor, t)
            if store is not None and isinstance(r.result, Record):
                r.result.blocks.spill(store)
            out.append(r)
            if progress:
                progress(1)
        return out
    out = []
    _WORKER["extractor"] = extractor
    if can_fork():
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init)
    else:
        # other threads run (``serve``'s server, after its first build): a child forked now could
        # inherit a lock one of them holds. The workers come from a fresh single-threaded server
        # process instead, and get the extractor by pickle (2.7 MB, a few tens of ms, once each).
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_worker_init, initargs=(extractor,))
    try:
        # chunks of at most 64 files: when one worker takes the last chunk, the others wait at
        # most that long (chunks of len/32 left a core idle for half a second at 10,000 files)
        chunk = max(8, min(64, len(tasks) // (jobs * 16)))
        for r in pool.map(_worker_read_extract, tasks, chunksize=chunk):
            if r.blob is not None:
                r.result = pickle.loads(r.blob)  # noqa: S301 - from our own worker
                if r.result.path == r.doc.path:
                    r.result.path = r.doc.path   # one string for both (they were unpickled apart)
                if store is None:
                    r.result.blocks.attach(r.text)
                else:
                    r.kept = store.add(r.blob)
                    r.result.blocks.attach(store.add(r.text))
                r.blob = r.text = None
            out.append(r)
            if progress:
                progress(1)
    except BaseException:
        # an interrupt must not wait for every queued extraction
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _WORKER.clear()
    pool.shutdown()
    return out


# --- the build -----------------------------------------------------------------------------


def unique_slug(base: str, taken: set[str], last_suffix: dict[str, int]) -> str:
    """``base``, or the first ``base-n`` (n >= 2) not ``taken``. Every ``base-k`` up to the last n
    given for this base is taken, so the search starts there: many articles with one title cost
    linear time, not quadratic. The caller adds the result to ``taken``."""
    if base not in taken:
        return base
    n = last_suffix.get(base, 1) + 1
    while f"{base}-{n}" in taken:
        n += 1
    last_suffix[base] = n
    return f"{base}-{n}"


_PROBLEM_DICTS: dict[Problem, dict] = {}
_PROBLEM_DICTS_MAX = 1 << 16


def problem_dict(p: Problem) -> dict:
    """``dataclasses.asdict`` of a Problem, without its deep copies (one per warning per build).
    Equal problems get the same dict (read only, like the report entries that hold them): most
    warnings repeat ("no-date" ...), and the entries live through the whole build, in each render
    process (about 0.3 kB a file at 10,000 files)."""
    d = _PROBLEM_DICTS.get(p)
    if d is None:
        if len(_PROBLEM_DICTS) >= _PROBLEM_DICTS_MAX:   # a long-lived serve: kept bounded
            _PROBLEM_DICTS.clear()
        d = _PROBLEM_DICTS[p] = {"kind": p.kind, "message": p.message, "line": p.line}
    return d


def data_problems(data: SiteData) -> list[dict]:
    """The warnings of the data files for the report: settings in site.yaml that nothing reads."""
    return [{"path": "site.yaml", "line": line, "kind": "config", "message": message}
            for message, line in data.site.problems]


def body_key(doc: SourceDocument) -> str:
    """Identity of an article for duplicate detection: its text with white space normalised."""
    return hashlib.sha256(" ".join(doc.text.split()).encode("utf-8")).hexdigest()


@dataclass
class CollectMemo:
    """What ``collect`` made last time, kept by a long-lived ``serve``."""

    # path -> (extraction result, record, file report) of each built article
    entries: dict[str, tuple[Record, Record, FileReport]] = field(default_factory=dict)
    # the outcome as a whole, for a rebuild that re-read a few files (``collect(changed=...)``)
    records: list[Record] | None = None
    files: list[FileReport] = field(default_factory=list)
    record_at: dict[str, int] = field(default_factory=dict)   # path -> index in records
    file_at: dict[str, int] = field(default_factory=dict)     # path -> index in files (doc order)
    key_of: dict[str, str] = field(default_factory=dict)      # path -> body key, for docs that have one
    key_count: Counter[str] = field(default_factory=Counter)
    # slug made or given -> how many built articles wanted it: a changed date among those may
    # change who holds the bare slug (``collect`` gives them oldest first)
    slug_count: Counter[str] = field(default_factory=Counter)
    redid_only_changed: bool = False   # the last collect took the ``changed`` shortcut


def _built(path: str, res: Record, slug: str) -> tuple[Record, FileReport]:
    """The record and report entry of an article built at ``slug``."""
    rec = copy.copy(res)   # the cached record stays as extracted
    rec.slug = slug
    if slug != res.slug:
        rec.warnings = [*res.warnings, Problem("slug-collision", f"slug {res.slug!r} was taken by another "
                                                                 f"article; this one is at {slug!r}")]
    return rec, FileReport(path, "built", slug=slug, title=rec.title, encoding=rec.encoding,
                           warnings=[problem_dict(p) for p in rec.warnings])


def collect(docs: list[SourceDocument], results: dict[str, Record | Problem],
            report: BuildReport, keys: dict[str, str] | None = None,
            memo: CollectMemo | None = None, changed: set[str] | None = None,
            drafts: bool = False) -> list[Record]:
    """Turn extraction results into unique records with unique slugs, filling the report.

    ``memo`` (kept by a long-lived ``serve``): the last build's outcome. A result that is the same
    object and gets the same slug is taken from it (no copy, no report entry made again).
    ``changed``: only the documents at these paths can differ from the last build's; when each
    is still a built article with its slug and no duplicate gained or lost, only they are
    redone (``None`` from ``_collect_changed`` otherwise, and everything is).
    ``drafts``: articles marked ``draft: true`` are built too (else each is reported as a draft).
    """
    if memo is not None and changed is not None:
        out = _collect_changed(docs, results, report, keys, memo, changed)
        if out is not None:
            memo.redid_only_changed = True
            return out
    entries: dict[str, tuple[Record, Record, FileReport]] = {}
    records: list[Record] = []
    files = report.files
    first_file = len(files)
    seen_body: dict[str, str] = {}
    seen_slug: set[str] = set()
    last_suffix: dict[str, int] = {}
    key_of: dict[str, str] = {}
    record_at: dict[str, int] = {}
    published: list[tuple[int, str, Record]] = []   # (place in ``files``, path, result) of each article
    chosen = _copies_with_sidecars(docs, results, keys, drafts)
    for doc in docs:
        if not doc.ok:
            reason = "; ".join(str(p) for p in doc.problems if p.kind in ("unreadable", "size-limit")) or "unreadable"
            files.append(FileReport(doc.path, "skipped", reason=reason,
                                    warnings=[problem_dict(p) for p in doc.problems]))
            continue
        key = keys[doc.path] if keys is not None else body_key(doc)
        key_of[doc.path] = key
        if key in seen_body:
            files.append(_duplicate(doc, results.get(doc.path), seen_body[key], f"same text as {seen_body[key]}"))
            continue
        res = results[doc.path]
        if isinstance(res, Problem):
            files.append(FileReport(doc.path, "skipped", reason=str(res), warnings=[problem_dict(res)]))
            continue
        if res.draft and not drafts:
            # held back by its maintainer; a copy of its text elsewhere is not its duplicate
            files.append(FileReport(doc.path, "draft", title=res.title, encoding=res.encoding,
                                    reason="draft: true; not published (build --drafts to preview it)",
                                    warnings=[problem_dict(p) for p in res.warnings]))
            continue
        if chosen.get(key, doc.path) != doc.path:
            # a later copy has a sidecar, with its maintainer's corrections: that copy is published
            files.append(_duplicate(doc, res, chosen[key], f"same text as {chosen[key]}, the copy with a sidecar"))
            continue
        seen_body[key] = doc.path
        published.append((len(files), doc.path, res))
        files.append(None)   # its entry, once its slug is known
    # A slug written in a sidecar or front matter is the maintainer's promise of a URL: those
    # slugs are given first (in path order), then the ones made from titles, oldest article
    # first, so that adding a newer article of the same title (the way an archive grows) never
    # moves an older one's URL: it takes the next "-n".
    slugs: dict[str, str] = {}
    for _, path, res in published:
        if res.slug_given:
            slugs[path] = unique_slug(res.slug, seen_slug, last_suffix)
            seen_slug.add(slugs[path])
    for path, res in _oldest_first([(path, res) for _, path, res in published if not res.slug_given]):
        slugs[path] = unique_slug(res.slug, seen_slug, last_suffix)
        seen_slug.add(slugs[path])
    for at, path, res in published:
        slug = slugs[path]
        last = memo.entries.get(path) if memo is not None else None
        if last is not None and last[0] is res and last[1].slug == slug:
            rec, entry = last[1], last[2]
        else:
            rec, entry = _built(path, res, slug)
        entries[path] = (res, rec, entry)
        record_at[path] = len(records)
        records.append(rec)
        files[at] = entry
    if memo is not None:
        memo.redid_only_changed = False
        memo.entries = entries
        memo.records = records
        memo.files = files[first_file:]
        memo.record_at = record_at
        memo.file_at = {f.path: i for i, f in enumerate(memo.files)}
        memo.key_of = key_of
        memo.key_count = Counter(key_of.values())
        memo.slug_count = Counter(res.slug for _, _, res in published)
    return records


def _oldest_first(made: list[tuple[str, Record]]) -> list[tuple[str, Record]]:
    """``made`` (in path order) with the articles of each slug that several want put in date
    order in the places they hold: oldest first (a year alone counts as its start), undated ones
    last, ties in path order. The others keep their places, and their dates are never asked
    for: a cached record's date is in its pickle, which a no-change build does not read."""
    count = Counter(res.slug for _, res in made)
    if len(count) == len(made):
        return made
    groups: dict[str, list[int]] = {}
    for i, (_, res) in enumerate(made):
        if count[res.slug] > 1:
            groups.setdefault(res.slug, []).append(i)
    out = list(made)
    for places in groups.values():
        for i, item in zip(places, sorted((made[i] for i in places), key=_age_order)):
            out[i] = item
    return out


def _age_order(item: tuple[str, Record]) -> tuple[int, str, str]:
    path, res = item
    if res.date:
        return (0, res.date, path)
    if res.year:
        return (0, f"{res.year:04d}", path)
    return (1, "", path)


# the kinds of problem met in reading a file (its record carries them first, then extraction's)
_READ_KINDS = frozenset(("encoding", "markup", "front-matter"))


def _duplicate(doc: SourceDocument, res: Record | Problem | None, of: str, reason: str) -> FileReport:
    """A duplicate's report entry: its encoding and what reading it met, from its record when it
    has one, so that a build that found the file in the cache (whose document holds neither) says
    the same as a fresh one."""
    if isinstance(res, Record):
        encoding, problems = res.encoding, [p for p in res.warnings if p.kind in _READ_KINDS]
    else:
        encoding, problems = doc.encoding, doc.problems
    return FileReport(doc.path, "duplicate", duplicate_of=of, reason=reason, encoding=encoding,
                      warnings=[problem_dict(p) for p in problems])


def _copies_with_sidecars(docs: list[SourceDocument], results: dict[str, Record | Problem],
                          keys: dict[str, str] | None, drafts: bool) -> dict[str, str]:
    """Body key -> the copy to publish, for each text held by several files of which one that is
    not the first has a sidecar: that copy (the first such in path order), so that the corrections
    its maintainer wrote are not lost to an earlier copy without them. Other texts: none (the
    first copy is published)."""
    if not any(doc.sidecar is not None for doc in docs):
        return {}
    sided: dict[str, str] = {}
    first: dict[str, str] = {}
    for doc in docs:
        if not doc.ok:
            continue
        res = results.get(doc.path)
        if not isinstance(res, Record) or (res.draft and not drafts):
            continue
        key = keys[doc.path] if keys is not None else body_key(doc)
        first.setdefault(key, doc.path)
        if doc.sidecar is not None and key not in sided:
            sided[key] = doc.path
    return {key: path for key, path in sided.items() if first[key] != path}


def _collect_changed(docs: list[SourceDocument], results: dict[str, Record | Problem], report: BuildReport,
                     keys: dict[str, str] | None, memo: CollectMemo, changed: set[str]) -> list[Record] | None:
    """``collect`` for a rebuild where only the documents at ``changed`` paths were read again."""
    if memo.records is None or keys is None or len(docs) != len(memo.files):
        return None
    if len({keys.get(path) for path in changed}) != len(changed):
        return None   # two changed files now have one text
    for path in changed:
        res, last, old_key, new_key = results.get(path), memo.entries.get(path), memo.key_of.get(path), keys.get(path)
        if (last is None or not isinstance(res, Record) or res.draft or res.slug != last[0].slug
                or res.slug_given != last[0].slug_given or new_key is None
                or (memo.slug_count[res.slug] > 1 and (res.date, res.year) != (last[0].date, last[0].year))
                or memo.key_count[old_key] != 1 or (new_key != old_key and memo.key_count[new_key])):
            return None   # its status, its slug or a duplicate may change: collect everything
    records, files = list(memo.records), list(memo.files)
    for path in changed:
        res = results[path]
        rec, entry = _built(path, res, memo.entries[path][1].slug)
        memo.entries[path] = (res, rec, entry)
        records[memo.record_at[path]] = rec
        files[memo.file_at[path]] = entry
        old_key, new_key = memo.key_of[path], keys[path]
        memo.key_count[old_key] -= 1
        memo.key_count[new_key] += 1
        memo.key_of[path] = new_key
    memo.records, memo.files = records, files
    report.files.extend(files)
    return records


PROGRESS_THRESHOLD = 200


@contextmanager
def _progress(enabled: bool, total: int, label: str):
    """A rich progress bar on stderr, or a no-op; yields a ``tick(n)`` callable."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rich.console import Console

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def default_cache_dir(opts: BuildOptions) -> Path:
    return opts.output.parent / ".bantin-cache" / opts.output.name


class Builder:
    """Runs builds, reusing what has not changed since the last one.

    One ``Builder`` can run many builds (``serve`` keeps one alive): the site data, the extractor
    and the cache stay in memory between them. Extraction results are reused when the file's bytes
    and the environment (code, data files) are unchanged; pages are re-rendered only when what
    they are rendered from changed (see ``bantin.cache``). The result always equals a clean build.
    """

    def __init__(self, opts: BuildOptions, cache_dir: Path | None = None):
        self.opts = opts
        self.cache_dir = cache_dir or default_cache_dir(opts)
        self._data: SiteData | None = None
        self._extractor = None
        self._data_digest: str | None = None
        self._cache: BuildCache | None = None
        self._first = True
        # kept between the builds of one process (serve): the last catalog with its shape and
        # render environment, and the records.json/csv lines
        self._last_catalog: tuple[str, str, object] | None = None
        self._rows = None
        self._stamps: dict | None = {} if opts.live else None   # files not re-read while unchanged
        self._collected: CollectMemo | None = CollectMemo() if opts.live else None  # see ``collect``
        # serve: the last build's (cache, results, body keys, cache entries), and the paths of the
        # documents this build re-read when only they can have changed (None: look at everything)
        self._last_read: tuple | None = None
        self._delta: set[str] | None = None
        self._plan_parts: tuple[list, dict] | None = None   # the last plan's shapes and digests
        self._docs: list[SourceDocument] | None = None   # serve: the last build's documents, as read
        self._doc_index: dict[str, int] = {}
        # serve: the output as this process last committed it (its pages need no stat), and the
        # cache contents not yet written to disk (``flush`` writes them while serve is idle)
        self._committed: tuple[int, int] | None = None
        self._pending: dict[str, Iterable[bytes]] = {}   # records.json/csv not written yet: path -> pieces
        self._lock = threading.Lock()   # a build and a flush (from the server's threads) never overlap
        self._reindex: tuple[list[Record], SiteData, Catalog, str] | None = None   # serve: to index again
        self._render_memo: dict | None = {} if opts.live else None   # see ``render.render_site``
        self._gc_wanted = False   # the cyclic collector was on when this build started (see ``build``)
        # a one-shot build's check that the last output's pages are all in place, in a forked
        # child (``_check_output``)
        self._pages_check: SideTask[bool] | None = None

    # -- stages ------------------------------------------------------------------------------
    def data(self) -> SiteData:
        digest = data_digest(self.opts.content)
        if self._data is None or digest != self._data_digest:
            self._data = SiteData.load(self.opts.content)
            self._extractor = None   # made when a file needs extracting (a rebuild may need none)
            self._data_digest = digest
        return self._data

    def extractor(self):
        if self._extractor is None:
            from .extract import Extractor

            self._extractor = Extractor.from_data(self.data())
        return self._extractor

    def cache(self, data: SiteData, renders: bool = True) -> BuildCache:
        """The build cache for ``data``'s environment. ``renders``: this build renders pages (not
        ``check``), so the last output is checked as soon as the page map is read."""
        env = fingerprint(code_hash(), data.digest)
        render_env = fingerprint(env, tree_hash(self.opts.templates))
        clean = self.opts.clean and self._first
        if self._cache is None or self._cache.env != env or self._cache.render_env != render_env or clean:
            if self._cache is not None and self._cache.env == env and not clean:
                # only the templates changed: extraction still valid
                records, texts = self._cache.records, self._cache.texts
                self._cache = BuildCache.open(self.cache_dir, env, render_env, clean=True)
                self._cache.records, self._cache.texts = records, texts
            else:
                self._cache = BuildCache.open(self.cache_dir, env, render_env, clean=clean,
                                              pages_read=self._check_output if renders and not self.opts.live else None)
        return self._cache

    def _check_output(self, cache: BuildCache) -> None:
        """Start checking that every page of the last output is in place (``same_plan`` needs it
        before rendering, when the catalog's shape has not changed), in a forked child
        (``background``): started as soon as the page map is read, while this process is small,
        and done meanwhile on the other core. A long-lived serve trusts its own output instead."""
        if cache.files and cache.pages:
            files, pages, output = cache.files, cache.pages, self.opts.output
            self._pages_check = SideTask(lambda: _pages_in_place(files, pages, output))

    def _read_changed(self, changed: Iterable[str | os.PathLike] | None,
                      max_bytes: int) -> tuple[list[SourceDocument], set[str]] | None:
        """The last build's documents with only the ``changed`` article files read again, when
        each is a plain article file the last build read; None when the folder must be read
        (a file added, removed or renamed, a sidecar, anything unusual). Files outside the
        articles folder (site data, templates) do not change what is read."""
        last = self._docs
        if changed is None or last is None:
            return None
        articles = self.opts.content / "articles"
        base = Path(os.path.abspath(articles))
        content, templates = Path(os.path.abspath(self.opts.content)), Path(os.path.abspath(self.opts.templates))
        docs = list(last)
        paths: set[str] = set()
        for p in changed:
            p = Path(os.path.abspath(p))
            if not p.is_relative_to(base):
                if p.is_relative_to(content) or p.is_relative_to(templates):
                    continue
                return None
            rel = p.relative_to(base).as_posix()
            i = self._doc_index.get(rel)
            if i is None:
                return None
            doc = reread(articles, rel, max_bytes=max_bytes, content=self.opts.content,
                         known=lambda rel, dg: True, stamps=self._stamps)
            if doc is None or not doc.ok:
                return None
            docs[i] = doc
            paths.add(rel)
        return docs, paths

    def read_and_extract(self, report: BuildReport, changed: Iterable[str | os.PathLike] | None = None,
                         renders: bool = True) -> tuple[SiteData, list[Record], dict[str, CachedRecord]]:
        data = self.data()
        cache = self.cache(data, renders)
        articles = self.opts.content / "articles"
        # hash only: what the cache does not hold is read and decoded by extract_all
        hinted = self._read_changed(changed, data.site.max_article_bytes)
        self._delta = None
        if hinted is not None:
            docs, delta = hinted
        else:
            delta = None
            if self._stamps is not None:   # serve: one map for the process (a new cache keeps it)
                self._stamps = cache.stamps = self._stamps or cache.stamps
            cache.stamps_taken = time.time_ns()
            # a cache with no records (a first or clean build) has nothing to look up: plain files
            # are only listed here, then read once, by the extraction workers
            docs = read_all(articles, max_bytes=data.site.max_article_bytes, content=self.opts.content,
                            known=lambda rel, dg: True, stamps=cache.stamps, defer=not cache.records)
        if self.opts.live:   # the next rebuild may read only the files that changed
            self._doc_index = {d.path: i for i, d in enumerate(docs)}
        root = str(self.opts.content.resolve())
        last = self._last_read
        if delta is not None and last is not None and last[0] is cache:
            # only the re-read files can differ from the last build's
            results, keys, fresh = dict(last[1]), dict(last[2]), dict(last[3])
            for path in delta:
                results.pop(path, None), keys.pop(path, None), fresh.pop(path, None)
            scan: Iterable[int] = sorted(self._doc_index[path] for path in delta)
        else:
            delta = None
            results, keys, fresh = {}, {}, {}
            scan = range(len(docs))
        todo: list[int] = []
        tasks: list[ReadTask] = []
        real: dict[str, Path] | None = None
        for i in scan:
            doc = docs[i]
            if not doc.ok:
                continue
            hit = cache.record(doc.path, doc.digest) if doc.cached else None
            if hit is not None:
                results[doc.path] = hit.result
                keys[doc.path] = hit.body_key
                fresh[doc.path] = hit
            else:
                todo.append(i)
                path = articles / doc.path
                if not os.path.lexists(path):   # a file name that is not UTF-8: shown escaped
                    real = real if real is not None else _real_paths(articles)
                    path = real.get(doc.path, path)
                tasks.append(ReadTask(str(path), doc.path, root, data.site.max_article_bytes, doc.unread))
        with _progress(self.opts.progress and len(todo) >= PROGRESS_THRESHOLD, len(todo), "Trích xuất") as tick:
            done = extract_all(tasks, self.extractor() if tasks else None, self.opts.jobs, progress=tick,
                               store=cache.text_store() if tasks else None)
        if cache.texts is not None:
            cache.texts.flush()   # before any render worker forks
        for i, ex in zip(todo, done):
            doc = docs[i] = ex.doc
            if not doc.ok:
                continue
            if ex.stamp is not None:   # as ``read_all`` keeps the stamp of a plain file it reads
                cache.stamps[doc.path] = (ex.stamp, doc.digest)
            res = results[doc.path] = ex.result
            keys[doc.path] = ex.body_key
            fresh[doc.path] = CachedRecord(doc.digest, ex.body_key, res, ex.shape, ex.kept)
        report.extracted = len(todo)
        report.extracted_paths = [docs[i].path for i in todo]
        if self.opts.live:
            # the documents as extraction left them: a file read here only to be hashed (or only
            # listed) may have turned out unreadable, or in another encoding, when extracted
            self._docs = list(docs)
            self._last_read = (cache, results, keys, fresh)
        records = collect(docs, results, report, keys, memo=self._collected, changed=delta, drafts=self.opts.drafts)
        memo = self._collected
        if delta is not None and memo is not None and memo.redid_only_changed:
            self._delta = delta   # collect redid only these: so can the plan
        report.articles = len(records)
        return data, records, fresh

    def _reuse_catalog(self, shape: str, render_env: str, records: list[Record]):
        """The last build's catalog, when this build's records have the same shape (same slugs,
        order and catalog fields, same code, data and templates): only the records it points to
        are replaced. Kept only by a long-lived process (``serve``)."""
        last = self._last_catalog
        if last is None or last[0] != shape or last[1] != render_env:
            return None
        catalog = last[2]
        by_slug = {r.slug: r for r in records}
        for a in catalog.articles:
            a.record = by_slug[a.record.slug]
        catalog.records = [a.record for a in catalog.articles]
        return catalog

    def _plan(self, records: list[Record], fresh: dict[str, CachedRecord]) -> dict:
        """``build_plan``; in ``serve``, after a rebuild that re-read a few files, the last plan
        with only their entries replaced."""
        memo, parts = self._collected, self._plan_parts
        if self._delta is not None and parts is not None and memo is not None:
            shapes, digests = list(parts[0]), dict(parts[1])
            for path in self._delta:
                i = memo.record_at[path]
                c = fresh[path]
                if c.shape is None:
                    c.shape = shape_key(c.result)
                shapes[i] = (records[i].slug, c.shape)
                digests[records[i].slug] = _row_digest(c, records[i].path)
            plan = {"shape": fingerprint(shapes), "digests": digests}
        else:
            shapes, plan = _plan_parts(records, fresh)
        if self.opts.live:
            self._plan_parts = (shapes, plan["digests"])
        return plan

    def pending(self) -> frozenset[str]:
        """Output files a ``serve`` rebuild left to ``flush`` (the old file is still in place)."""
        return frozenset(self._pending)

    def flush(self, search: bool = True) -> None:
        """Finish what a long-lived ``serve`` rebuild left for later, so that an edit is served as
        soon as its pages are: records.json and records.csv (every record; 100+ MB on a large
        archive), the build cache on disk, and the search index (a minute of Pagefind on a large
        archive; until then search answers from the index before the edit). Called when the
        server is idle, when records.json/csv is requested (``search=False``), and on exit."""
        from .cache import file_entry
        from .write import replace_file

        with self._lock:
            cache = self._cache
            pending, self._pending = self._pending, {}
            for path, pieces in sorted(pending.items()):
                stamp = replace_file(self.opts.output, path, pieces)
                if cache is not None:
                    cache.pages[path] = file_entry(stamp, getattr(pieces, "index", None))
            if cache is not None:
                if pending and cache.unsaved is None:
                    cache.unsaved = cache.records   # the page map changed: write it again
                cache.persist()
            reindex = self._reindex if search else None
            if reindex is not None:
                self._reindex = None
                from .search import replace_index

                records, data, catalog, env = reindex
                replace_index(self.opts.output, records, data, templates=self.opts.templates, catalog=catalog,
                              env=env)

    # -- entry points --------------------------------------------------------------------------
    def check(self) -> BuildReport:
        t0 = time.perf_counter()
        report = BuildReport()
        data, _records, _fresh = self.read_and_extract(report, renders=False)
        report.data_problems = data_problems(data)
        listing = list_static(self.opts.content)
        report.static_files = len(listing.files)
        report.static_problems = [p.to_dict() for p in listing.problems]
        report.seconds = time.perf_counter() - t0
        self._first = False
        return report

    def build(self, changed: Iterable[str | os.PathLike] | None = None) -> BuildReport:
        """One build; SIGTERM/SIGINT raise ``BuildInterrupted`` and leave the old output in place.

        ``changed``: the files that changed since this builder's last build, as a file watcher
        reports them (``serve``): only those are read again when they are plain article files the
        last build read. None: every file is looked at.
        """
        from .signals import graceful_termination

        import gc

        with graceful_termination(), self._lock:
            # Reading, extracting and cataloguing make hundreds of thousands of long-lived objects
            # and almost no cyclic garbage: the cyclic collector would walk them again and again
            # (0.8 s of a fresh 10k rebuild). A one-shot build turns it back on for rendering
            # (``_collecting_garbage``); a long-lived serve leaves it off for the whole rebuild
            # (little cyclic garbage; it is collected later).
            enabled = self._gc_wanted = gc.isenabled()
            gc.disable()
            try:
                return self._build(changed)
            finally:
                self._stop_output_check()
                if enabled:
                    gc.enable()

    def _stop_output_check(self) -> None:
        """Stop the check of the last output (``_check_output``) if its answer was not needed."""
        check, self._pages_check = self._pages_check, None
        if check is not None:
            check.cancel()

    @contextmanager
    def _collecting_garbage(self):
        """The cyclic collector on while a one-shot build renders (Jinja makes cyclic garbage),
        with every object alive before (records, catalog) frozen out of its reach; off again after."""
        import gc

        if self.opts.live or not self._gc_wanted:
            yield
            return
        gc.freeze()
        gc.enable()
        try:
            yield
        finally:
            gc.disable()
            gc.unfreeze()   # collectable again when the build is over (a test, an embedding app)

    def _catalog(self, shape: str, render_env: str, records: list[Record], data: SiteData):
        """The catalog kept on disk by the last build when its records had this shape (not read by
        a clean build), else one built (and kept, by a one-shot build: ``serve`` keeps its own)."""
        from .catalog_cache import load_catalog, save_catalog

        if not (self.opts.clean and self._first):
            catalog = load_catalog(self.cache_dir, records, shape, render_env, data.site)
            if catalog is not None:
                return catalog
        from .catalog import build_catalog

        catalog = build_catalog(records, data)
        if not self.opts.live:
            save_catalog(self.cache_dir, catalog, records, shape, render_env)
        return catalog

    def _build(self, changed: Iterable[str | os.PathLike] | None = None) -> BuildReport:
        from .write import SiteWriter, files_under

        problem = output_location_problem(self.opts)
        if problem is not None:
            raise OutputLocationError(problem)
        t0 = time.perf_counter()
        report = BuildReport()
        data, records, fresh = self.read_and_extract(report, changed)
        report.data_problems = data_problems(data)
        cache = self._cache
        assert cache is not None
        plan = self._plan(records, fresh)
        static = list_static(self.opts.content)
        report.static_problems = [p.to_dict() for p in static.problems]
        # any static file added, removed or changed: the build goes on past ``nothing_changed``
        plan["static"] = fingerprint(static.digest_parts())
        if not self.opts.live:
            # the extraction results and input stamps are valid whatever happens to the output:
            # saved now, and let go (the render workers would each count them); a later build of
            # this Builder opens the cache again
            fresh = cache.save_and_release_records(fresh)
            self._cache = None
        search = self.opts.search and importlib.util.find_spec("bantin.search") is not None
        in_place = self._pages_check.result if self._pages_check is not None else None
        if not self.opts.live and (not search or (self.opts.output / "pagefind").is_dir()) \
                and nothing_changed(cache, plan, self.opts.output, in_place):
            # every page of the last output is as this build would make it: no catalog, no render
            return self._keep_output(report, cache, fresh, plan, search, t0, len(static.files))
        catalog = self._reuse_catalog(plan["shape"], cache.render_env, records)
        if catalog is None:
            catalog = self._catalog(plan["shape"], cache.render_env, records, data)
        if not self.opts.live:
            # rendering needs neither the extractor nor the gazetteer (the catalog holds the place
            # names it shows): let them go before the render workers fork, each of which would
            # count them again. A one-shot build has no next build to keep them for.
            self._extractor = None
            self._data = None
            data = dataclasses.replace(data, gazetteer=None)
        output = self.opts.output

        trusted = self._committed is not None and self._committed == _folder_id(output)
        dirty = plan_dirty(cache, plan, catalog, output, trust_output=trusted, in_place=in_place)
        # every page planned and fingerprinted (the catalog's shape changed): when the last output
        # is known whole (serve's own, or the output check's answer, ready by now), a page whose
        # fingerprint is the recorded one is reused without a stat of its file (16,500 at 10,000)
        whole = dirty is None and bool(cache.pages) and (trusted or (in_place is not None and in_place()))

        def reuse(path: str, fp: str) -> bool:
            return cache.page_unchanged(path, fp, output, checked=whole)

        rows = None
        if self.opts.live:
            from .render import RowMemo

            self._last_catalog = (plan["shape"], cache.render_env, catalog)
            rows = self._rows = self._rows or RowMemo()
        elif dirty or (dirty is None and cache.plan and cache.pages):
            # also when the catalog's shape changed (a title, a date, a place): the rows of
            # records.json and records.csv are still those of the records whose file did not
            # change, in the same environment (the page map is only loaded for it). ``OldRows``
            # checks that the slugs are the same and in the same order, or encodes every row.
            from .render import ROW_FILES, OldRows

            rows = OldRows(output, {n: cache.pages.get(n) for n in ROW_FILES.values()},
                           changed_slugs(cache, plan))
        old_paths = cache.files if output.is_dir() else None
        if old_paths is None and output.is_dir() and not output.is_symlink():
            # an output the cache does not describe (``--clean``, or the cache lost): listed now,
            # so that pages the same as there stay in place instead of being linked into a new
            # tree, and the old one deleted (at 10,000 articles, 16,000 folders made and 34,000
            # entries deleted for nothing). The walk costs what counting the removed pages cost.
            old_paths = files_under(output)
        with SiteWriter(output, old_paths=old_paths, background_cleanup=self.opts.live,
                        overlay=old_paths is not None) as writer:
            # serve: a rebuild of a few articles leaves records.json/csv to ``flush``
            defer = {} if self.opts.live and dirty else None
            with self._collecting_garbage():
                pages = render_into(writer, catalog, data, self.opts.templates, reuse, cache.pages,
                                    jobs=self.opts.jobs, articles=len(records), dirty=dirty, rows=rows,
                                    defer=defer, memo=self._render_memo,
                                    static_old=static_fingerprints(cache.pages) if dirty is not None else set())
            # after the pages: a static file never takes a path the build writes
            static_pages, clashes = copy_static(writer, static, cache.pages)
            pages.update(static_pages)
            report.static_files = len(static_pages)
            plan["static_clashes"] = [p.to_dict() for p in clashes]   # said again by a build that renders nothing
            report.static_problems.extend(plan["static_clashes"])
            reindex = None
            if search and dirty is not None and not dirty and (output / "pagefind").is_dir():
                writer.whole_dirs = ()   # nothing changed: the search bundle stays as it is
            elif search and defer is not None and (output / "pagefind").is_dir():
                # serve: indexing every record takes a minute on a large archive; the old bundle
                # stays (its results may lag the edit) until ``flush`` indexes again
                writer.whole_dirs = ()
                reindex = (records, data, catalog, cache.env)
            elif search:
                from .search import index_site

                t_search = time.perf_counter()
                # the last output's parts of the index whose records did not change are kept
                # (not with ``--clean``, which makes everything again)
                previous = None if (self.opts.clean and self._first) else output / "pagefind"
                index_site(writer.staging, records, data, self.opts.templates, previous=previous,
                           jobs=self.opts.jobs, catalog=catalog, env=cache.env)
                report.search_seconds = time.perf_counter() - t_search
            # the page map on disk describes the old output: drop it before the swap, so an
            # interruption between the swap and the save can only cost a full re-render
            BuildCache.invalidate_pages(self.cache_dir)
        cache.save(fresh, pages, set(writer._seen), plan, persist=not self.opts.live)
        self._committed = _folder_id(output) if self.opts.live else None
        if defer:
            self._pending = defer        # supersedes what an earlier rebuild left
        elif dirty is None or dirty:
            self._pending = {}           # this build wrote them (or they are gone)
        if reindex is not None:
            self._reindex = reindex
        elif search and (dirty is None or dirty):
            self._reindex = None         # indexed by this build
        report.pages_written = writer.stats.written
        report.pages_unchanged = writer.stats.unchanged
        report.pages_removed = writer.stats.removed
        report.written_paths = writer.stats.paths
        report.seconds = time.perf_counter() - t0
        self._first = False
        return report

    def _keep_output(self, report: BuildReport, cache: BuildCache, fresh: dict[str, CachedRecord], plan: dict,
                     search: bool, t0: float, static_files: int = 0) -> BuildReport:
        """A one-shot build that changes nothing: every page of the last output is kept, as a
        build that renders only changed articles keeps the others, and the cache is saved."""
        from .write import SiteWriter

        plan["static_clashes"] = list((cache.plan or {}).get("static_clashes", []))
        report.static_problems.extend(plan["static_clashes"])
        report.static_files = static_files - len(plan["static_clashes"])

        old_files = cache.files or set()
        with SiteWriter(self.opts.output, old_paths=old_files, overlay=True) as writer:
            writer.keep(old_files)
            if search:
                writer.whole_dirs = ()   # the search bundle stays as it is (without search: removed)
            BuildCache.invalidate_pages(self.cache_dir)
        pages = {path: cache.pages[path] for path in old_files if path in cache.pages}
        cache.save(fresh, pages, set(writer._seen), plan)
        self._committed = None
        report.pages_unchanged = writer.stats.unchanged
        report.seconds = time.perf_counter() - t0
        self._first = False
        return report


# --- what a rebuild must render --------------------------------------------------------------

def shape_key(rec: Record) -> str:
    """Hash of every record field the catalog reads (all but the text, warnings and provenance):
    records with equal shape keys give equal catalogs."""
    return fingerprint(catalog_fields(rec))


def build_plan(records: list[Record], fresh: dict[str, CachedRecord]) -> dict:
    """The catalog's shape (each article's slug and shape key, in order) and each article's file
    digest, by slug: what the next build compares to find the articles that changed."""
    return _plan_parts(records, fresh)[1]


def _plan_parts(records: list[Record], fresh: dict[str, CachedRecord]) -> tuple[list[tuple[str, str]], dict]:
    shapes = []
    digests: dict[str, str] = {}
    for r in records:
        c = fresh[r.path]
        if c.shape is None:   # a cache entry from before shape keys
            c.shape = shape_key(c.result)
        shapes.append((r.slug, c.shape))
        digests[r.slug] = _row_digest(c, r.path)
    return shapes, {"shape": fingerprint(shapes), "digests": digests}


def _row_digest(c: CachedRecord, path: str) -> str:
    """What an article's row of records.json/csv is made from: its file's text and its path (a
    file renamed keeps its text, and perhaps its slug, but its row names the new path)."""
    return f"{c.digest} {path}"


def _folder_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def plan_dirty(cache: BuildCache, plan: dict, catalog, output: Path, trust_output: bool = False,
               in_place: Callable[[], bool] | None = None) -> set[int] | None:
    """The catalog indexes of the articles whose file changed since the last build, when that is
    all that changed (``same_plan``); None otherwise (every page is then planned and fingerprinted)."""
    if not same_plan(cache, plan, output, trust_output, in_place):
        return None
    changed = changed_slugs(cache, plan)
    return {a.index for a in catalog.articles if a.record.slug in changed}


def changed_slugs(cache: BuildCache, plan: dict) -> set[str]:
    """The slugs of the articles whose file is not the one the last build read (or that it had not)."""
    before = cache.plan.get("digests", {}) if cache.plan else {}   # type: ignore[union-attr]
    return {slug for slug, digest in plan["digests"].items() if before.get(slug) != digest}


def same_plan(cache: BuildCache, plan: dict, output: Path, trust_output: bool = False,
              in_place: Callable[[], bool] | None = None) -> bool:
    """Whether only article files can have changed since the last build: the same code, templates
    and data (the cache's render environment), the same catalog shape, and every page of the
    last output still in place with its recorded size. ``trust_output``: the output is the
    folder this process committed last (``serve``): its pages are not checked one by one.
    ``in_place``: gives ``_pages_in_place`` of the cache's pages in ``output``, when the caller
    has it checked already (or being checked)."""
    old = cache.plan
    if not old or old.get("shape") != plan["shape"] or not cache.pages or cache.files is None:
        return False
    return trust_output or (in_place() if in_place is not None else _pages_in_place(cache.files, cache.pages, output))


def _pages_in_place(files: Iterable[str], pages: dict, output: Path) -> bool:
    """Whether each of ``files`` (paths relative to ``output``) is a regular file there, of the
    size ``pages`` records for it. One lstat each (18,000 at 10,000 articles): relative to the
    output folder's descriptor where the system allows, so that only the page's own path is
    looked up, and no path joined in Python."""
    lstat, get, isreg = os.lstat, pages.get, stat.S_ISREG
    fd = None
    if os.stat in os.supports_dir_fd:
        try:
            fd = os.open(output, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False
    prefix = "" if fd is not None else os.path.join(output, "")
    try:
        for path in files:
            try:
                st = lstat(path, dir_fd=fd) if fd is not None else lstat(prefix + path)
            except OSError:
                return False
            old_page = get(path)
            if not isreg(st.st_mode) or (old_page is not None and st.st_size != old_page[1]):
                return False
    finally:
        if fd is not None:
            os.close(fd)
    return True


def nothing_changed(cache: BuildCache, plan: dict, output: Path,
                    in_place: Callable[[], bool] | None = None) -> bool:
    """``same_plan``, every article's file as the last build read it and every static file as
    it copied it: no page would change."""
    old = cache.plan
    return bool(old) and old.get("digests") == plan["digests"] and old.get("static") == plan.get("static") \
        and same_plan(cache, plan, output, in_place=in_place)   # type: ignore[union-attr]


# --- rendering, possibly in forked worker processes ---------------------------------------

RENDER_PARALLEL_THRESHOLD = 300   # articles; below this one process renders faster than several
_RENDER: dict = {}


def _render_part(i: int, n: int | None = None):
    """Render and write the i-th share of the pages; returns what the parent needs to merge."""
    from .cache import file_entry
    from .render import render_site
    from .write import WriteStats

    st = _RENDER
    writer = st["writer"]
    if n is not None and n > 1:   # a forked worker: start its own tallies
        writer.stats = WriteStats()
        writer._seen = set()
    pages: dict[str, tuple[str, int]] = {}
    old = st["old_pages"]
    dirty = st.get("dirty")
    defer = st.get("defer")
    for page in render_site(st["catalog"], st["data"], st["templates"], reuse=st["reuse"],
                            partition=(i, n) if n and n > 1 else None, dirty=dirty, rows=st.get("rows"),
                            stream=True, memo=st.get("memo") if not (n and n > 1) else None,
                            claims=st.get("claims") if n and n > 1 else None):
        if page.content is not None and not isinstance(page.content, bytes):
            if defer is not None and page.path in old and page.path in st["old_files"]:
                # serve: the old file stays until the rebuild is idle or the file is asked for
                defer[page.path] = page.content
                writer.keep([page.path])
                pages[page.path] = old[page.path]
                continue
            # records.json/csv in pieces, remembered by their identity on disk and where their rows
            # lie: the next build copies the unchanged rows (see render.OldRows)
            stamp = writer.write_pieces(page.path, page.content)
            pages[page.path] = file_entry(stamp, getattr(page.content, "index", None))
            continue
        writer.write(page.path, page.content)
        if page.fingerprint:
            size = len(page.content) if page.content is not None else old[page.path][1]
            pages[page.path] = (page.fingerprint, size)
    if dirty is not None:   # only the changed articles' pages were made: keep every other page
        kept = st["old_files"] - writer._seen - st["static_old"]
        if writer.overlay:
            writer.keep(kept)
        else:
            for path in sorted(kept):
                writer.write(path, None)
        pages.update({path: old[path] for path in kept if path in old})
    return writer.stats, writer._seen, pages


def _render_part_to_file(i: int, n: int, fd: int) -> None:
    """``_render_part`` in a forked worker, its result pickled to the inherited file ``fd``."""
    result = _render_part(i, n)
    with open(fd, "wb", closefd=False) as out:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        # no memo: it would hold an entry for each of the page map's hundreds of thousands of
        # objects at the worker's fullest (nothing in it refers back to itself)
        pickler.fast = True
        pickler.dump(result)


def _release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``) before forking:
    extraction left holes where the workers' pickled results were, and a forked worker would
    otherwise start with them resident too. Nothing happens where there is no glibc."""
    import ctypes

    try:
        # the process's own symbols (libc among them): no ``find_library``, which runs ldconfig
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def render_into(writer, catalog, data, templates: Path, reuse, old_pages: dict, jobs: int = 0,
                articles: int = 0, dirty: set[int] | None = None, rows=None,
                defer: dict | None = None, memo: dict | None = None,
                static_old: set[str] = frozenset()) -> dict[str, tuple[str, int]]:
    """Render every page into ``writer``'s staging folder; returns the new page map.

    ``defer`` (an overlay writer only): records.json/csv are not written; their pieces are put in
    this dict by path, the old files kept (see ``Builder.flush``). ``memo``: the renderer's memo a
    long-lived ``serve`` keeps (``render.render_site``). ``static_old``: the last output's static
    files, which a build of a few articles leaves to ``static.copy_static`` (not kept as they are).

    Large sites are rendered by this process and forked workers (they share the catalog
    copy-on-write, each renders and writes the pages whose list or path hashes to it). Not from a process with other threads running
    (``serve``; ``background.can_fork``): forking those is unsafe, and incremental rebuilds render few pages anyway.
    """
    import multiprocessing

    jobs = jobs or os.cpu_count() or 1
    _RENDER.update(writer=writer, catalog=catalog, data=data, templates=templates, reuse=reuse,
                   old_pages=old_pages, dirty=dirty, old_files=writer.old_paths or set(), rows=rows,
                   defer=defer if writer.overlay else None, memo=memo, static_old=static_old)
    try:
        # only the changed articles' pages are made: forking costs more than it saves. (Without
        # ``dirty``, every page is planned and fingerprinted, even where most are then reused:
        # 7 s of one process at 10,000 articles after an edit that changes the catalog's shape)
        if jobs <= 1 or articles < RENDER_PARALLEL_THRESHOLD or dirty is not None or not can_fork():
            return _render_part(0)[2]
        pages: dict[str, tuple[str, int]] = {}
        from .signals import reset_in_worker

        import gc

        # the workers share the catalog and records with this process copy-on-write; frozen, the
        # cyclic collector in a worker does not touch (and so copy) every inherited object
        gc.freeze()
        _release_free_memory()
        # each worker's result (its page map: at 100,000 articles, 50 MB once unpickled) goes to a
        # file of its own, read once the worker has exited: received through the pool, it was
        # unpickled here while the worker still held all its memory, the build's peak
        outs = [tempfile.TemporaryFile() for _ in range(1, jobs)]
        from .render import ArticleClaims

        # article pages are handed out as the workers go, so that all end together
        _RENDER["claims"] = ArticleClaims(jobs)
        try:
            with multiprocessing.get_context("fork").Pool(jobs - 1, initializer=reset_in_worker) as pool:
                done = pool.starmap_async(_render_part_to_file,
                                          [(i, jobs, out.fileno()) for i, out in enumerate(outs, 1)])
                pool.close()   # each worker exits once its share is done: its memory goes then
                # this process renders a share too: one copy-on-write copy of everything fewer
                _stats, _seen, own = _render_part(0, jobs)
                done.get()
                pool.join()
            parts = []
            for out in outs:
                out.seek(0)
                parts.append(pickle.load(out))  # noqa: S301 - written by our own worker
        finally:
            gc.unfreeze()
            for out in outs:
                out.close()
        pages.update(own)
        for stats, seen, pg in parts:
            writer.stats.written += stats.written
            writer.stats.unchanged += stats.unchanged
            writer.stats.paths.extend(stats.paths)
            writer._seen |= seen
            pages.update(pg)
        writer.stats.paths.sort()
        return pages
    finally:
        _RENDER.clear()


def run_check(opts: BuildOptions) -> BuildReport:
    """Read and extract everything and fill the report; write no site."""
    return Builder(opts).check()


def run_build(opts: BuildOptions) -> BuildReport:
    """Build the site. Raises DataError / template errors; the output is untouched then."""
    return Builder(opts).build()


def write_report(report: BuildReport, path: Path, memo: Path | None = None) -> None:
    """Write build-report.json and a readable build-report.html beside it, each replaced whole
    (a reader, or an interrupted build, never sees half a report; a link at the path is replaced,
    not written through). ``memo``: a file in the build cache where the runs of rows are noted,
    so that the next report copies the ones that did not change (``report_rows``)."""
    from .report_rows import write_report_files

    write_report_files(report, path, report.warnings_by_kind, memo)   # both files show it: counted once


REPORT_MEMO = "report-rows.pickle"   # in the build cache folder (``write_report``)


def summary_lines(report: BuildReport, pages: bool = True) -> list[str]:
    skipped = sum(1 for f in report.files if f.status == "skipped")
    dups = sum(1 for f in report.files if f.status == "duplicate")
    drafts = sum(1 for f in report.files if f.status == "draft")
    written = (f"; {report.pages_written} pages written, {report.pages_unchanged} unchanged,"
               f" {report.pages_removed} removed" if pages else "; no pages written (check)")
    # the search index can take most of a large build (Pagefind makes all of it again after any
    # edit): its share is shown, so that the time is not taken for the site's
    search = f" (the search index {report.search_seconds:.2f} s of it)" if report.search_seconds >= 1 else ""
    lines = [f"{report.articles} articles from {len(report.files)} files ({report.extracted} extracted,"
             f" {dups} duplicates, {skipped} skipped{f', {drafts} drafts' if drafts else ''}){written};"
             f" {report.seconds:.2f} s{search}"]
    by_kind = {k: v for k, v in report.warnings_by_kind.items() if k not in ("duplicate", "skipped")}
    if by_kind:
        lines.append("warnings: " + ", ".join(f"{k} {v}" for k, v in by_kind.items()))
    for f in report.files:
        if f.status == "skipped":
            lines.append(f"  skipped {f.path}: {f.reason}")
    for p in report.data_problems:
        lines.append(f"  {p['path']}{':' + str(p['line']) if p.get('line') else ''}: {p['message']}")
    for p in report.static_problems:
        lines.append(f"  not copied {p['path']}: {p['message']}")
    return lines
