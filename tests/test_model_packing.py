"""Records as the build keeps them: blocks packed into one UTF-8 buffer, short strings shared
when records are unpickled (extraction workers, the cache)."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given
from hypothesis import strategies as st

from bantin.model import Block, Byline, DirectiveRef, Locality, Outlet, PackedBlocks, Problem, Record

KINDS = st.sampled_from(["lead", "paragraph", "heading", "caption", "question", "answer"])
# any text, lone surrogates included: packing must give back exactly what it was given
TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=60)
BLOCKS = st.lists(st.builds(Block, KINDS, TEXT, st.none() | TEXT), max_size=12)


@given(BLOCKS)
def test_packed_blocks_read_back_as_given(blocks):
    packed = PackedBlocks(blocks)
    assert list(packed) == blocks
    assert len(packed) == len(blocks)
    assert [packed[i] for i in range(len(blocks))] == blocks
    assert [packed[i] for i in range(-len(blocks), 0)] == blocks
    assert packed[1:3] == blocks[1:3] and packed[::-1] == blocks[::-1]
    assert packed == blocks and packed == PackedBlocks(blocks)
    # the record's lead is the same whichever way its blocks are kept
    assert Record("a.txt", "a", "A", blocks=packed).lead == Record("a.txt", "a", "A", blocks=blocks).lead
    again = pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == packed and list(again) == blocks


def test_packed_blocks_index_errors_and_inequality():
    packed = PackedBlocks([Block("lead", "Sáng 7/6, Quận ủy Quận 10 họp."), Block("paragraph", "Nội dung.")])
    try:
        packed[2]
    except IndexError:
        pass
    else:
        raise AssertionError("index 2 of two blocks must raise IndexError")
    assert packed != [Block("lead", "Sáng 7/6, Quận ủy Quận 10 họp.")]
    assert packed != PackedBlocks([Block("lead", "khác")])
    assert packed.lead == "Sáng 7/6, Quận ủy Quận 10 họp."
    assert PackedBlocks([Block("heading", "Tiêu đề phụ")]).lead == ""
    assert PackedBlocks().lead == "" and list(PackedBlocks()) == []


def test_packed_text_is_far_smaller_than_strings_for_vietnamese():
    import sys

    text = "Thành ủy Đà Nẵng triển khai thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị. " * 20
    blocks = [Block("paragraph", text) for _ in range(10)]
    as_strings = sum(sys.getsizeof(b.text) for b in blocks)
    packed = PackedBlocks(blocks)
    assert sys.getsizeof(packed._packed) + sys.getsizeof(packed._lead) < as_strings * 0.3


def test_unpickled_records_share_equal_short_strings():
    def record(i: int) -> Record:
        return Record(
            f"{i}.txt", f"bai-{i}", f"Bài {i}", outlet=Outlet("dangcongsan.vn", "Báo " + "Điện tử Đảng Cộng sản"),
            localities=[Locality("da-nang", "Thành phố " + "Đà Nẵng", "province", "da-nang", 2, "Đà Nẵng")],
            directives=[DirectiveRef("05-CT/TW", "05-CT/TW", "Chỉ " + "thị", "TW")],
            blocks=PackedBlocks([Block("lead", f"Nội dung {i}.")]),
            dropped=["Chia " + "sẻ"], warnings=[Problem("no-byline", "no byline " + "found")])

    a, b = (pickle.loads(pickle.dumps(record(i))) for i in (1, 2))
    assert a == record(1) and b == record(2)
    assert a.localities[0].name is b.localities[0].name
    assert a.directives[0].kind is b.directives[0].kind
    assert a.outlet.name is b.outlet.name
    assert a.dropped[0] is b.dropped[0]
    assert a.warnings[0].message is b.warnings[0].message
    assert list(a.blocks) == [Block("lead", "Nội dung 1.")]


def test_unpickled_records_share_equal_parts_and_not_unequal_ones():
    """Parts are read only after extraction: equal outlets, bylines, and localities and directive
    references with equal mention counts are one object across records; a different count is
    another object."""
    def record(i: int, mentions: int) -> Record:
        return Record(
            f"{i}.txt", f"bai-{i}", f"Bài {i}", outlet=Outlet("vov.vn", "Đài " + "Tiếng nói Việt Nam"),
            byline=Byline("Ngọc " + "Thành", "author", "Ngọc Thành/VOV.VN"),
            localities=[Locality("ho-chi-minh/quan-10", "Quận " + "10", "district", "ho-chi-minh", mentions)],
            directives=[DirectiveRef("05-CT/TW", "05-CT/TW", "Chỉ " + "thị", "TW", mentions=mentions)],
            blocks=PackedBlocks([Block("lead", f"Nội dung {i}.")]))

    a, b, c = (pickle.loads(pickle.dumps(record(i, m))) for i, m in ((1, 2), (2, 2), (3, 5)))
    assert (a, b, c) == (record(1, 2), record(2, 2), record(3, 5))
    assert a.outlet is b.outlet is c.outlet and a.byline is b.byline is c.byline
    assert a.localities[0] is b.localities[0] and a.directives[0] is b.directives[0]
    assert c.localities[0] is not a.localities[0] and c.localities[0].mentions == 5
    assert c.directives[0] is not a.directives[0] and c.directives[0].mentions == 5


def test_equal_warnings_share_one_report_dict():
    from bantin.pipeline import problem_dict

    first = problem_dict(Problem("no-date", "no date " + "found", None))
    assert problem_dict(Problem("no-date", "no date found", None)) is first
    assert first == {"kind": "no-date", "message": "no date found", "line": None}
    assert problem_dict(Problem("no-date", "no date found", 3)) == {"kind": "no-date", "message": "no date found",
                                                                     "line": 3}


OPT = st.none() | TEXT
LOCALITIES = st.builds(Locality, TEXT, TEXT, TEXT, TEXT, st.integers(0, 99), TEXT, OPT)
DIRECTIVES = st.builds(DirectiveRef, TEXT, TEXT, TEXT, TEXT, OPT, OPT, OPT, st.integers(0, 99), OPT, OPT,
                       st.booleans())
PROBLEMS = st.builds(Problem, TEXT, TEXT, st.none() | st.integers(1, 10_000))
RECORDS = st.builds(
    Record, TEXT, TEXT, TEXT, OPT, OPT, TEXT, st.none() | st.integers(1900, 2100), OPT,
    st.none() | st.builds(Outlet, TEXT, TEXT), st.none() | st.builds(Byline, TEXT, TEXT, TEXT), OPT, TEXT,
    st.lists(LOCALITIES, max_size=4), OPT, st.lists(DIRECTIVES, max_size=4),
    BLOCKS | BLOCKS.map(PackedBlocks), st.lists(TEXT, max_size=4), st.lists(PROBLEMS, max_size=3), TEXT, TEXT)


@given(RECORDS)
def test_records_come_back_from_pickle_and_copy_as_they_were(rec):
    again = pickle.loads(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == rec
    assert type(again.blocks) is type(rec.blocks)
    # the restored parts are objects of the record's own (a serve rebuild may change one record)
    assert all(x is not y for x, y in zip(again.localities, rec.localities))
    twin = copy.copy(rec)
    assert twin == rec and twin is not rec and twin.blocks is rec.blocks


def test_the_record_codec_covers_every_field():
    """A field added to a record or one of its parts must be added to ``model._plain_record`` too:
    this fails until it is (the round trip above would only notice a field given a value)."""
    import dataclasses

    from bantin import model

    r = Record("p", "s", "t", "2019-05-24", "08:00", "dateline", 2019, "2020-01-01", Outlet("o", "O"),
               Byline("B", "author", "b"), "Theo TTXVN", "interview",
               [Locality("k", "n", "district", "pk", 3, "sn", "dk")], "k",
               [DirectiveRef("05-CT/TW", "05-CT/TW", "Chỉ thị", "TW", "sc", "su", "2016-05-15", 2, "na", "BCT", True)],
               [Block("lead", "x")], ["d"], [Problem("no-title", "m", 4)], "cp1258", "dg", True, True)
    for obj in (r, r.outlet, r.byline, r.localities[0], r.directives[0], r.warnings[0]):
        for f in dataclasses.fields(obj):   # every field above differs from its default
            assert getattr(obj, f.name) != f.default, (type(obj).__name__, f.name)
    assert len(model._plain_record(r)) == len(dataclasses.fields(Record))
    assert pickle.loads(pickle.dumps(r)) == r
