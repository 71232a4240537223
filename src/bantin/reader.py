"""Read stage: turn files under ``content/articles/`` into ``SourceDocument`` objects.

Every file is accounted for: it becomes a document, or a document with ``ok=False`` and a problem
that says why (empty, binary, undecodable, broken front matter, a link leaving the content folder,
an unsupported file type). Decoding detects BOMs, tries strict UTF-8, then asks
charset-normalizer; classic mojibake (UTF-8 read as Windows-1252 and saved again) is repaired
with ftfy, and text in a pre-Unicode Vietnamese font encoding (TCVN3, VNI, VISCII) is converted
with viparse's tables. The text is normalised to NFC with LF line ends.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time as day_time, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .datelines import DateHit, read_dateline
from .model import Problem, SourceDocument
from .markup import site_name, unmark
from .text import CONTROLS, DEVICE_NAMES, WEEKDAYS, one_line, slug as make_slug

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
SIDECAR_SUFFIXES = (".yaml", ".yml")

# Fields a maintainer may set in front matter or a sidecar, with the type each must have.
OVERRIDE_FIELDS = {
    "title": str, "slug": str, "date": (str, date, datetime), "time": str, "year": int,
    "retrieved": (str, date, datetime), "outlet": (str, dict), "byline": (str, dict),
    "byline_role": str, "genre": str, "localities": list, "primary_locality": str,
    "directives": list, "draft": bool, "credit_outlet": str,
}
# Fields whose value is text: a value YAML or TOML reads as a number, a truth value or a date
# ("title: 2019", "time: 10:15", which YAML 1.1 reads as the number 615, "genre: yes") is kept as
# it was written.
_TEXT_FIELDS = frozenset(k for k, t in OVERRIDE_FIELDS.items() if t is str or t == (str, dict))
_YAML_NOT_TEXT = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "timestamp"))
_TOML_NOT_TEXT = (int, float, date, day_time)   # (bool is an int; datetime a date)

# --- decoding -------------------------------------------------------------------------------

# Vietnamese UTF-8 read as Windows-1252 or Latin-1: lead bytes C3/C4/C5/C6 show as Ã Ä Å Æ followed by
# a continuation byte (0x80-0xBF as 1252 or Latin-1 shows it); E1 BA/BB (the Latin Extended Additional
# letters ạ ả ấ ... ỹ) show as "áº" / "á»". Legitimate Vietnamese text practically never has these pairs.
_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014" \
        "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_HINT = re.compile(f"[\u00c3\u00c4\u00c5\u00c6][{_CONT}]|\u00e1[\u00ba\u00bb]")
# The same test split by lead character: a pattern that starts with a literal is searched for with a
# fast scan, and each is run only when its lead character occurs (the class above is slow on long text).
_HINT_LEADS = tuple((c, re.compile(f"{c}[{_CONT}]")) for c in "\u00c3\u00c4\u00c5\u00c6")
_HINT_A_ACUTE = re.compile("\u00e1[\u00ba\u00bb]")


def _mojibake_hint(text: str) -> bool:
    """``_MOJIBAKE_HINT.search(text) is not None``, faster."""
    for lead, pattern in _HINT_LEADS:
        if lead in text and pattern.search(text):
            return True
    return ("\u00ba" in text or "\u00bb" in text) and _HINT_A_ACUTE.search(text) is not None


_PERCENT_IN_LETTER = re.compile(
    # "Bô%3ḅ": a percent-escape left inside a letter; the tone mark sits on a stray carrier letter
    # after it. In NFD: vowel (+ shape mark) '%' hex [letter] tone-marks -> vowel + tone-marks.
    "(?<=[AEIOUYaeiouy])([\u0302\u0306\u031b]?)%[0-9A-Fa-f]{1,2}[A-Za-z]?([\u0300\u0301\u0303\u0309\u0323])"
)


class DecodeError(Exception):
    pass


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the NULs sit at every other byte, as in BOM-less UTF-16 text."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """Binary if it has NULs that are not UTF-16 padding, or many control bytes."""
    if not data:
        return False
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    nul = sample.count(0)
    if nul > len(sample) * 0.3:
        return _utf16_without_bom(sample) is None
    controls = len(sample.translate(None, _NOT_CONTROL_BYTES))
    return controls > max(8, len(sample) // 20)


# Every byte value except the control bytes looks_binary counts (below 32, not TAB LF FF CR NUL ESC).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 0, 27)))


_SAMPLE = 256 * 1024   # bytes given to charset detection; the whole file is then decoded strictly


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode raw bytes; return (text, encoding assumed, notes). Raises DecodeError."""
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as err:
            damaged = _surrogates_utf8(data[3:], err) or _damaged_utf8(data[3:], err, 3)
            if damaged is not None:
                (text, note), enc = damaged, "utf-8-sig"
                notes.append(note)
            else:
                text, enc = _detect(data[3:])
                notes.append("a UTF-8 byte-order mark before text that is not UTF-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            text = data[2:].decode(enc)
        except UnicodeDecodeError as e:
            raise DecodeError(f"broken {enc.upper()} (byte-order mark present): {e.reason} "
                              f"at byte {e.start + 2}") from None
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as err:
            bomless = _utf16_without_bom(data[:8192])
            if bomless:
                try:
                    text, enc = data.decode(bomless), bomless
                    notes.append("UTF-16 without a byte-order mark")
                except UnicodeDecodeError:
                    text, enc = _detect(data)
            elif (damaged := _surrogates_utf8(data, err) or _damaged_utf8(data, err)) is not None:
                (text, note), enc = damaged, "utf-8"
                notes.append(note)
            else:
                text, enc = _detect(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append("NUL characters removed")
    fixed = _fix_mojibake(text)
    if fixed != text:
        notes.append("mojibake repaired (UTF-8 that had been read as Windows-1252)")
        text = fixed
    if enc in _LEGACY_FONTS:
        notes.append(_legacy_note(enc))
    elif enc.startswith("utf") and _legacy_hint(text) and (font := _legacy_font(text)) is not None:
        # the letters of a legacy font saved as Unicode characters (text copied from a .VnTime page);
        # bytes in no Unicode encoding were asked about already (``_detect``)
        text = _from_legacy(text, font)
        notes.append(_legacy_note(font))
    return text, enc, notes


# --- pre-Unicode Vietnamese font encodings ---------------------------------------------------------
# TCVN3 ("ABC", the .VnTime fonts), VNI and VISCII put Vietnamese letters on the bytes above 0x7F, so
# a file in one of them shows as "Céng hoµ x· héi chñ nghÜa" (TCVN3) or "Coäng hoøa" (VNI) when read
# as Windows-1252, and none of them is a codec Python knows. viparse detects which one by trial
# conversion against a model of Vietnamese (refusing other Latin-script languages) and holds the
# tables. Detection runs only on text with no Vietnamese letter at all and enough Latin-1 letters.
_LEGACY_FONTS = {"tcvn3": "TCVN3 (ABC, the .Vn fonts)", "vni": "VNI", "viscii": "VISCII"}
# any letter or mark that Unicode Vietnamese has and the Latin-1 range lacks, composed or not
_VIET_LETTER = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9"
                          "\u0300-\u0303\u0306\u0309\u031b\u0323]")
_LATIN1_LETTER = re.compile("[\u00a0-\u00ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_LEGACY_MIN = 8                 # Latin-1 letters before a text is worth asking about
_LEGACY_SAMPLE = 64 * 1024      # characters given to detection: its cost stays flat
# Windows-1252's printable characters for 0x80-0x9F (TCVN3 and VNI keep the Windows quotes and
# dashes there); the five bytes it leaves undefined stay Latin-1's
_C1_AS_1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
               if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _legacy_note(font: str) -> str:
    note = f"converted from {_LEGACY_FONTS[font]}, a pre-Unicode Vietnamese font encoding"
    if font == "tcvn3":
        note += " (it has no capital toned letters: words set in its capitals font come out in lower case)"
    return note


def _legacy_hint(text: str) -> bool:
    """Worth asking which legacy font: Latin-1 letters, ASCII letters (every legacy font keeps
    the plain letters of ASCII: "Céng hoµ"), and no letter of Unicode Vietnamese."""
    if text.isascii() or _VIET_LETTER.search(text):
        return False
    return _at_least(_LATIN1_LETTER, text, _LEGACY_MIN) and _at_least(_ASCII_LETTER, text, _LEGACY_MIN)


def _at_least(rx: re.Pattern[str], text: str, n: int) -> bool:
    """``rx`` matches ``n`` times or more in the first ``_LEGACY_SAMPLE`` characters of ``text``."""
    found = 0
    for _ in rx.finditer(text, 0, _LEGACY_SAMPLE):
        found += 1
        if found >= n:
            return True
    return False


def _legacy_font(text: str) -> str | None:
    """"tcvn3", "vni" or "viscii" when ``text`` (each legacy byte as the character Windows-1252 or
    Latin-1 shows for it) reads as Vietnamese in that encoding; None otherwise."""
    from viparse import detect_text_encoding

    sample = text[:_LEGACY_SAMPLE]
    if len(text) > _LEGACY_SAMPLE:
        cut = sample.rfind("\n")
        sample = sample[:cut] if cut > _LEGACY_SAMPLE // 2 else sample
    try:
        font = detect_text_encoding(sample)
    except Exception:   # a fault in the detector must not cost the file: it stays as it decoded
        return None
    return font if font in _LEGACY_FONTS else None


def _from_legacy(text: str, font: str) -> str:
    from viparse.normalize.encodings import get_charmap
    from viparse.normalize.tables import convert

    charmap = get_charmap(font)
    assert charmap is not None, font
    return convert(text, charmap)


def _legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, font) for bytes in a legacy Vietnamese font encoding, or None. Only the head is
    decoded to ask (the hint and the detector read no further); the whole file once the answer is yes."""
    head = data[:_LEGACY_SAMPLE + 1].decode("latin-1").translate(_C1_AS_1252)
    if not _legacy_hint(head) or (font := _legacy_font(head)) is None:
        return None
    latin1 = data.decode("latin-1")
    # VISCII keeps letters on 0x80-0x9F (and on six control bytes): those are Latin-1's there
    return _from_legacy(latin1 if font == "viscii" else latin1.translate(_C1_AS_1252), font), font


_TONE_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
# UTF-8 with some damage: at most one bad byte in this many (or _DAMAGE_MIN), and at least this many
# well-decoded non-ASCII characters for each bad byte or line in a legacy encoding. Text all in a
# legacy encoding has none that decode well, so it never passes for damaged UTF-8. (One byte
# flipped inside a character leaves up to three bad bytes.)
_DAMAGE_RATE = 200
_DAMAGE_MIN = 8
_GOOD_PER_BAD = 10
_FFFD = "\ufffd".encode()


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _vietnamese_or_western(data: bytes) -> tuple[str, str] | None:
    """``data`` as Windows-1258 when its combining tone marks decode (the Vietnamese code page),
    else as Windows-1252 (the two share most bytes); None when neither reads it so.
    Only the first ``_SAMPLE`` characters are searched for a tone mark."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and _TONE_MARKS.search(text, 0, _SAMPLE):
        return text, "cp1258"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None


def _legacy_line(line: bytes) -> str | None:
    """A line in a Vietnamese legacy encoding (``_vietnamese_or_western``), or Windows-1258
    without a tone mark when Windows-1252 does not decode it; None when neither does."""
    both = _vietnamese_or_western(line)
    if both is not None:
        return both[0]
    try:
        return line.decode("cp1258")
    except UnicodeDecodeError:
        return None


# UTF-16 surrogates written as three UTF-8 bytes each (ED A0-BF xx): CESU-8 or WTF-8, what Java's and
# JavaScript's tools write for a character beyond U+FFFF such as an emoji, or for half of one
_SURROGATE_UTF8 = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR_UTF8 = re.compile(rb"\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]")


def _joined_pairs(line: bytes) -> tuple[bytes, list[int]]:
    """``line`` with each surrogate pair in UTF-8 form (six bytes) as the UTF-8 of its character
    (four), and where each pair starts in the result (two bytes shorter per earlier pair)."""
    starts: list[int] = []

    def join(m: re.Match[bytes]) -> bytes:
        starts.append(m.start() - 2 * len(starts))
        return m.group().decode("utf-8", "surrogatepass").encode("utf-16-le", "surrogatepass") \
            .decode("utf-16-le").encode("utf-8")

    return _SURROGATE_PAIR_UTF8.sub(join, line), starts


def _surrogates_utf8(data: bytes, err: UnicodeDecodeError) -> tuple[str, str] | None:
    """UTF-8 whose only fault is UTF-16 surrogates encoded one by one, as (text, note); None when
    there is another fault. A pair is the character it stands for; a lone half is U+FFFD."""
    if not _SURROGATE_UTF8.match(data, err.start):
        return None
    try:
        text = data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return None
    halves = len(_SURROGATE.findall(text))
    joined = text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")
    lone = joined.count("\ufffd") - text.count("\ufffd")
    pairs = (halves - lone) // 2
    said = []
    if pairs:
        said.append(f"{pairs:,} character{'s' if pairs > 1 else ''} written as a UTF-16 surrogate pair "
                    "(CESU-8) read as such")
    if lone:
        said.append(f"{lone:,} unpaired UTF-16 surrogate{'s' if lone > 1 else ''} shown as \ufffd")
    line = data.count(b"\n", 0, err.start) + 1
    return joined, "; ".join(said) + f" (the first at line {line:,})"


def _damaged_utf8(data: bytes, err: UnicodeDecodeError, offset: int = 0) -> tuple[str, str] | None:
    """UTF-8 with some damage, as (text, note); None when the bytes do not read as UTF-8.

    - A character cut short at the end (a file cut inside it) is dropped.
    - A line whose non-ASCII bytes are none of them UTF-8 is read as Windows-1258 or -1252 (a line
      pasted from a legacy page).
    - Any other bad byte shows as U+FFFD, so the damage stays visible.
    ``err``: the error of the strict decoding of ``data``; ``offset``: where ``data`` starts in the
    file (after a byte-order mark), for the note."""
    notes: list[str] = []
    if err.end == len(data) and err.reason == "unexpected end of data":
        data = data[:err.start]
        notes.append("the file ends inside a character, which is dropped")
        try:
            return data.decode("utf-8"), notes[0]
        except UnicodeDecodeError:
            pass
    good = bad = legacy = pairs = 0
    first = first_legacy = None
    out: list[str] = []
    pos = 0
    for raw in data.split(b"\n"):
        line, starts = _joined_pairs(raw) if b"\xed" in raw else (raw, [])
        pairs += len(starts)
        try:
            text = line.decode("utf-8")
            good += _non_ascii(text)
        except UnicodeDecodeError as line_err:
            # (where the fault is in the line as written: two bytes more for each pair before it)
            at = line_err.start + 2 * sum(1 for k in starts if k < line_err.start)
            text = line.decode("utf-8", errors="replace")
            n_bad = text.count("\ufffd") - line.count(_FFFD)
            n_good = _non_ascii(text) - n_bad
            old = _legacy_line(line) if n_good == 0 else None
            if old is not None:
                text = old
                legacy += 1
                first_legacy = pos if first_legacy is None else first_legacy
            else:
                good += n_good
                bad += n_bad
                first = pos + at if first is None else first
        out.append(text)
        pos += len(raw) + 1
    if bad > max(_DAMAGE_MIN, len(data) // _DAMAGE_RATE) or good < (bad + legacy) * _GOOD_PER_BAD:
        return None

    def line_of(at: int) -> int:
        return data.count(b"\n", 0, at) + 1

    if pairs:
        notes.append(f"{pairs:,} character{'s' if pairs > 1 else ''} written as a UTF-16 surrogate pair (CESU-8) "
                     "read as such")
    if legacy:
        notes.append(f"{legacy:,} line{'s' if legacy > 1 else ''} in Windows-1258/1252 among UTF-8 (the first "
                     f"at line {line_of(first_legacy):,})")
    if bad:
        notes.append(f"{bad:,} undecodable byte sequence{'s' if bad > 1 else ''} shown as \ufffd (the first at "
                     f"byte {first + offset:,}, line {line_of(first):,})")
    return "\n".join(out), "; ".join(notes)


def _detect(data: bytes) -> tuple[str, str]:
    """A legacy Vietnamese font encoding if the bytes read as one; else ask charset-normalizer (on a
    sample: detection cost stays flat), then decode everything."""
    from charset_normalizer import from_bytes

    legacy = _legacy_bytes(data)
    if legacy is not None:
        return legacy

    sample = data[:_SAMPLE]
    if len(data) > _SAMPLE:
        cut = sample.rfind(b"\n")
        if cut > _SAMPLE // 2:
            sample = sample[:cut + 1]
    # Vietnamese legacy pages are Windows-1258 (combining tone marks) or, when mangled, 1252.
    results = from_bytes(sample, cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1", "utf_8"])
    best = results.best()
    if best is None or best.encoding is None:
        raise DecodeError("could not detect the text encoding (charset-normalizer found none)")
    enc = best.encoding
    if enc in ("cp1252", "latin_1"):
        both = _vietnamese_or_western(data)
        if both is not None and (both[1] == "cp1258" or enc == "cp1252"):
            return both
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"looked like {enc} but does not decode as it") from None


def _roundtrip(text: str) -> str | None:
    """Undo one level of "UTF-8 read as Windows-1252 (or Latin-1)" exactly, or None."""
    import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252"

    for codec in ("sloppy-windows-1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def _only_1252(line: str) -> bool:
    """True when every character could come from decoding bytes as Windows-1252/Latin-1 (or U+FFFD)."""
    return all(ord(c) < 0x100 or c in _CP1252_EXTRA for c in line)


_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")) | {"\ufffd"}


def _fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Windows-1252/Latin-1 and saved again.

    Only lines that show the tell-tale pairs are touched. Each is first reversed exactly (encode as
    Windows-1252, decode as UTF-8: linear and fast); a line that does not reverse cleanly (mixed or
    partly damaged) is left to ftfy, which weighs each change. Both are linear in the text's size.
    """
    if not _mojibake_hint(text):
        return text
    whole = _roundtrip(text)
    if whole is not None:
        return whole
    import ftfy

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _mojibake_hint(line):
            continue
        fixed = _roundtrip(line)
        if fixed is None:
            if not _only_1252(line):
                continue   # a line with real Vietnamese letters (Đ, ơ, ạ ...) was not mangled as a whole
            fixed = ftfy.fix_text(line, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False,
                                  fix_latin_ligatures=False, fix_character_width=False, unescape_html=False)
            if _only_1252(fixed):
                continue   # the "repair" produced no Vietnamese letter: keep the line as written
        lines[i] = fixed
    return "\n".join(lines)


# Line separators other than LF become LF; other control characters (illegal in XML 1.0, and
# terminal escapes) are dropped. Tabs stay. (Regexes, not str.translate: far faster on long text.)
_LINE_SEPS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control characters, marks of direction and noncharacters (``text.CONTROLS``). (The invisible
# characters web pages leave inside words, a soft hyphen or a zero-width space, stay in the text:
# titles are kept as printed; the layout reads body lines without them.)
_CONTROLS = CONTROLS


def normalize_text(text: str) -> str:
    """NFC, LF line ends, control characters dropped, known corruption repaired."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _LINE_SEPS.search(text):
        text = _LINE_SEPS.sub("\n", text)
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    return _nfc(text)


# _PERCENT_IN_LETTER needs, in NFD, a combining mark within four characters after a '%'. ASCII is
# its own NFD and never reordered, and no character decomposes to '%', so a '%' followed by four
# ASCII characters (or by the end) cannot start a match: only look closer when this finds one.
_PERCENT_HINT = re.compile("%[\x00-\x7f]{0,3}[^\x00-\x7f]")


_MAX_PERCENT_PIECES = 100
_WORD_END = re.compile("[ \n]")
# a character a reader sees: not white space, not a zero-width or soft one (the controls and
# marks of direction are gone already: ``_CONTROLS``)
_VISIBLE = re.compile("[^\\s\u00ad\u180e\u200b-\u200f\u2060-\u2064]")


def _nfc(text: str) -> str:
    """The last step of normalize_text: percent-escapes inside letters repaired, then NFC."""
    if "%" not in text or not _PERCENT_HINT.search(text):
        return unicodedata.normalize("NFC", text)   # fast when the text is NFC already
    if text.count("%") > _MAX_PERCENT_PIECES:   # many: one pass over the whole text stays linear
        nfd = unicodedata.normalize("NFD", text)
        return unicodedata.normalize("NFC", _PERCENT_IN_LETTER.sub(r"\1\2", nfd))
    # Only the words around a possible escape go through NFD: a match never contains a space or a
    # line break, and neither composes with or reorders around anything, so normalising the text in
    # pieces cut at them gives the same text as normalising it whole (NFC of NFD text is slow).
    out: list[str] = []
    pos = 0
    for m in _PERCENT_HINT.finditer(text):
        if m.end() <= pos:
            continue
        start = max(text.rfind(" ", pos, m.start()), text.rfind("\n", pos, m.start())) + 1
        start = max(start, pos)
        sep = _WORD_END.search(text, m.end())   # stops at the first one: the scans stay linear
        end = sep.start() if sep else len(text)
        if start > pos:
            out.append(unicodedata.normalize("NFC", text[pos:start]))
        nfd = unicodedata.normalize("NFD", text[start:end])
        out.append(unicodedata.normalize("NFC", _PERCENT_IN_LETTER.sub(r"\1\2", nfd)))
        pos = end
    out.append(unicodedata.normalize("NFC", text[pos:]))
    return "".join(out)


# --- front matter and sidecars --------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# Hugo's other front matter: TOML between "+++" lines
_FRONT_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S)
_MAX_YAML = 64 * 1024


_MAX_YAML_NODES = 20_000   # nodes after expanding aliases: a "billion laughs" bomb is far above


class _GuardedLoader(yaml.SafeLoader):
    """The safe loader (no ``!!python/...`` objects), refusing alias bombs before construction."""

    def construct_document(self, node):  # type: ignore[override]
        _check_expansion(node)
        if isinstance(node, yaml.MappingNode):   # where each field is, for the messages about it
            self.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                              if isinstance(k, yaml.ScalarNode)}
            # (a new node: an alias may share this one with a field that keeps its type)
            node.value = [(k, yaml.ScalarNode("tag:yaml.org,2002:str", v.value, v.start_mark, v.end_mark, v.style)
                           if isinstance(k, yaml.ScalarNode) and k.value in _TEXT_FIELDS
                           and isinstance(v, yaml.ScalarNode) and v.tag in _YAML_NOT_TEXT else v)
                          for k, v in node.value]
        return super().construct_document(node)

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        """An impossible date ("2019-02-30") stays the text it was: the field's check names it,
        and the file's other fields are kept (YAML's own loader gives up the whole document)."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_GuardedLoader.add_constructor("tag:yaml.org,2002:timestamp", _GuardedLoader.construct_yaml_timestamp)


class YAMLBomb(ValueError):
    pass


def _check_expansion(root) -> None:
    """Count the nodes the document would have with every alias expanded, without expanding."""
    memo: dict[int, int] = {}
    # iterative post-order walk over the node graph (aliases make it a DAG; cycles count once)
    stack: list[tuple[Any, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            on_path.discard(nid)
            if isinstance(node, yaml.SequenceNode):
                kids = node.value
            elif isinstance(node, yaml.MappingNode):
                kids = [n for pair in node.value for n in pair]
            else:
                kids = []
            total = 1 + sum(memo.get(id(k), 1) for k in kids)
            memo[nid] = total
            if total > _MAX_YAML_NODES:
                raise YAMLBomb(f"expands to more than {_MAX_YAML_NODES:,} values through aliases "
                               "(a \"billion laughs\" bomb?)")
            continue
        if nid in memo or nid in on_path:
            continue
        on_path.add(nid)
        stack.append((node, True))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((k, False) for k in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((k, False) for pair in node.value for k in pair)


def _safe_yaml(text: str, where: str) -> tuple[Any, Problem | None, dict[str, int]]:
    """The document in ``text`` by the guarded safe loader, the problem that stopped it (None),
    and the line of each top-level field."""
    if len(text) > _MAX_YAML:
        return None, Problem("front-matter", f"{where} is larger than {_MAX_YAML} bytes"), {}
    loader = _GuardedLoader(text)
    try:
        return loader.get_single_data(), None, getattr(loader, "key_lines", {})
    except YAMLBomb as e:
        return None, Problem("front-matter", f"{where}: refused: {e}"), {}
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        return None, Problem("front-matter", f"{where}: invalid YAML: {e.problem or e}", line), {}
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as e:
        return None, Problem("front-matter", f"{where}: invalid YAML: {e}"), {}
    finally:
        loader.dispose()


def _safe_toml(text: str, where: str) -> tuple[Any, Problem | None, dict[str, int]]:
    """_safe_yaml for TOML front matter ("+++"), by the standard library's tomllib."""
    import tomllib

    if len(text) > _MAX_YAML:
        return None, Problem("front-matter", f"{where} is larger than {_MAX_YAML} bytes"), {}
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"\(at line (\d+)", str(e))
        return None, Problem("front-matter", f"{where}: invalid TOML: {str(e).split(' (at ')[0]}",
                             int(at.group(1)) if at else None), {}
    key_lines = {}
    for i, line in enumerate(text.split("\n"), 1):
        key = line.split("=", 1)[0].strip().strip('"\'') if "=" in line and line[:1] not in " \t[#" else None
        if key not in raw or key in key_lines:
            continue
        value = raw[key]
        if key in _TEXT_FIELDS and isinstance(value, _TOML_NOT_TEXT):
            # a number, truth value or date where text belongs: the value as written (no quotes,
            # so a "#" after it opens a comment), taken from the field's own line: the one that
            # reads back as the value (not a line inside a multi-line string)
            written = line.split("=", 1)[1].split("#", 1)[0].strip()
            try:
                if tomllib.loads(f"v = {written}").get("v") != value:
                    continue
            except tomllib.TOMLDecodeError:
                continue
            raw[key] = written
        key_lines[key] = i
    return raw, None, key_lines


