"""A maintainer's ``localities:`` and ``directives:`` (front matter or sidecar) in place of what
extraction found (SPEC section 2: front-matter fields override extraction).

Each list replaces the extracted one whole, in the given order. Entries are resolved with the
same data extraction uses, so that a corrected record is like any other:

- a locality is a key ("da-nang", "ho-chi-minh/quan-10") or a name ("Đà Nẵng", "Quận 10",
  "Thành phố Đà Nẵng", "TP.HCM", either tone-mark convention): a type word given picks among
  units of one name, else the highest is meant ("Hà Giang" is the province, not its city), and a
  name left to several units of one level ("Tân Phú") asks for a key. The units it lies in come
  with it, as with extraction;
- a directive is a code in any of its written forms ("05-CT/TW", "05-ct/tư", "27/CT-TTg"), a
  named form ("Nghị quyết Trung ương 4 khóa XII"), or a key with its scope ("34-CT/TU@da-nang");
  a local code without a scope takes it from the article's localities, as extraction does.

An entry that resolves to nothing is a ``front-matter`` warning naming it, and is left out.
Mentions are the text's own: extraction's count for an entry it also found, else 0.
"""

from __future__ import annotations

from typing import Any

from ..gazetteer import Gazetteer, match_form
from ..model import DirectiveRef, Locality, Problem
from .directives import find_directives, kept_parts, spelling_key
from .localities import _LEVEL_RANK, _info

# type words a unit's full name may start with ("Thành phố Đà Nẵng"): the bare name follows
_TYPE_WORDS = ("thành phố ", "tỉnh ", "quận ", "huyện ", "thị xã ", "thị trấn ", "phường ", "xã ", "tp. ", "tp ")


def _shown(value: Any) -> str:
    """``repr(value)``, cut short: an entry may be as long as the field limit allows."""
    r = repr(value)
    return r if len(r) <= 80 else r[:77] + "..."


def _entry_text(entry: Any, field: str) -> str | None:
    if isinstance(entry, dict):
        entry = entry.get("key") or entry.get(field) or entry.get("name")
    return " ".join(str(entry).split()) if isinstance(entry, str) and entry.strip() else None


def _unit_keys(g: Gazetteer, text: str) -> list[str]:
    """The keys ``text`` names: itself as a key, else a name or alias of units."""
    if g.unit(text) is not None:
        return [text]
    form = match_form(text)
    names = g.names()
    for candidate in (form, *(form[len(w):] for w in _TYPE_WORDS if form.startswith(w))):
        keys = names.get(candidate) or g.aliases.get(candidate)
        if keys:
            if candidate != form:   # "Quận 10": the type word given must be the unit's
                keys = [k for k in keys if form.startswith(match_form(g.unit(k).type_name) + " ")] or keys
            return list(dict.fromkeys(keys))
    return []


def override_localities(entries: list, g: Gazetteer, extracted: list[Locality], date: str | None,
                        year: int | None) -> tuple[list[Locality], list[Problem], str | None]:
    """The localities ``entries`` give, with the units they lie in, and the key of the first
    entry (the article's primary locality, unless extraction's is among them)."""
    problems: list[Problem] = []
    found = {loc.key: loc.mentions for loc in extracted}
    order: list[str] = []
    first: str | None = None
    for entry in entries:
        text = _entry_text(entry, "key")
        if text is None:
            problems.append(Problem("front-matter", f"localities: {_shown(entry)} is no place; ignored"))
            continue
        keys = _unit_keys(g, text)
        if not keys:
            problems.append(Problem("front-matter", f"localities: {_shown(text)} is no known place (a key like "
                                    "'da-nang' or 'ho-chi-minh/quan-10', or a unit's name); ignored"))
            continue
        if len(keys) > 1:   # a bare name is read as the highest unit so called ("Hà Giang": the province)
            top = min(_LEVEL_RANK[_info(g, k)[0]] for k in keys)
            keys = [k for k in keys if _LEVEL_RANK[_info(g, k)[0]] == top]
        if len(keys) > 1:
            problems.append(Problem("front-matter", f"localities: {_shown(text)} names {len(keys)} places "
                                    f"({', '.join(keys[:5])}): give one key; ignored"))
            continue
        key = keys[0]
        first = first or key
        info = _info(g, key)
        for k in (info[1], info[4], key):   # the province, the district (for a ward), the unit
            if k and k not in order:
                order.append(k)
    locs = []
    for k in order:
        u = g.unit_at(k, date, year) or g.unit(k)
        locs.append(Locality(key=k, name=u.name, level=u.level, province_key=u.province_key,
                             mentions=found.get(k, 0), short_name=u.short_name, district_key=u.district_key))
    # in extraction's order: provinces, then districts, then wards
    locs.sort(key=lambda l: _LEVEL_RANK[l.level])
    return locs, problems, first


def override_directives(entries: list, registry: Any, localities: list[Locality], primary: str | None,
                        extracted: list[DirectiveRef], date: str | None, year: int | None,
                        g: Gazetteer) -> tuple[list[DirectiveRef], list[Problem]]:
    """The directives ``entries`` give, resolved as extraction resolves a code in the text."""
    problems: list[Problem] = []
    # a state code printed two ways ("8/CT-TTg", "08/CT-TTg") is one document, as in the text
    found = {_one_key(d): d for d in extracted}
    out: dict[str, DirectiveRef] = {}
    for entry in entries:
        text = _entry_text(entry, "code")
        scope = None
        if isinstance(entry, dict) and isinstance(entry.get("scope"), str):
            scope = entry["scope"].strip() or None
        if text is not None and "@" in text:
            text, _, given = text.partition("@")
            scope = scope or given.strip() or None
        if text is None or not text.strip():
            problems.append(Problem("front-matter", f"directives: {_shown(entry)} is no directive code; ignored"))
            continue
        locs, main = localities, primary
        if scope is not None:
            if g.unit(scope) is None:
                problems.append(Problem("front-matter", f"directives: the scope {_shown(scope)} of {_shown(text)} is no "
                                        "known place key; ignored"))
                continue
            locs = override_localities([scope], g, [], date, year)[0]
            main = scope
        refs = find_directives([text], registry, locs, main, date, year, place_aliases=g.alias_names()).directives
        if len(refs) != 1:
            what = "is no directive code" if not refs else f"names {len(refs)} directives: give one a line"
            problems.append(Problem("front-matter", f"directives: {_shown(text)} {what}; ignored"))
            continue
        ref = refs[0]
        one = _one_key(ref)
        same = [d for d in (found.get(one), out.get(one)) if d is not None and d.key != ref.key]
        if same and _number_len(same[0]) > _number_len(ref):
            ref = same[0]    # the spelling with its number's leading zero (the official one)
        ref.mentions = found[one].mentions if one in found else 0
        if one in out:
            out[one] = ref if _number_len(ref) > _number_len(out[one]) else out[one]
        else:
            out[one] = ref
    return list(out.values()), problems


def _one_key(d: DirectiveRef) -> str:
    """Where the spellings of one document's key meet: a state code's number without its leading
    zeros ("08/CT-TTg" and "8/CT-TTg"), with its scope; else the key."""
    sk = spelling_key(d.code)
    return d.key if sk is None else (f"{sk}@{d.scope}" if d.scope else sk)


def _number_len(d: DirectiveRef) -> int:
    return len(kept_parts(d.code)["number"])
