"""Generate a hostile input corpus beside the shipped content, with what the build must do with each file.

Every case is written by code (no committed binaries). ``make_corpus(content)`` adds the files under
``content/articles/zz-hostile/`` (and a few helpers outside ``articles/``) and returns the
expectations: ``{relative path: Expect}``. The seeds stay where they are and must still build.
"""

from __future__ import annotations

import codecs
import html
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from support import CONTENT

TONES = "\u0300\u0301\u0303\u0309\u0323"
SUB = "zz-hostile"
SIZE_LIMIT = 6_000_000          # max_article_bytes set in the copy's site.yaml

# Raw tags from the hostile input that must never appear unescaped in any output file. (Escaped, as
# "&lt;img src=x onerror=...", they are harmless text and allowed.)
MARKERS = ["<script>alert(", "<img src=x", "<iframe", "<svg onload", "<style>body"]


@dataclass
class Expect:
    status: str                          # built | duplicate | skipped
    reason: str | None = None            # substring of the report's reason (skipped) or a warning
    duplicate_of: str | None = None
    title: str | None = None             # exact built title
    warning_kinds: set[str] = field(default_factory=set)
    encoding: str | None = None          # the encoding the report must name


def seeds() -> list[Path]:
    return sorted((CONTENT / "articles").glob("*.txt"))


def to_cp1258(s: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed (â ơ ư đ), tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        d = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in d if c not in TONES)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in d if c in TONES))
    return "".join(out).encode("cp1258")


def mojibake(s: str, codec: str = "sloppy-windows-1252") -> str:
    """UTF-8 text decoded as Windows-1252 (as browsers do, undefined bytes kept) and saved again."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return s.encode("utf-8").decode(codec)


def retitle(text: str, title: str, new: str) -> str:
    """The seed's text with its title line changed (so the file is not a duplicate of the seed)."""
    assert title in text, title
    return text.replace(title, new, 1)


