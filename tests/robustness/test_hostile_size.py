"""Size: a 5 MB article, a 3 MB single line and the inputs that once took more than linear time
(``pathological.py``) are read and extracted right; the size limit is configurable and reported.

These tests time nothing: ``python bench/linear.py --known`` measures how the time of each known
case grows with its size (and ``bench/run.py`` the build's speed).
"""

from __future__ import annotations

import pytest
from hostile import SIZE_LIMIT, SUB
from pathological import BYLINE_LOOKALIKES, EXTRACT, MARKDOWN, MARKUP, OTHER, Stages, extract_text, run_case

from support import CONTENT


@pytest.fixture(scope="module")
def stages() -> Stages:
    return Stages(CONTENT)


def test_five_megabyte_article_is_built(hostile_site):
    f = hostile_site.files[f"{SUB}/big-5mb.txt"]
    assert f.status == "built"
    page = hostile_site.out / "bai" / f.slug / "index.html"
    assert page.stat().st_size > 4_000_000


def test_size_limit_is_configurable_and_reported(hostile_site):
    f = hostile_site.files[f"{SUB}/too-big.txt"]
    assert f.status == "skipped"
    assert f"{SIZE_LIMIT + 1:,} bytes" in f.reason and f"limit of {SIZE_LIMIT:,}" in f.reason
    assert "max_article_bytes" in f.reason
    assert any(w["kind"] == "size-limit" for w in f.warnings)


def test_three_megabyte_single_line(stages, seed_text):
    line = seed_text.replace("\n", " ")
    text = line * (3_000_000 // len(line.encode()) + 1)
    assert "\n" not in text and len(text.encode()) >= 3_000_000
    rec = extract_text(stages, text)
    one = extract_text(stages, line)
    assert rec.slug and len(rec.slug) <= 100
    assert rec.title == one.title
    assert [d.code for d in rec.directives] == [d.code for d in one.directives]
    assert {loc.key for loc in rec.localities} == {loc.key for loc in one.localities}


# What each known case must still give (besides a record with a title and a sane slug)
EXTRACT_EXPECT = {
    "credit-and-city": lambda rec: "ho-chi-minh" in keys(rec),
    "wards-and-districts": lambda rec: "ho-chi-minh/cu-chi" in keys(rec),
    "wards-in-sentences": lambda rec: "ho-chi-minh/cu-chi" in keys(rec),
    "short-form": lambda rec: not rec.directives and "unresolved-reference" in kinds(rec),
    "short-form-sentences": lambda rec: not rec.directives and "unresolved-reference" in kinds(rec),
    "weekday": lambda rec: "no-title" in kinds(rec),
    "document-signatures": lambda rec: rec.genre == "document" and rec.date == "2016-05-15"
    and rec.title == "Chỉ thị số 05-CT/TW về công tác cán bộ",
    # a title too long is cut (with "…"); a run of zero-width spaces inside a word is kept
    "zero-width-title": lambda rec: rec.title.startswith("a\u200b\u200b") and rec.title.endswith("…")
    and "no-title" in kinds(rec),
}


def keys(rec) -> set[str]:
    return {loc.key for loc in rec.localities}


def kinds(rec) -> set[str]:
    return {w.kind for w in rec.warnings}


@pytest.mark.parametrize("case", EXTRACT, ids=lambda c: c.name)
def test_pathological_text_is_extracted(stages, case):
    rec = run_case(stages, case, case.make(case.size))
    assert rec.slug and len(rec.slug) <= 100
    if case.name not in ("weekday", "document-signatures", "zero-width-title"):   # (see EXTRACT_EXPECT)
        assert rec.title == "Tiêu đề"
    assert EXTRACT_EXPECT.get(case.name, lambda rec: not rec.directives)(rec)


def test_pathological_markdown_is_read_as_a_title_and_blocks(stages):
    results = {case.name: run_case(stages, case, case.make(case.size)) for case in MARKDOWN}
    assert results["heading-whitespace"][0] == "a b"
    assert results["heading-hashes"][0].startswith("# # #")
    assert [b.text for b in results["image-then-spaces"][1]] == ["more"]
    for name in ("open-brackets", "open-links", "underscores", "angle-brackets"):
        title, blocks = results[name]
        assert title is None and len(blocks) == 1 and len(blocks[0].text) >= 1_990, name


@pytest.mark.parametrize("case", MARKUP, ids=lambda c: c.name)
def test_pathological_markup_keeps_its_text(stages, case):
    text, note = run_case(stages, case, case.make(case.size))
    assert note is not None
    if case.name == "many-meta-tags":          # the page's one article is what it reads
        assert text == "a\n"
        return
    if case.name == "long-page-title":         # a title too long to be one is left out
        assert text == "a\n\nb\n"
        return
    if case.name != "references":
        assert text.split("\n")[:3] == ["a", "", "b"]
    if case.name in ("unclosed-articles", "unclosed-furniture-boxes"):   # never closed: read whole
        assert text.count("x") == case.make(case.size).count("x ") > 1_000
    elif case.name == "closed-furniture-boxes":           # each box left out
        assert "x" not in text and text.endswith("chữ\n")
    elif case.name == "nested-boxes-round-the-title":     # boxes round the title are kept
        assert text.endswith("\nt\n")
    elif case.name == "deep-nesting":
        assert text.endswith("chữ\n")
    elif case.name == "references":
        assert text.startswith("cán bộ cán bộ")
    elif case.name != "unclosed-scripts":   # (the script tags go; their "x" stays)
        assert len(text) >= case.size * 0.9   # what opens no tag stays text


def test_many_names_of_one_slug_each_get_their_own(stages):
    case = next(c for c in OTHER if c.name == "names-of-one-slug")
    names = case.make(8_000)
    assert len(set(names)) == 8_000
    slugs = run_case(stages, case, names)
    assert set(slugs.values()) == {"minh-anh"} | {f"minh-anh-{k}" for k in range(2, 8_001)}
    assert slugs["Minh Anh"] == "minh-anh" and slugs["Minh Anh!"] == "minh-anh-2"


def test_many_blocks_keep_their_places(stages):
    case = next(c for c in OTHER if c.name == "many-blocks")
    res = run_case(stages, case, 400_000)
    assert {"ho-chi-minh", "ho-chi-minh/quan-10"} <= {loc.key for loc in res.localities}


@pytest.fixture(scope="module")
def seed_text() -> str:
    from hostile import seeds

    return seeds()[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(BYLINE_LOOKALIKES))
def test_byline_lookalikes_are_rejected(stages, name):
    from bantin.extract.bylines import parse_byline, split_glued_tail

    line, glued = BYLINE_LOOKALIKES[name]
    assert parse_byline(line) is None
    hit = split_glued_tail("Câu cuối của bài viết. " + line)[1]
    assert (hit.name if hit else None) == glued
    rec = extract_text(stages, f"Tiêu đề\nĐoạn văn đầu tiên của bài viết.\n{line}\n")
    assert (rec.byline.name if rec.byline else None) == glued
