"""Writes tests/data/merge/: the three sides of a re-conversion merge, one folder per case (run after any
change to the encoder or the aligner; committed; tests/test_merge.py checks they are in step).

Each case folder holds `base.xml` (what teiedit wrote from the seed's source), `ours.xml` (that file as a
scholar edited it), `source.txt` (the source as corrected since) and `theirs.xml` (teiedit's conversion of
that corrected source). tests/test_merge.py merges them and asserts, with XPath, what the merged TEI holds.

    .venv/bin/python tests/data/make_merge.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from teiedit.config import EditionConfig
from teiedit.convert import aligner_options, tei_bytes
from teiedit.parse import parse_article
from teiedit.schemaloc import schema_dir_for

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_3fc300c7573022ed.txt"
OUT = ROOT / "tests" / "data" / "merge"
NOTE = "<note>A scholar's note.</note>"

# case → (edits to the TEI the scholar makes, edits to the source since)
CASES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    # issue 13 §5: a typo fixed in the source, a note added elsewhere: both in the merged TEI
    "source-typo-fixed": (
        [('<s xml:id="zh-p2-s2">', NOTE + '<s xml:id="zh-p2-s2">')],
        [("many factories in Shanghai launched discussions", "many factories in Shanghai started discussions")],
    ),
    # both sides change one sentence: a conflict naming it, with both texts
    "both-changed-one-sentence": (
        [("launched discussions", "held discussions")],
        [("many factories in Shanghai launched discussions", "many factories in Shanghai started discussions")],
    ),
    # a paragraph split in the source while the scholar annotated another paragraph
    "paragraph-split": (
        [('<s xml:id="en-p4-s1">', "<note>Checked against the print.</note><s xml:id=\"en-p4-s1\">")],
        [("grassroots units. During the discussion", "grassroots units.\n\n\u3000\u3000During the discussion")],
    ),
}


def _edit(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def case_files(name: str, folder: Path) -> dict[str, bytes]:
    """The files of one case, as bytes (pure: the same encoder and aligner give the same bytes)."""
    tei_edits, source_edits = CASES[name]
    config = EditionConfig()
    options = aligner_options(config)
    schema_dir = schema_dir_for(folder)
    original, _ = parse_article(SEED)
    assert original is not None
    base = tei_bytes(original, config, options, schema_dir)
    corrected = _edit(SEED.read_text("utf-8"), source_edits)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / SEED.name  # parsed under the seed's name: the source id and file name stay
        source.write_text(corrected, "utf-8")
        article, _ = parse_article(source)
    assert article is not None
    return {
        "base.xml": base,
        "ours.xml": _edit(base.decode("utf-8"), tei_edits).encode("utf-8"),
        "source.txt": corrected.encode("utf-8"),
        "theirs.xml": tei_bytes(article, config, options, schema_dir),
    }


def main() -> None:
    for name in CASES:
        (OUT / name).mkdir(parents=True, exist_ok=True)
        for file, data in case_files(name, OUT / name).items():
            (OUT / name / file).write_bytes(data)
    print(f"wrote {len(CASES)} cases under {OUT}")


if __name__ == "__main__":
    main()
