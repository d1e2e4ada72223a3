"""Validation time per seed-sized document, warm (schemas compiled once, then reused).

    .venv/bin/python benchmarks/validate_speed.py [N]

Prints the one-off compile time and the mean / median time of validate_file over N runs (default 200)
of the committed seed TEI and of the largest scholarly-edited fixture.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from teiedit.validate import Validator

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml",
    ROOT / "tests" / "data" / "edited" / "edited_inline_markup.xml",
]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t0 = time.perf_counter()
    validator = Validator()
    print(f"compile RelaxNG + Schematron: {(time.perf_counter() - t0) * 1000:.0f} ms (once per process)")
    for path in FILES:
        assert validator.validate_file(path) == [], path
        times = []
        for _ in range(n):
            t = time.perf_counter()
            validator.validate_file(path)
            times.append(time.perf_counter() - t)
        print(
            f"{path.name} ({path.stat().st_size // 1024} KiB): mean {statistics.mean(times) * 1000:.1f} ms, "
            f"median {statistics.median(times) * 1000:.1f} ms over {n} runs"
        )


if __name__ == "__main__":
    main()
