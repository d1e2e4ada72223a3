"""The validate stage: RelaxNG (schema/teiedit.rng) and Schematron (schema/teiedit.sch) on TEI files.

Both schemas are compiled once per `Validator`. Schematron runs through teiedit's own compiler
(schema/schematron-compiler.xsl, XSLT 3.0 under saxonche); its results name the offending node by its
element path, which is mapped back to a line and column of the file, so every problem points where a
scholar has to look.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from .fsutil import data_dir
from .problems import Level, Problem
from .rngexpect import expected_in
from .xmlsafe import parse_bytes, parse_file, saxon_node

SCHEMA_DIR = data_dir("schema")
RNG = SCHEMA_DIR / "teiedit.rng"
SCH = SCHEMA_DIR / "teiedit.sch"
SCH_COMPILER = SCHEMA_DIR / "schematron-compiler.xsl"
RESULTS_NS = "urn:teiedit:schematron"
# Schematron @role → level (anything else, "error" and "fatal" included, is an error)
_ROLE_LEVELS = {"warning": Level.WARNING, "warn": Level.WARNING, "info": Level.INFO, "information": Level.INFO}

# lxml's RelaxNG reports an invalid element twice or more: the precise reason ("Did not expect element x
# there", "Type date doesn't allow value ..."), then summaries for the element and its ancestors ("Element
# s failed to validate content", "Element s has extra content: x"). Summaries are shown only when no
# precise message was given.
_SUMMARY_RE = re.compile(r"^Element (\S+) failed to validate (attributes|content)$")
_EXTRA_RE = re.compile(r"^Element (\S+) has extra content: (\S+)$")
_UNEXPECTED_RE = re.compile(r"^Did not expect element|^Expecting element \S+, got|has extra content")
_ELEMENT_IN_MSG_RE = re.compile(r"\belement (\S+?)(?:,| there|$| has)|^Element (\S+)|Expecting element (\S+), got (\S+)")


class Validator:
    """Holds the compiled RelaxNG and the compiled Schematron; `validate_file` reuses them."""

    def __init__(self, rng: Path = RNG, sch: Path = SCH) -> None:
        self.rng_path, self.sch_path = rng, sch
        self._relaxng = etree.RelaxNG(parse_file(rng, collect_ids=False))
        self._saxon = PySaxonProcessor(license=False)
        xslt = self._saxon.new_xslt30_processor()
        compiler = xslt.compile_stylesheet(stylesheet_file=str(SCH_COMPILER))
        self.schematron_xslt: str = compiler.transform_to_string(xdm_node=saxon_node(self._saxon, parse_file(sch).getroot(), sch))
        self._schematron = xslt.compile_stylesheet(stylesheet_text=self.schematron_xslt)

    def schema_paths(self) -> list[Path]:
        """The files whose content makes up this validator's schema (for build digests)."""
        return [self.rng_path, self.sch_path, SCH_COMPILER]

    def validate_file(self, path: Path) -> list[Problem]:
        """Every problem of one file; a file that is not well-formed yields its parser error only."""
        return self.read_and_validate(path)[0]

    def read_and_validate(self, path: Path) -> tuple[list[Problem], etree._Element | None]:
        """`validate_file`, and the document's root element (None when it could not be read or parsed),
        for a caller that reads the document too (the build takes its metadata): one parse, not two."""
        where = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            return [Problem(where, 0, 0, Level.ERROR, "unreadable", f"cannot read the file: {err.strerror}")], None
        try:
            # no ID table (collect_ids off): a duplicate xml:id must reach the Schematron rule (with both
            # lines) instead of stopping the parse
            tree = parse_bytes(data, where, collect_ids=False).getroottree()
        except etree.XMLSyntaxError as err:
            line, col = err.position
            msg = err.msg or str(err)
            msg = re.sub(r", line \d+, column \d+$", "", msg)
            return [Problem(where, line, col, Level.ERROR, "not-well-formed", f"not well-formed XML: {msg}")], None
        lines = data.decode("utf-8", errors="replace").splitlines()
        source = Path(path).resolve()
        problems = self._relaxng_problems(where, tree, lines) + self._schematron_problems(where, tree, lines, source)
        return problems, tree.getroot()

    def validate_files(self, paths: list[Path]) -> list[Problem]:
        return [p for path in paths for p in self.validate_file(path)]

    def _relaxng_problems(self, where: str, tree: etree._ElementTree, lines: list[str]) -> list[Problem]:
        if self._relaxng.validate(tree):
            return []
        entries = [(e.line, e.message, e.path) for e in self._relaxng.error_log]
        precise = [entry for entry in entries if not _is_summary(entry[1])]
        problems = []
        for line, msg, path in precise or entries:
            line, col = _locate(lines, line, _element_named(msg))
            text = _tidy(msg) + (self._expected(tree, path) if _UNEXPECTED_RE.search(msg) else "")
            problems.append(Problem(where, line, col, Level.ERROR, "relaxng", text))
        return list(dict.fromkeys(problems))

    def _expected(self, tree: etree._ElementTree, path: str | None) -> str:
        """What the grammar admits in the parent of the unexpected element (computed from the .rng)."""
        try:
            found = tree.xpath(path) if path else []
        except etree.XPathError:
            return ""
        node = found[0] if isinstance(found, list) and found and isinstance(found[0], etree._Element) else None
        parent = node.getparent() if node is not None else None
        if parent is None:
            return ""
        return expected_in(self.rng_path, etree.QName(parent).localname)

    def _schematron_problems(
        self, where: str, tree: etree._ElementTree, lines: list[str], source: Path | None = None
    ) -> list[Problem]:
        """`source`: the file the tree came from (its base URI). Saxon is handed the safely parsed tree,
        never the file (`xmlsafe.saxon_node`): it resolves no entity and reads no DTD."""
        try:
            node = saxon_node(self._saxon, tree.getroot(), source)
            out = self._schematron.transform_to_string(xdm_node=node)
        except PySaxonApiError as err:
            return [Problem(where, 0, 0, Level.ERROR, "schematron-failed", "Schematron could not run: " + " ".join(str(err).split()))]
        problems = []
        root = tree.getroot()
        for failed in parse_bytes(out.encode("utf-8")).iter(f"{{{RESULTS_NS}}}failed"):
            element = _element_at(root, failed.get("path", ""))
            line, col = 0, 0
            if element is not None:
                line, col = _locate(lines, element.sourceline or 0, element.tag, _same_line_index(root, element))
            level = _ROLE_LEVELS.get(failed.get("role", "error"), Level.ERROR)
            problems.append(Problem(where, line, col, level, failed.get("code", "schematron"), failed.text or ""))
        return problems


