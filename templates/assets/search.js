// Bản tin: the search page (/tim-kiem/). Pagefind's JS API (/pagefind/pagefind.js, or each
// part's: see below), no other scripts. The query is folded the way the index was built
// (bantin/search.py): lower case, no diacritics, đ -> d, and directive codes typed in any form
// become the indexed code tokens.
// The query and the filters live in the URL (?q=...&tinh=...), so a search can be shared.

const FILTERS = [
  ["van_ban", "Văn bản"], ["tinh", "Tỉnh, thành phố"], ["dia_phuong", "Quận, huyện, xã, phường"],
  ["nam", "Năm"], ["nguon", "Nguồn tin"], ["tac_gia", "Tác giả"],
];
const FILTER_LABEL = Object.fromEntries(FILTERS);
const PAGE_SIZE = 10;
const FACET_SHOWN = 8;
const EXCERPT_WORDS = 32;
const SUFFIX = "vb";
// The site's root as served: this script is <root>assets/search.js. "/" at a host's root,
// "/bantin/" for a site under a path (base_url in site.yaml); the index's paths and the pages'
// URLs are written from the root, and put under it here.
const ROOT = new URL("../", import.meta.url).pathname;
export const underRoot = (path) => ROOT + String(path).replace(/^\/+/, "");

// --- query folding (mirrors bantin.search.normalize_query) -----------------------------------

const KIND_WORDS = {
  "chi thi": "ct", "nghi quyet": "nq", "ket luan": "kl", "quyet dinh": "qd", "quy dinh": "qd",
  "huong dan": "hd", "ke hoach": "kh", "thong bao": "tb", "thong tri": "tt", "nghi dinh": "nd",
  "thong tu": "tt",
};
const KIND_LETTERS = new Set(["ct", "nq", "kl", "qd", "qdns", "hd", "kh", "tb", "tt", "ttlt", "nd", "qy"]);
const ISSUERS = new Set(["tw", "tu", "qu", "hu", "txu", "du", "duk", "qutw", "duqstw", "duca", "bcsd",
  "ttg", "cp", "qh", "ubnd", "hdnd", "ubtvqh"]);
const NUM = /^\d{1,5}[a-z]?$/;
const YEAR = /^(?:19|20)\d\d$/;

