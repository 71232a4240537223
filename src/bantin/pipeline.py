"""The build: read -> extract -> catalog -> render -> write, plus the build report.

Every input file ends up in the report as built, a duplicate of another, or skipped with its
reason. The output folder is replaced only when the whole build succeeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import SiteData
from .model import Problem, Record, SourceDocument
from .reader import read_all

PARALLEL_THRESHOLD = 400   # below this many documents, worker start-up costs more than it saves


@dataclass
class BuildOptions:
    content: Path = Path("content")
    templates: Path = Path("templates")
    output: Path = Path("public")
    report: Path | None = None          # default: beside the output folder
    strict: bool = False
    clean: bool = False
    jobs: int = 0                       # 0 = one per core
    quiet: bool = False
    search: bool = True


@dataclass
class FileReport:
    path: str
    status: str                         # built | duplicate | skipped
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
    error: str | None = None

    @property
    def warnings_by_kind(self) -> dict[str, int]:
        c: Counter[str] = Counter()
        for f in self.files:
            for w in f.warnings:
                c[w["kind"]] += 1
            if f.status == "skipped":
                c["skipped"] += 1
            elif f.status == "duplicate":
                c["duplicate"] += 1
        return dict(sorted(c.items()))

    @property
    def warning_count(self) -> int:
        return sum(self.warnings_by_kind.values())

    def to_json(self) -> str:
        d = {
            "summary": {
                "articles": self.articles, "files": len(self.files),
                "skipped": sum(1 for f in self.files if f.status == "skipped"),
                "duplicates": sum(1 for f in self.files if f.status == "duplicate"),
                "pages_written": self.pages_written, "pages_unchanged": self.pages_unchanged,
                "pages_removed": self.pages_removed, "extracted": self.extracted,
                "warnings_by_kind": self.warnings_by_kind, "error": self.error,
            },
            "files": [asdict(f) for f in self.files],
        }
        return json.dumps(d, ensure_ascii=False, indent=1)


# --- extraction, possibly in worker processes ----------------------------------------------

_WORKER: dict = {}


def _worker_init(content: str) -> None:
    from .extract import Extractor

    _WORKER["extractor"] = Extractor.from_data(SiteData.load(Path(content)))


def _worker_extract(doc: SourceDocument) -> Record | Problem:
    return _safe_extract(_WORKER["extractor"], doc)


def _safe_extract(extractor, doc: SourceDocument) -> Record | Problem:
    try:
        return extractor.extract(doc)
    except RecursionError:
        return Problem("unreadable", "extraction failed: text nested too deeply")
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the build; it is reported
        return Problem("unreadable", f"extraction failed: {type(e).__name__}: {e}")


def extract_all(docs: list[SourceDocument], data: SiteData, jobs: int = 0,
                progress: Callable[[int], None] | None = None) -> list[Record | Problem]:
    """Extract every readable document, in input order."""
    from .extract import Extractor

    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(docs) < PARALLEL_THRESHOLD:
        extractor = Extractor.from_data(data)
        out = []
        for d in docs:
            out.append(_safe_extract(extractor, d))
            if progress:
                progress(1)
        return out
    out = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(str(data.root),)) as pool:
        for r in pool.map(_worker_extract, docs, chunksize=max(8, len(docs) // (jobs * 16))):
            out.append(r)
            if progress:
                progress(1)
    return out


# --- the build -----------------------------------------------------------------------------


def body_key(doc: SourceDocument) -> str:
    """Identity of an article for duplicate detection: its text with white space normalised."""
    return hashlib.sha256(" ".join(doc.text.split()).encode("utf-8")).hexdigest()


def collect(docs: Iterable[SourceDocument], results: dict[str, Record | Problem],
            report: BuildReport) -> list[Record]:
    """Turn extraction results into unique records with unique slugs, filling the report."""
    records: list[Record] = []
    seen_body: dict[str, str] = {}
    seen_slug: set[str] = set()
    for doc in docs:
        if not doc.ok:
            reason = "; ".join(str(p) for p in doc.problems if p.kind in ("unreadable", "size-limit")) or "unreadable"
            report.files.append(FileReport(doc.path, "skipped", reason=reason,
                                           warnings=[asdict(p) for p in doc.problems]))
            continue
        key = body_key(doc)
        if key in seen_body:
            report.files.append(FileReport(doc.path, "duplicate", duplicate_of=seen_body[key],
                                           reason=f"same text as {seen_body[key]}"))
            continue
        res = results[doc.path]
        if isinstance(res, Problem):
            report.files.append(FileReport(doc.path, "skipped", reason=str(res), warnings=[asdict(res)]))
            continue
        seen_body[key] = doc.path
        rec = res
        base, n = rec.slug, 1
        while rec.slug in seen_slug:
            n += 1
            rec.slug = f"{base}-{n}"
        if n > 1:
            rec.warnings.append(Problem("slug-collision", f"slug {base!r} was taken by another article; "
                                                          f"this one is at {rec.slug!r}"))
        seen_slug.add(rec.slug)
        records.append(rec)
        report.files.append(FileReport(doc.path, "built", slug=rec.slug, title=rec.title, encoding=rec.encoding,
                                       warnings=[asdict(p) for p in rec.warnings]))
    return records


def _read_and_extract(opts: BuildOptions, report: BuildReport) -> tuple[SiteData, list[Record]]:
    data = SiteData.load(opts.content)
    docs = read_all(opts.content / "articles", max_bytes=data.site.max_article_bytes, content=opts.content)
    readable = [d for d in docs if d.ok]
    results: dict[str, Record | Problem] = {}
    for doc, res in zip(readable, extract_all(readable, data, opts.jobs)):
        results[doc.path] = res
    report.extracted = len(readable)
    records = collect(docs, results, report)
    report.articles = len(records)
    return data, records


def run_check(opts: BuildOptions) -> BuildReport:
    """Read and extract everything and fill the report; write no site."""
    t0 = time.perf_counter()
    report = BuildReport()
    _read_and_extract(opts, report)
    report.seconds = time.perf_counter() - t0
    return report


def run_build(opts: BuildOptions, log: Callable[[str], None] = print) -> BuildReport:
    """Build the site. Raises DataError / template errors after cleaning up; output untouched then."""
    from .catalog import build_catalog
    from .render import render_site
    from .write import SiteWriter

    t0 = time.perf_counter()
    report = BuildReport()
    data, records = _read_and_extract(opts, report)
    catalog = build_catalog(records, data)
    with SiteWriter(opts.output) as writer:
        writer.write_all(render_site(catalog, data, opts.templates))
        if opts.search:
            from . import search

            if hasattr(search, "index_site"):
                search.index_site(writer.staging, records, data)
    report.pages_written = writer.stats.written
    report.pages_unchanged = writer.stats.unchanged
    report.pages_removed = writer.stats.removed
    report.seconds = time.perf_counter() - t0
    return report


def write_report(report: BuildReport, path: Path) -> None:
    """Write build-report.json and a readable build-report.html beside it."""
    from .report_html import report_html

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.to_json(), encoding="utf-8")
    path.with_suffix(".html").write_text(report_html(report), encoding="utf-8")


def summary_lines(report: BuildReport) -> list[str]:
    skipped = sum(1 for f in report.files if f.status == "skipped")
    dups = sum(1 for f in report.files if f.status == "duplicate")
    lines = [f"{report.articles} articles built from {len(report.files)} files"
             f" ({dups} duplicates, {skipped} skipped); {report.pages_written} pages written,"
             f" {report.pages_unchanged} unchanged, {report.pages_removed} removed; {report.seconds:.2f} s"]
    by_kind = {k: v for k, v in report.warnings_by_kind.items() if k not in ("duplicate", "skipped")}
    if by_kind:
        lines.append("warnings: " + ", ".join(f"{k} {v}" for k, v in by_kind.items()))
    for f in report.files:
        if f.status == "skipped":
            lines.append(f"  skipped {f.path}: {f.reason}")
    return lines
