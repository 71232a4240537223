"""Reader: decoding, normalisation, front matter and sidecars, and what is refused (with reasons)."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin import reader
from bantin.model import SourceDocument
from bantin.reader import decode, normalize_text, parse_bytes, read_all, read_file, validate_overrides

TEXT = "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\nHòa Vang, Thủ đô ./.\n"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258_form(s: str) -> str:
    """Windows-1258 keeps base letters precomposed (â ơ ư đ) and tone marks as combining characters."""
    out = []
    for ch in s:
        d = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in d if c not in TONES)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in d if c in TONES))
    return "".join(out)


def parsed(data: bytes, suffix: str = ".txt", side: bytes = b"") -> SourceDocument:
    return parse_bytes(SourceDocument("x" + suffix), data, suffix, side, "x.yaml" if side else None)


def reasons(doc: SourceDocument) -> str:
    return " | ".join(str(p) for p in doc.problems)


# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("data,enc", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (to_cp1258_form(TEXT).encode("cp1258"), "cp1258"),
])
def test_encodings_decode_to_the_nfc_text(data, enc):
    doc = parsed(data)
    assert doc.ok, reasons(doc)
    assert doc.text == TEXT and doc.encoding == enc
    if enc != "utf-8":
        assert any(p.kind == "encoding" and enc in p.message for p in doc.problems)
    else:
        assert not doc.problems


@pytest.mark.parametrize("cut", [1, 2])
def test_a_file_cut_inside_a_character_keeps_its_text(cut):
    data = (TEXT + "Nẵ").encode("utf-8")[:-cut]    # "ẵ" is three bytes
    doc = parsed(data)
    assert doc.ok, reasons(doc)
    assert doc.text == TEXT + "N" and doc.encoding == "utf-8"
    assert "ends inside a character" in reasons(doc)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_few_bad_bytes_in_utf8_show_where_they_were(bom):
    body = (TEXT * 200).encode("utf-8")
    at = body.index(b"\n", len(body) // 2) + 1          # the first byte of a line
    data = bom + body[:at] + b"\xff" + body[at:]
    doc = parsed(data)
    assert doc.ok, reasons(doc)
    assert doc.text.count("\ufffd") == 1 and doc.text.replace("\ufffd", "") == TEXT * 200
    line = body[:at].count(b"\n") + 1
    assert f"1 undecodable byte sequence shown as \ufffd (the first at byte {at + len(bom):,}, line {line:,})" \
        in reasons(doc)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_characters_written_as_surrogate_pairs_are_read_as_themselves(bom):
    # what Java's and JavaScript's tools write for an emoji: no byte of it is lost or shown as U+FFFD
    pair = "\ud83d\ude00".encode("utf-8", errors="surrogatepass")       # 😀 in CESU-8, six bytes
    lone = "\ud83d".encode("utf-8", errors="surrogatepass")
    doc = parsed(bom + "Tiêu đề\n\nMở đầu ".encode() + pair + " giữa ".encode() + lone + " và ".encode() + pair
                 + " hết.\n".encode())
    assert doc.ok, reasons(doc)
    assert doc.text == "Tiêu đề\n\nMở đầu 😀 giữa \ufffd và 😀 hết.\n"
    assert "2 characters written as a UTF-16 surrogate pair (CESU-8) read as such; 1 unpaired UTF-16 " \
           "surrogate shown as \ufffd (the first at line 3)" in reasons(doc)


def test_surrogate_pairs_among_other_damage_are_still_read_as_themselves():
    # a bad byte elsewhere in the file must not turn each emoji into six U+FFFD
    pair = "\ud83d\ude00".encode("utf-8", errors="surrogatepass")
    body = (TEXT * 20).encode("utf-8")
    line = b"Mo " + pair + b" x \xff y " + pair + b" z\n"
    doc = parsed(body + line + body)
    assert doc.ok, reasons(doc)
    assert doc.text == TEXT * 20 + "Mo 😀 x \ufffd y 😀 z\n" + TEXT * 20
    at = len(body) + line.index(b"\xff")       # the byte as written, before the pairs were joined
    assert f"2 characters written as a UTF-16 surrogate pair (CESU-8) read as such; 1 undecodable byte " \
           f"sequence shown as \ufffd (the first at byte {at:,}, line {TEXT.count(chr(10)) * 20 + 1})" in reasons(doc)


@pytest.mark.parametrize("line, enc", [
    ("Hòa Vang, Thủ đô, Đà Nẵng\n", "cp1258"),
    ("Trích “Báo Nhân Dân” – déjà vu\n", "cp1252"),
])
def test_a_line_in_a_legacy_encoding_among_utf8_is_read_as_such(line, enc):
    body = (TEXT * 20).encode("utf-8")
    legacy = (to_cp1258_form(line) if enc == "cp1258" else line).encode(enc)
    doc = parsed(body + legacy + body)
    assert doc.ok, reasons(doc)
    assert doc.text == TEXT * 20 + line + TEXT * 20 and doc.encoding == "utf-8"
    assert f"1 line in Windows-1258/1252 among UTF-8 (the first at line {TEXT.count(chr(10)) * 20 + 1})" in reasons(doc)


def test_legacy_text_is_not_taken_for_damaged_utf8():
    body = to_cp1258_form(TEXT * 50).encode("cp1258")
    doc = parsed(body)
    assert doc.encoding == "cp1258" and "\ufffd" not in doc.text
    # a bad byte in every 50 is not damage but another encoding: refused, not shown full of U+FFFD
    bad = bytearray((TEXT * 400).encode("utf-8"))
    bad[::50] = b"\xff" * len(bad[::50])
    assert not parsed(bytes(bad)).ok


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_mojibake_is_repaired(codec):
    import ftfy.bad_codecs  # noqa: F401

    bad = TEXT.encode("utf-8").decode(codec)
    assert bad != TEXT
    doc = parsed(bad.encode("utf-8"))
    assert doc.text == TEXT
    assert "mojibake repaired" in reasons(doc)


def test_mixed_mojibake_lines_are_repaired_one_by_one():
    import ftfy.bad_codecs  # noqa: F401

    bad = "Đà Nẵng giữ nguyên\n" + "Hòa Vang học tập".encode("utf-8").decode("sloppy-windows-1252") + "\n"
    assert parsed(bad.encode()).text == "Đà Nẵng giữ nguyên\nHòa Vang học tập\n"


# --- pre-Unicode Vietnamese font encodings (TCVN3, VNI, VISCII) -----------------------------------

ARTICLE = ("Ban Chấp hành Trung ương Đảng ban hành Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo "
           "tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
           "Sáng nay, Tỉnh ủy Quảng Nam tổ chức hội nghị quán triệt nghị quyết cho cán bộ, đảng viên ở "
           "các huyện miền núi.\n"
           "Thành phố Đà Nẵng đã triển khai nhiều mô hình hay, cách làm sáng tạo trong công tác dân vận.\n")


def legacy_form(text: str, font: str) -> str:
    """``text`` as a legacy font shows it, each letter replaced by its sequence in viparse's table."""
    from viparse.normalize.encodings import get_charmap

    table: dict[str, str] = {}
    for seq, letter in get_charmap(font).pairs:
        table.setdefault(unicodedata.normalize("NFC", letter), seq)
    return "".join(table.get(c, c) for c in text)


