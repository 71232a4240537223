"""localities: and directives: in a sidecar or front matter replace what extraction found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bantin.pipeline import BuildOptions, run_build
from bantin.reader import read_file
from support import CONTENT, TEMPLATES, copy_content

SEED = sorted((CONTENT / "articles").glob("004_*.txt"))[0]   # about Hòa Vang, Đà Nẵng


def extract_with(tmp_path: Path, extractor, sidecar: str):
    art = tmp_path / "a.txt"
    shutil.copy(SEED, art)
    (tmp_path / "a.yaml").write_text(sidecar, encoding="utf-8")
    return extractor.extract(read_file(art, "a.txt", tmp_path))


def keys(items) -> list[str]:
    return [x.key for x in items]


def test_localities_by_key_and_by_name_with_the_units_they_lie_in(tmp_path, extractor):
    plain = extractor.extract(read_file(SEED, SEED.name, CONTENT))
    r = extract_with(tmp_path, extractor,
                     'localities: ["ho-chi-minh/quan-10", "Thành phố Đà Nẵng", "Hoà Vang", "TP.HCM"]\n')
    assert keys(r.localities) == ["ho-chi-minh", "da-nang", "ho-chi-minh/quan-10", "da-nang/hoa-vang"]
    # mentions are the text's: Hòa Vang is named in it, Quận 10 is not
    named = {x.key: x.mentions for x in plain.localities}
    assert {x.key: x.mentions for x in r.localities}["da-nang/hoa-vang"] == named["da-nang/hoa-vang"] > 0
    assert {x.key: x.mentions for x in r.localities}["ho-chi-minh/quan-10"] == 0
    assert r.primary_locality == plain.primary_locality or r.primary_locality == "ho-chi-minh/quan-10"
    assert not [w for w in r.warnings if w.kind == "front-matter"]


def test_a_place_given_that_is_none_or_several_is_a_warning(tmp_path, extractor):
    r = extract_with(tmp_path, extractor, 'localities: ["Hà Giang", "Tân Phú", "Nơi Không Có", {name: ""}]\n')
    assert keys(r.localities) == ["ha-giang"]          # the province, not its city of one name
    said = " | ".join(w.message for w in r.warnings if w.kind == "front-matter")
    assert "'Tân Phú' names 2 places" in said and "'Nơi Không Có' is no known place" in said
    assert "{'name': ''} is no place" in said
    assert r.primary_locality == "ha-giang"


def test_an_empty_list_means_none(tmp_path, extractor):
    r = extract_with(tmp_path, extractor, "localities: []\ndirectives: []\n")
    assert r.localities == [] and r.directives == [] and r.primary_locality is None


def test_directives_in_any_written_form_with_scopes(tmp_path, extractor):
    r = extract_with(tmp_path, extractor, (
        'localities: ["da-nang"]\n'
        'directives: ["05-ct/tư", "34-CT/TU", "Nghị quyết Trung ương 4 khóa XII", "27/CT-TTg",\n'
        '  "02/CT-QU@ho-chi-minh/quan-10", {code: "34-CT/TU", scope: "binh-duong"}, "xx", "01/CT-QU@nowhere"]\n'))
    assert keys(r.directives) == ["05-CT/TW", "34-CT/TU@da-nang", "04-NQ/TW", "27/CT-TTg",
                                  "02-CT/QU@ho-chi-minh/quan-10", "34-CT/TU@binh-duong"]
    d = {x.key: x for x in r.directives}
    assert d["05-CT/TW"].in_registry and d["05-CT/TW"].subject and d["04-NQ/TW"].issued == "2016-10-30"
    assert d["34-CT/TU@da-nang"].mentions > 0 and d["05-CT/TW"].mentions == 0
    said = " | ".join(w.message for w in r.warnings if w.kind == "front-matter")
    assert "'xx' is no directive code" in said and "scope 'nowhere'" in said


def test_the_site_follows_the_corrections(tmp_path):
    content = copy_content(tmp_path / "content")
    art = sorted((content / "articles").glob("004_*.txt"))[0]
    art.with_suffix(".yaml").write_text('localities: ["ho-chi-minh/quan-10"]\ndirectives: ["06-CT/TW"]\n',
                                        encoding="utf-8")
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False))
    assert report.error is None
    rec = next(r for r in json.loads((out / "records.json").read_text(encoding="utf-8"))
               if r["path"].startswith("004_"))
    assert [d["key"] for d in rec["directives"]] == ["06-CT/TW"]
    assert [x["key"] for x in rec["localities"]] == ["ho-chi-minh", "ho-chi-minh/quan-10"]
    page = f'/bai/{rec["slug"]}/'
    assert page in (out / "van-ban/06-ct-tw/index.html").read_text(encoding="utf-8")
    assert page in (out / "dia-phuong/ho-chi-minh/quan-10/index.html").read_text(encoding="utf-8")
    hoa_vang = out / "dia-phuong/da-nang/hoa-vang/index.html"
    assert not hoa_vang.exists() or page not in hoa_vang.read_text(encoding="utf-8")


@pytest.mark.parametrize("front", ['localities: ["Đà Nẵng"]\ndirectives: ["05-CT/TW"]\n'])
def test_markdown_front_matter_too(tmp_path, extractor, front):
    md = tmp_path / "b.md"
    md.write_text(f"---\ntitle: Bài\n{front}---\n\nMột đoạn về Chỉ thị 03-CT/TW ở Hà Nội.\n", encoding="utf-8")
    r = extractor.extract(read_file(md, "b.md", tmp_path))
    assert keys(r.directives) == ["05-CT/TW"] and keys(r.localities) == ["da-nang"]


def test_a_list_that_is_no_list_of_places_is_refused_whole(tmp_path, extractor):
    """(The reader's check: a number among the places drops the field, extraction's list stays.)"""
    r = extract_with(tmp_path, extractor, "localities: [da-nang, 7]\n")
    assert "da-nang/hoa-vang" in keys(r.localities)
    assert any(w.kind == "front-matter" and "localities" in w.message for w in r.warnings)


# --- draft: true --------------------------------------------------------------------------------

def _records(out: Path) -> dict[str, dict]:
    return {r["path"]: r for r in json.loads((out / "records.json").read_text(encoding="utf-8"))}


def test_a_draft_is_held_back_reported_and_previewed_with_drafts(tmp_path):
    from bantin.pipeline import Builder, summary_lines

    content = copy_content(tmp_path / "content")
    art = sorted((content / "articles").glob("004_*.txt"))[0]
    side = art.with_suffix(".yaml")
    side.write_text("draft: true\n", encoding="utf-8")
    out = tmp_path / "public"
    opts = BuildOptions(content=content, templates=TEMPLATES, output=out, search=False)
    report = run_build(opts)
    entry = next(f for f in report.files if f.path == art.name)
    assert entry.status == "draft" and "not published" in entry.reason and entry.title
    assert report.articles == 4 and report.warning_count == 0     # a draft is no warning: --strict passes
    assert "1 drafts" in summary_lines(report)[0]
    assert art.name not in _records(out) and json.loads(report.to_json())["summary"]["drafts"] == 1
    # a copy of its text is not its duplicate: that copy is published
    twin = content / "articles" / "twin.txt"
    shutil.copy(art, twin)
    report = run_build(opts)
    assert "twin.txt" in _records(out) and next(f for f in report.files if f.path == "twin.txt").status == "built"
    twin.unlink()
    # previewed: built as any article, and records.json says it is a draft
    from dataclasses import replace

    run_build(replace(opts, drafts=True))
    rec = _records(out)[art.name]
    assert rec["draft"] is True and (out / "bai" / rec["slug"] / "index.html").is_file()
    shown = (out / "bai" / rec["slug"] / "index.html").read_text(encoding="utf-8")
    assert "Bản nháp" in shown and '<meta name="robots" content="noindex">' in shown
    assert f'/bai/{rec["slug"]}/' not in (out / "sitemap.xml").read_text(encoding="utf-8")
    other = next(r for p, r in _records(out).items() if p != art.name)
    assert "Bản nháp" not in (out / "bai" / other["slug"] / "index.html").read_text(encoding="utf-8")
    assert "draft" not in next(r for p, r in _records(out).items() if p != art.name)
    # an edit that makes a published article a draft, in a long-lived serve, takes its page away
    side.unlink()
    live = Builder(replace(opts, live=True))
    live.build()
    slug = _records(out)[art.name]["slug"]
    assert (out / "bai" / slug / "index.html").is_file()
    side.write_text("draft: true\n", encoding="utf-8")
    r = live.build(changed=[str(side)])
    assert not (out / "bai" / slug).exists() and next(f for f in r.files if f.path == art.name).status == "draft"
    side.unlink()
    live.build(changed=[str(side)])
    assert (out / "bai" / slug / "index.html").is_file()


@pytest.mark.parametrize("written, want", [
    ('"Hội nghị\\x07 Trung ương"', "Hội nghị Trung ương"),
    ('"Hội nghị \\x07 Trung ương"', "Hội nghị Trung ương"),
    ('"Hội nghị\\tTrung  ương"', "Hội nghị Trung ương"),
    ('"Hội nghị \\v Trung\\u2028ương "', "Hội nghị Trung ương"),
    ('"Hội nghị \\x1f\\u200b Trung ương"', "Hội nghị Trung ương"),
    ('"Hội nghi\\u0323 Trung ương"', "Hội nghị Trung ương"),
])
def test_single_line_fields_come_out_with_white_space_collapsed(tmp_path, extractor, written, want):
    """A title (and every other field of front matter or a sidecar: each is one line) loses its
    control characters without keeping the spaces around them: white space collapsed, NFC."""
    r = extract_with(tmp_path, extractor, f"title: {written}\nbyline: {written}\noutlet: {{name: {written}}}\n")
    assert r.title == want
    assert r.byline is not None and r.byline.name == want
    assert r.outlet is not None and r.outlet.name == want


def test_a_markdown_title_comes_out_with_white_space_collapsed(tmp_path, extractor):
    art = tmp_path / "a.md"
    art.write_text("# Hội nghị\tTrung ương \u200b bàn\x1fvề\n\n" + SEED.read_text("utf-8"), "utf-8")
    assert extractor.extract(read_file(art, "a.md", tmp_path)).title == "Hội nghị Trung ương bàn về"
    art.write_text("Hội nghị\tTrung ương \u200b bàn\x1fvề, một đoạn dài không có tiêu đề.", "utf-8")
    assert extractor.extract(read_file(art, "a.md", tmp_path)).title.startswith("Hội nghị Trung ương bàn về,")


@pytest.mark.parametrize("given,printed", [("8/CT-TTg", "08/CT-TTg"), ("08/CT-TTg", "8/CT-TTg"),
                                           ("8/CT-TTg\n  - 08/CT-TTg", "8/CT-TTg")])
def test_a_state_code_given_in_another_spelling_than_printed_is_one_document(tmp_path, extractor, given, printed):
    # as two spellings in the text are: one document, with its number's leading zero, the text's mentions
    md = tmp_path / "c.md"
    md.write_text(f"---\ntitle: Bài\ndirectives:\n  - {given}\n---\n\nTỉnh triển khai Chỉ thị số {printed} "
                  f"của Thủ tướng.\n\nThực hiện Chỉ thị {printed}, các sở vào cuộc.\n", encoding="utf-8")
    r = extractor.extract(read_file(md, "c.md", tmp_path))
    assert [(d.key, d.mentions) for d in r.directives] == [("08/CT-TTg", 2)]