export function fold(s) {
  return s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function stripZeros(num) {
  const n = num.replace(/^0+/, "");
  return /^\d/.test(n) ? n : "0" + n;
}

// Returns {text, terms}: the text sent to Pagefind and the terms for highlighting:
// {word} | {code: [num, kind, issuer]} | {kindnum: [kind, num]}.
export function normalizeQuery(q, codes = true) {
  const w = fold(q || "").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  const out = [];
  const terms = [];
  const full = (num, kind, iss) => { out.push(`${num}${kind}${iss}${SUFFIX}`); terms.push({ code: [num, kind, iss] }); };
  const kn = (kind, num) => { out.push(`${kind}${num}${SUFFIX}`); terms.push({ kindnum: [kind, num] }); };
  let i = 0;
  while (i < w.length) {
    if (codes) {
      const kw = w.slice(i, i + 2).join(" ");
      if (Object.prototype.hasOwnProperty.call(KIND_WORDS, kw)) {
        let j = i + 2;
        if (j < w.length && w[j] === "so") j += 1;
        if (j < w.length && NUM.test(w[j])) {
          const num = stripZeros(w[j]);
          j += 1;
          if (j + 1 < w.length && KIND_LETTERS.has(w[j]) && ISSUERS.has(w[j + 1])) {
            full(num, w[j], w[j + 1]);
            i = j + 2;
          } else {
            kn(KIND_WORDS[kw], num);
            i = j;
          }
          continue;
        }
      }
      if (NUM.test(w[i])) {
        let j = i + 1;
        if (j < w.length && YEAR.test(w[j]) && j + 1 < w.length && KIND_LETTERS.has(w[j + 1])) j += 1;
        if (j < w.length && KIND_LETTERS.has(w[j])) {
          const num = stripZeros(w[i]);
          if (j + 1 < w.length && ISSUERS.has(w[j + 1])) {
            full(num, w[j], w[j + 1]);
            i = j + 2;
          } else {
            kn(w[j], num);
            i = j + 1;
          }
          continue;
        }
      }
      if (KIND_LETTERS.has(w[i])) {
        if (i + 2 < w.length && ISSUERS.has(w[i + 1]) && NUM.test(w[i + 2])) {
          full(stripZeros(w[i + 2]), w[i], w[i + 1]);
          i += 3;
          continue;
        }
        if (i + 1 < w.length && NUM.test(w[i + 1])) {
          kn(w[i], stripZeros(w[i + 1]));
          i += 2;
          continue;
        }
      }
    }
    out.push(w[i]);
    terms.push({ word: w[i] });
    i += 1;
  }
  return { text: out.join(" "), terms };
}

// Place names typed without marks are ambiguous ("da nang" is also "đã nâng"): a run of query
// words equal to a known place name (from the filter values) becomes the place's token, which
// the index holds for every article about that place (bantin.search.place_token).
const TYPE_WORDS = ["thanh pho", "thi xa", "thi tran", "tinh", "quan", "huyen", "phuong", "xa"];

export function placeWords(name) {
  const w = fold(name).replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  for (const t of TYPE_WORDS) {
    const tw = t.split(" ");
    if (tw.every((x, k) => w[k] === x) && w.length > tw.length && !w.slice(tw.length).every((x) => /^\d+$/.test(x))) {
      return w.slice(tw.length);
    }
  }
  return w;
}

export function placeDictionary(totals) {
  const dict = new Map();
  const add = (name) => {
    const w = placeWords(name);
    if (w.length >= 2) dict.set(w.join(" "), w.join("") + "dp");
  };
  for (const v of Object.keys((totals && totals.tinh) || {})) add(v);
  for (const v of Object.keys((totals && totals.dia_phuong) || {})) add(v.split(", ")[0]);
  return dict;
}

export function withPlaces(norm, dict) {
  const out = [];
  const terms = [];
  const { terms: t0 } = norm;
  let i = 0;
  while (i < t0.length) {
    let done = false;
    for (let len = Math.min(5, t0.length - i); len >= 2 && !done; len--) {
      const run = t0.slice(i, i + len);
      if (!run.every((t) => t.word)) continue;
      const tok = dict.get(run.map((t) => t.word).join(" "));
      if (tok) {
        out.push(tok);
        terms.push({ place: run.map((t) => t.word) });
        i += len;
        done = true;
      }
    }
    if (done) continue;
    const t = t0[i];
    out.push(t.word || (t.code ? `${t.code.join("")}${SUFFIX}` : `${t.kindnum.join("")}${SUFFIX}`));
    terms.push(t);
    i += 1;
  }
  return { text: out.join(" "), terms };
}

// --- excerpts -----------------------------------------------------------------------------------

const ISSUER_SPELLINGS = { tw: "(?:tw|tu)" };   // "05-CT/TƯ" folds to "05cttu"
const KIND_PHRASES = Object.entries(KIND_WORDS);

function matcher(terms) {
  const tests = [];
  terms.forEach((t, k) => {
    const last = k === terms.length - 1;
    if (t.word) {
      tests.push((parts, joined) => (last ? parts.some((p) => p.startsWith(t.word)) || joined.startsWith(t.word)
        : parts.includes(t.word) || joined === t.word));
    } else if (t.code || t.kindnum) {
      const [a, b, c] = t.code || [t.kindnum[1], t.kindnum[0], ""];
      const re = new RegExp(`^0*${a}(?:(?:19|20)\\d\\d)?${b}${ISSUER_SPELLINGS[c] || c}`);
      tests.push((parts, joined) => re.test(joined));
    }
  });
  return (word) => {
    const f = fold(word);
    const parts = f.split(/[^a-z0-9]+/).filter(Boolean);
    const joined = parts.join("");
    return joined !== "" && tests.some((t) => t(parts, joined));
  };
}

// word sequences to mark: place names, and "chỉ thị (số) 05" for a kind + number
function sequences(terms) {
  const seqs = [];
  for (const t of terms) {
    if (t.place) seqs.push(t.place.map((w) => (x) => x === w));
    const kn = t.kindnum || (t.code && [t.code[1], t.code[0]]);
    if (kn) {
      const num = new RegExp(`^0*${kn[1]}$`);
      for (const [phrase, kind] of KIND_PHRASES) {
        if (kind !== kn[0]) continue;
        const pw = phrase.split(" ").map((w) => (x) => x === w);
        seqs.push([...pw, (x) => num.test(x)]);
        seqs.push([...pw, (x) => x === "so", (x) => num.test(x)]);
      }
    }
  }
  return seqs;
}

function buildExcerpt(data, terms) {
  const n = parseInt(data.meta.n || "0", 10);
  const words = data.content.split(/\s+/).slice(0, n > 0 ? n : undefined);
  // the content starts with the title, shown above: cut the excerpt from the body when there is one
  let from = (data.meta.title || "").split(/\s+/).filter(Boolean).length;
  if (from >= words.length) from = 0;
  const isHit = matcher(terms);
  const hits = words.map((w, k) => k >= from && isHit(w));
  const flat = words.map((w) => fold(w).replace(/[^a-z0-9]+/g, ""));
  for (const seq of sequences(terms)) {
    for (let k = from; k + seq.length <= words.length; k++) {
      if (seq.every((test, j) => test(flat[k + j]))) for (let j = 0; j < seq.length; j++) hits[k + j] = true;
    }
  }
  let best = from;
  let bestCount = 0;
  for (let k = from; k < words.length; k++) {
    if (!hits[k]) continue;
    const start = Math.max(from, k - 4);
    let c = 0;
    for (let j = start; j < Math.min(words.length, start + EXCERPT_WORDS); j++) if (hits[j]) c++;
    if (c > bestCount) { bestCount = c; best = start; }
  }
  const p = document.createElement("p");
  p.className = "excerpt";
  const end = Math.min(words.length, best + EXCERPT_WORDS);
  let buf = best > from ? "… " : "";
  for (let k = best; k < end; k++) {
    const sep = k + 1 < end ? " " : "";
    if (hits[k]) {
      if (buf) p.append(buf);
      buf = "";
      const m = document.createElement("mark");
      m.textContent = words[k];
      p.append(m, sep);
    } else {
      buf += words[k] + sep;
    }
  }
  if (end < words.length) buf += " …";
  if (buf) p.append(buf);
  return p;
}

// --- the page -----------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const state = { seq: 0, results: [], shown: 0, terms: [], facets: {}, totals: {}, places: new Map() };
const collator = new Intl.Collator("vi");

function selected() {
  const out = {};
  for (const [key] of FILTERS) {
    const vals = [...document.querySelectorAll(`#facets input[name="${key}"]:checked`)].map((x) => x.value);
    if (vals.length) out[key] = vals;
  }
  return out;
}

function pfFilters(sel, except) {
  const f = {};
  for (const [k, v] of Object.entries(sel)) if (k !== except) f[k] = { any: v };
  return f;
}

function updateUrl(q, sel) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [key] of FILTERS) for (const v of sel[key] || []) params.append(key, v);
  const s = params.toString();
  history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
}

