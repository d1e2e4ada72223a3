"""The alignment review (issue 14 §3): the review convention in the Schematron, the report and the HTML;
`teiedit realign` re-aligns one region around reviewed links and touches nothing else; one threshold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import NS, ROOT, SAFE_PARSER

SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _links(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.findall(".//t:standOff/t:linkGrp[@type='alignment']/t:link", NS)


def _with_reviewer(tmp_path: Path) -> tuple[Path, etree._ElementTree]:
    """The seed with an editor in the header (respStmt/persName xml:id="ed-chen")."""
    tree = etree.parse(str(SEED_TEI), SAFE_PARSER)
    ts = tree.find(".//t:titleStmt", NS)
    r = etree.SubElement(ts, f"{{{NS['t']}}}respStmt")
    etree.SubElement(r, f"{{{NS['t']}}}resp").text = "Review of the alignment"
    p = etree.SubElement(r, f"{{{NS['t']}}}persName")
    p.text = "Chen Wei"
    p.set(XML_ID, "ed-chen")
    path = tmp_path / SEED_TEI.name
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path, tree


def _save(tree: etree._ElementTree, path: Path) -> None:
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.fixture(scope="module")
def validator():
    from teiedit.validate import Validator

    return Validator()


def test_schematron_review_convention(tmp_path, validator):
    path, tree = _with_reviewer(tmp_path)
    links = _links(tree)
    links[2].set("resp", "#ed-chen")
    del links[2].attrib["cert"]
    _save(tree, path)
    assert validator.validate_file(path) == []
    links[2].set("cert", "1.00")  # a person's check mixed with the machine's probability
    links[3].set("resp", "#zh-p1-s1")  # not an agent of the header
    _save(tree, path)
    codes = sorted(p.code for p in validator.validate_file(path))
    assert codes == ["resp-not-agent", "reviewed-with-cert", "reviewed-with-cert"]  # link 3 has both


def test_report_skips_reviewed_links_and_flags_unmarked_hand_links(tmp_path):
    from teiedit.cli import main

    path, tree = _with_reviewer(tmp_path)
    links = _links(tree)
    links[4].set("cert", "0.10")
    links[5].set("cert", "0.20")
    links[7].set("cert", "0.15")
    del links[9].attrib["cert"]  # hand-made, not marked reviewed: must not drop out silently
    _save(tree, path)
    out = CliRunner().invoke(main, ["align-report", str(path), "--format", "json", "--order", "document"])
    data = json.loads(out.output)
    lines = [d["line"] for d in data]
    assert lines == sorted(lines)
    by_index = {d["index"]: d for d in data}
    assert {4, 5, 7, 9} <= set(by_index)
    assert by_index[4]["region"] == by_index[5]["region"] and by_index[4]["region_size"] == 2
    assert by_index[7]["region"] != by_index[4]["region"]
    assert any("no reviewer" in r for r in by_index[9]["reasons"])
    assert by_index[4]["zh_ids"] and by_index[4]["en_ids"] and by_index[4]["before"]["line"] < by_index[4]["line"]
    sentences = {s.get(XML_ID): " ".join("".join(s.itertext()).split()) for s in tree.iterfind(".//t:s", NS)}
    assert by_index[4]["en"] == sentences[by_index[4]["en_ids"][0]]  # in full, not clipped
    # certainty order: the worst region (0.10, 0.20) first, its beads together
    worst = json.loads(CliRunner().invoke(main, ["align-report", str(path), "--format", "json"]).output)
    order = [d["index"] for d in worst]
    assert order[0] == 9  # no certainty at all (unmarked hand link) comes first
    assert order[order.index(4) + 1] == 5 and order.index(4) < order.index(7)  # region 0.10+0.20 before 0.15
    # reviewing works the report down: the four marked reviewed are gone
    for k in (4, 5, 7, 9):
        links[k].set("resp", "#ed-chen")
        links[k].attrib.pop("cert", None)
    _save(tree, path)
    after = json.loads(CliRunner().invoke(main, ["align-report", str(path), "--format", "json"]).output)
    assert not {d["index"] for d in after} & {4, 5, 7, 9}


def test_report_threshold_comes_from_the_config(tmp_path):
    from teiedit.cli import main

    path, tree = _with_reviewer(tmp_path)
    _links(tree)[3].set("cert", "0.70")
    _save(tree, path)
    config = tmp_path / "edition.toml"
    config.write_text("[edition]\nuncertain_below = 0.8\n", "utf-8")
    low = json.loads(CliRunner().invoke(main, ["align-report", str(path), "--format", "json", "--config", str(config)]).output)
    assert any(d["index"] == 3 and "low certainty (0.70)" in d["reasons"] for d in low)
    default = json.loads(CliRunner().invoke(main, ["align-report", str(path), "--format", "json", "--config",
                                                   str(ROOT / "edition.toml")]).output)  # fmt: skip
    assert not any(d["index"] == 3 and "low certainty (0.70)" in d["reasons"] for d in default)


def test_html_draws_reviewed_links_and_uses_the_config_threshold(tmp_path):
    from teiedit.config import EditionConfig
    from teiedit.render_html import HtmlRenderer

    path, tree = _with_reviewer(tmp_path)
    link = _links(tree)[2]
    link.set("resp", "#ed-chen")
    del link.attrib["cert"]
    _save(tree, path)
    out = tmp_path / "site"
    assert HtmlRenderer(EditionConfig(uncertain_below=0.8), out, link_pdf=False).render_article(path) == []
    html = etree.parse(str(out / "articles" / f"{tree.getroot().get(XML_ID)}.html"), etree.HTMLParser())
    targets = [t[1:] for t in link.get("target").split()]
    for sid in targets:
        span = html.xpath(f"//*[@id = '{sid}' or @data-id = '{sid}' or contains(@data-links, '{sid}')]")
        assert span
    reviewed = html.xpath("//*[@data-reviewed = 'true']")
    assert reviewed and all(not r.get("data-cert") for r in reviewed)
    assert html.xpath("//input[@id = 'ed-cert']/@data-below") == ["0.8"]


def test_realign_keeps_reviewed_links_and_the_rest(tmp_path, validator):
    from teiedit.cli import main

    path, tree = _with_reviewer(tmp_path)
    links = _links(tree)
    before = [etree.tostring(ln) for ln in links]
    # the scholar confirmed link 5; links 3..8 are the region to align again; shift two of them by hand
    links[5].set("resp", "#ed-chen")
    del links[5].attrib["cert"]
    a, b = links[6].get("target").split(), links[7].get("target").split()
    links[6].set("target", f"{a[0]} {b[1]}")
    links[7].set("target", f"{b[0]} {a[1]}")
    _save(tree, path)
    reviewed = etree.tostring(_links(etree.parse(str(path), SAFE_PARSER))[5])
    first, last = links[3].get("target").split()[0][1:], links[8].get("target").split()[0][1:]
    result = CliRunner().invoke(main, ["realign", str(path), "--from", first, "--to", last])
    assert result.exit_code == 0, result.output
    again = etree.parse(str(path), SAFE_PARSER)
    new = _links(again)
    assert validator.validate_file(path) == []
    assert etree.tostring(new[5]) == reviewed  # the reviewed link exactly as it was
    assert [etree.tostring(ln) for ln in new[:3]] == before[:3]  # before the region: untouched
    assert [etree.tostring(ln) for ln in new[-3:]] == before[-3:]  # after it: untouched
    assert new[6].get("target") == a[0] + " " + a[1] and new[7].get("target") == b[0] + " " + b[1]
    assert all(ln.get("resp") == "#teiedit" and float(ln.get("cert")) <= 0.99 for ln in new[3:9] if ln is not new[5])


def test_realign_problems_not_tracebacks(tmp_path):
    from teiedit.cli import main

    path, _ = _with_reviewer(tmp_path)
    copy = tmp_path / "copy.xml"
    shutil.copy(path, copy)
    result = CliRunner().invoke(main, ["realign", str(copy), "--from", "zh-p1-s1", "--to", "nope"])
    assert result.exit_code == 1 and "realign-unknown-id" in result.output
    assert copy.read_bytes() == path.read_bytes()
