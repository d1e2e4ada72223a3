"""Issue 13: re-conversion merges into hand-edited TEI (three-way, by structure), conflicts are data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import NS, SAFE_PARSER, SEED
from teiedit.basefile import base_path, read_base
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.convert import Status, convert_file
from teiedit.merge import merge_tei
from teiedit.validate import Validator

CORRECTED = ("many factories in Shanghai launched discussions", "many factories in Shanghai started discussions")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def source() -> Path:
    return Path("seeds") / SEED.name


def convert(**kw: object):
    return convert_file(source(), Path("tei"), EditionConfig(), merge_dir=Path("build/merge"), **kw)  # type: ignore[arg-type]


def edit_source(old: str, new: str) -> None:
    text = source().read_text("utf-8")
    assert old in text
    source().write_text(text.replace(old, new, 1), "utf-8")


def edit_tei(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def tree(path: Path) -> etree._Element:
    return etree.parse(str(path), SAFE_PARSER).getroot()


def sentence(root: etree._Element, sid: str) -> str:
    return "".join(root.xpath("//t:s[@xml:id=$i]", namespaces=NS, i=sid)[0].itertext())


def test_a_source_typo_fixed_and_a_note_added_elsewhere_are_both_in_the_merged_tei(project, validator):
    target = convert().target
    edit_tei(target, '<s xml:id="zh-p2-s2">', "<note>A scholar's note.</note><s xml:id=\"zh-p2-s2\">")
    edit_source(*CORRECTED)
    result = convert()
    assert result.status is Status.MERGED
    root = tree(target)
    assert "started discussions" in sentence(root, "en-p3-s1")
    assert root.xpath("//t:p[@xml:id='zh-p2']/t:note[following-sibling::t:s[1]/@xml:id='zh-p2-s2']", namespaces=NS)
    assert len(root.xpath("//t:revisionDesc/t:change[@type='merge'][@when='2023-11-14']", namespaces=NS)) == 1
    new_sha = root.xpath("string(//t:idno[@type='source-sha256'])", namespaces=NS)
    assert new_sha == __import__("hashlib").sha256(source().read_bytes()).hexdigest()
    assert validator.validate_file(target) == []
    # nothing new the next time: kept, not merged again, no second change
    assert convert().status is Status.EDITED
    assert len(tree(target).xpath("//t:change[@type='merge']", namespaces=NS)) == 1


def test_both_sides_changing_one_sentence_is_a_conflict_that_writes_nothing(project):
    target = convert().target
    edit_tei(target, "launched discussions", "held discussions")
    edited = target.read_bytes()
    edit_source(*CORRECTED)
    result = convert()
    assert result.status is Status.CONFLICT
    assert target.read_bytes() == edited
    conflicts = [p for p in result.problems if p.code == "merge-conflict"]
    assert len(conflicts) == 1 and conflicts[0].line > 0 and str(conflicts[0]).startswith(f"{target}:")
    assert "en-p3-s1" in conflicts[0].msg and "held discussions" in conflicts[0].msg
    assert "started discussions" in conflicts[0].msg
    proposal = Path("build/merge") / target.name
    assert proposal.exists()
    report = json.loads((Path("build/merge") / f"{target.name}.conflicts.json").read_text("utf-8"))
    assert report["conflicts"][0]["where"] == "en-p3-s1"
    # the CLI exits 1 until resolved; --take theirs resolves it
    runner = CliRunner()
    out = runner.invoke(main, ["convert", "seeds", "-o", "tei"])
    assert out.exit_code == 1 and "[merge-conflict]" in out.output
    out = runner.invoke(main, ["convert", "seeds", "-o", "tei", "--take", "theirs"])
    assert out.exit_code == 0, out.output
    assert "started discussions" in sentence(tree(target), "en-p3-s1")
    assert not proposal.exists()


def test_a_scholars_markup_stays_when_the_sentence_text_did_not_change(project):
    target = convert().target
    edit_tei(target, "Not long ago, many factories in Shanghai", 'Not long ago, many factories in <placeName>Shanghai</placeName>')
    edit_tei(target, "The Party Central Committee has pointed out", "The Party Central Committee has stated")
    # only the other sentence's source text changes
    edit_source("The Party Central Committee has pointed out", "The Party Central Committee pointed out")
    result = convert()
    assert result.status is Status.CONFLICT  # that sentence was edited on both sides
    edit_tei(target, "The Party Central Committee has stated", "The Party Central Committee has pointed out")
    result = convert()
    assert result.status is Status.MERGED, result.problems
    root = tree(target)
    assert root.xpath("//t:s[@xml:id='en-p3-s1']/t:placeName", namespaces=NS)


def _reviewed(target: Path) -> None:
    """The scholar declares themself and confirms the first link (no @cert: a person's check)."""
    edit_tei(target, "<respStmt>", '<respStmt><resp>Alignment review</resp><name xml:id="ed-jdoe">J. Doe</name></respStmt>\n        <respStmt>')
    text = target.read_text("utf-8")
    first = text.index("<link ")
    end = text.index("/>", first)
    link = text[first:end]
    new = re.sub(r'(?:resp="#teiedit" )?cert="[0-9.]+"', 'resp="#ed-jdoe"', link)
    target.write_text(text[:first] + new + text[end:], "utf-8")


def test_a_changed_aligner_realigns_machine_links_and_keeps_reviewed_ones(project, validator):
    target = convert().target
    base = read_base(target)
    assert base is not None
    _reviewed(target)
    ours = target.read_bytes()
    # theirs: the same text, another alignment (every machine certainty changed, the first two beads joined)
    theirs_root = etree.fromstring(base, SAFE_PARSER)
    links = theirs_root.xpath("//t:linkGrp/t:link", namespaces=NS)
    for link in links:
        link.set("cert", "0.42")
    first_target = links[0].get("target")
    links[1].set("target", f"{links[0].get('target')} {links[1].get('target')}")
    links[1].set("type", "2-2")
    links[0].getparent().remove(links[0])
    theirs = etree.tostring(theirs_root.getroottree(), encoding="UTF-8", xml_declaration=True)
    result = merge_tei(base, ours, theirs)
    assert not result.conflicts
    merged = etree.fromstring(result.merged, SAFE_PARSER)
    kept = merged.xpath("//t:link[@resp='#ed-jdoe']", namespaces=NS)
    assert len(kept) == 1 and kept[0].get("target") == first_target and kept[0].get("cert") is None
    machine = merged.xpath("//t:link[not(@resp) or @resp='#teiedit']", namespaces=NS)
    assert machine and all(link.get("cert") in ("0.42", "0.50") or float(link.get("cert")) <= 0.99 for link in machine)
    assert sum(link.get("cert") == "0.42" for link in machine) == len(links) - 2
    path = project / "merged.xml"
    path.write_bytes(result.merged)
    assert validator.validate_file(path) == []


def test_a_paragraph_split_in_the_source_while_another_paragraph_is_annotated(project, validator):
    target = convert().target
    before = tree(target)
    of_course = sentence(before, "en-p4-s1")
    edit_tei(target, '<s xml:id="en-p4-s1">', '<note>Checked against the print.</note><s xml:id="en-p4-s1">')
    edit_source("grassroots units. During the discussion", "grassroots units.\n\n　　During the discussion")
    result = convert()
    assert result.status is Status.MERGED, result.problems
    root = tree(target)
    assert sentence(root, "en-p4-s1") == of_course  # ids of untouched sentences stay
    assert root.xpath("//t:note[following-sibling::t:s[1]/@xml:id='en-p4-s1']", namespaces=NS)
    assert len(root.xpath("//t:div[@type='translation']/t:p", namespaces=NS)) == 6
    assert validator.validate_file(target) == []


def test_a_date_change_renames_the_edited_tei_and_keeps_its_edits(project, validator):
    target = convert().target
    edit_tei(target, '<s xml:id="zh-p2-s2">', "<note>Kept across the rename.</note><s xml:id=\"zh-p2-s2\">")
    edit_source("Date: 1958-02-10", "Date: 1958-02-11")
    edit_source("\n1958-02-10\n", "\n1958-02-11\n")
    out = CliRunner().invoke(main, ["convert", "seeds", "-o", "tei"])
    assert out.exit_code == 0, out.output
    files = sorted(Path("tei").glob("*.xml"))
    assert [f.name for f in files] == ["rmrb-1958-02-11-p05-3fc300c7573022ed.xml"]
    assert b"Kept across the rename." in files[0].read_bytes()
    assert not base_path(target).exists() and base_path(files[0]).exists()
    assert validator.validate_file(files[0]) == []


def test_a_fresh_clone_merges_as_the_working_copy_did(project, tmp_path_factory, monkeypatch):
    target = convert().target
    edit_tei(target, '<s xml:id="zh-p2-s2">', "<note>A scholar's note.</note><s xml:id=\"zh-p2-s2\">")
    clone = tmp_path_factory.mktemp("clone")
    shutil.copytree("seeds", clone / "seeds")
    shutil.copytree("tei", clone / "tei")  # what git carries: seeds/ and tei/ (with tei/.teiedit-base/)
    edit_source(*CORRECTED)
    assert convert().status is Status.MERGED
    here = target.read_bytes()
    monkeypatch.chdir(clone)
    edit_source(*CORRECTED)
    assert not Path("build").exists()
    assert convert().status is Status.MERGED
    assert (clone / "tei" / target.name).read_bytes() == here


def test_the_build_reports_an_open_conflict_on_every_run(project):
    from build_fakes import ENGINES
    from teiedit.build import BuildOptions, build

    opts = BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=("convert",))
    build(opts, EditionConfig())
    target = next(Path("tei").glob("*.xml"))
    edit_tei(target, "launched discussions", "held discussions")
    edit_source(*CORRECTED)
    for _ in range(2):
        report = build(opts, EditionConfig())
        assert [p.code for p in report.problems if p.level.name == "ERROR"] == ["merge-conflict"]
        assert not report.nothing_to_do
    assert (Path("build/merge") / target.name).exists()


