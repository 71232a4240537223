#!/usr/bin/env python3
"""Accuracy report: run the extractor over a corpus folder and score it against the gold files.

    python bench/accuracy.py ../shared/corpus/real-visible [--seeds-gold PATH] [--seeds DIR] [-q]

Gold discovery inside the folder:
  gold.jsonl            one object per file: ``file``, ``title`` (scored on every file)
  annotated-gold.yaml   hand-checked bylines, credit outlets, directives, provinces, districts
Dates are scored on the seeds (``../shared/spec/seeds-gold.yaml`` next to the corpus, or
``--seeds-gold``), where the page's dateline is the truth, and, in the same run, dateparser's
``search_dates`` is scored on the same pages so the gap is visible. Without dateparser the
comparison is skipped (``pip install -e .[bench]``).

Prints per field precision, recall and F1 (micro-averaged over the files), exact-match rates,
then the misses and false hits per file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from bantin.config import SiteData  # noqa: E402
from bantin.extract import Extractor  # noqa: E402
from bantin.model import Record  # noqa: E402
from bantin.reader import read_file  # noqa: E402


def norm(s: object) -> object:
    return " ".join(unicodedata.normalize("NFC", s).split()) if isinstance(s, str) else s


@dataclass
class SetScore:
    """Micro-averaged precision/recall over sets, with per-file misses and false hits."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_hits: dict[str, list[str]] = field(default_factory=dict)

    def add(self, file: str, gold: set[str], got: set[str]) -> None:
        self.tp += len(gold & got)
        fn, fp = sorted(gold - got), sorted(got - gold)
        self.fn += len(fn)
        self.fp += len(fp)
        if fn:
            self.misses[file] = fn
        if fp:
            self.false_hits[file] = fp

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class ExactScore:
    name: str
    ok: int = 0
    n: int = 0
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)

    def add(self, file: str, want: object, got: object) -> None:
        self.n += 1
        if norm(want) == norm(got):
            self.ok += 1
        else:
            self.wrong[file] = (want, got)

    @property
    def rate(self) -> float:
        return self.ok / self.n if self.n else 1.0


def _code(key: str) -> str:
    return key.split("@", 1)[0]


def load_extractor(content: Path) -> Extractor:
    return Extractor.from_data(SiteData.load(content))


def extract_folder(ex: Extractor, folder: Path) -> tuple[dict[str, Record], dict[str, str], float]:
    recs: dict[str, Record] = {}
    errors: dict[str, str] = {}
    t0 = time.perf_counter()
    for path in sorted(folder.glob("*.txt")):
        try:
            doc = read_file(path)
            recs[path.name] = ex.extract(doc)
        except Exception as e:  # noqa: BLE001 - the report counts every failure
            errors[path.name] = f"{type(e).__name__}: {e}"
    return recs, errors, time.perf_counter() - t0


def body_text(rec: Record, kinds: tuple[str, ...] = ("lead", "paragraph", "heading", "question", "answer")) -> str:
    return "\n".join(norm(b.text) for b in rec.blocks if b.kind in kinds)  # type: ignore[misc]


def load_annotations(paths: list[Path]) -> dict[str, dict]:
    """Hand annotations keyed by file name; a later file's entry replaces an earlier one's."""
    ann: dict[str, dict] = {}
    for path in paths:
        ann.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return ann


