"""The one way teiedit reads XML: no DTD, no entity, no network, bounded size and depth.

Every command reads files a scholar (or anyone) may have edited, so every parse — lxml's, and what
Saxon and FOP are given — goes through here. A document that declares or uses an entity, or names an
external DTD, is refused (`UnsafeXMLError`): TEI files of this edition never need one, and a refused
file cannot leak a local file or reach the network whatever parser reads it later. Saxon never reads a
file itself: it is handed the root element of a tree parsed here (`saxon_node`), with the file's URI as
its base so that `document-uri()` and relative links still work.

A floor below every other module: it imports nothing of teiedit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

MAX_XML_BYTES = 256 * 1024 * 1024  # far above any article; a bound on what one parse may take in


class UnsafeXMLError(etree.XMLSyntaxError):
    """A document that declares or uses entities or an external DTD: refused, never resolved.

    A subclass of XMLSyntaxError so that every caller's "not XML" path reports it."""

    def __init__(self, message: str, line: int = 0, filename: str = "") -> None:
        super().__init__(message, 0, line, 0, filename)
        self.msg = message  # lxml's own attribute, read by the callers' problem messages
        self.lineno = line
        self.position = (line, 0)


def safe_parser(collect_ids: bool = True) -> etree.XMLParser:
    """A parser that never loads a DTD, resolves an entity or touches the network (huge_tree off:
    libxml2's limits on depth and text size stay on). `collect_ids=False` leaves duplicate xml:ids to
    the Schematron (the validator's wish)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        collect_ids=collect_ids,
    )


def check_safe(tree: etree._ElementTree, where: str = "") -> None:
    """Raise UnsafeXMLError when the document names an external DTD, declares an entity or uses one."""
    info = tree.docinfo
    if info.system_url or info.public_id:
        raise UnsafeXMLError(f"external DTD not allowed ({info.system_url or info.public_id})", 1, where)
    dtd = info.internalDTD
    if dtd is not None:
        for entity in dtd.entities():
            raise UnsafeXMLError(f"entity declaration not allowed (<!ENTITY {entity.name} …>)", 1, where)
    root = tree.getroot()
    for node in root.iter(etree.Entity):
        raise UnsafeXMLError(f"entity reference not allowed ({node.text})", node.sourceline or 0, where)


def parse_bytes(data: bytes, where: str = "", collect_ids: bool = True) -> etree._Element:
    """The root element of a document given as bytes; XMLSyntaxError (or UnsafeXMLError) otherwise."""
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXMLError(f"document larger than {MAX_XML_BYTES} bytes", 0, where)
    root = etree.fromstring(data, safe_parser(collect_ids))
    check_safe(root.getroottree(), where)
    return root


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file (OSError when it cannot be read; a FIFO is not waited on)."""
    path = Path(path)
    if not path.is_file():
        raise OSError(f"not a regular file: {path}")
    return path.read_bytes()


def parse_file(path: Path | str, collect_ids: bool = True) -> etree._ElementTree:
    """A document read from a regular file (OSError when it cannot be read; a FIFO is not waited on)."""
    return parse_bytes(read_regular(path), str(path), collect_ids).getroottree()


def saxon_node(proc: Any, root: etree._Element, base: Path | None = None) -> Any:
    """A Saxon document node of a safely parsed tree: only the root element is serialised (no DOCTYPE
    reaches Saxon), with `base` (the file it came from) as its document and base URI."""
    builder = proc.new_document_builder()
    if base is not None:
        builder.set_base_uri(Path(base).resolve().as_uri())
    return builder.parse_xml(xml_text=etree.tostring(root, encoding="unicode"), encoding="UTF-8")


def saxon_text(text: str) -> str:
    """Check XML text teiedit made itself before Saxon parses it (it must hold no DOCTYPE either)."""
    parse_bytes(text.encode("utf-8"))
    return text
