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


WORKSHOP_ID = "rmrb-1958-02-10-p03-workshop-1958-02-10"


def edit_like_a_scholar(tei_dir: Path) -> Path:
    """The workshop article as an editor marks it up: a regularised spelling (`choice`) and two notes."""
    path = tei_dir / f"{WORKSHOP_ID}.xml"
    data = path.read_text(encoding="utf-8")
    edits = {
        "forty office cadres returned to the workshop this month.": (
            "forty office cadres returned to <choice><orig>labor</orig><reg>labour</reg></choice> in the workshop"
            " this month.<note>Textile workers called this xiafang.</note>"
        ),
        "天津一家纺织厂本月有四十名科室干部回到车间。": "天津一家纺织厂本月有四十名科室干部回到车间<note>纺织工人称之为下放劳动。</note>。",
    }
    for old, new in edits.items():
        assert old in data, old
        data = data.replace(old, new, 1)
    path.write_text(data, encoding="utf-8")
    return path
