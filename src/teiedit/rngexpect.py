"""What the grammar expects inside an element: the names a RelaxNG message can offer ("expected one of").

lxml's RelaxNG errors name only what was found ("Did not expect element listBibl there"). A scholar
fixing the file needs what may go there. This reads the schema's own .rng (the generated teiedit.rng,
so it can never disagree with the grammar) and collects, for each element name, the child elements its
content models admit — following <ref>s, not descending into child elements.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG_NS}}}"


def _parser() -> etree.XMLParser:
    from .xmlsafe import safe_parser  # the project's one safe parser, for its own grammar too

    return safe_parser()


@lru_cache(maxsize=4)
def child_names(rng: Path) -> dict[str, frozenset[str]]:
    """Element name → the names of the elements its content may hold (union over its definitions)."""
    root = etree.parse(str(rng), _parser()).getroot()
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iter(f"{_R}define"):
        defines.setdefault(d.get("name", ""), []).append(d)

    def names_in(node: etree._Element, seen: set[str]) -> set[str]:
        out: set[str] = set()
        for child in node:
            if not isinstance(child.tag, str) or child.tag == f"{_R}attribute":
                continue
            if child.tag == f"{_R}element":
                if child.get("name"):
                    out.add(child.get("name", ""))
            elif child.tag == f"{_R}ref":
                name = child.get("name", "")
                if name not in seen:
                    seen.add(name)
                    for d in defines.get(name, []):
                        out |= names_in(d, seen)
            else:
                out |= names_in(child, seen)
        return out

    result: dict[str, set[str]] = {}
    for el in root.iter(f"{_R}element"):
        name = el.get("name")
        if name:
            result.setdefault(name, set()).update(names_in(el, set()))
    return {k: frozenset(v) for k, v in result.items()}


def expected_in(rng: Path, parent: str) -> str:
    """ "; expected one of: a, b, c" for the children `parent` admits ('' when it admits none or is unknown)."""
    names = child_names(rng).get(parent)
    if not names:
        return f"; {parent} expects no child elements" if names is not None else ""
    return f"; expected in {parent}: one of {', '.join(sorted(names, key=str.lower))}"
