"""The schema itself: teiedit.rng is generated from teiedit.rnc; scholarly-edited documents are valid
under teiedit AND TEI's tei_all; every element the edition admits is admitted where the issue says;
the Schematron compiler keeps Schematron's semantics and refuses what it does not support."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from lxml import etree

from conftest import DATA, ROOT, SAFE_PARSER, TEI_ALL, fixture_generator
from teiedit.problems import Level
from teiedit.validate import RNG, Validator

SCHEMA = ROOT / "schema"
EDITED = sorted((DATA / "edited").glob("*.xml"))
SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"

# the list: phrase-level elements admitted inside sentences (bibl: between them, see README)
INLINE = (
    "hi emph foreign term name persName placeName orgName date num measure ref ptr note choice sic corr orig reg "
    "abbr expan unclear gap supplied del add lb pb milestone q quote said title seg"
).split()
BLOCKS = "lg l list item label table row cell figure graphic figDesc quote note".split()
STANDOFF = "listPerson person listPlace place listOrg org".split()
HEADER = "notesStmt respStmt change".split()

SNIPPETS = {
    "ptr": '<ptr target="#zh-p1"/>',
    "gap": '<gap reason="illegible"/>',
    "lb": "<lb/>",
    "pb": '<pb n="6"/>',
    "milestone": '<milestone unit="column"/>',
    "choice": "<choice><sic>x</sic><corr>y</corr></choice>",
}


@pytest.fixture(scope="module")
def teiedit_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(RNG)))


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_rng_is_generated_from_rnc(tmp_path):
    if shutil.which("trang") is None:
        pytest.skip("trang is not installed (scripts/system-deps.sh installs it): cannot regenerate teiedit.rng")
    out = tmp_path / "teiedit.rng"
    subprocess.run(["trang", str(SCHEMA / "teiedit.rnc"), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == RNG.read_bytes(), "schema/teiedit.rng is stale: run trang schema/teiedit.rnc schema/teiedit.rng"


def test_rng_says_it_is_generated():
    head = RNG.read_text("utf-8")[:600]
    assert "GENERATED" in head and "trang schema/teiedit.rnc schema/teiedit.rng" in head


def test_the_edited_fixtures_are_in_step_with_the_seed_tei():
    """tests/data/edited/ is what make_edited.py writes from today's committed seed TEI, so the documents
    checked below are today's encoding with a scholar's edits (else: rerun it, and fix its edits)."""
    written = fixture_generator("make_edited").documents()  # raises when an edit no longer finds its text
    assert sorted(written) == [p.name for p in EDITED]
    for name, data in written.items():
        assert (DATA / "edited" / name).read_bytes() == data, f"stale edited/{name}: run tests/data/make_edited.py"


@pytest.mark.parametrize("path", EDITED, ids=lambda p: p.name)
def test_edited_document_valid_under_teiedit_and_tei_all(path, validator, tei_all):
    assert validator.validate_file(path) == []
    tree = etree.parse(str(path), SAFE_PARSER)
    assert tei_all.validate(tree), tei_all.error_log


def test_edited_documents_valid_under_tei_all_with_jing():
    """jing implements RELAX NG completely (libxml2 has gaps): a second opinion on conformance."""
    if shutil.which("jing") is None or not TEI_ALL.is_file():
        pytest.skip("jing or ../shared/reference/tei_all.rng not available")
    run = subprocess.run(["jing", str(TEI_ALL), *map(str, EDITED)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


PRINT = {  # the printed edition's fixtures: TEI a scholar could write under tei_all, beyond teiedit's schema
    "editorial.xml": 197,
    "signs_and_gaps.xml": 203,
}


@pytest.mark.parametrize("name", sorted(PRINT))
def test_the_print_fixtures_are_beyond_teiedits_schema_on_purpose(name, validator):
    """tests/data/print/ feeds `teiedit pdf` (which renders any TEI) what teiedit's schema leaves out, so
    that the print fallbacks are tested: a paragraph of loose phrases without sentences (holding <w>, an
    element no stylesheet plans for: [unknown-element]) and a date in figDesc. They are invalid under
    teiedit exactly there and nowhere else."""
    figure = PRINT[name]
    assert [(p.line, p.col, p.code) for p in validator.validate_file(DATA / "print" / name)] == [
        (figure, 110, "relaxng"),  # <figure xml:id="en-fig1">…<figDesc>… <date>
        (figure + 1, 0, "relaxng"),  # <p xml:id="en-p6">See <bibl>… <w>UNKNOWNWORD</w> …</p>
        (figure + 1, 9, "empty-paragraph"),
    ]


@pytest.mark.parametrize("name", sorted(PRINT))
def test_the_print_fixtures_are_valid_tei(name, tei_all):
    assert tei_all.validate(etree.parse(str(DATA / "print" / name), SAFE_PARSER)), tei_all.error_log


def test_edited_documents_use_what_the_edition_admits():
    used = set()
    for path in EDITED:
        used |= {etree.QName(el).localname for el in etree.parse(str(path), SAFE_PARSER).iter(etree.Element)}
    assert set(INLINE + BLOCKS + STANDOFF + HEADER + ["bibl"]) <= used


def _seed_with(old: str, new: str) -> etree._ElementTree:
    text = SEED_TEI.read_text("utf-8")
    assert text.count(old) == 1
    return etree.ElementTree(etree.fromstring(text.replace(old, new).encode("utf-8"), SAFE_PARSER))


@pytest.mark.parametrize("name", INLINE)
def test_inline_element_admitted_inside_a_sentence(name, teiedit_rng, tei_all):
    snippet = SNIPPETS.get(name, f"<{name}>masses</{name}>")
    tree = _seed_with('<s xml:id="en-p4-s7">Otherwise, ', f'<s xml:id="en-p4-s7">Otherwise, {snippet} ')
    assert teiedit_rng.validate(tree), teiedit_rng.error_log
    assert tei_all.validate(tree), tei_all.error_log


def test_bibl_admitted_between_sentences_not_inside(teiedit_rng, tei_all):
    between = _seed_with('<s xml:id="en-p4-s7">', '<bibl>Ibid.</bibl>\n          <s xml:id="en-p4-s7">')
    assert teiedit_rng.validate(between) and tei_all.validate(between)
    inside = _seed_with('<s xml:id="en-p4-s7">', '<s xml:id="en-p4-s7"><bibl>Ibid.</bibl>')
    assert not tei_all.validate(inside)  # TEI's s holds phrases only
    assert not teiedit_rng.validate(inside)


@pytest.mark.parametrize(
    "old, new",
    [
        ('<s xml:id="en-p4-s7">', '<s xml:id="en-p4-s7"><w>word</w>'),  # left out: word-level tokens
        ('<p xml:id="en-p4" corresp="#zh-p4">', '<p xml:id="en-p4" corresp="#zh-p4">Loose text'),  # text outside s
        ('<div type="translation" xml:lang="en" xml:id="en" corresp="#zh">', '<div type="translation" xml:lang="fr" xml:id="en" corresp="#zh">'),
        ('<linkGrp type="alignment" xml:id="alignment" domains="#zh #en">', '<linkGrp type="links" xml:id="alignment" domains="#zh #en">'),
    ],
)
def test_left_out_or_required_is_rejected(old, new, teiedit_rng):
    assert not teiedit_rng.validate(_seed_with(old, new))


# ---------------------------------------------------------------- the Schematron compiler

SCH_HEAD = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>"""


