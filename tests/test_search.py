"""Search: query folding and directive-code normalisation, index records, the Pagefind bundle."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.search import (
    _cbor_decode, _cbor_encode, alnum_fold, code_tokens, directive_label, normalize_query, place_token,
    place_words, search_records, words_of,
)
from bantin.text import fold, tone_normalize

ROOT = Path(__file__).resolve().parent.parent

# query as typed -> what is sent to Pagefind (search.js must agree: tests/browser checks it)
QUERIES = [
    ("chi thi 05", "ct5vb"),
    ("Chỉ thị 05", "ct5vb"),
    ("chỉ thị số 05", "ct5vb"),
    ("CHỈ THỊ SỐ 5", "ct5vb"),
    ("05-CT/TW", "5cttwvb"),
    ("05 CT TW", "5cttwvb"),
    ("05 ct tw", "5cttwvb"),
    ("ct/tw 05", "5cttwvb"),
    ("CT TW 05", "5cttwvb"),
    ("05-CT/TƯ", "5cttuvb"),
    ("nghi quyet 16", "nq16vb"),
    ("nghị quyết 16 nq tu", "16nqtuvb"),
    ("nghi quyet 16-NQ/TU", "16nqtuvb"),
    ("27/CT-TTg", "27ctttgvb"),
    ("54/2017/NQ-QH", "54nqqhvb"),
    ("quy định 102", "qd102vb"),
    ("102-QĐ/TW", "102qdtwvb"),
    ("01-CT/ĐUK", "1ctdukvb"),
    ("Đà Nẵng", "da nang"),
    ("da nang", "da nang"),
    ("Hoà Vang", "hoa vang"),
    ("Hòa Vang", "hoa vang"),
    ("Tân Uyên", "tan uyen"),
    ("học tập chỉ thị 05 Tân Uyên", "hoc tap ct5vb tan uyen"),
    ("năm 2019", "nam 2019"),
    ("chi thi", "chi thi"),
    ("", ""),
    ("  ", ""),
    ("<script>", "script"),
]


@pytest.mark.parametrize("typed,sent", QUERIES)
def test_normalize_query(typed, sent):
    assert normalize_query(typed) == sent


def test_both_tone_conventions_fold_alike():
    for a, b in [("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("khoá", "khóa"), ("Uỷ ban", "Ủy ban")]:
        assert fold(a) == fold(b) == fold(tone_normalize(a))
        assert normalize_query(a) == normalize_query(b)


def test_fold_d_stroke():
    assert fold("Đà Nẵng") == "da nang"
    assert alnum_fold("05-CT/ĐUK.") == "05ctduk"


@pytest.mark.parametrize("code,tokens", [
    ("05-CT/TW", ["5cttwvb", "ct5vb"]),
    ("16-NQ/TU", ["16nqtuvb", "nq16vb"]),
    ("27/CT-TTg", ["27ctttgvb", "ct27vb"]),
    ("54/2017/NQ-QH", ["54nqqhvb", "nq54vb"]),
    ("102-QĐ/TW", ["102qdtwvb", "qd102vb"]),
    ("01-CT/ĐUK", ["1ctdukvb", "ct1vb"]),
])
def test_code_tokens(code, tokens):
    assert code_tokens(code) == tokens


def test_every_typed_code_form_reaches_an_indexed_token():
    for code, forms in {"05-CT/TW": ["05 ct tw", "ct/tw 05", "05-CT/TW", "chỉ thị 05", "chi thi so 5"],
                        "16-NQ/TU": ["nghi quyet 16", "nghi quyet 16 nq tu", "16 NQ TU", "NQ/TU 16"]}.items():
        toks = set(code_tokens(code))
        for f in forms:
            assert normalize_query(f) in toks, (f, normalize_query(f), toks)


def test_tokens_do_not_prefix_each_other():
    # Pagefind matches query words as prefixes: "ct5vb" must not reach "ct54vb"
    assert not code_tokens("54-CT/TW")[1].startswith(code_tokens("5-CT/TW")[1])
    assert not code_tokens("54-CT/TW")[0].startswith(code_tokens("5-CT/TW")[0])


@pytest.mark.parametrize("name,words,token", [
    ("Thành phố Đà Nẵng", ["da", "nang"], "danangdp"),
    ("Huyện Hòa Vang", ["hoa", "vang"], "hoavangdp"),
    ("Huyện Hoà Vang", ["hoa", "vang"], "hoavangdp"),
    ("Thị xã Tân Uyên", ["tan", "uyen"], "tanuyendp"),
    ("Quận 10", ["quan", "10"], "quan10dp"),
    ("Đà Nẵng", ["da", "nang"], "danangdp"),
])
def test_place_tokens(name, words, token):
    assert place_words(name) == words
    assert place_token(name) == token


def test_words_split_like_javascript():
    # JavaScript's /\s+/ and Python's split() disagree on some characters; both sides must agree
    assert words_of("a\u00a0b\u2003c\ufeffd\x1ce  f\n") == ["a", "b", "c", "d", "e", "f"]
    assert words_of("") == []


_WS_SAMPLE = "\t\n\x0b\x0c\r\x1c\x1f \x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"


@given(st.text(alphabet=st.sampled_from(_WS_SAMPLE + "aĐđ-.,\u0301")))
def test_words_are_the_runs_between_javascript_white_space(text):
    """``words_of`` cuts exactly where ``/\\s+/`` (``_ANY_WS``) does."""
    from bantin.search import _ANY_WS

    joined = _ANY_WS.sub(" ", text).strip()
    assert words_of(text) == (joined.split(" ") if joined else [])


def test_cbor_round_trip():
    for v in [0, 23, 24, 255, 256, 70000, 2**33, "Đà Nẵng", ["tinh", [["Đà Nẵng", [0, 3]], ["Hà Nội", [1]]]],
              {"a": [1, 2]}, b"\x00\x01"]:
        assert _cbor_decode(_cbor_encode(v))[0] == v


# --- on the shipped content ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(site_data):
    from bantin.pipeline import BuildOptions, BuildReport, Builder

    opts = BuildOptions(content=ROOT / "content", templates=ROOT / "templates", output=Path("/nonexistent/public"))
    b = Builder(opts, cache_dir=Path("/nonexistent/cache"))
    b._cache = None
    from bantin.extract import Extractor
    from bantin.pipeline import collect
    from bantin.reader import read_all

    docs = read_all(opts.content / "articles", max_bytes=site_data.site.max_article_bytes, content=opts.content)
    ex = Extractor.from_data(site_data)
    results = {d.path: ex.extract(d) for d in docs if d.ok}
    records = collect(docs, results, BuildReport())
    return records, site_data


def test_search_records(shipped):
    records, data = shipped
    recs = search_records(records, data)
    assert [r.url for r in recs] == sorted(r.url for r in recs)
    by_seed = {}
    for rec in records:
        by_seed[rec.path[:3]] = next(r for r in recs if r.url == f"/bai/{rec.slug}/")
    dn = by_seed["004"]
    assert dn.filters["tinh"] == ["Đà Nẵng"]
    assert "Huyện Hòa Vang, Thành phố Đà Nẵng" in dn.filters["dia_phuong"]
    assert directive_label("34-CT/TU", "Thành phố Đà Nẵng") in dn.filters["van_ban"]
    assert "danangdp" in dn.content.split() and "hoavangdp" in dn.content.split()
    # the folded tail makes đ-words findable without marks
    assert "da" in dn.content.split() or any(w.startswith("da") for w in dn.content.split())
    for seed in ("000", "001", "002"):
        assert "ct5vb" in by_seed[seed].content.split()
        assert "05-CT/TW" in by_seed[seed].filters["van_ban"]
    assert "16nqtuvb" in by_seed["003"].content.split()
    for r in recs:
        n = int(r.meta["n"])
        words = r.content.split(" ")
        assert words[:n] == words_of(words_and_title(records, r.url))
        assert r.meta["title"] and r.meta["url"] == r.url
        assert r.sort["ngay"]


def words_and_title(records, url):
    rec = next(x for x in records if f"/bai/{x.slug}/" == url)
    return " ".join([rec.title] + [b.text for b in rec.blocks if b.text])


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_built_and_deterministic(shipped, tmp_path):
    from bantin.search import index_site

    records, data = shipped
    trees = []
    for i in range(3):
        out = tmp_path / f"s{i}"
        out.mkdir()
        index_site(out, records, data, templates=ROOT / "templates")
        trees.append(_tree(out / "pagefind"))
    assert trees[0] == trees[1] == trees[2]
    t = trees[0]
    assert "pagefind.js" in t and "pagefind-entry.json" in t
    assert not any(name.startswith("pagefind-ui") for name in t)
    entry = json.loads(t["pagefind-entry.json"])
    assert entry["languages"]["vi"]["page_count"] == len(records)
    meta_name = f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta = _cbor_decode(gzip.decompress(t[meta_name]), len(b"pagefind_dcd"))[0]
    names = [f[0] for f in meta[3]]
    assert names == sorted(names) and {"van_ban", "tinh", "nam", "nguon", "tac_gia"} <= set(names)
    for name, h in meta[3]:
        val = _cbor_decode(gzip.decompress(t[f"filter/{h}.pf_filter"]), len(b"pagefind_dcd"))[0]
        assert val[0] == name
        values = [v[0] for v in val[1]]
        assert values == sorted(values)
        if name == "tinh":
            assert "Đà Nẵng" in values


def test_built_site_has_search(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert (built_site / "assets" / "search.js").is_file()
    html = (built_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert '<label for="q">' in html and "/assets/search.js" in html
    assert "<noscript>" in html and "Tìm kiếm cần JavaScript." in html
    for href in ("/van-ban/", "/dia-phuong/", "/luu-tru/", "/tac-gia/", "/nguon/"):
        assert f'href="{href}"' in html
    d = (built_site / "van-ban" / "05-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert 'action="/tim-kiem/"' in d and 'name="van_ban" value="05-CT/TW"' in d
    loc = (built_site / "dia-phuong" / "da-nang" / "index.html").read_text(encoding="utf-8")
    assert 'name="tinh" value="Đà Nẵng"' in loc


def test_search_within_values_are_indexed_filter_values(built_site):
    """Every "search within" box on a directive or locality page names a filter value the index has."""
    import html as _html
    import re

    pf = built_site / "pagefind"
    entry = json.loads((pf / "pagefind-entry.json").read_text())
    meta_path = pf / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta = _cbor_decode(gzip.decompress(meta_path.read_bytes()), len(b"pagefind_dcd"))[0]
    values: dict[str, set[str]] = {}
    for name, h in meta[3]:
        val = _cbor_decode(gzip.decompress((pf / "filter" / f"{h}.pf_filter").read_bytes()), 12)[0]
        values[name] = {v[0] for v in val[1]}
    seen = 0
    for page in list((built_site / "van-ban").glob("*/index.html")) + list((built_site / "dia-phuong").rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if "search-within" not in text:
            assert page.parent.name in ("van-ban", "dia-phuong"), page
            continue
        if '<p class="empty">' in text:
            continue   # a unit known only as a directive's scope: no articles to search
        m = re.search(r'<input type="hidden" name="(\w+)" value="([^"]*)">', text)
        assert m, page
        key, value = m.group(1), _html.unescape(m.group(2))
        assert value in values.get(key, set()), (page, key, value)
        seen += 1
    assert seen >= 10


# --- the index in parts -------------------------------------------------------------------------

def plan_shards(recs, least):
    """The parts ``index_site`` makes of records made already: name, records and digest of each."""
    from types import SimpleNamespace

    from bantin.search import _records_digest, part_name, plan_parts

    parts = plan_parts([r.sort.get("ngay", "") for r in recs], least, [r.url for r in recs])
    out = []
    for part in parts:
        chosen = [recs[i] for i in part]
        digest = _records_digest(chosen)
        out.append(SimpleNamespace(name=part_name(digest, len(parts)), records=chosen, digest=digest))
    return out


def _rec(i: int, date: str, content: str = "") -> "SearchRecord":
    from bantin.search import SearchRecord

    return SearchRecord(url=f"/bai/a{i:04d}/", content=content or f"bài {i}", meta={"title": str(i)},
                        sort={"ngay": date})


def test_shard_size_doubles_to_at_most_max_parts():
    from bantin.search import MAX_SHARDS, part_bounds, shard_size

    assert part_bounds(2500) == (1875, 3125, 625) and part_bounds(1) == (1, 1, 1) and part_bounds(3) == (2, 3, 1)
    assert shard_size(10, 2500) == 2500
    assert shard_size(10_000, 2500) == 2500            # 4-6 parts of 1,875 to 3,125
    assert shard_size(30_000, 2500) == 2500            # at most 16 parts of at least 1,875
    assert shard_size(30_001, 2500) == 5000
    assert shard_size(100_000, 2500) == 10_000         # at most 14 parts of at least 7,500
    for n in (1, 17, 1000, 123_457):
        size = shard_size(n, 3)
        assert -(-n // part_bounds(size)[0]) <= MAX_SHARDS and size % 3 == 0 and (size // 3) & (size // 3 - 1) == 0


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["2019-05-24", "2019-05-25", "2020-01-01", "2017-00-00", "0000-00-00"]),
                max_size=60), st.integers(min_value=1, max_value=7))
def test_parts_cut_by_date(dates, least):
    from bantin.search import part_bounds, shard_size

    recs = [_rec(i, d) for i, d in enumerate(dates)]
    parts = plan_shards(recs, least)
    size = shard_size(len(recs), least)
    lo, hi, _ = part_bounds(size)
    # every record once; each part in the input (slug) order; newest part first
    assert sorted(r.url for p in parts for r in p.records) == sorted(r.url for r in recs)
    for p in parts:
        assert [r.url for r in p.records] == sorted(r.url for r in p.records)
        assert len(p.records) <= hi
    if len(parts) > 1:
        assert all(len(p.records) >= lo for p in parts[1:])   # only the newest may be short
    for newer, older in zip(parts, parts[1:]):
        assert min(r.sort["ngay"] for r in newer.records) >= max(r.sort["ngay"] for r in older.records)
    assert (len(parts) == 1 and parts[0].name == "") or all(len(p.name) == 16 for p in parts)


def test_an_edit_changes_one_part():
    from bantin.search import shard_size

    def digests(recs):
        return {p.digest for p in plan_shards(recs, 40)}

    recs = [_rec(i, f"20{10 + i // 120:02d}-{1 + i // 10 % 12:02d}-{1 + i % 10:02d}") for i in range(600)]
    before = plan_shards(recs, 40)
    assert shard_size(600, 40) == 80 and 6 <= len(before) <= 10      # parts of 60 to 100
    edited = list(recs)
    edited[171] = _rec(171, recs[171].sort["ngay"], content="bài 171 đã sửa")
    assert len(digests(edited) - digests(recs)) == 1
    # an article newer than all others: only the newest part changes
    grown = plan_shards(recs + [_rec(999, "2099-01-01")], 40)
    assert [p.digest for p in grown[1:]] == [p.digest for p in before[1:]]
    # an old article deleted, or moved to another date: its part (and the next, where that one
    # had to end at its most size), not every later one as when parts are counted
    for i in (3, 57, 171, 402):
        assert 1 <= len(digests(recs[:i] + recs[i + 1:]) - digests(recs)) <= 2
        moved = recs[:i] + [_rec(i, "2015-06-15")] + recs[i + 1:]
        assert 1 <= len(digests(moved) - digests(recs)) <= 3


def test_parts_kept_when_unchanged(content_copy, tmp_path):
    """With two articles a part (of nominal size 3): an edit makes one part again, the others are kept (the same
    files), and the bundle is what a clean build makes."""
    import os

    from bantin.pipeline import BuildOptions, run_build
    from support import set_site_option

    set_site_option(content_copy, "search_shard_size", 3)
    out = tmp_path / "public"

    def build(output: Path, clean: bool = False):
        report = run_build(BuildOptions(content=content_copy, templates=ROOT / "templates", output=output,
                                        search=True, quiet=True, clean=clean))
        assert report.error is None
        return json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]

    def inodes(parts):
        return {p: os.stat(out / p.strip("/") / "pagefind.js").st_ino for p in parts}

    first = build(out)
    assert len(first) == 3 and all(p.startswith("/pagefind/") and p.endswith("/") for p in first)
    before = inodes(first)
    article = sorted((content_copy / "articles").glob("*.txt"))[2]
    text = article.read_text(encoding="utf-8")
    assert "Đảng bộ" in text
    article.write_text(text.replace("Đảng bộ", "Đảng bộ thị xã", 1), encoding="utf-8")
    second = build(out)
    assert len(second) == 3 and len(set(first) & set(second)) == 2
    after = inodes(second)
    assert all(after[p] == before[p] for p in set(first) & set(second))
    clean = tmp_path / "clean"
    assert build(clean, clean=True) == second
    assert _tree(clean / "pagefind") == _tree(out / "pagefind")


def test_an_archive_with_no_article_builds_and_then_grows(content_copy, tmp_path):
    """No article: no part of the index (Pagefind makes no index of nothing), the search page's
    script in place. Articles added, then all removed again: each build succeeds. (The first made
    the default build fail; the second then stopped at the swap, the script written twice.)"""
    from bantin.pipeline import BuildOptions, run_build

    seeds = {f.name: f.read_bytes() for f in (content_copy / "articles").iterdir()}
    out = tmp_path / "public"

    def build() -> list[str]:
        report = run_build(BuildOptions(content=content_copy, templates=ROOT / "templates", output=out,
                                        search=True, quiet=True))
        assert report.error is None
        assert (out / "assets" / "search.js").is_file()
        return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]

    for name in seeds:
        (content_copy / "articles" / name).unlink()
    assert build() == []
    for name, data in seeds.items():
        (content_copy / "articles" / name).write_bytes(data)
    assert build() == ["/pagefind/"] and (out / "pagefind" / "pagefind.js").is_file()
    for name in seeds:
        (content_copy / "articles" / name).unlink()
    assert build() == [] and sorted(p.name for p in (out / "pagefind").iterdir()) == ["shards.json"]


def test_kept_parts_are_found_without_making_their_records(content_copy, tmp_path, monkeypatch):
    """A build names each part after its records' inputs (``inputs_key``: facts, URL, the text's
    file and digest): after an edit only the edited article's part has its records made."""
    from bantin import search
    from bantin.pipeline import BuildOptions, run_build
    from support import set_site_option

    set_site_option(content_copy, "search_shard_size", 3)
    out = tmp_path / "public"

    def build() -> list[str]:
        report = run_build(BuildOptions(content=content_copy, templates=ROOT / "templates", output=out,
                                        search=True, quiet=True))
        assert report.error is None
        return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))["parts"]

    first = build()
    made: list[str] = []
    real = search.SearchRecords.make
    monkeypatch.setattr(search.SearchRecords, "make", lambda self, a: (made.append(a.url), real(self, a))[1])
    article = sorted((content_copy / "articles").glob("*.txt"))[2]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Đảng bộ", "Đảng bộ thị xã", 1), encoding="utf-8")
    second = build()
    assert len(set(first) & set(second)) == 2
    assert 1 <= len(made) <= 2


