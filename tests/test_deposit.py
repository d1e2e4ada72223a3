"""The deposit: a valid, complete, reproducible BagIt 1.0 bag whose every claim can be checked from the bag
alone (sources and their digests, identifier, links), refused for invalid TEI."""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import tomllib
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from conftest import NS, ROOT, SEED
from teiedit import __version__
from teiedit.bagsite import rewrite_links
from teiedit.cli import main
from teiedit.config import EditionConfig, load_config
from teiedit.convert import convert_file
from teiedit.deposit import bagging_date, deposit
from teiedit.problems import Level
from teiedit.schemaloc import blank_locations

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


def make(out: Path, zip_: bool = False, config: EditionConfig | None = None) -> list:
    return deposit(config or EditionConfig(), Path("tei"), out, html_dir=Path("build/html"),
                   pdf_dir=Path("build/pdf"), sources=(Path("seeds"),), zip_=zip_)  # fmt: skip


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
    expected |= {"data/html/index.html", "data/html/articles/a.html", "data/pdf/a.pdf", "data/edition.toml"}
    expected |= {f"data/sources/{p.name}" for p in Path("seeds").glob("*.txt")}
    if Path(ROOT, "schema", "teiedit.rng").exists():
        expected |= {"data/schema/teiedit.rng", "data/schema/teiedit.sch"}
    assert expected <= payload
    assert set(bag.payload_entries()) == payload
    assert set(bag.entries) - payload == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt",
                                          "README.txt"}  # fmt: skip
    for name, hashes in bag.entries.items():
        data = (Path("out/deposit") / name).read_bytes()
        assert hashes["sha256"] == hashlib.sha256(data).hexdigest()
        assert hashes["sha512"] == hashlib.sha512(data).hexdigest()
    for name in tei:  # the deposited TEI is the TEI, pointing at the bag's schema/ (which holds them)
        deposited = Path("out/deposit/data/tei") / name
        assert blank_locations(deposited.read_bytes()) == blank_locations((Path("tei") / name).read_bytes())
        root = etree.parse(str(deposited)).getroot()
        pis = [pi for pi in root.itersiblings(preceding=True) if isinstance(pi, etree._ProcessingInstruction)]
        hrefs = [pi.get("href") for pi in pis] + root.xpath("//t:schemaRef/@url", namespaces=NS)
        assert len(hrefs) == 3
        for href in hrefs:
            assert (deposited.parent / href).resolve().is_relative_to(Path("out/deposit/data/schema").resolve())
            assert (deposited.parent / href).is_file(), href


def test_bag_is_bagit_1_0(edition: Path) -> None:
    assert not errors(make(Path("out/deposit")))
    assert Path("out/deposit/bagit.txt").read_bytes() == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    bag = bagit.Bag("out/deposit")
    assert bag.version_info == (1, 0)
    bag.validate()
    assert "bagit.txt" in bag.tagfile_entries()


def recorded(tei: Path) -> tuple[str, str]:
    root = etree.parse(str(tei)).getroot()
    change = "t:teiHeader/t:revisionDesc/t:change[@type='conversion']"
    return (root.xpath(f"string({change}/t:name[@type='file'])", namespaces=NS),
            root.xpath(f"string({change}/t:idno[@type='source-sha256'])", namespaces=NS))  # fmt: skip


def assert_sources_match(bag: Path) -> None:
    """Every TEI document in the bag records a source the bag holds, with that SHA-256."""
    teis = sorted((bag / "data" / "tei").glob("*.xml"))
    assert teis
    for tei in teis:
        name, sha = recorded(tei)
        assert name and len(sha) == 64, tei
        source = bag / "data" / "sources" / name
        assert source.is_file(), f"{tei.name}: no {source}"
        assert hashlib.sha256(source.read_bytes()).hexdigest() == sha, tei.name


def test_every_tei_source_is_in_the_bag_with_the_digest_it_records(edition: Path) -> None:
    assert not errors(make(Path("out/deposit")))
    assert_sources_match(Path("out/deposit"))
    for seed in Path("seeds").glob("*.txt"):  # the exact bytes, nothing normalised
        assert Path("out/deposit/data/sources", seed.name).read_bytes() == seed.read_bytes()
    assert sorted(p.name for p in Path("out/deposit/data/sources").iterdir()) == sorted(
        p.name for p in Path("seeds").glob("*.txt"))


