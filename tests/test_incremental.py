"""Incremental builds equal clean builds, byte for byte, after every kind of change (issue 6)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, SHARED, TEMPLATES, copy_content, set_site_option

from bantin.pipeline import Builder, BuildOptions


def make_corpus(n: int, dest: Path) -> list[Path]:
    """Generate ``n`` seed-like articles into ``dest`` with the project's corpus generator."""
    script = ROOT / "bench" / "make_corpus.py"
    if not script.exists():
        script = SHARED / "bench" / "make_corpus.py"
    out = dest.parent / f"gen-{n}"
    subprocess.run([sys.executable, str(script), "--n", str(n), "--out", str(out), "--format", "raw",
                    "--seeds-dir", str(ROOT / "content" / "articles")],
                   check=True, capture_output=True)
    files = sorted(out.glob("*.txt"))
    for f in files:
        f.rename(dest / f.name)
    return sorted(dest.glob("*.txt"))


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb), (set(ta) ^ set(tb))
    differ = [k for k in ta if ta[k] != tb[k]]
    assert not differ, differ[:10]


def clean_build(content: Path, templates: Path, out: Path) -> None:
    Builder(BuildOptions(content=content, templates=templates, output=out, clean=True, search=False),
            cache_dir=out.parent / "clean-cache").build()


@pytest.fixture
def workspace(tmp_path):
    content = copy_content(tmp_path / "content")
    make_corpus(40, content / "articles")
    templates = tmp_path / "templates"
    import shutil

    shutil.copytree(TEMPLATES, templates)
    return content, templates, tmp_path


def _opts(content, templates, tmp):
    return BuildOptions(content=content, templates=templates, output=tmp / "public", search=False)


def _built_corpus(tmp_path: Path, n: int) -> tuple[Path, Path, BuildOptions, list[Path]]:
    """The project's content with ``n`` generated articles, built once into tmp_path/public."""
    import shutil

    content = copy_content(tmp_path / "content")
    files = make_corpus(n, content / "articles")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    opts = _opts(content, templates, tmp_path)
    Builder(opts).build()
    return content, templates, opts, files


def _serve_builder(content, templates, tmp, search: bool = False) -> Builder:
    """A Builder kept alive as ``serve`` keeps one, after its first build."""
    opts = _opts(content, templates, tmp)
    opts.live, opts.search = True, search
    builder = Builder(opts)
    builder.build()
    return builder


