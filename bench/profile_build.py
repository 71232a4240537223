#!/usr/bin/env python3
"""Profile one build of Bản tin in-process and print where the time goes, per stage.

    python bench/profile_build.py --content C [--output O] [--scenario clean|nochange|onechange|newdate]
                                  [--jobs 1] [--search] [--top 25] [--dump FILE.prof]
    python bench/profile_build.py --n 1000            # generate a raw corpus first (bench/make_corpus.py)

Two passes over the same scenario:

1. **timers** (no profiler, default ``--jobs`` unless given): the pipeline's stage functions are
   wrapped with wall-clock timers (read, extract, collect, catalog, render, write, search, cache
   save). Rendering is a generator interleaved with writing: each is timed separately.
2. **cProfile** (``--jobs 1`` by default, so extraction runs in this process and is visible):
   - stage table: inclusive time of each stage's entry function and of the extractor's concerns
     (layout, dates, bylines, localities, directives, slugify, gazetteer/registry load);
   - self time per module, with the C built-ins (``re.Pattern.finditer``, ``str.lower``...)
     charged to the module that called them, so a regex-heavy extractor shows up as itself;
   - self time per Jinja template (compiled template code is attributed to the template file);
   - top functions by self time and by inclusive time, and the heaviest built-ins by caller.

The clean scenario deletes the incremental cache first; ``onechange`` builds once (not measured),
appends a sentence to one article and measures the next build by a fresh ``Builder`` (like a fresh
``build`` command); ``serve`` does the same with the same ``Builder`` kept alive (what ``serve``
runs after an edit); ``newdate`` gives one article another date by a sidecar (an edit that
changes the catalog's shape: every page is fingerprinted again) and measures as ``onechange``;
``nochange`` measures a rebuild with nothing changed. The output folder and cache are left in
place (under --output).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

DATA_FILES = ("site.yaml", "directives.yaml", "outlets.yaml", "places.yaml", "boilerplate.yaml")
CHANGE_SENTENCE = "\nBài viết được cập nhật thêm một câu để đo thời gian dựng lại.\n"


def make_content(n: int, dest: Path) -> Path:
    """Generate N raw articles into dest/content/articles with the project's data files."""
    content = dest / "content"
    arts = content / "articles"
    if arts.is_dir() and len(os.listdir(arts)) >= n:
        return content
    raw = dest / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--n", str(n), "--format", "raw",
                    "--out", str(raw)], check=True)
    arts.mkdir(parents=True, exist_ok=True)
    for p in raw.glob("*.txt"):
        p.rename(arts / p.name)
    (raw / "manifest.jsonl").rename(dest / "manifest.jsonl")
    for f in DATA_FILES:
        shutil.copy2(ROOT / "content" / f, content / f)
    return content