def validate_overrides(raw: Any, where: str, line_offset: int = 0, key_lines: dict[str, int] | None = None
                       ) -> tuple[dict[str, Any], list[Problem]]:
    """Keep the known, well-typed fields; report the rest, each at its field's line when
    ``key_lines`` knows it (``line_offset`` lines above the YAML: 1 for front matter)."""
    problems: list[Problem] = []
    if raw is None:
        return {}, problems
    if not isinstance(raw, dict):
        return {}, [Problem("front-matter", f"{where} must be a mapping of fields, got {type(raw).__name__}",
                            line_offset or None)]
    out: dict[str, Any] = {}
    for key, value in raw.items():
        line = line_offset + key_lines[key] if key_lines and isinstance(key, str) and key in key_lines else None
        want = OVERRIDE_FIELDS.get(key)
        if want is None:
            problems.append(Problem("front-matter", f"{where}: unknown field {key!r} ignored", line))
            continue
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            problems.append(Problem("front-matter", f"{where}: field {key!r} has the wrong type "
                                                    f"({type(value).__name__}); ignored", line))
            continue
        if key == "date" and "time" not in raw and (at := _local_time(value)) is not None:
            out["time"], value = at   # "2019-05-24T10:15:00+07:00": the time too, in UTC+7
        if key in ("date", "retrieved"):
            iso = _iso_date(value)
            if iso is None and isinstance(value, str):
                hit = read_dateline(value)   # written the Vietnamese way: "24/5/2019", "Thứ Sáu, 24/5/2019 10:15"
                if isinstance(hit, DateHit):
                    if not hit.weekday_ok:
                        problems.append(Problem("front-matter", f"{where}: {key} {value!r} names "
                                                f"{WEEKDAYS[hit.weekday]}, but {hit.date:%d/%m/%Y} was a "
                                                f"{WEEKDAYS[hit.date.weekday()]}; the day is kept", line))
                    if key == "date" and hit.time and "time" not in raw:
                        out["time"] = hit.time
                    iso = hit.date.isoformat()
            if iso is None:
                problems.append(Problem("front-matter", f"{where}: {key} {value!r} is not a real date "
                                                        "(2019-05-24, or 24/5/2019 day first); ignored", line))
                continue
            value = iso
        if key == "time" and (m := _TIME_WRITTEN.fullmatch(value.strip())) and int(m.group(1)) < 24:
            value = f"{int(m.group(1)):02d}:{m.group(2)}"   # "9:30", "09:30:00", "9h30": HH:MM
        bad = _bad_value(key, value)
        if bad:
            problems.append(Problem("front-matter", f"{where}: field {key!r} refused: {bad}", line))
            continue
        if key == "slug":
            bad = _bad_slug(value)
            if bad:
                problems.append(Problem("front-matter", f"{where}: slug {value!r} refused: {bad}", line))
                continue
            made = make_slug(value, windows_safe=False)
            if made in DEVICE_NAMES:   # the slug made from it gets "-1" (``text.slug``)
                problems.append(Problem("front-matter", f"{where}: slug {value!r} is a name Windows keeps for "
                                        f"a device (no folder can have it); the article is at "
                                        f"{make_slug(value)!r}", line))
        out[key] = _clean_value(value)
    return out, problems


