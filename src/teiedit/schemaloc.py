"""Where a TEI file says its schemas are, and moving that when a copy is written somewhere else.

A TEI file names its schemas twice: in two `<?xml-model?>` PIs (what oXygen, VS Code and jEdit read) and
in `encodingDesc/schemaRef/@url` (what a TEI-aware reader of the header reads). Both must resolve wherever
teiedit writes or publishes a file: `../schema` from a project's `tei/` and from every published copy
(the site's `tei/` beside its `schema/`, the deposit's `data/tei/` beside `data/schema/`), and the
computed relative path to teiedit's own schemas for `convert -o DIR` anywhere else. Kept apart from the
encoder so that the renderers can relocate a copy without importing the aligner.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .fsutil import data_dir

SCHEMA_FILES = ("teiedit.rng", "teiedit.sch")
SCHEMA_DIR = "../schema"
SCHEMA_PIS = (
    'href="{dir}/teiedit.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"',
    'href="{dir}/teiedit.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"',
)
LOCATION_RE = re.compile(rb'(<\?xml-model href="|<schemaRef [^>]*?url=")([^"]*)/(teiedit\.(?:rng|sch)")')


def schema_dir_for(out_dir: Path) -> str:
    """The schema folder as a TEI file written to `out_dir` refers to it: `../schema` when the schemas are
    there (a project's tei/), else the relative path from `out_dir` to teiedit's own schemas."""
    if all((out_dir.parent / "schema" / name).is_file() for name in SCHEMA_FILES):
        return SCHEMA_DIR
    return Path(os.path.relpath(data_dir("schema").resolve(), Path(out_dir).resolve())).as_posix()


def relocate_schemas(data: bytes, schema_dir: str) -> bytes:
    """The same TEI file pointing at its schemas in `schema_dir` (the PIs and schemaRef/@url)."""
    return LOCATION_RE.sub(lambda m: m.group(1) + schema_dir.encode() + b"/" + m.group(3), data)


def blank_locations(data: bytes) -> bytes:
    """The file with its schema locations left out: what the output digest covers, so a relocated copy of
    teiedit's output still reads as teiedit's."""
    return LOCATION_RE.sub(lambda m: m.group(1) + m.group(3), data)


def write_schemas(folder: Path) -> None:
    """Copy teiedit's schemas into `folder` (unchanged files are not rewritten)."""
    from .fsutil import write_if_changed

    for name in SCHEMA_FILES:
        write_if_changed(folder / name, (data_dir("schema") / name).read_bytes())
