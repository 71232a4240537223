"""Registry loading (content/directives.yaml) and lookups."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bantin.config import DataError  # noqa: E402
from bantin.registry import Registry  # noqa: E402

SHIPPED = ROOT / "content" / "directives.yaml"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(SHIPPED)


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "directives.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_registry_has_spec_facts(reg):
    e = reg.lookup("05-CT/TW")
    assert e.issued == "2016-05-15" and e.issuer_name == "Bộ Chính trị" and e.kind == "Chỉ thị"
    assert e.subject == "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert reg.lookup("03-CT/TW").issued.startswith("2011")
    assert reg.lookup("06-CT/TW").issued == "2006-11-07"
    assert reg.lookup("01-KL/TW", "2022-01-01").issued == "2021-05-18"
    assert reg.lookup("04-NQ/TW").issued == "2016-10-30" and reg.lookup("04-NQ/TW").term == "XII"
    assert reg.lookup("12-NQ/TW", "2013-01-01").issued == "2012-01-16"
    assert reg.lookup("102-QĐ/TW").issued == "2017-11-15" and reg.lookup("102-QĐ/TW").kind == "Quy định"
    for code in ("21-KL/TW", "27/CT-TTg", "54/2017/NQ-QH", "40-CT/TW"):
        assert reg.lookup(code) is not None, code


def test_lookup_accepts_printed_variants(reg):
    assert reg.lookup("05-CT/TƯ").code == "05-CT/TW"
    assert reg.lookup("05 - CT/ TW").code == "05-CT/TW"
    assert reg.lookup("99-CT/TW") is None


def test_named_and_short_forms(reg):
    assert reg.named(4, "XII").code == "04-NQ/TW"
    assert reg.named(4, "XI").code == "12-NQ/TW"
    assert reg.named(5, "XII") is None
    assert reg.short_alias("CT", "5", "hoc tap va lam theo tu tuong, dao duc, phong cach ho chi minh").code == "05-CT/TW"
    assert reg.short_alias("CT", "5", "mot bai ve giao thong") is None       # context condition
    assert reg.short_alias("CT", "5", "hoc tap va lam theo", "2010-01-01") is None   # not issued yet


def test_date_picks_among_same_code_entries(reg):
    assert reg.lookup("01-KL/TW", "2017-03-01").issued == "2016-04-04"
    assert reg.lookup("01-KL/TW", "2021-06-01").issued == "2021-05-18"
    assert reg.lookup("01-KL/TW", "2017").issued == "2016-04-04"
    assert reg.lookup("01-KL/TW").issued == "2021-05-18"               # no date: the most recent
    assert reg.lookup("01-KL/TW", "2010-01-01") is None                  # neither existed yet
    assert reg.lookup("12-CT/TW", "2012-05-01").issued == "2007-05-03"
    assert reg.lookup("21-KL/TW", "2019-11-29").term == "XII"           # undated entry ordered by its term
    assert reg.lookup("21-KL/TW", "2022-01-01").issued == "2021-10-25"


def test_missing_file_is_empty(tmp_path):
    r = Registry.load(tmp_path / "nope.yaml")
    assert r.entries() == [] and r.lookup("05-CT/TW") is None


def test_empty_file_is_empty(tmp_path):
    assert Registry.load(write(tmp_path, "# nothing yet\n")).entries() == []


def test_custom_entry_and_scope(tmp_path):
    p = write(tmp_path, """directives:
  - code: 34-CT/TU
    scope: da-nang
    issued: 2023-12-01
    subject: Cải cách hành chính