def test_parts_with_the_same_records_are_kept_under_new_inputs(shipped, tmp_path, monkeypatch):
    """Another environment (code or data files: a registry entry added) renames every part, but
    a part whose records came out the same is linked from the last output, not indexed again,
    and the bundle is what a clean build makes."""
    import dataclasses

    from bantin import search

    records, data = shipped
    data = dataclasses.replace(data, site=dataclasses.replace(data.site, search_shard_size=3))
    written: list[Path] = []
    real = search._write_bundle

    async def counted(recs, out_dir):
        written.append(out_dir)
        await real(recs, out_dir)

    monkeypatch.setattr(search, "_write_bundle", counted)

    def index(name: str, env: str, previous: Path | None = None) -> dict:
        out = tmp_path / name
        out.mkdir()
        search.index_site(out, records, data, templates=ROOT / "templates", previous=previous, env=env)
        return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))

    first = index("a", "env-1")
    assert len(first["parts"]) == 3 and written and sorted(first["records"]) == sorted(
        p.strip("/").split("/")[-1] for p in first["parts"])
    written.clear()
    second = index("b", "env-2", previous=tmp_path / "a" / "pagefind")
    assert not written                                    # no part indexed again
    assert not set(first["parts"]) & set(second["parts"])   # each under its new name
    assert sorted(second["records"].values()) == sorted(first["records"].values())
    clean = index("c", "env-2")
    assert clean == second and _tree(tmp_path / "c" / "pagefind") == _tree(tmp_path / "b" / "pagefind")
    # a listed digest is only believed for a part that is really there and named as listed
    odd = dict(second, records={"0123456789abcdef": "0" * 64, **{k: "x" for k in second["records"]}})
    (tmp_path / "b" / "pagefind" / "shards.json").write_text(json.dumps(odd), encoding="utf-8")
    assert search._kept_records(tmp_path / "b" / "pagefind", set(second["records"])) == {}