function facetOrder(key, entries) {
  if (key === "nam") return entries.sort((a, b) => b[0].localeCompare(a[0]));
  return entries.sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]));
}

function buildFacets(totals, wanted) {
  const box = $("facets");
  box.textContent = "";
  let idn = 0;
  for (const [key, label] of FILTERS) {
    const values = { ...(totals[key] || {}) };
    for (const v of wanted[key] || []) if (!(v in values)) values[v] = 0;
    const entries = facetOrder(key, Object.entries(values));
    if (!entries.length) continue;
    const fs = document.createElement("fieldset");
    fs.className = "facet";
    fs.dataset.key = key;
    const lg = document.createElement("legend");
    lg.textContent = label;
    fs.append(lg);
    const ul = document.createElement("ul");
    const items = [];
    for (const [value] of entries) {
      const li = document.createElement("li");
      const id = `loc-${key}-${idn++}`;
      const input = document.createElement("input");
      input.type = "checkbox";
      input.id = id;
      input.name = key;
      input.value = value;
      input.checked = (wanted[key] || []).includes(value);
      const lab = document.createElement("label");
      lab.htmlFor = id;
      const count = document.createElement("span");
      count.className = "count";
      lab.append(value + " ", count);
      li.append(input, lab);
      ul.append(li);
      items.push({ li, input, count, value });
    }
    fs.append(ul);
    const more = document.createElement("button");
    more.type = "button";
    more.className = "more";
    more.setAttribute("aria-expanded", "false");
    more.hidden = true;
    more.addEventListener("click", () => {
      const open = more.getAttribute("aria-expanded") !== "true";
      more.setAttribute("aria-expanded", String(open));
      applyCounts();
    });
    fs.append(more);
    box.append(fs);
    state.facets[key] = { items, more, label };
  }
}

