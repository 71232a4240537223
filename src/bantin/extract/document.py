"""The full text of an official document (văn bản) saved as an article.

Party sites publish directives and resolutions whole ("Toàn văn Chỉ thị số 05-CT/TW"). Such a text
opens with the document's header, not a news page's: the issuing body, the Party's or the State's
motto, the number ("Số 05-CT/TW"), the place and date of issue ("Hà Nội, ngày 15 tháng 5 năm
2016"), the kind in capitals ("CHỈ THỊ") and the subject ("về đẩy mạnh ..."). It ends with the
signature ("T/M BỘ CHÍNH TRỊ", "TỔNG BÍ THƯ", the name) and the list of recipients ("Nơi nhận:").
Read as news, the issuing body was the title, the date of issue a caption and the recipients an
interview's questions.

``read_document`` recognises the header (the kind line, and before it the number, the place and
date or a motto) and gives the layout a text made of the document's title and its body, with the
date of issue, the signer and the header and footer lines it dropped. Anything else is news: None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..text import fold, tone_normalize
from .bylines import title_case
from .dates import DateHit

_HEAD_LINES = 16            # the header is in the first lines that hold text ...
_HEAD_CHARS = 2000          # ... within the first characters (a header's lines are short)
_TAIL_LINES = 40            # the signature and the recipients are in the last ones

# a document's kind, alone on its line in capitals ("CHỈ THỊ"), as printed -> as a title says it
KINDS = {
    "CHỈ THỊ": "Chỉ thị", "NGHỊ QUYẾT": "Nghị quyết", "KẾT LUẬN": "Kết luận", "QUY ĐỊNH": "Quy định",
    "QUYẾT ĐỊNH": "Quyết định", "HƯỚNG DẪN": "Hướng dẫn", "KẾ HOẠCH": "Kế hoạch", "THÔNG BÁO": "Thông báo",
    "THÔNG TRI": "Thông tri", "NGHỊ ĐỊNH": "Nghị định", "THÔNG TƯ": "Thông tư", "QUY CHẾ": "Quy chế",
    "CHƯƠNG TRÌNH": "Chương trình", "ĐỀ ÁN": "Đề án", "LUẬT": "Luật", "PHÁP LỆNH": "Pháp lệnh",
    "THÔNG BÁO KẾT LUẬN": "Thông báo kết luận", "CÔNG ĐIỆN": "Công điện", "CÔNG VĂN": "Công văn",
}
_MOTTOS = ("dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
           "doc lap – tu do – hanh phuc", "doc lap-tu do-hanh phuc")
# "Số 05-CT/TW", "Số: 1234/QĐ-UBND": a number with a slash or a dash in it
_NUMBER = re.compile(r"^Số\s?:?\s?(?P<code>\d[\w./\-–]{2,40})$", re.I)
# "Hà Nội, ngày 15 tháng 5 năm 2016", "TP. Hồ Chí Minh, ngày 07 tháng 6 năm 2019"
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s?ngày\s{1,2}(?P<d>\d{1,2})\s{1,2}tháng\s{1,2}(?P<m>\d{1,2})"
                         r"\s{1,2}năm\s{1,2}(?P<y>\d{4})\.?$", re.I)
_SUBJECT = re.compile(r"^(?:về|v/v|về việc)\s", re.I)
# the signature: "T/M BAN THƯỜNG VỤ", "TM. BAN CHẤP HÀNH", "K/T CHỦ TỊCH", "Q. BÍ THƯ", "TL. ..."
_ON_BEHALF = re.compile(r"^(?:T/M|TM\.?|K/T|KT\.?|Q\.|TL\.?|T/L|THAY MẶT|THỪA LỆNH)\s", re.I)
_RECIPIENTS = re.compile(r"^Nơi nhận\s?:", re.I)
_SIGNED = re.compile(r"^[(\[]?\s?đã ký\s?[)\]]?$", re.I)    # "(Đã ký)": the copy's note of a signature


# words of an office, not of a name ("TỔNG BÍ THƯ", "PHÓ CHỦ TỊCH"), with their tone marks: folded,
# "trưởng" would be the surname Trương
_OFFICE_WORDS = frozenset(tone_normalize(w) for w in
                          "bí thư chủ tịch trưởng phó giám đốc thủ tướng ủy viên ban bộ tổng cục".split())


def _signer_name(s: str) -> bool:
    """A person's name under a signature: two to five words, each with a capital, no digit, and
    not an office ("TỔNG BÍ THƯ" closes a signature whose name was left out)."""
    words = s.split()
    return 2 <= len(words) <= 5 and len(s) <= 40 and not any(c.isdigit() for c in s) \
        and all(w[:1].isupper() for w in words) and not _ON_BEHALF.match(s) \
        and not (_caps(s) and set(tone_normalize(s).lower().split()) & _OFFICE_WORDS)


@dataclass
class DocumentParts:
    text: str                               # the title line, a blank line and the body
    title: str
    issued: DateHit | None = None
    issued_line: int | None = None
    signer: str | None = None               # the name under the signature, in title case
    signer_raw: str | None = None           # the signature's lines, joined by " / "
    dropped: list[str] = field(default_factory=list)


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def read_document(text: str) -> DocumentParts | None:
    """The parts of an official document's full text, or None when ``text`` is not one. A news
    article costs a look at its first sixteen lines for a kind line (a few microseconds)."""
    head: list[tuple[int, str]] = []            # (index, stripped) of the first lines with text
    kind_at = None
    for i, raw in enumerate(text[:_HEAD_CHARS].split("\n")):
        s = raw.strip()
        if s:
            if kind_at is None and s.rstrip(".:") in KINDS:
                kind_at = len(head)
            head.append((i, s))
            if len(head) >= _HEAD_LINES:
                break
    if kind_at is None:
        return None
    head = [(i, " ".join(s.split())) for i, s in head]
    before = head[:kind_at]
    number = next((m.group("code") for _, s in before if (m := _NUMBER.match(s))), None)
    place_date = next(((i, m) for i, s in before if (m := _PLACE_DATE.match(s))), None)
    motto = any(fold(s).strip(" *-") in _MOTTOS for _, s in before)
    if number is None and place_date is None and not motto:
        return None      # a line "CHỈ THỊ" in a news article: a heading, not a document's header
    if any(len(s) > 160 for _, s in before):
        return None      # a paragraph above it: text, not a header

    lines = text.split("\n")
    kind = KINDS[head[kind_at][1].rstrip(".:")]
    dropped = [s for _, s in head[:kind_at + 1]]
    # after the kind: who issued it ("CỦA BỘ CHÍNH TRỊ") and what about ("về ...", "V/v ...")
    k = kind_at + 1
    subject = ""
    while k < len(head) and k <= kind_at + 3:
        s = head[k][1]
        if _caps(s) and not _SUBJECT.match(s) and len(s) <= 120:
            dropped.append(s)                # "CỦA BỘ CHÍNH TRỊ", "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG"
            k += 1
            continue
        if _SUBJECT.match(s) and len(s) <= 300:
            subject = s if not _caps(s) else s[:1] + s[1:].lower()
            dropped.append(s)
            k += 1
        break
    if subject.lower().startswith("v/v "):
        subject = "về việc " + subject[4:]
    title = " ".join(x for x in (kind, f"số {number}" if number else "", subject) if x)
    body_from = head[k][0] if k < len(head) else len(lines)

    # the end: the recipients' list and the signature, in either order, among the last lines
    body = lines[body_from:]
    cut = len(body)
    signer = signer_raw = None
    tail_start = max(0, len(body) - _TAIL_LINES)
    for j in range(tail_start, len(body)):
        s = " ".join(body[j].split())
        if _RECIPIENTS.match(s) or (_ON_BEHALF.match(s) and _caps(s[3:])):
            cut = j
            break
    tail = [" ".join(x.split()) for x in body[cut:]]
    tail = [s for s in tail if s]
    on = next((n for n, s in enumerate(tail) if _ON_BEHALF.match(s)), None)
    if on is not None:
        # the signature runs from "T/M ..." to the recipients' list, or to the end
        stop = next((n for n in range(on + 1, len(tail)) if _RECIPIENTS.match(tail[n])), len(tail))
        block = [s for s in tail[on:stop] if not _SIGNED.match(s)]
        if len(block) >= 2 and _signer_name(block[-1]):
            signer = title_case(block[-1])
            signer_raw = " / ".join(block)
    dropped.extend(tail)

    issued = None
    issued_line = None
    if place_date is not None:
        i, m = place_date
        try:
            issued = DateHit(date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), None, None, None)
            issued_line = i + 1
        except ValueError:
            issued = None
    body_text = "\n".join(body[:cut]).strip("\n")
    return DocumentParts(text=f"{title}\n\n{body_text}\n", title=title, issued=issued, issued_line=issued_line,
                         signer=signer, signer_raw=signer_raw, dropped=dropped)
