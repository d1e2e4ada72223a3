"""CPU time per article of one stage's work, in one process (no pool, no build state), optionally profiled.

    .venv/bin/python benchmarks/stage_profile.py html --tei build-bench/tei -n 300 [--profile]

Runs the stage's worker function (`teiedit.build._WORK[stage]`, the engine built once as in a pool
worker) over the first N TEI files (convert: source files), once to warm up and then `--runs` times,
and prints the best CPU ms per article. CPU time (not wall time) because the machine may be shared.
With --profile, the top functions by own time (cProfile; Saxon's and lxml's work shows as the call
that enters them, e.g. `render_html._transform`). Outputs go to a temporary folder; the timed runs
find them written by the warm-up, so they measure a rebuild: html then writes nothing (its pages are
unchanged), where a fresh build writes two files per article (~0.3 ms of system time here).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from teiedit import workers as build
from teiedit.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def items_for(stage: str, files: list[str]) -> list[Any]:
    if stage in ("convert", "validate"):
        return files
    if stage == "html":
        return [(f, None) for f in files]
    return [(f, Path(f).stem) for f in files]  # pdf: (path, id)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stage", choices=sorted(build._WORK))
    ap.add_argument("--tei", type=Path, default=ROOT / "tei", help="folder of TEI files (convert: sources)")
    ap.add_argument("-n", type=int, default=200, help="articles")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--config", type=Path, default=ROOT / "edition.toml")
    args = ap.parse_args(argv)
    suffix = ".txt" if args.stage == "convert" else ".xml"
    files = [str(p) for p in sorted(args.tei.glob(f"*{suffix}"))[: args.n]]
    if not files:
        sys.exit(f"no *{suffix} files in {args.tei}")
    out = Path(tempfile.mkdtemp(prefix="teiedit-stage-"))
    options = build.BuildOptions(tei_dir=out / "tei", build_dir=out / "build")
    spec = build.ENGINES.get(args.stage)
    t0 = time.perf_counter()
    build._init_worker(args.stage, spec, load_config(args.config), options, in_pool=False)
    print(f"{args.stage}: engine set up in {time.perf_counter() - t0:.2f} s (once per worker)")
    work = build._WORK[args.stage]
    items = items_for(args.stage, files)
    for item in items:  # warm up (and, for html, write every output once)
        work(item)
    best = float("inf")
    profile = cProfile.Profile() if args.profile else None
    for _ in range(args.runs):
        c0 = time.process_time()
        if profile:
            profile.enable()
        for item in items:
            work(item)
        if profile:
            profile.disable()
        best = min(best, time.process_time() - c0)
    print(f"{args.stage}: {best / len(items) * 1000:.2f} CPU ms per article (best of {args.runs} runs over "
          f"{len(items)} articles{', profiled' if profile else ''})")  # fmt: skip
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    if build._WORKER.get("engine") is not None:
        build._close_engine(build._WORKER["engine"])


if __name__ == "__main__":
    main()
