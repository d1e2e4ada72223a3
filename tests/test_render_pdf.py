"""The print edition: TEI → XSL-FO → PDF/A with Apache FOP, checked on the PDFs with poppler's tools.

One renderer (one JVM) for the whole session; the PDFs are made once and read by many tests.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import NS, ROOT, SAFE_PARSER

SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"
EDITORIAL_TEI = ROOT / "tests" / "data" / "print" / "editorial.xml"
# editorial.xml plus a 1-0 and a 0-1 bead (gap anchors ∅ in both columns) and every sign in English too
SIGNS_TEI = ROOT / "tests" / "data" / "print" / "signs_and_gaps.xml"
ARTICLES = ROOT / "tests" / "data" / "articles"
ARTIFACTS = ROOT / "tests" / "artifacts"
FO = {"fo": "http://www.w3.org/1999/XSL/Format"}
NO_LINE_START = set("。，、；：？！）」”》")
NO_LINE_END = set("（「“《")
HAN = re.compile(r"[\u3400-\u9fff]")


def _missing_environment() -> str | None:
    if importlib.util.find_spec("jpype") is None:
        return "JPype1 is not installed (pip install -e .)"
    if importlib.util.find_spec("fontTools") is None:
        return "fonttools is not installed (pip install -e .)"
    if not shutil.which("java"):
        return "no Java runtime (Debian default-jre-headless; scripts/system-deps.sh)"
    if not Path("/usr/share/java/fop.jar").is_file():
        return "Apache FOP missing (Debian fop; scripts/system-deps.sh)"
    if not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").is_file():
        return "Noto CJK fonts missing (Debian fonts-noto-cjk)"
    for tool in ("pdftotext", "pdffonts", "pdfdetach", "pdfinfo", "pdftohtml", "pdftoppm"):
        if not shutil.which(tool):
            return f"{tool} missing (Debian poppler-utils)"
    return None


@dataclass
class Printed:
    seed: Path
    editorial: Path
    signs: Path
    merged_tei: Path
    split_tei: Path
    merged: Path
    split: Path
    volume: Path
    volume_sources: list[Path]
    problems: dict[str, list]
    renderer: object


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printed]:
    reason = _missing_environment()
    if reason:
        pytest.skip(reason)
    from teiedit.config import EditionConfig
    from teiedit.convert import convert_file
    from teiedit.render_pdf import PdfRenderer

    tmp = tmp_path_factory.mktemp("pdf")
    tei_dir = tmp / "tei"
    config = EditionConfig(editors=("A. Editor", "B. Editor"))
    for name in ("accept_merged_paragraphs", "accept_split_paragraphs"):
        result = convert_file(ARTICLES / f"{name}.txt", tei_dir, config)
        assert result.status.value != "failed", result.problems
    merged_tei = next(p for p in tei_dir.glob("*.xml") if 'corresp="#zh-p1 #zh-p2"' in p.read_text("utf-8"))
    split_tei = next(p for p in tei_dir.glob("*.xml") if p != merged_tei)
    out = tmp / "pdf"
    renderer = PdfRenderer(config, out, font_cache=ROOT / "build" / "fonts")
    problems = {}
    for tei in (SEED_TEI, EDITORIAL_TEI, SIGNS_TEI, merged_tei, split_tei):
        problems[tei.name] = renderer.render_article(tei)
    sources = [EDITORIAL_TEI, split_tei, SEED_TEI, merged_tei]
    problems["volume"] = renderer.render_volume(sources, out / "volume.pdf")

    def pdf_of(tei: Path) -> Path:
        return (
            out / f"{etree.parse(str(tei), SAFE_PARSER).getroot().get('{http://www.w3.org/XML/1998/namespace}id')}.pdf"
        )

    printed = Printed(
        seed=pdf_of(SEED_TEI),
        editorial=pdf_of(EDITORIAL_TEI),
        signs=pdf_of(SIGNS_TEI),
        merged_tei=merged_tei,
        split_tei=split_tei,
        merged=pdf_of(merged_tei),
        split=pdf_of(split_tei),
        volume=out / "volume.pdf",
        volume_sources=sources,
        problems=problems,
        renderer=renderer,
    )
    # pages 1-2 as pictures, to be looked at (tests/artifacts is not committed)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, pdf in (("seed", printed.seed), ("editorial", printed.editorial), ("volume", printed.volume)):
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / name)], check=True
        )
    yield printed
    renderer.close()


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


# ------------------------------------------------------------------------------ text helpers


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def tei_paragraphs(tei: Path, division: str) -> list[str]:
    root = etree.parse(str(tei), SAFE_PARSER).getroot()
    return [
        _squash("".join(p.itertext())) for p in root.xpath(f"//t:body/t:div[@type='{division}']/t:p", namespaces=NS)
    ]


def column_text(pdf: Path) -> tuple[str, str]:
    """The text of the left (Chinese) and right (English) columns, page after page, body region only.

    Lines end with a newline so that end-of-line hyphens can be told from others.
    """
    xhtml = run("pdftotext", "-bbox-layout", str(pdf), "-")
    root = etree.fromstring(xhtml.encode(), etree.XMLParser(recover=True))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    left: list[str] = []
    right: list[str] = []
    for page in root.iterfind(".//h:page", ns):
        width, height = float(page.get("width")), float(page.get("height"))
        for line in page.iterfind(".//h:line", ns):
            y = (float(line.get("yMin")) + float(line.get("yMax"))) / 2
            if not 60 < y < height - 50:  # running head, "page N of M"
                continue
            words = [w.text or "" for w in line.iterfind("h:word", ns)]
            text = " ".join(words)
            if text.startswith(("原文 Original", "译文 Translation")):  # the repeated table header
                continue
            (left if float(line.get("xMin")) < width * 0.42 else right).append(text + "\n")
    return "".join(left), "".join(right)


def contains_in_order(text: str, paragraphs: list[str]) -> None:
    """Every paragraph occurs, in order; a line-end hyphen may be one FOP added or a real one."""
    marked = re.sub(r"\s+", "", text.replace("-\n", "\x00"))
    pos = 0
    for para in paragraphs:
        pattern = "\x00?".join("[-\x00]" if c == "-" else re.escape(c) for c in para)
        m = re.compile(pattern).search(marked, pos)
        assert m, f"paragraph not found (in order) in the PDF: {para[:60]}…"
        pos = m.end()


# ------------------------------------------------------------------------------------ tests


def test_render_reports_no_errors(printed: Printed) -> None:
    for name, found in printed.problems.items():
        assert [p for p in found if p.level.name == "ERROR"] == [], (name, found)
    for pdf in (printed.seed, printed.editorial, printed.merged, printed.split, printed.volume):
        assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("which", ["seed", "merged", "split"])
def test_no_text_lost(printed: Printed, which: str) -> None:
    tei = {"seed": SEED_TEI, "merged": printed.merged_tei, "split": printed.split_tei}[which]
    left, right = column_text(getattr(printed, which))
    contains_in_order(left, tei_paragraphs(tei, "original"))
    contains_in_order(right, tei_paragraphs(tei, "translation"))


def test_english_is_hyphenated(printed: Printed) -> None:
    # the seed's long English lines in a narrow column: FOP's en patterns must break some words
    _, right = column_text(printed.seed)
    assert re.search(r"[a-z]-\n[a-z]", right), "no hyphenated line end in the English column"


def test_all_fonts_embedded_and_chinese_in_sc_font(printed: Printed) -> None:
    for pdf in (printed.seed, printed.editorial, printed.volume):
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows
        for row in rows:
            assert re.search(r"\byes\s+yes\s+yes\b", row), f"{pdf.name}: font not embedded as subset: {row}"
        assert any("NotoSerifCJKsc" in r for r in rows)
        assert not any(re.search(r"CJK(jp|kr|tc|hk)", r, re.I) for r in rows)
    # every run of Chinese text is set in the SC face
    xml = run("pdftohtml", "-xml", "-stdout", "-i", "-q", str(printed.editorial))
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    family = {f.get("id"): f.get("family") for f in root.iter("fontspec")}
    han_runs = [t for t in root.iter("text") if HAN.search("".join(t.itertext()))]
    assert len(han_runs) > 20
    for t in han_runs:
        assert "NotoSerifCJKsc" in family[t.get("font")], "".join(t.itertext())


def test_pdfa_markers_and_metadata(printed: Printed) -> None:
    for pdf in (printed.seed, printed.volume):
        xmp = run("pdfinfo", "-meta", str(pdf))
        assert re.search(r"<pdfaid:part>3</pdfaid:part>|pdfaid:part=\"3\"", xmp)
        assert re.search(r"<pdfaid:conformance>A</pdfaid:conformance>|pdfaid:conformance=\"A\"", xmp)
        data = pdf.read_bytes()
        assert b"/OutputIntents" in data and b"/GTS_PDFA1" in data
        assert b"/AF [" in data and b"/AFRelationship" in data
    info = run("pdfinfo", str(printed.seed))
    assert re.search(r"Title:\s+Integrating with the Masses in Production \(在生产中同群众打成一片\)", info)
    assert re.search(r"Author:\s+Jing Yu \(静宇\)", info)
    assert re.search(r"Subject:\s+People's Daily \(人民日报\), 10 February 1958, page 5", info)
    xmp = run("pdfinfo", "-meta", str(printed.seed))
    # FOP writes one dc:language, the document's main language (TEI/@xml:lang)
    assert re.search(r"<dc:language>\s*<rdf:Bag>\s*<rdf:li>en</rdf:li>", xmp)
    assert "Creative Commons Attribution 4.0 International" in xmp  # dc:rights


def test_tei_attachment_is_byte_identical(printed: Printed, tmp_path: Path) -> None:
    run("pdfdetach", "-saveall", "-o", str(tmp_path), str(printed.seed))
    assert (tmp_path / SEED_TEI.name).read_bytes() == SEED_TEI.read_bytes()
    vol = tmp_path / "volume"
    vol.mkdir()
    run("pdfdetach", "-saveall", "-o", str(vol), str(printed.volume))
    assert sorted(p.name for p in vol.iterdir()) == sorted(p.name for p in printed.volume_sources)
    for source in printed.volume_sources:
        assert (vol / source.name).read_bytes() == source.read_bytes()


def test_chinese_line_breaking_rules(printed: Printed) -> None:
    checked = 0
    for pdf in (printed.seed, printed.editorial):
        xhtml = run("pdftotext", "-bbox-layout", str(pdf), "-")
        root = etree.fromstring(xhtml.encode(), etree.XMLParser(recover=True))
        for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
            text = "".join(w.text or "" for w in line)
            if len(HAN.findall(text)) < 5:
                continue
            checked += 1
            assert text[0] not in NO_LINE_START, f"{pdf.name}: line starts with {text[0]}: {text}"
            assert text[-1] not in NO_LINE_END, f"{pdf.name}: line ends with {text[-1]}: {text}"
    assert checked > 60


def test_chinese_is_justified_on_its_grid(printed: Printed) -> None:
    """Chinese lines fill the column: full lines are flush right and none is loosely letter-spaced."""
    xhtml = run("pdftotext", "-bbox-layout", str(printed.seed), "-")
    root = etree.fromstring(xhtml.encode(), etree.XMLParser(recover=True))
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = list(line)
        text = "".join(w.text or "" for w in words)
        if len(HAN.findall(text)) >= 8 and len(words) == 1:
            lines.append((float(line.get("xMin")), float(line.get("xMax")), text))
    right = Counter(round(x1) for _, x1, _ in lines).most_common(1)[0][0]  # the column's right edge
    lines = [(x0, x1, t) for x0, x1, t in lines if x1 < right + 1.5]  # not the titles above the table
    flush = [(x0, x1, t) for x0, x1, t in lines if abs(x1 - right) < 1.5]
    assert len(flush) >= 0.7 * len(lines)  # all but paragraph ends
    for x0, x1, text in flush:
        size = 10.5
        spacing = ((x1 - x0) - len(text) * size) / (len(text) - 1) / size
        assert spacing <= 0.081, f"loosely spaced Chinese line ({spacing:.3f} em): {text}"
    heads = {_squash("".join(h.itertext())) for h in etree.parse(str(SEED_TEI), SAFE_PARSER).iterfind(".//t:head", NS)}
    for _x0, x1, text in lines:
        if abs(x1 - right) >= 1.5 and text not in heads:  # a short line ends a paragraph
            assert text[-1] in "。！？”」）：", text


def test_footnotes_on_the_page_of_their_call(printed: Printed) -> None:
    xml = run("pdftohtml", "-xml", "-stdout", "-i", "-q", str(printed.editorial))
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    size = {f.get("id"): int(f.get("size")) for f in root.iter("fontspec")}
    black = {f.get("id") for f in root.iter("fontspec") if f.get("color") == "#000000"}
    calls: dict[str, list[int]] = {}
    bodies: dict[str, tuple[int, str]] = {}
    for page in root.iter("page"):
        n = int(page.get("number"))
        texts = list(page.iter("text"))
        for t in texts:
            s = "".join(t.itertext()).strip()
            if s.isdigit() and size[t.get("font")] <= 10 and t.get("font") in black:  # not grey ‖6 markers
                calls.setdefault(s, []).append(n)
            m = re.match(r"(?:(\d+)\s+)?([A-Z]{2}NOTE[A-C])", s)
            if m:
                number = m.group(1)
                if number is None:  # the label is its own run, left of the note, on the same line
                    top = int(t.get("top"))
                    number = next(
                        "".join(o.itertext()).strip()
                        for o in texts
                        if abs(int(o.get("top")) - top) <= 4
                        and int(o.get("left")) < int(t.get("left"))
                        and "".join(o.itertext()).strip().isdigit()
                    )
                bodies[m.group(2)] = (n, number)
    expected = {f"{lang}NOTE{x}" for lang in ("ZH", "EN") for x in "ABC"}
    assert set(bodies) == expected
    numbers = sorted(int(num) for _, num in bodies.values())
    assert numbers == list(range(1, 7))
    for token, (page, number) in bodies.items():
        assert calls.get(number) == [page], f"{token}: note {number} on page {page}, calls on {calls.get(number)}"
    # numbered in reading order: row by row, Chinese before English
    assert [bodies[t][1] for t in ("ZHNOTEA", "ENNOTEA", "ZHNOTEB", "ENNOTEB")] == ["1", "2", "3", "4"]


def test_editorial_conventions_and_unknown_element(printed: Printed) -> None:
    text = _squash(run("pdftotext", str(printed.editorial), "-"))
    assert "发现[asprinted:法现]" in text  # choice: corr shown, the source's reading after it
    assert "such[originalform:suche]" in text
    assert "解决[…]这些" in text  # gap
    assert "没有?这种" in text  # unclear
    assert "[专门]" in text  # supplied
    assert "⸌问题⸍" in text  # add
    assert "在于[p.6]" in text and "§" in text  # pb, milestone
    assert "UNKNOWNWORD" in text  # unplanned element: text kept …
    warnings = [p for p in printed.problems[EDITORIAL_TEI.name] if p.code == "unknown-element"]
    assert len(warnings) == 1 and "<w>" in warnings[0].msg and warnings[0].level.name == "WARNING"  # … and warned
    for kept in (
        "Goallout,aimhigh,",
        "fewerfull-timestaff;",
        "Full-timecadres",
        "Integratewiththemassesinproduction.",
        "鼓足干劲，力争上游，",
        "减少脱产人员；",
        "Workersatthemill,February1958.",
    ):
        assert kept in text, kept


def test_rows_follow_the_paragraph_alignment(printed: Printed) -> None:
    renderer = printed.renderer
    for tei, rows in ((printed.merged_tei, 2), (printed.split_tei, 3), (SEED_TEI, 5)):
        fo, problems = renderer.article_fo(tei)  # type: ignore[attr-defined]
        assert fo is not None, problems
        root = etree.fromstring(fo, SAFE_PARSER)
        body_rows = root.xpath("//fo:table[fo:table-header]/fo:table-body/fo:table-row", namespaces=FO)
        assert len(body_rows) == rows + 1  # + the row of headings and bylines
        for row in body_rows:
            assert len(row.xpath("fo:table-cell", namespaces=FO)) == 2


def test_running_heads_page_numbers_and_colophon(printed: Printed) -> None:
    pages = run("pdftotext", "-layout", str(printed.seed), "-").split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    assert total >= 2
    for i, page in enumerate(pages, 1):
        assert f"page {i} of {total}" in page
        if i > 1:
            assert "Integrating with the Masses in Production" in page.splitlines()[0]
    assert "Colophon" in pages[-1] and "Licence: Creative Commons Attribution 4.0 International" in pages[-1]


def test_volume_has_contents_and_every_article(printed: Printed) -> None:
    from teiedit.meta import read_meta

    pages = [p for p in run("pdftotext", str(printed.volume), "-").split("\f") if p.strip()]
    flat = [_squash(p) for p in pages]
    assert "Editionstatement" in flat[1] and "CreativeCommonsAttribution4.0International" in flat[1]
    contents = next(i for i, p in enumerate(flat) if p.startswith("Contents目录"))
    metas = sorted((read_meta(p) for p in printed.volume_sources), key=lambda m: m.sort_key)
    toc_numbers = re.findall(r"\.{3,}(\d+)", flat[contents])
    assert len(toc_numbers) == len(metas)
    starts = []
    for meta, toc_number in zip(metas, toc_numbers, strict=True):
        # the article's first page: its bibliographic block names its id
        first = next(i for i, p in enumerate(flat) if f"Editiontext{meta.id}." in p)
        starts.append(first)
        assert _squash(meta.title_en) in flat[first] and _squash(meta.title_zh) in flat[first]
        assert re.search(r"page(\d+)of\d+", flat[first]).group(1) == toc_number, meta.id
    assert starts == sorted(starts) and len(set(starts)) == len(metas)  # each article, in date order


def test_same_input_same_bytes(printed: Printed, tmp_path: Path) -> None:
    import shutil as sh

    first = printed.seed.read_bytes()
    renderer = printed.renderer
    out = renderer.out_dir  # type: ignore[attr-defined]
    sh.copy(printed.seed, tmp_path / "before.pdf")
    assert renderer.render_article(SEED_TEI) == []  # type: ignore[attr-defined]
    assert (out / printed.seed.name).read_bytes() == first


def test_cli_no_pdfa_and_paper_from_config(printed: Printed, tmp_path: Path) -> None:
    from teiedit.cli import main

    config = tmp_path / "edition.toml"
    config.write_text('[edition]\npaper = "Letter"\n', "utf-8")
    result = CliRunner().invoke(
        main, ["pdf", str(SEED_TEI), "-o", str(tmp_path / "out"), "--no-pdfa", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert "pdf: 1 articles, 0 failed" in result.output
    pdf = tmp_path / "out" / printed.seed.name
    assert "pdfaid" not in run("pdfinfo", "-meta", str(pdf))
    assert re.search(r"Page size:\s+612 x 792 pts \(letter\)", run("pdfinfo", str(pdf)))


def test_bad_inputs_are_problems_not_crashes(printed: Printed, tmp_path: Path) -> None:
    renderer = printed.renderer
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", "utf-8")
    other = tmp_path / "other.xml"
    other.write_text("<html/>", "utf-8")
    (problem,) = renderer.render_article(broken)  # type: ignore[attr-defined]
    assert problem.level.name == "ERROR" and problem.code == "pdf-input"
    (problem,) = renderer.render_article(other)  # type: ignore[attr-defined]
    assert problem.level.name == "ERROR" and problem.code == "not-tei" and "html" in problem.msg
    assert not (renderer.out_dir / "other.pdf").exists()  # type: ignore[attr-defined]
    # the renderer keeps working after a failure
    assert renderer.render_article(SEED_TEI) == []  # type: ignore[attr-defined]


def test_stylesheet_paths(printed: Printed) -> None:
    paths = printed.renderer.stylesheet_paths()  # type: ignore[attr-defined]
    names = {p.name for p in paths}
    assert {"article.xsl", "volume.xsl", "fo-common.xsl", "behaviours.xsl"} <= names
    assert all(p.is_file() for p in paths)


def test_links_only_for_safe_targets_and_nested_divisions(printed: Printed, tmp_path: Path) -> None:
    tei = SEED_TEI.read_text("utf-8").replace(
        '<s xml:id="en-p4-s5">Without such institutions,',
        '<s xml:id="en-p4-s5"><ref target="javascript:alert(1)">Without</ref> <ref target="#en-p1">such</ref> '
        '<ref target="https://example.org/a">institutions</ref>,',
    )
    tei = tei.replace(
        "      </div>\n    </body>",
        '        <div xml:id="en-appendix"><head>Appendix</head><p xml:id="en-p9" corresp="#zh-p5">Nested text.</p></div>\n'
        "      </div>\n    </body>",
    )
    path = tmp_path / "links.xml"
    path.write_text(tei, "utf-8")
    fo, problems = printed.renderer.article_fo(path)  # type: ignore[attr-defined]
    assert fo is not None and problems == []
    root = etree.fromstring(fo, SAFE_PARSER)
    links = root.xpath("//fo:basic-link", namespaces=FO)
    assert not [link for link in links if "javascript" in (link.get("external-destination") or "")]
    assert any((link.get("internal-destination") or "").endswith(".en-p1") for link in links)
    assert any(link.get("external-destination") == "url('https://example.org/a')" for link in links)
    text = "".join(root.itertext())
    assert "Without" in text and "Appendix" in text and "Nested text." in text
    # every id is unique (FOP refuses duplicates) and sentence ids are kept as destinations
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert any(i.endswith(".en-p4-s5") for i in ids)


def test_figures_embed_existing_images_and_warn_about_missing_ones(printed: Printed, tmp_path: Path) -> None:
    renderer = printed.renderer
    run("pdftoppm", "-jpeg", "-r", "12", "-f", "1", "-l", "1", "-singlefile", str(printed.seed), str(tmp_path / "pic"))
    tei = SEED_TEI.read_text("utf-8").replace(
        "      </div>\n    </body>",
        '        <figure><graphic url="pic.jpg"/><figDesc>A picture.</figDesc></figure>\n'
        '        <figure><graphic url="missing.png"/><figDesc>Gone.</figDesc></figure>\n'
        "      </div>\n    </body>",
    )
    path = tmp_path / "figures.xml"
    path.write_text(tei, "utf-8")
    problems = renderer.render_article(path)  # type: ignore[attr-defined]
    assert [(p.level.name, p.code) for p in problems] == [("WARNING", "missing-image")]
    assert "missing.png" in problems[0].msg
    pdf = renderer.out_dir / printed.seed.name  # type: ignore[attr-defined]
    images = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(images) == 1
    text = _squash(run("pdftotext", str(pdf), "-"))
    assert "Apicture." in text and "[illustration:missing.png]Gone." in text
    renderer.render_article(SEED_TEI)  # type: ignore[attr-defined]  # put the seed's PDF back for other tests


# ------------------------------------------------------- archival: glyphs, dates, attachment, tags


def _struct_elements(pdf: Path) -> list[dict[str, str]]:
    """The structure tree in document order: one dict per element (S, Lang, E, Alt, parent's S)."""
    import pikepdf

    found: list[dict[str, str]] = []
    with pikepdf.open(pdf) as doc:

        def walk(node: object, parent: str) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid, parent)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                found.append({k: str(node[f"/{k}"]) for k in ("S", "Lang", "E", "Alt") if f"/{k}" in node})
                found[-1]["parent"] = parent
                found[-1]["index"] = str(len(found) - 1)
                if "/K" in node:
                    walk(node.K, str(node.S))

        walk(doc.Root.StructTreeRoot.K, "/StructTreeRoot")
    return found


