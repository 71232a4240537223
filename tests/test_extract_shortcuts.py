"""Shortcuts of the extraction stage give what the long way gives: the article folded joined, the
blocks known to be squashed, the registry's kept canonical forms."""

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bantin.extract.directives import _eth, _fold_aligned, prepare_texts, find_directives  # noqa: E402
from bantin.extract.layout import Boilerplate, split_layout  # noqa: E402
from bantin.extract.localities import find_localities  # noqa: E402
from bantin.registry import Registry  # noqa: E402
from bantin.gazetteer import lower_same_length  # noqa: E402
from bantin.text import fold, fold_chars, nfc  # noqa: E402

REG = Registry.load(ROOT / "content" / "directives.yaml")

# Vietnamese letters, both decomposed and precomposed marks, Icelandic eth, white space of several
# kinds and characters outside the fast fold's table
_CHARS = st.sampled_from(list("aăâbcdđeêioôơuưy ĐĂÂÊÔƠƯàáảãạằắẳẵặầấẩẫậ.,/-“”\t\n  \u00a0\u0301\u0323Ððİﬁ京05"))
_TEXTS = st.lists(st.text(_CHARS, max_size=40), max_size=6)


def _prepare_by_block(blocks):
    """What ``find_directives`` did block by block before ``prepare_texts``."""
    texts = [_eth(nfc(t if "  " not in t and "\n" not in t and "\t" not in t else " ".join(t.split())))
             for t in blocks if t]
    folded = [_fold_aligned(t) for t in texts]
    return texts, folded, "\n".join(folded)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_prepare_joined_is_prepare_by_block(blocks):
    prepared = prepare_texts(blocks)
    assert prepared[:3] == _prepare_by_block(blocks)
    if prepared.lowered is not None:      # made with the fold: the blocks as they came, lower-cased
        assert prepared.texts == [_eth(nfc(t)) for t in prepared.texts]
        assert prepared.lowered == lower_same_length("\n".join(prepared.texts))


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS, max_size=60))
def test_fold_chars_is_fold_when_it_maps_characters(s):
    f = fold_chars(s)
    if f is not None:
        assert f == fold(s) and len(f) == len(s)


def _layout_texts(page: str) -> list[str]:
    lay = split_layout(page, Boilerplate())
    return [lay.title] + [b.text for b in lay.blocks]


_PAGE = """Tỉnh ủy Quảng Ninh  triển khai  Chỉ thị 05-CT/TW

Thứ Sáu, 24/5/2019

(TTXVN) -  Sáng 23/5,\tTỉnh ủy Quảng Ninh tổ chức hội nghị quán triệt Chỉ thị số 05-CT/TW ngày 15/5/2016 .
- Ông đánh giá thế nào ?
- Huyện Hoành Bồ và  thành phố Hạ Long đã làm tốt./.
   Ảnh: Thu Giang   Hội nghị tại TP. Hạ Long ; các đại biểu ./.
Nguyễn Văn A
"""


def test_layout_blocks_are_squashed():
    for t in _layout_texts(_PAGE)[1:]:
        assert t == " ".join(t.split())


def test_blocks_squashed_changes_nothing():
    texts = _layout_texts(_PAGE)
    texts[0] = "  Tiêu đề\tvới  khoảng trắng "     # the title is still checked
    from bantin.config import SiteData

    g = SiteData.load(ROOT / "content").gazetteer
    long_way = find_localities(texts, g, "2019-05-24")
    short = find_localities(texts, g, "2019-05-24", blocks_squashed=True)
    assert short == long_way and short.localities
    for squashed in (False, True):
        got = find_directives(texts, REG, long_way.localities, long_way.primary, "2019-05-24",
                              blocks_squashed=squashed)
        assert got == find_directives(texts, REG, long_way.localities, long_way.primary, "2019-05-24")


def test_registry_keeps_canonical_forms_of_unknown_codes():
    from bantin.extract.directives import canonical_code

    reg = Registry.load(ROOT / "content" / "directives.yaml")
    code = "99-CT/ TW"
    first = reg.lookup(code, "2019-01-01")
    hits = canonical_code.cache_info().hits
    assert canonical_code(code) == "99-CT/TW"
    assert reg.lookup(code, "2020-01-01") == first
    assert canonical_code.cache_info().hits >= hits + 2   # parsed once, then kept
