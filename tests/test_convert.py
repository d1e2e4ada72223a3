"""The converter's TEI: header, divisions, ids, links, fidelity, determinism and the no-overwrite rule."""

import re
import shutil

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import ARTICLES, NS, SAFE_PARSER, SEED, XML_ID
from teiedit.cli import main
from teiedit.config import EditionConfig
from teiedit.convert import Status, convert_file
from teiedit.encode import is_hand_edited


def one(tree, xpath):
    found = tree.xpath(xpath, namespaces=NS)
    assert len(found) == 1, (xpath, found)
    return found[0]


def norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def test_header(seed_tei):
    h = "/t:TEI/t:teiHeader/t:fileDesc"
    assert one(seed_tei, f"{h}/t:titleStmt/t:title[@xml:lang='zh-Hans']/text()") == "在生产中同群众打成一片"
    assert (
        one(seed_tei, f"{h}/t:titleStmt/t:title[@xml:lang='en']/text()") == "Integrating with the Masses in Production"
    )
    assert one(seed_tei, f"{h}/t:titleStmt/t:author/t:persName[@xml:lang='zh-Hans']/text()") == "静宇"
    assert one(seed_tei, f"{h}/t:titleStmt/t:author/t:persName[@xml:lang='en']/text()") == "Jing Yu"
    assert len(seed_tei.xpath(f"{h}/t:titleStmt/t:respStmt", namespaces=NS)) == 2
    assert one(seed_tei, f"{h}/t:publicationStmt/t:idno[@type='source-id']/text()") == "3fc300c7573022ed"
    assert one(seed_tei, f"{h}/t:publicationStmt/t:availability/t:licence/@target").startswith("https://")
    m = f"{h}/t:sourceDesc/t:biblStruct/t:monogr"
    assert one(seed_tei, f"{m}/t:title[@xml:lang='zh-Hans']/text()") == "人民日报"
    assert one(seed_tei, f"{m}/t:title[@xml:lang='en']/text()") == "People's Daily"
    assert one(seed_tei, f"{m}/t:imprint/t:date/@when") == "1958-02-10"
    assert one(seed_tei, f"{m}/t:biblScope[@unit='page']/text()") == "5"
    assert one(seed_tei, f"{h}/t:sourceDesc/t:biblStruct/t:analytic/t:author/text()") == "静宇"
    assert one(seed_tei, "//t:appInfo/t:application/@ident") == "teiedit"
    assert {x for x in seed_tei.xpath("//t:langUsage/t:language/@ident", namespaces=NS)} == {"zh-Hans", "en"}
    change = one(seed_tei, "//t:revisionDesc/t:change[@type='conversion']")
    assert one(change, "t:name[@type='file']/text()") == SEED.name
    assert len(one(change, "t:idno[@type='source-sha256']/text()")) == 64
    assert one(seed_tei, "/t:TEI/@xml:id") == "rmrb-1958-02-10-p05-3fc300c7573022ed"


def test_divisions_ids_and_corresp(seed_tei):
    zh = one(seed_tei, "//t:body/t:div[@type='original']")
    en = one(seed_tei, "//t:body/t:div[@type='translation']")
    assert zh.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    assert en.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert one(zh, "t:head/text()") == "在生产中同群众打成一片"
    assert one(en, "t:byline/t:docAuthor/text()") == "Jing Yu"
    assert [p.get(XML_ID) for p in zh.iterfind("t:p", NS)] == [f"zh-p{k}" for k in range(1, 6)]
    assert [p.get("corresp") for p in en.iterfind("t:p", NS)] == [f"#zh-p{k}" for k in range(1, 6)]
    assert len(zh.findall(".//t:s", NS)) == len(en.findall(".//t:s", NS)) == 24
    assert all(s.get(XML_ID) for s in seed_tei.iterfind(".//t:s", NS))
    assert one(seed_tei, "//t:s[@xml:id='zh-p3-s3']/text()").endswith("现在完全不脱产行吗？")


