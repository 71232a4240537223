"""The data files under ``content/`` (site.yaml, outlets.yaml, boilerplate.yaml, places.yaml,
directives.yaml) are the maintainers', but a slip in one must give a message naming the file and,
where it can, the line: never a traceback, never a value taken that would mislead (a quirk that
is the text "yes please", an empty marker that matches any lead, a javascript: address)."""

from __future__ import annotations

import shutil

import pytest

from bantin.config import DataError, SiteData
from support import CONTENT


def edited(tmp_path, name: str, old: str | None, new: str):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("articles"))
    p = content / name
    if old is None:
        p.write_text(new, encoding="utf-8")
    else:
        text = p.read_text(encoding="utf-8")
        assert old in text
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return content


def load_all(content):
    """Every data file, as a build loads them (the layout's furniture apart from the rest)."""
    from bantin.extract.layout import Boilerplate

    return SiteData.load(content), Boilerplate.load(content / "boilerplate.yaml")


@pytest.mark.parametrize("name, old, new, message", [
    ("site.yaml", 'base_url: "https://bantin.example.org/"', 'base_url: "javascript:alert(1)"', "http:// or https://"),
    ("site.yaml", None, "title: x\nbuilt: 2019-02-30\n", "not a real date"),
    ("outlets.yaml", "key: baochinhphu.vn", "key: dangcongsan.vn", "the same key as the outlet on line"),
    ("outlets.yaml", "key: baochinhphu.vn", "key: ../../etc", "'key' must be a host name"),
    ("outlets.yaml", "url: https://baochinhphu.vn/", 'url: "javascript:alert(1)"', "'url' must be an http"),
    ("outlets.yaml", 'markers: ["ĐCSVN", "Dangcongsan.vn"]', 'markers: ["", "ĐCSVN"]', "none empty"),
    ("outlets.yaml", "header_date_is_retrieval: true", 'header_date_is_retrieval: "yes please"', "true or false"),
    ("outlets.yaml", "header_date_is_retrieval: true", "header_date_is_retrival: true", "unknown quirk"),
    ("outlets.yaml", "    url: https://baochinhphu.vn/", "    site: https://baochinhphu.vn/", "unknown field(s) site"),
    ("outlets.yaml", 'outlet_openings: ["Báo ", ', 'outlet_openings: [12, ', "outlet_openings: expected a list of text"),
    ("outlets.yaml", '"Đài PT", ', '"  ", ', "outlet_name_openings: expected a list of text, none empty"),
    ("outlets.yaml", "\noutlet_openings:", "\noutlet_opening:", "unknown section(s) outlet_opening"),
    ("boilerplate.yaml", "  - Ý kiến bạn đọc\n", "  - 12\n", "end_markers: expected a list of text"),
    ("boilerplate.yaml", "  - Ý kiến bạn đọc\n", '  - ""\n', "none empty"),
    ("boilerplate.yaml", "end_markers:\n", "end_marker:\n", "unknown section 'end_marker'"),
    ("boilerplate.yaml", None, "just text\n", "expected a mapping of sections"),
    ("places.yaml", 'ha-noi: ["Thủ đô", "TP.Hà Nội"]', 'ha-noi: ["", "Thủ đô"]', "none empty"),
    ("directives.yaml", "    issued: 2016-05-15", "    issued: 2016-02-30", "not a real date"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_a_slip_in_a_data_file_is_named_with_its_file(tmp_path, name, old, new, message):
    content = edited(tmp_path, name, old, new)
    with pytest.raises(DataError) as e:
        load_all(content)
    assert message in str(e.value) and name in str(e.value)


def test_a_data_file_that_is_a_folder_is_named(tmp_path):
    content = edited(tmp_path, "site.yaml", None, "")
    (content / "outlets.yaml").unlink()
    (content / "outlets.yaml").mkdir()
    from bantin.config import data_digest

    assert data_digest(content)       # no traceback while hashing the data files
    with pytest.raises(DataError, match="outlets.yaml: cannot read"):
        SiteData.load(content)


def test_an_emptied_boilerplate_section_is_empty(tmp_path):
    from bantin.extract.layout import Boilerplate

    content = edited(tmp_path, "boilerplate.yaml", None, "end_markers:\ndrop_lines: []\n")
    bp = Boilerplate.load(content / "boilerplate.yaml")
    assert not bp.end_markers and not bp.drop_lines


def test_a_missing_name_titles_section_takes_the_built_in_titles_as_a_missing_file_does(tmp_path):
    # a boilerplate.yaml written before name_titles existed, or without it: the usual ranks and
    # degrees still come off an author's name (as caption_cues' "Ảnh" does); an emptied section
    # says "none"
    from bantin.extract.bylines import parse_byline
    from bantin.extract.layout import Boilerplate

    def name(bp: Boilerplate, line: str) -> str | None:
        hit = parse_byline(line, titles=bp.name_titles)
        return hit.name if hit else None

    content = edited(tmp_path, "boilerplate.yaml", None, "end_markers:\n  - Tin khác\n")
    no_key = Boilerplate.load(content / "boilerplate.yaml")
    no_file = Boilerplate.load(tmp_path / "nowhere" / "boilerplate.yaml")
    for bp in (no_key, no_file):
        assert name(bp, "Trung úy Hà Nam") == "Hà Nam"
        assert name(bp, "PGS.TS Nguyễn Văn A") == "Nguyễn Văn A"
        assert name(bp, "Đại tá, TS. Trần Văn B") == "Trần Văn B"
    emptied = edited(tmp_path / "e", "boilerplate.yaml", None, "name_titles: []\n")
    assert name(Boilerplate.load(emptied / "boilerplate.yaml"), "Trung úy Hà Nam") != "Hà Nam"


def test_a_setting_nothing_reads_is_reported_with_its_line_and_the_likely_one(tmp_path):
    content = edited(tmp_path, "site.yaml", None, 'title: "T"\ntitel: "X"\nper_pgae: 10\nfoo: 1\n')
    problems = SiteData.load(content).site.problems
    assert problems == [
        ("unknown setting 'titel' (did you mean 'title'?); ignored", 2),
        ("unknown setting 'per_pgae' (did you mean 'per_page'?); ignored", 3),
        ("unknown setting 'foo' (values of your own for the templates go under params:); ignored", 4)]


def test_params_reach_the_templates_and_must_be_a_mapping(tmp_path):
    from bantin.pipeline import BuildOptions, run_build
    from support import TEMPLATES, copy_content

    content = copy_content(tmp_path / "content")
    with (content / "site.yaml").open("a", encoding="utf-8") as f:
        f.write('params:\n  org: "Ban Tuyên giáo <Trung ương>"\n  links: [a, b]\n')
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    about = templates / "about.html"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "{% block main %}", "{% block main %}<p id=org>{{ site.params.org }} {{ site.params.links|length }}</p>", 1),
        encoding="utf-8")
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=templates, output=out, search=False))
    assert report.error is None and report.data_problems == []
    assert "<p id=org>Ban Tuyên giáo &lt;Trung ương&gt; 2</p>" in (out / "gioi-thieu/index.html").read_text(encoding="utf-8")
    bad = edited(tmp_path / "b", "site.yaml", None, "params: [1, 2]\n")
    with pytest.raises(DataError, match=r"site.yaml:1: params: expected a mapping"):
        SiteData.load(bad)


def test_strict_fails_on_a_misspelt_setting(tmp_path):
    from bantin.pipeline import BuildOptions, run_build, summary_lines
    from support import TEMPLATES, copy_content

    content = copy_content(tmp_path / "content")
    with (content / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("per_pgae: 10\n")
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=tmp_path / "public", search=False))
    assert report.warnings_by_kind == {"config": 1}
    assert any(line.startswith("  site.yaml:") and "per_pgae" in line for line in summary_lines(report))


def test_robots_rules_come_from_site_yaml(tmp_path):
    from bantin.pipeline import BuildOptions, run_build
    from support import TEMPLATES, copy_content

    import yaml

    content = copy_content(tmp_path / "content")
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    site["robots"] = "User-agent: *\nDisallow: /tim-kiem/   \n"
    (content / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "public"
    report = run_build(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False))
    assert report.data_problems == []
    assert (out / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow: /tim-kiem/\n\nSitemap: https://bantin.example.org/sitemap.xml\n")