def _clean_value(value: Any) -> Any:
    """A field's text as the article's text is: NFC, without control characters, marks of
    direction or noncharacters (YAML's escapes, "\\u202e" or "\\x1b", make them after the file's
    own text was cleaned); every field is one line, so its white space (tabs, line separators)
    is collapsed to single spaces (``text.one_line``); in lists and mappings too."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    return value


_VN = timezone(timedelta(hours=7))   # the archive's time zone (SPEC: times are UTC+7)


def _local_datetime(value: Any) -> datetime | None:
    """A date field that holds a time of day ("2019-05-24T10:15:00+07:00", "2019-05-24 10:15", a
    YAML or TOML timestamp) as a datetime in UTC+7, converted when it names another zone; None
    for anything else."""
    if isinstance(value, str):
        v = value.strip()
        if len(v) < 16 or v[10] not in "Tt ":
            return None
        try:
            value = datetime.fromisoformat(v[:-1] + "+00:00" if v[-1:] in "Zz" else v)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.astimezone(_VN) if value.tzinfo is not None and value.utcoffset() is not None else value


def _local_time(value: Any) -> tuple[str, date] | None:
    """(HH:MM, the day) of ``_local_datetime``; None for a bare day, or a time of exactly midnight
    (what a tool writes for no time)."""
    at = _local_datetime(value)
    if at is None or (at.hour, at.minute, at.second) == (0, 0, 0):
        return None
    return f"{at.hour:02d}:{at.minute:02d}", at.date()


def _iso_date(value: Any) -> str | None:
    """The day (YYYY-MM-DD) a date field names; a time with a zone is first taken to UTC+7."""
    at = _local_datetime(value)
    if at is not None:
        return at.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_TIME_WRITTEN = re.compile(r"(\d{1,2})\s?[:hHgG]\s?([0-5]\d)(?::[0-5]\d)?")   # "9:30", "9h30", "9g30"
_WORD = re.compile(r"[a-z][a-z0-9-]{0,39}")
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,79}(?:/[a-z0-9][a-z0-9-]{0,79}){0,2}")
_MAX_FIELD = 2000   # characters in one text field


def _bad_value(key: str, value: Any) -> str | None:
    """Content checks beyond the type: a field that passes can be shown and used in paths safely."""
    if isinstance(value, str):
        if len(value) > _MAX_FIELD:
            return f"longer than {_MAX_FIELD} characters"
        if "\x00" in value:
            return "contains a NUL character"
    if key == "time" and not _TIME.fullmatch(value.strip()):
        return "not a time HH:MM"
    if key == "year" and not 1000 <= value <= 9999:
        return "not a four-digit year"
    if key in ("date", "retrieved") and value[:1] == "0":   # ISO, years 1-999: "0001-01-01"
        return "not a four-digit year"
    if key in ("genre", "byline_role") and not _WORD.fullmatch(value):
        return "must be a lower-case word (letters, digits, '-')"
    if key == "primary_locality" and not _KEY.fullmatch(value):
        return "not a locality key (like 'da-nang' or 'ho-chi-minh/quan-10')"
    if key in ("outlet", "byline") and isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str) or not isinstance(v, str):
                return "its keys and values must be text"
            if len(v) > _MAX_FIELD:
                return f"{k} is longer than {_MAX_FIELD} characters"
    if key in ("localities", "directives"):
        if len(value) > 500:
            return "more than 500 entries"
        if not all(isinstance(x, (str, dict)) for x in value):
            return "entries must be text or mappings"
    return None


def _bad_slug(value: str) -> str | None:
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return "absolute paths are not allowed"
    if ".." in value.replace("\\", "/").split("/") or "/" in value or "\\" in value:
        return "a slug is one path segment, without '..' or separators"
    if not value.strip():
        return "empty"
    return None


# --- the reader -----------------------------------------------------------------------------


def iter_article_files(articles: Path) -> Iterator[Path]:
    """All files under ``articles`` in a stable order (sidecars included: the caller pairs them).

    Hidden files and folders are yielded too (the reader reports them): every input is accounted for.
    Symbolic links to folders are yielded as entries, not walked.
    """
    for dirpath, dirnames, filenames in os.walk(articles, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath) / name
        for d in list(dirnames):
            p = Path(dirpath) / d
            if p.is_symlink() or d.startswith("."):
                dirnames.remove(d)
                yield p


def display_path(rel: str) -> str:
    """A path safe to print and store as UTF-8 (file names that are not UTF-8 get \\x escapes)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    if not rel.isprintable() and any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in rel):
        rel = "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in rel)
    return rel


