"""collect's slug assignment: unique, the first free "-n", linear for many equal titles."""

from __future__ import annotations

from hypothesis import given, strategies as st

from bantin.pipeline import unique_slug


def naive(bases: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for base in bases:
        slug, n = base, 1
        while slug in seen:
            n += 1
            slug = f"{base}-{n}"
        seen.add(slug)
        out.append(slug)
    return out


@given(st.lists(st.sampled_from(["a", "a-2", "a-3", "b", "a-2-2", "b-1", "a-4"]), max_size=40))
def test_unique_slug_equals_the_plain_search(bases):
    seen: set[str] = set()
    last: dict[str, int] = {}
    got = []
    for base in bases:
        slug = unique_slug(base, seen, last)
        seen.add(slug)
        got.append(slug)
    assert got == naive(bases)


def test_many_equal_titles():
    seen: set[str] = set()
    last: dict[str, int] = {}
    for _ in range(20000):
        seen.add(unique_slug("cung-tieu-de", seen, last))
    assert len(seen) == 20000 and "cung-tieu-de-20000" in seen


def test_a_written_slug_is_given_before_the_ones_made_from_titles(tmp_path):
    """A slug written in front matter or a sidecar is a promised URL: an article whose slug is
    made from the same title does not take it, whatever the file order; rebuilds agree."""
    from support import TEMPLATES, copy_content

    from bantin.pipeline import Builder, BuildOptions

    content = copy_content(tmp_path / "content")
    body = ("Sáng 7/6, Thành ủy Đà Nẵng tổ chức hội nghị quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị "
            "trong toàn đảng bộ thành phố, bài số {n}.\n")
    for name, front in (("a.md", ""), ("b.md", ""), ("c.md", "slug: hoi-nghi-quan-triet\n")):
        (content / "articles" / name).write_text(f"---\ntitle: Hội nghị quán triệt\n{front}---\n"
                                                 + body.format(n=name), "utf-8")
    (content / "articles" / "d.txt").write_text("Một tiêu đề khác\n\n" + body.format(n="d"), "utf-8")
    (content / "articles" / "d.yaml").write_text("slug: hoi-nghi-quan-triet-2\n", "utf-8")
    opts = BuildOptions(content=content, templates=TEMPLATES, output=tmp_path / "public", search=False)

    def slugs(report):
        return {f.path: f.slug for f in report.files if f.path in ("a.md", "b.md", "c.md", "d.txt")}

    want = {"c.md": "hoi-nghi-quan-triet", "d.txt": "hoi-nghi-quan-triet-2", "a.md": "hoi-nghi-quan-triet-3",
            "b.md": "hoi-nghi-quan-triet-4"}
    assert slugs(Builder(opts).build()) == want
    assert slugs(Builder(opts).build()) == want      # from the cache
    assert (tmp_path / "public" / "bai" / "hoi-nghi-quan-triet" / "index.html").is_file()


def test_same_titled_articles_are_numbered_oldest_first(tmp_path):
    """Articles of one title take the bare slug and "-2", "-3" in date order, undated last, not in
    path order: adding a newer one (the way an archive grows), whatever its file name, leaves
    every older dated one's URL where it was; a date changed by an edit in ``serve`` renumbers
    them as a fresh build does."""
    from support import TEMPLATES, copy_content

    import dataclasses

    from bantin.pipeline import Builder, BuildOptions

    content = copy_content(tmp_path / "content")
    arts = content / "articles"

    def write(name, date, n):
        dateline = f"date: {date}\n" if date else ""
        arts.joinpath(name).write_text(
            f"---\ntitle: Hội nghị quán triệt\n{dateline}---\nThành ủy Đà Nẵng quán triệt Chỉ thị số "
            f"05-CT/TW của Bộ Chính trị, bài số {n}.\n", "utf-8")

    write("m.md", "2019-05-24", 1)
    write("k.md", None, 2)
    write("z.md", "2018-03-02", 3)
    opts = BuildOptions(content=content, templates=TEMPLATES, output=tmp_path / "public", search=False)

    def slugs(report):
        return {f.path: f.slug for f in report.files if f.path.endswith(".md")}

    # undated articles come after every dated one
    before = {"z.md": "hoi-nghi-quan-triet", "m.md": "hoi-nghi-quan-triet-2", "k.md": "hoi-nghi-quan-triet-3"}
    builder = Builder(dataclasses.replace(opts, live=True))   # long-lived, as in ``serve``
    assert slugs(builder.build()) == before
    write("a.md", "2020-01-15", 4)   # newer, and first in path order: the dated ones stay
    assert slugs(builder.build(changed=[arts / "a.md"])) == {
        "z.md": "hoi-nghi-quan-triet", "m.md": "hoi-nghi-quan-triet-2", "a.md": "hoi-nghi-quan-triet-3",
        "k.md": "hoi-nghi-quan-triet-4"}
    write("a.md", "2017-01-15", 4)   # an edit that makes it the oldest gives it the bare slug
    got = slugs(builder.build(changed=[arts / "a.md"]))
    assert got == {"a.md": "hoi-nghi-quan-triet", "z.md": "hoi-nghi-quan-triet-2",
                   "m.md": "hoi-nghi-quan-triet-3", "k.md": "hoi-nghi-quan-triet-4"}
    assert got == slugs(Builder(opts).build())


def test_no_slug_is_a_windows_device_name(tmp_path):
    """"con", "nul", "com1" ... cannot be folders on Windows, where sites get checked out: a slug
    made from a title or written by a maintainer never is one; a written one is reported."""
    from support import TEMPLATES, copy_content

    from bantin.catalog import safe_slug
    from bantin.pipeline import Builder, BuildOptions
    from bantin.text import slug

    for name in ("con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt1", "Lpt9", "Côn"):
        assert slug(name) == f"{slug(name, windows_safe=False)}-1"
        assert safe_slug(name) == f"{safe_slug(name)[:-2]}-1" and safe_slug(name)[:-2] in ("con", "nul", "aux",
                                                                                          "prn", "com1", "com9",
                                                                                          "lpt1", "lpt9")
    assert slug("com10") == "com10" and slug("con-dao") == "con-dao" and safe_slug("lpt0") == "lpt0"

    content = copy_content(tmp_path / "content")
    body = ("Sáng 7/6, Thành ủy Đà Nẵng tổ chức hội nghị quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị "
            "trong toàn đảng bộ thành phố, bài số {n}.\n")
    (content / "articles" / "a.md").write_text("---\ntitle: Con\n---\n" + body.format(n="a"), "utf-8")
    (content / "articles" / "b.md").write_text("---\ntitle: Bài b\nslug: NUL\n---\n" + body.format(n="b"), "utf-8")
    (content / "articles" / "c.txt").write_text("Bài c\n\n" + body.format(n="c"), "utf-8")
    (content / "articles" / "c.yaml").write_text("slug: com1\n", "utf-8")
    opts = BuildOptions(content=content, templates=TEMPLATES, output=tmp_path / "public", search=False)
    report = Builder(opts).build()
    files = {f.path: f for f in report.files if f.path in ("a.md", "b.md", "c.txt")}
    assert {p: f.slug for p, f in files.items()} == {"a.md": "con-1", "b.md": "nul-1", "c.txt": "com1-1"}
    for path, where in (("b.md", "front matter"), ("c.txt", "sidecar c.yaml")):
        msgs = [w["message"] if isinstance(w, dict) else w.message for w in files[path].warnings]
        assert any(m.startswith(f"{where}: slug ") and "device" in m for m in msgs), msgs
    assert not any("device" in (w["message"] if isinstance(w, dict) else w.message) for w in files["a.md"].warnings)
    public = tmp_path / "public"
    names = {p.name.lower() for p in public.rglob("*") if p.is_dir()}
    assert not names & {"con", "nul", "aux", "prn", *(f"com{i}" for i in range(1, 10)),
                        *(f"lpt{i}" for i in range(1, 10))}