def add_to_lead(p: Path, words: str) -> None:
    """Words added to the first long line (the lead, shown in lists and feeds; the last line
    would be read as a byline)."""
    lines = p.read_text("utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if len(line) > 150)
    lines[i] += f" {words}"
    p.write_text("\n".join(lines), "utf-8")


def test_each_kind_of_change_gives_the_clean_build(workspace):
    content, templates, tmp = workspace
    articles = content / "articles"
    Builder(_opts(content, templates, tmp)).build()
    seed = articles / "001_20ddfb8bd626b568.txt"
    shipped = {p.name for p in (ROOT / "content" / "articles").iterdir()}
    generated = sorted(p for p in articles.glob("*.txt") if p.name not in shipped)

    def edit_text():
        seed.write_text(seed.read_text("utf-8").replace("Xây dựng hình ảnh người cán bộ gần dân",
                                                        "Xây dựng hình ảnh người cán bộ thật gần dân", 1), "utf-8")

    def add_article():
        (articles / "sub").mkdir(exist_ok=True)
        (articles / "sub" / "moi.txt").write_text(
            "Thứ Ba, 2/3/2021\n\nHuyện ủy Hòa Vang quán triệt Chỉ thị số 05-CT/TW\n\n"
            "(ĐCSVN) - Sáng 2/3, Huyện ủy Hòa Vang (Đà Nẵng) quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị.\n\n"
            "Minh Anh\n", "utf-8")

    def rename_article():
        generated[0].rename(articles / "renamed.txt")

    def delete_article():
        generated[1].unlink()

    def sidecar():
        generated[2].with_suffix(".yaml").write_text('title: "Tiêu đề do biên tập viên sửa"\n', "utf-8")

    def change_registry():
        p = content / "directives.yaml"
        p.write_text(p.read_text("utf-8") + "\n# a maintainer's note\n", "utf-8")

    def change_template():
        p = templates / "base.html"
        p.write_text(p.read_text("utf-8").replace("</footer>", "<p>Phiên bản thử.</p></footer>", 1), "utf-8")

    def change_site():
        p = content / "site.yaml"
        p.write_text(p.read_text("utf-8").replace('title: "Bản tin"', 'title: "Bản tin thử"'), "utf-8")

    for step in (edit_text, add_article, rename_article, delete_article, sidecar, change_registry,
                 change_template, change_site):
        step()
        # a fresh Builder, as a new `build` command would make, reading the cache from disk
        report = Builder(_opts(content, templates, tmp)).build()
        assert report.error is None
        clean_build(content, templates, tmp / f"clean-{step.__name__}")
        assert_same_tree(tmp / "public", tmp / f"clean-{step.__name__}")


def test_a_renamed_file_that_keeps_its_slug_gets_its_new_path_in_the_records(workspace):
    """A file renamed keeps its text and, its title being its own, its slug: the rows of
    records.json and records.csv copied from the last build would name the old path."""
    import json

    content, templates, tmp = workspace
    articles = content / "articles"
    Builder(_opts(content, templates, tmp)).build()
    records = json.loads((tmp / "public" / "records.json").read_text("utf-8"))
    titles = [r["title"] for r in records]
    lone = next(r for r in records if titles.count(r["title"]) == 1 and "/" not in r["path"])
    (articles / lone["path"]).rename(articles / "doi-ten.txt")
    Builder(_opts(content, templates, tmp)).build()
    after = {r["slug"]: r["path"] for r in json.loads((tmp / "public" / "records.json").read_text("utf-8"))}
    assert after[lone["slug"]] == "doi-ten.txt"
    assert "doi-ten.txt" in (tmp / "public" / "records.csv").read_text("utf-8")
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_kept_builder_rebuilds_like_serve(workspace):
    """One Builder kept in memory (as `serve` does) also gives the clean build after changes."""
    content, templates, tmp = workspace
    builder = Builder(_opts(content, templates, tmp))
    builder.build()
    victim = sorted((content / "articles").glob("*.txt"))[7]
    victim.write_text(victim.read_text("utf-8") + "\nThêm một đoạn văn mới ở cuối bài.\n", "utf-8")
    report = builder.build()
    assert report.extracted == 1
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


@pytest.mark.parametrize("live,hinted", [(False, False), (True, False), (True, True)])
def test_kept_builder_series_of_edits_like_serve(workspace, live, hinted):
    """serve's shortcuts (the catalog kept when its shape is unchanged, records.json/csv lines
    reused, only the changed article's pages made, only the files the watcher names read again,
    records.json/csv left to ``flush``) give the clean build after each edit."""
    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    opts.live = live
    builder = Builder(opts)
    builder.build()
    files = sorted((content / "articles").glob("*.txt"))
    a, b = files[3], files[9]

    steps = [
        (lambda: add_to_lead(a, "Một đoạn văn mới ở cuối bài."), a),
        (lambda: add_to_lead(b, "Đoạn khác, ở một bài khác."), b),
        (lambda: add_to_lead(a, "Lại sửa bài đầu tiên."), a),
        # shape changes: a new title (longer than a kicker, which would leave the old title in place)
        (lambda: a.write_text("Tiêu đề hoàn toàn mới của bài viết sau khi ban biên tập sửa lại\n\n"
                              + a.read_text("utf-8"), "utf-8"), a),
        (lambda: b.unlink(), b),
    ]
    for n, (step, touched) in enumerate(steps):
        catalog_before = builder._last_catalog[2] if builder._last_catalog else None
        step()
        report = builder.build([str(touched)] if hinted else None)
        assert report.error is None
        assert report.extracted == (0 if n == 4 else 1)
        if live and n in (1, 2):   # a body edit: same shape, the catalog object is reused
            assert builder._last_catalog[2] is catalog_before
        if n < 3:
            assert report.pages_written <= 30, report.written_paths
        clean_build(content, templates, tmp / f"clean-{n}")
        if live and n < 3:
            # the rebuild's pages are in place; records.json/csv still hold the last build's rows
            assert builder.pending() == {"records.json", "records.csv"}
            before = tree(tmp / "public")
            clean = tree(tmp / f"clean-{n}")
            assert {k for k in clean if clean[k] != before.get(k)} == {"records.json", "records.csv"}
            builder.flush()
            assert not builder.pending()
        assert_same_tree(tmp / "public", tmp / f"clean-{n}")
    if live:
        # what serve kept in memory is on disk after a flush: a new build command reuses it all
        builder.flush()
        again = Builder(_opts(content, templates, tmp)).build()
        assert (again.extracted, again.pages_written) == (0, 0)


def test_serve_rebuild_leaves_records_files_to_flush(workspace):
    """A rebuild in serve writes the changed article's pages at once and records.json/csv when
    flushed; a second rebuild before the flush supersedes the first's rows."""
    content, templates, tmp = workspace
    builder = _serve_builder(content, templates, tmp)
    old_json = (tmp / "public" / "records.json").read_bytes()
    victims = sorted((content / "articles").glob("*.txt"))[2:4]
    for i, v in enumerate(victims):
        add_to_lead(v, f"Câu thêm số {i}.")
        builder.build([str(v)])
        assert (tmp / "public" / "records.json").read_bytes() == old_json   # not yet written
    builder.flush()
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")
    assert "Câu thêm số 0." in (tmp / "public" / "records.json").read_text("utf-8")
    assert "Câu thêm số 1." in (tmp / "public" / "records.json").read_text("utf-8")


@pytest.mark.parametrize("part_size", [None, 2])
def test_serve_rebuild_leaves_the_search_index_to_flush(workspace, part_size):
    """With search on, a serve rebuild keeps the old Pagefind bundle (re-indexing every record
    takes a minute on a large archive); ``flush`` indexes again, giving the clean build's bundle.
    An index in parts (``part_size``) is made again only in the edited article's part."""
    content, templates, tmp = workspace
    if part_size:
        set_site_option(content, "search_shard_size", part_size)
    builder = _serve_builder(content, templates, tmp, search=True)
    before = tree(tmp / "public" / "pagefind")
    parts_before = _parts(tmp / "public")
    victim = sorted((content / "articles").glob("*.txt"))[4]
    add_to_lead(victim, "Từ khóa tìm kiếm mới xuất hiện.")
    builder.build([str(victim)])
    assert tree(tmp / "public" / "pagefind") == before
    builder.flush()
    parts_after = _parts(tmp / "public")
    if part_size:
        kept = set(parts_before) & set(parts_after)
        assert len(parts_after) == len(parts_before) > 2 and len(kept) == len(parts_before) - 1
        assert all(parts_after[p] == parts_before[p] for p in kept)   # the same files, linked
    else:
        assert list(parts_after) == ["/pagefind/"]
    clean = tmp / "clean"
    Builder(BuildOptions(content=content, templates=templates, output=clean, clean=True, search=True),
            cache_dir=tmp / "clean-cache").build()
    assert tree(tmp / "public" / "pagefind") != before
    assert_same_tree(tmp / "public", clean)


def _parts(site: Path) -> dict[str, int]:
    """The search index's parts (``pagefind/shards.json``) -> the inode of each part's pagefind.js."""
    import json
    import os

    listed = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]
    return {p: os.stat(site / p.strip("/") / "pagefind.js").st_ino for p in listed}


