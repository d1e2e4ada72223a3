"""Exact search beside Pagefind: each article's reading text as JSON, and a Chinese character index.

Why: Pagefind matches words. Its Chinese words depend on a segmenter that the index and the browser
do not share (产量 did not find 钢产量), and an English word it does not know is matched on sub-words
(`Bezos` found six articles). So each search bundle key (a year, or a month of a large year) also gets
`pagefind/<key>/grams/`:

- `t/<article id>.json`: the article's sentences (reading text, the other reading of its `choice`s when
  there is one, the ids of the aligned counterparts), its notes and headings. The search page confirms
  every hit against it (a hit must contain the query, as grep would say) and shows the hit sentence with
  its counterpart.
- `g/<shard>.json`: every Chinese character and every pair of adjacent characters of an article's text
  (sentences, other readings, notes, headings) → the articles (their index in `articles.json`) that hold
  it; the shard is FNV-1a of the gram's code points modulo `shards`. A query of n ≥ 2 characters
  intersects the articles of its n−1 pairs, a single character uses its own list; then the text confirms.
  A query loads one shard per distinct gram, never the whole index, and the builder holds the postings
  of one bundle only.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from .fsutil import swap_dir, write_atomic
from .meta import NS, XML_ID, meta_from_tree
from .problems import Level, Problem
from .reading import original_text, reading_text
from .xmlsafe import parse_file

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
ARTICLES_PER_SHARD = 4  # ~1,500 distinct grams an article: shards stay small at a year of 5,000 articles
MAX_SHARDS = 4096


def fnv1a(gram: str) -> int:
    """32-bit FNV-1a over code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in gram:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def han_grams(text: str) -> set[str]:
    """Every Han character and every adjacent pair of Han characters of `text`."""
    grams: set[str] = set()
    for run in HAN.findall(text):
        grams.update(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def shard_count(articles: int) -> int:
    return max(1, min(MAX_SHARDS, -(-articles // ARTICLES_PER_SHARD)))


def note_ids_of(root: etree._Element) -> dict[etree._Element, str]:
    """The ids the HTML gives notes (xslt/html/text.xsl h:note-id): own xml:id, else <div id>-note<n>."""
    ids: dict[etree._Element, str] = {}
    for div in root.xpath("/t:TEI/t:text/t:body/t:div", namespaces=NS):
        notes = [n for n in div.iter(f"{{{NS['t']}}}note") if not n.xpath("ancestor::t:note", namespaces=NS)]
        for number, note in enumerate(notes, 1):
            ids[note] = note.get(XML_ID) or f"{div.get(XML_ID) or 'text'}-note{number}"
    return ids


def _counterparts(root: etree._Element) -> dict[str, list[str]]:
    links: dict[str, list[str]] = defaultdict(list)
    for link in root.iterfind(".//t:standOff//t:link", NS):
        targets = [t.removeprefix("#") for t in (link.get("target") or "").split()]
        for t in targets:
            side = t.split("-", 1)[0]
            links[t].extend(o for o in targets if o.split("-", 1)[0] != side)
    return links


def article_record(root: etree._Element, tei_name: str) -> dict[str, object]:
    """What the search page reads of one article (`t/<id>.json`)."""
    meta = meta_from_tree(root, tei_name)
    links = _counterparts(root)
    record: dict[str, object] = {
        "id": meta.id,
        "meta": {
            "title_zh": meta.title_zh,
            "title_en": meta.title_en,
            "date": meta.date,
            "page": meta.page,
            "section": meta.section,
            "column": meta.column,
        },
    }
    notes = note_ids_of(root)
    note_rows = []
    for lang, tei_lang in (("zh", "zh-Hans"), ("en", "en")):
        divs = root.xpath("/t:TEI/t:text/t:body/t:div[@xml:lang=$l]", namespaces=NS, l=tei_lang)
        if not divs:
            continue
        head = divs[0].find("t:head", NS)
        rows: list[list[object]] = []
        if head is not None:
            rows.append([lang, reading_text(head), "", []])
        for s in divs[0].iter(f"{{{NS['t']}}}s"):
            sid = s.get(XML_ID) or ""
            text, orig = reading_text(s), original_text(s)
            rows.append([sid, text, orig if orig != text else "", links.get(sid, [])])
        record[lang] = rows
        note_rows += [
            [nid, lang, reading_text(n)] for n, nid in notes.items() if n.xpath("ancestor::t:div[@xml:lang=$l]", namespaces=NS, l=tei_lang)
        ]
    record["notes"] = note_rows
    return record


def record_texts(record: dict[str, object]) -> list[str]:
    """All the text of a record that search finds (sentences, other readings, notes)."""
    texts: list[str] = []
    for lang in ("zh", "en"):
        for row in record.get(lang, []):  # type: ignore[attr-defined]
            texts += [row[1], row[2]]
    texts += [row[2] for row in record["notes"]]  # type: ignore[attr-defined]
    return [t for t in texts if t]


def write_grams_bundle(paths: Sequence[Path], target: Path, problems: list[Problem]) -> int:
    """Write `<key>/grams/` for one bundle's TEI files, through a temporary folder swapped in at the end."""
    tmp = target.parent / f".{target.name}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "t").mkdir(parents=True)
    postings: dict[str, list[int]] = defaultdict(list)
    articles: list[dict[str, str]] = []  # what the page filters on before it loads an article
    for path in paths:
        try:
            root = parse_file(path).getroot()
        except (OSError, etree.XMLSyntaxError) as e:
            problems.append(Problem(str(path), 0, 0, Level.ERROR, "search-unreadable", str(e)))
            continue
        record = article_record(root, path.name)
        index = len(articles)
        meta = record["meta"]
        articles.append({"id": str(record["id"])} | {k: meta[k] for k in ("date", "page", "section", "column")})  # type: ignore[index]
        for gram in han_grams("\n".join(record_texts(record))):
            postings[gram].append(index)
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (tmp / "t" / f"{record['id']}.json").write_text(data + "\n", encoding="utf-8")
    shards = shard_count(len(articles))
    by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for gram in sorted(postings):
        by_shard[fnv1a(gram) % shards][gram] = postings[gram]
    (tmp / "g").mkdir()
    for shard, grams in sorted(by_shard.items()):
        data = json.dumps(grams, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (tmp / "g" / f"{shard}.json").write_text(data + "\n", encoding="utf-8")
    write_atomic(
        tmp / "articles.json",
        json.dumps({"shards": shards, "articles": articles}, ensure_ascii=False).encode("utf-8") + b"\n",
    )
    swap_dir(tmp, target)
    return len(articles)
