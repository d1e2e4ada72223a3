"""Print edition speed: seconds per article PDF, cold (a fresh `teiedit pdf` process) and warm (one renderer).

Run from the repository root:  .venv/bin/python benchmarks/pdf_speed.py [TEI] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from teiedit import render_pdf
from teiedit.config import EditionConfig
from teiedit.render_pdf import PdfRenderer

SEED = Path("tei/rmrb-1958-02-10-p05-3fc300c7573022ed.xml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tei", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    teiedit = Path(sys.executable).with_name("teiedit")
    post: list[float] = []  # the PDF/A pass after FOP (teiedit.pdfpost.finish), per warm article
    finish = getattr(render_pdf, "finish", None)  # (absent in teiedit before the pass existed)

    def timed_finish(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return finish(*args, **kwargs)
        finally:
            post.append(time.perf_counter() - start)

    if finish is not None:
        render_pdf.finish = timed_finish
    with tempfile.TemporaryDirectory() as tmp:
        cold = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([str(teiedit), "pdf", str(args.tei), "-o", tmp], check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        renderer = PdfRenderer(EditionConfig(), Path(tmp))
        setup = time.perf_counter() - start
        start = time.perf_counter()
        assert not [p for p in renderer.render_article(args.tei) if p.level.name == "ERROR"]
        first = time.perf_counter() - start
        renderer.pages_rendered = 0
        post.clear()
        warm = []
        cpu = []  # CPU seconds of the whole process (the JVM's threads included): steadier under load
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            renderer.render_article(args.tei)
            warm.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        pages = renderer.pages_rendered / args.runs
        renderer.close()
    print(f"article: {args.tei} ({pages:.0f} pages)")
    print(f"cold, one `teiedit pdf` process per article: {statistics.median(cold):.2f} s (median of 3)")
    print(f"renderer set-up in a process (JVM, FopFactory, fonts, XSLT compile): {setup:.2f} s")
    print(f"first article in a fresh renderer: {first:.2f} s")
    print(f"warm, per article: {statistics.mean(warm):.3f} s (mean of {args.runs}; min {min(warm):.3f})")
    print(f"warm, CPU per article: {statistics.median(cpu):.3f} s (median; min {min(cpu):.3f})")
    print(f"warm throughput: {pages * args.runs / sum(warm):.1f} pages/s")
    if post:
        print(f"of a warm article, the PDF/A pass after FOP (pikepdf): {statistics.mean(post):.3f} s (mean)")


if __name__ == "__main__":
    main()