def test_hinted_rebuild_notices_a_new_duplicate_and_its_end(workspace):
    """A watched edit that makes one article's text another's turns it into a duplicate (and
    back): the shortcut that redoes only the changed file must not hide that."""
    content, templates, tmp = workspace
    builder = _serve_builder(content, templates, tmp)
    files = sorted((content / "articles").glob("*.txt"))
    a, b = files[6], files[11]
    original = b.read_text("utf-8")
    b.write_text(a.read_text("utf-8"), "utf-8")
    report = builder.build([str(b)])
    status = {f.path: f.status for f in report.files}
    assert sorted((status[a.name], status[b.name])) == ["built", "duplicate"]
    builder.flush()
    clean_build(content, templates, tmp / "clean-dup")
    assert_same_tree(tmp / "public", tmp / "clean-dup")
    b.write_text(original, "utf-8")
    report = builder.build([str(b)])
    assert all(f.status == "built" for f in report.files)
    builder.flush()
    clean_build(content, templates, tmp / "clean-back")
    assert_same_tree(tmp / "public", tmp / "clean-back")


def test_a_duplicate_is_reported_alike_by_a_fresh_and_a_cached_build(workspace):
    """A duplicate in another encoding: its report entry (encoding, what reading it met) and the
    warning counts --strict goes by do not depend on whether the cache held the file."""
    content, templates, tmp = workspace
    files = sorted((content / "articles").glob("*.txt"))
    (content / "articles" / "zz-copy-utf16.txt").write_bytes(files[3].read_text("utf-8").encode("utf-16"))

    def entry(report):
        f = next(f for f in report.files if f.path == "zz-copy-utf16.txt")
        return f.status, f.duplicate_of, f.encoding, f.warnings, report.warnings_by_kind

    first = entry(Builder(_opts(content, templates, tmp)).build())
    assert first[:3] == ("duplicate", files[3].name, "utf-16-le") and first[3], first
    assert first[4]["encoding"] >= 1 and first[4]["duplicate"] == 1
    assert entry(Builder(_opts(content, templates, tmp)).build()) == first      # from the cache


def test_the_copy_with_a_sidecar_is_published_and_rebuilds_agree(workspace):
    """Two files hold one text and only the later one has a sidecar: that copy, with its
    maintainer's corrections, is published and the earlier one is its duplicate. Adding and
    removing the sidecar gives the clean build's output, as a fresh build and in serve."""
    content, templates, tmp = workspace
    articles = content / "articles"
    files = sorted(articles.glob("*.txt"))
    a = files[3]
    b = articles / "zz-ban-sao.txt"
    b.write_text(a.read_text("utf-8"), "utf-8")
    Builder(_opts(content, templates, tmp)).build()
    builder = _serve_builder(content, templates, tmp / "serve")
    side = articles / "zz-ban-sao.yaml"
    side.write_text("title: Tiêu đề do biên tập viên sửa\n", "utf-8")
    report = Builder(_opts(content, templates, tmp)).build()
    status = {f.path: (f.status, f.duplicate_of) for f in report.files}
    assert status[b.name] == ("built", None) and status[a.name] == ("duplicate", b.name)
    assert next(f for f in report.files if f.path == b.name).title == "Tiêu đề do biên tập viên sửa"
    clean_build(content, templates, tmp / "clean-side")
    assert_same_tree(tmp / "public", tmp / "clean-side")
    builder.build([str(side)])
    builder.flush()
    assert_same_tree(tmp / "serve" / "public", tmp / "clean-side")
    # a draft among the copies stays a draft (a copy elsewhere does not make it a duplicate)
    draft = articles / "aa-nhap.md"
    draft.write_text("---\ndraft: true\n---\n" + a.read_text("utf-8"), "utf-8")
    report = Builder(_opts(content, templates, tmp)).build()
    status = {f.path: (f.status, f.duplicate_of) for f in report.files}
    assert status[draft.name] == ("draft", None) and status[b.name] == ("built", None)
    draft.unlink()
    side.unlink()
    report = Builder(_opts(content, templates, tmp)).build()
    status = {f.path: (f.status, f.duplicate_of) for f in report.files}
    assert status[a.name] == ("built", None) and status[b.name] == ("duplicate", a.name)
    clean_build(content, templates, tmp / "clean-back")
    assert_same_tree(tmp / "public", tmp / "clean-back")


