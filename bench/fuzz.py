#!/usr/bin/env python3
"""Mutation fuzzing of the extractor: real articles, damaged at random, must each give a record
(or a reason) quickly.

    python bench/fuzz.py [FOLDER ...] [--n 5000] [--seed 1] [--slow 0.2] [--keep DIR] [--overrides]

Each case takes an article from the folders (default: ``content/articles``; the shared corpus
``../shared/corpus/real-visible`` is a good second), applies 1-12 random edits (text the
extractor looks for inserted: "Chỉ thị ", "ngày ", "(ĐCSVN) - ", "Ảnh: ", tags and character
references, control and invisible characters; spans deleted or repeated; lines shuffled; NFD; all
capitals or all lower case; lines wrapped in HTML, or in a whole saved page; a piece of another article spliced in), encodes it (UTF-8, UTF-16, CP1258, UTF-8 with a
BOM), reads it as a ``.txt`` or ``.md`` file and extracts it. It prints every exception and
every extraction slower than ``--slow`` seconds; ``--keep`` writes those inputs to a folder, to
be replayed. Exit code 1 when any case failed or was slow.

``--overrides``: each case also gets random YAML (bad dates, aliases, python tags, paths, markup,
long values, tabs) as front matter (``.md``) or as a sidecar (``.txt``), and is read from a
temporary folder as a build reads it. ``--build DIR`` then builds the cases as a site there:
the build must succeed, whatever the files hold.

Found this way: last lines of capitals that took 22.9 s to reject as bylines (fixed in
12c0393); a 500-character author name in a sidecar that stopped the whole build (2f6f471).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from bantin.config import SiteData  # noqa: E402
from bantin.extract import Extractor  # noqa: E402
from bantin.model import Record, SourceDocument  # noqa: E402
from bantin.reader import parse_bytes, read_file  # noqa: E402

INSERTS = ["\u00a0", "\u200b", "\ufeff", "\r\n", "\t", "\x00", "\u202e", "  ", "\n\n\n", "(", ")", "/", "-",
           "số ", "Chỉ thị ", "Nghị quyết ", "TW", "ngày ", "tháng ", "năm ", ":", ".", "…", "\u0300", "Đ",
           "Q.", "P.", "quận ", "phường ", "Ảnh: ", "(ĐCSVN) - ", "Theo ", "*", "#", "<b>", "&amp;", "\u2028",
           "<p>", "</p>", "<br>", "<div class='a'>", "<script>", "</script>", "<!--", "-->", "&#7897;", "<a b='",
           ">> ", "Xem thêm: ", "Tác giả: ", "PV: ", "Trang chủ > ", "© ", "Tags: ", "Ủy viên Bộ Chính trị, ",
           "\nCHỈ THỊ\n", "\nSố 05-CT/TW\n", "\nHà Nội, ngày 15 tháng 5 năm 2016\n", "\nT/M BỘ CHÍNH TRỊ\n",
           "\nNơi nhận:\n", "\nvề công tác cán bộ\n"]
# a whole saved page round the article: (what comes before its text, what comes after)
_MENU = '<nav><ul><li><a href="/">Thời sự</a></li><li><a href="/tg">Thế giới</a></li></ul></nav>'
_RELATED = '<aside class="related"><h3>Tin liên quan</h3><ul><li><a href="/b">Chỉ thị số 35-CT/TW</a></li></ul></aside>'
_FOOTER = '<footer><p>© Báo Thanh Niên</p><p>Địa chỉ: Quận 3, TP.HCM</p></footer>'
PAGES = [
    ('<html><head><title>Tin | Báo</title><meta property="article:published_time" content="2019-06-07T02:30:00Z">'
     f'</head><body><header class="site-header">{_MENU}</header><main><article>',
     f"</article>{_RELATED}</main>{_FOOTER}</body></html>"),
    (f'<html><body><div class="header">{_MENU}</div><div class="breadcrumb">Trang chủ » Thời sự</div>'
     '<div class="detail-content">', f'<div class="box-tin-lien-quan">{_RELATED}</div></div><div id="footer">'
     f"{_FOOTER}</div></body></html>"),
    ('<html><head><meta property="og:title" content="Tiêu đề của trang"></head><body><h1>Tiêu đề trang</h1>'
     '<p class="date">Thứ Sáu, 7/6/2019</p><article class="a"><article class="teaser">x</article>',
     "</article><article>tin khác</article></body></html>"),
]
ENCODINGS = ["utf-8", "utf-8", "utf-16", "cp1258", "utf-8-sig"]
KEYS = ["title", "date", "time", "outlet", "byline", "author", "directives", "localities", "primary_locality",
        "genre", "slug", "year", "tags", "retrieved", "path", "warnings", "blocks", "draft"]
VALUES = ["", "null", "~", "2019-05-24", "24/5/2019", "2019-13-45", "'05-CT/TW'", "[05-CT/TW, 34-CT/TU]", "{a: 1}",
          "&a [1,2]", "*a", "!!python/object:os.system ls", "../../etc/passwd", "'<script>alert(1)</script>'",
          "Đà Nẵng", "[da-nang, quan-10]", "999999999999999999999", "-1", "true", "|\n  multi\n  line",
          "\"\\u0000\"", "[[[[[[]]]]]]", "'" + "x" * 500 + "'", "0x1F", ".nan", "2019-05-24T10:00:00+07:00",
          # the lists a sidecar may replace: names, keys, scopes, codes in other forms, nonsense
          "[Hà Giang, Tân Phú, TP.HCM, Quận 10]", "[{key: da-nang}, {code: 5}, {scope: [1]}]",
          "['34-CT/TU@da-nang', '05-ct/tư', 'Nghị quyết Trung ương 4 khóa XII', '01/CT-QU@x/y/z']",
          "['@', '@@', '05-CT/TW@', 'ho-chi-minh/quan-10/']", "false"]


def random_yaml(rnd: random.Random) -> str:
    lines = [f"{rnd.choice(KEYS)}: {rnd.choice(VALUES)}" for _ in range(rnd.randint(0, 8))]
    if rnd.random() < 0.1:
        lines.append("- a list item where a mapping is")
    if rnd.random() < 0.1:
        lines.append("\t tab: indent")
    return "\n".join(lines)


def mutate(text: str, others: list[str], rnd: random.Random) -> str:
    for _ in range(rnd.randint(1, 12)):
        k = rnd.random()
        i = rnd.randrange(len(text) + 1)
        if k < 0.3:
            text = text[:i] + rnd.choice(INSERTS) + text[i:]
        elif k < 0.45:
            text = text[:i] + text[min(len(text), i + rnd.randint(1, 200)):]
        elif k < 0.55:
            text = unicodedata.normalize("NFD", text)
        elif k < 0.65:
            lines = text.split("\n")
            rnd.shuffle(lines)
            text = "\n".join(lines)
        elif k < 0.75:
            j = min(len(text), i + rnd.randint(1, 300))
            text = text[:i] + text[i:j] * rnd.randint(2, 5) + text[j:]
        elif k < 0.8:
            text = text.upper() if rnd.random() < 0.5 else text.lower()
        elif k < 0.85:
            # the page's inner HTML: each line a paragraph, or a few tags around a span; or the
            # whole page, its furniture round the article (some of its tags left unclosed)
            r = rnd.random()
            if r < 0.35:
                text = "".join(f"<p>{x}</p>\n" for x in text.split("\n"))
            elif r < 0.55:
                head, body = rnd.choice(PAGES)
                text = head + "".join(f"<p>{x}</p>\n" for x in text.split("\n")) + body
                if rnd.random() < 0.3:
                    cut = rnd.choice(("</article>", "</div>", "</nav>", "</h1>", "</main>"))
                    text = text.replace(cut, "", rnd.randint(1, 3))
            else:
                j = min(len(text), i + rnd.randint(1, 300))
                text = f"{text[:i]}<div><b>{text[i:j]}</b><br></div>{text[j:]}"
        else:
            other = rnd.choice(others)
            j = rnd.randrange(len(other) + 1)
            text = text[:i] + other[j:j + 500] + text[i:]
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[ROOT / "content" / "articles"])
    ap.add_argument("--n", type=int, default=5000, help="cases (default 5000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slow", type=float, default=0.2, help="seconds an extraction may take (default 0.2)")
    ap.add_argument("--keep", type=Path, help="write failing and slow inputs here")
    ap.add_argument("--content", type=Path, default=ROOT / "content", help="data files (default: content/)")
    ap.add_argument("--overrides", action="store_true", help="random front matter and sidecars too")
    ap.add_argument("--build", type=Path, metavar="DIR", help="with --overrides: build the cases as a site in DIR")
    a = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for folder in a.folders for p in sorted(folder.rglob("*")) if p.suffix in (".txt", ".md")]
    if not texts:
        print("no .txt or .md articles in", ", ".join(map(str, a.folders)), file=sys.stderr)
        return 2
    extractor = Extractor.from_data(SiteData.load(a.content))
    rnd = random.Random(a.seed)
    failed: list[tuple[int, str]] = []
    slow: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bantin-fuzz-"))
    articles = work / "content" / "articles"
    articles.mkdir(parents=True)
    for k in range(a.n):
        text = mutate(rnd.choice(texts), texts, rnd)
        suffix = rnd.choice([".txt", ".txt", ".md"])
        if a.overrides and suffix == ".md" and rnd.random() < 0.9:
            text = f"---\n{random_yaml(rnd)}\n" + ("---\n" if rnd.random() < 0.9 else "") + text
        data = text.encode(rnd.choice(ENCODINGS), errors="replace")
        try:
            if a.overrides:
                path = articles / f"case-{k}{suffix}"
                path.write_bytes(data)
                if suffix == ".txt" and rnd.random() < 0.5:
                    path.with_suffix(".yaml").write_text(random_yaml(rnd), encoding="utf-8")
                doc = read_file(path, path.name, articles.parent)
            else:
                doc = parse_bytes(SourceDocument(path=f"case-{k}{suffix}"), data, suffix)
            if doc.ok:
                start = time.perf_counter()
                rec = extractor.extract(doc)
                took = time.perf_counter() - start
                assert isinstance(rec, Record)
                rec.to_dict()
                if took > a.slow:
                    slow.append((took, k))
                    print(f"slow: case {k} ({suffix}, {len(data)} bytes) {took:.2f} s", flush=True)
                    if a.keep:
                        a.keep.mkdir(parents=True, exist_ok=True)
                        (a.keep / f"slow-{a.seed}-{k}{suffix}").write_bytes(data)
        except Exception as e:  # noqa: BLE001 - every failure is reported, then the next case runs
            failed.append((k, f"{type(e).__name__}: {e}"))
            print(f"failed: case {k} ({suffix}): {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(limit=5)
            if a.keep:
                a.keep.mkdir(parents=True, exist_ok=True)
                (a.keep / f"failed-{a.seed}-{k}{suffix}").write_bytes(data)
    worst = max(slow)[0] if slow else 0.0
    print(f"{a.n} cases from {len(texts)} articles (seed {a.seed}) in {time.perf_counter() - t0:.1f} s: "
          f"{len(failed)} failed, {len(slow)} slower than {a.slow} s" + (f" (worst {worst:.2f} s)" if slow else ""))
    built = 0
    if a.overrides and a.build:
        for f in a.content.glob("*.yaml"):
            shutil.copy2(f, articles.parent / f.name)
        shutil.rmtree(a.build, ignore_errors=True)
        run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(articles.parent),
                              "--output", str(a.build / "public"), "--report", str(a.build / "build-report.json"),
                              "--templates", str(ROOT / "templates"), "--quiet"])
        built = run.returncode
        print(f"build of the cases in {a.build}: exit code {built}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed or slow or built else 0


if __name__ == "__main__":
    sys.exit(main())
