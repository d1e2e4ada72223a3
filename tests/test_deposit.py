"""The deposit: a valid, complete, reproducible BagIt bag, refused for invalid TEI."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ROOT, SEED
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.convert import convert_file
from teiedit.deposit import bagging_date, deposit
from teiedit.problems import Level

DC = {"dc": "http://purl.org/dc/elements/1.1/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
EPOCH = "1700000000"  # 2023-11-14


@pytest.fixture
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tei/ with two articles, a small site in build/html and a PDF in build/pdf."""
    for sid in ("0123456789abcdef", "fedcba9876543210"):
        source = tmp_path / "seeds" / f"000_{sid}.txt"
        source.parent.mkdir(exist_ok=True)
        shutil.copy(SEED, source)
        assert convert_file(source, tmp_path / "tei", EditionConfig()).target
    site = tmp_path / "build" / "html"
    (site / "articles").mkdir(parents=True)
    (site / "index.html").write_text("<html>index</html>", "utf-8")
    (site / "articles" / "a.html").write_text("<html>a</html>", "utf-8")
    (tmp_path / "build" / "pdf").mkdir()
    (tmp_path / "build" / "pdf" / "a.pdf").write_bytes(b"%PDF-1.4 not really")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def make(out: Path, zip_: bool = False) -> list:
    return deposit(EditionConfig(), Path("tei"), out, html_dir=Path("build/html"), pdf_dir=Path("build/pdf"), zip_=zip_)


def errors(problems: list) -> list:
    return [p for p in problems if p.level >= Level.ERROR]


def test_bag_validates_and_holds_every_file_with_its_checksum(edition: Path) -> None:
    assert not errors(make(Path("out/deposit")))
    bag = bagit.Bag("out/deposit")
    bag.validate()  # raises when a checksum or the Payload-Oxum is wrong
    assert set(bag.algorithms) == {"sha256", "sha512"}
    payload = {p.relative_to("out/deposit").as_posix() for p in Path("out/deposit/data").rglob("*") if p.is_file()}
    tei = sorted(p.name for p in Path("tei").glob("*.xml"))
    expected = {f"data/tei/{n}" for n in tei} | {f"data/dc/{n}" for n in tei}
    expected |= {"data/html/index.html", "data/html/articles/a.html", "data/pdf/a.pdf"}
    if Path(ROOT, "schema", "teiedit.rng").exists():
        expected |= {"data/schema/teiedit.rng", "data/schema/teiedit.sch"}
    assert expected <= payload
    assert set(bag.payload_entries()) == payload
    assert set(bag.entries) - payload == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt"}
    for name, hashes in bag.entries.items():
        data = (Path("out/deposit") / name).read_bytes()
        assert hashes["sha256"] == hashlib.sha256(data).hexdigest()
        assert hashes["sha512"] == hashlib.sha512(data).hexdigest()
    for name in tei:  # the deposited TEI is the TEI, byte for byte
        assert (Path("out/deposit/data/tei") / name).read_bytes() == (Path("tei") / name).read_bytes()


