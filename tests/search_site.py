"""Shared by the search and browse tests: the seed plus three small articles of our own, converted."""

from __future__ import annotations

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