@pytest.mark.parametrize("cached", [False, True])
def test_hinted_rebuild_with_unreadable_files_redoes_everything_like_a_clean_build(workspace, cached):
    """Files that only extraction finds unreadable (empty, bytes, another encoding) keep that
    outcome in a serve rebuild that redoes every file's status (here: an edit that makes one
    article a copy of another). The first build reads them from nothing (``cached=False``: each
    file only listed, then read by extraction) or hashes them first (a cache from an earlier build)."""
    import json

    content, templates, tmp = workspace
    articles = content / "articles"
    files = sorted(articles.glob("*.txt"))
    (articles / "rong.txt").write_bytes(b"")
    (articles / "nhi-phan.txt").write_bytes(bytes(range(256)) * 4)
    (articles / "cp1258.txt").write_bytes(files[1].read_text("utf-8").encode("cp1258", "replace"))
    if cached:
        Builder(_opts(content, templates, tmp)).build()
    builder = _serve_builder(content, templates, tmp)
    files[2].write_bytes(files[3].read_bytes())
    report = builder.build([str(files[2])])
    builder.flush()
    clean = Builder(BuildOptions(content=content, templates=templates, output=tmp / "clean", clean=True,
                                 search=False), cache_dir=tmp / "clean-cache").build()
    assert json.loads(report.to_json())["files"] == json.loads(clean.to_json())["files"]
    assert_same_tree(tmp / "public", tmp / "clean")


def test_hinted_rebuild_reads_everything_when_a_file_is_new(workspace):
    """The watcher's list is a hint: a file it names that the last build did not read (a new
    article) makes the builder read the whole folder, so nothing is missed."""
    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    opts.live = True
    builder = Builder(opts)
    first = builder.build()
    src = sorted((content / "articles").glob("*.txt"))[5]
    new = content / "articles" / "bai-moi-hoan-toan.txt"
    new.write_text("Bài hoàn toàn mới về Đà Nẵng\n\n" + src.read_text("utf-8").replace("\n\n", "\n\nThêm. ", 1), "utf-8")
    report = builder.build([str(new)])
    assert len(report.files) == len(first.files) + 1
    builder.flush()
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_no_change_rebuild_extracts_and_writes_nothing(workspace, monkeypatch):
    import bantin.catalog as catalog

    content, templates, tmp = workspace
    first = Builder(_opts(content, templates, tmp)).build()
    before = tree(tmp / "public")
    # nothing to render: not even the catalog is made
    monkeypatch.setattr(catalog, "build_catalog", lambda *a: pytest.fail("catalog built for a no-change build"))
    report = Builder(_opts(content, templates, tmp)).build()
    assert report.extracted == 0
    assert report.pages_written == 0
    assert report.pages_removed == 0
    assert report.pages_unchanged == first.pages_written
    assert tree(tmp / "public") == before
    assert report.to_json().replace('"extracted": 0', "") == first.to_json().replace(
        '"pages_written": %d' % first.pages_written, '"pages_written": 0').replace(
        '"pages_unchanged": 0', '"pages_unchanged": %d' % first.pages_written).replace(
        '"extracted": %d' % first.extracted, "")
    monkeypatch.undo()
    # an edit, then a build with nothing left to change: each as a clean build makes it
    victim = sorted((content / "articles").glob("*.txt"))[5]
    add_to_lead(victim, "Thêm một câu.")
    assert Builder(_opts(content, templates, tmp)).build().pages_written > 0
    assert Builder(_opts(content, templates, tmp)).build().pages_written == 0
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_no_change_rebuild_keeps_or_drops_the_search_bundle_as_asked(workspace):
    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    opts.search = True
    Builder(opts).build()
    bundle = tree(tmp / "public" / "pagefind")
    assert bundle
    assert Builder(opts).build().pages_written == 0
    assert tree(tmp / "public" / "pagefind") == bundle
    Builder(_opts(content, templates, tmp)).build()   # without search: as a clean build, no bundle
    assert not (tmp / "public" / "pagefind").exists()
    assert Builder(opts).build().pages_written == 0   # search again: the bundle is made again
    assert tree(tmp / "public" / "pagefind").keys() == bundle.keys()


def test_one_edit_in_2000_articles_touches_only_its_pages(tmp_path):
    """Issue 6, point 1: one file re-extracted; only pages that list it are rewritten."""
    import json
    import shutil

    content = copy_content(tmp_path / "content")
    make_corpus(2000, content / "articles")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    opts = _opts(content, templates, tmp_path)
    first = Builder(opts).build()
    assert first.articles >= 2000
    victim = sorted((content / "articles").glob("*.txt"))[1234]
    text = victim.read_text("utf-8")
    lines = text.split("\n")
    # change a body sentence (not the title, date or byline: the lists that show it stay the same)
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = lines[longest] + " Đây là câu được thêm vào."
    victim.write_text("\n".join(lines), "utf-8")
    report = Builder(opts).build()
    assert report.extracted == 1
    assert report.extracted_paths == [victim.relative_to(content / "articles").as_posix()]
    recs = json.loads((tmp_path / "public" / "records.json").read_text("utf-8"))
    slug = next(r["slug"] for r in recs if r["path"] == victim.name)
    url = f"/bai/{slug}/"
    # every rewritten page is the article's own page, a page that shows it, or a site-wide data file
    for path in report.written_paths:
        body = (tmp_path / "public" / path).read_text("utf-8", errors="replace")
        assert url in body or slug in body or path in ("records.json", "records.csv", "sitemap.xml"), path
    assert 0 < report.pages_written < 40, report.written_paths
    clean_build(content, templates, tmp_path / "clean")
    assert_same_tree(tmp_path / "public", tmp_path / "clean")