def test_the_build_renames_an_edited_tei_whose_date_changed_and_keeps_its_edits(project):
    from build_fakes import ENGINES
    from teiedit.build import BuildOptions, build

    opts = BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=("convert",))
    build(opts, EditionConfig())
    old = next(Path("tei").glob("*.xml"))
    edit_tei(old, '<s xml:id="zh-p2-s2">', "<note>Kept across the rename.</note><s xml:id=\"zh-p2-s2\">")
    edit_source("Date: 1958-02-10", "Date: 1958-02-11")
    edit_source("\n1958-02-10\n", "\n1958-02-11\n")
    report = build(opts, EditionConfig())
    assert not [p for p in report.problems if p.level.name == "ERROR"], report.problems
    files = sorted(Path("tei").glob("*.xml"))
    assert [f.name for f in files] == ["rmrb-1958-02-11-p05-3fc300c7573022ed.xml"]
    root = tree(files[0])
    assert root.xpath("//t:note[.='Kept across the rename.']", namespaces=NS)
    assert root.xpath("string(//t:monogr/t:imprint/t:date/@when)", namespaces=NS) == "1958-02-11"


def test_take_ours_resolves_a_conflict_with_the_scholars_text(project):
    target = convert().target
    edit_tei(target, "launched discussions", "held discussions")
    edit_source(*CORRECTED)
    assert convert().status is Status.CONFLICT
    assert convert(take="ours").status is Status.MERGED
    root = tree(target)
    assert "held discussions" in sentence(root, "en-p3-s1")
    assert root.xpath("string(//t:idno[@type='source-sha256'])", namespaces=NS) == __import__(
        "hashlib").sha256(source().read_bytes()).hexdigest()