def legacy_bytes(text: str, font: str) -> bytes:
    # VISCII's letters on 0x80-0x9F are Latin-1's characters there; TCVN3 and VNI keep Windows-1252's
    return legacy_form(text, font).encode("latin-1" if font == "viscii" else "cp1252")


@pytest.mark.parametrize("font", ["tcvn3", "vni", "viscii"])
def test_a_legacy_font_encoding_is_converted(font):
    data = legacy_bytes(ARTICLE, font)
    assert not data.isascii() and data.decode("latin-1") != ARTICLE
    doc = parsed(data)
    assert doc.ok, reasons(doc)
    assert doc.text == ARTICLE and doc.encoding == font
    assert "pre-Unicode Vietnamese font encoding" in reasons(doc)


@pytest.mark.parametrize("font", ["tcvn3", "vni"])
def test_legacy_letters_saved_as_utf8_are_converted(font):
    # text copied from a page set in .VnTime or VNI-Times into a UTF-8 editor
    doc = parsed(legacy_form(ARTICLE, font).encode("utf-8"))
    assert doc.text == ARTICLE and doc.encoding == "utf-8"
    assert "pre-Unicode Vietnamese font encoding" in reasons(doc)


@pytest.mark.parametrize("shown, text", [
    # the forms a reader meets in old documents, typed here as Windows-1252 shows them
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n",
     "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n",
     "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"),
])
def test_known_legacy_lines_read_as_vietnamese(shown, text):
    assert parsed(shown.encode("cp1252")).text == text
    assert parsed(shown.encode("utf-8")).text == text


@pytest.mark.parametrize("data", [
    to_cp1258_form(ARTICLE).encode("cp1258"),
    ARTICLE.encode("utf-16"),
    ARTICLE.encode("utf-8"),
    unicodedata.normalize("NFD", ARTICLE).encode("utf-8"),
    ("Le Comité central a publié hier à Hanoi une directive sur l'éducation, déjà très attendue. "
     "Les représentants élus ont exprimé leur intérêt pour ce thème économique.\n" * 3).encode("cp1252"),
    ("Según el diario, el Comité Central publicó la directiva número cinco después de la reunión; "
     "también habló del desarrollo económico de la región y de su situación.\n" * 3).encode("cp1252"),
    ("Die Behörde für Straßenbau veröffentlichte gestern die Änderungen für die Brücke über den Fluss; "
     "der Bürgermeister äußerte sich zufrieden über die Ergebnisse.\n" * 3).encode("cp1252"),
])
def test_other_text_is_not_taken_for_a_legacy_font(data):
    doc = parsed(data)
    assert doc.ok, reasons(doc)
    assert "pre-Unicode" not in reasons(doc)
    if "Tỉnh" in doc.text:
        assert doc.text == ARTICLE