def test_records_files_spliced_only_from_an_untouched_previous_output(workspace):
    """A rebuild cuts unchanged rows out of the old records.json/csv, but never out of a file that
    is not exactly what the last build wrote."""
    content, templates, tmp = workspace
    Builder(_opts(content, templates, tmp)).build()
    out = tmp / "public"
    csv_path = out / "records.csv"
    data = bytearray(csv_path.read_bytes())
    i = data.index(b"Chi", len(data) // 2)
    data[i:i + 3] = b"Xxx"                      # same size: only the content hash can tell
    csv_path.write_bytes(bytes(data))
    victim = sorted((content / "articles").glob("*.txt"))[5]
    add_to_lead(victim, "Thêm một câu, có “ngoặc kép” và dấu phẩy.")
    Builder(_opts(content, templates, tmp)).build()
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(out, tmp / "clean")


def test_serve_rebuild_uses_an_edited_template(workspace):
    """Compiled templates are cached in the process; an edit to one must reach the next rebuild."""
    content, templates, tmp = workspace
    builder = _serve_builder(content, templates, tmp)
    base = templates / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- mẫu mới -->\n</body>"), "utf-8")
    builder.build([str(base)])
    assert "<!-- mẫu mới -->" in (tmp / "public" / "index.html").read_text("utf-8")
    builder.flush()
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def _later_clock(monkeypatch, seconds: float = 10.0) -> None:
    """Files written by the test are seconds old, not the second the cache wants before it trusts
    their stamps: move the build's clock on instead of sleeping."""
    import time as real_time

    import bantin.pipeline as pipeline

    class Later:
        def __getattr__(self, name):
            return getattr(real_time, name)

        @staticmethod
        def time_ns() -> int:
            return real_time.time_ns() + int(seconds * 1e9)

    monkeypatch.setattr(pipeline, "time", Later())


def test_fresh_build_does_not_read_files_whose_stamp_is_unchanged(workspace, monkeypatch):
    import bantin.reader as reader

    content, templates, tmp = workspace
    _later_clock(monkeypatch)
    Builder(_opts(content, templates, tmp)).build()
    opened: list[str] = []
    real_read = reader._read_fd
    monkeypatch.setattr(reader, "_read_fd", lambda fd, n: opened.append(fd) or real_read(fd, n))
    report = Builder(_opts(content, templates, tmp)).build()
    assert report.extracted == 0 and not opened

    # an edit that keeps the size and the modification time still changes the inode's ctime
    target = sorted((content / "articles").glob("*.txt"))[3]
    st = target.stat()
    raw = target.read_bytes()
    i = raw.index(b"a")
    target.write_bytes(raw[:i] + b"e" + raw[i + 1:])
    import os

    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = Builder(_opts(content, templates, tmp)).build()
    assert [Path(p).name for p in report.extracted_paths] == [target.name]
    assert 1 <= len(opened) <= 2   # this file only: read to hash it, maybe again to extract it
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_stamps_of_files_changed_just_before_the_read_are_not_kept(workspace):
    from bantin.cache import BuildCache, CachedRecord

    content, templates, tmp = workspace
    cache = BuildCache(tmp / "c", "env")
    now = 5_000_000_000_000
    cache.stamps_taken = now
    cache.stamps = {"old.txt": ((1, 10, now - 5_000_000_000, now - 4_000_000_000), "d1"),
                    "racy.txt": ((2, 10, now - 5_000_000_000, now - 200_000_000), "d2"),
                    "gone.txt": ((3, 10, now - 9_000_000_000, now - 9_000_000_000), "d3")}
    records = {p: CachedRecord("d", "k", None) for p in ("old.txt", "racy.txt")}
    assert set(cache._settled_stamps(records)) == {"old.txt"}


def _odd_inputs(articles: Path) -> None:
    """Files a first build must treat as a rebuild does: a sidecar, a hidden file, an empty file,
    bytes that are not text, a link inside content/, an article in a sub-folder, a Markdown file."""
    first = sorted(articles.glob("*.txt"))[0]
    first.with_suffix(".yaml").write_text("title: Tiêu đề sửa tay\n", "utf-8")
    (articles / ".an.txt").write_text("ẩn", "utf-8")
    (articles / "rong.txt").write_bytes(b"")
    (articles / "nhi-phan.txt").write_bytes(bytes(range(256)) * 4)
    (articles / "lien-ket.txt").symlink_to(sorted(articles.glob("*.txt"))[1])
    (articles / "con").mkdir()
    (articles / "con" / "bai.txt").write_bytes(sorted(articles.glob("*.txt"))[2].read_bytes() + "\nThêm.\n".encode())
    (articles / "bai.md").write_text("---\ntitle: Bài Markdown\ndate: 2020-01-02\n---\nMột đoạn văn.\n", "utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_first_build_reads_each_plain_file_once_and_builds_as_before(workspace, monkeypatch, jobs):
    """A build with an empty cache lists plain article files without reading them; each is read
    once, where it is extracted (jobs=2: in a worker, never in this process). Its site, report
    and kept stamps are those of a build that reads every file first (as a rebuild does)."""
    import json
    import os
    from collections import Counter

    import bantin.pipeline as pipeline
    import bantin.reader as reader
    from bantin.cache import BuildCache, code_hash

    content, templates, tmp = workspace
    articles = content / "articles"
    _odd_inputs(articles)
    _later_clock(monkeypatch)   # the files were just written: their stamps are kept all the same
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)   # workers even for a small folder
    plain = [p for p in [*articles.rglob("*.txt"), articles / "bai.md"] if not p.name.startswith(".")
             and not p.is_symlink() and not p.with_suffix(".yaml").exists()]
    reads: Counter[str] = Counter()   # file -> times read in this process
    real_read = reader._read_fd
    monkeypatch.setattr(reader, "_read_fd", lambda fd, n: reads.update([os.readlink(f"/proc/self/fd/{fd}")])
                        or real_read(fd, n))
    real_read_all = reader.read_all

    def build(out: str, defer: bool | None) -> dict:
        if defer is not None:
            monkeypatch.setattr(pipeline, "read_all", lambda *a, **k: real_read_all(*a, **{**k, "defer": defer}))
        opts = BuildOptions(content=content, templates=templates, output=tmp / out / "public", search=False,
                            jobs=jobs)
        report = pipeline.run_build(opts)
        monkeypatch.setattr(pipeline, "read_all", real_read_all)
        return json.loads(report.to_json())

    first = build("first", None)
    assert [reads[str(p)] for p in plain] == [1 if jobs == 1 else 0] * len(plain)
    eager = build("eager", False)
    assert_same_tree(tmp / "first" / "public", tmp / "eager" / "public")
    assert first == eager
    stamps = [BuildCache._load(tmp / d / ".bantin-cache" / "public" / "stamps.pickle", code_hash())
              for d in ("first", "eager")]
    # every plain file that yields an article (not the empty one, not the bytes), as a rebuild keeps them
    assert stamps[0] == stamps[1]
    assert sorted(stamps[0]) == sorted(p.relative_to(articles).as_posix() for p in plain
                                       if p.name not in ("rong.txt", "nhi-phan.txt"))


@pytest.mark.skipif(not __import__("bantin.background").background.can_fork(), reason="no fork here")
def test_one_shot_rebuild_hands_the_output_check_to_a_child(workspace, monkeypatch):
    """``background.SideTask``: the same outcome, whether the child says the output is whole or not."""
    from bantin.background import SideTask

    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    started: list[bool] = []
    real_init = SideTask.__init__

    def spy(self, fn):
        real_init(self, fn)
        started.append(self.forked)

    monkeypatch.setattr(SideTask, "__init__", spy)
    Builder(opts).build()
    assert started == []                 # no page map yet: nothing to check
    add_to_lead(sorted((content / "articles").glob("*.txt"))[7], "Một câu nữa.")
    report = Builder(opts).build()
    assert report.extracted == 1 and 0 < report.pages_written < report.pages_unchanged
    assert started == [True]
    # a page removed by hand: the child's check says the output is not whole, and it is made again
    page = sorted((tmp / "public" / "bai").rglob("index.html"))[3]
    page.unlink()
    again = Builder(opts).build()
    assert again.extracted == 0 and page.exists()
    started.clear()
    Builder(opts).check()
    assert started == []                 # ``check`` renders nothing: the output is not looked at
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_records_cache_keeps_few_changes_apart_from_its_index(workspace, monkeypatch):
    """records.pickle is written anew only when many entries changed since it was; below, only
    records-changes.pickle is, and the next build reads both."""
    import bantin.cache as cache_mod

    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    folder = tmp / ".bantin-cache" / "public"
    Builder(opts).build()
    index = folder / "records.pickle"
    first = index.read_bytes()
    assert not (folder / "records-changes.pickle").exists()
    files = sorted((content / "articles").glob("*.txt"))
    add_to_lead(files[3], "Câu thứ nhất được thêm.")
    assert Builder(opts).build().extracted == 1
    assert index.read_bytes() == first and (folder / "records-changes.pickle").exists()
    # the changes add up: a second edit and a removed file, then a build with nothing to extract
    add_to_lead(files[9], "Câu thứ hai được thêm.")
    files[12].unlink()
    assert Builder(opts).build().extracted == 1
    assert index.read_bytes() == first
    report = Builder(opts).build()
    assert (report.extracted, report.pages_written) == (0, 0)
    # more changes than the changes file takes: the index is written anew, the changes file goes
    monkeypatch.setattr(cache_mod, "_CHANGES_MIN", 1)
    monkeypatch.setattr(cache_mod, "_CHANGES_SHARE", 10**6)
    add_to_lead(files[14], "Câu thứ ba được thêm.")
    assert Builder(opts).build().extracted == 1
    assert index.read_bytes() != first and not (folder / "records-changes.pickle").exists()
    assert Builder(opts).build().extracted == 0
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_records_changes_of_another_index_are_not_applied(workspace):
    """A records-changes.pickle names the records.pickle it follows: put beside another one (an
    older copy of the cache, an interrupted write), it is ignored and the files it covered are
    extracted again."""
    import shutil

    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    folder = tmp / ".bantin-cache" / "public"
    Builder(opts).build()
    files = sorted((content / "articles").glob("*.txt"))
    add_to_lead(files[4], "Một câu.")
    Builder(opts).build()
    changes = folder / "records-changes.pickle"
    kept = tmp / "changes-of-the-old-index"
    shutil.copy(changes, kept)
    (folder / "records.pickle").unlink()          # the index is made anew by the next build
    assert Builder(opts).build().extracted == len(files)
    assert not changes.exists()
    shutil.copy(kept, changes)                     # the old changes beside the new index
    assert Builder(opts).build().extracted == 0    # not applied: the new index is whole
    add_to_lead(files[5], "Một câu nữa.")
    assert Builder(opts).build().extracted == 1
    # a damaged changes file: the index alone is read, and the file it covered is extracted again
    changes.write_bytes(changes.read_bytes()[:40] + b"\x00garbage")
    assert Builder(opts).build().extracted == 1
    clean_build(content, templates, tmp / "clean")
    assert_same_tree(tmp / "public", tmp / "clean")


def test_edits_that_change_the_catalog_are_rendered_in_parallel_like_a_clean_build(tmp_path, monkeypatch):
    """A new title or date changes the catalog's shape: every page is planned and fingerprinted
    again, by the render workers of a large site as in a clean build, and the output is the clean
    build's."""
    import shutil

    import bantin.pipeline as pipeline

    content = copy_content(tmp_path / "content")
    make_corpus(pipeline.RENDER_PARALLEL_THRESHOLD + 20, content / "articles")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    opts = _opts(content, templates, tmp_path)
    Builder(opts).build()
    import bantin.render as render

    forked: list[int] = []   # the render workers' count, each time they are started
    real = render.ArticleClaims
    monkeypatch.setattr(render, "ArticleClaims", lambda jobs: (forked.append(jobs), real(jobs))[1])
    files = sorted((content / "articles").glob("*.txt"))

    def new_title(p: Path) -> None:
        lines = p.read_text("utf-8").split("\n")
        i = next(k for k, line in enumerate(lines) if line.strip() and not line.startswith("Thứ"))
        lines[i] = "Tiêu đề mới: " + lines[i]
        p.write_text("\n".join(lines), "utf-8")

    def new_date(p: Path) -> None:
        lines = p.read_text("utf-8").split("\n")
        i = next(k for k, line in enumerate(lines) if line.startswith("Thứ"))
        lines[i] = "Thứ Hai, 02/01/2017 08:00"
        p.write_text("\n".join(lines), "utf-8")

    for step, victim in ((new_title, files[101]), (new_date, files[202])):
        step(victim)
        forked.clear()
        report = Builder(opts).build()
        assert report.extracted == 1 and 0 < report.pages_written < report.pages_unchanged
        assert forked, "rendered by one process"
        clean_build(content, templates, tmp_path / f"clean-{step.__name__}")
        assert_same_tree(tmp_path / "public", tmp_path / f"clean-{step.__name__}")


def test_a_new_date_keeps_the_other_records_rows_of_records_json(tmp_path, monkeypatch):
    """A date edit changes the catalog's shape but no slug: records.json and records.csv are
    spliced from the old files (only the edited record's rows encoded again), and come out as a
    clean build's. A title edit renames an article (the slugs are others): every row is encoded
    again."""
    import bantin.render as render

    content, templates, opts, files = _built_corpus(tmp_path, 30)
    encoded: list[str] = []
    real = render._json_line
    monkeypatch.setattr(render, "_json_line", lambda r: (encoded.append(r.slug), real(r))[1])
    files[7].with_suffix(".yaml").write_text("date: 2016-02-29\n", "utf-8")
    report = Builder(opts).build()
    assert report.extracted == 1 and report.pages_written > 3   # lists re-made, not the dirty plan
    assert len(encoded) == 1
    clean_build(content, templates, tmp_path / "clean-date")
    assert_same_tree(tmp_path / "public", tmp_path / "clean-date")
    encoded.clear()
    files[8].with_suffix(".yaml").write_text("title: Một tiêu đề mới hẳn\n", "utf-8")
    report = Builder(opts).build()
    assert len(encoded) == report.articles
    clean_build(content, templates, tmp_path / "clean-title")
    assert_same_tree(tmp_path / "public", tmp_path / "clean-title")


def test_a_rebuild_beside_other_threads_extracts_in_workers_not_forked_from_them(workspace, monkeypatch):
    """``serve`` rebuilds with its server's threads running: a large batch of changed files is
    extracted by workers that a fresh process started (a child forked beside threads could
    inherit a lock one of them holds), with the records a single-threaded build makes."""
    import threading
    import warnings

    import bantin.pipeline as pipeline

    content, templates, tmp = workspace
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)   # workers even for a small folder
    builder = _serve_builder(content, templates, tmp)
    files = sorted((content / "articles").glob("*.txt"))
    for p in files:
        p.write_text(p.read_text("utf-8") + "\nMột câu thêm ở cuối bài.\n", "utf-8")
    contexts: list[str] = []
    real = pipeline.ProcessPoolExecutor
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor",
                        lambda *a, **k: (contexts.append(k["mp_context"].get_start_method()), real(*a, **k))[1])
    stop = threading.Event()
    server = threading.Thread(target=stop.wait, daemon=True)   # stands in for serve's server
    server.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)   # "... use of fork() may lead to deadlocks"
            report = builder.build([str(p) for p in files])
    finally:
        stop.set()
        server.join()
    assert contexts and contexts[0] != "fork"
    assert report.extracted == len(files)
    clean_build(content, templates, tmp / "clean" / "public")
    assert_same_tree(tmp / "public", tmp / "clean" / "public")


