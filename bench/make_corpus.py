#!/usr/bin/env python3
# Origin: copied from ../shared/bench/make_corpus.py (the shared benchmark material the Hugo and
# Pelican reference figures were measured with). Keep the generator itself identical so corpora
# stay comparable; local changes: only the default --seeds-dir lookup (see default_seeds_dir).
"""Deterministic synthetic corpus of Vietnamese Party-news articles (stdlib only).

Every record is built by recombining sentences and paragraphs taken from the
seed articles (default: ../seeds/*.txt beside this folder, read in sorted order).  All
directive mentions ("Chỉ thị số 05-CT/TW", ...) and district/province mentions
("Quận 10", "tỉnh Bình Dương", ...) found in the seed text are replaced by the
record's own directives/localities, so the raw text mentions exactly the terms
listed in the record's metadata (plus unrelated names such as wards).

The same records can be written in three forms:

  raw      OUT/NNNNNN_<hash>.txt   seed-like plain text (dateline, title,
                                   paragraphs, byline, web boilerplate)
  hugo     OUT/content/articles/<slug>.md   YAML front matter
  pelican  OUT/content/<slug>.md            Pelican "Key: value" metadata

OUT/manifest.jsonl holds the ground-truth metadata of every record.

Record i depends only on (--seed, i, seed files), so a corpus of N=1000 is a
prefix of the corpus of N=10000 with the same seed.

Mapping of the taxonomies:
  hugo:    directives: [...], localities: [...], author: "..." (the site config
           declares taxonomies directives, localities and author)
  pelican: Tags: directives + localities (Pelican has no custom taxonomies
           without plugins and only tags are multi-valued),
           Category: the year (category pages serve as per-year archives),
           Author: the byline name.
"""

import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import random
import re
import sys
import unicodedata

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

# (word used in running text, code used in the number)
KINDS = [("Chỉ thị", "CT"), ("Nghị quyết", "NQ"), ("Kết luận", "KL"), ("Quy định", "QĐ")]
KIND_WEIGHTS = [45, 35, 15, 5]
ISSUERS = ["TW", "TU", "QU", "HU", "ĐUK"]
ISSUER_WEIGHTS = [35, 35, 15, 10, 5]
# directives that occur in the seeds are always part of the pool
SEED_DIRECTIVES = ["05-CT/TW", "16-NQ/TU", "21-KL/TW", "34-CT/TU", "02-CT/QU",
                   "01-CT/ĐUK", "102-QĐ/TW"]
N_DIRECTIVES = 60