def test_every_sign_teiedit_prints_has_a_glyph(printed: Printed) -> None:
    """∅ (a sentence without counterpart) and the editorial signs, in both columns: FOP finds a face for
    each (no "Glyph … not available" event), and ∅ is set in the symbol face, not as Noto Serif's notdef."""
    problems = printed.problems[SIGNS_TEI.name]
    assert [(p.level.name, p.code) for p in problems] == [("WARNING", "unknown-element")], problems
    text = run("pdftotext", str(printed.signs), "-")
    squashed = _squash(text)
    assert "opinionsabouttheleadership.∅" in squashed  # the 1-0 bead's mark in the English column
    assert "助长了官僚主义。∅" in squashed  # the 0-1 bead's mark in the Chinese column
    for sign in (
        "⸌added⸍",
        "|line",
        "[p.7]page",
        "[…]",
        "unclear?",
        "[supplied]",
        "teh[sic]",
        "[corrected]",
        "§",
        "→en-p1",
    ):
        assert sign in squashed, sign
    xml = run("pdftohtml", "-xml", "-stdout", "-i", "-q", str(printed.signs))
    root = etree.fromstring(xml.encode(), etree.XMLParser(recover=True))
    family = {f.get("id"): f.get("family") for f in root.iter("fontspec")}
    marks = [t for t in root.iter("text") if "".join(t.itertext()).strip() == "∅"]
    assert len(marks) >= 2
    assert {family[t.get("font")].split("+")[-1] for t in marks} == {"NotoSansMath"}


