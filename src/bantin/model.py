"""The data that flows between the build stages.

read  -> ``SourceDocument``   (one decoded input file, or the reason it yields nothing)
extract -> ``Record``         (the structured article of SPEC section 4)
catalog -> ``Catalog``        (see ``bantin.catalog``)
render/write                  (see ``bantin.render`` and ``bantin.write``)

Every stage takes plain dataclasses and returns plain dataclasses; no stage calls back into an
earlier one. ``Record.to_dict`` is the JSON shape researchers get (``records.json``).
"""

from __future__ import annotations

import io
import operator
import pickle
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lz4.block import compress as lz4_compress, decompress as lz4_decompress

if TYPE_CHECKING:
    from .textstore import TextSpan, TextStore

# Kinds of build problems. A problem with ``fatal=True`` means the file yields no article.
WARNING_KINDS = (
    "no-date",              # no day and no year could be found
    "weekday-mismatch",     # the dateline's weekday disagrees with its date
    "bad-date",             # a dateline prints a day that does not exist ("29/02/2019")
    "ambiguous-locality",   # a place name that stays ambiguous after using the context
    "unknown-directive",    # a directive code that is not in the registry
    "unresolved-reference", # a short directive reference with no full form and no alias
    "no-byline",            # no byline found
    "no-title",
    "encoding",             # the file was not plain UTF-8: which encoding was assumed
    "markup",               # HTML tags or character references in a text file were turned into text
    "front-matter",         # a front-matter or sidecar field was refused
    "slug-collision",       # two articles wanted the same slug
    "duplicate",            # same normalised body as another file
    "size-limit",           # the article was larger than the configured limit
    "too-many",             # more directives or localities than the configured limit: the most mentioned kept
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
    unread: bool = False            # listed, not read yet (see ``reader.read_all(defer=True)``)
    sidecar: str | None = None      # the sidecar read with it (its name), even when the cache had the record
    body_line: int = 1              # the file's line ``text`` starts on (after front matter)


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
    role: str    # author | interviewer | signer (of a document's full text)
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
    blocks: Sequence[Block] = field(default_factory=list)   # a list; ``PackedBlocks`` in the build (see pipeline)
    dropped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"
    digest: str = ""
    draft: bool = False     # ``draft: true`` in its sidecar or front matter: not published
    slug_given: bool = False   # the slug was written in its sidecar or front matter (not exported)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (same as ``dataclasses.asdict``, without its deep copies: it is hot).
        ``draft`` only where it is true (a build with ``--drafts``, ``extract``)."""
        d = {f: getattr(self, f) for f in self.__dataclass_fields__}
        if not self.draft:
            del d["draft"]
        del d["slug_given"]
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
        if type(self.blocks) is PackedBlocks:
            return self.blocks.lead
        for b in self.blocks:
            if b.kind in ("lead", "paragraph", "answer"):
                return b.text
        return ""


_LEAD_KINDS = ("lead", "paragraph", "answer")   # the kinds ``Record.lead`` takes the first of


class PackedBlocks(Sequence[Block]):
    """An article's blocks as one compressed UTF-8 buffer: a read-only sequence of ``Block``, each
    made when it is read.

    CPython keeps Vietnamese text two bytes a character (letters like "ệ" are past U+00FF), plus
    two objects per block: about 17 kB for a 6 kB article. The build holds every record from
    extraction until its pages are written, in each render process, and reads the text only two or
    three times (the article page, records.json/csv, the search index); so it is kept compressed
    with LZ4: about 3.4 kB for 6.7 kB of UTF-8, 13 µs to compress and 6 µs to read back (zlib at
    level 1 made 2.6 kB but took 130 and 30 µs, a tenth of all extraction time on the worker's
    critical path). The lead, which list pages and feeds show for every article, is kept apart,
    uncompressed. Pickled, it is these buffers as they are.

    In a build neither stays in the heap: the records cache moves them to its text file
    (``spill``), one after the other, and keeps a ``textstore.TextSpan`` over both in place of
    the buffer; the lead is then the span's last bytes (its length is its block's, in ``_ends``).
    ``pickle_textless`` pickles a record without them, for the cache file.
    """

    __slots__ = ("_kinds", "_ends", "_packed", "_html", "_lead")

    def __init__(self, blocks: Iterable[Block] = ()):
        kinds, ends, parts, html = [], array("I"), [], []
        lead: bytes | None = None
        end = 0
        for b in blocks:
            raw = b.text.encode("utf-8", "surrogatepass")
            end += len(raw)
            parts.append(raw)
            ends.append(end)
            kinds.append(sys.intern(b.kind))
            html.append(b.html)
            if lead is None and b.kind in _LEAD_KINDS:
                lead = raw
        self._kinds, self._ends = tuple(kinds), ends
        self._packed: bytes | TextSpan | None = lz4_compress(b"".join(parts))
        self._html = tuple(html) if any(h is not None for h in html) else None
        self._lead = lead   # None when there is no lead, and once the text is in a text file

    @classmethod
    def _restore(cls, kinds: tuple[str, ...], ends: bytes, packed: bytes | None, html: tuple | None,
                 lead: bytes | None) -> "PackedBlocks":
        self = cls.__new__(cls)
        self._kinds = tuple(map(sys.intern, kinds))   # one "paragraph" for every record, not one each
        self._ends = array("I")
        self._ends.frombytes(ends)
        self._packed, self._html, self._lead = packed, html, lead
        return self

    def __reduce__(self):
        return (PackedBlocks._restore, (self._kinds, self._ends.tobytes(), self.compressed(), self._html,
                                        self._lead_bytes()))

    def _lead_size(self) -> int:
        """The lead's length in UTF-8 bytes (0 without one)."""
        for i, kind in enumerate(self._kinds):
            if kind in _LEAD_KINDS:
                return self._ends[i] - (self._ends[i - 1] if i else 0)
        return 0

    def _lead_bytes(self) -> bytes | None:
        packed = self._packed
        if type(packed) is bytes or packed is None:
            return self._lead
        size = self._lead_size()
        return packed.tail(size) if size else None

    def compressed(self) -> bytes:
        """The compressed text, read back from its text file when it was spilled there."""
        packed = self._packed
        if type(packed) is bytes:
            return packed
        data = packed.read()
        size = self._lead_size()
        return data[:len(data) - size] if size else data

    def stored(self) -> bytes:
        """What a text file keeps of these blocks: the compressed text, then the lead."""
        packed = self._packed
        if type(packed) is not bytes:
            return packed.read()
        return packed + self._lead if self._lead else packed

    @property
    def span(self) -> "TextSpan | None":
        """Where the text and lead lie in a text file; None while they are held in memory."""
        packed = self._packed
        return None if type(packed) is bytes else packed

    def spill(self, store: "TextStore") -> "TextSpan":
        """Move the text and lead to ``store`` (unless they are there already); their span."""
        packed = self._packed
        if type(packed) is bytes or packed.store is not store:
            packed = self._packed = store.add(self.stored())
            self._lead = None
        return packed

    def attach(self, stored: "bytes | TextSpan") -> None:
        """Take back the text and lead that ``pickle_textless`` left out: ``stored()``'s bytes,
        or the span where they lie in a text file."""
        if type(stored) is bytes:
            size = self._lead_size()
            self._packed = stored[:len(stored) - size] if size else stored
            self._lead = stored[len(stored) - size:] if size else None
        else:
            self._packed, self._lead = stored, None

    @property
    def lead(self) -> str:
        """``Record.lead``: the first lead, paragraph or answer, without inflating the rest."""
        lead = self._lead_bytes()
        return "" if lead is None else lead.decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._kinds)

    def __getitem__(self, i):  # type: ignore[override]
        blocks = list(self)
        return blocks[i]

    def __iter__(self) -> Iterator[Block]:
        text, html, start = lz4_decompress(self.compressed()), self._html, 0
        for i, (kind, end) in enumerate(zip(self._kinds, self._ends)):
            yield Block(kind, text[start:end].decode("utf-8", "surrogatepass"), html[i] if html else None)
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedBlocks):
            return (self._kinds, self._html, self._ends) == (other._kinds, other._html, other._ends) \
                and lz4_decompress(self.compressed()) == lz4_decompress(other.compressed())
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedBlocks({list(self)!r})"


