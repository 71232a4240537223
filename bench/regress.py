#!/usr/bin/env python3
"""Guard extraction while optimising it: snapshot the records of a set of files, then compare.

    python bench/regress.py snapshot [FOLDER ...]    # writes bench/out/regress.jsonl
    python bench/regress.py compare  [FOLDER ...]    # prints every field that changed

Default folders: content/articles and ../shared/corpus/real-visible. The snapshot stays in
bench/out/ (not committed: it holds the corpus text). A speed-up is only a speed-up if
``compare`` prints nothing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "bench" / "out" / "regress.jsonl"
DEFAULT = [ROOT / "content" / "articles", ROOT.parent / "shared" / "corpus" / "real-visible"]


def extract_all(folders: list[Path]) -> tuple[dict[str, dict], float]:
    from bantin.config import SiteData
    from bantin.extract import Extractor
    from bantin.reader import read_file

    ex = Extractor.from_data(SiteData.load(ROOT / "content"))
    out: dict[str, dict] = {}
    cpu = 0.0
    for folder in folders:
        for f in sorted(folder.glob("*.txt")):
            doc = read_file(f, f"{folder.name}/{f.name}")
            if not doc.ok:
                continue
            t = time.process_time()
            rec = ex.extract(doc).to_dict()
            cpu += time.process_time() - t
            rec.pop("digest", None)
            out[doc.path] = rec
    return out, cpu


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("snapshot", "compare"):
        print(__doc__)
        return 2
    folders = [Path(a) for a in argv[1:]] or [f for f in DEFAULT if f.exists()]
    recs, cpu = extract_all(folders)
    print(f"{len(recs)} records, extraction {cpu / max(1, len(recs)) * 1000:.2f} ms CPU per article")
    if argv[0] == "snapshot":
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with open(OUT, "w", encoding="utf-8") as fh:
            for k in sorted(recs):
                fh.write(json.dumps({"key": k, "record": recs[k]}, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"snapshot: {OUT}")
        return 0
    old = {}
    for line in OUT.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        old[d["key"]] = d["record"]
    changed = 0
    for k in sorted(set(old) | set(recs)):
        a, b = old.get(k), recs.get(k)
        if a == b:
            continue
        changed += 1
        if a is None or b is None:
            print(f"{k}: {'new' if a is None else 'gone'}")
            continue
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                print(f"{k}: {field}: {json.dumps(a.get(field), ensure_ascii=False)[:200]} -> "
                      f"{json.dumps(b.get(field), ensure_ascii=False)[:200]}")
    print(f"{changed} records differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
