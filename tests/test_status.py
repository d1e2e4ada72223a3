"""`teiedit status` and the build's edition-level checks (issue 13 §2-3, issue 19 §4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_fakes import ENGINES
from conftest import SEED
from teiedit.build import BuildOptions, build
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.problems import Level


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seeds").mkdir()
    for k, sid in enumerate(("0123456789abcdef", "fedcba9876543210", "00000000000000aa")):
        text = SEED.read_text("utf-8").replace("Jing Yu", f"Jing Yu {k}")  # three different articles
        (tmp_path / "seeds" / f"{k:03d}_{sid}.txt").write_text(text, "utf-8")
    for name in ("fake-schema.rng", "fake-html.xsl", "fake-print.xsl"):
        (tmp_path / name).write_text(f"<!-- {name} v1 -->\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def opts() -> BuildOptions:
    return BuildOptions(jobs=1, progress=False, engines=dict(ENGINES), stages=("convert",))


def status() -> tuple[int, dict]:
    out = CliRunner().invoke(main, ["status", "--format", "json"])
    return out.exit_code, json.loads(out.output)


def states(report: dict) -> dict[str, list[str]]:
    return {Path(a["tei"] or a["source"]).name: a["states"] for a in report["articles"]}


def test_status_lists_each_state(project):
    code, report = status()
    assert code == 0 and set(report["counts"]) == {"not yet converted"}
    build(opts(), EditionConfig())
    code, report = status()
    assert code == 0 and report["articles"] == []
    src = sorted(Path("seeds").glob("*.txt"))
    teis = [next(Path("tei").glob(f"*-{s.stem.split('_')[1]}.xml")) for s in src]  # in the order of src
    # edited, then its source corrected: merge pending
    teis[0].write_text(teis[0].read_text("utf-8").replace('<s xml:id="zh-p2-s2">', '<note>n</note><s xml:id="zh-p2-s2">'), "utf-8")
    src[0].write_text(src[0].read_text("utf-8").replace("launched discussions", "started discussions"), "utf-8")
    # both sides change one sentence of the second: conflict after a build
    teis[1].write_text(teis[1].read_text("utf-8").replace("launched discussions", "held discussions"), "utf-8")
    src[1].write_text(src[1].read_text("utf-8").replace("launched discussions", "began discussions"), "utf-8")
    code, report = status()
    assert "merge pending" in states(report)[teis[0].name] and "edited" in states(report)[teis[0].name]
    build(opts(), EditionConfig())
    code, report = status()
    got = states(report)
    assert code == 1 and report["needs_person"]
    assert "merged" in got[teis[0].name] and "merge pending" not in got[teis[0].name]
    assert "conflict" in got[teis[1].name]
    # invalid: found without a build state
    teis[2].write_text(teis[2].read_text("utf-8").replace('xml:id="zh-p1-s1"', 'xml:id="zh-p1"'), "utf-8")
    code, report = status()
    assert "invalid" in states(report)[teis[2].name]
    out = CliRunner().invoke(main, ["status"])
    assert out.exit_code == 1 and out.output.splitlines()[-1].startswith("status: ")


def test_two_sources_claiming_one_id_are_both_reported_and_neither_wins(project):
    shutil.copy(SEED, Path("seeds") / "900_0123456789abcdef.txt")
    report = build(opts(), EditionConfig())
    dup = [p for p in report.problems if p.code == "duplicate-source-id"]
    assert sorted(Path(p.path).name for p in dup) == ["000_0123456789abcdef.txt", "900_0123456789abcdef.txt"]
    assert all(p.level == Level.ERROR for p in dup)
    assert not list(Path("tei").glob("*0123456789abcdef.xml"))
    code, status_report = status()
    assert code == 1 and status_report["counts"].get("duplicate")


def test_the_same_text_under_two_ids_is_a_warning(project):
    shutil.copy(Path("seeds") / "000_0123456789abcdef.txt", Path("seeds") / "900_9999999999999999.txt")
    report = build(opts(), EditionConfig())
    same = [p for p in report.problems if p.code == "same-text"]
    assert len(same) == 2 and all(p.level == Level.WARNING for p in same)


def test_a_deleted_source_removes_an_unedited_tei_and_reports_an_edited_one(project):
    build(opts(), EditionConfig())
    src = sorted(Path("seeds").glob("*.txt"))
    teis = [next(Path("tei").glob(f"*-{s.stem.split('_')[1]}.xml")) for s in src]
    teis[1].write_text(teis[1].read_text("utf-8").replace('<s xml:id="zh-p2-s2">', '<note>n</note><s xml:id="zh-p2-s2">'), "utf-8")
    for source in src[:2]:
        source.unlink()
    for _ in range(2):  # reported on every build while it stays
        report = build(opts(), EditionConfig())
        orphaned = [p for p in report.problems if p.code == "orphaned"]
        assert [Path(p.path).name for p in orphaned] == [teis[1].name]
    assert not teis[0].exists() and teis[1].exists()
    _code, status_report = status()
    assert "orphaned" in states(status_report)[teis[1].name]


def test_two_tei_files_with_one_source_id_are_reported_on_both_by_validate_and_build(project):
    """Issue 13 §3: an edition-level check, reported on both files (with the line of their source-id)."""
    build(opts(), EditionConfig())
    tei = next(Path("tei").glob("*-0123456789abcdef.xml"))
    copy = tei.with_name("rmrb-1958-02-11-p05-0123456789abcdef.xml")  # e.g. an old copy left behind
    shutil.copy(tei, copy)
    line = next(k for k, text in enumerate(tei.read_text("utf-8").splitlines(), 1) if 'type="source-id"' in text)
    out = CliRunner().invoke(main, ["validate", "tei"])
    assert out.exit_code == 1
    dup = [ln for ln in out.output.splitlines() if ln.endswith("[duplicate-source-id]")]
    assert sorted(ln.split(":")[0] for ln in dup) == sorted([str(tei), str(copy)])
    assert all(ln.split(":")[1] == str(line) and "0123456789abcdef" in ln for ln in dup)
    assert copy.name in next(ln for ln in dup if ln.startswith(str(tei)))
    js = json.loads(CliRunner().invoke(main, ["validate", "tei", "--format", "json"]).output)
    assert not js["valid"] and [p["code"] for p in js["problems"][str(copy)]] == ["duplicate-source-id"]
    # the other articles are not concerned
    assert all(not v for k, v in js["problems"].items() if "0123456789abcdef" not in k)
    # the build reports both, on every run, and refuses the deposit
    engines = dict(ENGINES)
    for _ in range(2):
        report = build(BuildOptions(jobs=1, progress=False, engines=engines, stages=("convert", "validate", "deposit")),
                       EditionConfig())  # fmt: skip
        got = sorted(Path(p.path).name for p in report.problems if p.code == "duplicate-source-id")
        assert got == sorted([tei.name, copy.name])
        assert "deposit-refused" in {p.code for p in report.problems}
        assert not report.nothing_to_do
    copy.unlink()
    report = build(BuildOptions(jobs=1, progress=False, engines=engines, stages=("convert", "validate")), EditionConfig())
    assert not [p for p in report.problems if p.code == "duplicate-source-id"]


def _search_ids(site: Path) -> set[str]:
    import gzip

    ids = set()
    for fragment in (site / "pagefind").glob("*/*/fragment/*"):
        ids.add(json.loads(gzip.decompress(fragment.read_bytes())[12:])["meta"]["id"])
    return ids


@pytest.mark.slow
def test_a_deleted_source_takes_its_unedited_article_out_of_every_output(tmp_path, monkeypatch):
    """Issue 13 / 19 §4 end to end through `teiedit build`: the unedited article of a deleted source loses
    its TEI, page, PDF, search entry, date-page entry and deposit entry; an edited one keeps its TEI and
    site outputs and is reported (orphaned) on every build; the deposit keeps it too, its README.txt naming the
    missing source."""
    from test_render_pdf import _missing_environment

    reason = _missing_environment()
    if reason:
        pytest.skip(reason)
    from search_site import SEARCH_DATA

    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    for name in ("plough_1958-03-02.txt", "workshop_1958-02-10.txt"):
        shutil.copy(SEARCH_DATA / name, tmp_path / "seeds" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    runner = CliRunner()
    out = runner.invoke(main, ["build", "-j", "1"])
    assert out.exit_code == 0, out.output
    teis = {p.stem: p for p in Path("tei").glob("*.xml")}
    gone = next(i for i in teis if "plough" in i)
    kept = next(i for i in teis if "workshop" in i)
    site, bag = Path("build/html"), Path("build/deposit/data")

    def outputs(i: str) -> dict[str, bool]:
        dates = " ".join(p.read_text("utf-8") for p in (site / "dates").rglob("*.html"))
        return {
            "tei": (Path("tei") / f"{i}.xml").exists(), "page": (site / "articles" / f"{i}.html").exists(),
            "site tei": (site / "tei" / f"{i}.xml").exists(), "pdf": Path(f"build/pdf/{i}.pdf").exists(),
            "site pdf": (site / "pdf" / f"{i}.pdf").exists(), "search": i in _search_ids(site),
            "date page": f"{i}.html" in dates, "index": i in (site / "index.html").read_text("utf-8"),
            "deposit tei": (bag / "tei" / f"{i}.xml").exists(), "deposit dc": (bag / "dc" / f"{i}.xml").exists(),
            "deposit page": (bag / "html" / "articles" / f"{i}.html").exists(),
            "deposit pdf": (bag / "pdf" / f"{i}.pdf").exists(),
        }  # fmt: skip

    assert all(outputs(gone).values()) and all(outputs(kept).values()), (outputs(gone), outputs(kept))
    (Path("seeds") / "plough_1958-03-02.txt").unlink()  # never edited: it goes, from every output
    out = runner.invoke(main, ["build", "-j", "1"])
    assert out.exit_code == 0, out.output
    assert not any(outputs(gone).values()), outputs(gone)
    assert all(outputs(kept).values()), outputs(kept)
    path = teis[kept]
    path.write_text(path.read_text("utf-8").replace("</s>", "<note>Checked.</note></s>", 1), "utf-8")
    (Path("seeds") / "workshop_1958-02-10.txt").unlink()  # edited: it stays, reported on every build
    for run in range(2):
        out = runner.invoke(main, ["build", "-j", "1"])
        orphaned = [ln for ln in out.output.splitlines() if ln.endswith("[orphaned]")]
        assert len(orphaned) == 1 and orphaned[0].startswith(str(path)), out.output
        # kept everywhere, the deposit included: its bag says (README.txt) that this source is missing
        assert out.exit_code == 0 and all(outputs(kept).values()), (out.output, outputs(kept))
        if run == 0:  # the deposit is remade once, and says why it cannot carry the source
            assert any(ln.startswith(str(path)) and ln.endswith("[source-missing]")
                       for ln in out.output.splitlines()), out.output  # fmt: skip
        assert path.stem in (bag.parent / "README.txt").read_text("utf-8")
        assert not any(outputs(gone).values()), outputs(gone)
    seed = next(i for i in teis if i.endswith("3fc300c7573022ed"))
    assert all(v for k, v in outputs(seed).items() if not k.startswith("deposit"))  # the others are untouched


def test_every_teiedit_build_repeats_what_needs_a_person_until_it_is_resolved(project):
    """Issue 13 §2: an open conflict and an invalid file are printed by every `teiedit build`, with exit 1,
    and such a build never says "nothing to do"."""
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--only", "convert,validate", "-j", "1"]).exit_code == 0
    src = sorted(Path("seeds").glob("*.txt"))
    teis = [next(Path("tei").glob(f"*-{s.stem.split('_')[1]}.xml")) for s in src]
    teis[0].write_text(teis[0].read_text("utf-8").replace("launched discussions", "held discussions"), "utf-8")
    src[0].write_text(src[0].read_text("utf-8").replace("launched discussions", "began discussions"), "utf-8")
    good = teis[1].read_bytes()
    teis[1].write_text(teis[1].read_text("utf-8").replace('xml:id="zh-p1-s1"', 'xml:id="zh-p1"'), "utf-8")
    for _ in range(3):
        out = runner.invoke(main, ["build", "--only", "convert,validate", "-j", "1"])
        assert out.exit_code == 1
        assert any(ln.startswith(f"{teis[0]}:") and ln.endswith("[merge-conflict]") for ln in out.output.splitlines())
        assert any(ln.startswith(f"{teis[1]}:") and "error" in ln for ln in out.output.splitlines()), out.output
        assert "nothing to do" not in out.output
    teis[1].write_bytes(good)
    out = runner.invoke(main, ["convert", "--take", "theirs"])
    assert out.exit_code == 0, out.output
    runner.invoke(main, ["build", "--only", "convert,validate", "-j", "1"])
    out = runner.invoke(main, ["build", "--only", "convert,validate", "-j", "1"])
    assert out.exit_code == 0 and "nothing to do" in out.output, out.output