def test_a_source_renamed_since_is_found_by_its_content(edition: Path) -> None:
    seed = sorted(Path("seeds").glob("*.txt"))[0]
    moved = Path("elsewhere") / "renamed.txt"
    moved.parent.mkdir()
    seed.rename(moved)
    problems = deposit(EditionConfig(), Path("tei"), Path("out/deposit"), html_dir=Path("build/html"),
                       pdf_dir=Path("build/pdf"), sources=(Path("seeds"), Path("elsewhere")))  # fmt: skip
    assert not errors(problems)
    assert_sources_match(Path("out/deposit"))
    assert Path("out/deposit/data/sources", seed.name).read_bytes() == moved.read_bytes()


def test_a_missing_source_is_named_in_a_warning_and_in_the_readme(edition: Path) -> None:
    """An orphan (its source deleted, the edited TEI kept) is part of the edition: deposited, and the bag
    says which claims it cannot prove."""
    seeds = sorted(Path("seeds").glob("*.txt"))  # two copies of one text: the other would stand in
    seeds[0].write_bytes(seeds[0].read_bytes() + b"\n")  # not the bytes the TEI was converted from
    seeds[1].unlink()
    problems = make(Path("out/deposit"))
    assert not errors(problems)
    missing = sorted((p for p in problems if p.code == "source-missing"), key=lambda p: p.msg)
    assert [p.level for p in missing] == [Level.WARNING, Level.WARNING]
    readme = Path("out/deposit/README.txt").read_text("utf-8")
    assert "Except for 2 documents whose source is not here:" in readme
    for seed, problem in zip(seeds, missing, strict=True):
        tei = Path(problem.path).name
        assert seed.stem.split("_")[1] in tei  # the TEI named, its source in the message
        assert seed.name in problem.msg and "seeds" in problem.msg
        assert re.search(rf"^ +tei/{re.escape(tei)}: {re.escape(seed.name)}, SHA-256 [0-9a-f]{{64}} ", readme, re.M)
    assert not Path("out/deposit/data/sources").exists()
    bagit.Bag("out/deposit").validate()


def test_the_edition_config_is_deposited(edition: Path) -> None:
    Path("edition.toml").write_text('# our edition\n[edition]\nedition_id = "test-ed"\ntitle = "A test"\n', "utf-8")
    assert not errors(make(Path("out/deposit"), config=load_config()))
    assert Path("out/deposit/data/edition.toml").read_bytes() == Path("edition.toml").read_bytes()
    assert not errors(make(Path("out/default")))  # no file: the settings in effect, as TOML
    written = tomllib.loads(Path("out/default/data/edition.toml").read_text("utf-8"))["edition"]
    assert written["title"] == EditionConfig().title and written["editors"] == []
    assert written["uncertain_below"] == EditionConfig().uncertain_below


def identifier(bag: str) -> str:
    return bagit.Bag(bag).info["External-Identifier"]


def test_external_identifier_is_unique_to_the_payload_and_stable(edition: Path) -> None:
    make(Path("a/deposit"))
    make(Path("b/deposit"))
    Path("build/pdf/a.pdf").write_bytes(Path("build/pdf/a.pdf").read_bytes().replace(b"really", b"reallY"))
    make(Path("c/deposit"))
    ident = identifier("a/deposit")
    manifest = hashlib.sha256(Path("a/deposit/manifest-sha256.txt").read_bytes()).hexdigest()
    assert ident == f"urn:teiedit:{EditionConfig().identifier()}:sha256:{manifest}"
    assert identifier("b/deposit") == ident  # the same payload, the same identifier (another day too)
    assert identifier("c/deposit") != ident  # one byte of one payload file changed
    assert re.fullmatch(r"urn:teiedit:[a-z0-9-]+:sha256:[0-9a-f]{64}", identifier("c/deposit"))
    make(Path("d/deposit"), config=EditionConfig(edition_id="rmrb-test"))
    assert identifier("d/deposit").startswith("urn:teiedit:rmrb-test:sha256:")
    assert bagit.Bag("d/deposit").info["Internal-Sender-Identifier"] == "rmrb-test"