@settings(max_examples=60, deadline=None)
@given(st.permutations(ARTICLE.split()), st.integers(60, len(ARTICLE.split())),
       st.sampled_from(["tcvn3", "vni", "viscii"]))
def test_any_legacy_text_of_a_few_lines_reads_back(words, n, font):
    # the article's words in any order, cut anywhere past 60 (some 300 characters: shorter texts
    # may be too little for the detector to tell VISCII, 2 in 600 at 40 words)
    words = words[:n]
    text = "\n".join(" ".join(words[i:i + 12]) for i in range(0, len(words), 12)) + "\n"
    doc = parsed(legacy_bytes(text, font))
    assert doc.ok and doc.text == text and doc.encoding == font, reasons(doc)


def test_a_legacy_article_extracts_like_its_unicode_form(extractor):
    from bantin.reader import parse_bytes as parse

    seed = next(iter(sorted(Path(__file__).resolve().parents[1].joinpath("content", "articles").glob("*.txt"))))
    text = unicodedata.normalize("NFC", seed.read_text("utf-8"))
    unicode_doc = parse(SourceDocument(seed.name), text.encode("utf-8"))
    # TCVN3 has no capital toned letters and VNI no "ẳ": compare with the text such a file can hold
    for font in ("tcvn3", "vni"):
        shown = legacy_form(text, font)
        legacy_doc = parse(SourceDocument(seed.name), shown.encode("cp1252", errors="replace"))
        assert legacy_doc.ok and legacy_doc.encoding == font, reasons(legacy_doc)
        want, got = extractor.extract(unicode_doc), extractor.extract(legacy_doc)
        assert got.title.casefold() == want.title.casefold()
        assert [d.key for d in got.directives] == [d.key for d in want.directives]
        assert got.date == want.date


@pytest.mark.parametrize("legit", [TEXT, "NGÃ BA ĐỒNG LỘC “NGÃ” ", "Ông Ánh, Ấp Á Châu, Ẩn, Ỷ Lan\n"])
def test_real_vietnamese_is_not_taken_for_mojibake(legit):
    assert decode(legit.encode())[0] == legit


def test_nfd_crlf_cr_nul_and_controls():
    nfd = unicodedata.normalize("NFD", TEXT)
    data = nfd.replace("\n", "\r\n").encode() + b"x\ry\x00z\x0bw\x1b[0m\n"
    doc = parsed(data)
    assert doc.text == TEXT + "x\nyz\nw[0m\n"
    assert "NUL characters removed" in reasons(doc)


def test_percent_escape_inside_a_letter_is_repaired():
    assert normalize_text("Bô%3ḅ Chính trị") == "Bộ Chính trị"


