"""Extract stage: ``SourceDocument`` -> ``Record`` (SPEC sections 3 and 4).

One pass per concern, in this order because each uses the previous ones' results:
layout (blocks, title, date lines, byline) -> outlet -> date -> localities -> directives.
Maintainer overrides (front matter, sidecar) are applied last and win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import OutletInfo, SiteData
from ..model import Block, Byline, DirectiveRef, Locality, Outlet, Problem, Record, SourceDocument
from ..text import fold
from ..text import one_line, shorten
from ..text import slug as make_slug
from .bylines import BylineHit, KnownOutlets, parse_byline
from .document import read_document
from .dates import DateResult, decide_date
from .directives import find_directives, prepare_texts
from .localities import find_localities
from .overrides import override_directives, override_localities
from .layout import TITLE_MAX, Boilerplate, Layout, lead_marker, reading_form, split_layout

SLUG_MAX = 80


@dataclass
class Extractor:
    """Holds the data every extraction needs; build once, call ``extract`` per document."""

    data: SiteData
    boilerplate: Boilerplate

    @classmethod
    def from_data(cls, data: SiteData) -> "Extractor":
        return cls(data, Boilerplate.load(data.root / "boilerplate.yaml",
                                          getattr(data.gazetteer, "person_address", None)))

    def __post_init__(self) -> None:
        self._markers: dict[str, OutletInfo] = {}
        for o in self.data.outlets:
            for m in [*o.markers, o.key, o.name]:
                self._markers[fold(m).strip("() -–")] = o
        openings = self.data.outlet_openings
        self._known = KnownOutlets(self._markers, openings.outlet_openings, openings.outlet_name_openings)

    def outlet_by_marker(self, marker: str | None) -> OutletInfo | None:
        if not marker:
            return None
        return self._markers.get(fold(marker).strip("() -–"))

    def outlet_by_key(self, key: str) -> OutletInfo | None:
        for o in self.data.outlets:
            if o.key == key:
                return o
        return None

    def extract(self, doc: SourceDocument) -> Record:
        warnings: list[Problem] = [p for p in doc.problems if p.kind != "unreadable"]
        ov = doc.overrides
        document = None
        if doc.fmt == "md":
            from .markdown_blocks import markdown_blocks   # Markdown and nh3 load only when needed

            lines: list[int] = []
            md_title, blocks = markdown_blocks(doc.text, lines)
            lay = Layout(title=md_title or "", blocks=blocks)
            _markdown_edges(lay, [doc.body_line + n - 1 for n in lines], self._known,
                            self.boilerplate.name_titles)
            if blocks and blocks[0].kind == "paragraph":
                lead = blocks[0]
                lead.kind = "lead"
                lay.marker, start, end = lead_marker(lead.text, self._known)
                printed = lead.text[:end]
                if end and lead.html is not None and lead.html.startswith(printed):
                    # the marker is the page's furniture, as in a text file (its HTML is its text)
                    lead.text = lead.text[:start] + lead.text[end:]
                    lead.html = lead.html[:start] + lead.html[end:]
        else:
            document = read_document(doc.text) if "\n" in doc.text[:4000] else None
            if document is None:
                lay = split_layout(doc.text, self.boilerplate, self._known)
            else:   # the full text of a directive or a decision: its header and signature read apart
                lay = split_layout(document.text, self.boilerplate, self._known)
                lay.title = document.title
                if document.issued is not None:
                    lay.header_dates.insert(0, (document.issued, document.issued_line or 1))
                if document.signer:
                    lay.byline = BylineHit(document.signer, document.signer_raw or document.signer, "signer")
                lay.dropped[:0] = document.dropped

        title = one_line(ov.get("title") or lay.title)   # (a Markdown heading, a page's <title>: one line)
        if not title:
            warnings.append(Problem("no-title", "no title line found"))
            title = shorten(one_line(lay.lead), 80) or one_line(Path(doc.path).stem)
        elif len(title) > TITLE_MAX:   # a Markdown heading or a front-matter title: shown on many pages
            warnings.append(Problem("front-matter" if ov.get("title") else "no-title",
                                    f"title of {len(title):,} characters cut to {TITLE_MAX}"))
            title = shorten(title, TITLE_MAX)

        # outlet: front matter > lead marker
        outlet_info: OutletInfo | None = None
        outlet: Outlet | None = None
        if "outlet" in ov:
            o = ov["outlet"]
            key = o.get("key") if isinstance(o, dict) else o
            outlet_info = self.outlet_by_key(str(key)) or self.outlet_by_marker(str(key))
            outlet = (Outlet(outlet_info.key, outlet_info.name) if outlet_info else
                      Outlet(make_slug(str(key)) or "khong-ro", str(o.get("name", key) if isinstance(o, dict) else key)))
        else:
            outlet_info = self.outlet_by_marker(lay.marker)
            if outlet_info:
                outlet = Outlet(outlet_info.key, outlet_info.name)

        # (the title as the finders read it: as printed, it may hold invisible characters)
        texts = [reading_form(title)] + [b.text for b in lay.blocks]
        squashed = doc.fmt != "md"     # layout's blocks are squashed (Markdown's need not be)
        # folded and lower-cased in one pass for all three: dates and localities match lower case,
        # directives folds
        prepared = prepare_texts(texts, squashed)
        # the blocks lower-cased, when the prepared texts are these very blocks
        block_lows = prepared.lowered.split("\n")[1:] if prepared.lowered is not None \
            and prepared.texts == texts else None
        dres: DateResult = decide_date(lay.header_dates, lay.lead, texts[1:],
                                       bool(outlet_info and outlet_info.header_date_is_retrieval), block_lows,
                                       lay.bad_dates, lay.title_line if document is None else None)
        if "date" in ov:
            dres.date, dres.basis = ov["date"], "front-matter"
            dres.year = int(ov["date"][:4])
            dres.problems = [p for p in dres.problems or [] if p.kind != "no-date"]
        if "time" in ov:
            dres.time = ov["time"]
        if "year" in ov and "date" not in ov:
            dres.year, dres.basis = ov["year"], "front-matter"
            dres.problems = [p for p in dres.problems or [] if p.kind != "no-date"]
        if "retrieved" in ov:
            dres.retrieved = ov["retrieved"]
        warnings.extend(dres.problems or [])

        # byline
        byline: Byline | None = None
        credit_outlet: str | None = ov.get("credit_outlet")
        if lay.byline is not None:
            if lay.byline.role == "credit":
                credit_outlet = credit_outlet or lay.byline.credit_outlet
            else:
                byline = Byline(lay.byline.name, lay.byline.role, lay.byline.raw)
                credit_outlet = credit_outlet or lay.byline.credit_outlet
        if "byline" in ov:
            b = ov["byline"]
            if isinstance(b, dict):
                name = " ".join(str(b.get("name", "")).split())
                byline = Byline(name, str(b.get("role", "author")), str(b.get("raw", name))) if name else None
            else:
                b = " ".join(str(b).split())
                hit = parse_byline(b, known_outlets=KnownOutlets((), self._known.openings, self._known.name_openings),
                                   titles=self.boilerplate.name_titles) if b else None
                byline = Byline(hit.name if hit and hit.name else b, hit.role if hit and hit.name else "author", b) \
                    if b else None   # an empty byline: the maintainer says the article has none
        if "byline_role" in ov and byline is not None:
            byline.role = ov["byline_role"]
        if byline is None and "byline" not in ov:
            warnings.append(Problem("no-byline", "no byline found at the end of the text"))

        questions = sum(1 for b in lay.blocks if b.kind == "question")
        genre = ov.get("genre") or ("document" if document is not None else
                                    "interview" if questions >= 2 or (byline and byline.role == "interviewer")
                                    else "news")

        loc = find_localities(texts, self.data.gazetteer, dres.date, dres.year, blocks_squashed=squashed,
                              prepared=(prepared.texts, prepared.lowered))
        localities: list[Locality] = loc.localities
        found_primary = loc.primary
        if "localities" in ov:   # the maintainer's list, in place of extraction's (and its warnings)
            localities, given_problems, first = override_localities(
                ov["localities"], self.data.gazetteer, loc.localities, dres.date, dres.year)
            loc.problems, loc.localities = given_problems, localities
            if found_primary not in {x.key for x in localities}:
                found_primary = first
        primary = ov.get("primary_locality") or found_primary
        if primary != found_primary and self.data.gazetteer.unit(primary) is None:
            # a key no page has: every link to it would be broken
            warnings.append(Problem("front-matter", f"primary_locality {primary!r} is no known place key; "
                                    f"the one extraction found ({found_primary or 'none'}) is kept"))
            primary = found_primary
        warnings.extend(loc.problems)

        dirs = find_directives(texts, self.data.registry, localities, primary, dres.date, dres.year,
                               blocks_squashed=squashed, prepared=prepared,
                               place_aliases=self.data.gazetteer.alias_names())
        directives: list[DirectiveRef] = dirs.directives
        if "directives" in ov:   # the maintainer's list, in place of extraction's (and its warnings)
            directives, dirs.problems = override_directives(
                ov["directives"], self.data.registry, localities, primary, dirs.directives, dres.date,
                dres.year, self.data.gazetteer)
            dirs.directives = directives
        warnings.extend(dirs.problems)
        site = self.data.site
        if len(directives) > site.max_directives_per_article:
            directives = most_mentioned(directives, site.max_directives_per_article)
            warnings.append(Problem("too-many", f"{len(dirs.directives):,} directives cited: the "
                                    f"{len(directives):,} most mentioned are kept (max_directives_per_article "
                                    "in site.yaml)"))
        if len(localities) > site.max_localities_per_article:
            localities = most_mentioned(localities, site.max_localities_per_article, primary)
            warnings.append(Problem("too-many", f"{len(loc.localities):,} localities named: the "
                                    f"{len(localities):,} most mentioned are kept, with the units they lie in "
                                    "(max_localities_per_article in site.yaml)"))

        # only the start of the title matters for the slug (a pasted page can make a huge title)
        slug = make_slug((ov.get("slug") or title)[:SLUG_MAX * 3], max_length=SLUG_MAX) or "bai"
        if slug == "trang":
            slug = "trang-bai"  # never shadow a pagination folder
        return Record(
            path=doc.path, slug=slug, title=title, date=dres.date, time=dres.time,
            date_basis=dres.basis, year=dres.year, retrieved=dres.retrieved,
            outlet=outlet, byline=byline, credit_outlet=credit_outlet, genre=genre,
            localities=localities, primary_locality=primary, directives=directives,
            blocks=lay.blocks, dropped=lay.dropped, warnings=bounded_warnings(warnings),
            encoding=doc.encoding, digest=doc.digest, draft=bool(ov.get("draft")),
            slug_given=bool(ov.get("slug")),
        )


# warnings of one kind a record keeps; the rest are counted in one more (a file naming thousands
# of unknown codes made a report entry of thousands of lines, in the report of every build)
WARNINGS_PER_KIND = 50


# how many blocks may stand above a Markdown page's text as datelines ("*Thứ Sáu, 24/5/2019*",
# "Cập nhật: ...")
_MD_DATELINES = 3
_MD_BYLINE_MAX = 80


def _markdown_edges(lay: Layout, lines: list[int], known_outlets: frozenset[str],
                    titles: re.Pattern[str] | None = None) -> None:
    """A Markdown page's datelines above its text and its byline below it, as a text page has
    them: read into ``lay`` and taken out of its blocks (their text goes to ``dropped``).
    ``lines``: the file's line of each block."""
    from .markdown_blocks import dateline_hits

    blocks = lay.blocks
    top = 0
    while top < min(len(blocks), _MD_DATELINES) and blocks[top].kind == "paragraph":
        b = blocks[top]
        hits = dateline_hits(b.text, b.html)
        if hits is None:
            break
        for hit in hits:
            if isinstance(hit, str):
                lay.bad_dates.append((hit, lines[top]))
            elif hit is not None:
                lay.header_dates.append((hit, lines[top]))
        lay.dropped.append(b.text)
        top += 1
    del blocks[:top]
    del lines[:top]
    # (not a list's last item: "- Nguyễn Văn A" closes a list of people)
    if len(blocks) > 1 and blocks[-1].kind == "paragraph" and len(blocks[-1].text) <= _MD_BYLINE_MAX \
            and blocks[-1].text[:1] not in "-–—" and not blocks[-1].text[:1].isdigit():
        hit = parse_byline(blocks[-1].text, _MD_BYLINE_MAX, known_outlets, titles)
        if hit is not None:
            lay.byline, lay.byline_line = hit, lines[-1]
            lay.dropped.append(blocks.pop().text)
            lines.pop()


