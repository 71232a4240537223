"""Size: a 5 MB article, a 3 MB single line and pathological strings are processed in time linear in
their size (no regular-expression backtracking blow-up); the size limit is configurable and reported.

Budgets here are generous (CI machines are slow and shared); ``bench/`` is where speed is measured.
"""

from __future__ import annotations

import time

import pytest
from hostile import SIZE_LIMIT, SUB

from bantin.model import SourceDocument
from bantin.reader import parse_bytes


@pytest.fixture(scope="module")
def extractor():
    from bantin.config import SiteData
    from bantin.extract import Extractor

    from support import CONTENT

    return Extractor.from_data(SiteData.load(CONTENT))


def timed_extract(extractor, text: str) -> float:
    t0 = time.perf_counter()
    doc = parse_bytes(SourceDocument("x.txt"), text.encode("utf-8"))
    assert doc.ok, doc.problems
    rec = extractor.extract(doc)
    assert rec.slug and len(rec.slug) <= 100
    return time.perf_counter() - t0


def test_five_megabyte_article_is_built(hostile_site):
    f = hostile_site.files[f"{SUB}/big-5mb.txt"]
    assert f.status == "built"
    page = hostile_site.out / "bai" / f.slug / "index.html"
    assert page.stat().st_size > 4_000_000
    assert hostile_site.seconds < 120, f"the hostile build took {hostile_site.seconds:.1f} s"


def test_size_limit_is_configurable_and_reported(hostile_site):
    f = hostile_site.files[f"{SUB}/too-big.txt"]
    assert f.status == "skipped"
    assert f"{SIZE_LIMIT + 1:,} bytes" in f.reason and f"limit of {SIZE_LIMIT:,}" in f.reason
    assert "max_article_bytes" in f.reason
    assert any(w["kind"] == "size-limit" for w in f.warnings)


