"""The site as the deposit carries it: `data/html/`, without its own copies of the TEI, the PDFs and the
schemas, its links to those pointing at `data/tei/`, `data/pdf/` and `data/schema/` instead.

The published site keeps downloadable copies in `tei/`, `pdf/` and `schema/` (a web server only serves
what is below its root); in the bag they would be the same bytes twice. A copy is left out only when
the bag holds a byte-identical file at the corresponding place (`html/tei/X.xml` ↔ `tei/X.xml`), so no
link can lose its target; a copy that differs stays, with the links to it. Links are rewritten in the
HTML pages' `href` and `src` attributes by editing the attribute values in the page's bytes, so that
nothing else of the page changes (no re-serialisation). A TEI file of the site that stays (a copy that
differs) has its schema locations pointed at the bag's `schema/` likewise.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote

from .schemaloc import LOCATION_RE, SCHEMA_FILES

# the site's folders of copies, and the bag's folders (beside data/html) that hold the originals
COPIES = ("tei", "pdf", "schema")
_ATTR = re.compile(rb'(\s(?:href|src)\s*=\s*")([^"]*)(")')
_ROOT = "/bag/data/html"  # an absolute stand-in for the site's root: relative-path arithmetic only


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _files(src: Path, exclude: Iterable[str]) -> list[tuple[str, Path]]:
    skipped = set(exclude)
    out = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if rel.parts[0] in skipped or any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        out.append((rel.as_posix(), path))
    return out


def copy_site(src: Path, bag_data: Path, exclude: Iterable[str] = ()) -> dict[str, str]:
    """Copy the site `src` into `bag_data/html` (the rest of the payload is already in `bag_data`),
    leaving out the copies the bag holds elsewhere; returns {site path left out: bag path it is at}."""
    if not src.is_dir():
        return {}
    files = _files(src, exclude)
    moved: dict[str, str] = {}
    for rel, path in files:
        top, _, rest = rel.partition("/")
        if top in COPIES and rest:
            original = bag_data / top / rest
            if original.is_file() and _same_bytes(path, original):
                moved[rel] = f"{top}/{rest}"
    schemas_moved = all(f"schema/{name}" in moved for name in SCHEMA_FILES)
    for rel, path in files:
        if rel in moved:
            continue
        dst = bag_data / "html" / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if moved and rel.endswith((".html", ".htm")):
            dst.write_bytes(rewrite_links(path.read_bytes(), rel, moved))
        elif schemas_moved and rel.endswith(".xml"):
            # a TEI file that stays (a copy that differs) points at the bag's schema/
            dst.write_bytes(point_at_bag_schemas(path.read_bytes(), rel))
        else:
            shutil.copyfile(path, dst)  # a copy, not a link: a later edit in place must not change the bag
    return moved


def rewrite_links(page: bytes, page_path: str, moved: dict[str, str]) -> bytes:
    """The page (at `page_path` in the site) with each relative link to a left-out copy pointing at the
    bag's file instead (`../tei/X.xml` from `articles/` → `../../tei/X.xml`); other links unchanged."""
    here = posixpath.dirname(posixpath.join(_ROOT, page_path))

    def swap(m: re.Match[bytes]) -> bytes:
        value = m.group(2).decode("utf-8", "surrogateescape")
        if not value or value.startswith(("#", "/", "?")) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
            return m.group(0)  # a fragment, an absolute path or a URL with a scheme: not a file of the site
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        path, tail = value[:cut], value[cut:]
        target = posixpath.normpath(posixpath.join(here, unquote(path)))
        if not target.startswith(_ROOT + "/"):
            return m.group(0)
        bag_path = moved.get(target[len(_ROOT) + 1 :])
        if bag_path is None:
            return m.group(0)
        new = posixpath.relpath(posixpath.join(posixpath.dirname(_ROOT), bag_path), here)
        return m.group(1) + (quote(new) + tail).encode("utf-8", "surrogateescape") + m.group(3)

    return _ATTR.sub(swap, page)


def point_at_bag_schemas(data: bytes, file_path: str) -> bytes:
    """The TEI file (at `file_path` in the site) with each schema location that names the site's
    `schema/` pointing at the bag's `data/schema/` instead; other locations unchanged."""
    here = posixpath.dirname(posixpath.join(_ROOT, file_path))
    bag_schemas = posixpath.join(posixpath.dirname(_ROOT), "schema")

    def swap(m: re.Match[bytes]) -> bytes:
        folder = unquote(m.group(2).decode("utf-8", "surrogateescape"))
        if posixpath.normpath(posixpath.join(here, folder)) != _ROOT + "/schema":
            return m.group(0)
        return m.group(1) + posixpath.relpath(bag_schemas, here).encode() + b"/" + m.group(3)

    return LOCATION_RE.sub(swap, data)
