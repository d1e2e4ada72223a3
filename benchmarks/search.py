"""Search benchmark (a script, not a test): index build time and peak memory, size on disk, bytes per search.

    .venv/bin/python benchmarks/search.py --sizes 1000 10000 50000 --per-year 5000

For each corpus size a synthetic corpus of seed-like TEI articles is generated (`generate_corpus`,
replaceable by the build benchmark's generator), then the search index is built in a fresh child
process; the peak resident memory reported is the largest of any single process of that build (Python
or one bundle's Pagefind process, from getrusage(RUSAGE_CHILDREN)). Finally headless Chromium runs
searches on the site and sums the bytes of every response.

`--quality SOURCES...` measures what a reader gets instead: the given article text files (e.g. the seed
and some `../shared/align-dev/*/src/*.txt`) are converted and indexed, then Chinese substrings of 2–5
characters sampled from the texts and English words (present ones, and absent ones such as `Bezos`)
are searched in Chromium; recall and precision are against a plain substring scan (Chinese) or a
stemmed word scan (English) of the reading text.

    .venv/bin/python benchmarks/search.py --quality seeds/*.txt ../shared/align-dev/mag/src/*.txt
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import platform
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Chinese words and English words to vary the text, so the vocabulary grows with the corpus.
HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
LATIN = "abcdefghijklmnopqrstuvwxyz"


def _seed_sentences() -> dict[str, list[str]]:
    root = etree.parse(str(SEED_TEI)).getroot()
    out = {}
    for lang, div in (("zh", "zh"), ("en", "en")):
        out[lang] = ["".join(s.itertext()) for s in root.xpath(f"//t:div[@xml:id='{div}']//t:s", namespaces=NS)]
    return out


def _tei(i: int, date: str, page: int, rng: random.Random, sents: dict[str, list[str]]) -> bytes:
    """A TEI document shaped like the converter's: header facts the index reads, two divisions of p/s."""

    def zh_word() -> str:
        return "".join(rng.choice(HAN) for _ in range(rng.choice((2, 2, 3, 4))))

    def en_word() -> str:
        return "".join(rng.choice(LATIN) for _ in range(rng.randint(4, 9)))

    ident = f"rmrb-{date}-p{page:02d}-synth{i:07d}"
    n_par = rng.randint(3, 6)
    paras = {"zh": [], "en": []}
    for p in range(1, n_par + 1):
        n_s = rng.randint(2, 5)
        for lang in ("zh", "en"):
            ss = []
            for s in range(1, n_s + 1):
                text = rng.choice(sents[lang])
                extra = "".join(zh_word() for _ in range(3)) if lang == "zh" else " ".join(en_word() for _ in range(3))
                text = text[:-1] + ("，" + extra + "。" if lang == "zh" else ", " + extra + ".")
                ss.append(f'<s xml:id="{lang}-p{p}-s{s}">{text}</s>')
            paras[lang].append(f'<p xml:id="{lang}-p{p}">{"".join(ss)}</p>')
    title_zh = zh_word() + "同群众" + zh_word()
    title_en = f"On {en_word()} and the masses"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{ident}">