# --- pickling: records cross process boundaries and sit in the cache --------------------------
#
# A record is pickled as one plain tuple (nested tuples for its parts) and rebuilt by one function
# call: pickling each part as an object of its own took a fresh build 100 µs a record (a second
# at 10,000 articles) to load its cache.
#
# Unpickled one by one, ten thousand records would each hold their own copy of "ho-chi-minh",
# "Thành ủy", "paragraph" and the boilerplate lines they dropped. Restored through tables kept
# per process, equal parts share their strings: a locality's or a directive's text fields as one
# tuple (one lookup, not one per field), an outlet, a byline, a warning, each dropped line.

_SHARED_STRINGS: dict[str, str] = {}
_SHARED_PARTS: dict[tuple, tuple] = {}
_SHARED_PROBLEMS: dict[tuple, Problem] = {}
# Outlets, bylines, and localities and directive references with their mention counts: one object
# for equal ones across records. A record's parts are read only once it is extracted (nothing
# after extraction assigns to them), so sharing them is safe and saves about a third of a
# record's size, in every render process.
_SHARED_OBJECTS: dict[type, dict[tuple, Any]] = {Outlet: {}, Byline: {}, Locality: {}, DirectiveRef: {}}
_SHARE_MAX = 200   # longer strings rarely repeat: not worth a table entry