function applyCounts(counts) {
  if (counts) state.counts = counts;
  counts = state.counts || {};
  for (const [key, f] of Object.entries(state.facets)) {
    const c = counts[key] || {};
    const open = f.more.getAttribute("aria-expanded") === "true";
    let visible = 0;
    let extra = 0;
    for (const it of f.items) {
      const n = c[it.value] || 0;
      it.count.textContent = `(${n})`;
      const keep = n > 0 || it.input.checked || it.input === document.activeElement;
      if (!keep) { it.li.hidden = true; continue; }
      if (visible < FACET_SHOWN || open || it.input.checked || it.input === document.activeElement) {
        it.li.hidden = false;
        visible++;
      } else {
        it.li.hidden = true;
        extra++;
      }
    }
    f.more.hidden = !open && extra === 0;
    f.more.textContent = open ? "Thu gọn" : `Xem thêm (${extra})`;
    f.items[0].li.parentElement.parentElement.hidden = !f.items.some((it) => !it.li.hidden);
  }
}

function renderActive(sel) {
  const box = $("active-filters");
  box.textContent = "";
  const pairs = Object.entries(sel).flatMap(([k, vs]) => vs.map((v) => [k, v]));
  box.hidden = pairs.length === 0;
  if (!pairs.length) return;
  const lead = document.createElement("span");
  lead.textContent = "Đang lọc:";
  box.append(lead);
  for (const [k, v] of pairs) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = `${FILTER_LABEL[k]}: ${v} ✕`;
    b.setAttribute("aria-label", `Bỏ lọc ${FILTER_LABEL[k]}: ${v}`);
    b.addEventListener("click", () => {
      const input = [...document.querySelectorAll(`#facets input[name="${k}"]`)].find((x) => x.value === v);
      if (input) input.checked = false;
      run();
      $("q").focus();
    });
    box.append(b);
  }
}

function resultItem(data) {
  const li = document.createElement("li");
  const h = document.createElement("h3");
  const a = document.createElement("a");
  a.href = underRoot(data.meta.url || data.url);
  a.textContent = data.meta.title || data.url;
  h.append(a);
  li.append(h);
  const bits = [data.meta.date, data.meta.outlet, data.meta.locality].filter(Boolean);
  if (bits.length) {
    const m = document.createElement("p");
    m.className = "meta";
    m.textContent = bits.join(" · ");
    li.append(m);
  }
  li.append(buildExcerpt(data, state.terms));
  return li;
}

async function showMore(seq, focusFirst) {
  const slice = state.results.slice(state.shown, state.shown + PAGE_SIZE);
  const datas = await Promise.all(slice.map((r) => r.data()));
  if (seq !== state.seq) return;
  const list = $("search-results");
  let first = null;
  for (const d of datas) {
    const li = resultItem(d);
    list.append(li);
    first = first || li;
  }
  state.shown += slice.length;
  $("more-results").hidden = state.shown >= state.results.length;
  if (focusFirst && first) first.querySelector("a").focus();
}

// --- the index, in one part or several -------------------------------------------------------
// A large archive's index is cut by date into parts, each a Pagefind bundle of its own, listed
// newest first in /pagefind/shards.json (bantin.search.plan_parts). Every part is searched; the
// answers are merged: filter counts added up, results by score, or (a date-sorted listing) part
// after part, which keeps them newest first.
//
// A part that lacks a word answers loosely: Pagefind then searches the word's longest prefix it
// holds, or drops the "all words" rule, rather than answer nothing. One index does that only when
// the whole archive lacks the word. So a part counts only when its best result holds every word
// (a word of it starting with each); when no part does, the loose answers are all there is.

export function holdsAll(content, words) {
  // the pieces of each word, and (as Pagefind also indexes a word with inner punctuation) joined
  const have = [];
  for (const token of fold(content || "").split(/\s+/)) {
    const pieces = token.split(/[^a-z0-9]+/).filter(Boolean);
    have.push(...pieces);
    if (pieces.length > 1) have.push(pieces.join(""));
  }
  return words.every((w) => have.some((h) => h.startsWith(w)));
}

export function addCounts(list) {
  const out = {};
  for (const f of list) {
    for (const [key, values] of Object.entries(f || {})) {
      const into = out[key] || (out[key] = {});
      for (const [v, n] of Object.entries(values || {})) into[v] = (into[v] || 0) + n;
    }
  }
  return out;
}

export function mergeResults(lists, byScore) {
  const all = lists.flatMap((results, part) => results.map((r, i) => ({ r, part, i })));
  if (byScore) all.sort((a, b) => (b.r.score || 0) - (a.r.score || 0) || a.part - b.part || a.i - b.i);
  return all.map((x) => x.r);
}