@pytest.mark.parametrize("data,why", [
    (b"", "empty file"),
    (b" \n\t\r\n ", "only white space"),
    (codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "only white space"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    (b"\x00\x01\x02\x03" * 500, "binary"),
    (codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8", "undecodable"),
])
def test_files_without_an_article(data, why):
    doc = parsed(data)
    assert not doc.ok and why in reasons(doc)


# --- front matter -----------------------------------------------------------------------------


def md(front: str, body: str = "Nội dung bài viết.\n") -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


def test_front_matter_fields():
    doc = parsed(md("title: Tiêu đề\ndate: 2020-04-09\nslug: tieu-de\ntime: '09:47'\nyear: 2020"), ".md")
    assert doc.ok, reasons(doc)
    assert doc.overrides == {"title": "Tiêu đề", "date": "2020-04-09", "slug": "tieu-de", "time": "09:47",
                             "year": 2020}
    assert doc.text == "Nội dung bài viết.\n" and doc.fmt == "md"


@pytest.mark.parametrize("value, day, time", [
    ("2019-05-24T10:15:00+07:00", "2019-05-24", "10:15"),      # Hugo's form
    ("2019-05-24T20:15:00Z", "2019-05-25", "03:15"),            # another zone: taken to UTC+7
    ("'2019-05-24 10:15'", "2019-05-24", "10:15"),              # a string YAML leaves alone
    ("2019-05-24 10:15:00", "2019-05-24", "10:15"),             # a YAML timestamp without a zone
    ("2019-05-24T00:00:00+07:00", "2019-05-24", None),          # midnight: what tools write for no time
    ("2019-05-24", "2019-05-24", None),
])
def test_a_date_with_a_time_of_day_gives_the_time_in_utc7(value, day, time):
    doc = parsed(md(f"title: A\ndate: {value}"), ".md")
    assert doc.ok and not doc.problems, reasons(doc)
    assert doc.overrides.get("date") == day and doc.overrides.get("time") == time
    # an explicit time wins over the date's
    doc = parsed(md(f"title: A\ndate: {value}\ntime: '08:00'"), ".md")
    assert doc.overrides["date"] == day and doc.overrides["time"] == "08:00"


@pytest.mark.parametrize("value, day, time", [
    ("24/5/2019", "2019-05-24", None),                         # as Vietnamese pages print it
    ("24-05-2019", "2019-05-24", None),
    ("24.5.2019", "2019-05-24", None),
    ("'Thứ Sáu, 24/05/2019 10:15'", "2019-05-24", "10:15"),    # a dateline copied whole
    ("'08:30 Thứ Sáu, 24/05/2019'", "2019-05-24", "08:30"),
    ("ngày 24 tháng 5 năm 2019", "2019-05-24", None),
    ("'Cập nhật ngày: 24/05/2019 (GMT+7)'", "2019-05-24", None),
])
def test_a_date_written_the_vietnamese_way_is_read_day_first(value, day, time):
    doc = parsed(md(f"title: A\ndate: {value}\nretrieved: 25/5/2019"), ".md")
    assert doc.ok and not doc.problems, reasons(doc)
    assert doc.overrides == {"title": "A", "date": day, "retrieved": "2019-05-25", **({"time": time} if time else {})}
    doc = parsed(md(f"title: A\ndate: {value}\ntime: 7h05"), ".md")     # an explicit time wins
    assert doc.overrides["date"] == day and doc.overrides["time"] == "07:05"


def test_a_vietnamese_date_that_is_no_day_is_refused_and_a_wrong_weekday_reported():
    for value in ("05/24/2019", "31/2/2019", "24/5/19999"):
        doc = parsed(md(f"title: A\ndate: {value}"), ".md")
        assert "date" not in doc.overrides and "ignored (line 3)" in reasons(doc), (value, reasons(doc))
    doc = parsed(md("title: A\ndate: 'Thứ Năm, 24/5/2019'"), ".md")
    assert doc.overrides["date"] == "2019-05-24"
    assert "names Thứ Năm, but 24/05/2019 was a Thứ Sáu; the day is kept (line 3)" in reasons(doc)


def test_text_fields_keep_a_number_or_truth_value_as_written():
    # YAML reads these as 2019, 615 (a base-60 number), 1.1 and True; each field holds text
    doc = parsed(md("title: 2019\ntime: 10:15\nslug: 1.10\ngenre: yes\nyear: 2019\ndraft: no\n"
                    "byline: 2019-05-24\ndate: 2019-05-24"), ".md")
    assert doc.ok and not doc.problems, reasons(doc)
    assert doc.overrides == {"title": "2019", "time": "10:15", "slug": "1.10", "genre": "yes",
                             "year": 2019, "draft": False, "byline": "2019-05-24", "date": "2019-05-24"}
    doc = parsed(b'+++\ntitle = 2019 # the year\nslug = 1.10\ngenre = true\nbyline = 2019-05-24\n+++\nx\n', ".md")
    assert doc.ok and not doc.problems, reasons(doc)
    assert doc.overrides == {"title": "2019", "slug": "1.10", "genre": "true", "byline": "2019-05-24"}
    # a field that is no text still wants its own type, also when an alias shares its value
    doc = parsed(md("title: A\nyear: abc"), ".md")
    assert "'year' has the wrong type" in reasons(doc)
    doc = parsed(md("year: &y 2019\ntitle: *y"), ".md")
    assert doc.overrides == {"year": 2019, "title": "2019"} and not doc.problems, reasons(doc)
    # a time with seconds or a one-digit hour is HH:MM
    assert parsed(md("title: A\ntime: 08:30:00"), ".md").overrides["time"] == "08:30"
    assert parsed(b'+++\ntitle = "A"\ntime = 10:15:00\n+++\nx\n', ".md").overrides["time"] == "10:15"
    assert parsed(md("title: A\ntime: '9:05'"), ".md").overrides["time"] == "09:05"
    # the value as written comes from the field's own line, not from a line of a multi-line string
    doc = parsed(b'+++\ncredit_outlet = """\ntitle = sai\n"""\ntitle = 2019\n+++\nx\n', ".md")
    assert doc.overrides["title"] == "2019" and not doc.problems, reasons(doc)


def test_toml_front_matter_is_read_as_hugo_reads_it():
    doc = parsed('+++\ntitle = "Tiêu đề"\ndate = 2019-05-24T20:15:00Z\ndraft = false\ntags = ["x"]\n+++\n\n'
                 'Nội dung bài viết.\n'.encode(), ".md")
    assert doc.ok and doc.overrides == {"title": "Tiêu đề", "date": "2019-05-25", "time": "03:15", "draft": False}
    assert [str(p) for p in doc.problems] == ["front-matter: front matter: unknown field 'tags' ignored (line 5)"]
    assert doc.text.strip() == "Nội dung bài viết."
    bad = parsed(b'+++\ntitle = "unclosed\n+++\nx\n', ".md")
    assert not bad.ok and "invalid TOML" in reasons(bad) and bad.problems[0].line == 2
    assert "never closed" in reasons(parsed(b'+++\ntitle = "x"\nNo end.\n', ".md"))


BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("front,why", [
    ("title: [unclosed", "invalid YAML"),
    ("title: {a: 1", "invalid YAML"),
    ("title: !!python/object/apply:os.system ['echo pwned']", "invalid YAML"),
    ("title: !!python/name:os.system", "invalid YAML"),
    (BOMB, "billion laughs"),
    ("- a\n- b", "must be a mapping"),
    ("title: x\ntitle: y\n" + "[" * 20000, "invalid YAML"),
])
def test_hostile_front_matter_is_refused(front, why):
    doc = parsed(md(front), ".md")
    assert not doc.ok and why in reasons(doc), reasons(doc)


def test_an_impossible_date_costs_only_its_field_and_each_field_names_its_line():
    doc = parsed(md("title: Tiêu đề\ndate: 2021-02-30\nbogus: 1\nslug: ../x"), ".md")
    assert doc.ok and doc.overrides == {"title": "Tiêu đề"}     # YAML itself gives up the whole mapping
    assert [(p.line, p.message.split(": ", 1)[1].split(" ")[0]) for p in doc.problems] == [
        (3, "date"), (4, "unknown"), (5, "slug")]
    side = parse_bytes(SourceDocument("x.txt"), "Tiêu đề\n\nNội dung.\n".encode(),
                       side_bytes=b"title: B\n\ndate: 2021-02-30\n", side_name="x.yaml")
    assert side.overrides == {"title": "B"} and [p.line for p in side.problems] == [3]
    assert "sidecar x.yaml: date '2021-02-30'" in str(side.problems[0])


def test_yaml_escapes_make_no_control_characters_in_fields():
    """The file's text is cleaned before YAML reads it; its escapes ("\\u202e", "\\x1b") make
    characters after that, so each field is cleaned again."""
    side = (b'title: "Ti\xc3\xaau \\u202e\xc4\x91\xe1\xba\xa3o\\u202c \\ufdd0\\x1b[31m \\x85 \\u2028x"\n'
            b'outlet: {name: "B\\x07\\u2066\xc3\xa1o"}\n')
    doc = parse_bytes(SourceDocument("x.txt"), "Tiêu đề\n\nNội dung.\n".encode(), side_bytes=side, side_name="x.yaml")
    assert doc.overrides["title"] == "Tiêu đảo [31m x"   # (NEL and U+2028: white space, collapsed)
    assert doc.overrides["outlet"] == {"name": "Báo"}


def test_unclosed_front_matter():
    doc = parsed(b"---\ntitle: x\nbody without end\n", ".md")
    assert not doc.ok and "never closed" in reasons(doc)


@pytest.mark.parametrize("front,field", [
    ("slug: ../../etc/passwd", "slug"), ("slug: /abs", "slug"), ("slug: a/b", "slug"),
    ("slug: '..'", "slug"), ("date: '2020-13-01'", "date"), ("time: '25:99'", "time"),
    ("year: 123456", "year"), ("genre: '<script>'", "genre"), ("primary_locality: ../x", "primary_locality"),
    ("title: [1, 2]", "title"), ("bogus: 1", "bogus"), ("outlet: {name: [1]}", "outlet"),
    ("date: 0001-01-01", "date"), ("retrieved: '0999-12-31'", "retrieved"),
])
def test_bad_fields_are_dropped_and_reported(front, field):
    doc = parsed(md(front), ".md")
    assert doc.ok, reasons(doc)
    assert field not in doc.overrides
    assert any(p.kind == "front-matter" and repr(field) in p.message or field in p.message for p in doc.problems)


def test_validate_overrides_keeps_good_fields():
    out, problems = validate_overrides({"title": "A", "slug": "../x", "year": True}, "sidecar")
    assert out == {"title": "A"} and len(problems) == 2


def test_sidecar_wins_and_broken_sidecar_is_reported(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text("Tiêu đề gốc\nNội dung.\n")
    (arts / "a.yaml").write_text("title: Tiêu đề sửa\n")
    (arts / "b.txt").write_text("Bài B\nNội dung B.\n")
    (arts / "b.yaml").write_text("title: [broken\n")
    (arts / "orphan.yaml").write_text("title: x\n")
    docs = {d.path: d for d in read_all(arts)}
    assert docs["a.txt"].overrides["title"] == "Tiêu đề sửa"
    assert docs["b.txt"].ok and "sidecar b.yaml: invalid YAML" in reasons(docs["b.txt"])
    assert not docs["orphan.yaml"].ok and "no article beside it" in reasons(docs["orphan.yaml"])


@pytest.mark.parametrize("defer", [False, True])
def test_a_sidecar_named_in_another_case_or_unicode_form_is_its_articles(tmp_path, defer):
    """"A.YAML" beside "A.TXT", or an NFD "Đà Nẵng.yaml" (as macOS writes names) beside an NFC
    "Đà Nẵng.txt": the same names in any listing, so the same article's sidecar, not an orphan."""
    from bantin.reader import reread, sidecar_of

    arts = tmp_path / "articles"
    arts.mkdir()
    nfc, nfd = "Bài ở Đà Nẵng", unicodedata.normalize("NFD", "Bài ở Đà Nẵng")
    (arts / "UPPER.TXT").write_text("Gốc\nNội dung một.\n", "utf-8")
    (arts / "UPPER.YAML").write_text("title: Sửa hoa\n", "utf-8")
    (arts / f"{nfc}.txt").write_text("Gốc\nNội dung hai.\n", "utf-8")
    (arts / f"{nfd}.yaml").write_text("title: Sửa NFD\n", "utf-8")
    (arts / "two.txt").write_text("Gốc\nNội dung ba.\n", "utf-8")
    (arts / "two.yaml").write_text("title: Từ yaml\n", "utf-8")
    (arts / "two.yml").write_text("title: Từ yml\n", "utf-8")
    docs = {d.path: d for d in read_all(arts, defer=defer)}
    assert docs["UPPER.TXT"].overrides["title"] == "Sửa hoa"
    assert docs[f"{nfc}.txt"].overrides["title"] == "Sửa NFD"
    assert docs["two.txt"].overrides["title"] == "Từ yaml"
    # the other sidecar of "two" is reported, not dropped in silence; none is an orphan
    assert not docs["two.yml"].ok and "a second sidecar for the article two: two.yaml is the one read" \
        in reasons(docs["two.yml"])
    assert "UPPER.YAML" not in docs and not any(p.endswith(".yaml") for p in docs)
    # one file's path: read_file (extract, new) and serve's reread see the same sidecars
    assert read_file(arts / "UPPER.TXT", "UPPER.TXT", tmp_path).overrides["title"] == "Sửa hoa"
    assert sidecar_of(arts / f"{nfc}.txt") == arts / f"{nfd}.yaml"
    assert reread(arts, "UPPER.TXT", content=tmp_path) is None   # has a sidecar: the folder is read


def test_one_files_read_lists_its_folder_once_and_sees_a_sidecar_added_later(tmp_path):
    """read_file (``extract`` of many files, serve's re-read) keeps a folder's sidecars while
    the folder is unchanged, and lists it again once a name is added there."""
    from bantin import reader as r

    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text("Gốc\nNội dung.\n", "utf-8")
    (arts / "b.txt").write_text("Gốc B\nNội dung B.\n", "utf-8")
    os.utime(arts, ns=(0, 0))   # an old stamp, so that the next name added surely changes it
    listed: list[str] = []
    real = r.os.listdir
    r.os.listdir = lambda folder: listed.append(folder) or real(folder)
    try:
        assert "title" not in read_file(arts / "a.txt", "a.txt", tmp_path).overrides
        assert "title" not in read_file(arts / "b.txt", "b.txt", tmp_path).overrides
        assert len(listed) == 1
        (arts / "a.YML").write_text("title: Sửa\n", "utf-8")
        assert read_file(arts / "a.txt", "a.txt", tmp_path).overrides["title"] == "Sửa"
        assert len(listed) == 2
    finally:
        r.os.listdir = real


# --- files on disk ----------------------------------------------------------------------------


def test_links_fifos_hidden_and_odd_files(tmp_path):
    content = tmp_path / "content"
    arts = content / "articles"
    (arts / "sub").mkdir(parents=True)
    (arts / "real.txt").write_text("Bài thật\nNội dung.\n")
    (tmp_path / "secret.txt").write_text("Bí mật\nKhông được đọc.\n")
    (content / "elsewhere.txt").write_text("Trong content\nĐược đọc.\n")
    (arts / "inside.txt").symlink_to(arts / "real.txt")
    (arts / "inside-content.txt").symlink_to(content / "elsewhere.txt")
    (arts / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (arts / "dotdot.txt").symlink_to("../../secret.txt")
    (arts / "dangling.txt").symlink_to(arts / "nope.txt")
    (arts / "loop1.txt").symlink_to(arts / "loop2.txt")
    (arts / "loop2.txt").symlink_to(arts / "loop1.txt")
    (arts / "dirlink").symlink_to(tmp_path)
    (arts / "side.txt").write_text("Bài có sidecar\nNội dung.\n")
    (arts / "side.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "secret.yaml").write_text("title: LEAKED\n")
    os.mkfifo(arts / "pipe.txt")
    (arts / ".hidden.txt").write_text("x")
    (arts / "notes.html").write_text("<p>x</p>")
    (arts / "folder.txt").mkdir()   # a folder named like an article is a folder: walked
    (arts / "folder.txt" / "inner.txt").write_text("Bên trong\nNội dung.\n")
    (arts / "sub" / "deep.md").write_text("---\ntitle: Sâu\n---\nNội dung.\n")
    docs = {d.path: d for d in read_all(arts, content=content)}
    ok = {p for p, d in docs.items() if d.ok}
    assert ok == {"real.txt", "inside.txt", "inside-content.txt", "side.txt", "sub/deep.md", "folder.txt/inner.txt"}
    why = {p: reasons(d) for p, d in docs.items()}
    assert "outside content/" in why["outside.txt"] and "outside content/" in why["dotdot.txt"]
    assert "dangling" in why["dangling.txt"]
    assert "cannot be resolved" in why["loop1.txt"] or "cannot read" in why["loop1.txt"]
    assert "outside content/" in why["dirlink"] or "folder" in why["dirlink"]
    assert "FIFO" in why["pipe.txt"]
    assert "hidden" in why[".hidden.txt"]
    assert "not an article file" in why["notes.html"]
    assert "LEAKED" not in str(docs["side.txt"].overrides) and "outside content/" in why["side.txt"]


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("x\ny\n")
    if os.geteuid() != 0:
        p.chmod(0)
    else:   # root reads through chmod 000: make the read itself fail instead
        def deny(*a, **k):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(reader.os, "open", deny)
    doc = read_file(p, "a.txt", tmp_path)
    assert not doc.ok and "cannot read" in reasons(doc) and "Permission denied" in reasons(doc)


def test_size_limit_is_reported(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"Tieu de\n" + b"x" * 2000)
    doc = read_file(p, "big.txt", tmp_path, max_bytes=1000)
    assert not doc.ok and doc.problems[0].kind == "size-limit" and "1,000" in doc.problems[0].message


def test_file_names_that_are_not_utf8(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    name = os.fsdecode(b"b\xff\x1b.txt")
    (arts / name).write_text("Tiêu đề\nNội dung.\n")
    [doc] = read_all(arts)
    doc.path.encode("utf-8")   # printable and storable
    assert doc.path == "b\\xff\\x1b.txt" and doc.ok


def test_large_input_decodes_whole():
    # (its speed is measured in bench/linear.py and bench/fuzz.py, not here)
    big = (TEXT * 25_000).encode("utf-8")     # ~2.5 MB
    assert decode(big)[0] == TEXT * 25_000
    assert normalize_text(big.decode()) == TEXT * 25_000
    cp = (to_cp1258_form(TEXT) * 25_000).encode("cp1258")
    text, enc, _ = decode(cp)
    assert enc == "cp1258" and normalize_text(text) == TEXT * 25_000


def test_symlinked_content_root(tmp_path):
    real = tmp_path / "real"
    (real / "articles").mkdir(parents=True)
    (real / "articles" / "a.txt").write_text("Tiêu đề\nNội dung.\n")
    link = tmp_path / "link"
    link.symlink_to(real)
    [doc] = read_all(Path(link) / "articles", content=link)
    assert doc.ok


# --- the fast paths give what the general path gives ---------------------------------------------


def _general(data: bytes) -> tuple[str, str, list[str]]:
    """decode + normalize_text, the path every file took before the plain-UTF-8 shortcut."""
    text, enc, notes = decode(data)
    return normalize_text(text), enc, notes


@pytest.mark.parametrize("text", [
    TEXT,
    "Giá\u00a0xăng «tăng» 5° · ­mềm\n",                   # C2 lead bytes that need no repair
    "Có\u0085NEL và \u0086 C1\n", "dòng\u2028mới\u2029đoạn\n", "giữa\ufeffBOM và \ufffe\uffff\n",
    "CR\r\nvà\rLF\n", "tab\tvà\x0bVT\x0cFF\x1c\x1d\x1e\x1f\x7f\n", "NUL\x00ở giữa\n",
    "NGÃ BA ĐỒNG LỘC “NGÃ”\n", "Hòa Vang".encode().decode("latin-1") + "\n",
    unicodedata.normalize("NFD", TEXT),
    "Đà Nẵ\u00adng, Nẵ\u200bng, 05-CT/\u2060TW, \u202etiêu đề\u202c, Đà\u180eNẵng, \u2066x\u2069\n",
    "không có gì ẩn: \u2070\u2074 \u20ac \u2030 \u2044\n",        # E2 81/82 neighbours that stay
    "phi ký tự \ufdd0, \ufdef, \U0001fffe và \U0010ffff bị bỏ; \ufdcf và \ufdf0 ở lại\n",   # noncharacters
])
def test_plain_utf8_shortcut_matches_the_general_path(text):
    data = text.encode("utf-8")
    doc = parsed(data)
    want, enc, notes = _general(data)
    assert doc.ok and doc.text == want and doc.encoding == enc
    assert bool(notes) == any(p.kind == "encoding" for p in doc.problems)


@pytest.mark.parametrize("mark", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\u202e", "\u200f"])
def test_invisible_characters_inside_words_do_not_hide_them(extractor, mark):
    # a soft hyphen, a zero-width space or joiner, a word joiner, a direction mark or override
    text = ("Tiêu đề bài viết\n\nSáng nay, Tỉnh ủy Quảng Nam triển khai Chỉ thị số 05-CT/TW tại Đà Nẵng.\n\n"
            "Minh Anh\n")
    hidden = text.replace("05-CT/TW", f"05-CT/{mark}TW").replace("Nẵng", f"Nẵ{mark}ng").replace("Minh", f"Mi{mark}nh")
    doc = parsed(hidden.encode("utf-8"))
    # bidirectional overrides are dropped from the text; the others stay (a title is kept as printed)
    assert doc.text == (text if mark == "\u202e" else hidden)
    record = extractor.extract(doc)
    assert all(mark not in b.text for b in record.blocks)
    assert [d.key for d in record.directives] == ["05-CT/TW"]
    assert {loc.key for loc in record.localities} == {"da-nang", "quang-nam"}
    assert record.byline is not None and record.byline.name == "Minh Anh"


@pytest.mark.parametrize("mark", ["\u00ad", "\u200b"])
def test_invisible_characters_in_the_title_do_not_mislead_the_finders(extractor, mark):
    # the title is kept as printed, but read without them: "Trương" is still a family name, so
    # "Trương Hòa Bình" is a person, not the province of Hòa Bình
    title = f"Phó Thủ tướng Tr{mark}ương Hòa Bình: Phấn đấu tăng trưởng"
    doc = parsed(f"{title}\n\nSáng nay, hội nghị diễn ra tại Hà Nội.\n".encode("utf-8"))
    record = extractor.extract(doc)
    assert record.title == title
    assert {loc.key for loc in record.localities} == {"ha-noi"}


def test_percent_repair_in_pieces_matches_repair_of_the_whole_text():
    """Only the words around a '%' go through NFD; the result is that of NFD, repair, NFC on everything."""
    def whole(s: str) -> str:
        nfd = unicodedata.normalize("NFD", s)
        return unicodedata.normalize("NFC", reader._PERCENT_IN_LETTER.sub(r"\1\2", nfd))

    samples = [
        "Bô%3ḅ Chín", "cán bô%3ḅ, đản", "%%3ḅ", "a%\n%3ḅ", "ô%3ḅ%3ḅ ô%3ḅ\nô%3ḅ", "100% dân số", "ơ%F\u0301",
        "ệ%3ḅ", "Bô%3ḅ" * 3 + " x%2" + " " + "o\u0302%A1b\u0323" + "\n%", "e%é\u0301 a%%3ḅ", "%",
        unicodedata.normalize("NFD", "Thủ đô%3ḅ Hòa Vang%3ḅ\n" * 3),
    ]
    for s in samples:
        assert normalize_text(s) == whole(s), s


def test_read_all_falls_back_when_the_fast_open_fails(tmp_path, monkeypatch):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text("Tiêu đề\nNội dung.\n")

    def deny(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(reader.os, "open", deny)
    [doc] = read_all(arts)
    assert not doc.ok and "Permission denied" in reasons(doc)


def test_stamps_skip_unchanged_files_and_catch_edits(tmp_path):
    """serve's stamps: an unchanged file is not read again; an edited one is."""
    from bantin.reader import read_all

    arts = tmp_path / "articles"
    arts.mkdir()
    for i in range(3):
        (arts / f"a{i}.txt").write_text(f"Tiêu đề {i}\n\nĐoạn văn số {i} của bài.\n", "utf-8")
    (arts / "a2.yaml").write_text("title: Tiêu đề khác\n", "utf-8")   # with a sidecar: always read
    stamps: dict = {}
    first = {d.path: d.digest for d in read_all(arts, known=lambda rel, dg: True, stamps=stamps)}
    assert set(stamps) == {"a0.txt", "a1.txt"}
    calls: list[str] = []
    again = read_all(arts, known=lambda rel, dg: calls.append(rel) or True, stamps=stamps)
    assert {d.path: d.digest for d in again} == first and all(d.cached for d in again)
    (arts / "a1.txt").write_text("Tiêu đề 1\n\nĐoạn văn đã sửa, dài hơn trước.\n", "utf-8")
    third = {d.path: d.digest for d in read_all(arts, known=lambda rel, dg: True, stamps=stamps)}
    assert third["a1.txt"] != first["a1.txt"] and third["a0.txt"] == first["a0.txt"]