LOCALITIES = [
    # TP. Hồ Chí Minh
    "Quận 1", "Quận 3", "Quận 4", "Quận 5", "Quận 6", "Quận 7", "Quận 8",
    "Quận 10", "Quận 11", "Quận 12", "quận Bình Thạnh", "quận Gò Vấp",
    "quận Phú Nhuận", "quận Tân Bình", "quận Tân Phú", "quận Bình Tân",
    "huyện Củ Chi", "huyện Hóc Môn", "huyện Bình Chánh", "huyện Nhà Bè",
    "huyện Cần Giờ", "TP Thủ Đức",
    # Hà Nội
    "quận Ba Đình", "quận Hoàn Kiếm", "quận Đống Đa", "quận Hai Bà Trưng",
    "quận Cầu Giấy", "quận Thanh Xuân", "quận Tây Hồ", "quận Long Biên",
    "quận Hoàng Mai", "quận Hà Đông", "huyện Gia Lâm", "huyện Đông Anh",
    "thị xã Sơn Tây",
    # Đà Nẵng
    "quận Thanh Khê", "quận Hải Châu", "quận Cẩm Lệ", "quận Sơn Trà",
    "quận Ngũ Hành Sơn", "quận Liên Chiểu", "huyện Hòa Vang",
    # Bình Dương
    "thị xã Tân Uyên",
    # provinces
    "tỉnh Bình Dương", "tỉnh Đồng Nai", "tỉnh Long An", "tỉnh Tây Ninh",
    "tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bình Phước", "tỉnh Tiền Giang",
    "tỉnh Bến Tre", "tỉnh Vĩnh Long", "tỉnh Đồng Tháp", "tỉnh An Giang",
    "tỉnh Kiên Giang", "tỉnh Cà Mau", "tỉnh Bạc Liêu", "tỉnh Sóc Trăng",
    "tỉnh Trà Vinh", "tỉnh Hậu Giang", "tỉnh Khánh Hòa", "tỉnh Lâm Đồng",
    "tỉnh Đắk Lắk", "tỉnh Gia Lai", "tỉnh Kon Tum", "tỉnh Quảng Nam",
    "tỉnh Quảng Ngãi", "tỉnh Bình Định", "tỉnh Phú Yên", "tỉnh Thừa Thiên Huế",
    "tỉnh Quảng Trị", "tỉnh Quảng Bình", "tỉnh Hà Tĩnh", "tỉnh Nghệ An",
    "tỉnh Thanh Hóa", "tỉnh Ninh Bình", "tỉnh Nam Định",
    "tỉnh Hải Dương", "tỉnh Bắc Ninh", "tỉnh Quảng Ninh",
]
# locality spellings in the seed text that are replaced by the record's own
SEED_LOCALITY_ALIASES = ["Thị xã (TX) Tân Uyên", "TX Tân Uyên", "Quận 2"]

BYLINES = [
    "Long Hồ", "Hương Ly", "K.V", "S. Hải", "NGỌC PHÚ", "Minh Anh", "Thu Hà",
    "Quốc Thanh", "Bảo Ngọc", "H. Thảo", "Thanh Hiền", "Phương Linh",
    "Đức Trung", "Hoàng Nam", "T. Lâm", "Mai Chi", "Khánh An", "Văn Hùng",
    "Ngọc Lan", "Tuấn Anh", "Hồng Nhung", "Gia Bảo", "Lê Vy", "Trần Quang",
    "Nguyễn Hiếu", "PHẠM THỊNH", "M.N", "T.H", "Hải Yến", "Thảo Nguyên",
    "Bích Ngọc", "Công Minh", "Anh Thư", "Kim Oanh", "Việt Dũng", "Xuân Mai",
    "Duy Khánh", "Thùy Dung", "Ánh Dương", "Hữu Phước",
]

# title / subhead patterns copied from the seeds ({D}: a directive, {L}: a locality)
TITLES = [
    "Nâng cao vai trò nêu gương của cán bộ, người đứng đầu trong giải quyết bức xúc của người dân",
    "Hội nghị sơ kết {k} năm thực hiện {D}",
    "Xây dựng hình ảnh người cán bộ gần dân",
    "{Lname} học tập và làm theo Bác là nhiệm vụ thường xuyên",
    "Xây dựng đội ngũ cán bộ, công chức gần dân, học dân, có trách nhiệm với Nhân dân",
    "Nỗ lực triển khai thực hiện hiệu quả {D}",
    "Chăm lo, nâng cao đời sống mọi mặt của Nhân dân",
    "Vẫn còn tình trạng nể nang trong kiểm điểm tự phê bình và phê bình",
    "{L} đẩy mạnh thực hiện {D}",
    "Sơ kết {k} năm thực hiện {D} tại {L}",
]
SUBHEADS = [
    "Chăm lo, nâng cao đời sống mọi mặt của Nhân dân",
    "Vẫn còn tình trạng nể nang trong kiểm điểm tự phê bình và phê bình",
    "Hội nghị sơ kết {k} năm thực hiện {D}",
    "Nâng cao vai trò nêu gương của cán bộ, người đứng đầu",
    "Gần dân, trọng dân, lắng nghe nhân dân",
]
# lede patterns paraphrasing the seeds' first paragraphs; {Ds}/{Ls} list all
# of the record's directives/localities so every term is mentioned at least once
LEDES = [
    "{src}{when}, {org} {L0} tổ chức hội nghị sơ kết {k} năm thực hiện {Ds} tại {Ls}.",
    "{src}Thời gian qua, việc triển khai thực hiện {Ds} tại {Ls} đã mang lại những kết quả tích cực.",
    "{src}Xác định việc thực hiện {Ds} là nhiệm vụ thường xuyên, các cấp ủy, tổ chức đảng ở {Ls} đã bằng nhiều hình thức tuyên truyền, giáo dục phù hợp.",
    "{src}Từ khi ban hành {Ds}, đến nay, các cấp ủy, tổ chức đảng tại {Ls} triển khai quyết liệt, bước đầu mang lại những kết quả tích cực.",
]
SOURCES = ["(Thanhuytphcm.vn) – ", "(ĐCSVN) - ", "(Thanhuytphcm.vn) - ", ""]
SOURCE_WEIGHTS = [35, 25, 10, 30]