def schema_paths() -> list[Path]:
    """The files whose content makes up the schema (for build digests)."""
    return [RNG, SCH, SCH_COMPILER]


def _is_summary(msg: str) -> bool:
    return bool(_SUMMARY_RE.match(msg) or _EXTRA_RE.match(msg))


def _tidy(msg: str) -> str:
    """lxml's RelaxNG messages, with TEI's namespace left implicit."""
    return msg.replace("{http://www.tei-c.org/ns/1.0}", "")


def _element_named(msg: str) -> str | None:
    m = _ELEMENT_IN_MSG_RE.search(msg)
    if not m:
        return None
    name = m.group(4) or m.group(1) or m.group(2) or m.group(3)
    return name.rstrip(",")


def _element_at(root: etree._Element, path: str) -> etree._Element | None:
    """The element at a path of 1-based element-child positions ("1 4 2"; "1" is the root element)."""
    steps = [int(x) for x in path.split()]
    if not steps:
        return root
    element = root
    for step in steps[1:]:
        children = [c for c in element if isinstance(c.tag, str)]
        if step > len(children):
            return None
        element = children[step - 1]
    return element


def _same_line_index(root: etree._Element, element: etree._Element) -> int:
    """How many elements of the same name start earlier on the element's line (to find its column)."""
    n = 0
    for other in root.iter(element.tag):
        if other is element:
            break
        if other.sourceline == element.sourceline:
            n += 1
    return n


def _locate(lines: list[str], line: int, tag: str | None, index: int = 0) -> tuple[int, int]:
    """Line and 1-based column of the start tag `<tag` reported at `line` ((line, 0) when not found).

    libxml2 numbers an element by the line where its start tag ENDS; a start tag spread over several
    lines (attributes one per line) is found by looking back for its `<tag`."""
    if not tag or not 0 < line <= len(lines):
        return line, 0
    local = etree.QName(tag).localname if tag.startswith("{") else tag.split(":")[-1]
    start_tag = re.compile(rf"<(?:[\w.-]+:)?{re.escape(local)}(?=[\s/>]|$)")
    found = list(start_tag.finditer(lines[line - 1]))
    if found:
        return line, found[min(index, len(found) - 1)].start() + 1
    for earlier in range(line - 1, max(0, line - 50), -1):
        found = list(start_tag.finditer(lines[earlier - 1]))
        if found:
            return earlier, found[-1].start() + 1
    return line, 0
