"""Read stage: turn files under ``content/articles/`` into ``SourceDocument`` objects.

Every file is accounted for: it becomes a document, or a document with ``ok=False`` and a problem
that says why (empty, binary, undecodable, broken front matter, a link leaving the content folder,
an unsupported file type). Decoding detects BOMs, tries strict UTF-8, then asks
charset-normalizer; classic mojibake (UTF-8 read as Windows-1252 and saved again) is repaired
with ftfy. The text is normalised to NFC with LF line ends.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .model import Problem, SourceDocument

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
SIDECAR_SUFFIXES = (".yaml", ".yml")

# Fields a maintainer may set in front matter or a sidecar, with the type each must have.
OVERRIDE_FIELDS = {
    "title": str, "slug": str, "date": (str, date, datetime), "time": str, "year": int,
    "retrieved": (str, date, datetime), "outlet": (str, dict), "byline": (str, dict),
    "byline_role": str, "genre": str, "localities": list, "primary_locality": str,
    "directives": list, "draft": bool, "credit_outlet": str,
}

# --- decoding -------------------------------------------------------------------------------

_MOJIBAKE_HINT = re.compile("[ÃÂÄÆÅáºá»]|Ä\u2018|Æ°|Ä\u2018")
_PERCENT_IN_LETTER = re.compile(
    # "Bô%3ḅ": a percent-escape left inside a letter; the tone mark sits on a stray carrier letter
    # after it. In NFD: vowel (+ shape mark) '%' hex [letter] tone-marks -> vowel + tone-marks.
    "(?<=[AEIOUYaeiouy])([\u0302\u0306\u031b]?)%[0-9A-Fa-f]{1,2}[A-Za-z]?([\u0300\u0301\u0303\u0309\u0323])"
)


class DecodeError(Exception):
    pass


def looks_binary(data: bytes) -> bool:
    """Binary if it has NULs that are not UTF-16 padding, or many control bytes."""
    if not data:
        return False
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    nul = sample.count(0)
    if nul > len(sample) * 0.3:
        return True  # UTF-16 without BOM is treated as binary unless charset detection says otherwise
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 0))
    return controls > max(8, len(sample) // 20)


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode raw bytes; return (text, encoding assumed, notes). Raises DecodeError."""
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, enc = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DecodeError(f"broken UTF-16: {e.reason} at byte {e.start}") from None
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _detect(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append("NUL characters removed")
    fixed = _fix_mojibake(text)
    if fixed != text:
        notes.append("mojibake repaired (UTF-8 that had been read as Windows-1252)")
        text = fixed
    return text, enc, notes


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    # Vietnamese legacy pages are Windows-1258 (combining tone marks) or, when mangled, 1252.
    results = from_bytes(data, cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1", "utf_8"])
    best = results.best()
    if best is None or best.encoding is None:
        raise DecodeError("could not detect the text encoding")
    enc = best.encoding
    # cp1258 and cp1252 share most bytes; 1258 is the Vietnamese one when combining marks decode.
    if enc in ("cp1252", "latin_1"):
        try:
            alt = data.decode("cp1258")
            if re.search("[\u0300\u0301\u0303\u0309\u0323]", alt):
                return alt, "cp1258"
        except UnicodeDecodeError:
            pass
    return str(best), enc


def _fix_mojibake(text: str) -> str:
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False,
                         fix_latin_ligatures=False, fix_character_width=False, unescape_html=False)


def normalize_text(text: str) -> str:
    """NFC, LF line ends, known corruption repaired."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    nfd = unicodedata.normalize("NFD", text)
    if "%" in nfd:
        nfd = _PERCENT_IN_LETTER.sub(r"\1\2", nfd)
    return unicodedata.normalize("NFC", nfd)


# --- front matter and sidecars --------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MAX_YAML = 64 * 1024


def _safe_yaml(text: str, where: str) -> tuple[Any, Problem | None]:
    if len(text) > _MAX_YAML:
        return None, Problem("front-matter", f"{where} is larger than {_MAX_YAML} bytes")
    if text.count("*") > 200 and text.count("&") > 20:
        # anchors and aliases in bulk: a "billion laughs" bomb, refused before expansion
        return None, Problem("front-matter", f"{where} uses too many YAML aliases")
    try:
        return yaml.safe_load(text), None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        return None, Problem("front-matter", f"{where}: invalid YAML: {e.problem or e}", line)
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        return None, Problem("front-matter", f"{where}: invalid YAML: {e}")


def validate_overrides(raw: Any, where: str, line_offset: int = 0) -> tuple[dict[str, Any], list[Problem]]:
    """Keep the known, well-typed fields; report the rest."""
    problems: list[Problem] = []
    if raw is None:
        return {}, problems
    if not isinstance(raw, dict):
        return {}, [Problem("front-matter", f"{where} must be a mapping of fields, got {type(raw).__name__}",
                            line_offset or None)]
    out: dict[str, Any] = {}
    for key, value in raw.items():
        want = OVERRIDE_FIELDS.get(key)
        if want is None:
            problems.append(Problem("front-matter", f"{where}: unknown field {key!r} ignored"))
            continue
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            problems.append(Problem("front-matter", f"{where}: field {key!r} has the wrong type "
                                                    f"({type(value).__name__}); ignored"))
            continue
        if key in ("date", "retrieved"):
            iso = _iso_date(value)
            if iso is None:
                problems.append(Problem("front-matter", f"{where}: {key} {value!r} is not a real date "
                                                        "(YYYY-MM-DD); ignored"))
                continue
            value = iso
        if key == "slug":
            bad = _bad_slug(value)
            if bad:
                problems.append(Problem("front-matter", f"{where}: slug {value!r} refused: {bad}"))
                continue
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
        out[key] = value
    return out, problems


def _iso_date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
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
    """All files under ``articles`` in a stable order (sidecars included: the caller pairs them)."""
    for dirpath, dirnames, filenames in os.walk(articles, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            yield Path(dirpath) / name
        # symlinked directories are not followed by os.walk; report them as files
        for d in list(dirnames):
            p = Path(dirpath) / d
            if p.is_symlink():
                dirnames.remove(d)
                yield p


def read_all(articles: Path, max_bytes: int = 8_000_000, content: Path | None = None) -> list[SourceDocument]:
    """Read every file under ``articles``; sidecars are merged into the article they belong to.

    Symbolic links are followed only when their target stays inside ``content`` (by default the
    parent of ``articles``).
    """
    root = (content or articles.parent).resolve()
    files = list(iter_article_files(articles))
    article_stems = {p.with_suffix("") for p in files if p.suffix.lower() in ARTICLE_SUFFIXES}
    docs: list[SourceDocument] = []
    for path in files:
        suffix = path.suffix.lower()
        rel = path.relative_to(articles).as_posix()
        if suffix in SIDECAR_SUFFIXES:
            if path.with_suffix("") in article_stems:
                continue  # read with its article
            docs.append(SourceDocument(rel, ok=False, problems=[Problem(
                "unreadable", "sidecar with no article beside it (expected "
                f"{path.with_suffix('.txt').name})")]))
            continue
        docs.append(read_file(path, rel, root, max_bytes=max_bytes))
    return docs


def read_file(path: Path, rel: str | None = None, content: Path | None = None,
              max_bytes: int = 8_000_000) -> SourceDocument:
    """Read one article file (and its sidecar, if any).

    A symbolic link is followed only when its target lies inside ``content``.
    """
    root = content.resolve() if content is not None else None
    rel = rel or str(path)
    doc = SourceDocument(rel)
    suffix = path.suffix.lower()
    if path.is_symlink() and root is not None:
        target = path.resolve()
        if not target.is_relative_to(root):
            return _fail(doc, "a symbolic link pointing outside content/ is not followed")
    if path.is_dir():
        return _fail(doc, "a link to a folder is not followed")
    if suffix not in ARTICLE_SUFFIXES:
        return _fail(doc, f"not an article file (expected {', '.join(ARTICLE_SUFFIXES)})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            doc.problems.append(Problem("size-limit", f"file is {size:,} bytes, over the limit of "
                                                      f"{max_bytes:,} (max_article_bytes in site.yaml)"))
            doc.ok = False
            return doc
        data = path.read_bytes()
    except OSError as e:
        return _fail(doc, f"cannot read: {e.strerror or e}")
    sidecar = _sidecar_of(path)
    side_bytes = b""
    if sidecar is not None:
        try:
            side_bytes = sidecar.read_bytes()
        except OSError as e:
            doc.problems.append(Problem("front-matter", f"cannot read sidecar {sidecar.name}: {e.strerror or e}"))
    doc.digest = hashlib.sha256(data + b"\0" + side_bytes).hexdigest()
    parse_bytes(doc, data, suffix, side_bytes, sidecar.name if sidecar else None)
    return doc


def parse_bytes(doc: SourceDocument, data: bytes, suffix: str = ".txt", side_bytes: bytes = b"",
                side_name: str | None = None) -> SourceDocument:
    """Fill ``doc`` from raw bytes: decode, normalise, split front matter, apply the sidecar."""
    if not data.strip():
        return _fail(doc, "empty file" if not data else "only white space")
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
    if suffix in (".md", ".markdown"):
        doc.fmt = "md"
        m = _FRONT.match(text)
        if text.startswith("---") and not m:
            return _fail(doc, "front matter opened with '---' but never closed", line=1)
        if m:
            raw, problem = _safe_yaml(m.group(1) or "", "front matter")
            if problem is not None:
                line = (problem.line + 1) if problem.line else 1
                return _fail(doc, problem.message, line=line)
            fields, problems = validate_overrides(raw, "front matter", 1)
            if raw is not None and not isinstance(raw, dict):
                return _fail(doc, problems[0].message, line=1)
            doc.overrides.update(fields)
            doc.problems.extend(problems)
            text = text[m.end():]
    if side_bytes:
        try:
            side_text = normalize_text(side_bytes.decode("utf-8-sig"))
        except UnicodeDecodeError:
            side_text = None
            doc.problems.append(Problem("front-matter", f"sidecar {side_name} is not UTF-8; ignored"))
        if side_text is not None:
            raw, problem = _safe_yaml(side_text, f"sidecar {side_name}")
            if problem is not None:
                doc.problems.append(problem)
            else:
                fields, problems = validate_overrides(raw, f"sidecar {side_name}")
                doc.overrides.update(fields)  # the sidecar wins over front matter
                doc.problems.extend(problems)
    if not text.strip() and not doc.overrides.get("title"):
        return _fail(doc, "no text after the front matter")
    doc.text = text
    return doc


def _sidecar_of(path: Path) -> Path | None:
    for suffix in SIDECAR_SUFFIXES:
        p = path.with_suffix(suffix)
        if p.is_file():
            return p
    return None


def _fail(doc: SourceDocument, reason: str, line: int | None = None) -> SourceDocument:
    doc.ok = False
    doc.problems.append(Problem("unreadable", reason, line))
    return doc
