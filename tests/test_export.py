"""`teiedit export`: the seed's 24 beads round-trip through TMX (read by translate-toolkit), XCES, TSV
and JSON Lines with the right ids and texts; reviewed and gap beads are told apart; bad input is a Problem."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import DATA, NS, SAFE_PARSER, XML_ID
from teiedit.cli import main

GOLD = json.loads((DATA / "seed_gold_alignment.json").read_text(encoding="utf-8"))["beads"]


def _texts(tei: etree._Element) -> dict[str, str]:
    """Sentence id → its text, white space collapsed (the seed has no notes or choices)."""
    return {s.get(XML_ID): " ".join("".join(s.itertext()).split()) for s in tei.iter(f"{{{NS['t']}}}s")}


@pytest.fixture()
def seed_file(tmp_path: Path, seed_tei_bytes: bytes) -> Path:
    path = tmp_path / "tei" / "seed.xml"
    path.parent.mkdir()
    path.write_bytes(seed_tei_bytes)
    return path


@pytest.fixture()
def edited_file(tmp_path: Path, seed_tei_bytes: bytes) -> Path:
    """The seed with bead 2 reviewed by a person (resp, no cert) and bead 24 turned into a 1-0 gap bead."""
    tei = etree.fromstring(seed_tei_bytes, SAFE_PARSER)
    links = tei.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    links[1].set("resp", "#ed-jdoe")
    del links[1].attrib["cert"]
    links[-1].set("type", "1-0")
    links[-1].set("target", "#zh-p5-s4 #en-gap-zh-p5-s4")
    en_s = tei.xpath("//t:s[@xml:id='en-p5-s3']", namespaces=NS)[0]
    anchor = etree.Element(f"{{{NS['t']}}}anchor", type="alignment-gap")
    anchor.set(XML_ID, "en-gap-zh-p5-s4")
    en_s.addnext(anchor)
    path = tmp_path / "tei" / "edited.xml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(etree.tostring(tei, xml_declaration=True, encoding="UTF-8"))
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.output


def test_tmx_read_by_translate_toolkit(seed_file: Path, seed_tei: etree._Element, tmp_path: Path) -> None:
    tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed")
    out = tmp_path / "seed.tmx"
    code, output = _run(str(seed_file), "--format", "tmx", "-o", str(out))
    assert code == 0, output
    store = tmx.tmxfile(out.open("rb"), "zh-Hans", "en")
    texts = _texts(seed_tei)
    assert len(store.units) == 24
    for unit, gold in zip(store.units, GOLD, strict=True):
        assert unit.source == "".join(texts[i] for i in gold["zh"])
        assert unit.target == " ".join(texts[i] for i in gold["en"])
        props = {p.get("type"): p.text for p in unit.xmlelement.findall("prop")}
        assert props["x-article"] == seed_tei.get(XML_ID)
        assert props["x-date"] == "1958-02-10"
        assert props["x-zh-ids"] == " ".join(gold["zh"]) and props["x-en-ids"] == " ".join(gold["en"])
        assert 0 < float(props["x-cert"]) <= 1 and props["x-reviewed"] == "no"
    root = etree.parse(str(out), SAFE_PARSER).getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "zh-Hans"
    assert root.xpath("//tuv/@xml:lang")[:2] == ["zh-Hans", "en"]


def test_xces_links_resolve_in_its_sentence_documents(
    seed_file: Path, seed_tei: etree._Element, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "seed.xml"
    code, output = _run(str(seed_file), "--format", "xces", "-o", str(out))
    assert code == 0, output
    align = etree.parse(str(out), SAFE_PARSER).getroot()
    assert align.tag == "cesAlign"
    groups = align.xpath("linkList/linkGrp[@targType='s']")
    assert len(groups) == 1
    docs = {}
    for attr in ("fromDoc", "toDoc"):
        doc = etree.parse(str(out.parent / groups[0].get(attr)), SAFE_PARSER).getroot()
        docs.update({s.get("id"): s.text for s in doc.iter("s")})
    texts = _texts(seed_tei)
    article = seed_tei.get(XML_ID)
    links = groups[0].findall("link")
    assert len(links) == 24
    for link, gold in zip(links, GOLD, strict=True):
        zh, en = (side.split() for side in link.get("xtargets").split(";"))
        assert zh == [f"{article}.{i}" for i in gold["zh"]] and en == [f"{article}.{i}" for i in gold["en"]]
        assert [docs[i] for i in zh] == [texts[i] for i in gold["zh"]]
        assert [docs[i] for i in en] == [texts[i] for i in gold["en"]]


def test_tsv_round_trip(seed_file: Path, seed_tei: etree._Element, tmp_path: Path) -> None:
    out = tmp_path / "seed.tsv"
    assert _run(str(seed_file), "--format", "tsv", "-o", str(out))[0] == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    texts = _texts(seed_tei)
    assert len(rows) == 24
    for n, (row, gold) in enumerate(zip(rows, GOLD, strict=True), start=1):
        assert row["bead"] == str(n) and row["shape"] == "1-1" and row["reviewed"] == "no"
        assert row["zh_ids"].split() == gold["zh"] and row["en_ids"].split() == gold["en"]
        assert row["zh"] == "".join(texts[i] for i in gold["zh"])
        assert row["en"] == " ".join(texts[i] for i in gold["en"])


def test_jsonl_reviewed_and_gap_beads(edited_file: Path) -> None:
    code, output = _run(str(edited_file), "--format", "jsonl")
    assert code == 0, output
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert len(rows) == 24
    assert rows[1]["reviewed"] is True and rows[1]["cert"] is None and rows[1]["resp"] == "#ed-jdoe"
    assert rows[0]["reviewed"] is False and isinstance(rows[0]["cert"], float)
    gap = rows[-1]
    assert gap["shape"] == "1-0" and gap["zh_ids"] == ["zh-p5-s4"] and gap["en_ids"] == [] and gap["en"] == ""


def test_min_cert_keeps_reviewed_beads(edited_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "high.tmx"
    assert _run(str(edited_file), "--format", "tmx", "--min-cert", "0.99", "-o", str(out))[0] == 0
    root = etree.parse(str(out), SAFE_PARSER).getroot()
    tuids = root.xpath("//tu/@tuid")
    links = etree.parse(str(edited_file), SAFE_PARSER).xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    # the beads at cert >= 0.99, and b2, reviewed by a person, whatever the aligner thought
    expected = [f"b{k + 1}" for k, link in enumerate(links) if k == 1 or float(link.get("cert", 0)) >= 0.99]
    assert [t.split("#")[1] for t in tuids] == expected and "b2" in expected
    assert root.xpath("//tu[@tuid=$t]/prop[@type='x-reviewed']/text()", t=tuids[1]) == ["yes"]
    gap_only = _run(str(edited_file), "--format", "tmx")[1]
    assert 'tuid="' in gap_only and gap_only.count("<tuv") == 47  # the 1-0 bead has no English tuv


def test_bad_input_is_a_problem_and_xces_needs_a_file(seed_file: Path, tmp_path: Path) -> None:
    broken = seed_file.parent / "broken.xml"
    broken.write_text("<TEI>\n<unclosed>", encoding="utf-8")
    code, output = _run(str(seed_file.parent), "--format", "tsv")
    assert code == 1
    assert "broken.xml:2:" in output and "export-xml" in output
    assert output.count("\n1958-02-10") == 0 and "export: 24 beads" in output
    code, output = _run(str(seed_file), "--format", "xces")
    assert code == 2 and "-o FILE" in output


def test_site_data_holds_all_four_formats_from_one_read(seed_file: Path, tmp_path: Path) -> None:
    from teiedit.export import SITE_FILES, write_site_data

    folder = tmp_path / "html" / "data"
    count, problems = write_site_data([seed_file], folder)
    assert count == 24 and not problems
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*SITE_FILES.values(), "beads.xces.zh-Hans.xml", "beads.xces.en.xml"])
    align = etree.parse(str(folder / "beads.xces.xml"), SAFE_PARSER).getroot()
    assert align.get("fromDoc") == "beads.xces.zh-Hans.xml" and len(align.xpath("//link")) == 24
    assert len((folder / "beads.jsonl").read_text("utf-8").splitlines()) == 24
