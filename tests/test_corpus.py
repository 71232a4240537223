"""The real-article corpus (../shared/corpus/real-visible): extraction holds on text it was not tuned to.

Skipped cleanly when the corpus is not present. The files are read in place and never copied into
content/.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real-visible"

pytestmark = pytest.mark.skipif(not (CORPUS / "gold.jsonl").exists(), reason="real corpus not present")


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s).split()) if isinstance(s, str) else s


@pytest.fixture(scope="module")
def records():
    from bantin.config import SiteData
    from bantin.extract import Extractor
    from bantin.reader import read_file

    ex = Extractor.from_data(SiteData.load(ROOT / "content"))
    out, errors = {}, {}
    for path in sorted(CORPUS.glob("*.txt")):
        try:
            out[path.name] = ex.extract(read_file(path))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors[path.name] = repr(e)
    return out, errors


@pytest.fixture(scope="module")
def annotated():
    return yaml.safe_load((CORPUS / "annotated-gold.yaml").read_text(encoding="utf-8")) or {}


def test_every_file_extracts(records):
    recs, errors = records
    assert errors == {}
    assert len(recs) >= 300


def test_titles_match_the_publisher(records):
    recs, _ = records
    wrong = {}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            got = recs[g["file"]].title
            if norm(got) != norm(g["title"]):
                wrong[g["file"]] = (g["title"], got)
    assert wrong == {}


def test_bylines_and_credits(records, annotated):
    recs, _ = records
    ok = sum(1 for f, g in annotated.items()
             if norm(g.get("byline")) == norm(recs[f].byline.name if recs[f].byline else None))
    assert ok / len(annotated) >= 0.95
    roles = sum(1 for f, g in annotated.items() if g.get("byline_role") == (recs[f].byline.role if recs[f].byline else None))
    assert roles / len(annotated) >= 0.95
    credits = sum(1 for f, g in annotated.items() if norm(g.get("credit_outlet")) == norm(recs[f].credit_outlet))
    assert credits / len(annotated) >= 0.95


_PHOTO = re.compile(r"\(Ảnh\b|Ảnh\s?:|[-–] Ảnh\b|Ảnh minh h[ọo]a|Ảnh tư liệu")


def test_no_signature_left_in_the_text(records, annotated):
    recs, _ = records
    left = {}
    for f, g in annotated.items():
        text = "\n".join(b.text for b in recs[f].blocks if b.kind != "caption")
        tail = text[-120:]
        found = []
        if g.get("byline_raw") and g["byline_raw"] in tail:
            found.append(g["byline_raw"])
        if g.get("credit_outlet") and tail.rstrip(" .-").endswith(g["credit_outlet"]):
            found.append(g["credit_outlet"])
        m = _PHOTO.search(text)
        if m:
            found.append(text[max(0, m.start() - 30):m.end() + 30])
        if found:
            left[f] = found
    assert left == {}


def test_captions_keep_their_credit(records):
    recs, _ = records
    caps = [b.text for r in recs.values() for b in r.blocks if b.kind == "caption"]
    assert caps and sum(1 for c in caps if "Ảnh" in c) / len(caps) > 0.9
