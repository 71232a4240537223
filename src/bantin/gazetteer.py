"""The gazetteer: Vietnam's administrative units as they were before the 2025 reform, and today's.

Source data is the real package ``vietnam_provinces.legacy`` (63 provinces, 696 districts, ~10,000
wards, a mid-2025 snapshot) plus its conversion table to today's 34 provinces, plus
``content/places.yaml`` (aliases, units the snapshot lacks, renamings and type changes with their
dates, and words that mark a name as part of another entity's name).

Keys are python-slugify slugs of the bare name ("ho-chi-minh", "da-nang/hoa-vang",
"da-nang/thanh-khe/thanh-khe-dong"); numbered units keep their type word ("quan-10", "phuong-10").
A key never changes when a unit is renamed or upgraded (Thị xã -> Thành phố): the name and type at a
given date come from ``Gazetteer.unit_at``.

Importing the package's legacy tables takes about 0.4 s, so the processed tables are cached in a
pickle (``$BANTIN_CACHE_DIR`` or ``~/.cache/bantin``) keyed by the package version, this module and
places.yaml; a load from the cache takes a few milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from datetime import date as _date
from pathlib import Path
from typing import Any

from slugify import slugify

from .config import DataError, expect, load_yaml
from .text import tone_normalize, vi_sorted

LEVELS = ("province", "district", "ward")
# the type words that can open a numbered unit ("Quận 10", "Q.10", "phường 7"), lower-cased
NUMBERED_WORDS = ("quận", "q.", "phường", "p.")
# a numbered unit's capital letter alone and its number's first digit ("Q1", "P 7"): reported with
# the form "@" (the extractor reads them only in an address)
LETTER_NUMBERED_WORDS = tuple(f"{c}{sp}{d}" for c in "qp" for sp in ("", " ") for d in "0123456789")
TYPE_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
_NUM = re.compile(r"\d+")
_FAR_PAST = "0000-01-01"
_FAR_FUTURE = "9999-12-31"


@dataclass(frozen=True, slots=True)
class Unit:
    key: str            # "ho-chi-minh", "ho-chi-minh/quan-10", "da-nang/thanh-khe/thanh-khe-dong"
    name: str           # full name with type word: "Thành phố Hồ Chí Minh", "Quận 10", "Huyện Hòa Vang"
    short_name: str     # bare: "Hồ Chí Minh", "Quận 10", "Hòa Vang"
    level: str          # "province" | "district" | "ward"
    province_key: str
    district_key: str | None   # for wards
    parent_key: str | None
    today: str | None   # the unit it belongs to after the 2025 reform ("Thành phố Hồ Chí Minh")
    type_name: str      # "Quận", "Huyện", "Thị xã", "Thành phố", "Tỉnh", "Phường", "Xã", "Thị trấn"


@dataclass(frozen=True, slots=True)
class Period:
    """A name/type a unit had, valid from ``start`` to ``end`` (ISO dates, inclusive)."""

    start: str
    end: str
    name: str
    short_name: str
    type_name: str


def split_name(full: str) -> tuple[str, str]:
    """"Huyện Hòa Vang" -> ("Huyện", "Hòa Vang"); "Quận 10" -> ("Quận", "Quận 10")."""
    full = " ".join(full.split())
    low = full.lower()
    for t in TYPE_WORDS:
        if low.startswith(t.lower() + " "):
            bare = full[len(t) + 1:]
            if bare.isdigit():
                return t, f"{t} {bare}"
            return t, bare
    return "", full


def _canonical_name(full: str) -> str:
    """"Thành Phố Đồng Hới" -> "Thành phố Đồng Hới" (the type word as the gazetteer mostly writes it)."""
    t, bare = split_name(full)
    if not t:
        return full
    return bare if bare.startswith(t + " ") and bare[len(t) + 1:].isdigit() else f"{t} {bare}"


def unit_slug(short_name: str) -> str:
    return slugify(short_name)


def _iso(v: Any, path: Path, what: str) -> str:
    if isinstance(v, _date):
        return v.isoformat()
    if isinstance(v, int):
        return f"{v:04d}-01-01"
    expect(isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v or "") is not None, path,
           f"{what}: expected a date YYYY-MM-DD, got {v!r}")
    return v


def _str_list(v: Any, path: Path, what: str) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    expect(isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v), path,
           f"{what}: expected a list of text, none empty")
    return [tone_normalize(" ".join(x.split())) for x in v]


def when_range(date: str | None = None, year: int | None = None) -> tuple[str, str] | None:
    """The span an article's time covers: one day, one year, or None (unknown: any time)."""
    if date:
        return (date[:10], date[:10])
    if year:
        return (f"{year:04d}-01-01", f"{year:04d}-12-31")
    return None