def read_all(articles: Path, max_bytes: int = 8_000_000, content: Path | None = None,
             known: Callable[[str, str], bool] | None = None,
             stamps: dict[str, tuple[tuple[int, ...], str]] | None = None,
             defer: bool = False) -> list[SourceDocument]:
    """Read every file under ``articles``; sidecars are merged into the article they belong to.

    Symbolic links are followed only when their target stays inside ``content`` (by default the
    parent of ``articles``). ``known(path, digest)``: the build cache already holds the record of
    these exact bytes, so the file is hashed but not decoded (``SourceDocument.cached``).
    ``stamps``: path -> (inode, size, mtime, ctime; digest), kept by a long-lived caller (serve)
    and updated here: a plain file (no sidecar) whose stamp is unchanged is not even read again.
    ``defer``: plain files (regular, with an article suffix, no sidecar) are listed, not read:
    each comes back as ``SourceDocument(path, unread=True)`` for the caller to read with
    ``read_listed`` (a first build, with no cache to look in, then reads each file once, in its
    extraction workers, instead of hashing everything first).
    """
    root = (content or articles.parent).resolve()
    entries = _walk(articles)
    splits = [_split_suffix(e.name) for e in entries]   # (stem, suffix) of each, made once
    article_stems = set()
    for e, (stem, suffix) in zip(entries, splits):
        if suffix.lower() in ARTICLE_SUFFIXES:
            article_stems.add((e.folder, _stem_key(stem)))
    docs: list[SourceDocument] = []
    for e, (stem, suffix) in zip(entries, splits):
        name = e.name
        lower = suffix.lower()
        rel = display_path(e.rel)
        if name.startswith("."):
            path = Path(e.path)
            kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
            docs.append(_fail(SourceDocument(rel), f"hidden {kind} (its name starts with '.'); not read"))
            continue
        if lower in SIDECAR_SUFFIXES and not Path(e.path).is_dir():
            key = _stem_key(stem)
            if (e.folder, key) in article_stems:
                chosen = e.sidecars.get(key, name)
                if chosen != name:   # a second sidecar for one article: one is read, and said so
                    docs.append(SourceDocument(rel, ok=False, problems=[Problem(
                        "unreadable", f"a second sidecar for the article {display_path(stem)}: "
                        f"{display_path(chosen)} is the one read; merge the two")]))
                continue  # read with its article
            docs.append(SourceDocument(rel, ok=False, problems=[Problem(
                "unreadable", "sidecar with no article beside it (expected "
                f"{display_path(Path(e.path).with_suffix('.txt').name)})")]))
            continue
        doc = None
        if e.regular and lower in ARTICLE_SUFFIXES:
            if defer and _stem_key(stem) not in e.sidecars:
                docs.append(SourceDocument(rel, unread=True))
                continue
            doc = _read_regular(e, stem, lower, rel, root, max_bytes, known, stamps)
        if doc is None:
            doc = _read_file(Path(e.path), rel, root, max_bytes, known)
        docs.append(doc)
    return docs