def bounded_warnings(warnings: list[Problem], per_kind: int = WARNINGS_PER_KIND) -> list[Problem]:
    """The first ``per_kind`` warnings of each kind, in order, and for a kind with more, one that
    says how many more there were."""
    seen: dict[str, int] = {}
    for w in warnings:
        seen[w.kind] = seen.get(w.kind, 0) + 1
    if max(seen.values(), default=0) <= per_kind:
        return warnings
    kept: list[Problem] = []
    count: dict[str, int] = {}
    for w in warnings:
        count[w.kind] = count.get(w.kind, 0) + 1
        if count[w.kind] <= per_kind:
            kept.append(w)
    for kind, n in seen.items():
        if n > per_kind:
            kept.append(Problem(kind, f"and {n - per_kind:,} more {kind} warnings in this file, not listed"))
    return kept


def most_mentioned(items: list, limit: int, keep: str | None = None) -> list:
    """The ``limit`` most mentioned of ``items`` (directive references or localities: each has a
    ``key`` and ``mentions``), the earlier first among equals, with the item keyed ``keep`` and, for
    localities, the province and district each kept one lies in; in their order in ``items``."""
    ranked = sorted(range(len(items)), key=lambda i: -items[i].mentions)
    keys = {items[i].key for i in ranked[:limit]}
    if keep is not None:
        keys.add(keep)
    for it in items:
        if it.key in keys and isinstance(it, Locality):
            keys.add(it.province_key)
            if it.district_key:
                keys.add(it.district_key)
    return [it for it in items if it.key in keys]


def extract_document(doc: SourceDocument, data: SiteData) -> Record:
    """Convenience wrapper for one-off use; build an ``Extractor`` once for many documents."""
    return Extractor.from_data(data).extract(doc)


__all__ = ["Extractor", "extract_document", "Block"]