def _seed_variant(path: Path, old: str, new: str) -> Path:
    """A copy of the seed TEI with one change and its own xml:id (its PDF does not replace the seed's)."""
    text = SEED_TEI.read_text("utf-8")
    assert old in text
    text = text.replace(old, new).replace('xml:id="rmrb-1958-02-10-p05-3fc300c7573022ed"', 'xml:id="seed-variant"', 1)
    path.write_text(text, "utf-8")
    return path


def test_a_character_without_a_face_is_a_missing_glyph_problem(printed: Printed, tmp_path: Path) -> None:
    """FOP's font events reach the report as [missing-glyph] warnings naming the TEI file; a character
    beyond U+FFFF (two Java chars) is reported too, not a crash."""
    renderer = printed.renderer
    path = _seed_variant(tmp_path / "tibetan.xml", "Without such institutions,", "Without \u0f00 such,")
    (problem,) = renderer.render_article(path)  # type: ignore[attr-defined]
    assert (problem.path, problem.level.name, problem.code) == (str(path), "WARNING", "missing-glyph")
    assert "(0xf00)" in problem.msg and "NotoSerif" in problem.msg
    path = _seed_variant(tmp_path / "hieroglyph.xml", "Without such institutions,", "Without \U00013000 such,")
    problems = renderer.render_article(path)  # type: ignore[attr-defined]
    assert problems and {(p.level.name, p.code) for p in problems} == {("WARNING", "missing-glyph")}


