"""Benchmark the build: articles/s and peak memory per stage and end to end, for -j 1 and -j all.

Not a test: it prints a Markdown report (and writes it as JSON with --json). For each corpus size and
job count it makes a fresh project from a synthetic corpus (generate_corpus.py), runs each stage as
its own `teiedit build --only STAGE` process (wall time; peak RSS of the largest process, the build's
main process or one of its workers), then a no-op rebuild of the whole pipeline (`--skip pdf`). The
floor is lxml parse + serialise of the same TEI. PDF pages/s is measured on a small corpus when the
PDF stage exists.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --jobs 1,0
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402

CORE = ("convert", "validate", "html")  # the stages of the 1,000 articles/s target
TEIEDIT = [str(Path(sys.executable).parent / "teiedit")]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
STAGE_MODULES = {"validate": "teiedit.validate", "html": "teiedit.render_html", "index": "teiedit.render_html",
                 "pdf": "teiedit.render_pdf"}  # fmt: skip


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MiB of the largest process, exit code, CPU seconds of the command and
    all its workers) of a command. CPU time is the figure to compare on a shared machine: wall time
    there depends on what else runs."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
        "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.perf_counter() - t, r.ru_maxrss, rc, r.ru_utime + r.ru_stime)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, env=ENV, capture_output=True, text=True)
    secs, rss, rc, cpu = out.stdout.split()
    return float(secs), int(rss) / 1024, int(rc), float(cpu)


def _floor_one(path: str) -> int:
    tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    return len(etree.tostring(tree, encoding="utf-8"))


def floor(tei_dir: Path, jobs: int) -> float:
    """Articles/s of the floor: lxml parse + serialise of every TEI file."""
    files = [str(p) for p in sorted(tei_dir.glob("*.xml"))]
    t = time.perf_counter()
    if jobs == 1:
        for f in files:
            _floor_one(f)
    else:
        with Pool(jobs) as pool:
            pool.map(_floor_one, files, chunksize=64)
    return len(files) / (time.perf_counter() - t)


def have(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def project(work: Path, corpus: Path) -> Path:
    proj = Path(tempfile.mkdtemp(prefix="proj-", dir=work))
    shutil.copy(ROOT / "edition.toml", proj / "edition.toml")
    os.symlink(corpus, proj / "seeds")
    return proj


def run_size(n: int, jobs: int, corpus: Path, work: Path, stages: list[str]) -> dict[str, object]:
    proj = project(work, corpus)
    j = ["-j", str(jobs)]
    result: dict[str, object] = {"articles": n, "jobs": jobs or os.cpu_count(), "stages": {}}
    total, peak, total_cpu = 0.0, 0.0, 0.0
    for stage in stages:
        secs, rss, rc, cpu = measured([*TEIEDIT, "build", "-q", *j, "--only", stage], proj)
        result["stages"][stage] = {"seconds": round(secs, 2), "per_s": round(n / secs, 1), "peak_mib": round(rss),
                                   "cpu_ms": round(cpu * 1000 / n, 2), "exit": rc}  # fmt: skip
        total += secs
        total_cpu += cpu
        peak = max(peak, rss)
        print(f"  {n} articles -j {jobs}: {stage:<9} {secs:7.2f} s {n / secs:8.1f}/s {rss:6.0f} MiB "
              f"{cpu * 1000 / n:6.2f} CPU ms/article rc={rc}", file=sys.stderr)  # fmt: skip
    result["end_to_end"] = {"seconds": round(total, 2), "per_s": round(n / total, 1), "peak_mib": round(peak),
                            "cpu_ms": round(total_cpu * 1000 / n, 2)}  # fmt: skip
    secs, rss, _, _ = measured([*TEIEDIT, "build", "-q", *j, "--skip", "pdf"], proj)
    result["noop_seconds"] = round(secs, 2)
    result["floor_per_s"] = round(floor(proj / "tei", jobs or os.cpu_count() or 1), 1)
    shutil.rmtree(proj)
    return result


def pdf_pages(n: int, jobs: int, work: Path) -> dict[str, object] | None:
    if not have("teiedit.render_pdf"):
        return None
    corpus = work / f"pdf-corpus-{n}"
    if not corpus.exists():
        generate(n, corpus, sorted((ROOT / "seeds").glob("*.txt")))
    proj = project(work, corpus)
    subprocess.run([*TEIEDIT, "build", "-q", "--only", "convert,validate"], cwd=proj, env=ENV, check=False,
                   capture_output=True)  # fmt: skip
    secs, rss, rc, _ = measured([*TEIEDIT, "build", "-q", "-j", str(jobs), "--only", "pdf"], proj)
    pages = 0
    for pdf in (proj / "build" / "pdf").glob("*.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages += next((int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")), 0)
    shutil.rmtree(proj)
    return {"articles": n, "jobs": jobs or os.cpu_count(), "pages": pages, "seconds": round(secs, 2),
            "pages_per_s": round(pages / secs, 2), "peak_mib": round(rss), "exit": rc}  # fmt: skip


def markdown(results: list[dict], pdf: list[dict]) -> str:
    stages = list(results[0]["stages"]) if results else []
    head = "| articles | -j | " + " | ".join(f"{s} /s (MiB)" for s in stages)
    head += " | " + " + ".join(CORE) + " /s | end to end /s (MiB) | floor /s | no-op rebuild s |"
    lines = [head, "|" + "---|" * (len(stages) + 6)]
    missing = {s for s, module in STAGE_MODULES.items() if not have(module)}
    for r in results:
        cells = [
            "not installed" if s in missing else f"{r['stages'][s]['per_s']:.0f} ({r['stages'][s]['peak_mib']})"
            for s in stages
        ]
        e = r["end_to_end"]
        core_s = sum(r["articles"] / r["stages"][s]["per_s"] for s in CORE if s in r["stages"])
        cells.append(f"{r['articles'] / core_s:.0f}" if core_s else "")
        lines.append(f"| {r['articles']} | {r['jobs']} | " + " | ".join(cells)
                     + f" | {e['per_s']:.0f} ({e['peak_mib']}) | {r['floor_per_s']:.0f} | {r['noop_seconds']} |")  # fmt: skip
    sizes = sorted({r["articles"] for r in results})
    if len(sizes) > 1:
        for jobs in sorted({r["jobs"] for r in results}):
            by = {r["articles"]: r for r in results if r["jobs"] == jobs}
            lo, hi = by[sizes[0]], by[sizes[-1]]
            ratios = ", ".join(
                f"{s} {hi['stages'][s]['peak_mib'] / lo['stages'][s]['peak_mib']:.2f}×" for s in stages
            )
            lines.append(f"\npeak memory {sizes[-1]} vs {sizes[0]} articles, -j {jobs}: {ratios}")
    lines.append("\nCPU ms per article (user + system, the build's process and its workers; wall time on a shared "
                 "machine depends on the load, CPU time much less):\n")
    lines.append("| articles | -j | " + " | ".join(stages) + " | " + " + ".join(CORE) + " | ≙ /s on 2 free cores |")
    lines.append("|" + "---|" * (len(stages) + 4))
    for r in results:
        core = sum(r["stages"][s]["cpu_ms"] for s in CORE if s in r["stages"])
        lines.append(f"| {r['articles']} | {r['jobs']} | " + " | ".join(f"{r['stages'][s]['cpu_ms']:.2f}" for s in stages)
                     + f" | {core:.2f} | {2000 / core:.0f} |" if core else "| |")  # fmt: skip
    for p in pdf:
        lines.append(f"\nPDF: {p['articles']} articles, -j {p['jobs']}: {p['pages']} pages in {p['seconds']} s = "
                     f"{p['pages_per_s']} pages/s (peak {p['peak_mib']} MiB)")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", default="1,0", help="job counts (0: all cores)")
    ap.add_argument("--stages", default="convert,validate,html,index,deposit")
    ap.add_argument("--pdf-articles", type=int, default=40)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="teiedit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    stages = [s for s in args.stages.split(",") if s]
    results, pdf = [], []
    for n in (int(s) for s in args.sizes.split(",")):
        corpus = work / f"corpus-{n}"
        if not corpus.exists():
            generate(n, corpus, seeds)
        for jobs in (int(j) for j in args.jobs.split(",")):
            results.append(run_size(n, jobs, corpus, work, stages))
    if args.pdf_articles:
        for jobs in (int(j) for j in args.jobs.split(",")):
            p = pdf_pages(args.pdf_articles, jobs, work)
            if p:
                pdf.append(p)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"max RSS self {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")  # fmt: skip
    print(markdown(results, pdf))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "pdf": pdf}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