<teiHeader><fileDesc><titleStmt>
<title type="main" xml:lang="zh-Hans">{title_zh}</title><title type="main" xml:lang="en">{title_en}</title>
<author><persName xml:lang="zh-Hans">静宇</persName><persName xml:lang="en">Jing Yu</persName></author>
</titleStmt><publicationStmt><publisher>synthetic</publisher><idno type="source-id">synth{i:07d}</idno></publicationStmt>
<sourceDesc><biblStruct><monogr><title level="j">人民日报</title><imprint><date when="{date}"/></imprint>
<biblScope unit="page" from="{page}" to="{page}">{page}</biblScope></monogr></biblStruct></sourceDesc></fileDesc></teiHeader>
<text><body>
<div type="original" xml:lang="zh-Hans" xml:id="zh"><head>{title_zh}</head>{"".join(paras["zh"])}</div>
<div type="translation" xml:lang="en" xml:id="en" corresp="#zh"><head>{title_en}</head>{"".join(paras["en"])}</div>
</body></text></TEI>
""".encode()


def generate_corpus(n: int, out_dir: Path, per_year: int = 5000, seed: int = 1958) -> list[Path]:
    """`n` synthetic articles, `per_year` to a year from 1946 on, spread over the days and 8 pages."""
    rng = random.Random(seed)
    sents = _seed_sentences()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        year = 1946 + i // per_year
        k = i % per_year
        day_of_year = k * 365 // per_year
        month, day = divmod(day_of_year, 30)
        date = f"{year}-{min(month + 1, 12):02d}-{day % 28 + 1:02d}"
        path = out_dir / f"a{i:07d}.xml"
        path.write_bytes(_tei(i, date, rng.randint(1, 8), rng, sents))
        paths.append(path)
    return paths


def _child_build(tei_dir: Path, out: Path, single: bool = False) -> None:
    from teiedit.search import Bundle, _build_bundle, build_search_index_report, write_search_page

    paths = sorted(tei_dir.glob("*.xml"))
    t0 = time.perf_counter()
    if single:  # the unbounded design, for comparison: one English bundle of every article
        problems: list = []
        _build_bundle(Bundle("all", "en"), paths, out / "single-en", problems)
        elapsed = time.perf_counter() - t0
        print(json.dumps({"seconds": elapsed, "built": 1, "problems": len(problems), **_rss()}))
        return
    report = build_search_index_report(paths, out / "html", force=True)
    elapsed = time.perf_counter() - t0
    write_search_page(out / "html")
    print(json.dumps({"seconds": elapsed, "built": len(report.built), "problems": len(report.problems), **_rss()}))


def _rss() -> dict[str, int]:
    return {
        "pagefind_peak_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "python_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def build(tei_dir: Path, out: Path, single: bool = False) -> dict:
    """Run the build in a fresh process, which reports its own peak RSS and its largest Pagefind process's."""
    cmd = [sys.executable, __file__, "--child", str(tei_dir), str(out)] + (["--single"] if single else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bytes_per_search(site: Path, queries: list[dict[str, str]]) -> list[dict]:
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}/"
    out = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-dev-shm-usage"])
        for q in queries:
            page = b.new_context().new_page()  # a fresh context: nothing cached
            sizes: list[int] = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]))
            page.goto(base + "search.html?" + urlencode(q))
            page.wait_for_selector("body[data-search-runs]", timeout=120000)
            hits = page.inner_text("#search-message").split("·")[0].strip()
            page.wait_for_timeout(300)
            out.append({"query": q, "hits": hits, "requests": len(sizes), "bytes": sum(sizes)})
            page.context.close()
        b.close()
    httpd.shutdown()
    return out


def search_ids(page: object, base: str, q: str) -> set[str]:
    """Every article the search page lists for `q` (all pages of results)."""
    from urllib.parse import urlencode

    page.goto(base + "search.html?" + urlencode({"q": q}))  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-search-runs]", timeout=120000)  # type: ignore[attr-defined]
    while page.is_visible("#search-more"):  # type: ignore[attr-defined]
        page.click("#search-more")  # type: ignore[attr-defined]
    return set(page.eval_on_selector_all("#search-results li", "els => els.map(e => e.dataset.article)"))  # type: ignore[attr-defined]