def test_a_new_aligner_dictionary_realigns_machine_links_and_keeps_reviewed_ones(project, validator):
    target = convert().target
    _reviewed(target)
    reviewed = tree(target).xpath("//t:link[@resp='#ed-jdoe']", namespaces=NS)[0].get("target")
    before = [link.get("cert") for link in tree(target).xpath("//t:link[not(@resp)]", namespaces=NS)]
    Path("dict.u8").write_text(
        "群众 群众 [qun2 zhong4] /the masses/\n生产 生产 [sheng1 chan3] /production/to produce/\n"
        "干部 干部 [gan4 bu4] /cadre/\n工厂 工厂 [gong1 chang3] /factory/\n上海 上海 [Shang4 hai3] /Shanghai/\n",
        "utf-8",
    )
    result = convert_file(source(), Path("tei"), EditionConfig(align_dictionary="dict.u8"), merge_dir=Path("build/merge"))
    assert result.status is Status.MERGED, result.problems
    root = tree(target)
    kept = root.xpath("//t:link[@resp='#ed-jdoe']", namespaces=NS)
    assert [k.get("target") for k in kept] == [reviewed] and kept[0].get("cert") is None
    after = [link.get("cert") for link in root.xpath("//t:link[not(@resp='#ed-jdoe')]", namespaces=NS)]
    assert after != before  # the machine links are the new aligner's
    assert validator.validate_file(target) == []