def test_inputs_key_follows_what_a_record_is_made_of(shipped):
    """The key changes with the text's digest and with any fact the record holds; a record made
    in memory (no digest) has none, and its part is named after its made records."""
    import copy

    from bantin.search import SearchRecords

    records, data = shipped
    maker = SearchRecords(records, data)
    a = maker.articles[0]
    key = maker.inputs_key(a)
    assert key is not None and a.url in key and a.record.digest in key
    assert maker.inputs_key(a) == key
    for change in ({"digest": "0" * 64}, {"title": "Một tiêu đề khác"}, {"date": "1999-01-02"},
                   {"digest": ""}):
        other = copy.copy(a)
        other.record = copy.copy(a.record)
        for k, v in change.items():
            setattr(other.record, k, v)
        changed = maker.inputs_key(other)
        assert changed != key
        if not change.get("digest", True):
            assert changed is None


def test_pagefind_processes_fit_in_memory():
    from bantin.search import PAGEFIND_BYTES_PER_RECORD, pagefind_slots

    part = 2500
    assert pagefind_slots(part, 2, available=10 * 2**30) == 2
    assert pagefind_slots(part, 2, available=part * PAGEFIND_BYTES_PER_RECORD + 1) == 1
    assert pagefind_slots(part, 4, available=3 * part * PAGEFIND_BYTES_PER_RECORD) == 3
    assert pagefind_slots(part, 2, available=0) == 1      # one always runs (it may still fit)
    assert pagefind_slots(part, 0, available=None) == 1