def read_listed(path: str, rel: str, root: Path, max_bytes: int = 8_000_000
                ) -> tuple[SourceDocument, tuple[int, int, int, int] | None]:
    """Read and decode a file ``read_all(defer=True)`` listed as plain (``unread``): the document
    ``read_all`` would have made of it, and its stamp (inode, size, mtime, ctime, as read) when
    it was read as the plain file it was listed as (None otherwise: it is not worth keeping)."""
    folder, _, name = rel.rpartition("/")
    stem, suffix = _split_suffix(name)
    taken: dict[str, tuple[tuple[int, ...], str]] = {}
    # no other name in the folder: as listed, without a sidecar (one appearing now waits for
    # the next build's listing, as it does for a file read by ``read_all``)
    entry = _Entry(path, rel, name, folder, True, {})
    doc = _read_regular(entry, stem, suffix.lower(), rel, root, max_bytes, _decode_all, taken)
    if doc is None:
        return _read_file(Path(path), rel, root, max_bytes, None), None
    seen = taken.get(rel)
    return doc, (seen[0] if seen is not None else None)   # type: ignore[return-value]


def _decode_all(rel: str, digest: str) -> bool:
    return False


def reread(articles: Path, rel: str, max_bytes: int = 8_000_000, content: Path | None = None,
           known: Callable[[str, str], bool] | None = None,
           stamps: dict[str, tuple[tuple[int, ...], str]] | None = None) -> SourceDocument | None:
    """Read again one file ``read_all`` read before, given its path relative to ``articles``: what
    ``read_all`` would return for it now, when it is a plain article file (a regular file with
    an article suffix, not hidden, no sidecar). None otherwise: the caller reads everything.

    For ``serve``, told by the file watcher which files changed: one file is read, not the folder.
    """
    if "\\" in rel or rel.startswith("/") or any(part in ("", ".", "..") or part.startswith(".")
                                                   for part in rel.split("/")):
        return None
    folder, _, name = rel.rpartition("/")
    stem, suffix = _split_suffix(name)
    if suffix.lower() not in ARTICLE_SUFFIXES or display_path(rel) != rel:
        return None
    path = os.path.join(os.fspath(articles), *rel.split("/"))
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        for part in range(rel.count("/")):   # no folder on the way may be a link
            if os.path.islink(os.path.join(os.fspath(articles), *rel.split("/")[:part + 1])):
                return None
    except OSError:
        return None
    if _sidecar_name(os.path.dirname(path), stem) is not None:
        return None
    root = (content or articles.parent).resolve()
    entry = _Entry(path, rel, name, folder, True, {})
    return _read_regular(entry, stem, suffix.lower(), rel, root, max_bytes, known, stamps)


