"""Province/district precision, recall and F1 of the locality extractor on the hand-annotated
real articles (../shared/corpus/real-visible/annotated-gold.yaml).

    .venv/bin/python bench/localities_eval.py [-v] [CORPUS_DIR]

Each corpus file is three lines (title, lead, one-line body); they are passed as the texts. The
articles are from 2017 (the crawl's year), which is passed as the year.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from bantin.extract.localities import find_localities  # noqa: E402
from bantin.gazetteer import Gazetteer  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus" / "real-visible"
    gold = yaml.safe_load((corpus / "annotated-gold.yaml").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    g = Gazetteer.load(ROOT / "content" / "places.yaml")
    load = time.perf_counter() - t0
    tally = {"province": [0, 0, 0], "district": [0, 0, 0]}
    spent = 0.0
    for name, want in gold.items():
        lines = (corpus / name).read_text(encoding="utf-8").splitlines()
        t = time.process_time()
        res = find_localities(lines, g, year=2017)
        spent += time.process_time() - t
        got = {"province": {l.key for l in res.localities if l.level == "province"},
               "district": {l.key for l in res.localities if l.level == "district"}}
        exp = {"province": set(want.get("provinces") or []), "district": set(want.get("districts") or [])}
        for lvl in tally:
            tp = len(got[lvl] & exp[lvl])
            tally[lvl][0] += tp
            tally[lvl][1] += len(got[lvl] - exp[lvl])
            tally[lvl][2] += len(exp[lvl] - got[lvl])
            if verbose and got[lvl] != exp[lvl]:
                print(f"{name} {lvl}: extra {sorted(got[lvl] - exp[lvl])} missing {sorted(exp[lvl] - got[lvl])}")
        if verbose:
            for p in res.problems:
                print(f"{name}   {p}")
    print(f"load {load * 1000:.0f} ms; {spent / len(gold) * 1000:.2f} ms CPU per article ({len(gold)} articles)")
    for lvl, (tp, fp, fn) in tally.items():
        p, r, f = prf(tp, fp, fn)
        print(f"{lvl:9s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