def test_only_real_parts_of_the_last_output_are_kept(tmp_path):
    """``shards.json`` of the last output is read, never trusted: only real part folders named
    as parts are kept, and one holding anything but regular files is made again."""
    import os

    from bantin.search import _link_tree, _reusable

    pf = tmp_path / "pagefind"
    good, linked, odd = "0123456789abcdef", "fedcba9876543210", "00112233445566ff"
    for name in (good, odd):
        (pf / name / "index").mkdir(parents=True)
        (pf / name / "pagefind-entry.json").write_text("{}")
        (pf / name / "index" / "a.pf_index").write_bytes(b"x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "pagefind-entry.json").write_text("{}")
    os.symlink(tmp_path / "elsewhere", pf / linked)
    os.symlink(tmp_path / "elsewhere" / "pagefind-entry.json", pf / odd / "stolen.json")
    listed = [f"/pagefind/{n}/" for n in (good, linked, odd)] + ["/pagefind/../elsewhere/", 7, "/pagefind/"]
    (pf / "shards.json").write_text(json.dumps({"parts": listed}))
    assert _reusable(pf) == {good, odd}
    assert _reusable(tmp_path / "missing") == set() and _reusable(None) == set()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "shards.json").write_text("{not json")
    assert _reusable(tmp_path / "bad") == set()
    new = tmp_path / "new"
    assert _link_tree(pf / good, new / good)
    assert os.stat(new / good / "index" / "a.pf_index").st_ino == os.stat(pf / good / "index" / "a.pf_index").st_ino
    assert not _link_tree(pf / odd, new / odd) and not (new / odd).exists()


