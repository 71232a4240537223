"""records.csv rows made by str methods equal the csv module's own writer, byte for byte."""

import csv
import io
import random

import pytest

from bantin.render import _csv_line

ALPHABET = ['a', 'Ă', 'ệ', ' ', ',', '"', "'", '\n', '\r', '\t', ';', '\\', '\0', '=', '\u2028', 'x"y', '""', '\r\n']


def _writer_line(row):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    return buf.getvalue()


@pytest.mark.parametrize("seed", range(20))
def test_csv_line_equals_csv_writer(seed):
    rnd = random.Random(seed)
    for _ in range(300):
        row = ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(0, 8))) for _ in range(rnd.randrange(1, 6))]
        line = _csv_line(row)
        if line is not None:
            assert line == _writer_line(row), row


def test_csv_line_leaves_odd_rows_to_the_csv_module():
    assert _csv_line([""]) is None
    assert _csv_line(["a\0b", "c"]) is None
    assert _csv_line(["", ""]) == _writer_line(["", ""])
