"""The data that flows between the build stages.

read  -> ``SourceDocument``   (one decoded input file, or the reason it yields nothing)
extract -> ``Record``         (the structured article of SPEC section 4)
catalog -> ``Catalog``        (see ``bantin.catalog``)
render/write                  (see ``bantin.render`` and ``bantin.write``)

Every stage takes plain dataclasses and returns plain dataclasses; no stage calls back into an
earlier one. ``Record.to_dict`` is the JSON shape researchers get (``records.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds of build problems. A problem with ``fatal=True`` means the file yields no article.
WARNING_KINDS = (
    "no-date",              # no day and no year could be found
    "weekday-mismatch",     # the dateline's weekday disagrees with its date
    "ambiguous-locality",   # a place name that stays ambiguous after using the context
    "unknown-directive",    # a directive code that is not in the registry
    "unresolved-reference", # a short directive reference with no full form and no alias
    "no-byline",            # no byline found
    "no-title",
    "encoding",             # the file was not plain UTF-8: which encoding was assumed
    "front-matter",         # a front-matter or sidecar field was refused
    "slug-collision",       # two articles wanted the same slug
    "duplicate",            # same normalised body as another file
    "size-limit",           # the article was larger than the configured limit
    "unreadable",           # the file yields no article (fatal)
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A warning or error about one input file; ``line`` is 1-based when known."""

    kind: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.kind}: {self.message}{where}"


@dataclass(slots=True)
class SourceDocument:
    """One input file after reading: decoded NFC text plus any maintainer overrides.

    ``text`` is the body to extract from (front matter removed). ``overrides`` holds the
    front-matter or sidecar fields (SPEC section 4 names) that win over extraction.
    ``ok`` is False when the file yields no article; ``problems`` then says why.
    """

    path: str                       # path relative to the content folder, POSIX separators
    text: str = ""
    fmt: str = "txt"                # "txt" | "md"
    encoding: str = "utf-8"
    overrides: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    digest: str = ""                # sha256 of the raw bytes (and sidecar), for caching
    cached: bool = False            # the cache holds this file's record: it was not decoded again


@dataclass(slots=True)
class Block:
    kind: str   # lead | paragraph | heading | caption | question | answer
    text: str
    html: str | None = None   # sanitised inline HTML, only for Markdown sources


@dataclass(slots=True)
class Outlet:
    key: str
    name: str


@dataclass(slots=True)
class Byline:
    name: str    # display form, title case
    role: str    # author | interviewer
    raw: str     # as printed


@dataclass(slots=True)
class Locality:
    key: str                 # "ho-chi-minh", "ho-chi-minh/quan-10", "da-nang/thanh-khe/thanh-khe-dong"
    name: str                # gazetteer display name with its type word: "Quận 10", "Thành phố Đà Nẵng"
    level: str               # province | district | ward
    province_key: str
    mentions: int = 0
    short_name: str = ""     # bare name: "Đà Nẵng", "Quận 10", "Thanh Khê"
    district_key: str | None = None   # for wards


@dataclass(slots=True)
class DirectiveRef:
    code: str                # canonical code: "05-CT/TW", "27/CT-TTg", "54/2017/NQ-QH"
    key: str                 # code, plus "@scope" for a local issuer
    kind: str                # "Chỉ thị", "Nghị quyết", ...
    issuer: str              # issuer code: "TW", "TU", "TTg", ...
    scope: str | None = None  # locality key for local issuers
    subject: str | None = None
    issued: str | None = None  # ISO date when known
    mentions: int = 0
    name: str | None = None    # a registry title or a named form ("Nghị quyết Trung ương 4 khóa XII")
    issuer_name: str | None = None  # "Bộ Chính trị", "Thành ủy", ...
    in_registry: bool = False


@dataclass(slots=True)
class Record:
    path: str
    slug: str
    title: str
    date: str | None = None
    time: str | None = None
    date_basis: str = "none"     # front-matter | dateline | body-event | year-only | none
    year: int | None = None
    retrieved: str | None = None
    outlet: Outlet | None = None
    byline: Byline | None = None
    credit_outlet: str | None = None   # "Theo TTXVN", "Ngọc Thành/VOV.VN": the credited outlet
    genre: str = "news"
    localities: list[Locality] = field(default_factory=list)
    primary_locality: str | None = None
    directives: list[DirectiveRef] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    digest: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (same as ``dataclasses.asdict``, without its deep copies: it is hot)."""
        d = {f: getattr(self, f) for f in self.__dataclass_fields__}
        d["outlet"] = _shallow(self.outlet) if self.outlet is not None else None
        d["byline"] = _shallow(self.byline) if self.byline is not None else None
        d["localities"] = [_shallow(x) for x in self.localities]
        d["directives"] = [_shallow(x) for x in self.directives]
        d["blocks"] = [_shallow(x) for x in self.blocks]
        d["dropped"] = list(self.dropped)
        d["warnings"] = [str(p) for p in self.warnings]
        return d

    @property
    def lead(self) -> str:
        for b in self.blocks:
            if b.kind in ("lead", "paragraph", "answer"):
                return b.text
        return ""


def _shallow(obj: Any) -> dict[str, Any]:
    """A flat dataclass (scalar fields only) as a dict."""
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}


def problem_from_dict(d: dict[str, Any]) -> Problem:
    return Problem(d["kind"], d["message"], d.get("line"))


def record_from_dict(d: dict[str, Any]) -> Record:
    """Inverse of ``Record.to_dict`` for caches; warnings are kept structured there."""
    d = dict(d)
    d["outlet"] = Outlet(**d["outlet"]) if d.get("outlet") else None
    d["byline"] = Byline(**d["byline"]) if d.get("byline") else None
    d["localities"] = [Locality(**x) for x in d.get("localities", [])]
    d["directives"] = [DirectiveRef(**x) for x in d.get("directives", [])]
    d["blocks"] = [Block(**x) for x in d.get("blocks", [])]
    d["warnings"] = [problem_from_dict(w) if isinstance(w, dict) else Problem("warning", w)
                     for w in d.get("warnings", [])]
    return Record(**d)
