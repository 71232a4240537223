"""Render workers share the site out among themselves (``render._Site.mine``): every page is made
by exactly one of them, whatever their number, and the shares are of about equal work."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.catalog import build_catalog
from bantin.render import render_site
from test_catalog import make_data, make_records

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _pages(partition=None) -> dict[str, bytes]:
    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    return {p.path: p.content for p in render_site(cat, data, TEMPLATES, partition=partition)}


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("sitemap_max", [50_000, 4])   # 4: the sitemap is an index of parts
def test_each_page_is_made_by_exactly_one_worker_as_one_process_makes_it(n, sitemap_max, monkeypatch):
    monkeypatch.setattr("bantin.render.SITEMAP_MAX_URLS", sitemap_max)
    whole = _pages()
    assert ("sitemap-2.xml" in whole) == (sitemap_max == 4)
    shares = [_pages((i, n)) for i in range(n)]
    made = [path for share in shares for path in share]
    assert sorted(made) == sorted(whole)          # none missing, none made twice
    for share in shares:
        assert share, "a worker got no page"
        for path, content in share.items():
            assert content == whole[path], path


def test_shares_are_balanced_by_estimated_work():
    """Units go to the least loaded worker: the heaviest (the home list, records.json/csv) do not
    pile up on one worker, as a share by hash could do."""
    from bantin.render import _Site

    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    sites = [_Site(cat, data, TEMPLATES, partition=(i, 2)) for i in range(2)]
    for s in sites:
        for _ in s.home():
            pass
        for _ in s.article_pages():
            pass
        for _ in s.data_files():
            pass
    first, second = sites[0]._owner, sites[1]._owner
    assert all(first[k] == second[k] for k in first.keys() & second.keys())   # the same choices
    # an article's page is noted only by the worker that makes it
    assert {k for k in first.keys() ^ second.keys()} == \
        {f"bai/{a.record.slug}/index.html" for a in cat.articles}
    assert all(owner == 0 for k, owner in first.items() if k.startswith("bai/"))
    load = sites[0]._load
    assert min(load) >= max(load) / 2
    # the two largest files of a site are placed first, on the parent process (worker 0), which
    # would touch every record: they are within its fair share of two
    assert sites[0]._owner["records.json"] == sites[0]._owner["records.csv"] == 0


@pytest.mark.parametrize("n", [3, 5])
def test_row_files_are_shared_out_when_they_exceed_a_fair_share(n):
    from bantin.render import _Site

    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    site = _Site(cat, data, TEMPLATES, partition=(0, n))
    # before any page is walked: records.json (the larger) on worker 0, records.csv on worker 1;
    # the sitemap and robots.txt on worker 0, so that the other workers list no page for it
    assert site._owner == {"records.json": 0, "records.csv": 1, "sitemap.xml": 0, "robots.txt": 0}
    assert site._lists_sitemap and not _Site(cat, data, TEMPLATES, partition=(1, n))._lists_sitemap
    # the articles in consecutive ranges that cover them all, one a worker
    assert len(site._bounds) == n and site._bounds == sorted(site._bounds)
    assert site._bounds[-1] == len(cat.articles)


def test_a_worker_makes_the_summaries_of_about_its_own_articles_only():
    """Pages go to the worker whose range of articles they show (an article's page, a list page
    by its middle article): neither worker makes every summary, and the two together make each
    at most twice, those of the lists' pages that straddle the cut."""
    from bantin.render import _Site

    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    made = []
    for i in range(2):
        site = _Site(cat, data, TEMPLATES, partition=(i, 2))
        for part in (site.home, site.article_pages, site.directive_pages, site.locality_pages,
                     site.year_pages, site.people_pages):
            for _ in part():
                pass
        made.append({j for j, e in enumerate(site.summaries._items) if e is not None})
    n = len(cat.articles)
    assert all(len(m) < n for m in made), (made, n)
    assert made[0] | made[1] == set(range(n))