def test_every_character_of_the_print_stylesheets_has_a_face(printed: Printed) -> None:
    """What the stylesheets write themselves (signs, labels, punctuation) is in one of the faces FOP is
    given, in the order of the font-family lists: a sign added later without a face fails here."""
    from fontTools.ttLib import TTFont

    from teiedit.render_pdf import XSLT_DIR, ensure_fonts

    covered: set[int] = set()
    for face in {f.path for f in ensure_fonts(ROOT / "build" / "fonts")}:
        covered |= set(TTFont(str(face), lazy=True, fontNumber=0).getBestCmap())
    chars: set[str] = set()
    for xsl in [*(XSLT_DIR / "print").glob("*.xsl"), *(XSLT_DIR / "common").glob("*.xsl")]:
        tree = etree.parse(str(xsl), SAFE_PARSER)
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue  # comments
            chars |= set(node.text or "") | set(node.tail or "")
            for value in node.attrib.values():
                # string literals of expressions and attribute values; not the character classes
                # of regular expressions ([\u3400-\u9fff], what matches() looks for)
                chars |= set(re.sub(r"\[[^\]]*\]", "", value))
    chars = {c for c in chars if ord(c) > 127} - {"\u200b"}  # a line-break opportunity, not a glyph
    assert "∅" in chars and "⸌" in chars and len(chars) > 20
    missing = sorted(f"U+{ord(c):04X} {c}" for c in chars if ord(c) not in covered)
    assert missing == []


