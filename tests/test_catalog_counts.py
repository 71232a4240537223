"""The catalog's lists and counts equal the plain computations, on records made awkward on purpose.

``build_catalog`` takes shortcuts (each distinct list of units worked out once, counts per province
read off the localities' counts, months counted run by run, dates checked once per distinct date);
here every field is computed again the plain way, one article at a time, and compared:

- shuffled units (a ward before its district), a unit or a directive named twice in a record;
- units whose province is not their chain's top, a "province" filed under another one, and a
  directive key whose references name two scopes (the general paths);
- dates, times and years of every malformed kind, an unhashable date included.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest

from bantin.catalog import _months_span, build_catalog, clean_when, code_sort_key
from bantin.model import DirectiveRef, Locality
from bantin.text import sort_key

from test_catalog import make_data, make_records

ODD_UNITS = [
    Locality(key="da-nang/thanh-khe/xa-la", name="Xã Lạ", level="ward", province_key="ha-noi", mentions=1,
             short_name="Xã Lạ", district_key="da-nang/thanh-khe"),
    Locality(key="tinh-la", name="Tỉnh Lạ", level="province", province_key="ha-noi", mentions=1, short_name="Lạ"),
    Locality(key="ha-noi/ba-dinh", name="Quận Ba Đình", level="district", province_key="ha-noi", mentions=1,
             short_name="Ba Đình"),
]
ODD_REFS = [
    DirectiveRef(code="9-CT/TU", key="9-CT/TU", kind="Chỉ thị", issuer="TU", scope="da-nang", mentions=2),
    DirectiveRef(code="9-CT/TU", key="9-CT/TU", kind="Chỉ thị", issuer="TU", scope="ho-chi-minh", mentions=1,
                 subject="Một chủ đề"),
    DirectiveRef(code="9-CT/TU", key="9-CT/TU", kind="Chỉ thị", issuer="TU", scope="khong-biet", mentions=1,
                 in_registry=True, name="Chỉ thị 9"),
]
DATES = [None, "2019-05-24", "2019-05-03", "2019-02-30", "2020-01-01", "bad", "2019-12-31", "0000-01-01",
         "2019-05-24\n", "２０１９-05-24", 20190524, "20190524", "2019-W21-5", "2018-11-30", "2021-07-04"]
TIMES = [None, "09:47", "23:59", "7:30", "00:00", 947]
YEARS = [None, 2019, 2020, 0, True, 10000, "2019", 2019.0, 2018]


def awkward_records(n: int, seed: int, odd: bool) -> list:
    rng = random.Random(seed)
    base = make_records()
    out = []
    for i in range(n):
        src = rng.choice(base)
        locs = list(src.localities)
        refs = list(src.directives) + (list(rng.choice(base).directives) if rng.random() < 0.5 else [])
        if rng.random() < 0.5:
            rng.shuffle(locs)
        rng.shuffle(refs)
        if locs and rng.random() < 0.2:
            locs.append(locs[0])
        if refs and rng.random() < 0.2:
            refs.append(refs[-1])
        if odd and rng.random() < 0.4:
            locs.append(rng.choice(ODD_UNITS))
        if odd and rng.random() < 0.3:
            refs.append(rng.choice(ODD_REFS))
        out.append(dataclasses.replace(
            src, path=f"x/{i}.txt", slug=f"bai-{rng.randint(0, n)}-{i % 5}", localities=locs, directives=refs,
            date=rng.choice(DATES), time=rng.choice(TIMES), year=rng.choice(YEARS),
            byline=rng.choice([src.byline, None, base[0].byline]), outlet=rng.choice([src.outlet, None])))
    return out


def merged_reference(refs: list) -> DirectiveRef:
    """A directive as its references describe it, reference by reference (the catalog's rule)."""
    cur, missing = None, []
    for d in refs:
        if cur is None or (not cur.in_registry and d.in_registry):
            cur, missing = d, [f for f in ("subject", "issued", "name", "issuer_name") if getattr(d, f) is None]
            continue
        for f in list(missing):
            if getattr(d, f) is not None:
                cur = dataclasses.replace(cur, **{f: getattr(d, f)})
                missing.remove(f)
    return cur


def most_first(counts: Counter, rank: dict) -> list:
    return sorted(counts.items(), key=lambda kv: (-kv[1], rank[kv[0]]))


def check_plain(cat) -> None:
    arts, locs, dirs = cat.articles, cat.localities, cat.directives
    touched_of, provs_of = [], []
    prov_of = {k: e.province_key for k, e in locs.items() if e.province_key in locs}
    for i, a in enumerate(arts):
        r = a.record
        assert a.index == i and a.url == f"/bai/{r.slug}/"
        date, time, year = clean_when(r)
        assert (a.date, a.time, a.year, a.month) == (date, time, year, int(date[5:7]) if date else None)
        assert a.directive_keys == tuple(dict.fromkeys(d.key for d in r.directives))
        own = list(dict.fromkeys(x.key for x in r.localities))
        touched: list[str] = []
        for k in own:
            chain, cur = [], k
            while cur is not None and cur in locs and cur not in chain:
                chain.append(cur)
                cur = locs[cur].parent_key
            for c in chain:
                if c in touched:
                    break
                touched.append(c)
        assert a.locality_keys == tuple(own) and a.touched_localities == tuple(touched)
        touched_of.append(touched)
        provs_of.append({prov_of[c] for c in touched if c in prov_of})
    months = [a.date[:7] if a.date else None for a in arts]
    dir_rank = {k: n for n, k in enumerate(sorted(dirs, key=lambda k: (code_sort_key(dirs[k].code), k)))}
    loc_rank = {k: n for n, k in enumerate(sorted(locs, key=lambda k: (sort_key(locs[k].short_name), k)))}

    def month_fields(entry, idx):
        mc = Counter(months[i] for i in idx)
        undated = mc.pop(None, 0)
        assert (entry.undated, entry.by_month) == (undated, _months_span(mc))

    for k, de in dirs.items():
        idx = [i for i, a in enumerate(arts) if k in a.directive_keys]
        refs = [d for a in arts for d in a.record.directives if d.key == k]
        d = merged_reference(refs)
        assert de.articles == idx
        assert de.mentions == sum(x.mentions for x in refs)
        assert (de.code, de.kind, de.issuer, de.scope, de.subject, de.issued, de.name, de.in_registry) == (
            d.code, d.kind or "Văn bản", d.issuer or "", d.scope, d.subject, d.issued, d.name, d.in_registry)
        assert de.issuer_name == d.issuer_name or d.issuer or "Không rõ cơ quan ban hành"
        co = Counter(o for i in idx for o in arts[i].directive_keys if o != k)
        assert de.related == most_first(co, dir_rank)
        assert de.by_province == most_first(Counter(p for i in idx for p in provs_of[i]), loc_rank)
        month_fields(de, idx)
    for k, le in locs.items():
        idx = [i for i, t in enumerate(touched_of) if k in t]
        assert le.articles == idx
        assert le.directives == most_first(Counter(o for i in idx for o in arts[i].directive_keys), dir_rank)
        if idx:
            month_fields(le, idx)
        else:
            assert (le.undated, le.by_month) == (0, [])
    assert cat.undated == [i for i, a in enumerate(arts) if a.year is None]
    for y, ye in cat.years.items():
        idx = [i for i, a in enumerate(arts) if a.year == y]
        ms = Counter(arts[i].month for i in idx)
        assert ye.articles == idx
        assert ye.months == [(m, ms[m]) for m in sorted((m for m in ms if m is not None), reverse=True)] + (
            [(None, ms[None])] if None in ms else [])
    assert list(cat.years) == list(dict.fromkeys(a.year for a in arts if a.year is not None))


@pytest.mark.parametrize("seed, odd", [(1, False), (2, False), (3, True), (4, True)])
def test_lists_and_counts_are_the_plain_ones(seed, odd):
    check_plain(build_catalog(awkward_records(400, seed, odd), make_data()))


def test_the_plain_ones_with_an_unhashable_date():
    records = awkward_records(60, 5, True)
    records[7] = dataclasses.replace(records[7], date=["2019-05-24"])
    check_plain(build_catalog(records, make_data()))


def test_scopes_of_a_key_are_linked_in_the_order_its_references_name_them():
    # a key whose later reference names another scope: a unit known only from that scope
    rec = make_records()[2]                     # Hà Nội only
    first = DirectiveRef(code="7-CT/TU", key="7-CT/TU", kind="Chỉ thị", issuer="TU", scope="ha-noi")
    later = dataclasses.replace(first, scope="da-nang/thanh-khe")
    records = [dataclasses.replace(rec, path="z/1.txt", slug="z-1", date="2020-01-02", directives=[first]),
               dataclasses.replace(rec, path="z/2.txt", slug="z-2", date="2020-01-01", directives=[later])]
    cat = build_catalog(records, make_data())
    assert "da-nang/thanh-khe" in cat.localities
    assert list(cat.localities).index("da-nang/thanh-khe") < list(cat.localities).index("ho-chi-minh")
    check_plain(cat)


def test_a_big_entry_counts_its_months_run_by_run():
    # one directive and one unit in every record, a few dates: many articles per month
    rng = random.Random(6)
    base = make_records()[1]
    records = [dataclasses.replace(base, path=f"y/{i}.txt", slug=f"b-{i}",
                                   date=rng.choice(["2019-05-24", "2019-05-03", "2019-07-01", None]),
                                   year=rng.choice([2019, None])) for i in range(300)]
    cat = build_catalog(records, make_data())
    check_plain(cat)
    assert sum(c for _, c in cat.directives["05-CT/TW"].by_month) + cat.directives["05-CT/TW"].undated == 300