def score_corpus(folder: Path, recs: dict[str, Record], out: list[str],
                 annotations: list[Path] | None = None) -> dict[str, object]:
    """Score the records: titles against gold.jsonl, the rest against the hand annotations
    (the folder's annotated-gold.yaml unless other files are given)."""
    results: dict[str, object] = {}
    gold_jsonl = folder / "gold.jsonl"
    if gold_jsonl.exists():
        title = ExactScore("title exact match")
        for line in gold_jsonl.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            rec = recs.get(g["file"])
            title.add(g["file"], g.get("title"), rec.title if rec else None)
        results["title"] = title
    if annotations is None:
        annotations = [p for p in (folder / "annotated-gold.yaml",) if p.exists()]
    if annotations:
        ann = load_annotations(annotations)
        byline = ExactScore("byline exact match (name)")
        role = ExactScore("byline role exact match")
        credit = ExactScore("credit outlet exact match")
        whole = ExactScore("byline+role+credit all exact")
        dirs = SetScore("directives (key incl. scope)")
        codes = SetScore("directives (code only)")
        provs = SetScore("provinces")
        dists = SetScore("districts")
        leftovers: dict[str, list[str]] = {}
        for f, g in sorted(ann.items()):
            rec = recs.get(f)
            if rec is None:
                continue
            byline.add(f, g.get("byline"), rec.byline.name if rec.byline else None)
            role.add(f, g.get("byline_role"), rec.byline.role if rec.byline else None)
            credit.add(f, g.get("credit_outlet"), rec.credit_outlet)
            whole.add(f, repr((norm(g.get("byline")), g.get("byline_role"), norm(g.get("credit_outlet")))),
                      repr((norm(rec.byline.name) if rec.byline else None, rec.byline.role if rec.byline else None,
                            norm(rec.credit_outlet))))
            got_keys = {d.key for d in rec.directives}
            gold_keys = set(g.get("directives") or [])
            dirs.add(f, {norm(k) for k in gold_keys}, {norm(k) for k in got_keys})  # type: ignore[misc]
            codes.add(f, {norm(_code(k)) for k in gold_keys}, {norm(_code(k)) for k in got_keys})  # type: ignore[misc]
            provs.add(f, set(g.get("provinces") or []), {l.province_key for l in rec.localities})
            dists.add(f, set(g.get("districts") or []),
                      {l.key for l in rec.localities if l.level == "district"})
            # nothing of the signature may stay in the running text
            text = body_text(rec)
            left = []
            for raw in (g.get("byline_raw"),):
                if raw and _tail_has(text, norm(raw)):  # type: ignore[arg-type]
                    left.append(f"byline {raw!r}")
            if g.get("credit_outlet") and _tail_has(text, norm(g["credit_outlet"])):  # type: ignore[arg-type]
                left.append(f"credit {g['credit_outlet']!r}")
            m = _PHOTO_LEFT.search(text)
            if m:
                left.append(f"photo credit {text[max(0, m.start() - 30):m.end() + 30]!r}")
            if left:
                leftovers[f] = left
        results.update(byline=byline, role=role, credit=credit, whole=whole, directives=dirs, codes=codes,
                       provinces=provs, districts=dists, leftovers=leftovers, n_annotated=len(ann))
    return results


_PHOTO_LEFT = re.compile(r"\(Ảnh\b|Ảnh\s?:|[-–] Ảnh\b|Ảnh minh h[ọo]a|Ảnh tư liệu")


def _tail_has(text: str, s: str) -> bool:
    """The signature left at the end of the text (where a glued byline sits)."""
    return s in text[-(len(s) + 40):]


# --- dates on the seeds --------------------------------------------------------------------


def score_dates(ex: Extractor, seeds_gold: Path, seeds_dir: Path, out: list[str]) -> dict[str, object]:
    gold = yaml.safe_load(seeds_gold.read_text(encoding="utf-8")) or {}
    ours = ExactScore("dates: bantin")
    theirs = ExactScore("dates: dateparser.search_dates")
    have_dp = True
    try:
        from dateparser.search import search_dates  # type: ignore[import-untyped]
    except ImportError:
        have_dp = False
    for name, g in sorted(gold.items()):
        path = seeds_dir / name
        if not path.exists():
            continue
        want = g.get("date")
        want = want.isoformat() if hasattr(want, "isoformat") else want
        doc = read_file(path)
        rec = ex.extract(doc)
        ours.add(name, want, rec.date)
        if have_dp:
            theirs.add(name, want, _dateparser_date(search_dates, doc.text))
    res: dict[str, object] = {"ours": ours}
    if have_dp:
        res["theirs"] = theirs
        res["probes"] = _probes(search_dates)
    return res


def _dateparser_date(search_dates, text: str) -> str | None:  # type: ignore[no-untyped-def]
    """The obvious use: the first date search_dates finds in the page (Vietnamese, day first)."""
    try:
        found = search_dates(text[:3000], languages=["vi"], settings={"DATE_ORDER": "DMY"})
    except Exception:  # noqa: BLE001 - a crash is a miss
        return None
    return found[0][1].date().isoformat() if found else None


PROBES = [
    # (text, what it should give: an ISO date, "no date", or "day+month only")
    ("Thứ Năm, ngày 9 tháng 4 năm 2020", "2020-04-09"),
    ("Chủ nhật, 05/07/2020 09:47", "2020-07-05"),
    ("Sáng 7/6, Quận ủy Quận 10 tổ chức hội nghị", "day 7/6, year from the retrieval date"),
    ("Quận đã sáp nhập 12/12 phường trong năm", "no date"),
    ("Quy định số 102-QĐ/TW, ngày 15-11-2017", "not the article's date"),
]


def _probes(search_dates) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    from bantin.extract.dates import find_event_day, parse_dateline

    rows = []
    for text, want in PROBES:
        hit = parse_dateline(text)
        ev = find_event_day(text) if hit is None else None
        ours = hit.date.isoformat() if hit else (f"day {ev[0]}/{ev[1]}" if ev else "no date")
        try:
            found = search_dates(text, languages=["vi"], settings={"DATE_ORDER": "DMY"})
        except Exception as e:  # noqa: BLE001
            found = None
            theirs = f"error {type(e).__name__}"
        else:
            theirs = ", ".join(f"{s!r}->{d.date().isoformat()}" for s, d in found) if found else "no date"
        rows.append((text, want, ours, theirs))
    return rows


