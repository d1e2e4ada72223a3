"""Benchmark `teiedit export`: beads/s and peak memory for 1,000 and 10,000 articles, per format.

Not a test. The corpus is generated: N copies of the seed's TEI, each with its own article id and
date, written once into a temporary folder. Each export runs as its own process; its peak RSS
(ru_maxrss of the child) shows whether memory grows with the corpus (it should not: the export
streams file by file).

    .venv/bin/python benchmarks/export_speed.py --sizes 1000,10000 --formats tmx,xces,tsv,jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEIEDIT = str(Path(sys.executable).parent / "teiedit")


def make_corpus(folder: Path, n: int) -> None:
    """N articles made from the seed's TEI: new ids and dates, the same 24 beads each."""
    from teiedit.config import EditionConfig
    from teiedit.convert import tei_bytes
    from teiedit.parse import parse_article

    article, problems = parse_article(ROOT / "seeds" / "000_3fc300c7573022ed.txt")
    assert article is not None, problems
    seed = tei_bytes(article, EditionConfig())
    old_id = b"rmrb-1958-02-10-p05-3fc300c7573022ed"
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        date = (dt.date(1958, 1, 1) + dt.timedelta(days=k % 365)).isoformat()
        new_id = f"rmrb-{date}-p05-{k:016x}".encode()
        data = seed.replace(old_id, new_id).replace(b'when="1958-02-10"', f'when="{date}"'.encode())
        (folder / f"{new_id.decode()}.xml").write_bytes(data)


def run(corpus: Path, fmt: str, out: Path) -> tuple[float, float]:
    """Wall seconds and that one process's peak RSS in MB (os.wait4 gives the child's own rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen([TEIEDIT, "export", str(corpus), "--format", fmt, "-o", str(out)],
                             stderr=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"export --format {fmt} failed ({status})")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--formats", default="tmx,xces,tsv,jsonl")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    formats = args.formats.split(",")
    print("| articles | format | beads | s | beads/s | peak RSS MB |\n|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"tei-{n}"
            make_corpus(corpus, n)
            for fmt in formats:
                wall, peak = run(corpus, fmt, Path(tmp) / f"out-{n}.{fmt}")
                beads = 24 * n
                print(f"| {n} | {fmt} | {beads} | {wall:.1f} | {beads / wall:.0f} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
