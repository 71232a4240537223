#!/usr/bin/env python3
"""Search bench: how big the Pagefind bundle is and what a reader downloads for a first query.

    python bench/search_size.py                      # the shipped content
    python bench/search_size.py --n 10000 [--n 1000] # plus generated corpora (bench/make_corpus.py)
    options: --query "chi thi 05" --no-browser --out bench/out/search --keep

For each site (the shipped content, then one generated corpus per --n; the corpus sits in
OUT/N/content/articles beside copies of content/*.yaml), the site is built with the search index
(``run_build(search=True)``) and the script prints:

* build time, and the time spent in ``bantin.search.index_site`` alone;
* the bundle's total size (every file under /pagefind/), split into the fixed runtime
  (pagefind.js, worker, wasm, entry), metadata, word-index chunks, fragments and filter chunks;
* the bytes a first query downloads, measured in Debian's chromium (Playwright) against the site
  served on 127.0.0.1: everything the search page fetches from /pagefind/ plus /assets/search.js
  while it opens (runtime, metadata, filter chunks for the facets) and then for the typed query
  (word-index chunks, fragments of the first page of results, extra filtered searches). Bytes are
  the response bodies as served (Pagefind's files are already gzip-compressed, so an HTTP server
  would not shrink them further). Without a browser (--no-browser or no chromium) a static
  estimate is printed instead: runtime + metadata + all filter chunks + the word-index chunks
  whose range holds a query word + ten average fragments (a lower bound: it misses the extra
  filtered searches and chunk neighbours the browser fetches).

Measured 2026-11-22 (shared 2-core machine, pagefind 1.5.2, query "chi thi 05"):

    site               bundle total  index chunks  fragments  filters  meta     first query (open + query)
    shipped, 5         188.6 kB      18.7 kB       13.7 kB    0.9 kB   0.2 kB   200.3 kB (174.2 + 26.2)
    generated, 300     1.74 MB       752.5 kB      821.4 kB   8.0 kB   3.3 kB   334.4 kB (184.3 + 150.1)
    generated, 10,000  49.98 MB      22.5 MB       27.0 MB    198 kB   96.5 kB  811.5 kB (467.6 + 343.9)

Measured 2026-11-23, the index in 4 parts (search_shard_size 2500, pagefind 1.5.2, "chi thi 05"):

    generated, 10,000  51.0 MB       23.1 MB       27.0 MB    196 kB   101 kB   1.5 MB (938.2 + 579.6)

Each part brings its own runtime (620.0 kB for the four), and a query fetches index chunks and one
fragment more in each part.

The fixed runtime (pagefind.js, worker, wasm, entry) is 155.0 kB of every figure. For 10,000
articles the build took 1208 s, of which 293 s in index_site (the machine was busy with other
builds; the Pagefind service peaked near 0.8 GB RSS).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

DATA_FILES = ("site.yaml", "directives.yaml", "outlets.yaml", "places.yaml", "boilerplate.yaml")
CHROMIUM = os.environ.get("BANTIN_CHROMIUM", "/usr/bin/chromium")
RUNTIME = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


# --- building ---------------------------------------------------------------------------------

def make_content(n: int, base: Path) -> Path:
    content = base / "content"
    arts = content / "articles"
    if arts.is_dir() and any(arts.glob("*.txt")):
        return content
    content.mkdir(parents=True, exist_ok=True)
    for f in DATA_FILES:
        if (ROOT / "content" / f).exists():
            shutil.copy2(ROOT / "content" / f, content / f)
    gen = base / "generated"
    if gen.exists():
        shutil.rmtree(gen)
    import subprocess

    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--n", str(n), "--out", str(gen),
                    "--format", "raw"], check=True)
    arts.mkdir(parents=True, exist_ok=True)
    for p in gen.glob("*.txt"):
        os.replace(p, arts / p.name)
    shutil.rmtree(gen, ignore_errors=True)
    return content


def build(content: Path, out: Path) -> dict:
    import bantin.search as search
    from bantin.pipeline import BuildOptions, run_build

    timing = {}
    original = search.index_site

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            timing["index"] = time.perf_counter() - t

    search.index_site = timed
    try:
        t0 = time.perf_counter()
        report = run_build(BuildOptions(content=content, templates=ROOT / "templates", output=out,
                                        search=True, clean=True, quiet=True))
        total = time.perf_counter() - t0
    finally:
        search.index_site = original
    if report.error:
        raise SystemExit(f"build failed: {report.error}")
    return {"articles": report.articles, "build_s": total, "index_s": timing.get("index", float("nan"))}


# --- sizes --------------------------------------------------------------------------------------

def part_dirs(pf: Path) -> list[Path]:
    """The bundle's parts (``bantin.search.plan_parts``): ``pf`` itself, or its part folders."""
    if (pf / "pagefind-entry.json").is_file():
        return [pf]
    return sorted(d for d in pf.iterdir() if (d / "pagefind-entry.json").is_file())