def test_edition_identifier_defaults_to_a_slug_of_the_title() -> None:
    assert EditionConfig().identifier() == "peoples-daily-1958-a-bilingual-digital-edition"
    assert EditionConfig(edition_id=" x ").identifier() == "x"
    chinese = EditionConfig(title="人民日报").identifier()
    assert re.fullmatch(r"edition-[0-9a-f]{12}", chinese) and chinese == EditionConfig(title="人民日报").identifier()


def test_readme_says_what_the_bag_holds_and_which_teiedit_made_it(edition: Path) -> None:
    make(Path("out/deposit"))
    bag = bagit.Bag("out/deposit")
    assert "README.txt" in bag.tagfile_entries()  # listed in both tag manifests, so validated
    for alg in ("sha256", "sha512"):
        assert re.search(r"^[0-9a-f]+ README\.txt$", Path(f"out/deposit/tagmanifest-{alg}.txt").read_text(), re.M)
    readme = Path("out/deposit/README.txt").read_text("utf-8")
    assert f"teiedit {__version__}" in readme and "`teiedit deposit`" in readme
    for folder in ("tei/", "schema/", "sources/", "edition.toml", "dc/", "pdf/", "html/"):
        assert re.search(rf"^  {re.escape(folder)} ", readme, re.M), folder
    assert "2 TEI P5 documents" in readme and "2 plain-text source files" in readme
    assert bag.info["External-Identifier"] in readme
    assert "source-sha256" in readme and "bagit.py --validate" in readme and "teiedit search-index" in readme
    assert bag.info["Bag-Software-Agent"].startswith(f"teiedit {__version__} ")
    assert bag.info["Internal-Sender-Description"].endswith("README.txt")


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


def test_a_refused_deposit_removes_the_earlier_bag_and_zip(edition: Path) -> None:
    """An earlier deposit beside a refused one would pass for the current edition: it goes, named."""
    assert not errors(make(Path("out/deposit"), zip_=True))
    bad = sorted(Path("tei").glob("*.xml"))[1]
    bad.write_bytes(bad.read_bytes().replace(b"</teiHeader>", b""))
    result = CliRunner().invoke(main, ["deposit", "-o", "out/deposit", "--zip"])
    assert result.exit_code == 1
    assert not Path("out/deposit").exists() and not Path("out/deposit.zip").exists()
    stale = [line for line in result.output.splitlines() if line.endswith("[stale-deposit]")]
    assert len(stale) == 2 and any("out/deposit.zip: warning: removed" in s for s in stale), result.output
    assert any(s.startswith("out/deposit: warning: removed") for s in stale), result.output
    assert [p.name for p in Path("out").iterdir()] == []  # no parked folder left
    from teiedit.heal import _is_staging

    assert _is_staging(".deposit.stale.tmp")  # where the bag is parked while removed: a kill leaves staging


def test_links_are_rewritten_only_where_they_reach_a_left_out_copy() -> None:
    moved = {"tei/a b.xml": "tei/a b.xml", "pdf/a.pdf": "pdf/a.pdf"}
    page = (b'<a href="../tei/a%20b.xml#s1">x</a><a href="../pdf/a.pdf?x=1">p</a><a href="../index.html">i</a>'
            b'<a href="https://example.org/tei/a.xml">u</a><a href="#top">t</a><img src="../pdf/a.pdf">')  # fmt: skip
    out = rewrite_links(page, "articles/x.html", moved)
    assert out == (b'<a href="../../tei/a%20b.xml#s1">x</a><a href="../../pdf/a.pdf?x=1">p</a>'
                   b'<a href="../index.html">i</a><a href="https://example.org/tei/a.xml">u</a><a href="#top">t</a>'
                   b'<img src="../../pdf/a.pdf">')  # fmt: skip
    assert rewrite_links(b'<a href="tei/a%20b.xml">', "index.html", moved) == b'<a href="../tei/a%20b.xml">'


