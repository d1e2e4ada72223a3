"""Every behaviour of xslt/common/behaviours.xsl is rendered by every output (HTML here; print adds itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT

XSL = "http://www.w3.org/1999/XSL/Transform"
BEHAVIOURS = ROOT / "xslt" / "common" / "behaviours.xsl"
# output name → folder of its stylesheets (the print stage adds "print": ROOT / "xslt" / "print")
OUTPUTS = {"html": ROOT / "xslt" / "html", "print": ROOT / "xslt" / "print"}
_TEST = re.compile(r"tb:behaviour\(\.\)\s*=\s*(\([^)]*\)|'[^']*')")


def behaviour_names() -> list[str]:
    tree = etree.parse(str(BEHAVIOURS))
    (select,) = tree.xpath("/xsl:stylesheet/xsl:variable[@name='tb:all']/@select", namespaces={"xsl": XSL})
    return re.findall(r"'([^']+)'", select)


def rendered_behaviours(folder: Path) -> dict[str, set[str]]:
    """Behaviour name → the (namespaced) modes in which a template of `folder` matches it."""
    found: dict[str, set[str]] = {}
    for xsl in sorted(folder.glob("*.xsl")):
        for template in etree.parse(str(xsl)).iter(f"{{{XSL}}}template"):
            for test in _TEST.findall(template.get("match") or ""):
                for name in re.findall(r"'([^']+)'", test):
                    found.setdefault(name, set()).add(template.get("mode") or "#default")
    return found


def test_the_table_lists_its_names_once():
    names = behaviour_names()
    assert len(names) == len(set(names)) > 40
    # every name the table's templates return is listed in $tb:all
    returned = set(re.findall(r'as="xs:string">([a-z-]+)</xsl:template>', BEHAVIOURS.read_text("utf-8")))
    assert returned <= set(names)


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_behaviour_has_a_template(output):
    rendered = rendered_behaviours(OUTPUTS[output])
    missing = [n for n in behaviour_names() if n not in rendered]
    assert not missing, f"{output}: no template for behaviours {missing}"
    unknown = sorted(set(rendered) - set(behaviour_names()))
    assert not unknown, f"{output}: templates for behaviours not in $tb:all: {unknown}"


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_modes_are_declared_and_namespaced(output):
    folder = OUTPUTS[output]
    declared, used = set(), set()
    for xsl in sorted(folder.glob("*.xsl")):
        tree = etree.parse(str(xsl))
        declared |= set(tree.xpath("//xsl:mode/@name", namespaces={"xsl": XSL}))
        used |= set(tree.xpath("//xsl:template/@mode | //xsl:apply-templates/@mode", namespaces={"xsl": XSL}))
    used = {m for mode in used for m in mode.split()} - {"#current", "#default", "#all", "#unnamed"}
    assert used <= declared | {"tb:behaviour"}, used - declared
    assert all(":" in m for m in declared)


def test_every_element_a_scholar_may_add_has_a_behaviour():
    """The schema's scholarly-edited examples hold no element that the outputs would treat as unknown."""
    from saxonche import PySaxonProcessor

    edited = sorted((ROOT / "tests" / "data" / "edited").glob("*.xml"))
    assert edited
    probe = f"""<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}" xmlns:tb="urn:teiedit:behaviours"
        xmlns:tei="http://www.tei-c.org/ns/1.0">
      <xsl:import href="{BEHAVIOURS.as_uri()}"/>
      <xsl:output method="text"/>
      <xsl:template match="/"><xsl:value-of separator=" "
          select="distinct-values(//tei:text//*[tb:behaviour(.) = 'unknown'][not(self::tei:body)]/local-name())"/>
      </xsl:template></xsl:stylesheet>"""
    with PySaxonProcessor(license=False) as proc:
        executable = proc.new_xslt30_processor().compile_stylesheet(stylesheet_text=probe)
        for doc in edited:
            assert executable.transform_to_string(source_file=str(doc)).strip() == "", doc.name
