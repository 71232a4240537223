"""The command line: commands, exit codes, reports and clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import ROOT, SHARED, TEMPLATES, copy_content

SEEDS = sorted((ROOT / "content" / "articles").glob("*.txt"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_help_for_every_command():
    for cmd in ([], ["build"], ["extract"], ["check"], ["directives"], ["serve"], ["new"]):
        p = run(*cmd, "--help")
        assert p.returncode == 0 and "usage" in p.stdout.lower(), cmd


def test_unknown_option_is_a_usage_error():
    assert run("build", "--no-such-option").returncode == 2


@pytest.mark.parametrize("args, why", [
    (["build", "--jobs", "-3"], "jobs must be from 0 to 256"),
    (["build", "-j", "two"], "jobs must be a whole number"),
    (["serve", "--port", "99999"], "port must be from 0 to 65535"),
])
def test_a_number_out_of_range_is_a_usage_error(tmp_path, args, why):
    p = run(*args, "--output", str(tmp_path / "public"), cwd=tmp_path)
    assert p.returncode == 2 and why in p.stderr, p.stderr
    assert not (tmp_path / "public").exists()


def test_serve_on_a_port_in_use_says_so(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = run("serve", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                "--output", str(tmp_path / "public"), "--no-search", "--port", str(port), cwd=tmp_path)
    assert p.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_missing_templates_folder_is_a_usage_error(tmp_path, command):
    p = run(command, "--content", str(ROOT / "content"), "--templates", str(tmp_path / "templats"),
            "--output", str(tmp_path / "public"), cwd=tmp_path)
    assert p.returncode == 2 and "templats: no such templates folder" in p.stderr, p.stderr
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_folder_a_build_did_not_make_is_never_replaced(tmp_path, command):
    """A build replaces its whole output folder: ``--output ~`` once emptied a home folder (its
    Python, its caches). A folder that holds files and no .bantin-site is refused, untouched."""
    home = tmp_path / "home"
    (home / ".pyenv").mkdir(parents=True)
    (home / "notes.txt").write_text("quý", encoding="utf-8")
    (home / ".pyenv" / "python").write_text("x", encoding="utf-8")
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    p = run(command, "--content", str(ROOT / "content"), "--templates", str(TEMPLATES), "--output", str(home),
            "--no-search", cwd=tmp_path)
    assert p.returncode == 2 and "holds files that no build made" in p.stderr, p.stderr
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    assert (home / "notes.txt").read_text(encoding="utf-8") == "quý"


def test_a_builds_own_output_is_replaced(tmp_path):
    out = tmp_path / "public"
    args = ("build", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES), "--output", str(out),
            "--no-search", "-q")
    assert run(*args, cwd=tmp_path).returncode == 0
    assert (out / ".bantin-site").is_file() and ".bantin-site" not in (out / "sitemap.xml").read_text("utf-8")
    (out / "by-hand.txt").write_text("x", encoding="utf-8")
    assert run(*args, "--clean", cwd=tmp_path).returncode == 0 and not (out / "by-hand.txt").exists()
    (out / ".bantin-site").unlink()      # an output made before the mark: known by its own files
    assert run(*args, cwd=tmp_path).returncode == 0 and (out / ".bantin-site").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(*args[:-3], str(empty), "--no-search", "-q", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("make, why", [
    (lambda t: (t / "public").write_text("x"), "exists and is not a folder"),
    (lambda t: None, "a folder; --report names the file"),
])
def test_an_output_file_or_a_report_folder_is_a_usage_error(tmp_path, make, why):
    make(tmp_path)
    report = ["--report", str(tmp_path)] if "report" in why else []
    p = run("build", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
            "--output", str(tmp_path / "public"), "--no-search", *report, cwd=tmp_path)
    assert p.returncode == 2 and why in p.stderr and "Traceback" not in p.stderr, p.stderr


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_a_missing_content_folder_is_a_usage_error(tmp_path, command):
    """Not an empty site built without a word (every data file may be missing, not the folder)."""
    p = run(command, "--content", str(tmp_path / "conten"), "--output", str(tmp_path / "public"), cwd=tmp_path)
    assert p.returncode == 2
    assert "conten: no such content folder" in p.stderr
    assert not (tmp_path / "public").exists() and not (tmp_path / "build-report.json").exists()


@pytest.mark.parametrize("output, why", [
    ("content", "is the content folder"), (".", "holds the content folder"),
    ("templates", "is the templates folder"), ("content/articles/site", "inside content/articles"),
])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_output_folder_that_would_delete_the_sources_is_refused(tmp_path, command, output, why):
    """A build replaces its whole output folder: ``--output content`` deleted every article."""
    import shutil

    from support import CONTENT, TEMPLATES

    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    p = run(command, "--output", output, "--no-search", cwd=tmp_path)
    assert p.returncode == 2 and why in p.stderr, p.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_the_build_api_refuses_such_an_output_folder_too(tmp_path):
    from bantin.pipeline import BuildOptions, OutputLocationError, run_build
    from support import copy_content

    content = copy_content(tmp_path / "content")
    with pytest.raises(OutputLocationError, match="is the content folder"):
        run_build(BuildOptions(content=content, output=content, search=False, quiet=True))
    assert len(list((content / "articles").iterdir())) == 5


def test_extract_prints_one_json_object_per_line():
    p = run("extract", *map(str, SEEDS[:2]), "--format", "json")
    assert p.returncode == 0, p.stderr
    lines = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    assert len(lines) == 2
    assert {"path", "slug", "title", "date", "date_basis", "localities", "directives", "blocks"} <= set(lines[0])


def test_extract_yaml_and_missing_file():
    p = run("extract", str(SEEDS[0]), "--format", "yaml")
    assert p.returncode == 0
    assert yaml.safe_load_all(p.stdout)
    assert run("extract", "khong-co.txt").returncode == 2


@pytest.mark.skipif(not (SHARED / "tools" / "check_seeds.py").exists(), reason="../shared is not beside the project")
def test_seed_check_passes():
    p = subprocess.run([sys.executable, str(SHARED / "tools" / "check_seeds.py"), "--python", sys.executable],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "5/5 records fully match, 0 mismatches" in p.stdout, p.stdout + p.stderr


def test_build_writes_report_beside_output_and_strict_fails_on_warnings(tmp_path):
    content = copy_content(tmp_path / "content")
    out = tmp_path / "site" / "public"
    p = run("build", "--content", str(content), "--output", str(out), "--no-search", "--strict")
    assert p.returncode == 0, p.stdout + p.stderr   # the shipped content has no warning
    report = json.loads((tmp_path / "site" / "build-report.json").read_text("utf-8"))
    assert report["summary"]["articles"] == 5 and report["summary"]["warnings_by_kind"] == {}
    assert (tmp_path / "site" / "build-report.html").is_file()
    assert not (out / "build-report.json").exists()          # never published
    (content / "articles" / "ngan.txt").write_text("Một dòng tiêu đề\n\nMột đoạn văn không có ngày.\n", "utf-8")
    p = run("build", "--content", str(content), "--output", str(out), "--no-search", "--strict")
    assert p.returncode == 3
    assert "no-byline" in p.stdout and "no-date" in p.stdout


def test_check_writes_no_site(tmp_path):
    content = copy_content(tmp_path / "content")
    p = run("check", "--content", str(content), "--output", str(tmp_path / "public"))
    assert p.returncode == 0, p.stderr
    assert not (tmp_path / "public").exists()
    assert (tmp_path / "build-report.json").is_file()


def test_bad_data_file_names_file_and_line_and_keeps_output(tmp_path):
    content = copy_content(tmp_path / "content")
    out = tmp_path / "public"
    assert run("build", "--content", str(content), "--output", str(out), "--no-search").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (content / "outlets.yaml").write_text("outlets:\n  - key: a\n    name: [unclosed\n", "utf-8")
    p = run("build", "--content", str(content), "--output", str(out), "--no-search")
    assert p.returncode == 1
    assert "outlets.yaml:4: invalid YAML" in p.stderr, p.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    (content / "outlets.yaml").write_text("outlets:\n  - key: a\n    name: A\n  - key: b\n    markers: x\n", "utf-8")
    p = run("check", "--content", str(content))
    assert p.returncode == 1
    assert "outlets.yaml:4: outlet #2: expected a mapping with text fields 'key' and 'name'" in p.stderr, p.stderr


@pytest.mark.parametrize("bad, jobs", [
    ("{{ page.title | no_such_filter }}", "2"),     # found when the template is compiled
    ("{{ no_such_name.title }}", "2"),              # found while a render worker renders it
    ("{{ no_such_name.title }}", "1"),              # ... or this process
])
def test_template_error_names_template_and_line(tmp_path, bad, jobs):
    content = copy_content(tmp_path / "content")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    art = templates / "article.html"
    lines = art.read_text("utf-8").split("\n")
    lines.insert(3, bad)
    art.write_text("\n".join(lines), "utf-8")
    p = run("build", "--content", str(content), "--templates", str(templates), "--output", str(tmp_path / "public"),
            "--no-search", "--jobs", jobs)
    assert p.returncode == 1
    assert "article.html:4" in p.stderr, p.stderr
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize("bad, jobs", [
    ("{{ 1/0 }}", "1"),                               # a Python error raised by the template's code
    ("{{ 1/0 }}", "2"),                               # ... in a render worker
    ('{{ "%d" | format("x") }}', "1"),              # ... by a filter
    ("{% if page %}{{ page.title | no_such_filter }}{% endif %}", "1"),   # a filter missing at render time
])
def test_template_runtime_error_is_an_error_line_and_the_output_is_untouched(tmp_path, bad, jobs):
    """An error while a template renders is reported as a syntax error is: one "error:" line
    naming the template and line, no traceback, exit 1, and the last site left as it was."""
    content = copy_content(tmp_path / "content")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "public"
    args = ("build", "--content", str(content), "--templates", str(templates), "--output", str(out), "--no-search",
            "--jobs", jobs)
    assert run(*args).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    art = templates / "article.html"
    lines = art.read_text("utf-8").split("\n")
    lines.insert(3, bad)
    art.write_text("\n".join(lines), "utf-8")
    p = run(*args, "--clean")
    assert p.returncode == 1
    assert "Traceback" not in p.stderr, p.stderr
    errors = [line for line in p.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "article.html:4: " in errors[0], p.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_new_writes_a_sidecar_that_wins_on_the_next_build(tmp_path):
    content = copy_content(tmp_path / "content")
    art = content / "articles" / "004_562d37259cda37b3.txt"
    p = run("new", str(art), "--content", str(content))
    assert p.returncode == 0, p.stderr
    side = art.with_suffix(".yaml")
    fields = yaml.safe_load(side.read_text("utf-8"))
    assert fields["title"].startswith("Nỗ lực triển khai") and fields["byline"] == "Ngọc Phú"
    assert run("new", str(art), "--content", str(content)).returncode == 2   # no silent overwrite
    fields["title"] = "Tiêu đề đã sửa"
    side.write_text(yaml.safe_dump(fields, allow_unicode=True), "utf-8")
    p = run("extract", str(art), "--content", str(content))
    assert json.loads(p.stdout)["title"] == "Tiêu đề đã sửa"


def test_new_shows_the_lists_commented_out_and_uncommented_they_give_the_same_record(tmp_path):
    content = copy_content(tmp_path / "content")
    art = content / "articles" / "004_562d37259cda37b3.txt"
    before = json.loads(run("extract", str(art), "--content", str(content)).stdout)
    assert run("new", str(art), "--content", str(content)).returncode == 0
    side = art.with_suffix(".yaml")
    text = side.read_text("utf-8")
    assert "# localities: [" in text and "# directives: [" in text
    assert "localities" not in yaml.safe_load(text)        # commented out: extraction still decides
    side.write_text(text.replace("# localities:", "localities:").replace("# directives:", "directives:"), "utf-8")
    after = json.loads(run("extract", str(art), "--content", str(content)).stdout)
    assert [x["key"] for x in after["localities"]] == [x["key"] for x in before["localities"]]
    assert [d["key"] for d in after["directives"]] == [d["key"] for d in before["directives"]]
    assert after["primary_locality"] == before["primary_locality"]
    assert not [w for w in after["warnings"] if w.startswith("front-matter")]


def test_directives_survey_lists_codes_and_missing_ones(tmp_path):
    p = run("directives", str(ROOT / "content" / "articles"))
    assert p.returncode == 0, p.stderr
    assert "05-CT/TW" in p.stdout


def test_a_reader_that_goes_away_ends_the_command_quietly():
    """``build.py extract ... | head -1``: no traceback, the status of a tool SIGPIPE ended."""
    p = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "extract", *map(str, SEEDS * 40),
                          "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stdout.readline().startswith(b"{")
    p.stdout.close()   # the reader is gone
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141 and "Traceback" not in err, err
