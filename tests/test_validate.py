"""teiedit validate: each typical mistake is caught with its exact message and line; what the converter
writes is always valid; the command's text and JSON output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ARTICLES, DATA, ROOT, SEED, fixture_generator
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.convert import Status, convert_file
from teiedit.problems import Level, Problem
from teiedit.validate import Validator, schema_paths

INVALID = DATA / "invalid"
TEI_DIR = ROOT / "tei"

# (line, column, code, message) of every problem each invalid document must yield, nothing more
EXPECTED: dict[str, list[tuple[int, int, str, str]]] = {
    "bad_when": [
        (102, 7, "bad-date", '@when="2026-02-30" is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss)'),
    ],
    "cert_out_of_range": [
        (191, 7, "cert-range", '@cert="1.5" is not a probability: it must lie between 0 and 1'),
    ],
    "corresp_not_original": [
        (152, 9, "corresp-not-original", 'translation paragraph en-p1: @corresp must point at paragraphs of the original, not #en-p2-s1'),
    ],
    "dangling_corresp": [
        (155, 9, "dangling-pointer", '@corresp points at #zh-p7, but no element has that xml:id'),
    ],
    "dangling_ref": [
        (153, 32, "dangling-pointer", '@ref points at #nobody, but no element has that xml:id'),
    ],
    "duplicate_id": [
        (153, 32, "duplicate-id", 'xml:id "en-p2" is used by 2 elements (note, p); ids must be unique'),
        (155, 9, "duplicate-id", 'xml:id "en-p2" is used by 2 elements (note, p); ids must be unique'),
    ],
    "empty_p": [
        (155, 9, "empty-paragraph", 'paragraph en-p1b is empty: it has no sentence (s)'),
    ],
    "empty_s": [
        (156, 11, "empty-sentence", 'sentence en-p2-s1 is empty'),
    ],
    "link_order": [
        (191, 7, "link-order", 'alignment link "#en-p1-s1 #zh-p1-s1" must list the Chinese sentences first, then the English ones'),
    ],
    "link_type_mismatch": [
        (191, 7, "link-type", 'alignment link "#zh-p1-s1 #en-p1-s1" has type "2-1" but links 1 Chinese and 1 English sentences (type "1-1")'),
    ],
    "link_zh_with_zh": [
        (191, 7, "link-one-side", 'alignment link "#zh-p1-s1 #zh-p2-s1" pairs Chinese with Chinese sentences; a link pairs the Chinese side with the English side'),
        (192, 7, "link-one-side", 'alignment link "#en-p1-s1 #en-p2-s1" pairs English with English sentences; a link pairs the Chinese side with the English side'),
    ],
    "missing_english_title": [
        (7, 7, "missing-title-en", 'titleStmt has no English title (title xml:lang="en")'),
    ],
    "missing_p_id": [
        (171, 9, "missing-id", 'paragraph without xml:id: every p and s of the text needs one (zh-p1, en-p1-s2, ...)'),
        (171, 9, "relaxng", 'Element p failed to validate attributes'),
        # the paragraph has no reference in the English citation tree (refsDecl n="en": use="@xml:id")
        (84, 9, "cite-use-empty", "citeStructure (unit paragraph) use=\"@xml:id\" gives no value for 1 unit(s), first a p: "
         "every unit needs a reference"),
    ],
    "not_well_formed": [
        (163, 13, "not-well-formed", 'not well-formed XML: Opening and ending tag mismatch: s line 156 and p'),
    ],
    "source_date_mismatch": [
        (50, 15, "source-date-id", 'the source date disagrees: imprint date @when="1958-02-11" but the document id rmrb-1958-02-10-p05-3fc300c7573022ed says 1958-02-10'),
    ],
    "unaligned_sentence": [
        (154, 11, "unaligned-sentence", 'sentence en-p1-s2 is in no alignment link'),
    ],
    "uncovered_paragraph": [
        (124, 10, "uncovered-paragraph", "original paragraph zh-p3 is not covered: no translation paragraph's @corresp points at #zh-p3"),
    ],
    "undeclared_language": [
        (153, 32, "undeclared-language", 'xml:lang="ru" is not declared in profileDesc/langUsage (declared: zh-Hans, en)'),
    ],
    "unknown_element": [
        # what was found, then what the grammar admits there (read from teiedit.rng, so never stale)
        (153, 32, "relaxng", "Did not expect element highlight there; expected in s: one of abbr, add, choice, corr, "
         "date, del, emph, expan, foreign, gap, hi, lb, measure, milestone, name, note, num, orgName, orig, pb, "
         "persName, placeName, ptr, q, quote, ref, reg, rs, said, seg, sic, supplied, term, title, unclear"),
    ],
}


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def test_every_invalid_document_has_an_expectation():
    assert sorted(p.stem for p in INVALID.glob("*.xml")) == sorted(EXPECTED)


def test_the_invalid_fixtures_are_in_step_with_the_seed_tei():
    """tests/data/invalid/ is what make_invalid.py writes from today's committed seed TEI: each file is the
    seed with its one mistake, so the lines above are those of the current encoding (else: rerun it)."""
    written = fixture_generator("make_invalid").documents()  # raises when an edit no longer finds its text in the seed
    assert sorted(written) == sorted(p.name for p in INVALID.glob("*.xml"))
    for name, data in written.items():
        assert (INVALID / name).read_bytes() == data, f"stale invalid/{name}: run tests/data/make_invalid.py"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_document_exact_problems(validator, name):
    path = INVALID / f"{name}.xml"
    problems = validator.validate_file(path)
    assert all(p.path == str(path) and p.level == Level.ERROR for p in problems)
    got = sorted((p.line, p.col, p.code, p.msg) for p in problems)
    assert got == sorted(EXPECTED[name])


def test_committed_tei_is_valid(validator):
    files = sorted(TEI_DIR.glob("*.xml"))
    assert files
    for path in files:
        assert validator.validate_file(path) == [], path


@pytest.mark.parametrize(
    "source", [SEED, *sorted(ARTICLES.glob("accept_*.txt")), ARTICLES / "warn_header_mismatch.txt"], ids=lambda p: p.name
)
def test_converter_output_is_valid(validator, source, tmp_path):
    result = convert_file(source, tmp_path, EditionConfig())
    assert result.status == Status.WRITTEN and result.target is not None
    assert validator.validate_file(result.target) == []


def test_converter_output_is_valid_with_alignment_certainty(validator, tmp_path):
    """The alignment helper adds @cert (a probability) to each link: the schema admits it."""
    result = convert_file(SEED, tmp_path, EditionConfig())
    assert result.target is not None
    text = result.target.read_text("utf-8").replace('type="1-1" target', 'type="1-1" cert="0.93" target')
    edited = tmp_path / "with-cert.xml"
    edited.write_text(text, "utf-8")
    assert validator.validate_file(edited) == []


def test_a_file_that_is_not_xml_is_reported_and_the_others_still_validated(validator, tmp_path):
    bad = tmp_path / "a.xml"
    bad.write_text("<TEI>\n<teiHeader>\n</TEI>\n", "utf-8")
    problems = validator.validate_files([bad, INVALID / "unaligned_sentence.xml"])
    assert [(p.path, p.line, p.code) for p in problems] == [
        (str(bad), 3, "not-well-formed"),
        (str(INVALID / "unaligned_sentence.xml"), 154, "unaligned-sentence"),
    ]
    assert problems[0].msg.startswith("not well-formed XML: Opening and ending tag mismatch: teiHeader line 2 and TEI")


def test_schema_paths_exist():
    assert all(p.is_file() for p in schema_paths())
    assert {p.name for p in schema_paths()} >= {"teiedit.rng", "teiedit.sch"}


def test_problem_text_format():
    p = Problem("tei/x.xml", 12, 7, Level.ERROR, "unaligned-sentence", "sentence en-p1-s2 is in no alignment link")
    assert str(p) == "tei/x.xml:12:7: error: sentence en-p1-s2 is in no alignment link [unaligned-sentence]"


# ---------------------------------------------------------------- the command


def test_cli_valid_default_folder(tmp_path, monkeypatch):
    shutil.copytree(TEI_DIR, tmp_path / "tei")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "1 files, 0 errors"


def test_cli_text_output_and_exit_code():
    files = [INVALID / "unaligned_sentence.xml", INVALID / "not_well_formed.xml", TEI_DIR]
    result = CliRunner().invoke(main, ["validate", *map(str, files)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"{INVALID / 'unaligned_sentence.xml'}:154:11: error: sentence en-p1-s2 is in no alignment link [unaligned-sentence]" in lines
    assert any(line.startswith(f"{INVALID / 'not_well_formed.xml'}:163:13: error: not well-formed XML") for line in lines)
    assert lines[-1] == "3 files, 2 errors"


def test_cli_json_output():
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(INVALID / "duplicate_id.xml"), str(TEI_DIR)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"] == 2 and data["errors"] == 2 and data["valid"] is False
    found = data["problems"][str(INVALID / "duplicate_id.xml")]
    assert [(p["line"], p["col"], p["level"], p["code"]) for p in found] == [
        (153, 32, "error", "duplicate-id"),
        (155, 9, "error", "duplicate-id"),
    ]
    assert all(v == [] for k, v in data["problems"].items() if "duplicate_id" not in k)


def test_cli_usage_errors():
    assert CliRunner().invoke(main, ["validate", "no/such/path"]).exit_code == 2
    assert CliRunner().invoke(main, ["validate", "--format", "yaml", str(TEI_DIR)]).exit_code == 2


def test_validator_is_reusable_across_files(validator):
    """One compiled Validator serves many files (the build validates hundreds of thousands)."""
    first = validator.validate_file(INVALID / "empty_s.xml")
    again = validator.validate_file(INVALID / "empty_s.xml")
    assert first == again and len(first) == 1
    assert validator.validate_file(TEI_DIR / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml") == []


def test_paths_are_reported_as_given(validator, tmp_path):
    copy = tmp_path / "sub" / "x.xml"
    copy.parent.mkdir()
    shutil.copy(INVALID / "empty_s.xml", copy)
    [problem] = validator.validate_file(Path(copy))
    assert problem.path == str(copy)


def _seed_edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = (TEI_DIR / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml").read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "edited.xml"
    path.write_text(text, "utf-8")
    return path


def test_start_tag_over_several_lines_is_located_at_its_first_line(validator, tmp_path):
    path = _seed_edited(tmp_path, ('<p xml:id="en-p2" corresp="#zh-p2">', '<p xml:id="en-p2"\n   corresp="#zh-p2 #zh-p8">'))
    assert [(p.line, p.col, p.code) for p in validator.validate_file(path)] == [(155, 9, "dangling-pointer")]


def test_column_of_the_second_same_named_element_on_a_line(validator, tmp_path):
    path = _seed_edited(
        tmp_path,
        ('<s xml:id="en-p1-s1">Party', '<s xml:id="en-p1-s1"><persName ref="#a">P</persName><hi><persName ref="#b">arty</persName></hi>'),
    )
    assert [(p.line, p.col, p.msg) for p in validator.validate_file(path)] == [
        (153, 32, "@ref points at #a, but no element has that xml:id"),
        (153, 67, "@ref points at #b, but no element has that xml:id"),
    ]


def test_external_entities_are_never_resolved(validator, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", "utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>\n',
        "utf-8",
    )
    problems = validator.validate_file(path)
    assert problems and all("SECRET" not in p.msg for p in problems)


# ---- citation trees (refsDecl/citeStructure): every cited unit resolves ------------------------------

CITE_NS = {"t": "http://www.tei-c.org/ns/1.0"}


def _tei_xpath(expr: str) -> str:
    """A citeStructure path (TEI's default namespace) as an lxml XPath with the t: prefix."""
    import re

    return re.sub(r"(^|/)([A-Za-z_][\w.-]*)", r"\1t:\2", expr)


def test_committed_tei_cites_every_sentence_and_bead_once(validator):
    """Evaluated with lxml's own XPath (not the Schematron's walker): the three trees resolve, their
    references are unique, and together they cite every sentence and alignment link."""
    from lxml import etree

    root = etree.parse(str(TEI_DIR / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml")).getroot()
    trees = root.xpath("t:teiHeader/t:encodingDesc/t:refsDecl", namespaces=CITE_NS)
    assert [(t.get("n"), t.get("default")) for t in trees] == [("zh", "true"), ("en", None), ("beads", None)]
    cited = []
    for tree in trees:
        refs = []
        for outer in tree.xpath("t:citeStructure", namespaces=CITE_NS):
            units = root.getroottree().xpath(_tei_xpath(outer.get("match")), namespaces=CITE_NS)
            assert units, outer.get("match")
            for i, unit in enumerate(units, 1):
                ref = str(i) if outer.get("use") == "position()" else unit.xpath(outer.get("use"))[0]
                refs.append(ref)
                cited.append(unit)
                for inner in outer.xpath("t:citeStructure", namespaces=CITE_NS):
                    for child in unit.xpath(_tei_xpath(inner.get("match")), namespaces=CITE_NS):
                        refs.append(ref + inner.get("delim") + child.xpath(inner.get("use"))[0])
                        cited.append(child)
        assert len(refs) == len(set(refs)) and all(refs)
    sentences = root.xpath("//t:body//t:s", namespaces=CITE_NS)
    links = root.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=CITE_NS)
    assert len(sentences) == 48 and len(links) == 24
    assert set(cited) == set(sentences) | set(links) | set(root.xpath("//t:body//t:p", namespaces=CITE_NS))
    assert validator.validate_file(TEI_DIR / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml") == []


def test_a_tree_that_selects_nothing_is_reported(validator, tmp_path):
    path = _seed_edited(tmp_path, ("div[@xml:id='en']/p", "div[@xml:id='fr']/p"))
    got = [(p.line, p.code, p.msg) for p in validator.validate_file(path)]
    assert (84, "cite-match-empty", "citeStructure (unit paragraph) match=\"/TEI/text/body/div[@xml:id='fr']/p\" "
            "selects nothing: the tree cites no such unit") in got
    assert (85, "cite-match-empty", 'citeStructure (unit sentence) match="s" selects nothing: the tree cites no such unit') in got
    assert (59, "cite-uncited", "no citation tree cites 24 unit(s), first sentence en-p1-s1: every sentence and "
            "alignment link must be citable") in got


def test_a_reference_without_value_or_not_unique_is_reported(validator, tmp_path):
    sentence = '<citeStructure unit="sentence" match="s" use="@xml:id" delim="."/>'
    text = (TEI_DIR / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml").read_text("utf-8").replace(
        sentence, sentence.replace("@xml:id", "@type"), 1)  # fmt: skip
    path = tmp_path / "edited.xml"
    path.write_text(text, "utf-8")
    got = {(p.line, p.code) for p in validator.validate_file(path)}
    assert got == {(80, "cite-use-empty"), (78, "cite-ref-duplicate")}


def test_an_unsupported_path_is_reported_not_guessed(validator, tmp_path):
    path = _seed_edited(tmp_path, ('use="position()"', "use=\"concat('b', position())\""))
    got = [(p.line, p.code) for p in validator.validate_file(path)]
    assert (89, "cite-unsupported") in got and (59, "cite-uncited") in got


def test_a_scholar_may_add_a_tree_of_her_own(validator, tmp_path):
    """A fourth tree, by paragraphs only, with positions as references: valid under both schemas."""
    path = _seed_edited(tmp_path, (
        '      <schemaRef type="interchange"',
        '      <refsDecl n="paragraphs">\n        <citeStructure unit="paragraph" '
        "match=\"/TEI/text/body/div[@type='original']/p\" use=\"position()\"/>\n      </refsDecl>\n"
        '      <schemaRef type="interchange"',
    ))
    assert validator.validate_file(path) == []