class _UnitTable:
    """Units by key, made from the cache's plain tuples on first use (unpickling 12,000
    dataclasses costs 0.1 s; tuples a fifth of that)."""

    __slots__ = ("_rows", "_made")

    def __init__(self, rows: dict[str, Any]):
        self._rows = rows
        self._made: dict[str, Unit] = {}

    def get(self, key: str) -> Unit | None:
        u = self._made.get(key)
        if u is None:
            row = self._rows.get(key)
            if row is None:
                return None
            u = row if isinstance(row, Unit) else Unit(*row)
            self._made[key] = u
        return u

    def __getitem__(self, key: str) -> Unit:
        u = self.get(key)
        if u is None:
            raise KeyError(key)
        return u

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def keys(self):
        return self._rows.keys()

    def values(self) -> list[Unit]:
        return [self[k] for k in self._rows]

    def items(self) -> list[tuple[str, Unit]]:
        return [(k, self[k]) for k in self._rows]


class Gazetteer:
    """Administrative units by key, their hierarchy, names over time, and matching data."""

    def __init__(self, data: dict[str, Any]):
        self._units = _UnitTable(data["units"])
        self._children: dict[str, list[str]] = data["children"]
        self._periods: dict[str, list[Period]] = data["periods"]     # key -> periods (sorted)
        self._valid: dict[str, tuple[str, str]] = data["valid"]       # key -> (from, until)
        self.aliases: dict[str, list[str]] = data["aliases"]          # normalised alias -> keys
        self.marker_only: set[str] = data["marker_only"]              # normalised names
        self.not_place_before: list[str] = data["not_place_before"]
        self.not_place_after: list[str] = data["not_place_after"]
        self.not_place_before_type_word: list[str] = data.get("not_place_before_type_word", [])
        self.person_words: set[str] = data["person_words"]
        self.company_words: list[str] = data.get("company_words", [])   # "công ty", "tập đoàn"
        # lower-case words that end a company's name before a place ("tại", "hỗ trợ")
        self.company_name_breaks: frozenset[str] = frozenset(data.get("company_name_breaks", ()))
        self.foreign_countries: list[str] = data.get("foreign_countries", [])   # "trung quốc", "lào"
        self.person_address: set[str] = data.get("person_address", set())   # "chị", "đồng chí"
        self._alias_names: dict[str, list[str]] | None = None     # ``alias_names``, made once
        self._abroad_forms: tuple[str, ...] | None = None          # ``abroad_forms``, made once
        self._foreign_names: tuple[str, ...] | None = None         # ``foreign_names``, made once
        self._provinces: list[str] = data["provinces"]
        self._names: dict[str, list[str]] | None = data.get("names")  # normalised bare name -> keys
        self._matcher: Any = data.get("matcher")
        # what the extractor derives from these data (stop-word sets, per-unit tables, whether the
        # automaton reports a form): made once per gazetteer by the extractor, kept with it so a
        # worker that gets the gazetteer has them too. Keys are the extractor's names.
        self.derived: dict[str, Any] = {}

    # --- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, places_yaml: Path) -> "Gazetteer":
        places_yaml = Path(places_yaml)
        raw_bytes = places_yaml.read_bytes() if places_yaml.exists() else b""
        h = hashlib.sha256()
        h.update(raw_bytes)
        h.update(Path(__file__).read_bytes())
        h.update(_package_stamp().encode())
        digest = h.hexdigest()[:24]
        for cache in _cache_paths(digest):
            try:
                with cache.open("rb") as f:
                    data = pickle.load(f)
                if isinstance(data, dict) and data.get("digest") == digest:
                    return cls(data)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
                continue
        data = _build(places_yaml, raw_bytes)
        data["digest"] = digest
        g = cls(data)
        g._name_index()
        data["names"] = g._names
        data["matcher"] = g.matcher()
        data["units"] = {k: tuple(getattr(u, f) for f in Unit.__slots__) for k, u in data["units"].items()}
        for cache in _cache_paths(digest):
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".gaz-")
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, cache)
                _prune(cache.parent, keep=8)
                break
            except OSError:
                continue
        return g

    # --- public queries --------------------------------------------------------------------

    def unit(self, key: str) -> Unit | None:
        return self._units.get(key)

    def provinces(self) -> list[Unit]:
        return [self._units[k] for k in self._provinces]

    def children(self, key: str) -> list[Unit]:
        return vi_sorted([self._units[k] for k in self._children.get(key, ())],
                         key=lambda u: _NUM.sub(lambda m: m.group().zfill(4), u.short_name))

    def units(self) -> list[Unit]:
        return list(self._units.values())

    def timeless(self, key: str) -> bool:
        """Is the unit the same at any time: no dated names, no span of existence? (``valid`` and
        ``called`` then answer the same for every span.)"""
        return key not in self._periods and key not in self._valid

    def valid(self, key: str, span: tuple[str, str] | None) -> bool:
        """Did the unit exist at some point of ``span`` (None: at any time)?"""
        if span is None:
            return True
        start, end = self._valid.get(key, (_FAR_PAST, _FAR_FUTURE))
        return start <= span[1] and end >= span[0]

    def called(self, key: str, form: str, span: tuple[str, str] | None) -> bool:
        """Was the unit called ``form`` (a match form of its bare name) at some point of ``span``?"""
        periods = self._periods.get(key)
        if not periods or span is None:
            return True
        return any(p.start <= span[1] and p.end >= span[0] and match_form(p.short_name) == form for p in periods)

    def unit_at(self, key: str, date: str | None = None, year: int | None = None) -> Unit | None:
        """The unit with the name and type it had at ``date`` (or in ``year``)."""
        u = self._units.get(key)
        if u is None:
            return None
        periods = self._periods.get(key)
        span = when_range(date, year)
        if not periods or span is None:
            return u
        point = span[0] if date else f"{year:04d}-07-01"
        for p in periods:
            if p.start <= point <= p.end:
                return replace(u, name=p.name, short_name=p.short_name, type_name=p.type_name)
        return u

    def type_at(self, key: str, span: tuple[str, str] | None) -> set[str]:
        """Every type the unit had during ``span`` ("Thị xã" and "Thành phố" for a 2023 upgrade)."""
        u = self._units[key]
        periods = self._periods.get(key)
        if not periods:
            return {u.type_name}
        if span is None:
            return {p.type_name for p in periods} | {u.type_name}
        return {p.type_name for p in periods if p.start <= span[1] and p.end >= span[0]} or {u.type_name}

    def alias_names(self) -> dict[str, list[str]]:
        """Unit key -> its aliases (normalised: "tp.hcm"), for matching a place after an issuing
        body ("Thành ủy TP.HCM"); made once."""
        out = self._alias_names
        if out is None:
            out = {}
            for name, keys in self.aliases.items():
                for k in keys:
                    out.setdefault(k, []).append(name)
            self._alias_names = out
        return out

    def abroad_forms(self) -> tuple[str, ...]:
        """What follows a place named with its foreign country in brackets, lower case, in every
        spelling: " (trung quốc)", ", lào)", " (lào,"; made once."""
        out = self._abroad_forms
        if out is None:
            out = self._abroad_forms = tuple(sorted({f"{lead}{v}{end}" for v in self.foreign_names()
                                                     for lead, end in ((" (", ")"), (", ", ")"), (" (", ","))}))
        return out

    def foreign_names(self) -> tuple[str, ...]:
        """The foreign countries' names, lower case, in every spelling, the longest first; made once."""
        out = self._foreign_names
        if out is None:
            out = self._foreign_names = tuple(sorted({v.lower() for c in self.foreign_countries
                                                      for v in spellings(c)}, key=lambda v: (-len(v), v)))
        return out

    def names(self) -> dict[str, list[str]]:
        """Normalised lower-case bare name -> keys of the units ever called so (aliases apart)."""
        return self._name_index()

    def _name_index(self) -> dict[str, list[str]]:
        if self._names is None:
            idx: dict[str, list[str]] = {}
            for key, u in self._units.items():
                names = {u.short_name}
                for p in self._periods.get(key, ()):
                    names.add(p.short_name)
                for n in names:
                    idx.setdefault(match_form(n), []).append(key)
            self._names = idx
        return self._names

    def matcher(self) -> Any:
        """The Aho-Corasick automaton over every bare name and alias (built on first use).

        It holds each name in both tone-mark conventions and with any dash spacing, lower-cased,
        so the text needs no normalisation but ``str.lower``; a hit's value is (the name's
        canonical form, the key of ``names()`` and ``aliases``; the length of the spelling found).

        It also holds the type words of numbered units (``NUMBERED_WORDS``: "quận", "q.", ...)
        with an empty form, so that the extractor finds those in the same pass; a word that is
        also a name's spelling keeps the name's value.
        """
        if self._matcher is None:
            import ahocorasick

            a = ahocorasick.Automaton()
            # The automaton looks a character up among a node's children one by one, in the order
            # they were added, and most characters of a text are looked up at the root. So the
            # root's first child is the space (most frequent, and no name starts with it: a word
            # that never occurs in text gives it a child), then the letters names start with, the
            # most frequent in Vietnamese text first.
            a.add_word(_ROOT_SPACE, ("", len(_ROOT_SPACE)))
            pats = set(self._name_index()) | set(self.aliases)
            for p in sorted(pats, key=_root_order):
                if len(p) >= 3 and not p.rsplit(" ", 1)[-1].isdigit():   # "Quận 10": see extractor
                    for v in spellings(p):
                        # a spelling of two names is the last one's in sorted order, as it was
                        # when names were added in that order
                        if not (a.exists(v) and a.get(v)[0] > p):
                            a.add_word(v, (p, len(v)))
            for w in NUMBERED_WORDS:
                if not a.exists(w):
                    a.add_word(w, ("", len(w)))
            for w in LETTER_NUMBERED_WORDS:
                if not a.exists(w):
                    a.add_word(w, ("@", len(w)))
            a.make_automaton()
            self._matcher = a
        return self._matcher