def _interleaved(n: int, order) -> list[dict[str, bytes]]:
    """The shares of ``n`` workers sharing one ``ArticleClaims``, driven page by page in the order
    ``order(step)`` picks (a worker's turn; the others wait), as forked workers would go."""
    from bantin.render import ArticleClaims

    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    claims = ArticleClaims(n)
    gens = [render_site(cat, data, TEMPLATES, partition=(i, n), claims=claims) for i in range(n)]
    shares: list[dict[str, bytes]] = [{} for _ in range(n)]
    live = set(range(n))
    step = 0
    while live:
        i = order(step, sorted(live))
        step += 1
        page = next(gens[i], None)
        if page is None:
            live.discard(i)
        else:
            shares[i][page.path] = page.content
    return shares


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("order", ["round-robin", "first-worker-fast", "last-worker-fast"])
def test_claimed_article_pages_are_made_once_whoever_is_faster(n, order):
    """With claims, a worker that is done with its share takes article pages from the others'
    ranges: however the workers' paces differ, each page is made once, as one process makes it."""
    from bantin.render import ArticleClaims

    picks = {
        "round-robin": lambda step, live: live[step % len(live)],
        # one worker makes ten pages for each page of the others
        "first-worker-fast": lambda step, live: live[0] if step % 11 else live[step // 11 % len(live)],
        "last-worker-fast": lambda step, live: live[-1] if step % 11 else live[step // 11 % len(live)],
    }
    whole = _pages()
    shares = _interleaved(n, picks[order])
    made = [path for share in shares for path in share]
    assert sorted(made) == sorted(whole)          # none missing, none made twice
    for share in shares:
        for path, content in share.items():
            assert content == whole[path], path
    articles = [p for p in whole if p.startswith("bai/")]
    if order != "round-robin":
        # the fast worker made more article pages than its planned range holds
        fast = 0 if order == "first-worker-fast" else n - 1
        data = make_data(per_page=2)
        from bantin.render import _Site

        site = _Site(build_catalog(make_records(), data), data, TEMPLATES, partition=(fast, n),
                     claims=ArticleClaims(n))
        planned = site._bounds[fast] - (site._bounds[fast - 1] if fast else 0)
        mine = sum(1 for p in shares[fast] if p.startswith("bai/"))
        assert mine > planned, (mine, planned, len(articles))


def test_claims_hand_out_each_index_once_own_range_first():
    from bantin.render import ArticleClaims

    claims = ArticleClaims(2)
    claims.BLOCK = 3
    claims.start([5, 12])
    claims.start([1, 12])   # a later worker's call does not reset the counters
    assert claims.take(0) == (0, 3)
    assert claims.take(1) == (5, 8)
    assert claims.take(0) == (3, 5)      # the rest of its own range
    assert claims.take(0) == (9, 12)     # then from the end of the other's
    assert claims.take(1) == (8, 9)
    assert claims.take(1) is None and claims.take(0) is None


def test_article_pages_made_from_claims_keep_no_new_summary_and_fingerprint_as_one_process():
    """A worker that claims the others' article pages makes their summaries for the page only (it
    made its lists already): it keeps about its own share of them. Each page's fingerprint is the
    one a single process gives it, so the next build finds every page unchanged."""
    from bantin.render import ArticleClaims, _Site

    data = make_data(per_page=2)
    cat = build_catalog(make_records(), data)
    whole: dict[str, str] = {}
    for _ in render_site(cat, data, TEMPLATES, reuse=lambda path, fp: whole.setdefault(path, fp) is None):
        pass
    claims = ArticleClaims(2)
    fps: dict[str, str] = {}
    site = _Site(cat, data, TEMPLATES, reuse=lambda path, fp: fps.setdefault(path, fp) is None,
                 partition=(0, 2), claims=claims)
    for part in (site.home, site.directive_pages, site.locality_pages, site.year_pages, site.people_pages):
        for _ in part():
            pass
    kept_before = {i for i, e in enumerate(site.summaries._items) if e is not None}
    refs_before = dict(site.summary_refs)
    pages = list(site.article_pages())   # worker 1 never comes: worker 0 claims every article
    assert len(pages) == len(cat.articles)
    assert {i for i, e in enumerate(site.summaries._items) if e is not None} == kept_before
    assert len(kept_before) < len(cat.articles)
    # the page-only summaries' digests are dropped with them (the shared parts' stay)
    assert refs_before.items() <= site.summary_refs.items()
    assert len(site.summary_refs) - len(refs_before) < len(cat.articles) - len(kept_before)
    for path, fp in fps.items():
        assert fp == whole[path], path