def bundle_sizes(site: Path) -> dict:
    pf = site / "pagefind"
    parts = {"runtime": 0, "meta": 0, "index": 0, "fragment": 0, "filter": 0, "other": 0}
    counts = {k: 0 for k in parts}
    total = 0
    for p in pf.rglob("*"):
        if not p.is_file():
            continue
        size = p.stat().st_size
        total += size
        rel = p.relative_to(pf).as_posix()
        head, _, rest = rel.partition("/")
        if rest and re.fullmatch(r"[0-9a-f]{16}", head):   # a part's folder
            rel = rest
        if rel in RUNTIME or rel.startswith("wasm."):
            k = "runtime"
        elif rel.endswith(".pf_meta"):
            k = "meta"
        elif rel.startswith(("index/", "fragment/", "filter/")):
            k = rel.split("/", 1)[0]
        else:
            k = "other"
        parts[k] += size
        counts[k] += 1
    return {"total": total, "parts": parts, "counts": counts}


def static_first_query(site: Path, query: str, sizes: dict) -> int:
    """Estimate without a browser (see the module doc)."""
    from bantin.search import _cbor_decode, normalize_query

    n = sizes["parts"]["runtime"] + sizes["parts"]["meta"] + sizes["parts"]["filter"]
    words = normalize_query(query).split()
    for pf in part_dirs(site / "pagefind"):
        entry = json.loads((pf / "pagefind-entry.json").read_text())
        for info in entry["languages"].values():
            meta = _cbor_decode(gzip.decompress((pf / f"pagefind.{info['hash']}.pf_meta").read_bytes()), 12)[0]
            for chunk in meta[2]:
                lo, hi, h = chunk[0], chunk[1], chunk[2]
                if any(lo <= w <= hi or w.startswith(lo) for w in words):
                    n += (pf / "index" / f"{h}.pf_index").stat().st_size
    frags = sizes["counts"]["fragment"] or 1
    n += int(sizes["parts"]["fragment"] / frags * min(10, frags))
    return n


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".wasm": "application/wasm"}

    def log_message(self, *a) -> None:
        pass


def browser_first_query(site: Path, query: str) -> dict | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    seen: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            ctx = b.new_context(service_workers="block")
            page = ctx.new_page()

            def on_response(resp):
                url = resp.url[len(base):]
                if url.startswith(("/pagefind/", "/assets/search.js")):
                    try:
                        seen.append((url, len(resp.body())))
                    except Exception:  # noqa: BLE001 - a body the browser dropped: count nothing
                        seen.append((url, 0))

            page.on("response", on_response)
            page.goto(base + "/tim-kiem/")
            page.wait_for_selector("html[data-search-ready]", timeout=60000)
            page.wait_for_load_state("networkidle")
            opened = list(seen)
            page.fill("#q", query)
            page.press("#q", "Enter")
            page.wait_for_function(
                "() => /Tìm thấy|Không tìm thấy/.test(document.getElementById('search-status').textContent)",
                timeout=60000)
            page.wait_for_load_state("networkidle")
            results = page.inner_text("#search-status")
            b.close()
    finally:
        server.shutdown()
        server.server_close()
    after = seen[len(opened):]
    return {
        "open_bytes": sum(n for _, n in opened), "open_requests": len(opened),
        "query_bytes": sum(n for _, n in after), "query_requests": len(after),
        "status": results,
        "query_files": sorted({u.split("/")[2] if u.count("/") > 2 else u for u, _ in after}),
    }


# --- report -------------------------------------------------------------------------------------

def measure(label: str, content: Path, out: Path, query: str, use_browser: bool) -> dict:
    site = out / "public"
    b = build(content, site)
    sizes = bundle_sizes(site)
    res = {"label": label, **b, "bundle": sizes, "query": query}
    res["search_js"] = (site / "assets" / "search.js").stat().st_size
    if use_browser:
        res["browser"] = browser_first_query(site, query)
    res["static_estimate"] = static_first_query(site, query, sizes) + res["search_js"]
    return res


def print_result(r: dict) -> None:
    s = r["bundle"]
    print(f"\n== {r['label']}: {r['articles']} articles; build {r['build_s']:.1f} s "
          f"(of which search index {r['index_s']:.1f} s)")
    print(f"   index total: {human(s['total'])} ({s['total']} bytes) in "
          f"{sum(s['counts'].values())} files")
    for k in ("runtime", "meta", "index", "fragment", "filter", "other"):
        if s["counts"][k]:
            print(f"     {k:9s} {human(s['parts'][k]):>10s}  {s['counts'][k]} files")
    br = r.get("browser")
    if br:
        total = br["open_bytes"] + br["query_bytes"]
        print(f"   first query {r['query']!r} ({br['status']}): {human(total)} ({total} bytes) downloaded")
        print(f"     opening the search page: {human(br['open_bytes'])} in {br['open_requests']} requests "
              f"(search.js, runtime, metadata, filter chunks)")
        print(f"     the query itself:        {human(br['query_bytes'])} in {br['query_requests']} requests "
              f"(index chunks and result fragments)")
    print(f"   static estimate of the first query: {human(r['static_estimate'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", default=[], help="generated corpus size (repeatable)")
    ap.add_argument("--query", default="chi thi 05")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    ap.add_argument("--skip-shipped", action="store_true")
    args = ap.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="bantin-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        if not args.skip_shipped:
            r = measure("shipped content", ROOT / "content", work / "shipped", args.query, not args.no_browser)
            print_result(r)
            results.append(r)
        for n in args.n:
            base = work / str(n)
            content = make_content(n, base)
            r = measure(f"generated corpus, N={n}", content, base, args.query, not args.no_browser)
            print_result(r)
            results.append(r)
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        if not args.keep and args.out is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