# The first child of the automaton's root: a space and NUL (a text with it yields a hit of empty
# form, as a numbered unit's type word does, where no unit can start: harmless)
_ROOT_SPACE = " \x00"
_FREQUENT_INITIALS = "nhctgiđuavámoprày"


def _root_order(p: str) -> tuple[int, str]:
    """Names whose first letter is frequent in Vietnamese text first, else in sorted order."""
    i = _FREQUENT_INITIALS.find(p[:1])
    return (i if i >= 0 else len(_FREQUENT_INITIALS), p)


# --- normalisation shared with the extractor ------------------------------------------------

_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_APOSTROPHES = re.compile(r"['\u2019\u02bc] ?")
_APOSTROPHE_FORMS = ("'", "\u2019", "\u02bc")     # ' ’ ʼ
_ABBR_DOT = re.compile(r"(?<![^\W\d_])(tp|tx|tt|q|h|p)\.\s*", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r" ?\n[\s]*")


def lower_same_length(s: str) -> str:
    lo = s.lower()
    if len(lo) == len(s):
        return lo
    out = []
    for ch in s:
        lo = ch.lower()
        out.append(lo if len(lo) == 1 else ch)
    return "".join(out)


def normalize_text(s: str) -> str:
    """Tone-normalised NFC, one space for a run of white space (line breaks kept, one per run), one
    form for dashes, apostrophes ("Ia H’ Drai" = "Ia H'Drai") and "TP." abbreviations.

    The result keeps the letter case; ``match_form`` also lower-cases it.
    """
    s = tone_normalize(s)
    s = _SPACES.sub(" ", s)
    if "\n" in s:
        s = _NEWLINES.sub("\n", s)
    s = _DASHES.sub("-", s)
    if "'" in s or "\u2019" in s or "\u02bc" in s:
        s = _APOSTROPHES.sub("'", s)
    s = _ABBR_DOT.sub(lambda m: m.group(1) + ". ", s)
    return s.strip()


