"""Benchmark the static DTS endpoint: files, bytes and time per article, and the collection level.

Not a test. The corpus is generated like benchmarks/export_speed.py's (N copies of the seed's TEI with
their own ids and dates, 365 days a year). For each `dts_unit_depth` the articles' DTS folders are
written by one `DtsWriter` (as one build worker does), then the collection level; the figures per
article are extrapolated to 300,000 articles (the sizes on disk assume 4 KiB blocks).

    .venv/bin/python benchmarks/dts_size.py --articles 200 --depths=-1,1,0
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_speed import make_corpus

SCALE = 300_000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--depths", default="-1,1,0")
    args = ap.parse_args()

    from teiedit.config import EditionConfig
    from teiedit.dts import DtsWriter, write_collections
    from teiedit.meta import read_meta
    from teiedit.xmlsafe import parse_bytes

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "tei"
        make_corpus(corpus, args.articles)
        teis = sorted(corpus.glob("*.xml"))
        metas = [read_meta(p) for p in teis]
        print("| dts_unit_depth | files / article | bytes / article | ms / article | collection level (s) "
              f"| files at {SCALE:,} | bytes at {SCALE:,} | on disk at {SCALE:,} |")
        print("|---|---|---|---|---|---|---|---|")
        for depth in (int(d) for d in args.depths.split(",")):
            site = Path(tmp) / f"site{depth}"
            writer = DtsWriter(replace(EditionConfig(), dts_unit_depth=depth), site)
            t0 = time.perf_counter()
            for path in teis:
                data = path.read_bytes()
                writer.write_article(parse_bytes(data, str(path)), path, data)
            per_article = (time.perf_counter() - t0) / len(teis)
            t0 = time.perf_counter()
            write_collections(metas, site, EditionConfig())
            collections = time.perf_counter() - t0
            files = [Path(d) / n for d, _, names in os.walk(site / "dts") for n in names]
            size = sum(f.stat().st_size for f in files)
            blocks = sum(-(-f.stat().st_size // 4096) * 4096 for f in files)
            n = len(teis)
            print(f"| {depth} | {len(files) / n:.0f} | {size / n / 1024:.0f} KiB | {per_article * 1000:.0f} | {collections:.1f} "
                  f"| {len(files) / n * SCALE / 1e6:.0f} M | {size / n * SCALE / 2**30:.0f} GiB | {blocks / n * SCALE / 2**30:.0f} GiB |")


if __name__ == "__main__":
    main()