def test_compiler_first_matching_rule_wins_reports_and_roles(tmp_path):
    sch = tmp_path / "t.sch"
    sch.write_text(
        SCH_HEAD
        + """
  <let name="prefix" value="'zh-p1'"/>
  <pattern>
    <rule context="tei:s[starts-with(@xml:id, $prefix)]">
      <report id="first-sentence" role="warning" test="true()"><name/> <value-of select="@xml:id"/> seen</report>
    </rule>
    <rule context="tei:s">
      <assert id="never" test="false()">the second rule of a pattern does not fire where the first did</assert>
    </rule>
  </pattern>
</schema>""",
        "utf-8",
    )
    problems = Validator(sch=sch).validate_file(SEED_TEI)
    firsts = [p for p in problems if p.code == "first-sentence"]
    assert [(p.line, p.col, p.level, p.msg) for p in firsts] == [(113, 12, Level.WARNING, "s zh-p1-s1 seen")]
    assert len([p for p in problems if p.code == "never"]) == 47  # every other sentence


def test_compiler_refuses_what_it_does_not_support(tmp_path):
    sch = tmp_path / "t.sch"
    sch.write_text(SCH_HEAD + '<include href="other.sch"/><pattern><rule context="/"/></pattern></schema>', "utf-8")
    with pytest.raises(Exception, match="schematron-unsupported"):
        Validator(sch=sch)


def test_compiled_schematron_is_xslt_3(validator):
    compiled = etree.fromstring(validator.schematron_xslt.encode("utf-8"))
    assert compiled.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet" and compiled.get("version") == "3.0"