async function openIndex() {
  let parts = ["/pagefind/"];
  try {
    const res = await fetch(underRoot("pagefind/shards.json"));
    if (res.ok) {
      const listed = (await res.json()).parts;
      // only our own folders: the list names the scripts this page imports
      const ours = (p) => typeof p === "string" && /^\/pagefind\/(?:[0-9a-f]{16}\/)?$/.test(p);
      // (an empty list: an archive with no article yet, so nothing to import)
      if (Array.isArray(listed) && listed.every(ours)) parts = listed;
    }
  } catch (e) {
    // a bundle from before the parts: one part, at /pagefind/
  }
  const mods = await Promise.all(parts.map((p) => import(underRoot(p + "pagefind.js"))));
  await Promise.all(mods.map(async (m) => {
    await m.options({ excerptLength: EXCERPT_WORDS });
    await m.init();
  }));
  return {
    async filters() {
      return addCounts(await Promise.all(mods.map((m) => m.filters())));
    },
    async search(term, opts) {
      let answers = await Promise.all(mods.map((m) => m.search(term, opts)));
      if (answers.some((a) => !a)) return null;
      if (term && mods.length > 1) {
        const words = term.split(" ").filter(Boolean);
        const whole = await Promise.all(answers.map(async (a) =>
          a.results.length > 0 && holdsAll((await a.results[0].data()).content, words)));
        if (whole.some(Boolean)) answers = answers.filter((_, i) => whole[i]);
      }
      return {
        results: mergeResults(answers.map((a) => a.results), !opts.sort),
        filters: addCounts(answers.map((a) => a.filters)),
      };
    },
  };
}

let pagefind = null;

async function run() {
  const seq = ++state.seq;
  const raw = $("q").value;
  const sel = selected();
  updateUrl(raw.trim(), sel);
  renderActive(sel);
  let norm = withPlaces(normalizeQuery(raw), state.places);
  const hasFilters = Object.keys(sel).length > 0;
  if (!norm.text && !hasFilters) {
    state.results = [];
    state.shown = 0;
    $("search-results").textContent = "";
    $("more-results").hidden = true;
    $("search-status").textContent = "";
    applyCounts(state.totals);
    return;
  }
  const term = norm.text || null;
  const opts = { filters: pfFilters(sel) };
  if (!term) opts.sort = { ngay: "desc" };
  let res = await pagefind.search(term, opts);
  if (term && res && res.results.length === 0) {
    const plain = normalizeQuery(raw, false);
    if (plain.text !== norm.text) {
      const again = await pagefind.search(plain.text, opts);
      if (again && again.results.length) { res = again; norm = plain; }
    }
  }
  if (seq !== state.seq || !res) return;
  // facet counts: each facet counted with the other facets' filters only (OR within a facet)
  const counts = { ...(res.filters || {}) };
  for (const key of Object.keys(sel)) {
    const others = pfFilters(sel, key);
    if (!term && Object.keys(others).length === 0) {
      counts[key] = state.totals[key] || {};
      continue;
    }
    const r2 = await pagefind.search(term, { filters: others });
    if (seq !== state.seq) return;
    counts[key] = (r2 && r2.filters && r2.filters[key]) || {};
  }
  state.terms = norm.terms;
  state.results = res.results;
  state.shown = 0;
  $("search-results").textContent = "";
  applyCounts(counts);
  await showMore(seq, false);
  if (seq !== state.seq) return;
  const n = res.results.length;
  $("search-status").textContent = n ? `Tìm thấy ${n} kết quả` : "Không tìm thấy kết quả nào.";
}

let timer = 0;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, 180);
}

async function main() {
  const app = $("tim-kiem-app");
  try {
    pagefind = await openIndex();
    state.totals = await pagefind.filters();
    state.places = placeDictionary(state.totals);
  } catch (e) {
    $("search-unavailable").hidden = false;
    return;
  }
  const params = new URLSearchParams(location.search);
  const wanted = {};
  for (const [key] of FILTERS) {
    const vals = params.getAll(key).filter(Boolean);
    if (vals.length) wanted[key] = vals;
  }
  $("q").value = params.get("q") || "";
  buildFacets(state.totals, wanted);
  applyCounts(state.totals);
  app.hidden = false;
  $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); run(); });
  $("q").addEventListener("input", schedule);
  $("facets").addEventListener("change", () => { clearTimeout(timer); run(); });
  $("more-results").addEventListener("click", () => showMore(state.seq, true));
  if ($("q").value || Object.keys(wanted).length) await run();
  document.documentElement.dataset.searchReady = "1";
}

if (typeof document !== "undefined" && document.getElementById("tim-kiem-app")) main();
