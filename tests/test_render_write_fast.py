"""The quicker paths of rendering and writing give what the plain ones gave: list items kept as
pieces, the output escape, the compiled-template cache, fingerprints, path checks, folders."""

from __future__ import annotations

import os
import random
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import Markup, escape

from bantin import render as render_mod
from bantin.cache import fingerprint, fingerprint_refs
from bantin.catalog import build_catalog
from bantin.render import _Site, _output_escape, _pieces, environment
from bantin.write import SiteWriter, UnsafePath, checked_relpath, safe_relpath
from test_catalog import XSS, make_data, make_records

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


# --- list items as pieces ---------------------------------------------------------------------

def _site(records=None) -> _Site:
    data = make_data(per_page=2)
    cat = build_catalog(make_records() if records is None else records, data)
    return _Site(cat, data, TEMPLATES, reuse=lambda path, fp: False)


@pytest.mark.parametrize("show_lead", [True, False])
def test_items_equal_the_macro(show_lead):
    site = _site()
    macro = site.env.get_template("_macros.html").module.article_item
    summaries = [site.summaries[i] for i in range(len(site.summaries))]
    assert summaries
    for a in summaries:
        expected = str(macro(a, show_lead))
        assert site.item_html(a, show_lead) == expected
        assert site.item_html(a, show_lead) == expected   # from the memo
    joined = site.items_html(summaries, show_lead)
    assert type(joined) is Markup
    assert joined == "".join(str(macro(a, show_lead)) for a in summaries)


def test_item_pieces_share_lines_and_summary_strings():
    site = _site()
    a = site.summaries[0]
    pieces = site._item_pieces(a, True)
    assert "".join(pieces) == str(site.env.get_template("_macros.html").module.article_item(a, True))
    # the summary's own long strings are referenced, not copied
    long_values = [v for v in a.values() if type(v) is str and len(v) >= render_mod._KNOWN_MIN and escape(v) == v]
    for v in long_values:
        assert any(p is v for p in pieces), v
    # markup lines are one object for every item that has them
    other = site._item_pieces(site.summaries[1], True)
    first = {id(p) for p in pieces}
    assert any(id(p) in first for p in other if p.startswith("<li class=\"article-item\">"))


def test_items_with_markup_characters():
    site = _site()
    for i in range(len(site.summaries)):
        a = site.summaries[i]
        if XSS in a["title"]:
            out = site.item_html(a)
            assert XSS not in out and str(escape(XSS)) in out
            return
    pytest.fail("no summary with the XSS title")


_TEXT = st.text(alphabet=st.sampled_from(list("ab<>&\"' \nệ\u2028x")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8), st.lists(_TEXT, max_size=5), st.integers(0, 2**32))
def test_pieces_join_back(parts, values, seed):
    rnd = random.Random(seed)
    summary = {f"k{i}": v for i, v in enumerate(values)}
    # the summary's values (escaped) appear in the text, some twice, some overlapping
    chunks = list(parts)
    for v in values:
        for _ in range(rnd.randrange(0, 3)):
            chunks.insert(rnd.randrange(0, len(chunks) + 1), str(escape(v)))
    text = "".join(chunks)
    frags: dict[str, str] = {}
    pieces = _pieces(text, summary, frags)
    assert "".join(pieces) == text
    assert all(type(p) is str and p for p in pieces)
    again = _pieces(text, summary, frags)
    assert again == pieces


# --- the output escape ------------------------------------------------------------------------

@given(st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False)))
def test_output_escape_equals_markupsafe(value):
    assert _output_escape(value) == str(escape(value))


def test_output_escape_keeps_markup_and_html_objects():
    m = Markup("<b>x</b>")
    assert _output_escape(m) is m

    class Html:
        def __html__(self):
            return "<i>ok</i>"

    assert _output_escape(Html()) == "<i>ok</i>"


def test_templates_print_through_output_escape():
    env = environment(TEMPLATES)
    t = env.from_string("{% set x %}{{ a }}{% endset %}{{ a }}|{{ b }}|{{ x }}|{{ 5 }}")
    assert t.render(a="<&>", b=Markup("<i>")) == "&lt;&amp;&gt;|<i>|&lt;&amp;&gt;|5"


def test_compiled_template_cache_knows_the_code_generator(tmp_path):
    """An entry written by a plain Jinja compile (another code generator) is not taken."""
    src = "{{ a }}"
    plain = jinja2.FileSystemBytecodeCache(str(tmp_path))
    ours = render_mod._BytecodeCache(str(tmp_path))
    assert plain.get_source_checksum(src) != ours.get_source_checksum(src)
    assert ours.get_source_checksum(src) == render_mod._BytecodeCache().get_source_checksum(src)

    (tmp_path / "t").mkdir()
    (tmp_path / "bc").mkdir()
    (tmp_path / "t" / "x.html").write_text(src)
    stale = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), autoescape=True,
                               bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path / "bc")))
    stale.get_template("x.html")   # cached by plain Jinja
    fresh = render_mod._Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), autoescape=True,
                                    bytecode_cache=render_mod._BytecodeCache(str(tmp_path / "bc")))
    t = fresh.get_template("x.html")
    assert t.root_render_func.__globals__["escape"] is render_mod._output_escape


# --- fingerprints -----------------------------------------------------------------------------