""")
    r = Registry.load(p)
    assert r.lookup("34-CT/TU") is None
    e = r.lookup("34-CT/TU", scope="da-nang")
    assert e.key == "34-CT/TU@da-nang" and e.kind == "Chỉ thị" and e.issuer == "TU"


@pytest.mark.parametrize("text,line,needle", [
    ("directives:\n  - code: 05-CT/TW\n  - kind: Chỉ thị\n", 3, "'code' is required"),
    ("directives:\n  - code: 05-CT/TW\n    issued: 15/05/2016\n", 2, "'issued'"),
    ("directives:\n  - code: 05-CT/TW\n    issued: 2016-02-30\n", 3, "not a real date"),   # YAML's own date
    ("directives:\n  - code: hello\n", 2, "not a directive code"),
    ("directives:\n  - code: 05-CT/TW\n    colour: red\n", 2, "unknown field"),
    ("directives:\n  - code: 05-CT/TW\n    term: 12x\n", 2, "'term'"),
    ("directives:\n  - code: 05-CT/TW\n    names: Nghị quyết\n", 2, "'names'"),
    ("directives:\n  - code: 05-CT/TW\n    short_forms: [\"Chỉ thị\"]\n", 2, "short form"),
    ("directives:\n  - code: 05-CT/TW\n  - code: 05-CT/TƯ\n", 3, "same code"),
    ("directives:\n  - code: 05-CT/TW\n    code: 06-CT/TW\n", 3, "duplicate key"),
    ("directives:\n  - code: [05\n", 3, "invalid YAML"),   # PyYAML marks the end of the stream
    ("directives: 5\n", 1, "list under 'directives:'"),
    ("party_offices:\n  - {letters: btg, name: Ban}\ndirectives: []\n", 2, "'letters'"),
    ("party_offices:\n  - {letters: TU, name: Tỉnh ủy}\ndirectives: []\n", 2, "an issuer"),
    ("party_offices:\n  - {letters: BTG}\ndirectives: []\n", 2, "'name'"),
    ("party_offices:\n  - {letters: BTG, name: Ban}\n  - {letters: BTG, name: Ban}\n", 3, "already listed"),
])
def test_bad_entries_raise_data_error_with_line(tmp_path, text, line, needle):
    p = write(tmp_path, text)
    with pytest.raises(DataError) as ei:
        Registry.load(p)
    assert ei.value.line == line, str(ei.value)
    assert needle in str(ei.value)
    assert str(p) in str(ei.value)


def test_same_code_different_dates_allowed(tmp_path):
    p = write(tmp_path, """directives:
  - code: 01-KL/TW
    issued: 2016-04-04
  - code: 01-KL/TW
    term: XIII
""")
    r = Registry.load(p)
    assert len(r.entries()) == 2
    assert r.lookup("01-KL/TW", "2022-02-02").term == "XIII"


def test_literal_names(tmp_path):
    p = write(tmp_path, """directives:
  - code: 33-NQ/TW
    issued: 2014-06-09
    names: ["Nghị quyết về xây dựng và phát triển văn hóa, con người Việt Nam"]
""")
    r = Registry.load(p)
    assert list(r.literal_names()) == ["nghi quyet ve xay dung va phat trien van hoa, con nguoi viet nam"]
    from bantin.extract.directives import find_directives
    res = find_directives(["Thực hiện Nghị quyết về xây dựng và phát triển văn hoá, con người Việt Nam."], r, [], None)
    assert [d.key for d in res.directives] == ["33-NQ/TW"]


def test_party_offices_split_a_glued_issuer(tmp_path):
    # the office's letters glued to the committee's: the registry's spelling dashes them, and an
    # entry written glued is keyed as the dashed code
    p = write(tmp_path, """party_offices:
  - {letters: BTC, name: Ban Tổ chức}
directives:
  - code: 08-HD/BTCTU
    scope: nghe-an
""")
    r = Registry.load(p)
    assert r.offices == {"BTC"}
    assert r.spelling("08-HD/BTCTU") == "08-HD/BTC-TU" and r.spelling("08-HD/BTC-TU") == "08-HD/BTC-TU"
    assert r.lookup("08-HD/BTCTU", scope="nghe-an").issuer == "TU"
    assert r.spelling("08-HD/XYZTU") == "08-HD/XYZTU"          # not an office: as printed
    assert r.spelling("08-HD/BTCAB") == "08-HD/BTCAB"          # not a committee: as printed
    assert "BTG" in Registry.load(SHIPPED).offices