def make_corpus(content: Path, seed_titles: dict[str, str]) -> dict[str, Expect]:
    """Write the hostile files; ``seed_titles`` maps seed file name -> its extracted title."""
    arts = content / "articles"
    h = arts / SUB
    h.mkdir()
    exp: dict[str, Expect] = {}
    names = [p.name for p in seeds()]
    texts = [(CONTENT / "articles" / n).read_text(encoding="utf-8") for n in names]

    def put(name: str, data: bytes | str, expect: Expect) -> None:
        p = h / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        exp[f"{SUB}/{name}"] = expect

    # --- site.yaml: a size limit, and markup in a data file -------------------------------
    site = (content / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("max_article_bytes: 8000000", f"max_article_bytes: {SIZE_LIMIT}")
    assert f"max_article_bytes: {SIZE_LIMIT}" in site
    site = site.replace('title: "Bản tin"', 'title: "Bản tin <script>alert(\'site\')</script>"')
    site = site.replace('description: "', 'description: "<img src=x onerror=alert(\'desc\')> ', 1)
    (content / "site.yaml").write_text(site, encoding="utf-8")

    # --- encodings: each a re-encoded seed with its title tagged, so it builds on its own ----
    def variant(i: int, tag: str) -> tuple[str, str]:
        t = seed_titles[names[i % 5]]
        new = f"{t} (bản {tag})"
        return retitle(texts[i % 5], t, new), new

    t, title = variant(0, "utf8 bom")
    put("enc-utf8-bom.txt", codecs.BOM_UTF8 + t.encode(), Expect("built", title=title, encoding="utf-8-sig"))
    t, title = variant(1, "utf16 le")
    put("enc-utf16le.txt", codecs.BOM_UTF16_LE + t.encode("utf-16-le"), Expect("built", title=title, encoding="utf-16-le"))
    t, title = variant(2, "utf16 be")
    put("enc-utf16be.txt", codecs.BOM_UTF16_BE + t.encode("utf-16-be"), Expect("built", title=title, encoding="utf-16-be"))
    t, title = variant(3, "cp1258")
    put("enc-cp1258.txt", to_cp1258(t), Expect("built", title=title, encoding="cp1258"))
    t, title = variant(4, "mojibake")
    put("enc-mojibake-1252.txt", mojibake(t), Expect("built", title=title, reason="mojibake repaired"))
    t, title = variant(0, "latin1 mojibake")
    put("enc-mojibake-latin1.txt", mojibake(t, "latin-1"), Expect("built", title=title, reason="mojibake repaired"))
    t, title = variant(1, "nfd")
    put("enc-nfd.txt", unicodedata.normalize("NFD", t), Expect("built", title=title))
    t, title = variant(2, "crlf")
    put("enc-crlf.txt", t.replace("\n", "\r\n"), Expect("built", title=title))
    t, title = variant(3, "cr")
    put("enc-cr.txt", t.replace("\n", "\r"), Expect("built", title=title))
    t, title = variant(4, "nul")
    put("enc-nul.txt", t.replace("\n", "\x00\n", 5).encode(), Expect("built", title=title, reason="NUL characters removed"))
    t, title = variant(0, "cut short")
    cut = t.encode()
    cut = cut[:cut.rindex("ạ".encode()) + 2]      # the file ends inside a character
    put("enc-cut-inside-a-character.txt", cut, Expect("built", title=title, reason="ends inside a character"))
    t, title = variant(1, "flipped byte")
    flipped = bytearray(t.encode())
    flipped[flipped.rindex("ộ".encode()) + 1] = 0x41   # a byte of a character in the body damaged
    put("enc-flipped-byte.txt", bytes(flipped), Expect("built", title=title, reason="shown as \ufffd"))
    t, title = variant(2, "legacy line")
    lines = t.split("\n")
    k = max(range(len(lines)), key=lambda i: len(lines[i]))   # the longest paragraph, pasted from a 1258 page
    legacy = b"\n".join(to_cp1258(x) if i == k else x.encode() for i, x in enumerate(lines))
    put("enc-legacy-line.txt", legacy, Expect("built", title=title, reason="in Windows-1258/1252 among UTF-8"))

    # --- HTML left in a text file: a page's inner HTML, the entities of an old CMS --------------
    t, title = variant(3, "html")
    page = "".join(f"<p>{html.escape(x, quote=False)}</p>\n" if x.strip() else "\n" for x in t.split("\n"))
    put("markup-inner-html.txt", '<div class="article">\n<script>var x = "<p>không phải chữ</p>";</script>\n'
        + page + "</div>", Expect("built", title=title, reason="turned into lines of text"))
    t, title = variant(4, "entities")
    put("markup-entities.txt", "".join(f"&#{ord(c)};" if ord(c) > 0x7F and i % 3 else c for i, c in enumerate(t)),
        Expect("built", title=title, reason="HTML character references decoded"))

    # --- exact duplicates (same normalised body) ----------------------------------------------
    put("dup-crlf-copy.txt", texts[0].replace("\n", "\r\n"), Expect("duplicate", duplicate_of=names[0]))
    put("dup-nfd-bom-copy.txt", codecs.BOM_UTF8 + unicodedata.normalize("NFD", texts[1]).encode(),
        Expect("duplicate", duplicate_of=names[1]))
    put("dup-spaces-copy.txt", texts[2].replace(" ", "  ").replace("\n", " \n"), Expect("duplicate", duplicate_of=names[2]))

    # --- files that yield no article -----------------------------------------------------------
    put("empty.txt", b"", Expect("skipped", "empty file"))
    put("blank.txt", b"  \n\t\n\r\n   ", Expect("skipped", "only white space"))
    put("invisible-only.txt", "\u200b\u200c\u200d\u00ad \n\ufeff\u2060\n".encode() * 200,   # (a soft hyphen is
        Expect("skipped", "invisible characters"))                              # TCVN3's "ư": no font)
    put("blank-utf16.txt", codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le"), Expect("skipped", "only white space"))
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, Expect("skipped", "binary"))
    put("gzip.md", b"\x1f\x8b\x08\x00" + bytes((i * 37) % 256 for i in range(4000)), Expect("skipped", "binary"))
    put("undecodable.txt", codecs.BOM_UTF16_LE + "Tiêu đề".encode("utf-16-le") + b"\x00\xd8",
        Expect("skipped", "undecodable"))
    put("fm-unclosed-bracket.md", "---\ntitle: [Chỉ thị 05\ndate: 2020-01-01\n---\nNội dung.\n",
        Expect("skipped", "invalid YAML"))
    put("fm-impossible-date.md", "---\ntitle: Ngày không có\ndate: 2021-02-30\n---\nNội dung.\n",
        Expect("built", "not a real date", title="Ngày không có", warning_kinds={"front-matter"}))
    bomb = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "title: *i\n"
    put("fm-billion-laughs.md", f"---\n{bomb}---\nNội dung.\n", Expect("skipped", "billion laughs"))
    put("fm-python-tag.md", "---\ntitle: !!python/object/apply:os.system ['touch /tmp/bantin-pwned']\n---\nNội dung.\n",
        Expect("skipped", "invalid YAML"))
    put("fm-python-name.md", "---\ntitle: !!python/name:os.system\n---\nNội dung.\n", Expect("skipped", "invalid YAML"))
    put("fm-never-closed.md", "---\ntitle: Mở mà không đóng\nNội dung không bao giờ hết.\n",
        Expect("skipped", "never closed"))
    put("fm-not-mapping.md", "---\n- một\n- hai\n---\nNội dung.\n", Expect("skipped", "mapping"))
    put("fm-only.md", "---\ndate: 2020-01-01\n---\n\n", Expect("skipped", "no text after the front matter"))
    put("orphan.yaml", "title: Không có bài\n", Expect("skipped", "no article beside it"))
    put("notes.html", "<script>alert('html')</script>", Expect("skipped", "not an article file"))
    put(".hidden.txt", "Ẩn\nNội dung.\n", Expect("skipped", "hidden"))
    # size: over the configured limit (sparse: costs no disk)
    with open(h / "too-big.txt", "wb") as f:
        f.write(b"Qua lon\n")
        f.truncate(SIZE_LIMIT + 1)
    exp[f"{SUB}/too-big.txt"] = Expect("skipped", f"over the limit of {SIZE_LIMIT:,}")

    # --- symbolic links and special files ------------------------------------------------------
    outside = content.parent / "outside-secret.txt"
    outside.write_text("Bí mật bên ngoài\nKhông bao giờ được xuất bản: SECRET-OUTSIDE.\n", encoding="utf-8")
    (content / "extra").mkdir()
    inside_target = content / "extra" / "linked.txt"
    inside_text, inside_title = variant(3, "liên kết")
    inside_target.write_text(inside_text, encoding="utf-8")
    links = {
        "link-inside.txt": (inside_target, Expect("built", title=inside_title)),
        "link-outside.txt": (outside, Expect("skipped", "outside content/")),
        "link-dotdot.txt": (Path("../../../outside-secret.txt"), Expect("skipped", "outside content/")),
        "link-etc.txt": (Path("/etc/hostname"), Expect("skipped", "outside content/")),
        "link-dangling.txt": (h / "no-such-file.txt", Expect("skipped", "dangling")),
        "link-loop-a.txt": (h / "link-loop-b.txt", Expect("skipped", "cannot")),
        "link-loop-b.txt": (h / "link-loop-a.txt", Expect("skipped", "cannot")),
        "link-dir": (content.parent, Expect("skipped", "outside content/")),
    }
    for name, (target, e) in links.items():
        (h / name).symlink_to(target)
        exp[f"{SUB}/{name}"] = e
    os.mkfifo(h / "fifo.txt")
    exp[f"{SUB}/fifo.txt"] = Expect("skipped", "FIFO")
    # a sidecar that is a link outside content/: ignored, reported, the article still builds
    t, title = variant(4, "sidecar ngoài")
    put("side-outside.txt", t, Expect("built", title=title, reason="sidecar side-outside.yaml ignored"))
    (content.parent / "outside.yaml").write_text("title: SECRET-SIDECAR\n")
    (h / "side-outside.yaml").symlink_to(content.parent / "outside.yaml")

    # --- size and pathological text ------------------------------------------------------------
    paras = [ln for ln in texts[0].split("\n") if len(ln) > 200]   # the seed's body paragraphs
    body, k = [], 0
    while sum(len(x.encode()) + 2 for x in body) < 5_000_000:
        body.append(f"{k}. {paras[k % len(paras)]}")
        k += 1
    big_text = "Bài rất dài năm megabyte\n\n" + "\n\n".join(body) + "\n\nNgọc Phú\n"
    put("big-5mb.txt", big_text, Expect("built", title="Bài rất dài năm megabyte"))
    put("patho-chi-thi.txt", "Chỉ thị số dài bất thường\n"
        + "Thực hiện Chỉ thị số " + "1234567890-" * 3000 + "/" + "-" * 20000 + "CT/TW\n"
        + ("Chỉ thị số " + "9" * 2000 + "-" * 2000 + " ") * 30 + "\n", Expect("built"))
    put("patho-ngay.txt", "Ngày và ngày\n" + "ngày " * 30000 + "\n" + "ngày 1 tháng " * 20000 + "\n"
        + "Thứ Năm, ngày " * 5000 + "\n" + "/".join(["1"] * 50000) + "\n", Expect("built"))
    put("patho-dashes.txt", "Gạch ngang\n" + "- " * 100000 + "\n" + "–" * 100000 + "\n" + "(" * 50000 + "\n",
        Expect("built"))

    # --- injection -----------------------------------------------------------------------------
    put("inj-front-matter.md", """---
title: "<script>alert('title')</script> Chỉ thị 05-CT/TW <b>inj</b>"
byline: "<img src=x onerror=alert('byline')>"
outlet: {key: "<svg onload=alert('outlet')>", name: "<svg onload=alert('outlet-name')>"}
genre: news
slug: ../../../../tmp/bantin-pwned
date: 2020-04-09
---
Lead với <script>alert('body')</script> và <img src=x onerror=alert('img')> và <iframe src="//evil"></iframe>.

Một [liên kết](javascript:alert('mdlink')) và <a href="javascript:alert('a')" onclick="alert('click')">thẻ a</a>.

<style>body{display:none}</style>

## Tiêu đề <script>alert('h2')</script>

- Câu hỏi có <b>inj</b> markup?

![Ảnh <img src=x onerror=alert('alt')>](javascript:alert('img-src'))
""", Expect("built", reason="slug"))
    put("inj-abs-slug.md", "---\ntitle: Bài có slug tuyệt đối\nslug: /etc/passwd\n---\nNội dung bình thường của bài.\n",
        Expect("built", reason="slug"))
    put("inj-text.txt", "Thứ Năm, ngày 9 tháng 4 năm 2020\n<script>alert('txt-title')</script> Chỉ thị 05-CT/TW\n\n"
        "(ĐCSVN) - Nội dung <img src=x onerror=alert('txt-body')> về Chỉ thị số 05-CT/TW tại "
        "<iframe src=x></iframe> Thành phố Đà Nẵng.\n\n<b>inj</b> Nguyễn Văn A\n", Expect("built"))
    put("inj-csv.md", "---\ntitle: \"=HYPERLINK(\\\"http://evil.example/\\\",\\\"bấm\\\")\"\nbyline: \"+cmd|' /C calc'!A0\"\n"
        "---\n@SUM(1+1) dòng đầu\n\n-2+3 dòng hai\n", Expect("built"))
    t, title = variant(2, "sidecar markup")
    put("inj-sidecar.txt", t, Expect("built", title="<script>alert('sidecar')</script> tiêu đề"))
    (h / "inj-sidecar.yaml").write_text("title: \"<script>alert('sidecar')</script> tiêu đề\"\n"
                                        "byline: \"<img src=x onerror=alert('sb')>\"\n", encoding="utf-8")

    # --- slug collisions: same slug asked for, different bodies --------------------------------
    put("slug-a.md", "---\ntitle: Trùng tên bài\nslug: trung-ten\n---\nNội dung thứ nhất, khác hẳn.\n",
        Expect("built", title="Trùng tên bài"))
    put("slug-b.md", "---\ntitle: Trùng tên bài\nslug: trung-ten\n---\nNội dung thứ hai, cũng khác.\n",
        Expect("built", title="Trùng tên bài", reason="slug-collision"))
    put("sub/deeper/slug-c.md", "---\ntitle: Trùng tên bài\nslug: trung-ten\n---\nNội dung thứ ba.\n",
        Expect("built", title="Trùng tên bài", reason="slug-collision"))
    return exp