_record_fields = operator.attrgetter(*Record.__slots__)
_PROBLEM_FIELDS = operator.attrgetter(*Problem.__slots__)
# the text fields of a locality and of a directive reference, apart from their counts
_LOCALITY_TEXT = operator.attrgetter("key", "name", "level", "province_key", "short_name", "district_key")
_DIRECTIVE_TEXT = operator.attrgetter("code", "key", "kind", "issuer", "scope", "subject", "issued", "name",
                                      "issuer_name")


def catalog_fields(r: Record) -> tuple:
    """Every field of ``r`` the catalog reads (all but the text, the warnings and the provenance),
    as plain tuples: pickled, far quicker than the dataclasses (``pipeline.shape_key``)."""
    o, b = r.outlet, r.byline
    return (r.path, r.slug, r.title, r.date, r.time, r.date_basis, r.year, r.retrieved,
            None if o is None else (o.key, o.name), None if b is None else (b.name, b.role, b.raw),
            r.credit_outlet, r.genre,
            tuple((_LOCALITY_TEXT(x), x.mentions) for x in r.localities), r.primary_locality,
            tuple((_DIRECTIVE_TEXT(d), d.mentions, d.in_registry) for d in r.directives))


def _plain_record(r: Record) -> tuple:
    return (*catalog_fields(r), r.blocks, tuple(r.dropped), tuple(map(_PROBLEM_FIELDS, r.warnings)),
            r.encoding, r.digest, r.draft, r.slug_given)


def _restore_record(plain: tuple) -> Record:
    (path, slug, title, date, time, basis, year, retrieved, outlet, byline, credit, genre, localities,
     primary, directives, blocks, dropped, warnings, encoding, digest, draft, slug_given) = plain
    share = _SHARED_STRINGS.setdefault
    if outlet is not None:
        outlet = _shared_object(Outlet, outlet)
    if byline is not None:
        byline = _shared_object(Byline, byline)
    locs = []
    shared = _SHARED_OBJECTS[Locality]
    for key in localities:
        loc = shared.get(key)
        if loc is None:
            text, mentions = key
            t = _shared_part(text)
            loc = shared[(t, mentions)] = Locality(t[0], t[1], t[2], t[3], mentions, t[4], t[5])
        locs.append(loc)
    refs = []
    shared = _SHARED_OBJECTS[DirectiveRef]
    for key in directives:
        ref = shared.get(key)
        if ref is None:
            text, mentions, in_registry = key
            t = _shared_part(text)
            ref = shared[(t, mentions, in_registry)] = DirectiveRef(
                t[0], t[1], t[2], t[3], t[4], t[5], t[6], mentions, t[7], t[8], in_registry)
        refs.append(ref)
    # the dates, times and places many records have: one string each (a date is a 59-byte object)
    if date is not None:
        date = share(date, date)
    if time is not None:
        time = share(time, time)
    if retrieved is not None:
        retrieved = share(retrieved, retrieved)
    if primary is not None:
        primary = share(primary, primary)
    return Record(path, slug, title, date, time, share(basis, basis), year, retrieved, outlet, byline, credit,
                  share(genre, genre), locs, primary, refs, blocks,
                  [share(x, x) if len(x) <= _SHARE_MAX else x for x in dropped], _shared_problems(warnings),
                  share(encoding, encoding), digest, draft, slug_given)


def _shared_problems(warnings: tuple) -> list[Problem]:
    """Problems from their plain fields; a Problem is immutable: one object for equal ones."""
    problems = []
    for w in warnings:
        p = _SHARED_PROBLEMS.get(w)
        if p is None:
            p = _SHARED_PROBLEMS[w] = Problem(_SHARED_STRINGS.setdefault(w[0], w[0]), *w[1:])   # one kind string
        problems.append(p)
    return problems


def _shared_object(cls: type, fields: tuple) -> Any:
    shared = _SHARED_OBJECTS[cls]
    obj = shared.get(fields)
    if obj is None:
        fields = _shared_part(fields)
        obj = shared[fields] = cls(*fields)
    return obj