def match_form(s: str) -> str:
    return lower_same_length(normalize_text(s))


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OLD_OA = re.compile("([oO])([" + _TONE_MARKS + "])([aAeE])(?![^\\W\\d_])")
_OLD_UY = re.compile("(?<![qQ])([uU])([" + _TONE_MARKS + "])([yY])(?![^\\W\\d_])")


def old_tone_form(s: str) -> str:
    """The other tone-mark convention of a ``tone_normalize``d text: "hòa" -> "hoà", "ủy" -> "uỷ"."""
    d = unicodedata.normalize("NFD", s)
    d = _OLD_OA.sub(r"\1\3\2", d)
    d = _OLD_UY.sub(r"\1\3\2", d)
    return unicodedata.normalize("NFC", d)


def spellings(form: str) -> set[str]:
    """Every way a match form can be written: both tone conventions, dashes with or without spaces,
    apostrophes ' ’ ʼ with or without a space after them."""
    out = set()
    for t in {form, old_tone_form(form)}:
        out.add(t)
        if ". " in t:
            out.add(t.replace(". ", "."))
        if "-" in t:
            for dash in (" - ", " – ", "–", " -", "- ", " — "):
                out.add(t.replace("-", dash))
    if "'" in form:
        out = {t.replace("'", a + sp) for t in out for a in _APOSTROPHE_FORMS for sp in ("", " ")}
    return out


