"""Shared by the search and browse tests: the seed plus three small articles of our own, converted."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from teiedit.config import EditionConfig
from teiedit.convert import convert_file

HERE = Path(__file__).resolve().parent
SEARCH_DATA = HERE / "data" / "search"
SEED = HERE.parent / "seeds" / "000_3fc300c7573022ed.txt"
SEED_ID = "rmrb-1958-02-10-p05-3fc300c7573022ed"


def convert_corpus(tei_dir: Path) -> list[Path]:
    sources = [SEED, *sorted(SEARCH_DATA.glob("*.txt"))]
    paths = []
    for source in sources:
        result = convert_file(source, tei_dir, EditionConfig())
        assert result.target is not None, result.problems
        paths.append(result.target)
    return sorted(paths)


@contextmanager
def teiedit_serve(site: Path) -> Iterator[str]:
    """`teiedit serve` on a free port of 127.0.0.1, as a reader runs it; yields the site's base URL."""
    command = [sys.executable, "-c", "from teiedit.cli import main; main()", "serve", "-d", str(site), "--port", "0"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"teiedit serve said: {line!r}"
        yield found.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