# web boilerplate blocks copied from the seeds (lines after the byline)
BOILERPLATE = [
    ["Ý kiến bạn đọc", "", "refresh", " ", "", "Tổng lượt bình luận", "", "Tin khác", "", "Thông báo"],
    [" ", "", "Gửi cho bạn bè", "", "Phản hồi", "", "Thông tin người gửi phản hồi", "", "Xem nhiều nhất"],
    ["CÓ THỂ BẠN QUAN TÂM", "", "Ý kiến bình luận", "Họ và tên", "Email", "Lời bình", "", "/", "", "Xác thực"],
    [";", ";", ".", ".", ".", ".", "."],
]

DIR_MARK = "\x01"
LOC_MARK = "\x02"
UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1F00)) if c.isupper()}))
DIRECTIVE_RE = re.compile(
    r"(?:Chỉ thị|Nghị quyết|Kết luận|Quy định)\s+số\s+\d+(?:\s*/\s*\d{4})?"
    r"(?:\s*[-/]\s*[A-ZĐƯ]+(?:\s*/\s*[A-ZĐƯ]+|\s*-\s*[A-Za-zĐƯ]+)?)?")
SENT_SPLIT_RE = re.compile(r"(?<=[.!?…])\s+(?=[" + re.escape(UPPER) + r"“\"(])")
CAPTION_RE = re.compile(r"(?i)ảnh:|\(ảnh")
SOURCE_RE = re.compile(r"^\([^()]{2,30}\)\s*[-–]\s*")
DATELINE_RE = re.compile(r"^(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật),")


def directive_text(code):
    num, rest = code.split("-", 1)
    kind = rest.split("/", 1)[0]
    word = {c: w for w, c in KINDS}[kind]
    return f"{word} số {code}"


def build_pools(seed):
    rng = random.Random(f"{seed}:pools")
    codes = list(SEED_DIRECTIVES)
    while len(codes) < N_DIRECTIVES:
        kind = rng.choices([c for _, c in KINDS], KIND_WEIGHTS)[0]
        issuer = rng.choices(ISSUERS, ISSUER_WEIGHTS)[0]
        code = f"{rng.randint(1, 150):02d}-{kind}/{issuer}"
        if code not in codes:
            codes.append(code)
    assert len(set(LOCALITIES)) == 80, len(set(LOCALITIES))
    assert len(set(BYLINES)) == 40, len(set(BYLINES))
    # Zipf-like popularity: a few terms are very frequent, most are rare
    directives = codes  # seed directives first: they get the highest ranks
    localities = LOCALITIES[:]
    rng.shuffle(localities)
    bylines = BYLINES[:]
    rng.shuffle(bylines)
    zipf = lambda n, s: [1.0 / (r + 1) ** s for r in range(n)]
    return {
        "directives": directives, "dir_w": zipf(len(directives), 0.9),
        "localities": localities, "loc_w": zipf(len(localities), 0.8),
        "bylines": bylines, "by_w": zipf(len(bylines), 0.5),
    }