def _render_in_process(out: Path, tei: Path, env: dict[str, str]) -> None:
    script = (
        "import sys; from pathlib import Path; from teiedit.config import EditionConfig;"
        "from teiedit.render_pdf import PdfRenderer;"
        "r = PdfRenderer(EditionConfig(), Path(sys.argv[1]), font_cache=Path(sys.argv[3]));"
        "assert r.render_article(Path(sys.argv[2])) == [];"
        "v = r.render_volume([Path(sys.argv[2]), Path(sys.argv[4])], Path(sys.argv[1]) / 'volume.pdf');"
        "assert [p.code for p in v] == ['unknown-element'], v"  # editorial.xml's <w>
    )
    import os
    import sys

    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    subprocess.run(
        [sys.executable, "-c", script, str(out), str(tei), str(ROOT / "build" / "fonts"), str(printed_split(tei))],
        check=True,
        env={**clean, **env},
        cwd=ROOT,
    )


def printed_split(tei: Path) -> Path:
    return ROOT / "tests" / "data" / "print" / "editorial.xml" if tei != EDITORIAL_TEI else SEED_TEI


def test_two_builds_at_other_times_and_places_are_byte_identical(printed: Printed, tmp_path: Path) -> None:
    """One TEI, two processes: SOURCE_DATE_EPOCH unset then set, another time zone, a later wall clock.
    The PDFs (an article and a volume) are byte-identical, and dated by the TEI, not by the clock."""
    import time

    _render_in_process(tmp_path / "a", SEED_TEI, {"TZ": "UTC"})
    time.sleep(1.1)  # a second-resolution stamp of the wall clock would differ
    _render_in_process(tmp_path / "b", SEED_TEI, {"TZ": "Pacific/Auckland", "SOURCE_DATE_EPOCH": "1700000000"})
    for name in (printed.seed.name, "volume.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / printed.seed.name).read_bytes() == printed.seed.read_bytes()
    info = run("pdfinfo", "-isodates", str(printed.seed))
    when = etree.parse(str(SEED_TEI), SAFE_PARSER).xpath("//t:change/@when", namespaces=NS)[0]
    assert when == "2026"  # the seed's conversion date: its PDF is dated 2026-01-01 00:00 UTC
    assert re.search(r"CreationDate:\s+2026-01-01T00:00:00Z", info) and re.search(
        r"ModDate:\s+2026-01-01T00:00:00Z", info
    )
    xmp = run("pdfinfo", "-meta", str(printed.seed))
    for name in ("CreateDate", "ModifyDate", "MetadataDate"):
        assert f"<xmp:{name}>2026-01-01T00:00:00Z</xmp:{name}>" in xmp
    import pikepdf

    with pikepdf.open(printed.seed) as doc:
        params = doc.Root.AF[0].EF.F.Params
        assert str(params.CreationDate) == str(params.ModDate) == "D:20260101000000Z"  # not the clock


def test_the_date_is_in_the_file_identifier(printed: Printed, tmp_path: Path) -> None:
    """Another change/@when gives other dates and another /ID (a digest of the file, dates included);
    no time-based /ID from FOP is left (both halves are that digest)."""
    import pikepdf

    renderer = printed.renderer
    ids = []
    for when in ("2026", "2026-03-04"):
        path = _seed_variant(tmp_path / f"{when}.xml", 'who="#teiedit" when="2026"', f'who="#teiedit" when="{when}"')
        assert renderer.render_article(path) == []  # type: ignore[attr-defined]
        with pikepdf.open(renderer.out_dir / "seed-variant.pdf") as doc:  # type: ignore[attr-defined]
            assert str(doc.docinfo.CreationDate) == "D:" + (when + "-01-01")[:10].replace("-", "") + "000000Z"
            assert bytes(doc.trailer.ID[0]) == bytes(doc.trailer.ID[1])
            ids.append(bytes(doc.trailer.ID[0]))
    assert ids[0] != ids[1]


def test_attached_tei_is_the_source_as_tei_xml(printed: Printed) -> None:
    import pikepdf

    for pdf, sources in ((printed.seed, [SEED_TEI]), (printed.volume, printed.volume_sources)):
        raw = pdf.read_bytes()
        # the MIME type as a PDF name: / written #2F (qpdf writes #2f; PDF names are case-blind there)
        assert re.search(rb"/Subtype /application#2[Ff]tei\+xml", raw) and b"octet-stream" not in raw
        with pikepdf.open(pdf) as doc:
            specs = list(doc.Root.AF)
            named = doc.Root.Names.EmbeddedFiles.Names
            assert len(specs) == len(sources) == len(named) // 2
            by_name = {str(spec.UF): spec for spec in specs}
            for source in sources:
                spec = by_name[source.name]
                assert spec.AFRelationship == pikepdf.Name.Source
                stream = spec.EF.F
                assert stream.Subtype == pikepdf.Name("/application/tei+xml")
                assert stream.read_bytes() == source.read_bytes()
                assert int(stream.Params.Size) == len(source.read_bytes())


def test_tagged_pdf_with_tables_and_language_spans(printed: Printed) -> None:
    """Tagged (PDF/A-3a): marked, a structure tree, the parallel text as a table with header cells; the
    document is English, each Chinese block and each Chinese span inside English text is zh-Hans."""
    import pikepdf

    with pikepdf.open(printed.signs) as doc:
        assert doc.Root.MarkInfo.Marked is True
        assert str(doc.Root.Lang) == "en"
        # running heads, "page N of M", the footnote rule: layout artifacts on every page, not content
        for page in doc.pages:
            contents = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
            assert b"/Artifact" in b"".join(c.read_bytes() for c in contents)
    elements = _struct_elements(printed.signs)
    assert [e["S"] for e in elements if e["parent"] == "/Part"] == ["/Sect"]  # the flow only
    kinds = Counter(e["S"] for e in elements)
    assert kinds["/Table"] >= 2 and kinds["/THead"] >= 1 and kinds["/TBody"] >= 2
    assert [e["parent"] for e in elements if e["S"] == "/TH"] == ["/TR", "/TR"]  # 原文 / 译文
    assert all(e["parent"] == "/TR" for e in elements if e["S"] in ("/TD", "/TH"))
    assert all(e["parent"] in ("/THead", "/TBody") for e in elements if e["S"] == "/TR")
    assert kinds["/Note"] == 6 and kinds["/L"] >= 4 and kinds["/Link"] >= 2
    assert {e["Alt"] for e in elements if e["S"] == "/Link"} >= {"Go to en-p1", "Link to https://example.org/mills"}
    # languages: only en and zh-Hans, the marks FOP carried for us are gone
    assert {e["Lang"] for e in elements if "Lang" in e} == {"en", "zh-Hans"}
    assert not [e for e in elements if e.get("E", "").startswith("teiedit-lang:")]
    zh_blocks = [e for e in elements if e.get("Lang") == "zh-Hans" and e["S"] == "/P"]
    zh_spans = [e for e in elements if e.get("Lang") == "zh-Hans" and e["S"] == "/Span"]
    assert len(zh_blocks) >= 5  # titles, the Chinese cells
    # each fo:inline the stylesheet marked Chinese became one zh-Hans span
    fo, _ = printed.renderer.article_fo(SIGNS_TEI)  # type: ignore[attr-defined]
    root = etree.fromstring(fo, SAFE_PARSER)
    inlines = root.xpath("//fo:flow//fo:inline[@xml:lang = 'zh-Hans']", namespaces=FO)
    assert len(inlines) >= 5 and len(zh_spans) == len(inlines)
    # the Chinese word inside an English sentence (TEI foreign) is one of them
    assert root.xpath("//fo:inline[@xml:lang = 'zh-Hans'][. = '问题']", namespaces=FO)


_HUNG_FOP = """
import sys
from teiedit import render_pdf
from teiedit.cli import main

real_render, real_typeset = render_pdf.FopEngine.render, render_pdf.FopEngine._render
calls = []

def render(self, fo, **kw):  # the deadline of each wait: 3 s for the hung first article, then what a
    render_pdf.FOP_TIMEOUT = 3.0 if not calls else 300.0  # loaded machine needs for a real one
    calls.append(1)
    return real_render(self, fo, **kw)

def typeset(self, fo, **kw):  # a hang inside the JVM for the first article (not a Python sleep)
    if len(calls) == 1:
        self._jpype.java.lang.Thread.sleep(600_000)
    return real_typeset(self, fo, **kw)

render_pdf.FopEngine.render = render
render_pdf.FopEngine._render = typeset
main(sys.argv[1:])
"""


def test_a_hung_fop_fails_its_article_by_name_and_never_hangs_the_run(tmp_path: Path) -> None:
    """FOP's JVM cannot be interrupted: the render waits FOP_TIMEOUT, then that article is a `[timeout]`
    error naming the file; the next article is typeset and the process exits (no JVM thread holds it)."""
    reason = _missing_environment()
    if reason:
        pytest.skip(reason)
    import sys
    import time

    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    shutil.copy(SEED_TEI, first)
    second.write_bytes(SEED_TEI.read_bytes().replace(b'xml:id="rmrb-1958-02-10-p05-3fc300c7573022ed"',
                                                     b'xml:id="rmrb-1958-02-10-p05-00000000000000bb"', 1))  # fmt: skip
    t0 = time.monotonic()
    run = subprocess.run([sys.executable, "-c", _HUNG_FOP, "pdf", str(first), str(second), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=240, cwd=ROOT)  # fmt: skip
    took = time.monotonic() - t0
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        f"{first}: error: FOP did not finish typesetting in 3 s (TEIEDIT_FOP_TIMEOUT); no PDF written for this file [timeout]"
        in run.stdout + run.stderr
    )
    made = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert made == ["rmrb-1958-02-10-p05-00000000000000bb.pdf"], run.stdout + run.stderr
    assert "Traceback" not in run.stderr and took < 200