def _split_suffix(name: str) -> tuple[str, str]:
    """(stem, suffix) as ``Path(name).stem`` and ``Path(name).suffix`` give them."""
    i = name.rfind(".")
    if 0 < i < len(name) - 1:
        return name[:i], name[i:]
    return name, ""


class _Entry:
    """One file (or unwalked folder) that ``iter_article_files`` would yield, from ``os.scandir``."""

    __slots__ = ("path", "rel", "name", "folder", "regular", "sidecars")

    def __init__(self, path: str, rel: str, name: str, folder: str, regular: bool, sidecars: dict[str, str]):
        self.path = path          # to open (the folder as walked, joined with the name)
        self.rel = rel            # relative to the articles folder, POSIX separators
        self.name = name
        self.folder = folder      # the folder's rel ("" at the top)
        self.regular = regular    # a regular file, not a link (from the directory entry)
        self.sidecars = sidecars  # the folder's sidecars by the stem they serve: ``_sidecars``


def _stem_key(stem: str) -> str:
    """What matches an article with its sidecar: the stem in NFC, since a name may come in either
    form (macOS writes NFD, most tools NFC) and the two show the same in every listing."""
    return stem if stem.isascii() else unicodedata.normalize("NFC", stem)


def _sidecars(names: Iterable[str]) -> dict[str, str]:
    """The sidecars among a folder's ``names``, by ``_stem_key`` of their stem: "a.yaml", "a.YML"
    and an NFD "Đà.yaml" serve "a.txt", "a.txt" and an NFC "Đà.txt". Where two serve one stem, the
    name that is exactly stem + ".yaml" wins, then the first in SIDECAR_SUFFIXES' order, then by
    name; ``read_all`` reports the others."""
    found: dict[str, tuple[tuple[int, int, str], str]] = {}
    for n in names:
        stem, suffix = _split_suffix(n)
        lower = suffix.lower()
        if lower not in SIDECAR_SUFFIXES or not stem or n.startswith("."):
            continue
        key = _stem_key(stem)
        rank = (0 if stem == key and suffix == lower else 1, SIDECAR_SUFFIXES.index(lower), n)
        if key not in found or rank < found[key][0]:
            found[key] = (rank, n)
    return {key: n for key, (_, n) in found.items()}


def _walk(articles: Path) -> list[_Entry]:
    """What ``iter_article_files`` yields, in the same order (os.walk's top-down order, sorted), as
    plain strings with each entry's type from the directory listing: no pathlib object, no stat per file."""
    out: list[_Entry] = []
    stack = [(os.fspath(articles), "")]
    while stack:
        top, rel_top = stack.pop()
        try:
            scandir_it = os.scandir(top)
        except OSError:
            continue
        dirs, files = [], []
        complete = True
        with scandir_it:
            while True:
                try:
                    entry = next(scandir_it)
                except StopIteration:
                    break
                except OSError:
                    complete = False   # os.walk skips a folder it cannot list to the end
                    break
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry)
        if not complete:
            continue
        sidecars = _sidecars(e.name for e in files)
        prefix = f"{rel_top}/" if rel_top else ""
        dirs.sort(key=lambda e: e.name)
        files.sort(key=lambda e: e.name)
        for entry in files:
            try:
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
            out.append(_Entry(entry.path, prefix + entry.name, entry.name, rel_top, regular, sidecars))
        walk = []
        for entry in dirs:
            d = entry.name
            try:
                link = entry.is_symlink()
            except OSError:
                link = Path(entry.path).is_symlink()
            if link or d.startswith("."):
                out.append(_Entry(entry.path, prefix + d, d, rel_top, False, sidecars))
            else:
                walk.append((entry.path, prefix + d))
        stack.extend(reversed(walk))
    return out


def _inside(path: Path, root: Path | None) -> tuple[bool, str | None]:
    """Whether a (possibly linked) path resolves inside ``root``; the reason when it does not."""
    if root is None:
        return True, None
    try:
        target = path.resolve(strict=False)
    except (RuntimeError, OSError) as e:   # a symbolic-link loop
        return False, f"the symbolic link cannot be resolved ({e})"
    if not target.is_relative_to(root):
        return False, "a symbolic link pointing outside content/ is not followed"
    return True, None