def test_a_header_part_changed_on_both_sides_is_a_conflict_named_by_its_path(project):
    target = convert().target
    edit_tei(target, '<title type="main" xml:lang="en">Integrating with the Masses in Production</title>',
             '<title type="main" xml:lang="en">Integrating with the Masses at Work</title>')
    edit_source("Integrating with the Masses in Production", "Integrating With the Masses in Production")
    result = convert()
    assert result.status is Status.CONFLICT
    where = {json.loads((Path("build/merge") / f"{target.name}.conflicts.json").read_text("utf-8"))["conflicts"][0]["where"]}
    assert any("titleStmt/title[@type='main'][@xml:lang='en']" in w for w in where), where


def test_an_edited_tei_without_a_base_merges_against_a_synthesized_one(project, validator):
    """Issue 13: a file edited before bases were kept (or whose base is lost) is not frozen: the parts
    both sides agree on are the base, the scholar's additions stay, a sentence that differs is a conflict
    (nobody knows who changed it) that `--take theirs` resolves, and the merge records a base."""
    target = convert().target
    edit_tei(target, '<s xml:id="zh-p2-s2">', "<note>A scholar's note.</note><s xml:id=\"zh-p2-s2\">")
    base_path(target).unlink()
    out = CliRunner().invoke(main, ["status", "--format", "json"])
    assert "no merge base" in json.loads(out.output)["articles"][0]["states"]
    edit_source(*CORRECTED)
    result = convert()
    assert result.status is Status.CONFLICT
    conflicts = [p for p in result.problems if p.code == "merge-conflict"]
    assert [c.msg.split()[0] for c in conflicts] == ["en-p3-s1"]  # only the sentence that differs
    assert "no merge base recorded" in conflicts[0].msg and "started discussions" in conflicts[0].msg
    assert any(p.code == "no-merge-base" for p in result.problems)
    result = convert(take="theirs")
    assert result.status is Status.MERGED, result.problems
    root = tree(target)
    assert "started discussions" in sentence(root, "en-p3-s1")
    assert root.xpath("//t:p[@xml:id='zh-p2']/t:note[following-sibling::t:s[1]/@xml:id='zh-p2-s2']", namespaces=NS)
    assert validator.validate_file(target) == []
    assert read_base(target) is not None  # from now on a real three-way merge
    out = CliRunner().invoke(main, ["status", "--format", "json"])
    assert all("no merge base" not in a["states"] for a in json.loads(out.output)["articles"])


