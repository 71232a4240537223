"""Registry growth for maintainers: which directive codes does a corpus cite, and which are missing?

``survey(texts_by_path, registry)`` runs the directive extractor over every article (without
localities: local codes are listed without scope) and aggregates per key: how many articles and
mentions, whether the registry knows it, one example context, and the issue date / issuer / subject
the texts themselves state. ``format_report`` prints it with a ready-to-paste YAML stub for every
missing code (append the stubs under ``directives:`` in ``content/directives.yaml``; check each
fact before keeping it). ``survey_paths`` reads plain-text files (UTF-8, one text per line).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .extract.directives import CODE_RE, _fold_aligned, canonical_code, find_directives
from .text import nfc, squash


@dataclass
class SurveyItem:
    key: str
    code: str
    kind: str
    issuer: str
    issuer_name: str | None = None
    articles: int = 0
    mentions: int = 0
    in_registry: bool = False
    example: str = ""                 # a short context from the first article citing it
    example_path: str = ""
    issued: list[str] = field(default_factory=list)    # dates the texts state (most common first)
    subjects: list[str] = field(default_factory=list)  # subjects the texts state


@dataclass
class SurveyReport:
    items: list[SurveyItem] = field(default_factory=list)   # most-cited first
    articles: int = 0
    articles_with_directives: int = 0
    unresolved: Counter = field(default_factory=Counter)    # printed short/named forms -> count

    @property
    def missing(self) -> list[SurveyItem]:
        return [i for i in self.items if not i.in_registry]


def _context(texts: list[str], code: str, width: int = 90) -> str:
    for t in texts:
        for m in CODE_RE.finditer(t):
            if canonical_code(m.group(0)) == code or code.split("@")[0] in m.group(0):
                a, b = max(0, m.start() - width), min(len(t), m.end() + width)
                return ("…" if a else "") + squash(t[a:b]) + ("…" if b < len(t) else "")
    # a named or short form: show the start of the first text mentioning the number
    num = code.split("-")[0].split("/")[0]
    for t in texts:
        i = t.find(num)
        if i >= 0:
            a, b = max(0, i - width), min(len(t), i + width)
            return ("…" if a else "") + squash(t[a:b]) + ("…" if b < len(t) else "")
    return ""


def survey(texts_by_path: dict[str, list[str]], registry) -> SurveyReport:
    report = SurveyReport()
    items: dict[str, SurveyItem] = {}
    issued: dict[str, Counter] = {}
    subjects: dict[str, Counter] = {}
    for path in sorted(texts_by_path):
        texts = [nfc(t) for t in texts_by_path[path] if t and t.strip()]
        report.articles += 1
        res = find_directives(texts, registry, [], None)
        if res.directives:
            report.articles_with_directives += 1
        for p in res.problems:
            if p.kind == "unresolved-reference":
                m = re.search(r"'(.*)'", p.message)
                report.unresolved[m.group(1) if m else p.message] += 1
        for d in res.directives:
            it = items.get(d.key)
            if it is None:
                it = items[d.key] = SurveyItem(key=d.key, code=d.code, kind=d.kind, issuer=d.issuer,
                                               issuer_name=d.issuer_name, in_registry=d.in_registry,
                                               example=_context(texts, d.code), example_path=path)
                issued[d.key], subjects[d.key] = Counter(), Counter()
            it.articles += 1
            it.mentions += d.mentions
            it.in_registry = it.in_registry or d.in_registry
            if d.issued and not d.in_registry:
                issued[d.key][d.issued] += 1
            if d.subject and not d.in_registry:
                subjects[d.key][d.subject] += 1
    for key, it in items.items():
        it.issued = [x for x, _ in issued[key].most_common()]
        it.subjects = [x for x, _ in subjects[key].most_common(3)]
    report.items = sorted(items.values(), key=lambda i: (-i.articles, -i.mentions, i.key))
    return report


def survey_paths(paths: list[Path], registry) -> SurveyReport:
    """Survey plain-text files: each non-empty line is one text (title, lead, paragraphs)."""
    texts: dict[str, list[str]] = {}
    for p in sorted(Path(x) for x in paths):
        if p.is_dir():
            for q in sorted(p.rglob("*.txt")):
                texts[q.as_posix()] = _read_lines(q)
        else:
            texts[p.as_posix()] = _read_lines(p)
    return survey(texts, registry)


def _read_lines(p: Path) -> list[str]:
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
    return [line.strip() for line in nfc(text).splitlines() if line.strip()]


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def format_report(report: SurveyReport) -> str:
    out = [f"Directive survey: {report.articles} articles, {report.articles_with_directives} cite a coded "
           f"directive, {len(report.items)} distinct codes, {len(report.missing)} not in the registry.", ""]
    out.append(f"{'code':<28} {'articles':>8} {'mentions':>8}  registry  example")
    for it in report.items:
        flag = "yes" if it.in_registry else "MISSING"
        out.append(f"{it.key:<28} {it.articles:>8} {it.mentions:>8}  {flag:<8}  {it.example[:160]}")
    if report.unresolved:
        out += ["", "Unresolved references (short or named forms with no code; most frequent first):"]
        for text, n in report.unresolved.most_common(40):
            out.append(f"  {n:>4}  {text}")
    missing = [i for i in report.missing if "@" not in i.key]
    local = [i for i in report.missing if "@" in i.key or i.issuer in ("TU", "QU", "HU", "TXU", "ĐU", "ĐUK", "UBND", "HĐND")]
    if missing:
        out += ["", "# YAML stubs for the missing central/state codes: check every fact, then paste under",
                "# 'directives:' in content/directives.yaml (leave out what you cannot confirm).", ""]
        for it in missing:
            if it in local:
                continue
            out.append(f"  - code: {it.code}")
            out.append(f"    kind: {it.kind}")
            if it.issuer_name:
                out.append(f"    issuer_name: {it.issuer_name}")
            if it.issued:
                out.append(f"    issued: {it.issued[0]}    # as printed in {it.example_path}")
            else:
                out.append("    # issued: YYYY-MM-DD")
            if it.subjects:
                out.append(f"    subject: {_q(it.subjects[0])}")
            else:
                out.append("    # subject: ...")
            out.append(f"    # seen in {it.articles} article(s), e.g. {it.example_path}")
            out.append("")
    if local:
        out += ["# Local codes (their identity depends on the province; add them with 'scope:' only when sure):"]
        for it in local:
            out.append(f"#   {it.key}  ({it.articles} article(s), e.g. {it.example_path})")
    return "\n".join(out).rstrip() + "\n"
