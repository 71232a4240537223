"""The directive survey used to grow the registry."""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bantin.registry import Registry  # noqa: E402
from bantin.survey import format_report, survey, survey_paths  # noqa: E402

REG = Registry.load(ROOT / "content" / "directives.yaml")

CORPUS = {
    "a.txt": ["Học tập và làm theo Bác", "Thực hiện Chỉ thị số 05-CT/TW và Chỉ thị số 05, Kết luận số 98-KL/TW "
              "ngày 5.6.2012 của Bộ Chính trị về “Đẩy mạnh công tác bảo vệ môi trường”."],
    "b.txt": ["Nghị định 99/2014 về tổ chức", "Kết luận số 98-KL/TW của Bộ Chính trị; Quy định số 85 về kê khai."],
    "c.txt": ["Không có văn bản nào."],
}


def test_survey_counts_and_flags():
    rep = survey(CORPUS, REG)
    assert rep.articles == 3 and rep.articles_with_directives == 2
    by = {i.key: i for i in rep.items}
    assert by["05-CT/TW"].in_registry and by["05-CT/TW"].mentions == 2 and by["05-CT/TW"].articles == 1
    kl = by["98-KL/TW"]
    assert not kl.in_registry and kl.articles == 2 and kl.issued == ["2012-06-05"]
    assert kl.subjects == ["Đẩy mạnh công tác bảo vệ môi trường"]
    assert "98-KL/TW" in kl.example
    assert rep.items[0].key == "98-KL/TW"           # most-cited first
    assert {i.key for i in rep.missing} == {"98-KL/TW", "99/2014/NĐ-CP"}
    assert rep.unresolved["Quy định số 85"] == 1


def test_format_report_has_pasteable_stubs():
    text = format_report(survey(CORPUS, REG))
    assert "MISSING" in text and "05-CT/TW" in text
    stub_start = text.index("  - code: 98-KL/TW")
    stub = text[stub_start:].split("\n\n")[0]
    data = yaml.safe_load("directives:\n" + stub)
    assert data["directives"][0]["code"] == "98-KL/TW"
    assert str(data["directives"][0]["issued"]) == "2012-06-05"
    assert data["directives"][0]["subject"] == "Đẩy mạnh công tác bảo vệ môi trường"


def test_stubs_load_as_registry(tmp_path):
    text = format_report(survey(CORPUS, REG))
    stubs = text[text.index("  - code:"):].split("# Local codes")[0]
    p = tmp_path / "directives.yaml"
    p.write_text("directives:\n" + stubs, encoding="utf-8")
    reg = Registry.load(p)
    assert reg.lookup("98-KL/TW").issued == "2012-06-05"
    assert reg.lookup("99/2014/NĐ-CP") is not None


def test_survey_paths_reads_files_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "x.txt").write_text("Tiêu đề\nChỉ thị số 15-CT/TU của Thành ủy\n", encoding="utf-8")
    (tmp_path / "sub" / "y.txt").write_bytes("\ufeffNghị quyết số 39-NQ/TW\r\n".encode("utf-8"))
    rep = survey_paths([tmp_path], REG)
    assert rep.articles == 2
    assert {i.key for i in rep.items} == {"15-CT/TU", "39-NQ/TW"}
    text = format_report(rep)
    assert "Local codes" in text and "15-CT/TU" in text


def test_empty_survey():
    rep = survey({}, REG)
    assert rep.items == [] and "0 articles" in format_report(rep)