# --- report --------------------------------------------------------------------------------


def fmt_set(s: SetScore) -> str:
    return f"{s.name:34s} P {s.p:.3f}  R {s.r:.3f}  F1 {s.f1:.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})"


def fmt_exact(e: ExactScore) -> str:
    return f"{e.name:34s} {e.rate:.3f}   ({e.ok}/{e.n})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="corpus folder with *.txt, gold.jsonl, annotated-gold.yaml")
    ap.add_argument("--content", type=Path, default=ROOT / "content", help="site data folder")
    ap.add_argument("--seeds-gold", type=Path, default=None, help="seeds-gold.yaml (dates truth)")
    ap.add_argument("--seeds", type=Path, default=None, help="folder holding the seed articles")
    ap.add_argument("--annotations", type=Path, action="append", default=None, metavar="YAML",
                    help="score against these hand annotations instead of the folder's annotated-gold.yaml "
                         "(same format; repeatable)")
    ap.add_argument("-q", "--quiet", action="store_true", help="figures only, no per-file lists")
    args = ap.parse_args(argv)

    ex = load_extractor(args.content)
    out: list[str] = []
    recs, errors, secs = extract_folder(ex, args.folder)
    print(f"corpus {args.folder}: {len(recs) + len(errors)} files, {len(errors)} exceptions, "
          f"{secs:.2f}s ({(len(recs) / secs if secs else 0):.0f} files/s)")
    for f, e in errors.items():
        print(f"  EXCEPTION {f}: {e}")
    res = score_corpus(args.folder, recs, out, args.annotations)

    print()
    if "title" in res:
        print(fmt_exact(res["title"]))  # type: ignore[arg-type]
    if "byline" in res:
        print(f"-- on the {res['n_annotated']} annotated articles --")
        for k in ("byline", "role", "credit", "whole"):
            print(fmt_exact(res[k]))  # type: ignore[arg-type]
        for k in ("directives", "codes", "provinces", "districts"):
            print(fmt_set(res[k]))  # type: ignore[arg-type]
        left = res["leftovers"]
        print(f"{'signature left in body text':34s} {len(left)} files")  # type: ignore[arg-type]

    # dates on the seeds
    seeds_gold = args.seeds_gold
    if seeds_gold is None:
        for cand in (args.folder.resolve().parent.parent / "spec" / "seeds-gold.yaml",
                     ROOT.parent / "shared" / "spec" / "seeds-gold.yaml"):
            if cand.exists():
                seeds_gold = cand
                break
    seeds_dir = args.seeds
    if seeds_dir is None and seeds_gold is not None:
        for cand in (seeds_gold.parent.parent / "seeds", args.content / "articles"):
            if cand.exists():
                seeds_dir = cand
                break
    dres: dict[str, object] = {}
    if seeds_gold is not None and seeds_dir is not None and seeds_gold.exists():
        dres = score_dates(ex, seeds_gold, seeds_dir, out)
        print(f"-- dates on the seeds ({seeds_dir}, truth: {seeds_gold.name}) --")
        print(fmt_exact(dres["ours"]))  # type: ignore[arg-type]
        if "theirs" in dres:
            print(fmt_exact(dres["theirs"]))  # type: ignore[arg-type]
        else:
            print("dateparser not installed: comparison skipped (pip install -e .[bench])")
    else:
        print("dates: no seeds gold found (use --seeds-gold and --seeds); skipped")

    if args.quiet:
        return 1 if errors else 0

    print("\n== details ==")
    if "title" in res:
        for f, (w, g) in res["title"].wrong.items():  # type: ignore[union-attr]
            print(f"title {f}: want {w!r}, got {g!r}")
    if "byline" in res:
        for k in ("byline", "role", "credit"):
            for f, (w, g) in res[k].wrong.items():  # type: ignore[union-attr]
                print(f"{k} {f}: want {w!r}, got {g!r}")
        for k in ("directives", "provinces", "districts"):
            s: SetScore = res[k]  # type: ignore[assignment]
            for f in sorted(set(s.misses) | set(s.false_hits)):
                print(f"{k} {f}: missed {s.misses.get(f, [])}, false {s.false_hits.get(f, [])}")
        for f, left in res["leftovers"].items():  # type: ignore[union-attr]
            print(f"left in body {f}: {'; '.join(left)}")
    if dres:
        for who in ("ours", "theirs"):
            if who in dres:
                for f, (w, g) in dres[who].wrong.items():  # type: ignore[union-attr]
                    print(f"date {who} {f}: want {w!r}, got {g!r}")
        if "probes" in dres:
            print("\ndate traps (text | should be | bantin | dateparser.search_dates):")
            for text, want, ours, theirs in dres["probes"]:  # type: ignore[union-attr]
                print(f"  {text!r} | {want} | {ours} | {theirs}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