def _shared_part(text: tuple) -> tuple:
    """The one tuple equal to ``text``; a new one's strings are the shared ones: distinct
    directives still have the same kind, issuer and scope, often the same subject."""
    t = _SHARED_PARTS.get(text)
    if t is None:
        share = _SHARED_STRINGS.setdefault
        t = tuple(share(x, x) if type(x) is str else x for x in text)
        _SHARED_PARTS[t] = t
    return t


def _reduce_record(self: Record) -> tuple:
    return (_restore_record, (_plain_record(self),))


def _copy_record(self: Record) -> Record:
    # ``copy.copy`` would otherwise go through ``__reduce__``: a pickle's worth of work
    return Record(*_record_fields(self))


Record.__reduce__ = _reduce_record   # type: ignore[method-assign]
Record.__copy__ = _copy_record       # type: ignore[attr-defined]


# --- records read from the cache on first use ------------------------------------------------
#
# A fresh build after an edit needs only a few records whole: the edited one and those on the
# list pages that show it. Unpickling all of them was a quarter of such a build at 10,000
# articles. A cached record starts with the fields every record is asked for before rendering
# (``collect`` gives each its slug and a report entry), and reads the rest from its pickle in the
# cache's text file when one of them is first asked for.

# (the date and year too: ``collect`` numbers the articles that share a slug oldest first)
LAZY_EAGER = ("path", "slug", "title", "encoding", "warnings", "draft", "slug_given", "date", "year")
_LAZY_REST = tuple(f for f in Record.__slots__ if f not in LAZY_EAGER)
_LAZY_REST_SET = frozenset(_LAZY_REST)


class LazyRecord(Record):
    """A ``Record`` from the records cache: ``LAZY_EAGER`` fields set, the others read from its
    pickle (``source[0]``, a ``textstore.TextSpan``; ``source[1]``: its text's span, or None) the
    first time one is read. ``source`` is a list shared with its copies, so that a cache that
    moves the spans to a new text file moves them for all."""

    __slots__ = ("source",)

    def __getattr__(self, name: str) -> Any:
        # only reached for a slot not set yet (or a name that is no field)
        if name in _LAZY_REST_SET:
            self._load()
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    @property
    def loaded(self) -> bool:
        try:
            object.__getattribute__(self, "digest")
        except AttributeError:
            return False
        return True

    def _load(self) -> None:
        from .textstore import TextStoreError

        pickled, text = self.source
        try:
            whole = pickle.loads(pickled.read())  # noqa: S301 - our own cache's file
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, IndexError) as e:
            raise TextStoreError(f"{pickled.store.path}: the record of {self.path} cannot be read ({e}); "
                                 f"the file was changed by another program: build with --clean") from None
        if text is not None:
            whole.blocks.attach(text)
        for name in _LAZY_REST:
            setattr(self, name, getattr(whole, name))

    def __copy__(self) -> Record:
        if self.loaded:
            return _copy_record(self)
        other = LazyRecord.__new__(LazyRecord)
        for name in LAZY_EAGER:
            setattr(other, name, getattr(self, name))
        other.source = self.source
        return other

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return _record_fields(self) == _record_fields(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def eager_fields(r: Record) -> tuple:
    """What ``lazy_record`` starts a record with, as plain data (kept in the cache's index)."""
    return (r.path, r.slug, r.title, r.encoding, tuple(map(_PROBLEM_FIELDS, r.warnings)), r.draft, r.slug_given,
            r.date, r.year)


def lazy_record(eager: tuple, pickled: "TextSpan", text: "TextSpan | None") -> LazyRecord:
    """The record whose ``eager_fields`` are ``eager`` and whose pickle (``pickle_textless``) and
    text lie at these spans; read whole when a field it was not given is first asked for."""
    path, slug, title, encoding, warnings, draft, slug_given, date, year = eager
    share = _SHARED_STRINGS.setdefault
    r = LazyRecord.__new__(LazyRecord)
    r.path, r.slug, r.title, r.encoding, r.draft = path, slug, title, share(encoding, encoding), draft
    r.slug_given = slug_given
    r.date, r.year = (share(date, date) if date is not None else None), year
    r.warnings = _shared_problems(warnings)
    r.source = [pickled, text]
    return r


class _TextlessPickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is PackedBlocks:
            return (PackedBlocks._restore, (obj._kinds, obj._ends.tobytes(), None, obj._html, None))
        return NotImplemented


def pickle_textless(obj: Any) -> bytes:
    """``obj`` pickled with every ``PackedBlocks`` in it without its compressed text: the
    records cache stores the texts apart (``textstore``), and the reader gives each its span
    back (``PackedBlocks.attach``)."""
    buf = io.BytesIO()
    _TextlessPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


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