def test_three_megabyte_single_line(extractor, seed_text):
    line = seed_text.replace("\n", " ")
    text = line * (3_000_000 // len(line.encode()) + 1)
    assert "\n" not in text and len(text.encode()) >= 3_000_000
    seconds = timed_extract(extractor, text)
    assert seconds < 60, f"3 MB on one line took {seconds:.1f} s"


PATHOLOGICAL = {
    "chi-thi-digits-dashes": lambda n: "Tiêu đề\nThực hiện Chỉ thị số " + "1234567890-" * (n // 11) + "CT/TW\n",
    "chi-thi-runs": lambda n: "Tiêu đề\n" + ("Chỉ thị số " + "9" * 500 + "-" * 500 + " ") * (n // 1011) + "\n",
    "chi-thi-no-code": lambda n: "Tiêu đề\n" + "Chỉ thị số " * (n // 11) + "\n",
    "ngay": lambda n: "Tiêu đề\n" + "ngày " * (n // 5) + "\n",
    "ngay-thang": lambda n: "Tiêu đề\n" + "ngày 1 tháng " * (n // 13) + "\n",
    "weekday": lambda n: "Thứ Năm, ngày " * (n // 14) + "\nTiêu đề\n",
    "slashes": lambda n: "Tiêu đề\n" + "1/" * (n // 2) + "\n",
    "dashes-spaces": lambda n: "Tiêu đề\n" + "- " * (n // 2) + "\n",
    "places": lambda n: "Tiêu đề\n" + "Quận Phường Huyện Xã Tỉnh Thành phố " * (n // 36) + "\n",
    "percent": lambda n: "Tiêu đề\n" + "Bô%3ḅ%" * (n // 6) + "\n",
    "many-lines": lambda n: "Tiêu đề\n" + "a\n" * (n // 2),
    # a short form with no full code in the text, looked up in the registry at each occurrence,
    # each lookup reading the whole article for the entries' context phrases: 14.6 s at 160 kB
    "short-form": lambda n: "Tiêu đề\n" + "Chỉ thị số 05 và " * (n // 17) + "\n",
    "short-form-sentences": lambda n: "Tiêu đề\n" + "Thực hiện Chỉ thị 05. " * (n // 22) + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_is_linear(extractor, name):
    make = PATHOLOGICAL[name]
    small = min(timed_extract(extractor, make(40_000)) for _ in range(2))
    big = timed_extract(extractor, make(160_000))
    # 4x the input: linear is ~4x; quadratic would be ~16x. Allow noise, plus a floor for tiny times.
    assert big < 8 * small + 0.5, f"{name}: 40 kB {small:.2f} s, 160 kB {big:.2f} s"
    assert big < 15


# Names repeated along one long line: each hit used to read to both ends of its line to decide
# whether it was a signature ("... tốt đẹp. Long Hồ"): 1.8 s at 800 kB, 28 times the time at
# 100 kB. Wards and districts whose province is decided by the places beside them each looked at
# every place decided so far: 4.7 s at 200 kB, 72 s at 800 kB. The sizes are larger than above,
# where a quadratic cost this small would pass: (unit, small size; the big one is 8 times it).
LONG_LINE_NAMES = {
    "province": ("Đà Nẵng ", 200_000),
    "credit-and-city": ("Bài và ảnh: ) TP.HCM Đồng chí, ", 200_000),
    "wards-and-districts": ("phường 7, huyện Củ Chi, ", 100_000),
    "wards-in-sentences": ("Đến phường 7, huyện Củ Chi. ", 100_000),
}


@pytest.mark.parametrize("name", sorted(LONG_LINE_NAMES))
def test_names_along_one_long_line_are_linear(extractor, name):
    unit, size = LONG_LINE_NAMES[name]

    def make(n: int) -> str:
        return "Tiêu đề\n" + unit * (n // len(unit)) + "\n"

    small = min(timed_extract(extractor, make(size)) for _ in range(2))
    big = timed_extract(extractor, make(8 * size))
    # 8x the input: linear is ~8x, quadratic ~64x
    assert big < 16 * small + 0.3, f"{name}: {size:,} chars {small:.2f} s, {8 * size:,} {big:.2f} s"


@pytest.fixture(scope="module")
def seed_text() -> str:
    from hostile import seeds

    return seeds()[0].read_text(encoding="utf-8")


MARKDOWN_PATHOLOGICAL = {
    "heading-whitespace": lambda n: "# a" + " \t" * (n // 2) + "b",      # was cubic: a minute at 4 kB
    "heading-hashes": lambda n: "# " + "# " * (n // 2) + "x",
    "image-then-spaces": lambda n: "![a](b)" + " " * n + "\nmore",
    "open-brackets": lambda n: "[" * n + "a",                             # Python-Markdown is quadratic here
    "open-links": lambda n: "[a](" * (n // 4),
    "underscores": lambda n: "_a " * (n // 3),
    "angle-brackets": lambda n: "<" * n,
}


@pytest.mark.parametrize("name", sorted(MARKDOWN_PATHOLOGICAL))
def test_markdown_blocks_are_linear(name):
    from bantin.extract.markdown_blocks import markdown_blocks

    make = MARKDOWN_PATHOLOGICAL[name]

    def t(n: int) -> float:
        t0 = time.perf_counter()
        markdown_blocks(make(n))
        return time.perf_counter() - t0

    small = min(t(2000), t(2000))
    big = t(8000)
    assert big < 8 * small + 0.5, f"{name}: 2 kB {small:.2f} s, 8 kB {big:.2f} s"


# Last lines that look like bylines but are none: each reading of a line of capitals as name
# tokens used to be tried in turn ("NGỌC" as one token, or "N"+"GỌC", "NG"+"ỌC"...). The first
# took 22.9 s to reject, each of the second 0.2 s; the fuzzing of real articles found them.
# With each, the byline glued after the last sentence, if any, is still found.
BYLINE_LOOKALIKES = {
    "sentence-in-capitals": ("CÙNG ĐÓ, TRIỂN KHAI KIỂM TRA, GIÁM SÁT, THỰC HIỆN CÁC QUY ĐỊNH TRÊN. KHÁNH VŨ",
                             "Khánh Vũ"),
    "single-capitals": ("A A A A A, A A A A A, A A A A A, A A A A A!", None),
    "single-capitals-trailing": ("A A A A A, A A A A A, A A A A A, A A A A A, A", None),
    "capitals-and-digits": ("HÀ NỘI SẼ GIẢM, MẠNH MẼ CHI PHÍ, THỦ TỤC VÀ GIẤY TỜ, TỪ NĂM 2025", None),
}


@pytest.mark.parametrize("name", sorted(BYLINE_LOOKALIKES))
def test_byline_lookalikes_are_rejected_at_once(extractor, name):
    from bantin.extract.bylines import parse_byline, split_glued_tail

    line, glued = BYLINE_LOOKALIKES[name]
    t0 = time.perf_counter()
    for _ in range(10):
        assert parse_byline(line) is None
        hit = split_glued_tail("Câu cuối của bài viết. " + line)[1]
        assert (hit.name if hit else None) == glued
    text = f"Tiêu đề\nĐoạn văn đầu tiên của bài viết.\n{line}\n"
    timed_extract(extractor, text)
    assert time.perf_counter() - t0 < 1.0