def _read_limited(path: Path, limit: int) -> bytes:
    """Read a regular file, at most ``limit + 1`` bytes; never block on a FIFO or a device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular(_kind_of(st.st_mode))
        return _read_fd(fd, limit)
    finally:
        os.close(fd)


def _read_fd(fd: int, limit: int) -> bytes:
    """At most ``limit + 1`` bytes from an open file (one more than allowed tells it is too big)."""
    chunks, got = [], 0
    while got <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class _NotRegular(OSError):
    pass


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_file(path: Path, rel: str | None = None, content: Path | None = None,
              max_bytes: int = 8_000_000, known: Callable[[str, str], bool] | None = None) -> SourceDocument:
    """Read one article file (and its sidecar, if any).

    A symbolic link is followed only when its target lies inside ``content``. Only regular files
    are opened for reading (a FIFO or a device would block or never end).
    """
    root = content.resolve() if content is not None else None
    return _read_file(path, rel, root, max_bytes, known)


def _read_file(path: Path, rel: str | None, root: Path | None, max_bytes: int,
               known: Callable[[str, str], bool] | None) -> SourceDocument:
    """read_file with ``content`` already resolved (``root``)."""
    rel = display_path(rel or str(path))
    doc = SourceDocument(rel)
    suffix = path.suffix.lower()
    is_link = path.is_symlink()
    if is_link:
        ok, why = _inside(path, root)
        if not ok:
            return _fail(doc, why or "symbolic link refused")
        if not path.exists():
            return _fail(doc, f"a dangling symbolic link (to {display_path(os.readlink(path))})")
    try:
        st = path.stat()
    except (OSError, RuntimeError) as e:
        return _fail(doc, f"cannot read: {getattr(e, 'strerror', None) or e}")
    if stat.S_ISDIR(st.st_mode):
        return _fail(doc, "a link to a folder is not followed" if is_link else "a folder, not a file")
    if suffix not in ARTICLE_SUFFIXES:
        return _fail(doc, f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})")
    if not stat.S_ISREG(st.st_mode):
        return _fail(doc, f"{_kind_of(st.st_mode)}, not a regular file; not read")
    if st.st_size > max_bytes:
        return _too_big(doc, st.st_size, max_bytes)
    try:
        data = _read_limited(path, max_bytes)
    except _NotRegular as e:
        return _fail(doc, f"{e}, not a regular file; not read")
    except OSError as e:
        return _fail(doc, f"cannot read: {e.strerror or e}")
    if len(data) > max_bytes:
        return _too_big(doc, len(data), max_bytes)
    return _with_sidecar(doc, data, suffix, sidecar_of(path), root, known)


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))


def _read_regular(e: _Entry, stem: str, suffix: str, rel: str, root: Path, max_bytes: int,
                  known: Callable[[str, str], bool] | None,
                  stamps: dict[str, tuple[tuple[int, ...], str]] | None = None) -> SourceDocument | None:
    """_read_file for an article file the listing says is regular, with one open and one fstat.

    None when anything is not as the listing said or fails (a link, not regular, an error): the
    caller then takes the general path, which reports it as before."""
    # a plain file's stamp is kept (and its text read as it is stamped), a sidecar's article's not
    side_name = e.sidecars.get(_stem_key(stem)) if e.sidecars else None
    stamped = stamps is not None and known is not None and side_name is None
    seen = stamps.get(rel) if stamped else None   # type: ignore[union-attr]
    if seen is not None:
        # a plain file seen before: one lstat tells whether it can have changed (no open, no read)
        try:
            st = os.lstat(e.path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        if seen[0] == (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) and st.st_size <= max_bytes \
                and known(rel, seen[1]):   # type: ignore[misc]
            return SourceDocument(rel, digest=seen[1], cached=True)
    stamp = None
    try:
        fd = os.open(e.path, _OPEN_FLAGS)   # O_NOFOLLOW: a file replaced by a link fails here
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > max_bytes:
            return _too_big(SourceDocument(rel), st.st_size, max_bytes)
        if stamped:   # the stamp of what is read (the file may have changed since any lstat)
            stamp = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        data = _read_fd(fd, max_bytes)
    except OSError:
        return None
    finally:
        os.close(fd)
    doc = SourceDocument(rel)
    if len(data) > max_bytes:
        return _too_big(doc, len(data), max_bytes)
    sidecar = None
    if side_name is not None:   # as sidecar_of, from the listing: no stat for absent names
        p = Path(os.path.dirname(e.path), side_name)
        try:
            if p.is_file():
                sidecar = p
        except OSError:
            pass
    doc = _with_sidecar(doc, data, suffix, sidecar, root, known)
    if stamp is not None and doc.ok and doc.digest:
        stamps[rel] = (stamp, doc.digest)
    return doc


def _with_sidecar(doc: SourceDocument, data: bytes, suffix: str, sidecar: Path | None, root: Path | None,
                  known: Callable[[str, str], bool] | None) -> SourceDocument:
    """Read the sidecar (if any), hash, and parse unless ``known`` has the record already."""
    rel = doc.path
    side_bytes = b""
    if sidecar is not None:
        ok, why = _inside(sidecar, root) if sidecar.is_symlink() else (True, None)
        if not ok:
            doc.problems.append(Problem("front-matter", f"sidecar {display_path(sidecar.name)} ignored: {why}"))
            sidecar = None
        else:
            try:
                side_bytes = _read_limited(sidecar, _MAX_YAML)
            except OSError as e:
                doc.problems.append(Problem("front-matter", f"cannot read sidecar {display_path(sidecar.name)}: "
                                                            f"{e.strerror or e}"))
                sidecar = None
    if sidecar is not None:
        doc.sidecar = display_path(sidecar.name)
    doc.digest = hashlib.sha256(data + b"\0" + side_bytes).hexdigest()
    if known is not None and not doc.problems and known(rel, doc.digest):
        doc.cached = True
        return doc
    parse_bytes(doc, data, suffix, side_bytes, display_path(sidecar.name) if sidecar else None)
    return doc


def _too_big(doc: SourceDocument, size: int, max_bytes: int) -> SourceDocument:
    doc.problems.append(Problem("size-limit", f"file is {size:,} bytes, over the limit of "
                                              f"{max_bytes:,} (max_article_bytes in site.yaml)"))
    doc.ok = False
    return doc


def parse_bytes(doc: SourceDocument, data: bytes, suffix: str = ".txt", side_bytes: bytes = b"",
                side_name: str | None = None) -> SourceDocument:
    """Fill ``doc`` from raw bytes: decode, normalise, split front matter, apply the sidecar."""
    if not data or data.isspace():   # the same test as "not data.strip()", without a copy
        return _fail(doc, "empty file" if not data else "only white space")
    text = _plain_utf8(data)
    if text is not None:
        # what decode() and normalize_text() would give: nothing for them to repair but NFC
        doc.encoding = enc = "utf-8"
        text = _nfc(text)
    else:
        if looks_binary(data):
            return _fail(doc, "binary file, not text")
        try:
            text, enc, notes = decode(data)
        except DecodeError as e:
            return _fail(doc, f"undecodable: {e}")
        doc.encoding = enc
        if enc not in ("utf-8",) or notes:
            doc.problems.append(Problem("encoding", f"decoded as {enc}" + (f"; {'; '.join(notes)}" if notes else "")))
        text = normalize_text(text)
    if not text or text.isspace():
        return _fail(doc, f"only white space (decoded as {enc})")
    if _VISIBLE.search(text) is None:     # (found at the first character of any text)
        return _fail(doc, f"only white space and invisible characters (zero-width spaces, joiners; decoded as {enc})")
    if suffix not in (".md", ".markdown"):   # (Markdown has its own HTML: sanitised when rendered)
        page, (text, note) = text, unmark(text)
        if note is not None:
            text = _CONTROLS.sub("", text)     # what the page's references made ("&#x202e;")
            doc.problems.append(Problem("markup", note))
            if not text or text.isspace():
                return _fail(doc, "only markup, no text (HTML tags with nothing between them)")
            publisher = site_name(page) if text is not page and "og:site_name" in page else None
            if publisher is not None:    # the page's own word; a sidecar still wins
                doc.overrides.update(validate_overrides({"outlet": publisher}, "the page's og:site_name")[0])
    if suffix in (".md", ".markdown"):
        doc.fmt = "md"
        toml = text.startswith("+++")
        m = (_FRONT_TOML if toml else _FRONT).match(text)
        if text.startswith(("---", "+++")) and not m:
            return _fail(doc, f"front matter opened with '{text[:3]}' but never closed", line=1)
        if m:
            raw, problem, key_lines = (_safe_toml if toml else _safe_yaml)(m.group(1) or "", "front matter")
            if problem is not None:
                line = (problem.line + 1) if problem.line else 1
                return _fail(doc, problem.message, line=line)
            fields, problems = validate_overrides(raw, "front matter", 1, key_lines)
            if raw is not None and not isinstance(raw, dict):
                return _fail(doc, problems[0].message, line=1)
            doc.overrides.update(fields)
            doc.problems.extend(problems)
            doc.body_line = text.count("\n", 0, m.end()) + 1
            text = text[m.end():]
    if side_bytes:
        try:
            side_text = normalize_text(side_bytes.decode("utf-8-sig"))
        except UnicodeDecodeError:
            side_text = None
            doc.problems.append(Problem("front-matter", f"sidecar {side_name} is not UTF-8; ignored"))
        if side_text is not None:
            raw, problem, key_lines = _safe_yaml(side_text, f"sidecar {side_name}")
            if problem is not None:
                doc.problems.append(problem)
            else:
                fields, problems = validate_overrides(raw, f"sidecar {side_name}", 0, key_lines)
                doc.overrides.update(fields)  # the sidecar wins over front matter
                doc.problems.extend(problems)
    if (not text or text.isspace()) and not doc.overrides.get("title"):
        return _fail(doc, "no text after the front matter")
    doc.text = text
    return doc


# Bytes that may belong to a character decode() or normalize_text() would change (other than by
# NFC): ASCII controls except TAB and LF (CR, FF, VT, NUL, DEL ...), C2 (the lead byte of U+0080-U+00BF:
# C1 controls, NEL, and the º » of mojibake) and EF (the lead byte of U+FEFF, U+FFFE, U+FFFF and the
# noncharacters U+FDD0-U+FDEF; those of the other planes are found by their last two bytes).
_SUSPECT_BYTES = bytes([*range(0, 9), *range(11, 32), 127, 0xC2, 0xEF])
_NOT_SUSPECT = bytes(b for b in range(256) if b not in _SUSPECT_BYTES)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
# U+2028, U+2029 and the bidirectional U+202A-U+202E (a literal prefix: one fast scan)
_LINE_SEPS_UTF8 = re.compile(rb"\xe2\x80[\xa8-\xae]")
_ISOLATES_UTF8 = re.compile(rb"\xe2\x81[\xa6-\xa9]")   # U+2066-U+2069
_NONCHAR_FDD0_UTF8 = re.compile(rb"\xef\xb7[\x90-\xaf]")   # U+FDD0-U+FDEF
_NONCHAR_ASTRAL_UTF8 = re.compile(rb"[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]")   # U+nFFFE, U+nFFFF


def _plain_utf8(data: bytes) -> str | None:
    """The text of ``data`` when it is plain UTF-8 that decode() and normalize_text() leave alone apart
    from NFC and percent-escapes (no BOM, NUL, control or line-separator character, CR, no mojibake
    pair); otherwise None, and the caller takes the general path. Such data never looks binary."""
    suspect = data.translate(None, _NOT_SUSPECT)
    if suspect:
        if suspect.translate(None, b"\xc2\xef"):
            return None   # an ASCII control byte or CR
        # In valid UTF-8 (checked below) C2 and EF are always lead bytes.
        if b"\xef" in suspect and (b"\xef\xbb\xbf" in data or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data
                                   or (b"\xef\xb7" in data and _NONCHAR_FDD0_UTF8.search(data))):
            return None   # U+FEFF (a BOM, leading or not), U+FFFE, U+FFFF, U+FDD0-U+FDEF
        if b"\xc2" in suspect and _C1_UTF8.search(data):
            return None   # U+0080-U+009F
    if _LINE_SEPS_UTF8.search(data) or (b"\xe2\x81" in data and _ISOLATES_UTF8.search(data)):
        return None       # U+2028, U+2029, or a bidirectional control that normalize_text() drops
    if (b"\xbf\xbe" in data or b"\xbf\xbf" in data) and _NONCHAR_ASTRAL_UTF8.search(data):
        return None       # U+1FFFE, U+1FFFF ... U+10FFFF: noncharacters normalize_text() drops
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _mojibake_hint(text) or _legacy_hint(text):
        return None
    return text


# folder -> (its stamp, its sidecars): one file's read (``extract`` of many files, serve's
# re-read) lists a folder once, not once a file; the stamp changes with any name added,
# removed or renamed there
_FOLDER_SIDECARS: dict[str, tuple[tuple[int, int, int], dict[str, str]]] = {}
_FOLDERS_KEPT = 64


def _sidecar_name(folder: str, stem: str) -> str | None:
    """The name of the sidecar in ``folder`` for the article ``stem`` (``_sidecars``), or None."""
    try:
        st = os.stat(folder)
        stamp = (st.st_dev, st.st_ino, st.st_mtime_ns)
        kept = _FOLDER_SIDECARS.get(folder)
        if kept is not None and kept[0] == stamp:
            sidecars = kept[1]
        else:
            sidecars = _sidecars(os.listdir(folder))
            if len(_FOLDER_SIDECARS) >= _FOLDERS_KEPT:
                _FOLDER_SIDECARS.clear()
            _FOLDER_SIDECARS[folder] = (stamp, sidecars)
    except OSError:
        return None
    return sidecars.get(_stem_key(stem))


def sidecar_of(path: Path) -> Path | None:
    """The sidecar of the article at ``path`` (a regular file), or None. The folder is listed: a
    sidecar's name may differ from the article's in case ("A.YAML") or Unicode form (NFD)."""
    name = _sidecar_name(os.fspath(path.parent), _split_suffix(path.name)[0])
    if name is None:
        return None
    p = path.with_name(name)
    try:
        return p if p.is_file() else None
    except OSError:
        return None


def _fail(doc: SourceDocument, reason: str, line: int | None = None) -> SourceDocument:
    doc.ok = False
    doc.problems.append(Problem("unreadable", reason, line))
    return doc