# --- cache ----------------------------------------------------------------------------------

def _package_stamp() -> str:
    """Identifies the installed gazetteer data without importing it (that takes 0.4 s)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("vietnam_provinces")
    except (ImportError, ValueError):  # pragma: no cover
        return "none"
    if spec is None or not spec.origin:
        return "none"
    base = Path(spec.origin).parent
    parts = []
    for rel in ("__init__.py", "legacy/_lookup.py", "_province_conversion_2025.py"):
        try:
            st = (base / rel).stat()
            parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{rel}:-")
    return "|".join(parts)


def _prune(folder: Path, keep: int) -> None:
    """Drop all but the ``keep`` newest caches (earlier data versions, other places.yaml files)."""
    try:
        files = sorted(folder.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in files[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def _cache_paths(digest: str) -> list[Path]:
    dirs = []
    env = os.environ.get("BANTIN_CACHE_DIR")
    if env:
        dirs.append(Path(env))
    try:
        dirs.append(Path.home() / ".cache" / "bantin")
    except RuntimeError:  # pragma: no cover - no home
        pass
    dirs.append(Path(tempfile.gettempdir()) / "bantin-cache")
    return [d / f"gazetteer-{digest}.pickle" for d in dirs]


# --- building from the package and places.yaml ----------------------------------------------

def _today_names() -> tuple[dict[int, str], dict[int, str]]:
    """Old province code -> today's province name; old ward code -> today's ward name."""
    prov: dict[int, str] = {}
    wards: dict[int, str] = {}
    try:
        from vietnam_provinces import Province as NewProvince
        from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as P_OLD_TO_NEW
    except ImportError:  # pragma: no cover
        return prov, wards
    new_names: dict[int, str] = {}

    def pname(code: int) -> str:
        if code not in new_names:
            new_names[code] = tone_normalize(NewProvince.from_code(code).name)
        return new_names[code]

    for old, entry in P_OLD_TO_NEW.items():
        news = [pname(int(r.code)) for r in entry.new_provinces]
        prov[int(old)] = " / ".join(dict.fromkeys(news))
    try:
        from vietnam_provinces import Ward as NewWard
        from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as W_OLD_TO_NEW
    except ImportError:  # pragma: no cover
        return prov, wards
    for old, entry in W_OLD_TO_NEW.items():
        parts = []
        for r in entry.new_wards:
            try:
                w = NewWard.from_code(r.code)
                parts.append(f"{tone_normalize(w.name)}, {pname(int(r.province_code))}")
            except (ValueError, KeyError):
                continue
        if parts:
            wards[int(old)] = " / ".join(dict.fromkeys(parts))
    return prov, wards


def _build(path: Path, raw_bytes: bytes) -> dict[str, Any]:
    from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING, PROVINCE_MAPPING, WARD_MAPPING

    cfg = load_yaml(path, raw_bytes.decode("utf-8-sig")) if raw_bytes else {}
    cfg = cfg or {}
    expect(isinstance(cfg, dict), path, "expected a mapping (aliases:, historic:, history:, ...)")

    prov_today, ward_today = _today_names()
    key_overrides = cfg.get("province_keys") or {}
    expect(isinstance(key_overrides, dict), path, "province_keys: expected a mapping of gazetteer code to key")

    units: dict[str, Unit] = {}
    children: dict[str, list[str]] = {}
    pkey_by_code: dict[int, str] = {}
    dkey_by_code: dict[int, str] = {}

    for code, p in PROVINCE_MAPPING.items():
        full = _canonical_name(tone_normalize(p.name))
        t, bare = split_name(full)
        key = str(key_overrides.get(int(code)) or unit_slug(bare))
        pkey_by_code[int(code)] = key
        units[key] = Unit(key, full, bare, "province", key, None, None, prov_today.get(int(code)), t)
        children[key] = []

    # Districts: two units of one province with the same bare name (Huyện Kỳ Anh, Thị xã Kỳ Anh):
    # the town keeps the bare key, the rural district gets "huyen-" before it.
    seen: dict[str, list[Any]] = {}
    for d in DISTRICT_MAPPING.values():
        t, bare = split_name(tone_normalize(d.name))
        seen.setdefault(f"{pkey_by_code[int(d.province_code)]}/{unit_slug(bare)}", []).append(d)
    for base, ds in seen.items():
        for d in ds:
            full = _canonical_name(tone_normalize(d.name))
            t, bare = split_name(full)
            key = base
            if len(ds) > 1 and t == "Huyện":
                pk, slug = base.split("/")
                key = f"{pk}/huyen-{slug}"
            pk = pkey_by_code[int(d.province_code)]
            dkey_by_code[int(d.code)] = key
            units[key] = Unit(key, full, bare, "district", pk, None, pk, prov_today.get(int(d.province_code)), t)
            children[pk].append(key)
            children[key] = []

    for w in WARD_MAPPING.values():
        full = _canonical_name(tone_normalize(w.name))
        t, bare = split_name(full)
        dk = dkey_by_code.get(int(w.district_code))
        if dk is None:
            continue
        pk = units[dk].province_key
        key = f"{dk}/{unit_slug(bare)}"
        if key in units:
            key = f"{dk}/{unit_slug(full)}"
            if key in units:
                key = f"{dk}/{unit_slug(full)}-{int(w.code)}"
        today = ward_today.get(int(w.code)) or prov_today.get(int(w.province_code))
        units[key] = Unit(key, full, bare, "ward", pk, dk, dk, today, t)
        children[dk].append(key)

    periods: dict[str, list[Period]] = {}
    valid: dict[str, tuple[str, str]] = {}

    # Units the snapshot lacks (merged or renamed away before mid-2025).
    for i, item in enumerate(cfg.get("historic") or []):
        what = f"historic #{i + 1}"
        expect(isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("name"), str),
               path, f"{what}: expected a mapping with text fields 'key' and 'name'")
        key = item["key"]
        full = tone_normalize(" ".join(item["name"].split()))
        t, bare = split_name(full)
        parent = key.rsplit("/", 1)[0] if "/" in key else None
        level = ("province", "district", "ward")[key.count("/")]
        expect(level == "province" or parent in units, path, f"{what} ({key}): parent {parent!r} is not a known unit")
        pk = key.split("/")[0]
        today = item.get("today") or (units[pk].today if pk in units else None)
        start = _iso(item.get("from", _FAR_PAST), path, f"{what} from")
        end = _iso(item.get("until", _FAR_FUTURE), path, f"{what} until")
        units[key] = Unit(key, full, bare, level, pk, parent if level == "ward" else None, parent, today, t)
        valid[key] = (start, end)
        if parent:
            children.setdefault(parent, []).append(key)
        children.setdefault(key, [])
        # wards that belonged to it then (they are found under their later district in the snapshot)
        for wname in _str_list(item.get("wards"), path, f"{what} wards"):
            wt, wbare = split_name(wname)
            if not wt:
                wt, wname = "Phường", f"Phường {wname}"
            wkey = f"{key}/{unit_slug(wbare)}"
            units[wkey] = Unit(wkey, wname, wbare, "ward", pk, key, key, today, wt)
            valid[wkey] = (start, end)
            children[key].append(wkey)

    # Renamings and type changes: earlier names of units that exist (key unchanged).
    for i, item in enumerate(cfg.get("history") or []):
        what = f"history #{i + 1}"
        expect(isinstance(item, dict) and isinstance(item.get("key"), str), path,
               f"{what}: expected a mapping with a text field 'key'")
        key = item["key"]
        expect(key in units, path, f"{what}: unknown unit key {key!r}")
        u = units[key]
        ps: list[Period] = []
        prev_end = _FAR_PAST
        for j, p in enumerate(item.get("periods") or []):
            expect(isinstance(p, dict) and isinstance(p.get("name"), str), path,
                   f"{what} period #{j + 1}: expected a mapping with 'name' and 'until'")
            full = tone_normalize(" ".join(p["name"].split()))
            t, bare = split_name(full)
            end = _iso(p.get("until"), path, f"{what} period #{j + 1} until")
            start = _next_day(prev_end) if prev_end != _FAR_PAST else _iso(p.get("from", _FAR_PAST), path, what)
            ps.append(Period(start, end, full, bare, t or u.type_name))
            prev_end = end
        ps.append(Period(_next_day(prev_end) if prev_end != _FAR_PAST else _FAR_PAST, _FAR_FUTURE,
                         u.name, u.short_name, u.type_name))
        periods[key] = ps
        if "from" in item:
            valid[key] = (_iso(item["from"], path, f"{what} from"), valid.get(key, ("", _FAR_FUTURE))[1])

    # Units of the snapshot created late (Quận Thuận Hóa of Huế, 2025).
    for key, start in (cfg.get("created") or {}).items():
        expect(key in units, path, f"created: unknown unit key {key!r}")
        valid[key] = (_iso(start, path, f"created {key}"), valid.get(key, ("", _FAR_FUTURE))[1])

    aliases: dict[str, list[str]] = {}
    raw_aliases = cfg.get("aliases") or {}
    expect(isinstance(raw_aliases, dict), path, "aliases: expected a mapping of unit key to a list of names")
    for key, names in raw_aliases.items():
        expect(key in units, path, f"aliases: unknown unit key {key!r}")
        for n in _str_list(names, path, f"aliases of {key}"):
            lst = aliases.setdefault(match_form(n), [])
            if key not in lst:
                lst.append(key)

    # Provinces merged away long before the snapshot (Hà Tây, Hà Sơn Bình): named in history texts.
    # One that went whole into one unit of today is an alias of it; one split among several is a
    # name no place reads, so no shorter name inside it is read either ("tỉnh Hà Nam Ninh" is not
    # Hà Nam).
    raw_former = cfg.get("former_units") or []
    expect(isinstance(raw_former, list), path, "former_units: expected a list of {name, until, into}")
    for j, item in enumerate(raw_former):
        what = f"former_units #{j + 1}"
        expect(isinstance(item, dict) and isinstance(item.get("name"), str), path, f"{what}: expected a name")
        into = item.get("into")
        expect(into is None or into in units, path, f"{what}: unknown unit key {into!r}")
        lst = aliases.setdefault(match_form(item["name"]), [])
        if into is not None and into not in lst:
            lst.append(into)

    provinces = [u.key for u in vi_sorted([u for u in units.values() if u.level == "province"],
                                          key=lambda u: u.short_name)]
    return {
        "units": units,
        "children": children,
        "periods": periods,
        "valid": valid,
        "aliases": aliases,
        "marker_only": {match_form(n) for n in _str_list(cfg.get("marker_only"), path, "marker_only")},
        "not_place_before": sorted({match_form(n) for n in _str_list(cfg.get("not_place_before"), path,
                                                                     "not_place_before")}, key=len, reverse=True),
        "not_place_before_type_word": sorted({match_form(n) for n in _str_list(
            cfg.get("not_place_before_type_word"), path, "not_place_before_type_word")}, key=len, reverse=True),
        "not_place_after": sorted({match_form(n) for n in _str_list(cfg.get("not_place_after"), path,
                                                                    "not_place_after")}, key=len, reverse=True),
        "company_words": sorted({match_form(n) for n in _str_list(cfg.get("company_words"), path,
                                                                  "company_words")}),
        "company_name_breaks": sorted({v for n in _str_list(cfg.get("company_name_breaks"), path,
                                                            "company_name_breaks") for v in spellings(match_form(n))}),
        "foreign_countries": sorted({match_form(n) for n in _str_list(cfg.get("foreign_countries"), path,
                                                                      "foreign_countries")}),
        "person_words": {match_form(n) for n in _str_list(cfg.get("person_name_words"), path, "person_name_words")},
        "person_address": {match_form(n) for n in _str_list(cfg.get("forms_of_address"), path, "forms_of_address")},
        "provinces": provinces,
        "names": None,
    }


def load_forms_of_address(places_yaml: Path) -> frozenset[str]:
    """``forms_of_address`` of places.yaml as the gazetteer reads them (``match_form``), without
    building the gazetteer (none when the file is missing)."""
    places_yaml = Path(places_yaml)
    raw = load_yaml(places_yaml) if places_yaml.exists() else None
    if not isinstance(raw, dict):
        return frozenset()
    return frozenset(match_form(n) for n in _str_list(raw.get("forms_of_address"), places_yaml, "forms_of_address"))


def _next_day(iso: str) -> str:
    from datetime import timedelta
    return (_date.fromisoformat(iso) + timedelta(days=1)).isoformat()


__all__ = ["Gazetteer", "Unit", "Period", "DataError", "normalize_text", "match_form", "split_name", "when_range"]
