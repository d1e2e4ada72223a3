"""Write N synthetic articles in the seed format, made of the seeds' own sentences.

The seeds' aligned (1-1) zh–en sentence pairs are shuffled and recombined into articles of varied
length (2–12 paragraphs of 1–5 sentences), with varied dates (1958) and pages (1–8) and a unique
16-hex source id each. Deterministic: the same N and --seed give the same files.

    python benchmarks/generate_corpus.py 10000 -o /tmp/corpus/seeds
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

from teiedit.align import align_document
from teiedit.parse import Article, parse_article
from teiedit.segment import split_article

ROOT = Path(__file__).resolve().parent.parent
IDEO = "\u3000"


def sentence_pairs(seeds: list[Path]) -> tuple[list[tuple[str, str]], list[Article]]:
    """The 1-1 aligned sentence pairs of every seed article (and the articles, for titles and authors)."""
    pairs: list[tuple[str, str]] = []
    articles: list[Article] = []
    for seed in seeds:
        article, _ = parse_article(seed)
        if article is None:
            continue
        articles.append(article)
        zh, en = split_article(article)
        for bead in align_document(zh, en).sentences:
            if len(bead.zh) == 1 and len(bead.en) == 1:
                (pz, sz), (pe, se) = bead.zh[0], bead.en[0]
                pairs.append((zh[pz][sz], en[pe][se]))
    if not pairs:
        raise SystemExit("no aligned sentence pairs found in the seeds")
    return pairs, articles


def article_text(k: int, rng: random.Random, pairs: list[tuple[str, str]], model: Article) -> str:
    date = (dt.date(1958, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
    page = rng.randint(1, 8)
    paragraphs = [rng.sample(pairs, rng.randint(1, min(5, len(pairs)))) for _ in range(rng.randint(2, 12))]
    en_paras = [" ".join(en for _, en in p) for p in paragraphs]
    zh_paras = ["".join(zh for zh, _ in p) for p in paragraphs]
    title_en, title_zh = f"{model.title_en} ({k + 1})", f"{model.title_zh}（{k + 1}）"
    author_en = ", ".join(model.authors_en)
    author_zh = "、".join(model.authors_zh)
    lines = [f"Title: {title_en}", f"Author: {author_en}", f"Date: {date}", f"Page: {page}", ""]
    lines += [f"{IDEO}{IDEO}{title_en}", f"{IDEO}{IDEO}{author_en}", ""]
    for para in en_paras:
        lines += [f"{IDEO}{IDEO}{para}", ""]
    lines += ["<hr />", "", "Original:", "", f"### {title_zh}", author_zh, date, f"第{page}版()", "专栏：", ""]
    lines += [f"{IDEO}{IDEO}{title_zh}", f"{IDEO}{IDEO}{author_zh}"]
    lines += [f"    {para}" for para in zh_paras]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seeds: list[Path], seed: int = 1958) -> list[Path]:
    pairs, articles = sentence_pairs(seeds)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(n):
        rng = random.Random(seed * 1_000_003 + k)
        source_id = hashlib.sha256(f"teiedit-synthetic-{seed}-{k}".encode()).hexdigest()[:16]
        path = out / f"{k:06d}_{source_id}.txt"
        path.write_text(article_text(k, rng, pairs, articles[k % len(articles)]), "utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--output", type=Path, default=Path("corpus/seeds"))
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of seed articles")
    ap.add_argument("--seed", type=int, default=1958, help="random seed")
    args = ap.parse_args(argv)
    files = generate(args.n, args.output, sorted(args.seeds.glob("*.txt")), args.seed)
    print(f"{len(files)} articles written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