@pytest.mark.parametrize("part_size", [None, 2])
def test_clean_build_over_an_output_keeps_a_whole_search_bundle(content_copy, tmp_path, part_size):
    """``--clean`` over an existing output lists the old files from disk: the new bundle, whose
    files have the old ones' names, must come out whole (it once came out empty)."""
    from bantin.pipeline import BuildOptions, run_build
    from support import set_site_option

    if part_size:
        set_site_option(content_copy, "search_shard_size", part_size)

    def build(output: Path, clean: bool) -> None:
        report = run_build(BuildOptions(content=content_copy, templates=ROOT / "templates", output=output,
                                        search=True, quiet=True, clean=clean))
        assert report.error is None and report.pages_removed == 0

    out = tmp_path / "public"
    build(out, clean=False)
    build(out, clean=True)
    build(tmp_path / "fresh", clean=True)
    assert (out / "pagefind" / "shards.json").is_file()
    assert _tree(out / "pagefind") == _tree(tmp_path / "fresh" / "pagefind")


def test_open_files_under_lists_what_a_process_holds_open(tmp_path):
    """The wait for Pagefind's last writes (``_writes_done``) asks the system which files under
    the bundle's folder the service still holds open."""
    import os

    from bantin import search

    inside, outside = tmp_path / "part" / "pagefind.js", tmp_path / "other.js"
    inside.parent.mkdir()
    if search.open_files_under(os.getpid(), inside.parent) is None:
        pytest.skip("no /proc here")
    with open(inside, "w"), open(outside, "w"):
        assert search.open_files_under(os.getpid(), inside.parent) == [str(inside.resolve())]
    assert search.open_files_under(os.getpid(), inside.parent) == []


def test_writes_done_waits_until_the_files_are_closed(tmp_path):
    import asyncio
    import os

    from bantin import search

    if search.open_files_under(os.getpid(), tmp_path) is None:
        pytest.skip("no /proc here")
    fh = open(tmp_path / "pagefind-worker.js", "w")

    async def main() -> float:
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, fh.close)
        start = loop.time()
        await search._writes_done(os.getpid(), tmp_path)
        return loop.time() - start

    assert asyncio.run(main()) >= 0.09 and fh.closed
