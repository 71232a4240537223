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
