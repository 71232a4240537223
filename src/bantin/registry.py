"""The directive registry: ``content/directives.yaml`` (SPEC 3.3).

The registry maps canonical codes to what is known about each document (kind, issuer, date,
term, subject), holds the named forms that resolve to a code ("Nghị quyết Trung ương 4 khóa XII"
-> 04-NQ/TW) and the bare short forms that mean a document even without its full code in the
article ("Chỉ thị 05" -> 05-CT/TW in an article about learning from Hồ Chí Minh's example).
The YAML schema is documented in the comment header of ``content/directives.yaml``.

Central Party numbers restart with each term, so one code may have several entries;
``Registry.lookup(code, date)`` picks the one in force at ``date``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any

from .config import expect, line_of, load_yaml
from .text import fold, nfc

# First year of each Party term (the Congress that opened it); used to order entries that have
# a term but no issue date.
TERM_START = {
    "VIII": "1996-06-28", "IX": "2001-04-19", "X": "2006-04-18", "XI": "2011-01-12",
    "XII": "2016-01-20", "XIII": "2021-01-25", "XIV": "2026-01-19",
}

_ROMAN = re.compile(r"^[IVXLC]+$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_FIELDS = {"code", "kind", "issuer_name", "issued", "term", "subject", "title", "names",
           "short_forms", "context", "scope", "note"}


@dataclass(slots=True)
class RegistryEntry:
    code: str                       # canonical code
    kind: str                       # "Chỉ thị", "Nghị quyết", ...
    issuer: str                     # issuer code: "TW", "TTg", "QH", ...
    issuer_name: str | None = None
    issued: str | None = None       # ISO date or None
    term: str | None = None         # Roman numerals: "XII"
    subject: str | None = None
    title: str | None = None        # display name ("Nghị quyết Trung ương 4 khóa XII")
    aliases: list[str] = field(default_factory=list)      # named forms
    short_forms: list[str] = field(default_factory=list)  # "Chỉ thị 05", ...
    context: list[str] = field(default_factory=list)      # any of these must occur for short forms
    scope: str | None = None        # locality key, for local codes only
    line: int | None = None         # line in directives.yaml

    @property
    def key(self) -> str:
        return f"{self.code}@{self.scope}" if self.scope else self.code

    @property
    def order_date(self) -> str | None:
        """The date used to pick among same-code entries: issued, else the start of its term."""
        return self.issued or (TERM_START.get(self.term) if self.term else None)

    @property
    def name(self) -> str | None:
        return self.title or (self.aliases[0] if self.aliases else None)


_OFFICE = re.compile(r"^[A-ZĐ]{2,6}$")


class Registry:
    def __init__(self, entries: list[RegistryEntry] | None = None, path: Path | None = None,
                 offices: "set[str] | frozenset[str] | None" = None):
        self.path = path
        # the letters of a Party committee's offices (``party_offices:``), for codes that glue them
        # to the committee's ("03-HD/BTGTU" is "03-HD/BTG-TU"; see ``spelling``)
        self.offices: frozenset[str] = frozenset(offices or ())
        self._entries: list[RegistryEntry] = []
        self._by_code: dict[str, list[RegistryEntry]] = {}
        self._named: dict[tuple[int, str], RegistryEntry] = {}
        self._literal: dict[str, RegistryEntry] = {}
        self._short: dict[tuple[str, str], list[RegistryEntry]] = {}
        self._lookups: dict[tuple[str, str | None, str | None], RegistryEntry | None] = {}   # lookup() memo
        # a state code's printed variants -> the registry's spelling of it ("1/NQ-CP" -> "01/NQ-CP",
        # "19/2017/NQ-CP" -> "19-2017/NQ-CP"), and spelling()'s answers
        self._spelled: dict[str, str] = {}
        self._spellings: dict[str, str] = {}
        for e in entries or []:
            self.add(e)

    # --- building ---------------------------------------------------------------------------

    def add(self, e: RegistryEntry) -> None:
        from .extract.directives import parse_named, parse_short, spelling_key

        self._entries.append(e)
        self._lookups.clear()
        self._spellings.clear()
        self._by_code.setdefault(e.code, []).append(e)
        sk = spelling_key(e.code)
        if sk is not None:
            self._spelled.setdefault(sk, e.code)
        for name in e.aliases:
            parsed = parse_named(name)
            if parsed:
                plenum, terms = parsed
                for t in terms:
                    self._named[(plenum, t)] = e
            else:
                self._literal[_norm(name)] = e
        for sf in e.short_forms:
            ps = parse_short(sf)
            if ps:
                self._short.setdefault(ps, []).append(e)

    @classmethod
    def load(cls, path: Path) -> "Registry":
        """Read ``directives.yaml``; a missing file is an empty registry.

        Raises ``DataError`` (file and line) for malformed YAML or a bad entry.
        """
        from .extract.directives import canonical_code, code_parts, split_office

        path = Path(path)
        if not path.exists():
            return cls(path=path)
        lined = load_yaml(path)              # syntax errors, duplicate keys -> DataError with line
        if lined is None:
            return cls(path=path)
        expect(isinstance(lined, dict) and isinstance(lined.get("directives", []), list), path,
               "expected a mapping with a list under 'directives:'", 1)
        items = lined.get("directives") or []
        offices = _load_offices(lined, path)
        reg = cls(path=path, offices=offices)
        for i, item in enumerate(items):
            line = line_of(item)
            where = f"entry #{i + 1}"
            expect(isinstance(item, dict), path, f"{where}: expected a mapping (code: ..., kind: ...)", line)
            unknown = sorted(k for k in item if k not in _FIELDS)
            expect(not unknown, path, f"{where}: unknown field(s) {', '.join(map(str, unknown))}", line)
            code_raw = item.get("code")
            expect(isinstance(code_raw, str) and code_raw.strip() != "", path, f"{where}: 'code' is required text", line)
            code = canonical_code(code_raw, spelled=True)     # the registry's spelling of a state code
            expect(code is not None, path, f"{where}: {code_raw!r} is not a directive code", line)
            if offices:
                code = split_office(code, offices)
            where = f"{code}"
            for k in ("kind", "issuer_name", "subject", "title", "term", "scope"):
                expect(item.get(k) is None or isinstance(item.get(k), str), path, f"{where}: '{k}' must be text", line)
            issued = item.get("issued")
            if isinstance(issued, _date):
                issued = issued.isoformat()
            if issued is not None:
                ok = isinstance(issued, str) and bool(_ISO.match(issued))
                if ok:
                    try:
                        _date.fromisoformat(issued)
                    except ValueError:
                        ok = False
                expect(ok, path, f"{where}: 'issued' must be a date YYYY-MM-DD, got {issued!r}", line)
            term = item.get("term")
            if term is not None:
                term = str(term).strip().upper()
                expect(bool(_ROMAN.match(term)), path, f"{where}: 'term' must be Roman numerals (XII), got {term!r}", line)
            lists = {}
            for k in ("names", "short_forms", "context"):
                v = item.get(k) or []
                expect(isinstance(v, list) and all(isinstance(x, str) for x in v), path,
                       f"{where}: '{k}' must be a list of text", line)
                lists[k] = [nfc(x) for x in v]
            parts = code_parts(code)
            kind = item.get("kind") or parts["kind_name"]
            e = RegistryEntry(code=code, kind=kind, issuer=parts["issuer"], issuer_name=item.get("issuer_name"),
                              issued=issued, term=term, subject=item.get("subject"), title=item.get("title"),
                              aliases=lists["names"], short_forms=lists["short_forms"], context=lists["context"],
                              scope=item.get("scope"), line=line)
            for sf in e.short_forms:
                from .extract.directives import parse_short
                expect(parse_short(sf) is not None, path,
                       f"{where}: short form {sf!r} is not 'KIND NUMBER' (\"Chỉ thị 05\")", line)
            for other in reg._by_code.get(code, []):
                expect(not (other.scope == e.scope and other.order_date == e.order_date), path,
                       f"{where}: same code and scope as the entry on line {other.line}; "
                       "give each its 'issued' date or 'term'", line)
            reg.add(e)
        return reg

    # --- queries ----------------------------------------------------------------------------

    def entries(self) -> list[RegistryEntry]:
        return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def lookup(self, code: str, date: str | None = None, scope: str | None = None) -> RegistryEntry | None:
        """The entry for canonical ``code`` (any printed variant is accepted).

        Several entries may share a code (numbers restart with each Party term): with ``date``
        (ISO, or a year "2019") the latest entry issued on or before it wins; an entry issued
        after ``date`` cannot be meant. Without ``date`` the most recent entry wins.
        Entries with a ``scope`` only match that scope.
        """
        memo_key = (code, date, scope)
        if memo_key in self._lookups:
            return self._lookups[memo_key]
        found = self._lookup(code, date, scope)
        self._lookups[memo_key] = found
        return found

    def spelling(self, code: str) -> str:
        """Canonical ``code`` as the registry writes it: a state code whose number (leading zeros
        apart) and year it holds takes the registry's spelling ("1/NQ-CP" -> "01/NQ-CP" when the
        registry writes "01/NQ-CP"); a code whose issuer glues one of ``offices`` to a Party
        committee is dashed ("03-HD/BTGTU" -> "03-HD/BTG-TU", the committee its issuer); any other
        code is itself."""
        out = self._spellings.get(code)
        if out is None:
            from .extract.directives import split_office, spelling_key

            c = split_office(code, self.offices) if self.offices else code
            if c in self._by_code or not self._spelled:
                out = c
            else:
                sk = spelling_key(c)
                out = self._spelled.get(sk, c) if sk is not None else c
            if len(self._spellings) > 50_000:
                self._spellings.clear()
            self._spellings[code] = out
        return out

    def _lookup(self, code: str, date: str | None, scope: str | None) -> RegistryEntry | None:
        cands = self._by_code.get(code)
        if cands is None:
            from .extract.directives import canonical_code

            c = canonical_code(code)
            c = self.spelling(c) if c else c
            cands = self._by_code.get(c, []) if c else []
        cands = [e for e in cands if e.scope == scope]
        if not cands:
            return None
        if len(cands) == 1 and date is None:
            return cands[0]
        dated = sorted((e for e in cands if e.order_date), key=lambda e: e.order_date)
        undated = [e for e in cands if not e.order_date]
        if date is None:
            return dated[-1] if dated else undated[0]
        ref = _ref_date(date)
        before = [e for e in dated if e.order_date <= ref]
        if before:
            return before[-1]
        return undated[0] if undated else None

    def named(self, plenum: int, term: str) -> RegistryEntry | None:
        """The document a plenum name refers to: (4, "XII") -> 04-NQ/TW."""
        return self._named.get((plenum, term))

    def literal_names(self) -> dict[str, RegistryEntry]:
        """Folded literal names -> entry, for names that are not plenum names (those go by ``named``)."""
        return self._literal

    def short_alias(self, kind_abbr: str, number: str, folded_text: str,
                    date: str | None = None) -> RegistryEntry | None:
        """Resolve a bare short form ("Chỉ thị 05") through the registry's aliases.

        ``folded_text`` is the article folded with ``bantin.text.fold``; an entry with ``context``
        phrases only applies when one of them occurs in it. ``date`` rules out entries issued later.
        """
        found = []
        for e in self._short.get((kind_abbr, number.lstrip("0") or "0"), []):
            if e.context and not any(_norm(c) in folded_text for c in e.context):
                continue
            if date and e.order_date and e.order_date > _ref_date(date):
                continue
            found.append(e)
        if not found:
            return None
        return max(found, key=lambda e: e.order_date or "")


def _load_offices(lined: Any, path: Path) -> frozenset[str]:
    """``party_offices:``: a list of {letters, name}, the offices (ban) of a Party committee as
    their letters are printed before the committee's in a code ("BTG" in "03-HD/BTG-TU")."""
    from .extract.directives import PARTY_ISSUERS, STATE_ISSUERS

    items = lined.get("party_offices") or []
    expect(isinstance(items, list), path, "'party_offices:' must be a list", line_of(items))
    out: dict[str, int | None] = {}
    for i, item in enumerate(items):
        line = line_of(item)
        where = f"party office #{i + 1}"
        expect(isinstance(item, dict) and set(item) <= {"letters", "name"}, path,
               f"{where}: expected a mapping with 'letters' and 'name'", line)
        letters, name = item.get("letters"), item.get("name")
        expect(isinstance(letters, str) and bool(_OFFICE.match(letters)), path,
               f"{where}: 'letters' must be 2-6 capital letters (\"BTG\"), got {letters!r}", line)
        expect(isinstance(name, str) and name.strip() != "", path, f"{where}: 'name' is required text", line)
        expect(letters not in PARTY_ISSUERS and letters not in STATE_ISSUERS, path,
               f"{where}: {letters!r} is an issuer, not an office", line)
        expect(letters not in out, path, f"{where}: {letters!r} is already listed on line {out.get(letters)}", line)
        out[letters] = line
    return frozenset(out)


def _norm(s: str) -> str:
    return " ".join(fold(s).split())


def _ref_date(date: str) -> str:
    date = str(date)
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-12-31"
    return date[:10]