def touch_one(content: Path) -> Path:
    """Append a sentence to the first body paragraph of one article."""
    files = sorted((content / "articles").glob("*.txt"))
    target = files[len(files) // 2]
    lines = target.read_text(encoding="utf-8").split("\n")
    i = next((k for k, l in enumerate(lines) if len(l) >= 100), len(lines) - 1)
    lines[i] = lines[i].rstrip() + " " + CHANGE_SENTENCE.strip() + f" ({time.time():.0f})"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def new_date(content: Path) -> Path:
    """Give one article another date, by a sidecar: an edit that changes the catalog's shape
    (the article moves in every list it is on), unlike ``touch_one``'s."""
    files = sorted((content / "articles").glob("*.txt"))
    target = files[len(files) // 3]
    side = target.with_suffix(".yaml")
    day = 1 + int(time.time()) % 28   # another date each run
    side.write_text(f"date: 2016-02-{day:02d}\n", encoding="utf-8")
    return side


# --- stage timers (no profiler) ------------------------------------------------------------

class StageTimers:
    def __init__(self) -> None:
        self.t: dict[str, float] = defaultdict(float)
        self.n: dict[str, int] = defaultdict(int)
        self._undo: list = []

    def _patch(self, owner, name: str, stage: str, gen: bool = False) -> None:
        orig = getattr(owner, name)
        timers = self

        if gen:
            @functools.wraps(orig)
            def wrapper(*a, **k):
                it = orig(*a, **k)
                while True:
                    t0 = time.perf_counter()
                    try:
                        x = next(it)
                    except StopIteration:
                        timers.t[stage] += time.perf_counter() - t0
                        return
                    timers.t[stage] += time.perf_counter() - t0
                    timers.n[stage] += 1
                    yield x
        else:
            @functools.wraps(orig)
            def wrapper(*a, **k):
                t0 = time.perf_counter()
                try:
                    return orig(*a, **k)
                finally:
                    timers.t[stage] += time.perf_counter() - t0
                    timers.n[stage] += 1
        setattr(owner, name, wrapper)
        self._undo.append((owner, name, orig))

    def install(self) -> None:
        import bantin.cache as cache
        import bantin.catalog as catalog
        import bantin.pipeline as pipeline
        import bantin.render as render
        import bantin.write as write

        self._patch(pipeline, "read_all", "1 read")
        self._patch(pipeline, "extract_all", "2 extract")
        self._patch(pipeline, "collect", "3 collect")
        self._patch(pipeline.Builder, "data", "0 data load")
        self._patch(pipeline.Builder, "cache", "0 cache open / code+template hash")
        self._patch(catalog, "build_catalog", "4 catalog")
        if hasattr(pipeline, "render_into"):
            # parallel rendering: render and write run in forked workers whose own timers are lost;
            # this one is the parent's wall time for both (use --timer-jobs 1 to split them)
            self._patch(pipeline, "render_into", "5+6 render_into (render + write, all workers)")
        self._patch(render, "render_site", "5 render (generator, this process only)", gen=True)
        self._patch(write.SiteWriter, "write", "6 write (this process only)")
        self._patch(write.SiteWriter, "__exit__", "6 write: swap")
        self._patch(cache.BuildCache, "save", "8 cache save")
        try:
            import bantin.search as search  # noqa: F401
            self._patch(search, "index_site", "7 search")
        except ImportError:
            pass

    def uninstall(self) -> None:
        for owner, name, orig in reversed(self._undo):
            setattr(owner, name, orig)
        self._undo.clear()

    def table(self, total: float) -> str:
        lines = [f"{'stage':38s} {'wall s':>8s} {'share':>6s} {'calls':>7s}"]
        for k in sorted(self.t):
            lines.append(f"{k:38s} {self.t[k]:8.3f} {self.t[k] / total:6.1%} {self.n[k]:7d}")
        lines.append(f"{'total build()':38s} {total:8.3f}")
        return "\n".join(lines)


# --- profile analysis --------------------------------------------------------------------------

STAGES = [  # (label, file suffix, function name)
    ("data: SiteData.load", "bantin/config.py", "load"),
    ("data: gazetteer load", "bantin/gazetteer.py", "load"),
    ("data: registry load", "bantin/registry.py", "load"),
    ("data: data_digest", "bantin/config.py", "data_digest"),
    ("cache: code_hash", "bantin/cache.py", "code_hash"),
    ("cache: tree_hash (templates)", "bantin/cache.py", "tree_hash"),
    ("cache: open", "bantin/cache.py", "open"),
    ("1 read: read_all", "bantin/reader.py", "read_all"),
    ("1 read: decode", "bantin/reader.py", "decode"),
    ("1 read: normalize_text", "bantin/reader.py", "normalize_text"),
    ("2 extract: extract_all", "bantin/pipeline.py", "extract_all"),
    ("2 extract: Extractor.from_data", "bantin/extract/__init__.py", "from_data"),
    ("2 extract: Extractor.extract", "bantin/extract/__init__.py", "extract"),
    ("2a layout: split_layout", "bantin/extract/layout.py", "split_layout"),
    ("2b dates: decide_date", "bantin/extract/dates.py", "decide_date"),
    ("2c bylines: parse_byline", "bantin/extract/bylines.py", "parse_byline"),
    ("2d localities: find_localities", "bantin/extract/localities.py", "find_localities"),
    ("2e directives: find_directives", "bantin/extract/directives.py", "find_directives"),
    ("2f slugify", "slugify/slugify.py", "slugify"),
    ("2g markdown_blocks", "bantin/extract/markdown_blocks.py", "markdown_blocks"),
    ("3 collect", "bantin/pipeline.py", "collect"),
    ("3 collect: body_key", "bantin/pipeline.py", "body_key"),
    ("4 catalog: build_catalog", "bantin/catalog.py", "build_catalog"),
    ("5 render: render_site (gen)", "bantin/render.py", "render_site"),
    ("5 render: environment()", "bantin/render.py", "environment"),
    ("5 render: _Site.html", "bantin/render.py", "html"),
    ("5 render: jinja Template.render", "jinja2/environment.py", "render"),
    ("5 render: jinja compile", "jinja2/environment.py", "compile"),
    ("5 render: jinja get_template", "jinja2/environment.py", "get_template"),
    ("5 render: records_json", "bantin/render.py", "records_json"),
    ("5 render: records_csv", "bantin/render.py", "records_csv"),
    ("6 write: SiteWriter.write", "bantin/write.py", "write"),
    ("6 write: SiteWriter.__exit__", "bantin/write.py", "__exit__"),
    ("7 search: index_site", "bantin/search.py", "index_site"),
    ("8 cache: BuildCache.save", "bantin/cache.py", "save"),
    ("8 cache: page_unchanged", "bantin/cache.py", "page_unchanged"),
    ("9 report: to_json", "bantin/pipeline.py", "to_json"),
]


def short_file(fn: str) -> str:
    if fn == "~":
        return "~"
    p = fn.replace("\\", "/")
    for marker in ("/src/bantin/", "/site-packages/", "/lib/python3.12/"):
        i = p.find(marker)
        if i >= 0:
            rest = p[i + len(marker):]
            return ("bantin/" + rest) if marker == "/src/bantin/" else rest
    if "/templates/" in p:
        return "templates/" + p.split("/templates/", 1)[1]
    return p


def module_of(fn: str) -> str:
    s = short_file(fn)
    if s.startswith("bantin/") or s.startswith("templates/"):
        return s
    return s.split("/", 1)[0]  # a package: jinja2, yaml, slugify, ...


def analyse(stats: pstats.Stats, top: int, wall: float) -> str:
    st = stats.stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total_tt = sum(v[2] for v in st.values())
    out: list[str] = []
    out.append(f"profiled wall {wall:.2f} s; total self time under the profiler {total_tt:.2f} s "
               "(profiler overhead inflates small Python calls ~1.5-2x)")

    # stage table
    out.append("\n== stages (inclusive time, cumtime; nested rows overlap) ==")
    out.append(f"{'stage':40s} {'cum s':>8s} {'share':>6s} {'calls':>8s}  where")
    for label, suffix, name in STAGES:
        hits = [(k, v) for k, v in st.items() if k[2] == name and k[0].replace("\\", "/").endswith(suffix)]
        if not hits:
            continue
        ct = sum(v[3] for _, v in hits)
        nc = sum(v[1] for _, v in hits)
        k = hits[0][0]
        out.append(f"{label:40s} {ct:8.3f} {ct / total_tt:6.1%} {nc:8d}  {short_file(k[0])}:{k[1]}")

    # self time per module, built-ins charged to their callers' modules
    mod_tt: dict[str, float] = defaultdict(float)
    builtin_by_caller: dict[tuple[str, str], float] = defaultdict(float)
    for k, v in st.items():
        tt, callers = v[2], v[4]
        if k[0] == "~" and callers:
            ctt = sum(c[2] for c in callers.values()) or 1.0
            for ck, cv in callers.items():
                share = tt * cv[2] / ctt
                mod_tt[module_of(ck[0])] += share
                builtin_by_caller[(k[2], f"{short_file(ck[0])}:{ck[1]} {ck[2]}")] += share
        else:
            mod_tt[module_of(k[0])] += tt
    out.append("\n== self time per module (C built-ins charged to the calling module) ==")
    for m, t in sorted(mod_tt.items(), key=lambda x: -x[1])[:top]:
        out.append(f"{t:8.3f} s {t / total_tt:6.1%}  {m}")

    # per template
    tpl: dict[str, float] = defaultdict(float)
    tpl_calls: dict[str, int] = defaultdict(int)
    for k, v in st.items():
        s = short_file(k[0])
        if s.startswith("templates/") or s.endswith((".html", ".xml", ".txt", ".j2")):
            tpl[s] += v[2]
            if k[2] == "root":
                tpl_calls[s] += v[1]
    if tpl:
        out.append("\n== Jinja templates: self time of compiled template code (root renders) ==")
        for s, t in sorted(tpl.items(), key=lambda x: -x[1]):
            out.append(f"{t:8.3f} s  {tpl_calls[s]:7d}  {s}")

    def fmt_row(k, v):
        return (f"{v[2]:8.3f} {v[3]:8.3f} {v[1]:9d}  {short_file(k[0])}:{k[1]} {k[2]}")

    out.append(f"\n== top {top} functions by self time ==\n{'self s':>8s} {'cum s':>8s} {'calls':>9s}")
    for k, v in sorted(st.items(), key=lambda x: -x[1][2])[:top]:
        out.append(fmt_row(k, v))
    out.append(f"\n== top {top} functions by inclusive time ==\n{'self s':>8s} {'cum s':>8s} {'calls':>9s}")
    for k, v in sorted(st.items(), key=lambda x: -x[1][3])[:top]:
        out.append(fmt_row(k, v))
    out.append(f"\n== heaviest C built-ins by caller (top {top}) ==")
    for (name, caller), t in sorted(builtin_by_caller.items(), key=lambda x: -x[1])[:top]:
        out.append(f"{t:8.3f} s  {name:45.45s} <- {caller}")
    return "\n".join(out)


# --- driver -----------------------------------------------------------------------------------

def run_scenario(opts, scenario: str, content: Path, measure):
    from bantin.pipeline import Builder

    if scenario == "clean":
        shutil.rmtree(opts.output.parent / ".bantin-cache", ignore_errors=True)
        shutil.rmtree(opts.output, ignore_errors=True)
        return measure(Builder(opts))
    # warm, unmeasured, in this process: an on-disk cache written by another process may be keyed
    # by another version of the code (the cache key includes a hash of the package source)
    if scenario == "serve":
        opts.live = True             # as `serve` runs its Builder
    warm = Builder(opts)
    warm.build()
    if scenario == "serve":
        touch_one(content)           # serve's steady state: it has rebuilt after an edit before
        warm.build()
        touch_one(content)
        return measure(warm)         # the same Builder: what `serve` runs after an edit
    if scenario == "onechange":
        touch_one(content)
    elif scenario == "newdate":
        new_date(content)
    return measure(Builder(opts))    # a fresh Builder: like a fresh `build` command (cache from disk)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", type=Path)
    ap.add_argument("--n", type=int, help="generate a raw corpus of N articles (ignored with --content)")
    ap.add_argument("--work", type=Path, default=None, help="where to generate (default: a temp folder)")
    ap.add_argument("--output", type=Path, default=None)
    ap.add_argument("--templates", type=Path, default=ROOT / "templates")
    ap.add_argument("--scenario", choices=("clean", "nochange", "onechange", "newdate", "serve"), default="clean")
    ap.add_argument("--jobs", type=int, default=1, help="jobs for the profiled pass (default 1: in-process)")
    ap.add_argument("--timer-jobs", type=int, default=0, help="jobs for the timers pass (default: one per core)")
    ap.add_argument("--search", action="store_true", help="build the search index too")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--dump", type=Path, help="write the raw cProfile stats here (for snakeviz/pstats)")
    ap.add_argument("--no-timers", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--cold-data", action="store_true", help="do not warm the gazetteer pickle first")
    a = ap.parse_args(argv)

    from bantin.config import SiteData
    from bantin.pipeline import BuildOptions

    work = a.work or Path(tempfile.mkdtemp(prefix="bantin-prof-"))
    content = a.content or make_content(a.n or 1000, work)
    output = a.output or (work / "site" / "public")
    output.parent.mkdir(parents=True, exist_ok=True)
    n_docs = sum(1 for _ in (content / "articles").rglob("*.txt")) + sum(1 for _ in (content / "articles").rglob("*.md"))
    print(f"# content {content} ({n_docs} files), output {output}, scenario {a.scenario}")
    if not a.cold_data:
        # the gazetteer's pickle is built once per install (and per version of gazetteer.py): warm it
        # so that the build below shows the steady state; --cold-data measures it instead
        t0 = time.perf_counter()
        SiteData.load(content)
        print(f"# SiteData.load before measuring (gazetteer pickle warm-up): {time.perf_counter() - t0:.2f} s")

    if not a.no_timers:
        timers = StageTimers()
        opts = BuildOptions(content=content, templates=a.templates, output=output, quiet=True,
                            search=a.search, jobs=a.timer_jobs)

        def timed(builder):
            timers.install()
            try:
                t0 = time.perf_counter()
                rep = builder.build()
                return rep, time.perf_counter() - t0
            finally:
                timers.uninstall()

        rep, wall = run_scenario(opts, a.scenario, content, timed)
        print(f"\n== stage timers, no profiler (jobs={a.timer_jobs or os.cpu_count()}) ==")
        print(f"articles {rep.articles}, extracted {rep.extracted}, pages written {rep.pages_written}, "
              f"unchanged {rep.pages_unchanged}")
        print(timers.table(wall))

    if not a.no_profile:
        opts = BuildOptions(content=content, templates=a.templates, output=output, quiet=True,
                            search=a.search, jobs=a.jobs)
        prof = cProfile.Profile()

        def profiled(builder):
            t0 = time.perf_counter()
            prof.enable()
            try:
                rep = builder.build()
            finally:
                prof.disable()
            return rep, time.perf_counter() - t0

        rep, wall = run_scenario(opts, a.scenario, content, profiled)
        print(f"\n== cProfile, scenario {a.scenario}, jobs={a.jobs} ==")
        print(f"articles {rep.articles}, extracted {rep.extracted}, pages written {rep.pages_written}, "
              f"unchanged {rep.pages_unchanged}")
        stats = pstats.Stats(prof)
        if a.dump:
            stats.dump_stats(str(a.dump))
        print(analyse(stats, a.top, wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