def test_every_sentence_in_exactly_one_link_in_order(seed_tei):
    links = seed_tei.xpath("//t:standOff/t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    assert len(links) == 24 and {link.get("type") for link in links} == {"1-1"}
    targets = [t[1:] for link in links for t in link.get("target").split()]
    ids = [s.get(XML_ID) for s in seed_tei.iterfind(".//t:s", NS)]
    assert sorted(targets) == sorted(ids)
    assert [t for t in targets if t.startswith("zh")] == [i for i in ids if i.startswith("zh")]


@pytest.mark.parametrize("name", [*sorted(p.name for p in ARTICLES.glob("accept_*.txt")), "warn_header_mismatch.txt"])
def test_text_fidelity_and_tei_all_for_each_accepted_variant(name, tmp_path, tei_all):
    from teiedit.parse import parse_article

    result = convert_file(ARTICLES / name, tmp_path, EditionConfig())
    assert result.status == Status.WRITTEN
    tree = etree.parse(str(result.target), SAFE_PARSER)
    article, _ = parse_article(ARTICLES / name)
    for kind, paragraphs in (("original", article.zh), ("translation", article.en)):
        got = "".join(tree.xpath(f"//t:div[@type='{kind}']/t:p//text()", namespaces=NS))
        assert norm(got) == norm("".join(p.text for p in paragraphs))
    raw = (ARTICLES / name).read_bytes().lstrip(b"\xef\xbb\xbf").decode().replace("\r\n", "\n")
    raw = "\n".join(line.rstrip() for line in raw.split("\n"))
    en_block = raw.split("<hr />")[0]
    body_en = "".join(en_block.split("\n\n")[2:])  # after the header and the title block
    assert norm(" ".join(article.en[k].text for k in range(len(article.en)))) == norm(body_en)
    assert tei_all.validate(tree), tei_all.error_log


def test_seed_is_valid_against_tei_all(seed_tei, tei_all):
    assert tei_all.validate(seed_tei), tei_all.error_log


def test_header_mismatch_is_recorded_in_the_tei(tmp_path):
    result = convert_file(ARTICLES / "warn_header_mismatch.txt", tmp_path, EditionConfig())
    tree = etree.parse(str(result.target), SAFE_PARSER)
    notes = tree.xpath("//t:notesStmt/t:note[@type='conversion']/text()", namespaces=NS)
    assert any("1958-03-03" in n and "using 1958-03-02" in n for n in notes)
    assert one(tree, "//t:monogr/t:imprint/t:date/@when") == "1958-03-02"


def test_same_input_gives_byte_identical_output(tmp_path):
    a = convert_file(SEED, tmp_path / "a", EditionConfig()).target.read_bytes()
    b = convert_file(SEED, tmp_path / "b", EditionConfig()).target.read_bytes()
    assert a == b


def test_hand_edited_file_is_not_overwritten_without_force(tmp_path):
    first = convert_file(SEED, tmp_path, EditionConfig())
    assert not is_hand_edited(first.target.read_bytes())
    assert convert_file(SEED, tmp_path, EditionConfig()).status == Status.UNCHANGED
    edited = first.target.read_bytes().replace(b"<head>Integrating", b"<head>Integrating (edited)")
    first.target.write_bytes(edited)
    again = convert_file(SEED, tmp_path, EditionConfig())
    assert again.status == Status.EDITED
    assert first.target.read_bytes() == edited
    assert "--force" in again.problems[-1].msg
    forced = convert_file(SEED, tmp_path, EditionConfig(), force=True)
    assert forced.status == Status.WRITTEN and not is_hand_edited(first.target.read_bytes())


def test_cli_converts_the_good_files_and_fails_on_the_bad(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src)
    shutil.copy(ARTICLES / "reject_invalid_date.txt", src)
    shutil.copy(ARTICLES / "accept_plain.txt", src)
    out = tmp_path / "tei"
    result = CliRunner().invoke(main, ["convert", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{src / 'reject_invalid_date.txt'}:3: error:" in result.output
    assert "3 sources: 2 written, 1 failed" in result.output.splitlines()[-1]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "rmrb-1958-02-10-p05-3fc300c7573022ed.xml",
        "rmrb-1958-03-02-p02-accept-plain.xml",
    ]
    again = CliRunner().invoke(main, ["convert", str(src / "accept_plain.txt"), "-o", str(out)])
    assert again.exit_code == 0 and "1 unchanged" in again.output


def test_cli_usage_error_exits_2(tmp_path):
    assert CliRunner().invoke(main, ["convert", str(tmp_path / "nope.txt")]).exit_code == 2


def test_meta_reads_back_what_the_converter_wrote(tmp_path):
    from teiedit.meta import read_meta

    result = convert_file(ARTICLES / "accept_several_authors.txt", tmp_path, EditionConfig())
    meta = read_meta(result.target)
    assert (meta.date, meta.page, meta.title_zh) == ("1958-03-02", "2", "河北春耕提前开始")
    assert meta.authors_zh == ("李明", "张华") and meta.authors_en == ("Li Ming", "Zhang Hua")
    assert meta.id == result.target.stem


@pytest.fixture(scope="module")
def gap_tei():
    """accept_plain.txt encoded with a hand-made alignment that has a 1-0 and a 0-1 bead."""
    from teiedit.beads import Bead, DocumentAlignment, SentenceBead
    from teiedit.encode import encode_tei, serialize_tei
    from teiedit.parse import parse_article
    from teiedit.segment import split_article

    article, _ = parse_article(ARTICLES / "accept_plain.txt")
    zh, en = split_article(article)
    assert [len(p) for p in zh] == [2, 3, 1] and [len(p) for p in en] == [2, 2, 1]
    beads = [
        SentenceBead(((0, 0),), ((0, 0),)),
        SentenceBead(((0, 1),), (), 0.4),  # the translation leaves zh-p1-s2 out
        SentenceBead((), ((0, 1),), 0.3),  # and adds en-p1-s2
        SentenceBead(((1, 0), (1, 1)), ((1, 0),)),
        SentenceBead(((1, 2),), ((1, 1),)),
        SentenceBead(((2, 0),), ((2, 0),)),
    ]
    paragraphs = [Bead((k,), (k,)) for k in range(3)]
    return etree.fromstring(serialize_tei(encode_tei(article, zh, en, DocumentAlignment(paragraphs, beads), EditionConfig())))


def test_a_missing_sentence_is_pointed_at_by_a_gap_anchor(gap_tei):
    """TEI's link needs two targets: a 1-0 bead points at an anchor where the translation lacks the sentence."""
    link = one(gap_tei, "//t:linkGrp/t:link[@type='1-0']")
    assert link.get("target") == "#zh-p1-s2 #en-gap-zh-p1-s2"
    anchor = one(gap_tei, "//t:div[@type='translation']//t:anchor[@xml:id='en-gap-zh-p1-s2']")
    assert anchor.get("type") == "alignment-gap"
    assert anchor.getprevious().get(XML_ID) == "en-p1-s1"  # after the last English sentence aligned before it
    added = one(gap_tei, "//t:linkGrp/t:link[@type='0-1']")
    assert added.get("target") == "#zh-gap-en-p1-s2 #en-p1-s2"  # Chinese side first, as in every link
    assert one(gap_tei, "//t:anchor[@xml:id='zh-gap-en-p1-s2']").getprevious().get(XML_ID) == "zh-p1-s2"
    for ln in gap_tei.xpath("//t:linkGrp/t:link", namespaces=NS):
        assert len(ln.get("target").split()) >= 2


def test_gap_anchors_are_valid_and_keep_the_text(gap_tei, tmp_path, tei_all):
    from teiedit.validate import Validator

    path = tmp_path / "gaps.xml"
    path.write_bytes(etree.tostring(gap_tei, xml_declaration=True, encoding="UTF-8"))
    assert Validator().validate_file(path) == []
    assert tei_all.validate(gap_tei), tei_all.error_log
    en_text = "".join(one(gap_tei, "//t:div[@type='translation']").itertext())
    assert "∅" not in en_text  # an anchor is a place, not text


def test_a_single_target_link_is_reported(gap_tei, tmp_path):
    from teiedit.validate import Validator

    doc = etree.fromstring(etree.tostring(gap_tei))
    one(doc, "//t:link[@type='1-0']").set("target", "#zh-p1-s2")
    path = tmp_path / "single.xml"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    codes = {p.code for p in Validator().validate_file(path)}
    assert {"link-one-target", "gap-not-linked"} <= codes


def test_gap_anchors_reach_html_and_pdf(gap_tei, tmp_path):
    """Both outputs show the gap mark and keep its id (a behaviour in HTML is one in print too)."""
    from teiedit.render_html import HtmlRenderer

    path = tmp_path / "gaps.xml"
    path.write_bytes(etree.tostring(gap_tei, xml_declaration=True, encoding="UTF-8"))
    assert HtmlRenderer(EditionConfig(), tmp_path / "site", link_pdf=False).render_article(path) == []
    page = etree.parse(str(next((tmp_path / "site" / "articles").glob("*.html"))), etree.HTMLParser())
    (mark,) = page.xpath("//span[@id='en-gap-zh-p1-s2']")
    assert "anchor-alignment-gap" in mark.get("class") and mark.get("title")
    (sentence,) = page.xpath("//*[@id='zh-p1-s2']")
    assert sentence.get("data-links") == "en-gap-zh-p1-s2"  # the parallel view highlights the gap
    fo = _print_fo(path)
    assert fo.xpath("//*[contains(@id, 'en-gap-zh-p1-s2')]/text()") == ["∅"]


def _print_fo(path):
    from saxonche import PySaxonProcessor

    from teiedit.render_pdf import ARTICLE_XSL

    with PySaxonProcessor(license=False) as proc:
        exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(ARTICLE_XSL))
        out = exe.transform_to_string(xdm_node=proc.parse_xml(xml_file_name=str(path)))
    return etree.fromstring(out.encode())


def test_training_the_aligner_in_processes_learns_the_same_table(tmp_path):
    from teiedit.convert import train_aligner

    sources = []
    for k, src in enumerate([SEED, *sorted(ARTICLES.glob("accept_*.txt"))]):
        target = tmp_path / f"{k:03d}_{k:016x}.txt"
        shutil.copy(src, target)
        sources.append(target)
    serial, count, problems = train_aligner(sources, EditionConfig())
    spread, count2, _ = train_aligner(sources, EditionConfig(), jobs=2)
    assert count == count2 == len(sources) and problems == []
    assert len(serial) > 0 and spread.to_bytes() == serial.to_bytes()


def test_a_rewritten_model_is_read_again(tmp_path):
    """The loaded table is cached per version of the file, not per name (a build may retrain it)."""
    from teiedit.convert import aligner_options
    from teiedit.lexicon import LexicalTable

    model = tmp_path / "align-model.tsv"
    model.write_bytes(LexicalTable({"群众": {"masses": 0.9}}).to_bytes())
    config = EditionConfig(align_model=str(model), align_dictionary="")
    assert len(aligner_options(config).table) == 1
    model.write_bytes(LexicalTable({"群众": {"masses": 0.9}, "生产": {"production": 0.8}}).to_bytes())
    assert len(aligner_options(config).table) == 2


def test_a_doubled_chinese_title_still_covers_every_paragraph(tmp_path):
    """Found by the fault suite: the Chinese title line doubled made its sentence a 1-0 bead, and zh-p1
    was in no English paragraph's @corresp (an invalid TEI, a paragraph missing from the parallel view)."""
    title = "\u3000\u3000在生产中同群众打成一片\n"
    text = SEED.read_text(encoding="utf-8")
    assert title in text
    src = tmp_path / SEED.name
    src.write_text(text.replace(title, title.rstrip("\n") + " " + title, 1), encoding="utf-8")
    result = convert_file(src, tmp_path / "tei", EditionConfig())
    assert result.status is Status.WRITTEN
    from teiedit.validate import Validator

    assert [p for p in Validator().validate_file(result.target) if p.level.name == "ERROR"] == []
    root = etree.parse(str(result.target), SAFE_PARSER).getroot()
    covered = {t for c in root.xpath("//t:div[@xml:lang='en']/t:p/@corresp", namespaces=NS) for t in c.split()}
    zh = {"#" + i for i in root.xpath("//t:div[@xml:lang='zh-Hans']/t:p/@xml:id", namespaces=NS)}
    assert zh <= covered
