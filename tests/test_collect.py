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