def test_a_clean_build_over_the_same_output_leaves_it_in_place(workspace):
    """``--clean`` (or a lost cache) over an output that is already right: the old output is listed
    and each page compared, found the same, and left where it is. No new tree is made and swapped
    in (its folders are the same folders), and what the build does not make is still removed."""
    import os

    content, templates, tmp = workspace
    opts = _opts(content, templates, tmp)
    first = Builder(opts).build()
    out = tmp / "public"
    stray = out / "bai" / "tu-tay.html"
    stray.write_text("a file put there by hand", "utf-8")
    before = {p: os.lstat(p).st_ino for p in (out, out / "bai", out / "index.html")}
    opts.clean = True
    again = Builder(opts).build()
    assert again.pages_written == 0 and again.pages_unchanged == first.pages_written
    assert {p: os.lstat(p).st_ino for p in before} == before
    assert not stray.exists()
    clean_build(content, templates, tmp / "clean" / "public")
    assert_same_tree(out, tmp / "clean" / "public")


def test_after_a_new_date_only_the_pages_rendered_read_their_article_text(tmp_path, monkeypatch):
    """Every article page is fingerprinted again after an edit that changes the catalog's shape,
    but the fingerprint takes an article's text by its file's digest: the text is decoded only
    for the pages that are then rendered (the edited article's and its neighbours')."""
    import bantin.render as render

    content, templates, opts, files = _built_corpus(tmp_path, 30)
    read: list[object] = []     # the objects themselves: kept alive, no two share an id
    real = render._TextPairs._made
    monkeypatch.setattr(render._TextPairs, "_made", lambda self: (read.append(self), real(self))[1])
    rendered: list[str] = []
    real_html = render._Site.html

    def html(self, template, path, *a, **k):
        page = real_html(self, template, path, *a, **k)
        if page is not None and page.content is not None and template == "article.html":
            rendered.append(path)
        return page

    monkeypatch.setattr(render._Site, "html", html)
    files[11].with_suffix(".yaml").write_text("date: 2016-02-29\n", "utf-8")
    report = Builder(opts).build()
    assert report.extracted == 1
    assert 1 <= len(rendered) <= 5 and len({id(x) for x in read}) == len(rendered)
    clean_build(content, templates, tmp_path / "clean")
    assert_same_tree(tmp_path / "public", tmp_path / "clean")


