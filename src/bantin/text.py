"""Vietnamese text helpers shared by every stage: normalisation, folding, ordering, dates.

Two tone-mark conventions exist for the same syllables: the "old" one puts the mark on the first
vowel of oa/oe/uy ("hoà", "uỷ", "khoá"), the "new" one on the second ("hòa", "ủy", "khóa").
``tone_normalize`` maps both to the new one, so matching is done on one form while the text keeps
the writer's own spelling.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from datetime import date
from functools import lru_cache

# --- normalisation --------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below

def _move_tone(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# Caches hold short strings only (names, words, furniture lines), which recur from article to
# article; a paragraph seldom recurs, and caching it kept megabytes of text alive per worker.
_CACHED_LEN = 80


def tone_normalize(s: str) -> str:
    """Return ``s`` in NFC with tone marks placed one way: "Hoà" -> "Hòa", "Uỷ" -> "Ủy".

    The gazetteer and most papers write the mark on the first vowel of a final oa/oe/uy
    ("Hòa Vang", "Ủy ban"); the other convention writes it on the second ("Hoà", "Uỷ"). Only a
    diphthong that ends the syllable moves: "hoàn", "toán", "thuyết" are written alike both ways.
    """
    return _tone_normalize_cached(s) if len(s) <= _CACHED_LEN else _tone_normalize(s)


def _tone_normalize(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    if not any(t in d for t in _TONES):
        return unicodedata.normalize("NFC", s)
    return unicodedata.normalize("NFC", _SECOND_VOWEL_TONE.sub(_to_first_vowel, d))


_tone_normalize_cached = lru_cache(maxsize=16384)(_tone_normalize)


_SECOND_VOWEL_TONE = re.compile(
    "(?:([oO])([aAeE])|(?<![qQ])([uU])([yY]))([" + _TONES + "])(?![^\\W\\d_])"
)


def _to_first_vowel(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(5) + m.group(2)
    return m.group(3) + m.group(5) + m.group(4)


# a final open diphthong with its tone mark on the first vowel ("òa", "ủy", in NFD)
_FIRST_VOWEL_TONE = re.compile(
    "(?:([oO])([" + _TONES + "])([aAeE])|(?<![qQ])([uU])([" + _TONES + "])([yY]))(?![^\\W\\d_])"
)


def _to_second_vowel(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


def other_tone_convention(s: str) -> str:
    """``s`` in NFC with the marks of final open diphthongs on their second vowel: "Hòa" ->
    "Hoà", "Ủy" -> "Uỷ" (the reverse of ``tone_normalize``). Tests and benches write the other
    convention with it, to check that both are read alike."""
    return unicodedata.normalize("NFC", _FIRST_VOWEL_TONE.sub(_to_second_vowel, unicodedata.normalize("NFD", s)))


_STRIP_MARKS = re.compile("[\u0300-\u036f]")


# the marks Vietnamese writes (acute, grave, hook, tilde, dot below, circumflex, breve, horn):
# ``str.replace`` removes each far faster than a regex substitution removes them all
_VI_MARKS = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323", "\u0302", "\u0306", "\u031b")


def fold(s: str) -> str:
    """Lower-case ASCII folding: "Đà Nẵng" -> "da nang". Used for search and loose matching."""
    return _fold_cached(s) if len(s) <= _CACHED_LEN else _fold(s)


def _fold(s: str) -> str:
    if s.isascii():
        return s.lower()
    fast = _fast_fold(s)
    if fast is not None:
        return fast
    return _fold_slow(s)


_fold_cached = lru_cache(maxsize=16384)(_fold)


def _fold_slow(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    if not d.isascii():
        for mark in _VI_MARKS:
            d = d.replace(mark, "")
        if not d.isascii() and _STRIP_MARKS.search(d):   # any other mark of the range
            d = _STRIP_MARKS.sub("", d)
    return d.lower()


# --- fast folding -----------------------------------------------------------------------------
#
# For text made only of ASCII (printable, tab, line breaks), Vietnamese letters of either case and
# common punctuation, ``fold`` is a character-for-character map: no character of that set is a
# combining mark, so NFD decomposes each one on its own, and its marks and case go with it. That map
# runs in C: the text is encoded with a one-byte charmap, the bytes are mapped to the folded
# characters' bytes, and decoded back. Any other character takes the general path. The table is
# made from ``_fold_slow`` itself, one character at a time.

_FOLD_LETTERS = ("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_FOLD_EXTRA = "“”…–—‘’«»•·\u00a0\u200b\u00ad°×©®™€′″−"
_fast_fold_tables: tuple | None = None


def _build_fast_fold() -> tuple | None:
    import codecs

    chars: list[str] = []
    # (NUL first: only then does ``charmap_build`` make its fast C map rather than a dict)
    for ch in ("\x00\t\n\r" + "".join(chr(i) for i in range(0x20, 0x7f)) + _FOLD_LETTERS + _FOLD_LETTERS.upper()
               + _FOLD_EXTRA):
        if ch not in chars and len(chars) < 256:
            chars.append(ch)
    index = {ch: i for i, ch in enumerate(chars)}
    out = bytearray(range(256))
    lower = bytearray(range(256))
    for i, ch in enumerate(chars):
        f = _fold_slow(ch)
        if unicodedata.combining(ch) or len(f) != 1 or f not in index or ch.lower() not in index \
                or not _nfc_starter(ch):
            return None
        out[i] = index[f]
        lower[i] = index[ch.lower()]
    decoding = "".join(chars) + "\ufffe" * (256 - len(chars))
    enc_map = codecs.charmap_build(decoding)
    if isinstance(enc_map, dict):
        return None
    tables = (enc_map, bytes(out), decoding, codecs.charmap_encode, codecs.charmap_decode, bytes(lower))
    whole = "".join(chars)
    for sample in (whole, whole[::-1]):      # the map of a text is the map of its characters
        if _map_fold(sample, tables) != _fold_slow(sample) or _map_fold_lower(sample, tables) != \
                (_fold_slow(sample), sample.lower()):
            return None
    return tables


def _nfc_starter(ch: str) -> bool:
    """Is ``ch`` NFC on its own, and outside the scripts (Indic, Hangul, kana, ...) where a
    character composes with the one before it? Then a text made only of such characters is NFC."""
    return unicodedata.is_normalized("NFC", ch) and (ord(ch) < 0x0900 or 0x1E00 <= ord(ch) < 0x3000)


def _map_fold(s: str, tables: tuple) -> str | None:
    enc, table, decoding, encode, decode, _lower = tables
    try:
        return decode(encode(s, "strict", enc)[0].translate(table), "strict", decoding)[0]
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _map_fold_lower(s: str, tables: tuple) -> tuple[str, str] | None:
    enc, table, decoding, encode, decode, lower = tables
    try:
        b = encode(s, "strict", enc)[0]
    except UnicodeEncodeError:
        return None
    return decode(b.translate(table), "strict", decoding)[0], decode(b.translate(lower), "strict", decoding)[0]


def _fast_tables() -> tuple:
    """The fast fold's tables, built on first use; empty when this Python cannot build them."""
    global _fast_fold_tables
    t = _fast_fold_tables
    if t is None:
        t = _fast_fold_tables = _build_fast_fold() or ()
    return t