def test_without_a_base_and_the_same_source_the_scholars_text_wins_and_links_realign(project, validator):
    """Same source digest: every textual difference is the scholar's; only the alignment is new."""
    target = convert().target
    _reviewed(target)
    edit_tei(target, "launched discussions", "held discussions")
    base_path(target).unlink()
    Path("dict.u8").write_text("群众 群众 [qun2 zhong4] /the masses/\n干部 干部 [gan4 bu4] /cadre/\n", "utf-8")
    result = convert_file(source(), Path("tei"), EditionConfig(align_dictionary="dict.u8"), merge_dir=Path("build/merge"))
    assert result.status in (Status.MERGED, Status.EDITED), result.problems
    assert not [p for p in result.problems if p.level.name == "ERROR"]
    root = tree(target)
    assert "held discussions" in sentence(root, "en-p3-s1")
    assert len(root.xpath("//t:link[@resp='#ed-jdoe'][not(@cert)]", namespaces=NS)) == 1
    assert validator.validate_file(target) == [] and read_base(target) is not None


def test_the_merge_aligns_loose_sentences_as_realign_does(project, validator):
    """One entry point for fixed beads: sentences the new conversion leaves unlinked are aligned around
    the scholar's reviewed link exactly as `teiedit realign` aligns the same region."""
    from teiedit.realign import realign

    target = convert().target
    base = read_base(target)
    text = target.read_text("utf-8")
    text = text.replace("<respStmt>", '<respStmt><resp>Alignment review</resp><name xml:id="ed-jdoe">J. Doe</name></respStmt>\n        <respStmt>', 1)
    links = re.findall(r"<link [^>]*/>", text)
    middle = links[len(links) // 2]
    text = text.replace(middle, re.sub(r'resp="#teiedit" cert="[0-9.]+"', 'resp="#ed-jdoe"', middle))
    target.write_text(text, "utf-8")
    theirs_root = etree.fromstring(base, SAFE_PARSER)
    for link in theirs_root.xpath("//t:linkGrp/t:link", namespaces=NS):
        link.getparent().remove(link)  # nothing from theirs: every unreviewed sentence is aligned anew
    theirs = etree.tostring(theirs_root.getroottree(), encoding="UTF-8", xml_declaration=True)
    merged = merge_tei(base, target.read_bytes(), theirs)
    assert not merged.conflicts
    got = [(ln.get("type"), ln.get("target"), ln.get("resp"), ln.get("cert"))
           for ln in etree.fromstring(merged.merged, SAFE_PARSER).xpath("//t:linkGrp/t:link", namespaces=NS)]  # fmt: skip
    first, last = (re.search(r'target="#(\S+)', links[k]).group(1) for k in (0, -1))
    _count, problems = realign(target, first, last)
    assert not problems
    want = [(ln.get("type"), ln.get("target"), ln.get("resp"), ln.get("cert"))
            for ln in tree(target).xpath("//t:linkGrp/t:link", namespaces=NS)]  # fmt: skip
    assert got == want and ("1-1" if "1-1" in middle else middle.split('"')[1]) in {g[0] for g in got}
    assert sum(g[2] == "#ed-jdoe" for g in got) == 1 and len(got) > 3
    path = project / "merged.xml"
    path.write_bytes(merged.merged)
    assert validator.validate_file(path) == []


def test_a_reviewed_link_is_kept_across_build_retrain_aligner(project, validator):
    """Issue 14 §4: a retrained aligner re-aligns the machine links of an edited document (through the
    merge) and leaves the scholar's reviewed link as it is."""
    runner = CliRunner()
    out = runner.invoke(main, ["build", "--only", "convert", "-j", "1"])
    assert out.exit_code == 0, out.output
    target = next(Path("tei").glob("*.xml"))
    _reviewed(target)
    reviewed = tree(target).xpath("//t:link[@resp='#ed-jdoe']", namespaces=NS)[0].get("target")
    assert not Path("build/align-model.tsv").exists()  # one article: no table learned by default
    out = runner.invoke(main, ["build", "--only", "convert", "-j", "1", "--retrain-aligner"])
    assert out.exit_code == 0, out.output
    assert Path("build/align-model.tsv").exists() and "[aligner-trained]" in out.output
    assert "[merged]" in out.output or "[edited-by-hand]" in out.output, out.output  # the merge ran
    root = tree(target)
    kept = root.xpath("//t:link[@resp='#ed-jdoe']", namespaces=NS)
    assert [k.get("target") for k in kept] == [reviewed] and kept[0].get("cert") is None
    assert root.xpath("//t:respStmt/t:name[@xml:id='ed-jdoe']", namespaces=NS)
    assert validator.validate_file(target) == []


# --- the committed cases of tests/data/merge/ (written by tests/data/make_merge.py) -------------------

MERGE_DATA = Path(__file__).parent / "data" / "merge"


def sides(case: str) -> tuple[bytes, bytes, bytes]:
    return tuple((MERGE_DATA / case / f"{side}.xml").read_bytes() for side in ("base", "ours", "theirs"))  # type: ignore[return-value]


def test_the_merge_fixtures_are_in_step_with_the_encoder():
    """tests/data/merge/ is what make_merge.py writes with today's encoder and aligner (else: rerun it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_merge", MERGE_DATA.parent / "make_merge.py")
    make_merge = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(make_merge)  # type: ignore[union-attr]
    for case in make_merge.CASES:
        for name, data in make_merge.case_files(case, MERGE_DATA / case).items():
            assert (MERGE_DATA / case / name).read_bytes() == data, f"stale {case}/{name}: run tests/data/make_merge.py"


def test_fixture_source_typo_fixed(tmp_path, validator, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = merge_tei(*sides("source-typo-fixed"))
    assert not result.conflicts and result.changed
    root = etree.fromstring(result.merged, SAFE_PARSER)
    assert "started discussions" in sentence(root, "en-p3-s1")
    assert root.xpath("//t:p[@xml:id='zh-p2']/t:note[.=\"A scholar's note.\"][following-sibling::t:s[1]/@xml:id='zh-p2-s2']",
                      namespaces=NS)  # fmt: skip
    changes = root.xpath("//t:revisionDesc/t:change[@type='merge']", namespaces=NS)
    assert len(changes) == 1 and changes[0].get("when") == "2023-11-14" and "1 sentence(s) taken" in changes[0].text
    source_sha = __import__("hashlib").sha256((MERGE_DATA / "source-typo-fixed" / "source.txt").read_bytes()).hexdigest()
    assert root.xpath("string(//t:idno[@type='source-sha256'])", namespaces=NS) == source_sha
    path = tmp_path / "merged.xml"
    path.write_bytes(result.merged)
    assert validator.validate_file(path) == []


def test_fixture_both_changed_one_sentence():
    base, ours, theirs = sides("both-changed-one-sentence")
    result = merge_tei(base, ours, theirs)
    assert [(c.where, "held discussions" in c.ours, "started discussions" in c.theirs) for c in result.conflicts] == [
        ("en-p3-s1", True, True)]  # fmt: skip
    assert result.conflicts[0].line == next(k for k, ln in enumerate(ours.decode().splitlines(), 1) if 'xml:id="en-p3-s1"' in ln)
    taken = merge_tei(base, ours, theirs, take="theirs")
    assert "started discussions" in sentence(etree.fromstring(taken.merged, SAFE_PARSER), "en-p3-s1")


def test_fixture_paragraph_split(tmp_path, validator):
    base, ours, theirs = sides("paragraph-split")
    result = merge_tei(base, ours, theirs)
    assert not result.conflicts
    root = etree.fromstring(result.merged, SAFE_PARSER)
    assert sentence(root, "en-p4-s1") == sentence(etree.fromstring(base, SAFE_PARSER), "en-p4-s1")  # ids stay
    assert root.xpath("//t:note[.='Checked against the print.'][following-sibling::t:s[1]/@xml:id='en-p4-s1']", namespaces=NS)
    assert len(root.xpath("//t:div[@type='translation']/t:p", namespaces=NS)) == 6
    path = tmp_path / "merged.xml"
    path.write_bytes(result.merged)
    assert validator.validate_file(path) == []
