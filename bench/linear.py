#!/usr/bin/env python3
"""Random search for inputs that the extractor handles in more than linear time.

    python bench/linear.py [--trials 500] [--seed 1] [--small 50000] [--big 400000]
    python bench/linear.py --known [--growth 4]

Each trial joins 1-5 pieces of text the extractor looks for (directive codes and short forms,
dates, place names and type words, bylines and credits, captions, Markdown marks, brackets and
punctuation) into a unit, repeats the unit to ``--small`` and to ``--big`` characters, as a
``.txt`` or a ``.md`` article, and times the extraction of each. Linear time grows with the
size (8x for the default sizes); a quadratic cost grows with its square (64x). A trial whose big
text took more than twice the linear share, and over 0.2 s, is a suspect; a suspect is then timed
at 4x the big size, where a quadratic cost shows beyond doubt (16x against 4x), and is reported
as confirmed or as a one-off (a cut-off in the extractor, a garbage collection).

With ``--mix``, each trial has two units: the first repeated over half the text, the second over
the rest (what the text holds early, decided against what comes late). Exit code 1 when any
suspect is confirmed. Found this way: a place name repeated along one line
(a signature test read to both ends of the line at each hit; 3260a28), and a short form with no
full code ("Chỉ thị số 05" over 160 kB took 14.6 s: a registry lookup per occurrence searched
the whole text; 7777967).

With ``--known``, no random search: each input that once took more than linear time (the
catalogue in ``tests/robustness/pathological.py``: extraction, Markdown blocks, slugs, places
over many blocks, byline look-alikes) is timed at its size and at ``--growth`` times it, and a
suspect is timed once more at ``--growth`` times that. The tests run the same inputs once and check
what comes out; they time nothing, so this is where a return of a quadratic cost shows.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from bantin.config import SiteData  # noqa: E402
from bantin.extract import Extractor  # noqa: E402
from bantin.model import SourceDocument  # noqa: E402
from bantin.reader import parse_bytes  # noqa: E402

PIECES = [
    # directives: full codes, short forms, names, issuers, subjects
    "Chỉ thị số 05-CT/TW", "Nghị quyết 04-NQ/TW", "Chỉ thị số 05-CT/TW ngày 15/5/2016", "21-CT/TU", "CT/TW", "TW",
    "-NQ/", "20-", "/QĐ-", "Chỉ thị 05", "Nghị quyết số 4", "Kết luận 01", "Kết luận số", "Quy định 08",
    "Hướng dẫn số 3", "Nghị quyết Trung ương 4", "Hội nghị Trung ương 4 khóa XII", "Đại hội XIII", "Nghị định 100/2019/NĐ-CP",
    "Quyết định số 1234/QĐ-TTg", "Luật ", "Thông tư", "của Bộ Chính trị", "Ban Bí thư", "Bộ Chính trị", "Ban Thường vụ",
    "Tỉnh ủy Đồng Nai", "Thành ủy", "Tỉnh ủy", "Quận ủy Quận 10", "Đảng bộ", "Hội nghị", "lần thứ", "khóa XII", "về",
    "“Đẩy mạnh", "số", "K", "CP", "QĐ",
    # dates and times
    "ngày 24/5/2019", "Thứ Sáu", "Thứ Năm, ngày 9 tháng 4 năm 2020", "11:13 | 20/05/2016", "tháng", "năm 2019",
    "Đăng lúc: 00:00:00 27/04/2021 (GMT+7)", "Cập nhật:", "ngày 15-11-2017", "Chiều 10.2", "1/", "12345",
    # places
    "Quận 10", "Quận 1", "Q.10", "P.7", "phường 7", "phường Bến Nghé", "TP.HCM", "TP Hồ Chí Minh", "TP Thủ Đức", "TP. ",
    "Tp ", "Đà Nẵng", "Hà Nội", "Hà Nội,", "Huế", "Cần Thơ", "tỉnh ", "tỉnh Bình Dương", "huyện ", "huyện Củ Chi", "xã ",
    "thị xã ", "thị trấn", "thành phố ", "xã Đông Hòa, huyện Đông Sơn, tỉnh Thanh Hóa", "Q.", "H.", "TX", "TT",
    # bylines, credits, captions, furniture
    "NGUYỄN VĂN A", "NGỌC PHÚ", "K.V", "S. Hải", "PV", "Hương Ly thực hiện", "/VOV.VN", "(TTXVN)", "Theo VGP", "Theo ",
    "(ĐCSVN) - ", "Ảnh: ", "(Ảnh:", "Nguồn:", "Tác giả:", "Tin, ảnh:", "Bài và ảnh:", "ThS.", "TS.", "GS.TS", "PGS.TS",
    "Thượng tá", "Trung tướng", "Đồng chí", "Phó Bí thư", "Ủy viên Bộ Chính trị, ", "Phạm Minh Chính", "ông ", "bà ", "Tin khác", "Xem nhiều nhất", "./.", "LTS:", "(*)",
    "Bô%3ḅ", "ĐCSVN", "hanoimoi.vn", "http://", "www.", "@",
    # legacy font encodings as Windows-1252 shows them (TCVN3, VNI), a player's label
    "Céng hoµ x· héi chñ nghÜa", "ChØ thÞ sè 05-CT/TW", "Coäng hoøa xaõ hoäi", "Play",
    "\u200b", "\u00ad", "Nẵ\u200bng", "\u202e", "\"\n", "\n\" - ông Cơ nói.", " \"\n", "“\n",
    # Markdown and punctuation
    "# ", "## ", "- ", "> ", "1. ", "**", "`", "![a](b)", "[x](y)", "-", "/", "(", ")", "[", "]", "{", "<", ">", "&",
    ",", ".", ":", ";", "*", "#", "\"", "“", "”", "…", "_", "=", "+", "\t",
]
JOINS = ["", " ", " ", ", ", ". ", "\n", "\n\n", "\n\n\n\n"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--small", type=int, default=50_000, help="characters of the small text")
    ap.add_argument("--big", type=int, default=400_000, help="characters of the big text")
    ap.add_argument("--mix", action="store_true",
                    help="two units per trial, the first repeated over the first half of the text and the "
                         "second over the rest (what is found early decided against what comes late)")
    ap.add_argument("--content", type=Path, default=ROOT / "content", help="the site's data (registry, gazetteer)")
    ap.add_argument("--known", action="store_true",
                    help="time the known cases (tests/robustness/pathological.py) instead of random ones")
    ap.add_argument("--growth", type=int, default=4, help="with --known: the big size over the small one")
    args = ap.parse_args(argv)
    if args.known:
        return known(args.content, args.growth)
    extractor = Extractor.from_data(SiteData.load(args.content))

    def timed(unit: str, name: str, size: int) -> float:
        if args.mix:
            first, second = unit.split("\x00")
            body = first * (size // 2 // len(first) + 1) + second * (size // 2 // len(second) + 1)
        else:
            body = unit * (size // len(unit) + 1)
        text = "Tiêu đề bài viết\n" + body + "\n"
        t0 = time.perf_counter()
        extractor.extract(parse_bytes(SourceDocument(name), text.encode("utf-8")))
        return time.perf_counter() - t0

    rnd = random.Random(args.seed)
    growth = args.big / args.small
    results: list[tuple[float, float, float, str, str]] = []
    confirmed: list[str] = []
    t_start = time.perf_counter()
    for _ in range(args.trials):
        units = ["".join(rnd.choice(PIECES) + rnd.choice(JOINS) for _ in range(rnd.randint(1, 5)))
                 for _ in range(2 if args.mix else 1)]
        if not all(u.strip() for u in units):
            continue
        unit = "\x00".join(units)
        name = rnd.choice(["x.txt", "x.md"])
        small = min(timed(unit, name, args.small) for _ in range(2))
        big = timed(unit, name, args.big)
        results.append((big / max(small, 1e-3), small, big, name, unit))
        if big > 2 * growth * small and big > 0.2:
            bigger = timed(unit, name, 4 * args.big)
            verdict = "CONFIRMED" if bigger > 8 * big and bigger > 0.5 else "one-off"
            print(f"suspect {verdict}: {name} {unit!r}: {args.small:,} chars {small:.3f} s, {args.big:,} "
                  f"{big:.3f} s, {4 * args.big:,} {bigger:.3f} s", flush=True)
            if verdict == "CONFIRMED":
                confirmed.append(unit)
    results.sort(reverse=True)
    print(f"{len(results)} trials (seed {args.seed}) in {time.perf_counter() - t_start:.0f} s; "
          f"{len(confirmed)} confirmed super-linear. Highest ratios (linear is about {growth:.0f}):")
    for ratio, small, big, name, unit in results[:5]:
        print(f"  {ratio:6.1f}  {small * 1e3:8.1f} ms  {big * 1e3:8.1f} ms  {name} {unit!r}")
    return 1 if confirmed else 0


def known(content: Path, growth: int) -> int:
    """Time each known case at its size and at ``growth`` times it; print the figures."""
    sys.path.insert(0, str(ROOT / "tests" / "robustness"))
    from pathological import BYLINE_LOOKALIKES, CASES, Stages, extract_text, run_case

    from bantin.extract.bylines import parse_byline, split_glued_tail

    stages = Stages(content)

    def timed(case, n: int) -> float:
        value = case.make(n)
        t0 = time.perf_counter()
        run_case(stages, case, value)
        return time.perf_counter() - t0

    confirmed = []
    print(f"{'case':28s} {'stage':10s} {'small':>9s} {'ms':>8s} {'big':>9s} {'ms':>8s} {'ratio':>6s}  "
          f"(linear is about {growth}, quadratic {growth * growth})")
    for case in CASES:
        small = min(timed(case, case.size) for _ in range(2))
        big = timed(case, growth * case.size)
        ratio = big / max(small, 1e-4)
        print(f"{case.name:28s} {case.stage:10s} {case.size:9,} {small * 1e3:8.1f} {growth * case.size:9,} "
              f"{big * 1e3:8.1f} {ratio:6.1f}", flush=True)
        if ratio > 2 * growth and big > 0.05:
            bigger = timed(case, growth * growth * case.size)
            verdict = "CONFIRMED" if bigger > 2 * growth * big and bigger > 0.2 else "one-off"
            print(f"  suspect {verdict}: {growth * growth * case.size:,} took {bigger * 1e3:.1f} ms")
            if verdict == "CONFIRMED":
                confirmed.append(case.name)
    for name, (line, _glued) in sorted(BYLINE_LOOKALIKES.items()):
        t0 = time.perf_counter()
        parse_byline(line), split_glued_tail("Câu cuối của bài viết. " + line)
        extract_text(stages, f"Tiêu đề\nĐoạn văn đầu tiên của bài viết.\n{line}\n")
        print(f"byline look-alike {name:28s} {(time.perf_counter() - t0) * 1e3:8.1f} ms (once took up to 22.9 s)")
    print(f"{len(CASES)} known cases; {len(confirmed)} confirmed super-linear{': ' if confirmed else ''}"
          f"{', '.join(confirmed)}")
    return 1 if confirmed else 0


if __name__ == "__main__":
    sys.exit(main())