def test_the_deposit_is_byte_reproducible(edition: Path) -> None:
    make(Path("a/deposit"), zip_=True)
    make(Path("b/deposit"), zip_=True)
    assert Path("a/deposit.zip").read_bytes() == Path("b/deposit.zip").read_bytes()
    for tag in ("bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "README.txt"):
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


@pytest.fixture
def site_edition(edition: Path) -> Path:
    """The real site of the two articles (the PDFs in place first, so the pages link them)."""
    from teiedit.render_html import HtmlRenderer

    shutil.rmtree("build")
    for tei in sorted(Path("tei").glob("*.xml")):
        pdf = f"%PDF-1.4 stand-in for {tei.stem}".encode()
        for folder in ("build/pdf", "build/html/pdf"):
            Path(folder).mkdir(parents=True, exist_ok=True)
            Path(folder, f"{tei.stem}.pdf").write_bytes(pdf)
    problems, failed = HtmlRenderer(EditionConfig(), Path("build/html")).render_site(sorted(Path("tei").glob("*.xml")))
    assert failed == 0 and not errors(problems)
    assert len(list(Path("build/html/tei").glob("*.xml"))) == 2
    return edition


def test_the_deposited_site_links_the_bag_tei_and_pdf_and_duplicates_nothing(site_edition: Path) -> None:
    assert not errors(make(Path("out/deposit")))
    bag = Path("out/deposit").resolve()
    data = bag / "data"
    by_sha: dict[str, list[str]] = defaultdict(list)
    for path in data.rglob("*"):
        if path.is_file():
            by_sha[hashlib.sha256(path.read_bytes()).hexdigest()].append(path.relative_to(data).as_posix())
    copies = ("html/tei/", "html/pdf/", "html/schema/")
    dupes = [names for names in by_sha.values() if len(names) > 1 and any(n.startswith(copies) for n in names)]
    assert dupes == []
    assert not (data / "html" / "tei").exists() and not (data / "html" / "pdf").exists()
    reached: set[Path] = set()
    for page in sorted((data / "html").rglob("*.html")):
        for href in lxml_html.parse(str(page)).xpath("//@href | //@src"):
            url = urlsplit(str(href))
            if url.scheme or url.netloc or not url.path:
                continue
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), unquote(url.path))))
            if target.suffix in (".xml", ".pdf"):
                assert target.is_file() and target.is_relative_to(data), f"{page}: {href}"
                reached.add(target)
    teis = {data / "tei" / p.name for p in Path("tei").glob("*.xml")}
    pdfs = {data / "pdf" / f"{p.stem}.pdf" for p in Path("tei").glob("*.xml")}
    assert teis | pdfs <= reached  # each article's TEI and PDF, reached from the pages of the bag
    bagit.Bag(str(bag)).validate()


def test_a_site_copy_unlike_the_deposited_file_stays_with_its_links(site_edition: Path) -> None:
    name = sorted(Path("tei").glob("*.xml"))[0].name
    copy = Path("build/html/tei") / name
    copy.write_bytes(copy.read_bytes().replace(b"</TEI>", b"<!-- the site's own -->\n</TEI>"))
    assert not errors(make(Path("out/deposit")))
    kept = Path("out/deposit/data/html/tei") / name
    assert blank_locations(kept.read_bytes()) == blank_locations(copy.read_bytes())
    assert not Path("out/deposit/data/html/schema").exists()  # the bag's schema/ serves the kept copy too
    for href in re.findall(rb'<\?xml-model href="([^"]+)"', kept.read_bytes()):
        assert (kept.parent / href.decode()).resolve() == (Path("out/deposit/data/schema") / Path(href.decode()).name).resolve()
        assert (kept.parent / href.decode()).is_file()
    page = Path("out/deposit/data/html/articles") / f"{Path(name).stem}.html"
    hrefs = lxml_html.parse(str(page)).xpath("//a[contains(@class, 'tei')]/@href")
    assert hrefs == [f"../tei/{name}"]  # still the site's copy, which is in the bag