def test_fingerprint_refs_tells_markup_from_text():
    assert fingerprint_refs({}, {"a": Markup("<b>")}) != fingerprint_refs({}, {"a": "<b>"})
    assert fingerprint_refs({}, {"a": Markup("<b>")}) == fingerprint_refs({}, {"a": Markup("<b>")})
    assert fingerprint_refs({}, {"a": Markup("<b>")}) != fingerprint_refs({}, {"a": Markup("<i>")})


def test_fingerprint_refs_by_value_and_by_digest():
    shared = {"url": "/x/", "title": "X"}
    refs = {id(shared): fingerprint(shared)}
    a = fingerprint_refs(refs, "t.html", {"items": [shared, shared], "n": 1}, "g")
    b = fingerprint_refs(refs, "t.html", {"items": [shared, shared], "n": 1}, "g")
    assert a == b and len(a) == 40
    assert fingerprint_refs(refs, "t.html", {"items": [shared], "n": 1}, "g") != a
    assert fingerprint_refs(refs, "t.html", {"items": [shared, shared], "n": 2}, "g") != a
    assert fingerprint_refs(refs, "u.html", {"items": [shared, shared], "n": 1}, "g") != a
    assert fingerprint_refs(refs, "t.html", {"items": [shared, shared], "n": 1}, "h") != a
    # equal values whatever objects they share
    x1 = {"k": ["a", "b"]}
    lst = ["a", "b"]
    x2 = {"k": lst}
    assert fingerprint_refs({}, x1, {"o": lst, "p": lst}) == fingerprint_refs({}, x2, {"o": ["a", "b"], "p": ["a", "b"]})


def test_page_fingerprints_follow_the_context():
    site = _site()
    fps = {}
    for page in render_mod.render_site(site.cat, site.data, TEMPLATES, reuse=lambda p, fp: False):
        if page.fingerprint:
            fps[page.path] = page.fingerprint
    again = {p.path: p.fingerprint for p in render_mod.render_site(site.cat, site.data, TEMPLATES,
                                                                    reuse=lambda p, fp: False) if p.fingerprint}
    assert fps == again and len(set(fps.values())) == len(fps)


# --- writing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/./b", "a\\b", "C:/x",
                                  "a\x00b", "a\nb", "a\x7fb", "a/", "/", ".", "..", "x/" + "a" * 300,
                                  "x/" + "ệ" * 86, "x/" + "ệ" * 85, "index.html", "bai/chi-thi-05/index.html",
                                  "dia-phuong/đà-nẵng/index.html", "a" * 255, "a" * 256, "ab:c", "a b/c"])
def test_checked_relpath_agrees_with_pathlib(path):
    from pathlib import PurePosixPath

    def reference(p: str) -> str | None:   # the checks as safe_relpath made them before
        pp = PurePosixPath(p) if p else PurePosixPath()
        if (not p or pp.is_absolute() or "\\" in p or any(ord(c) < 32 or c == "\x7f" for c in p)
                or any(part in ("..", "", ".") for part in p.split("/")) or (len(p) >= 2 and p[1] == ":")):
            return None
        if any(len(part.encode("utf-8")) > 255 for part in p.split("/")):
            return None
        return pp.as_posix()

    expected = reference(path)
    if expected is None:
        with pytest.raises(UnsafePath):
            checked_relpath(path)
        with pytest.raises(UnsafePath):
            safe_relpath(path)
    else:
        assert checked_relpath(path) == expected == path
        assert safe_relpath(path).as_posix() == expected


def test_writer_makes_nested_folders_once(tmp_path, monkeypatch):
    made: list[str] = []
    real_mkdir = os.mkdir

    def counting_mkdir(path, *args, **kwargs):
        made.append(os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", counting_mkdir)
    out = tmp_path / "public"
    pages = {f"bai/x{i}/index.html": f"<p>{i}</p>".encode() for i in range(5)}
    pages.update({"a/b/c/d.html": b"d", "a/b/e.html": b"e", "a/f/g/h.html": b"h", "index.html": b"i"})
    with SiteWriter(out) as w:
        for path, data in pages.items():
            w.write(path, data)
    assert {p: (out / p).read_bytes() for p in pages} == pages
    staged = [m for m in made if ".public.tmp-" in m]
    assert len(staged) == len(set(staged))   # no folder made twice


def test_writer_refuses_a_page_under_a_file(tmp_path):
    with pytest.raises(OSError):
        with SiteWriter(tmp_path / "public") as w:
            w.write("a", b"file")
            w.write("a/b.html", b"under a file")
    assert not (tmp_path / "public").exists()


def test_template_globals_are_the_environments_own():
    """Templates share the environment's globals dict (copied quickly into each page's context),
    and still see a global set after they were loaded (each build sets its own item_html...)."""
    env = render_mod._Environment(loader=jinja2.DictLoader({"t.html": "{{ f() }}"}), autoescape=True)
    t = env.get_template("t.html")
    assert t.globals is env.globals
    env.globals["f"] = lambda: "<one>"
    assert t.render() == "&lt;one&gt;"
    env.globals["f"] = lambda: "two"
    assert env.get_template("t.html").render() == "two"
    own = env.make_globals({"g": 1})
    assert own["g"] == 1 and "g" not in env.globals and own["f"] is env.globals["f"]