def _fast_fold(s: str) -> str | None:
    t = _fast_tables()
    return _map_fold(s, t) if t else None


def fold_chars(s: str) -> str | None:
    """``fold(s)`` when it maps ``s`` character for character (ASCII, or only characters of the
    fast table: the usual case), else None.

    Such a fold of a text is the fold of each of its parts, so an article's blocks joined by line
    breaks are folded in one call and split again (a fold maps only a line break to a line break).
    """
    if s.isascii():
        return s.lower()
    return _fast_fold(s)


def fold_lower_chars(s: str) -> tuple[str, str] | None:
    """``(fold(s), s.lower())`` when ``fold_chars`` maps ``s`` character for character, else None.

    The text is encoded once for both (``str.lower`` costs several times as much on Vietnamese
    text). Such a text is also NFC, and each of its characters lower-cases to one character.
    """
    if s.isascii():
        low = s.lower()
        return low, low
    t = _fast_tables()
    return _map_fold_lower(s, t) if t else None


_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# Characters no text keeps: control characters (illegal in XML 1.0, and terminal escapes; tab, LF
# and the line separators apart), a BOM inside the text, the bidirectional embeddings, overrides
# and isolates (which can make a title display as something it does not say) and Unicode's
# noncharacters (HTML parsers report them as errors). The reader drops them from every file; a
# character reference decoded later ("&#x202e;", in HTML or Markdown) is dropped again.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}"
                                                         for p in range(0x10000, 0x110000, 0x10000))
CONTROLS = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff{_NONCHARACTERS}{_BIDI_CONTROLS}]+")


def squash(s: str) -> str:
    """Collapse runs of horizontal white space to one space and strip."""
    return _WS.sub(" ", s).strip()


# a run of white space of any kind (tabs, line breaks and separators too), with the zero-width
# spaces beside it: one space in a one-line text (a run of zero-width spaces alone, inside a word,
# stays). One run is one match, so a long run costs its length once.
_ANY_WS = re.compile(r"[\s\u200b]+")


def _one_space(m: re.Match[str]) -> str:
    run = m.group()
    return run if not run.strip("\u200b") else " "


def one_line(s: str) -> str:
    """A one-line field (a title, a name): NFC, control characters dropped, every run of white
    space one space, none at the ends ("Hội nghị \x07\tTrung ương" -> "Hội nghị Trung ương")."""
    if s.isprintable() and "  " not in s:   # (printable: no white space but " ", no control)
        return unicodedata.normalize("NFC", s.strip())
    if CONTROLS.search(s):
        s = CONTROLS.sub("", s)
    return unicodedata.normalize("NFC", _ANY_WS.sub(_one_space, s).strip())


# --- ordering -------------------------------------------------------------------------------

# Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _letters(s: str) -> list[tuple[str, str]]:
    """Split into (base letter with its breve/circumflex/horn, tone mark) pairs."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", s.lower()):
        d = unicodedata.normalize("NFD", ch)
        base = d[0]
        tone = ""
        for mark in d[1:]:
            if mark in _BASE_MARKS:
                base += mark
            elif mark in _TONE_RANK:
                tone = mark
        out.append((unicodedata.normalize("NFC", base), tone))
    return out


def sort_key(s: str) -> tuple:
    """Key for Vietnamese alphabetical order: letters first ("Dương" < "Đà Nẵng"), tones second."""
    return _sort_key_cached(s) if len(s) <= _CACHED_LEN else _sort_key(s)


_SPACE, _NUMBER = -2, -1   # a space sorts first ("Hà Nam" < "Hàm"), then a number, then letters


def _sort_key(s: str) -> tuple:
    pairs = _letters(tone_normalize(s))
    primary: list[int] = []
    digits = ""
    for b, _ in pairs + [(" ", "")]:
        if b.isdecimal() and b.isascii():
            digits += b
            continue
        if digits:   # a number as a number: "Quận 2" before "Quận 10"
            value = digits.lstrip("0") or "0"
            primary += (_NUMBER, len(value), *(int(c) for c in value))
            digits = ""
        primary.append(_SPACE if b.isspace() else _RANK.get(b, 100 + ord(b[0])))
    primary.pop()   # the sentinel space
    secondary = tuple(_TONE_RANK.get(t, 0) for _, t in pairs)
    return (tuple(primary), secondary, s)


_sort_key_cached = lru_cache(maxsize=65536)(_sort_key)


def vi_sorted(items, key=lambda x: x):
    return sorted(items, key=lambda x: sort_key(key(x)))


# --- dates ----------------------------------------------------------------------------------

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def vi_date(d: date | str | None, weekday: bool = True) -> str:
    """"Thứ Sáu, 24/5/2019" (no leading zeros, as Vietnamese papers print it)."""
    if d is None:
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    core = f"{d.day}/{d.month}/{d.year}"
    return f"{WEEKDAYS[d.weekday()]}, {core}" if weekday else core


MONTHS = {m: f"Tháng {m}" for m in range(1, 13)}


# --- slugs ----------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Names Windows gives its devices: no file or folder can have one, in any case, with any suffix.
# Sites are checked out on Windows, so no slug (a folder of the site) is one of them.
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                          *(f"lpt{i}" for i in range(1, 10))})


def device_safe(s: str) -> str:
    """``s``, or ``s`` + "-1" when it is a device name ("con" -> "con-1")."""
    return f"{s}-1" if s.lower() in DEVICE_NAMES else s


def slug(s: str, max_length: int = 0, windows_safe: bool = True) -> str:
    """python-slugify's result for Vietnamese text, without its per-character transliteration cost.

    Vietnamese letters fold to ASCII ("Đà Nẵng" -> "da-nang"); text with other scripts falls back to
    python-slugify itself, so the result is the same either way. A device name gets "-1"
    (``device_safe``) unless ``windows_safe`` is False.
    """
    f = fold(s)
    if not f.isascii():
        from slugify import slugify

        out = slugify(s, max_length=max_length, word_boundary=bool(max_length))
    else:
        out = _NON_ALNUM.sub("-", f).strip("-")
        if max_length:
            out = cut_slug(out, max_length)
    return device_safe(out) if windows_safe else out


def shorten(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters at a word's end, with "…" when it was cut."""
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut + "…"


def cut_slug(s: str, max_length: int) -> str:
    """A slug of at most ``max_length`` characters: cut at the end of a word where there is one."""
    if len(s) <= max_length:
        return s
    cut = s[:max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else s[:max_length]).strip("-")


def find_all(hay: str, needles: tuple[str, ...]) -> list[int]:
    """Sorted start positions (each once) of every occurrence of each needle in ``hay``."""
    out: list[int] = []
    for nd in needles:
        i = hay.find(nd)
        while i >= 0:
            out.append(i)
            i = hay.find(nd, i + 1)
    if len(needles) > 1:
        out = sorted(set(out))
    return out


def finditer_at(rx: re.Pattern[str], s: str, cands: list[int], lo: int = 0, hi: int | None = None,
                rx_at: re.Pattern[str] | None = None):
    """The matches of ``rx.finditer(s[lo:hi])``, in ``s``'s positions, given ``cands``: sorted
    positions that include every position where a match can start (e.g. ``find_all`` of the words
    a match opens with). The regex is tried only there instead of at every position.

    ``rx_at``: ``rx`` without its leading look-behind, used at ``lo`` > 0 (a slice's first
    character has nothing before it).
    """
    if hi is None:
        hi = len(s)
    pos = lo
    # by index from the first candidate at ``lo``: a slice ``cands[k:]`` would copy the rest of the
    # list at each call, and a caller scanning many small windows of a long text made that quadratic
    for k in range(bisect.bisect_left(cands, lo) if lo else 0, len(cands)):
        c = cands[k]
        if c >= hi:
            break
        if c < pos:
            continue
        m = (rx_at if rx_at is not None and c == lo and lo > 0 else rx).match(s, c, hi)
        if m:
            yield m
            pos = m.end() if m.end() > c else c + 1