def test_a_new_date_with_a_page_gone_from_the_output_makes_that_page_again(tmp_path):
    """After an edit that changes the catalog's shape, pages whose fingerprint is unchanged are
    reused unlooked-at only when the last output was found whole: with a page deleted by hand,
    each is looked for, and the missing one is made again."""
    content, templates, opts, files = _built_corpus(tmp_path, 30)
    gone = sorted((tmp_path / "public" / "bai").glob("*/index.html"))[-1]
    gone.unlink()
    files[5].with_suffix(".yaml").write_text("date: 2016-02-29\n", "utf-8")
    report = Builder(opts).build()
    assert report.extracted == 1 and gone.is_file()
    clean_build(content, templates, tmp_path / "clean")
    assert_same_tree(tmp_path / "public", tmp_path / "clean")


def test_page_fingerprints_do_not_depend_on_the_render_workers(tmp_path, monkeypatch):
    """A page's fingerprint is the same whichever render worker made it and whatever it made
    before: one process and two workers record the same page map. (A shared place's dict once
    counted by its digest on some pages and by its content on others: at 10,000 articles, a
    build by one process after one by two workers re-rendered a third of the article pages for
    nothing, and an edit after it a hundred.)"""
    import pickle

    import bantin.pipeline as pipeline

    content = copy_content(tmp_path / "content")
    make_corpus(40, content / "articles")
    monkeypatch.setattr(pipeline, "RENDER_PARALLEL_THRESHOLD", 1)
    maps = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}" / "public"
        Builder(BuildOptions(content=content, templates=TEMPLATES, output=out, search=False, jobs=jobs)).build()
        with open(out.parent / ".bantin-cache" / "public" / "pages.pickle", "rb") as fh:
            pages = pickle.load(fh)[1]["pages"]   # noqa: S301 - the build's own file
        maps.append({p: e[0] for p, e in pages.items() if p.endswith(".html")})
    assert len(maps[0]) > 100 and sum(p.startswith("bai/") for p in maps[0]) == 45
    assert maps[0] == maps[1]
    assert_same_tree(tmp_path / "out1" / "public", tmp_path / "out2" / "public")
