"""Alignment benchmark on real hand-aligned translations (../shared/align-dev, not part of the project).

For each set (`mag`, `mac-dev`, …): learn an association table from the set's sources (as
`teiedit align-train` would from a whole run), convert every source to TEI in a temporary folder, score
with `python3 ../shared/tools/align_score.py GOLD TEI --oracle`, and print strict/lax F1, the ceiling the
sentence splitting allows (oracleF1), the aligner's time per article and per seed-sized article, and
the calibration of @cert (how often links at each certainty are right).

    python3 benchmarks/alignment.py                          # the default: dictionary (CC-CEDICT), no corpus table
    python3 benchmarks/alignment.py --table                  # dictionary and a corpus table
    python3 benchmarks/alignment.py --table --no-dictionary  # corpus table only
    python3 benchmarks/alignment.py --no-dictionary          # per-document learning only
    python3 benchmarks/alignment.py --length-only            # length alone (Gale–Church style, same DP)
    python3 benchmarks/alignment.py --vectors                # the dictionary and sentence vectors (the extra)
    python3 benchmarks/alignment.py --speed [--model FILE]   # ms per seed-sized article only, each configuration

`--speed` times the aligner on the seed article (24 + 24 sentences) with length only, anchors only
(no table), the dictionary, a corpus table, and both (the issue-17 target: ≤ 1.0 ms); the corpus table
is read from `--model` (an `align-train` output) or else learned from the `mag` set first (~30 s).

Skips cleanly (exit 0, a message) when ../shared/align-dev is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
# one core: no BLAS threads (set before NumPy is imported)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from teiedit.align import LENGTH_ONLY, AlignerOptions, align_document, learn_table  # noqa: E402
from teiedit.config import EditionConfig  # noqa: E402
from teiedit.convert import tei_bytes  # noqa: E402
from teiedit.dictionary import dictionary_for  # noqa: E402
from teiedit.parse import parse_article  # noqa: E402
from teiedit.segment import split_article  # noqa: E402

DEV = ROOT.parent / "shared" / "align-dev"
SCORER = ROOT.parent / "shared" / "tools" / "align_score.py"
SEED = ROOT / "seeds" / "000_3fc300c7573022ed.txt"


def load_scorer():
    spec = importlib.util.spec_from_file_location("align_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def link_correctness(scorer, gold_path: Path, tei_path: Path) -> list[tuple[float, bool]]:
    """(cert, right) per link: right when the gold-projected bead of the link is a gold bead."""
    from lxml import etree

    gold = scorer.load(str(gold_path))
    gz = [scorer.n(s) for s in gold["zh"]]
    ge = [scorer.n(s) for s in gold["en"]]
    gbeads = {(frozenset(i for i in z if gz[i]), frozenset(j for j in e if ge[j])) for z, e in gold["beads"]}
    sents, _ = scorer.system(str(tei_path))
    where = {}
    for side, gs in (("zh", gz), ("en", ge)):
        text = "".join(gs)
        sets = scorer.gold_sets(gs, scorer.locate(text, [t for _, t in sents[side]]), text)
        for (sid, _), st in zip(sents[side], sets, strict=True):
            where[sid] = (side, st)
    tree = etree.parse(str(tei_path))
    links = tree.xpath("//*[local-name()='linkGrp'][@type='alignment']/*[local-name()='link']")
    projected = []
    for link in links:
        z, e = set(), set()
        for ref in link.get("target").split():
            side, st = where.get(ref[1:], (None, set()))
            (z if side == "zh" else e).update(st)
        projected.append((float(link.get("cert", "nan")), z, e))
    merged = scorer.merge([(z, e) for _, z, e in projected])
    group_of = {}
    for g in merged:
        for i in g[0]:
            group_of[("z", i)] = g
        for j in g[1]:
            group_of[("e", j)] = g
    out = []
    for cert, z, e in projected:
        if not z and not e:
            continue
        key = ("z", next(iter(z))) if z else ("e", next(iter(e)))
        out.append((cert, group_of[key] in gbeads))
    return out


def sources_of(src: Path) -> list[tuple[Path, object]]:
    out = []
    for path in sorted(src.glob("*.txt")):
        article, problems = parse_article(path)
        if article is None:
            print(f"  skipped {path.name}: {problems[0] if problems else 'unreadable'}")
            continue
        out.append((path, article))
    return out


def time_aligner(docs: list[tuple[list[list[str]], list[list[str]]]], options: AlignerOptions) -> float:
    """Fastest of 5 warm runs, in ms of this process's CPU time per document: the machine may be shared,
    and CPU time (not wall-clock time) is what a single-threaded aligner costs on one core."""
    for zh, en in docs:
        align_document(zh, en, options)
    runs = []
    for _ in range(5):
        t0 = time.process_time()
        for zh, en in docs:
            align_document(zh, en, options)
        runs.append((time.process_time() - t0) * 1000 / len(docs))
    return min(runs)


def calibration_table(pairs: list[tuple[float, bool]]) -> list[str]:
    bins = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.95), (0.95, 1.01)]
    lines = []
    for lo, hi in bins:
        sel = [r for c, r in pairs if lo <= c < hi]
        if sel:
            lines.append(f"    cert [{lo:.2f},{min(hi, 1):.2f}): {len(sel):5d} links, right {sum(sel) / len(sel):.3f}")
    high = [r for c, r in pairs if c >= 0.9]
    if high:
        lines.append(
            f"    cert >= 0.90: {len(high)} of {len(pairs)} links ({len(high) / len(pairs):.0%}), "
            f"right {sum(high) / len(high):.3f}"
        )
    return lines


def speed(model: Path | None) -> int:
    """ms per seed-sized article for each configuration (fastest of 5 runs of 200 articles, CPU time)."""
    from teiedit.lexicon import LexicalTable

    article, _ = parse_article(SEED)
    seed = [split_article(article)] * 200
    dictionary = dictionary_for("cc-cedict")
    if model is not None:
        table = LexicalTable.from_file(model)
        source = str(model)
    elif (DEV / "mag" / "src").is_dir():
        t0 = time.perf_counter()
        table = learn_table([split_article(a) for _, a in sources_of(DEV / "mag" / "src")], initial=dictionary)
        source = f"learned from mag in {time.perf_counter() - t0:.1f} s"
    else:
        print(f"skipped the corpus table: no --model and no {DEV / 'mag'}")
        table = None
    print(f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores); seed-sized article, ms (fastest of 5):")
    rows = [
        ("length only", LENGTH_ONLY),
        ("anchors, no table", AlignerOptions()),
        ("dictionary", AlignerOptions(table=dictionary)),
    ]
    if table is not None:
        rows += [
            (f"corpus table ({len(table)} pairs, {source})", AlignerOptions(table=table)),
            ("dictionary + corpus table", AlignerOptions(table=table.merged(dictionary))),
        ]
    for name, options in rows:
        print(f"  {name}: {time_aligner(seed, options):.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length-only", action="store_true", help="length alone (no anchors, no lexicon)")
    parser.add_argument("--table", action="store_true", help="learn a corpus table from the set first")
    parser.add_argument("--no-dictionary", action="store_true", help="without the packaged CC-CEDICT")
    parser.add_argument("--vectors", action="store_true", help="with sentence vectors (needs teiedit[vectors])")
    parser.add_argument("--speed", action="store_true", help="only the time per seed-sized article, per configuration")
    parser.add_argument("--model", type=Path, help="with --speed: a corpus table file (else learned from mag)")
    parser.add_argument("sets", nargs="*", help="set names (default: all under ../shared/align-dev)")
    args = parser.parse_args()
    if args.speed:
        return speed(args.model)
    if not DEV.is_dir() or not SCORER.is_file():
        print(f"skipped: the dev data ({DEV}) or its scorer ({SCORER}) is absent")
        return 0
    scorer = load_scorer()
    config = EditionConfig()
    all_pairs: list[tuple[float, bool]] = []
    tables = {}
    sets = args.sets or sorted(p.name for p in DEV.iterdir() if (p / "src").is_dir())
    dictionary = None if args.no_dictionary or args.length_only else dictionary_for("cc-cedict")
    mode = (
        "length-only"
        if args.length_only
        else (
            ("corpus table" if args.table else "no corpus table")
            + (", dictionary" if dictionary else ", no dictionary")
        )
    ) + (", sentence vectors" if args.vectors else "")
    print(f"alignment benchmark ({mode})")
    for name in sets:
        sources = sources_of(DEV / name / "src")
        docs = [split_article(a) for _, a in sources]
        t0 = time.perf_counter()
        if args.length_only:
            options = LENGTH_ONLY
        elif not args.table:
            options = AlignerOptions(table=dictionary, use_vectors=args.vectors)
        else:
            table = learn_table(docs, initial=dictionary)
            options = AlignerOptions(
                table=table if dictionary is None else table.merged(dictionary), use_vectors=args.vectors
            )
            tables[name] = options.table
        train_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            for path, article in sources:
                (out / f"{path.stem}.xml").write_bytes(tei_bytes(article, config, options))
            result = subprocess.run(
                [sys.executable, str(SCORER), str(DEV / name / "gold"), str(out), "--oracle"],
                capture_output=True,
                text=True,
                check=True,
            )
            micro = result.stdout.strip().splitlines()[-1]
            pairs = []
            for path, _ in sources:
                pairs += link_correctness(scorer, DEV / name / "gold" / f"{path.stem}.json", out / f"{path.stem}.xml")
        all_pairs += pairs
        f1 = re.search(r" F1=(\S+)", micro).group(1)
        lax = re.search(r"laxF1=(\S+)", micro).group(1)
        oracle = re.search(r"oracleF1=(\S+)", micro).group(1)
        ms = time_aligner(docs, options)
        sentences = sum(len(p) for zh, _ in docs for p in zh) / len(docs)
        print(
            f"{name}: strict F1={f1} laxF1={lax} oracleF1={oracle} files={len(docs)} "
            f"aligner {ms:.2f} ms/article (avg {sentences:.0f} zh sentences), table learned in {train_s:.1f} s"
        )
        print("  " + micro)
        print("\n".join(calibration_table(pairs)))
    article, _ = parse_article(SEED)
    seed_doc = [split_article(article)]
    options = LENGTH_ONLY if args.length_only else AlignerOptions(table=dictionary, use_vectors=args.vectors)
    print(
        f"seed-sized article (seeds/, 24+24 sentences): aligner {time_aligner(seed_doc * (10 if args.vectors else 200), options):.3f} ms"
    )
    for name, table in tables.items():
        ms = time_aligner(seed_doc * 200, AlignerOptions(table=table))
        print(f"  with the table learned from {name} ({len(table)} pairs): {ms:.3f} ms")
    if len(sets) > 1:
        print("all sets:")
        print("\n".join(calibration_table(all_pairs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
