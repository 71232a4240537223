"""Site configuration and the maintainers' data files under ``content/``.

All YAML is read with the safe loader. A malformed data file raises ``DataError`` naming the file,
the line and what was expected, so that the build can stop before writing anything.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .text import nfc


class DataError(Exception):
    """A data file (site.yaml, directives.yaml, ...) is malformed."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (libyaml when available) that refuses duplicate mapping keys (a common editing
    slip) and records the line each mapping starts on (``LineDict.line``)."""


class LineDict(dict):
    """A mapping from a data file that remembers the line it starts on and each key's line (for
    error messages)."""

    line: int | None = None
    key_lines: dict[Any, int] | None = None


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    out = LineDict(loader.construct_mapping(node, deep=deep))
    out.line = node.start_mark.line + 1
    out.key_lines = {k: v + 1 for k, v in seen.items()}
    return out


def line_of(obj: Any) -> int | None:
    return getattr(obj, "line", None)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode):
    """A date YAML reads as one; an impossible one ("2016-02-30") is an error at its line, not a
    traceback from the loader."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as e:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a real date ({e})",
                                                node.start_mark) from None


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Parse a YAML data file safely; errors become ``DataError`` with the line number."""
    try:
        if text is None:
            text = path.read_text(encoding="utf-8-sig")
        return yaml.load(nfc(text), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(path, f"invalid YAML: {e.problem or e}", line) from None
    except yaml.YAMLError as e:
        raise DataError(path, f"invalid YAML: {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(path, f"cannot read: {e}") from None


def expect(cond: bool, path: Path, message: str, line: int | None = None) -> None:
    if not cond:
        raise DataError(path, message, line)


@dataclass(slots=True)
class SiteConfig:
    title: str = "Bản tin"
    description: str = ""
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "vi"
    per_page: int = 20
    home_latest: int = 20
    max_article_bytes: int = 8_000_000
    # an article naming more than these keeps the most mentioned (each is a page that lists the
    # article with all its tags: a file of 20,000 codes made 20,000 pages of 20,000 tags each)
    max_directives_per_article: int = 100
    max_localities_per_article: int = 250
    # articles per part of the search index, on average (3/4 to 5/4 of it; see ``search.plan_parts``)
    search_shard_size: int = 2500
    about: str = ""
    # robots.txt's rules (its Sitemap line is added): "User-agent: *\nDisallow: /tim-kiem/", say
    robots: str = "User-agent: *\nAllow: /"
    # the maintainer's own values for the templates (``site.params.x``), as Hugo's ``params``
    params: dict[str, Any] = field(default_factory=dict)
    # what the file says that no setting reads (a misspelt key): the build reports each, and
    # ``--strict`` fails on them; (message, line)
    problems: list[tuple[str, int | None]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> "SiteConfig":
        raw = load_yaml(path) if path.exists() else {}
        raw = raw or {}
        expect(isinstance(raw, dict), path, "expected a mapping of settings (title:, base_url:, ...)")
        cfg = cls()
        lines = getattr(raw, "key_lines", None) or {}
        for key, value in raw.items():
            if key == "params":
                expect(isinstance(value, dict), path, "params: expected a mapping of your own values "
                       "for the templates (name: value)", lines.get(key))
                cfg.params = _plain(value)
            elif key in SETTINGS:
                want = type(getattr(cfg, key))
                if want is int:
                    expect(isinstance(value, int) and not isinstance(value, bool) and value > 0, path,
                           f"{key}: expected a positive whole number, got {value!r}")
                elif want is str:
                    expect(isinstance(value, str), path, f"{key}: expected text, got {value!r}")
                setattr(cfg, key, value)
            else:
                cfg.problems.append((_unknown_setting(key), lines.get(key)))
        expect(_WEB_URL.match(cfg.base_url) is not None, path,
               f"base_url: expected the site's address, http:// or https://, got {cfg.base_url!r}")
        if not cfg.base_url.endswith("/"):
            cfg.base_url += "/"
        return cfg

    @property
    def path_prefix(self) -> str:
        """The path the site is served under, from ``base_url``: "" at a host's root, "/bantin"
        for "https://user.github.io/bantin/" (a GitHub Pages project site). Percent-encoded, so
        that it can stand in any link as it is."""
        return url_path_prefix(self.base_url)


def url_path_prefix(base_url: str) -> str:
    """``SiteConfig.path_prefix`` of ``base_url``."""
    from urllib.parse import quote, urlsplit

    path = urlsplit(base_url).path.rstrip("/")
    # the characters a path may hold as they are (RFC 3986 unreserved, and "%" of an escape
    # already made); anything else, a Vietnamese letter or a quote, is escaped
    return quote(path, safe="/%-._~") if path else ""


# the keys of site.yaml ("params" aside): every field a maintainer sets
SETTINGS = ("title", "description", "base_url", "language", "per_page", "home_latest", "max_article_bytes",
            "max_directives_per_article", "max_localities_per_article", "search_shard_size", "about", "robots")


def _unknown_setting(key: Any) -> str:
    import difflib

    name = str(key)
    close = difflib.get_close_matches(name.lower(), [*SETTINGS, "params"], n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else \
        " (values of your own for the templates go under params:)"
    return f"unknown setting {name!r}{hint}; ignored"


def _plain(value: Any) -> Any:
    """``value`` as plain dicts and lists (the loader's ``LineDict``s dropped), for the templates."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(slots=True)
class OutletInfo:
    """An outlet from ``outlets.yaml``.

    ``markers`` are the strings that identify it in a lead ("(Thanhuytphcm.vn) –", "(ĐCSVN) -")
    or a credit ("Theo TTXVN"). ``header_date_is_retrieval``: the outlet prints the current date at
    the top of every page, so that date is the day the page was saved, not its publication date.
    """

    key: str
    name: str
    url: str = ""
    markers: list[str] = field(default_factory=list)
    header_date_is_retrieval: bool = False


_WEB_URL = re.compile(r"https?://[^\s/?#]+", re.I)
_OUTLET_KEY = re.compile(r"[a-z0-9][a-z0-9.\-]{0,79}")     # a host name: it names the outlet's page
_OUTLET_FIELDS = {"key", "name", "url", "markers", "quirks"}
_QUIRKS = {"header_date_is_retrieval"}


@dataclass(frozen=True, slots=True)
class OutletOpenings:
    """How outlets' names open, from ``outlets.yaml``, compared with a byline as printed (case and
    spaces count): ``outlet_openings`` make a name an outlet's ("Báo ", "Tạp chí "),
    ``outlet_name_openings`` open no one's name, so that a line of such a name alone is a credit."""

    outlet_openings: tuple[str, ...] = ()
    outlet_name_openings: tuple[str, ...] = ()


_OUTLETS_SECTIONS = ("outlets", "outlet_openings", "outlet_name_openings")


def load_outlet_openings(path: Path, raw: Any = None) -> OutletOpenings:
    """The openings sections of ``outlets.yaml`` (none when the file or a section is missing);
    ``DataError`` naming the file for a section that is not a list of text, or an empty entry."""
    if raw is None:
        raw = load_yaml(path) if path.exists() else None
    if not isinstance(raw, dict):
        return OutletOpenings()
    line = line_of(raw)
    out = {}
    for name in _OUTLETS_SECTIONS[1:]:
        items = raw.get(name) or []
        expect(isinstance(items, list) and all(isinstance(x, str) and x.strip() for x in items), path,
               f"{name}: expected a list of text, none empty", line)
        out[name] = tuple(items)
    return OutletOpenings(**out)


def load_outlets(path: Path, raw: Any = None) -> list[OutletInfo]:
    if raw is None:
        raw = load_yaml(path) if path.exists() else None
    if raw is None:
        return []
    if isinstance(raw, dict):
        unknown = sorted(str(k) for k in raw if k not in _OUTLETS_SECTIONS)
        expect(not unknown, path, f"unknown section(s) {', '.join(unknown)} (known: {', '.join(_OUTLETS_SECTIONS)})",
               line_of(raw))
    items = raw.get("outlets") if isinstance(raw, dict) else raw
    expect(isinstance(items, list), path, "expected a list under 'outlets:'")
    out = []
    seen: dict[str, int | None] = {}
    for i, item in enumerate(items):
        line = line_of(item)
        expect(isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("name"), str)
               and item["name"].strip() != "",
               path, f"outlet #{i + 1}: expected a mapping with text fields 'key' and 'name'", line)
        key = item["key"]
        where = f"outlet {key}"
        expect(_OUTLET_KEY.fullmatch(key) is not None, path,
               f"{where}: 'key' must be a host name in lower case (letters, digits, '.', '-')", line)
        expect(key not in seen, path, f"{where}: the same key as the outlet on line {seen.get(key)}", line)
        seen[key] = line
        unknown = sorted(str(k) for k in item if k not in _OUTLET_FIELDS)
        expect(not unknown, path, f"{where}: unknown field(s) {', '.join(unknown)}", line)
        url = item.get("url") or ""
        expect(isinstance(url, str) and (url == "" or _WEB_URL.match(url) is not None), path,
               f"{where}: 'url' must be an http:// or https:// address", line)
        markers = item.get("markers", []) or []
        expect(isinstance(markers, list) and all(isinstance(m, str) and m.strip() for m in markers), path,
               f"{where}: 'markers' must be a list of text, none empty", line)
        quirks = item.get("quirks", {}) or {}
        expect(isinstance(quirks, dict), path, f"{where}: 'quirks' must be a mapping", line)
        for q, v in quirks.items():
            expect(q in _QUIRKS, path, f"{where}: unknown quirk {q!r} (known: {', '.join(sorted(_QUIRKS))})", line)
            expect(isinstance(v, bool), path, f"{where}: quirk {q!r} must be true or false, got {v!r}", line)
        out.append(OutletInfo(key=key, name=item["name"], url=url, markers=markers,
                              header_date_is_retrieval=quirks.get("header_date_is_retrieval", False)))
    return out