def test_bag_info_comes_from_the_edition_config(edition: Path) -> None:
    make(Path("out/deposit"))
    info = bagit.Bag("out/deposit").info
    config = EditionConfig()
    assert info["Source-Organization"] == config.source_organization
    assert info["Contact-Name"] == config.contact_name
    assert info["External-Description"] == config.external_description
    assert info["Bagging-Date"] == "2023-11-14"
    payload = [p for p in Path("out/deposit/data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"


def test_dublin_core_record_is_derived_from_the_header(edition: Path) -> None:
    make(Path("out/deposit"))
    name = sorted(Path("tei").glob("*.xml"))[0].name
    dc = etree.parse(f"out/deposit/data/dc/{name}")
    assert dc.xpath("/oai_dc:dc/dc:title[@xml:lang='zh-Hans']/text()", namespaces=DC) == ["在生产中同群众打成一片"]
    assert dc.xpath("/oai_dc:dc/dc:title[@xml:lang='en']/text()", namespaces=DC) == [
        "Integrating with the Masses in Production"
    ]
    assert dc.xpath("/oai_dc:dc/dc:creator/text()", namespaces=DC) == ["静宇", "Jing Yu"]
    assert dc.xpath("/oai_dc:dc/dc:date/text()", namespaces=DC) == ["1958-02-10"]
    assert Path(name).stem in dc.xpath("/oai_dc:dc/dc:identifier/text()", namespaces=DC)
    assert sorted(dc.xpath("/oai_dc:dc/dc:language/text()", namespaces=DC)) == ["en", "zh-Hans"]
    assert dc.xpath("/oai_dc:dc/dc:rights/text()", namespaces=DC)


def test_an_invalid_tei_is_refused(edition: Path) -> None:
    bad = sorted(Path("tei").glob("*.xml"))[1]
    bad.write_bytes(bad.read_bytes().replace(b"</teiHeader>", b""))
    problems = make(Path("out/deposit"))
    assert {p.code for p in errors(problems)} >= {"not-well-formed", "deposit-refused"}
    assert not Path("out/deposit").exists()


def test_the_deposit_is_byte_reproducible(edition: Path) -> None:
    make(Path("a/deposit"), zip_=True)
    make(Path("b/deposit"), zip_=True)
    assert Path("a/deposit.zip").read_bytes() == Path("b/deposit.zip").read_bytes()
    for tag in ("bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt"):
        assert Path("a/deposit", tag).read_bytes() == Path("b/deposit", tag).read_bytes()


def test_rewriting_the_deposit_replaces_it_whole(edition: Path) -> None:
    make(Path("out/deposit"))
    Path("build/pdf/a.pdf").unlink()
    assert not errors(make(Path("out/deposit")))
    assert not Path("out/deposit/data/pdf/a.pdf").exists()
    bagit.Bag("out/deposit").validate()
    assert [p.name for p in Path("out").iterdir()] == ["deposit"]  # no temporary folder left behind


def test_bagging_date_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert bagging_date(EditionConfig(extra={"bagging_date": "2020-01-02"})) == (
        "2020-01-02",
        "edition config (bagging_date)",
    )
    assert bagging_date(EditionConfig())[0] == "2023-11-14"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert bagging_date(EditionConfig(date="2025-05-05"))[0] == "2025-05-05"
    assert bagging_date(EditionConfig(date="2026"))[1].startswith("today")


def test_cli_deposit_with_zip(edition: Path) -> None:
    result = CliRunner().invoke(main, ["deposit", "-o", "build/deposit", "--zip"])
    assert result.exit_code == 0, result.output
    assert Path("build/deposit.zip").is_file()
    bagit.Bag("build/deposit").validate()


def test_a_schema_invalid_tei_is_refused(edition: Path) -> None:
    pytest.importorskip("teiedit.validate")
    shutil.copy(ROOT / "tests" / "data" / "invalid" / "dangling_corresp.xml", "tei/dangling_corresp.xml")
    problems = make(Path("out/deposit"))
    assert "deposit-refused" in {p.code for p in errors(problems)}
    assert any(p.path.endswith("dangling_corresp.xml") for p in errors(problems))
    assert not Path("out/deposit").exists()


def test_the_search_index_is_not_deposited(edition: Path) -> None:
    """Pagefind's bundles are not byte-reproducible and are remade from the TEI: the bag leaves them out."""
    bundle = Path("build/html/pagefind/1958/zh")
    bundle.mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text('{"version": "1.5.2"}', "utf-8")
    (Path("build/html") / "search.html").write_text("<html>search</html>", "utf-8")
    assert not errors(make(Path("out/deposit")))
    assert Path("out/deposit/data/html/search.html").is_file()
    assert not Path("out/deposit/data/html/pagefind").exists()