def load_seeds(seed_dir):
    files = sorted(glob.glob(os.path.join(seed_dir, "*.txt")))
    if not files:
        sys.exit(f"no seed files in {seed_dir}")
    h = hashlib.sha256()
    alias_res = [re.escape(a) for a in sorted(set(LOCALITIES) | set(SEED_LOCALITY_ALIASES),
                                             key=len, reverse=True)]
    loc_re = re.compile(r"(?<!\w)(?:" + "|".join(alias_res) + r")(?!\w)")
    paragraphs, captions, sentences, sizes = [], [], [], []
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        h.update(data)
        text = data.decode("utf-8")
        body = 0
        for line in text.splitlines():
            line = line.strip()
            if not line or DATELINE_RE.match(line):
                continue
            if CAPTION_RE.search(line):
                if len(line) >= 40:
                    captions.append(loc_re.sub(LOC_MARK, DIRECTIVE_RE.sub(DIR_MARK, line)))
                continue
            if len(line) < 100:
                continue
            if line.startswith("- "):  # interview Q&A marker
                line = line[2:]
            line = SOURCE_RE.sub("", line)  # "(Thanhuytphcm.vn) - " etc.
            line = DIRECTIVE_RE.sub(DIR_MARK, line)
            line = loc_re.sub(LOC_MARK, line)
            paragraphs.append(line)
            body += len(line)
            sentences.extend(s for s in SENT_SPLIT_RE.split(line) if len(s) >= 30)
        sizes.append(body)
    return {
        "paragraphs": paragraphs, "captions": captions, "sentences": sentences,
        "mean_body": sum(sizes) / len(sizes), "fingerprint": h.hexdigest()[:16],
        "files": len(files),
    }


def fill(text, rng, dirs, locs):
    """Replace placeholder marks by the record's terms, cycling through them."""
    if DIR_MARK in text:
        off = rng.randrange(len(dirs))
        parts = text.split(DIR_MARK)
        text = parts[0] + "".join(directive_text(dirs[(off + i) % len(dirs)]) + p
                                  for i, p in enumerate(parts[1:]))
    if LOC_MARK in text:
        off = rng.randrange(len(locs))
        parts = text.split(LOC_MARK)
        text = parts[0] + "".join(locs[(off + i) % len(locs)] + p
                                  for i, p in enumerate(parts[1:]))
    return text