def quality(sources: list[Path], work: Path, samples: int = 40) -> dict:
    """Recall and precision of the search page against a scan of the reading text."""
    import re

    from playwright.sync_api import sync_playwright

    from teiedit.config import EditionConfig
    from teiedit.convert import convert_file
    from teiedit.search import build_search_index_report, write_search_page
    from teiedit.searchtext import article_record, record_texts

    if work.exists():
        shutil.rmtree(work)
    tei = [r.target for r in (convert_file(s, work / "tei", EditionConfig()) for s in sources) if r.target]
    site = work / "html"
    build_search_index_report(tei, site)
    write_search_page(site)
    texts = {}
    for path in tei:
        rec = article_record(etree.parse(str(path)).getroot(), path.name)
        texts[str(rec["id"])] = record_texts(rec)
    rng = random.Random(16)
    han_queries: list[str] = []
    for article in sorted(texts):
        runs = [r for t in texts[article] for r in re.findall(r"[\u4e00-\u9fff]{5,}", t)]
        for run in rng.sample(runs, min(len(runs), max(1, samples // len(texts)))):
            n = rng.randint(2, 5)
            start = rng.randrange(0, len(run) - n + 1)
            han_queries.append(run[start : start + n])
    words = sorted({w.lower() for ts in texts.values() for t in ts for w in re.findall(r"[A-Za-z]{5,}", t)})
    en_present = rng.sample(words, min(len(words), samples // 2))
    en_absent = ["Bezos", "Amazon", "Zuckerberg", "quantum", "smartphone", "Brexit", "algorithm", "podcast"]

    def stem_scan(word: str) -> set[str]:
        pat = re.compile(rf"\b{re.escape(word)}[a-z]{{0,3}}\b", re.IGNORECASE)  # the word, or inflected
        return {a for a, ts in texts.items() if any(pat.search(t) for t in ts)}

    truth = {q: {a for a, ts in texts.items() if any(q in t for t in ts)} for q in han_queries}
    truth |= {q: stem_scan(q) for q in en_present + en_absent}
    httpd, base = _serve(site)
    found_total = true_total = right = 0
    misses: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = b.new_page()
        for q, expected in truth.items():
            got = search_ids(page, base, q)
            found_total += len(got)
            true_total += len(expected)
            right += len(got & expected)
            if got != expected:
                misses.append(q)
        b.close()
    httpd.shutdown()
    return {
        "articles": len(tei),
        "queries": len(truth),
        "zh_queries": len(han_queries),
        "en_absent_queries": len(en_absent),
        "recall": round(right / true_total, 4) if true_total else 1.0,
        "precision": round(right / found_total, 4) if found_total else 1.0,
        "queries_not_exact": misses,
    }


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}/"


def grams_only(n: int, work: Path, per_year: int) -> dict:
    """Build only the exact index (`grams/`) of n synthetic articles, in this process: time, peak memory, size."""
    from teiedit.searchtext import write_grams_bundle

    if work.exists():
        shutil.rmtree(work)
    paths = generate_corpus(n, work / "tei", per_year=per_year)
    t0 = time.perf_counter()
    problems: list = []
    by_year: dict[str, list[Path]] = {}
    for path in paths:
        year = etree.parse(str(path)).getroot().xpath("string(//t:monogr//t:date/@when)", namespaces=NS)[:4]
        by_year.setdefault(year, []).append(path)
    for year, items in sorted(by_year.items()):
        write_grams_bundle(items, work / "grams" / year, problems)
    seconds = time.perf_counter() - t0
    size = du(work / "grams")
    shards = [f.stat().st_size for f in (work / "grams").glob("*/g/*.json")]
    return {
        "articles": n,
        "grams_seconds": round(seconds, 1),
        "python_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "grams_mib": round(size / 2**20, 1),
        "largest_shard_kib": round(max(shards) / 1024, 1),
        "problems": len(problems),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--per-year", type=int, default=5000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/teiedit-search-bench"))
    ap.add_argument("--single", action="store_true", help="also build one bundle of all articles (unbounded)")
    ap.add_argument("--single-max", type=int, default=10000, help="largest corpus for --single (memory!)")
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--quality", nargs="+", type=Path, help="article text files: measure recall and precision")
    ap.add_argument("--grams", type=int, help="only the exact index of N synthetic articles (size, memory)")
    args = ap.parse_args()
    if args.grams:
        print(json.dumps(grams_only(args.grams, args.work / "grams", args.per_year)), flush=True)
        return
    if args.quality:
        print(json.dumps(quality(args.quality, args.work / "quality"), ensure_ascii=False), flush=True)
        return
    if args.child:
        _child_build(*args.child, single=args.single)
        return
    print(f"machine: {platform.machine()}, {platform.processor() or ''} {_cpu()} ; Python {platform.python_version()}")
    for n in args.sizes:
        work = args.work / str(n)
        if work.exists():
            shutil.rmtree(work)
        t0 = time.perf_counter()
        generate_corpus(n, work / "tei", per_year=args.per_year)
        gen = time.perf_counter() - t0
        result = build(work / "tei", work / "build")
        size = du(work / "build" / "html" / "pagefind")
        row = {
            "articles": n,
            "bundles": result["built"],
            "index_seconds": round(result["seconds"], 1),
            "pagefind_peak_mib": result["pagefind_peak_mib"],  # largest single bundle process
            "python_peak_mib": result["python_peak_mib"],
            "index_mib": round(size / 2**20, 1),
            "kib_per_1000_articles": round(size / 1024 / (n / 1000)),
            "generate_seconds": round(gen, 1),
        }
        print(json.dumps(row), flush=True)
        if args.single and n <= args.single_max:
            one = build(work / "tei", work / "build", single=True)
            print("  single bundle (en, all articles):", json.dumps(one), flush=True)
        year = "1946"
        for s in bytes_per_search(
            work / "build" / "html",
            [{"q": "群众"}, {"q": "masses"}, {"q": "群众", "year": year}, {"q": "masses", "year": year}],
        ):
            print("  search", json.dumps(s, ensure_ascii=False), flush=True)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                import os

                return f"{line.split(':', 1)[1].strip()} x{os.cpu_count()}"
    except OSError:
        pass
    return ""


if __name__ == "__main__":
    main()