DATA_FILES = ("site.yaml", "directives.yaml", "outlets.yaml", "places.yaml", "boilerplate.yaml")


def data_digest(content: Path) -> str:
    """Hash of the data files: any change to one of them changes every record's cache key."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        f = content / name
        h.update(name.encode())
        h.update(f.read_bytes() if f.is_file() else b"")   # (not a file: its loader names the fault)
    return h.hexdigest()


@dataclass
class SiteData:
    """Everything the extractor and the catalog need besides the articles themselves."""

    root: Path                      # the content folder
    site: SiteConfig
    outlets: list[OutletInfo]
    registry: Any                   # bantin.registry.Registry
    gazetteer: Any                  # bantin.gazetteer.Gazetteer
    digest: str = ""                # hash of all data files, for caches
    outlet_openings: OutletOpenings = field(default_factory=OutletOpenings)   # of outlets.yaml

    @classmethod
    def load(cls, content: Path) -> "SiteData":
        from .gazetteer import Gazetteer
        from .registry import Registry

        outlets_path = content / "outlets.yaml"
        outlets_raw = load_yaml(outlets_path) if outlets_path.exists() else None
        return cls(
            root=content,
            site=SiteConfig.load(content / "site.yaml"),
            outlets=load_outlets(outlets_path, outlets_raw),
            outlet_openings=load_outlet_openings(outlets_path, outlets_raw),
            registry=Registry.load(content / "directives.yaml"),
            gazetteer=Gazetteer.load(content / "places.yaml"),
            digest=data_digest(content),
        )