def join_vi(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def org_for(loc):
    first = loc.split()[0]
    return {"Quận": "Quận ủy", "quận": "Quận ủy", "huyện": "Huyện ủy", "tỉnh": "Ban Thường vụ Tỉnh ủy",
            "thị": "Thị ủy", "TP": "Thành ủy"}.get(first, "Ban Thường vụ")


def short_name(loc):
    for p in ("tỉnh ", "quận ", "huyện ", "thị xã "):
        if loc.startswith(p):
            return loc[len(p):]
    return loc


def slugify(s, maxwords=8):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", s)
    return "-".join(words[:maxwords])


def pick_distinct(rng, pool, weights, k):
    out = []
    while len(out) < k:
        x = rng.choices(pool, weights)[0]
        if x not in out:
            out.append(x)
    return out


START = dt.datetime(2015, 1, 1)
SPAN_MIN = int((dt.datetime(2026, 1, 1) - START).total_seconds() // 60)


def make_record(i, seed, pools, seeds):
    rng = random.Random(f"{seed}:{i}")
    dirs = pick_distinct(rng, pools["directives"], pools["dir_w"], rng.choices([1, 2, 3], [35, 40, 25])[0])
    locs = pick_distinct(rng, pools["localities"], pools["loc_w"], rng.choices([1, 2, 3], [40, 35, 25])[0])
    author = rng.choices(pools["bylines"], pools["by_w"])[0]
    when = START + dt.timedelta(minutes=rng.randrange(SPAN_MIN))
    when = when.replace(hour=rng.randint(6, 21))
    style = rng.choices(["A", "B", "C"], [45, 20, 35])[0]   # dateline style
    layout = "L3" if style == "C" and rng.random() < 0.7 else rng.choice(["L1", "L1", "L2"])
    if style != "C":           # the raw dateline then carries no time of day
        when = when.replace(hour=0, minute=0)
    k = rng.randint(1, 5)
    fmt = dict(D=directive_text(dirs[0]), L=locs[0], Lname=short_name(locs[0]), k=k)
    tpl = rng.choice(TITLES)
    title = tpl.format(**fmt)
    if "{L" not in tpl and rng.random() < 0.3:
        title = f"{locs[0]}: {title}"

    # ---- body -------------------------------------------------------------
    lede = rng.choice(LEDES).format(
        src=rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
        when=f"{rng.choice(['Sáng', 'Chiều'])} {when.day}/{when.month}",
        org=org_for(locs[0]), L0=locs[0], k=k,
        Ds=join_vi([directive_text(d) for d in dirs]), Ls=join_vi(locs))
    lede += " " + fill(rng.choice(seeds["sentences"]), rng, dirs, locs)
    blocks = [("p", lede)]
    target = seeds["mean_body"] * rng.uniform(0.45, 1.45)
    size = len(lede)
    n_sub = rng.choices([0, 1, 2], [60, 25, 15])[0]
    while size < target:
        if rng.random() < 0.25:
            para = fill(rng.choice(seeds["paragraphs"]), rng, dirs, locs)
        else:
            para = " ".join(fill(rng.choice(seeds["sentences"]), rng, dirs, locs)
                            for _ in range(rng.randint(2, 5)))
        blocks.append(("p", para))
        size += len(para)
    if len(blocks) > 4:
        subs = rng.sample(SUBHEADS, n_sub)
        for pos in sorted(rng.sample(range(2, len(blocks)), n_sub), reverse=True):
            blocks.insert(pos, ("h", subs.pop().format(**fmt)))
    if seeds["captions"] and rng.random() < 0.5:
        cap = fill(rng.choice(seeds["captions"]), rng, dirs, locs)
        blocks.insert(rng.randrange(1, len(blocks)), ("c", cap))

    name_hash = hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:16]
    slug = f"{slugify(title)}-{i:06d}"
    return {
        "i": i, "raw_name": f"{i:06d}_{name_hash}.txt", "slug": slug, "title": title,
        "date": when, "style": style, "layout": layout, "directives": dirs,
        "localities": locs, "author": author,
        "byline": author + (" thực hiện" if rng.random() < 0.08 else ""),
        "boiler": rng.randrange(len(BOILERPLATE)), "blocks": blocks,
    }


def dateline(r):
    d = r["date"]
    wd = WEEKDAYS[d.weekday()]
    if r["style"] == "A":
        return f"{wd}, ngày {d.day} tháng {d.month} năm {d.year}"
    if r["style"] == "B":
        return f"{wd}, {d.day}/{d.month}/{d.year}"
    return f"{wd}, {d:%d/%m/%Y %H:%M}"


def render_raw(r):
    body = [t for _, t in r["blocks"]]
    if r["layout"] == "L1":
        head = [dateline(r), "", r["title"], ""]
        text = "\n\n".join(body)
    elif r["layout"] == "L2":
        head = [dateline(r), r["title"], " ", ""]
        text = "\n\n".join(body)
    else:  # L3: title first, dateline glued to the lede
        head = [r["title"], "", dateline(r)]
        text = "\n\n".join(body)
    tail = ["", "", r["byline"], ""] + BOILERPLATE[r["boiler"]]
    return "\n".join(head) + "\n" + text + "\n".join(tail) + "\n"


MD_ESCAPE_RE = re.compile(r"^(?=[-+*#>]|\d+[.)]\s)")


def render_md_body(r):
    out = []
    for kind, t in r["blocks"]:
        if kind == "h":
            out.append("## " + t)
        elif kind == "c":
            out.append("*" + t.replace("*", "\\*") + "*")
        else:
            out.append(MD_ESCAPE_RE.sub("\\\\", t))
    return "\n\n".join(out) + "\n"


def q(s):
    return json.dumps(s, ensure_ascii=False)


def render_hugo(r):
    d = r["date"]
    fm = [
        "---",
        f"title: {q(r['title'])}",
        f"date: {d:%Y-%m-%dT%H:%M:%S}+07:00",
        f"slug: {q(r['slug'])}",
        f"directives: {q(r['directives'])}",
        f"localities: {q(r['localities'])}",
        f"author: {q(r['author'])}",
        "---",
        "",
        "",
    ]
    return "\n".join(fm) + render_md_body(r)


def render_pelican(r):
    d = r["date"]
    meta = [
        f"Title: {r['title']}",
        f"Date: {d:%Y-%m-%d %H:%M}",
        f"Slug: {r['slug']}",
        f"Tags: {', '.join(r['directives'] + r['localities'])}",
        f"Category: {d.year}",
        f"Author: {r['author']}",
        "",
        "",
    ]
    return "\n".join(meta) + render_md_body(r)


def default_seeds_dir():
    """../seeds beside this folder (as in the shared copy), else the shared seeds of the checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (os.path.join(here, "..", "seeds"), os.path.join(here, "..", "..", "shared", "seeds"),
                 "/work/shared/seeds"):
        if glob.glob(os.path.join(cand, "*.txt")):
            return os.path.normpath(cand)
    return os.path.join(here, "..", "seeds")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--out", required=True, help="output directory (must be empty or absent)")
    ap.add_argument("--format", choices=["raw", "hugo", "pelican"], required=True)
    ap.add_argument("--seed", default="0", help="generator seed (default 0)")
    ap.add_argument("--seeds-dir", default=default_seeds_dir(),
                    help="seed articles (*.txt)")
    a = ap.parse_args(argv)

    seeds = load_seeds(a.seeds_dir)
    pools = build_pools(a.seed)
    if a.format == "raw":
        cdir = a.out
    elif a.format == "hugo":
        cdir = os.path.join(a.out, "content", "articles")
    else:
        cdir = os.path.join(a.out, "content")
    os.makedirs(cdir, exist_ok=True)
    if any(n.endswith((".txt", ".md")) and not n.startswith("_") for n in os.listdir(cdir)):
        sys.exit(f"{cdir} already holds articles; use an empty --out")

    total = 0
    with open(os.path.join(a.out, "manifest.jsonl"), "w", encoding="utf-8") as man:
        man.write(q({"generator": "make_corpus.py", "seed": a.seed, "n": a.n, "format": a.format,
                     "seed_files": seeds["files"], "seed_fingerprint": seeds["fingerprint"]}) + "\n")
        for i in range(a.n):
            r = make_record(i, a.seed, pools, seeds)
            if a.format == "raw":
                name, text = r["raw_name"], render_raw(r)
            elif a.format == "hugo":
                name, text = r["slug"] + ".md", render_hugo(r)
            else:
                name, text = r["slug"] + ".md", render_pelican(r)
            data = text.encode("utf-8")
            total += len(data)
            with open(os.path.join(cdir, name), "wb") as fh:
                fh.write(data)
            man.write(q({"i": i, "file": name, "title": r["title"], "date": r["date"].isoformat(),
                         "has_time": r["style"] == "C", "slug": r["slug"],
                         "directives": r["directives"], "localities": r["localities"],
                         "author": r["author"]}) + "\n")
    print(f"wrote {a.n} {a.format} articles to {cdir} ({total / 1e6:.1f} MB, "
          f"mean {total / max(a.n, 1) / 1000:.1f} kB; seeds {seeds['fingerprint']})", file=sys.stderr)


if __name__ == "__main__":
    main()
