"""Time and peak memory of `convert` on articles far larger than any real one (issue 19 §2 limits).

Each case is generated from the seed (its paragraphs repeated, or one paragraph grown into a single
line) and converted in a fresh process, so that peak RSS is the case's own. A case is either converted
or rejected by name with a `[too-large]` / `[too-long]` problem; either way it must stay within the
stated bounds (README, "Limits").

    python benchmarks/hostile_sizes.py                 # all cases, with the edition's limits
    python benchmarks/hostile_sizes.py paras-10000     # one case
    python benchmarks/hostile_sizes.py --no-limits     # limits raised: what the aligner itself costs

Peak RSS is the child's own (`resource.getrusage(RUSAGE_SELF)` in the converting process, which
includes Python, NumPy, Numba and the dictionary: ~150 MB before any article).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3fc300c7573022ed.txt"
IDEO = "\u3000"


def article(paragraphs: int = 0, line_bytes: int = 0, tiny: int = 0) -> str:
    """The seed with its paragraphs repeated to `paragraphs` a side, or with one `line_bytes`-long line,
    or with `tiny` one-sentence paragraphs of a few characters (many sentences in few bytes)."""
    text = SEED.read_text("utf-8")
    en, _, zh = text.partition("<hr />")
    head, *en_paras = en.rstrip("\n").split("\n\n")
    title_block, en_body = en_paras[0], en_paras[1:]
    zh_lines = zh.rstrip("\n").split("\n")
    zh_head = [ln for ln in zh_lines if not ln.startswith("    ")]
    zh_body = [ln for ln in zh_lines if ln.startswith("    ")]
    if line_bytes:
        en_body = [en_body[0] + (" " + en_body[0].strip()) * (line_bytes // len(en_body[0].encode()))]
        zh_body = [zh_body[0] + zh_body[0].strip() * (line_bytes // len(zh_body[0].encode()))]
    elif tiny:
        en_body = [f"\u3000\u3000Item {k}." for k in range(tiny)]
        zh_body = [f"    第{k}条。" for k in range(tiny)]
    elif paragraphs:
        en_body = [en_body[k % len(en_body)] for k in range(paragraphs)]
        zh_body = [zh_body[k % len(zh_body)] for k in range(paragraphs)]
    return "\n\n".join([head, title_block, *en_body]) + "\n\n<hr />" + "\n".join(zh_head + zh_body) + "\n"


CASES = {
    "seed": {},
    "paras-300": {"paragraphs": 300},
    "paras-1000": {"paragraphs": 1000},
    "paras-10000": {"paragraphs": 10000},
    "line-5mb": {"line_bytes": 5_000_000},
    "bytes-20mb": {"paragraphs": 14000},
    "tiny-12000": {"tiny": 12000},
}
NO_LIMITS = "--no-limits"


def _child(source: str, out: str, limits: bool) -> None:
    from dataclasses import replace

    from teiedit.config import load_config
    from teiedit.convert import convert_file

    config = load_config()
    if not limits:
        config = replace(config, max_source_bytes=10**10, max_sentences=10**9)
    start = time.perf_counter()
    result = convert_file(Path(source), Path(out), config)
    took = time.perf_counter() - start
    codes = sorted({p.code for p in result.problems})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"status": result.status.name, "seconds": round(took, 2), "peak_mb": round(peak / 1024),
                      "codes": codes}))


def run(name: str, limits: bool = True) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "000_00000000000000ff.txt"
        source.write_text(article(**CASES[name]), "utf-8")
        size = source.stat().st_size
        args = [sys.executable, __file__, "--child", str(source), str(Path(tmp) / "tei")]
        proc = subprocess.run([*args, *([] if limits else [NO_LIMITS])], capture_output=True, text=True, check=True)
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        sentences = _sentences(source)
        return {"case": name, "bytes": size, "sentences": sentences, **data}


def _sentences(source: Path) -> list[int]:
    from teiedit.parse import parse_article
    from teiedit.segment import split_article

    article, _ = parse_article(source)
    if article is None:
        return []
    zh, en = split_article(article)
    return [sum(map(len, zh)), sum(map(len, en))]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3], NO_LIMITS not in sys.argv)
    else:
        with_limits = NO_LIMITS not in sys.argv
        for case in [a for a in sys.argv[1:] if a != NO_LIMITS] or list(CASES):
            print(json.dumps(run(case, with_limits)), flush=True)
