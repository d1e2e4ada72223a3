"""The static DTS 1.0 endpoint (build/html/dts/): the seed edition through the published URI templates,
served by a plain static server (http.server) and by `teiedit serve`'s query form.

The shapes are checked against what the DTS 1.0 specification requires of each object (the keys and
their types, written out here: no text of the spec is copied), the @context is the spec's own, and,
when the DTS reference library `dapytains` is installed, its reading of the TEI's citeStructure gives
exactly the references the endpoint publishes.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from teiedit.config import EditionConfig
from teiedit.render_html import HtmlRenderer

uritemplate = pytest.importorskip("uritemplate", reason="uritemplate (RFC 6570) is a test dependency")

SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"
ARTICLE = SEED_TEI.stem
CONTEXT = "https://dtsapi.org/context/v1.0.json"
TEI = "http://www.tei-c.org/ns/1.0"
WRAPPER = "{https://w3id.org/api/dts#}wrapper"
NS = {"t": TEI}
SEED = etree.parse(str(SEED_TEI))


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


# ---- the site, and two servers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    problems, failed = HtmlRenderer(EditionConfig(), out).render_site([SEED_TEI])
    assert failed == 0 and not [p for p in problems if p.level >= 2 and p.code.startswith("dts")]
    return out


def _serve(handler: type) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def static(site: Path) -> Iterator[str]:
    """A plain static server (python's http.server): what Level 0 must work with."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    yield from _serve(partial(Quiet, directory=str(site)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """`teiedit serve`'s handler: the static files plus DTS's query form."""
    from teiedit.oai import site_handler

    handler = site_handler(site, EditionConfig())
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    yield from _serve(handler)


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def get_json(url: str) -> dict:
    status, _, body = get(url)
    assert status == 200, url
    return json.loads(body)


@pytest.fixture(scope="module")
def entry(static: str) -> dict:
    return get_json(f"{static}/dts/index.json")


def expand(server: str, template: str, **values: object) -> str:
    """A template of the endpoint (root-relative) expanded by RFC 6570 against the server."""
    return server + uritemplate.expand(template, {k: str(v) for k, v in values.items()})


# ---- the shapes the spec requires (keys and types) -------------------------------------------------


def check_collection(obj: dict, top: bool = True) -> None:
    assert obj["@type"] in ("Collection", "Resource")
    assert isinstance(obj["@id"], str) and obj["@id"]
    assert isinstance(obj["title"], str) and obj["title"]
    assert isinstance(obj["totalParents"], int)
    assert isinstance(obj["collection"], str) and "{" in obj["collection"]
    if obj["@type"] == "Collection":
        assert isinstance(obj["totalChildren"], int)
    else:
        check_resource(obj)
    if top:
        assert obj["@context"] == CONTEXT and obj["dtsVersion"] == "1.0"
    for member in obj.get("member", []):
        check_collection(member, top=False)
    if "dublinCore" in obj:
        for key, value in obj["dublinCore"].items():  # a MetadataObject: literals, or arrays of them / of {lang, value}
            values = value if isinstance(value, list) else [value]
            for v in values:
                assert isinstance(v, str | int | float) or set(v) == {"lang", "value"}, (key, v)


def check_resource(obj: dict) -> None:
    assert obj["@type"] == "Resource"
    for key in ("collection", "navigation", "document"):
        assert isinstance(obj[key], str) and "{" in obj[key]
    assert isinstance(obj["citationTrees"], list)
    for k, tree in enumerate(obj["citationTrees"]):
        assert tree["@type"] == "CitationTree"
        assert ("identifier" in tree) == (k > 0)  # the default tree (the first) has no identifier
        _check_cite_structures(tree["citeStructure"])


def _check_cite_structures(structures: list) -> None:
    for cs in structures:
        assert isinstance(cs["citeType"], str) and cs["citeType"]
        _check_cite_structures(cs.get("citeStructure", []))


def check_unit(unit: dict) -> None:
    assert unit["@type"] == "CitableUnit"
    assert isinstance(unit["identifier"], str) and unit["identifier"]
    assert isinstance(unit["level"], int) and unit["level"] >= 1
    assert unit["parent"] is None or isinstance(unit["parent"], str)
    assert (unit["parent"] is None) == (unit["level"] == 1)


def check_navigation(nav: dict) -> None:
    assert nav["@context"] == CONTEXT and nav["dtsVersion"] == "1.0" and nav["@type"] == "Navigation"
    assert isinstance(nav["@id"], str)
    check_resource(nav["resource"])
    for key in ("ref", "start", "end"):
        if key in nav:
            check_unit(nav[key])
    for unit in nav.get("member", []):
        check_unit(unit)
    ids = [u["identifier"] for u in nav.get("member", [])]
    assert len(ids) == len(set(ids))


def test_the_spec_context_defines_every_term_the_endpoint_uses(site: Path) -> None:
    """Every key of every JSON response (outside dublinCore, whose keys are Dublin Core terms) is a term
    the DTS 1.0 context (https://dtsapi.org/context/v1.0.json) defines, or one of JSON-LD's @ keys; the
    terms are written out here from that context (no file of the spec is kept in the repository)."""
    terms = {"CitableUnit", "CitationTree", "CiteStructure", "Collection", "EntryPoint", "Navigation",
             "Resource", "citationTrees", "citeStructure", "description", "dublinCore", "extensions", "member",
             "ref", "resource", "start", "end", "title", "view", "citeType", "collection", "document", "download",
             "dtsVersion", "identifier", "level", "mediaTypes", "navigation", "parent", "totalChildren",
             "totalParents", "lang", "value"}  # fmt: skip
    seen: set[str] = set()

    def walk(value: object, under_dc: bool) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if not under_dc:
                    seen.add(k)
                walk(v, k == "dublinCore" or (under_dc and k not in ("lang", "value")))
        elif isinstance(value, list):
            for v in value:
                walk(v, under_dc)

    files = sorted((site / "dts").rglob("*.json"))
    assert len(files) > 100
    for path in files:
        walk(json.loads(path.read_text("utf-8")), False)
    assert {k for k in seen if not k.startswith("@")} <= terms
    assert {k for k in seen if k.startswith("@")} <= {"@context", "@id", "@type"}


# ---- entry point and collections ------------------------------------------------------------------


def test_entry_point(entry: dict) -> None:
    assert entry["@context"] == CONTEXT and entry["dtsVersion"] == "1.0" and entry["@type"] == "EntryPoint"
    assert entry["@id"] == "/dts/index.json"
    assert entry["collection"] == "/dts/collection{/id}{;nav}.json"
    assert entry["navigation"] == "/dts/resources/{resource}/navigation{;tree,down}{/ref}.json"
    assert entry["document"] == "/dts/resources/{resource}/document{;tree}{/ref}.xml"


def test_collections_root_year_day_article_through_the_templates(static: str, entry: dict) -> None:
    root = get_json(expand(static, entry["collection"]))
    check_collection(root)
    assert (root["@id"], root["totalParents"], root["totalChildren"]) == ("edition", 0, 1)
    [year] = root["member"]
    assert (year["@id"], year["@type"], year["totalChildren"]) == ("1958", "Collection", 1)
    year = get_json(expand(static, entry["collection"], id="1958"))
    check_collection(year)
    [day] = year["member"]
    assert (day["@id"], day["totalParents"], day["totalChildren"]) == ("1958-02-10", 1, 1)
    day = get_json(expand(static, day["collection"]))  # a member's own template
    check_collection(day)
    [article] = day["member"]
    assert article["@id"] == ARTICLE and article["@type"] == "Resource"
    resource = get_json(expand(static, entry["collection"], id=ARTICLE))
    check_collection(resource)
    assert {k: v for k, v in resource.items() if k not in ("@context", "dtsVersion")} == article
    dc = resource["dublinCore"]
    assert dc["title"] == [{"lang": "zh-Hans", "value": "在生产中同群众打成一片"},
                           {"lang": "en", "value": "Integrating with the Masses in Production"}]  # fmt: skip
    assert dc["creator"] == [{"lang": "zh-Hans", "value": "静宇"}, {"lang": "en", "value": "Jing Yu"}]
    assert dc["date"] == "1958-02-10" and dc["language"] == ["zh-Hans", "en"]
    assert resource["mediaTypes"] == ["application/tei+xml"]
    assert [t.get("identifier") for t in resource["citationTrees"]] == [None, "en", "beads"]
    assert resource["citationTrees"][0]["citeStructure"] == [
        {"@type": "CiteStructure", "citeType": "paragraph",
         "citeStructure": [{"@type": "CiteStructure", "citeType": "sentence"}]}]  # fmt: skip
    status, _, tei = get(static + resource["download"])
    assert status == 200 and etree.fromstring(tei).get("{http://www.w3.org/XML/1998/namespace}id") == ARTICLE


def test_parents(static: str, entry: dict) -> None:
    parents = get_json(expand(static, entry["collection"], id=ARTICLE, nav="parents"))
    check_collection(parents)
    assert [m["@id"] for m in parents["member"]] == ["1958-02-10"]
    assert [m["@id"] for m in get_json(expand(static, entry["collection"], id="1958-02-10", nav="parents"))["member"]] == ["1958"]
    assert [m["@id"] for m in get_json(expand(static, entry["collection"], id="1958", nav="parents"))["member"]] == ["edition"]


# ---- navigation -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resource(static: str, entry: dict) -> dict:
    return get_json(expand(static, entry["collection"], id=ARTICLE))


def nav(static: str, resource: dict, **values: object) -> dict:
    result = get_json(expand(static, resource["navigation"], **values))
    check_navigation(result)
    return result


def test_navigation_of_the_chinese_tree_down_to_sentences(static: str, resource: dict) -> None:
    top = nav(static, resource, down=1)
    paragraphs = SEED.xpath("//t:div[@xml:id='zh']/t:p", namespaces=NS)
    assert [u["identifier"] for u in top["member"]] == [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in paragraphs]
    assert {(u["level"], u["parent"], u["citeType"]) for u in top["member"]} == {(1, None, "paragraph")}
    assert "ref" not in top
    both = nav(static, resource, down=2)["member"]
    expected = []
    for p in paragraphs:
        pid = p.get("{http://www.w3.org/XML/1998/namespace}id")
        expected.append((pid, 1, None, "paragraph"))
        expected += [(f"{pid}.{s.get('{http://www.w3.org/XML/1998/namespace}id')}", 2, pid, "sentence")
                     for s in p.xpath("t:s", namespaces=NS)]  # fmt: skip
    assert [(u["identifier"], u["level"], u["parent"], u["citeType"]) for u in both] == expected
    assert len([u for u in both if u["level"] == 2]) == 24
    assert nav(static, resource, down=-1)["member"] == both


def test_navigation_of_one_paragraph_and_one_sentence(static: str, resource: dict) -> None:
    para = nav(static, resource, ref="zh-p2", down=1)
    assert para["ref"]["identifier"] == "zh-p2"
    sentences = [s.get("{http://www.w3.org/XML/1998/namespace}id") for s in SEED.xpath("//t:p[@xml:id='zh-p2']/t:s", namespaces=NS)]
    assert [u["identifier"] for u in para["member"]] == ["zh-p2"] + [f"zh-p2.{s}" for s in sentences]
    alone = nav(static, resource, ref="zh-p2")
    assert alone["ref"] == para["ref"] and "member" not in alone
    sentence = nav(static, resource, ref="zh-p2.zh-p2-s1")
    assert sentence["ref"] == {"identifier": "zh-p2.zh-p2-s1", "@type": "CitableUnit", "level": 2,
                               "parent": "zh-p2", "citeType": "sentence"}  # fmt: skip


def test_navigation_of_the_english_tree(static: str, resource: dict) -> None:
    units = nav(static, resource, tree="en", down=2)["member"]
    assert units[0]["identifier"] == "en-p1" and units[1]["identifier"] == "en-p1.en-p1-s1"
    assert len([u for u in units if u["citeType"] == "sentence"]) == 24
    assert nav(static, resource, tree="en", ref="en-p3", down=1)["member"][0]["identifier"] == "en-p3"


def test_navigation_of_the_bead_tree(static: str, resource: dict) -> None:
    beads = nav(static, resource, tree="beads", down=1)["member"]
    links = SEED.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    assert [u["identifier"] for u in beads] == [str(k) for k in range(1, 25)] and len(links) == 24
    assert all(u["citeType"] == "bead" and u["dublinCore"] == {"type": [link.get("type")]} for u, link in zip(beads, links, strict=True))
    assert nav(static, resource, tree="beads", ref="3")["ref"]["identifier"] == "3"


# ---- documents ------------------------------------------------------------------------------------


def fragment(static: str, resource: dict, **values: object) -> etree._Element:
    status, _, body = get(expand(static, resource["document"], **values))
    assert status == 200
    root = etree.fromstring(body)
    assert root.tag == f"{{{TEI}}}TEI"
    [wrapper] = root
    assert wrapper.tag == WRAPPER
    return wrapper


def test_a_bead_fragment_holds_both_sides(static: str, resource: dict) -> None:
    link = SEED.xpath("//t:linkGrp[@type='alignment']/t:link", namespaces=NS)[2]
    wrapper = fragment(static, resource, tree="beads", ref="3")
    assert wrapper[0].tag == f"{{{TEI}}}link" and wrapper[0].get("target") == link.get("target")
    sentences = wrapper.findall("t:s", NS)
    targets = [t[1:] for t in link.get("target").split()]
    assert [s.get("{http://www.w3.org/XML/1998/namespace}id") for s in sentences] == targets
    assert [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in sentences] == ["zh-Hans", "en"]
    for s in sentences:
        original = SEED.xpath(f"//t:s[@xml:id='{s.get('{http://www.w3.org/XML/1998/namespace}id')}']", namespaces=NS)[0]
        assert _text(s) == _text(original)


def test_every_sentence_fragment_has_the_text_of_the_tei(static: str, resource: dict) -> None:
    for tree, div in ((None, "zh"), ("en", "en")):
        for s in SEED.xpath(f"//t:div[@xml:id='{div}']//t:s", namespaces=NS):
            sid = s.get("{http://www.w3.org/XML/1998/namespace}id")
            ref = f"{s.getparent().get('{http://www.w3.org/XML/1998/namespace}id')}.{sid}"
            values = {"ref": ref} | ({"tree": tree} if tree else {})
            [copy] = fragment(static, resource, **values)
            assert copy.get("{http://www.w3.org/XML/1998/namespace}id") == sid and _text(copy) == _text(s)


def test_a_paragraph_fragment_and_the_whole_document(static: str, resource: dict) -> None:
    [p] = fragment(static, resource, ref="zh-p1")
    assert _text(p) == _text(SEED.xpath("//t:p[@xml:id='zh-p1']", namespaces=NS)[0])
    status, _, body = get(expand(static, resource["document"]))
    whole = etree.fromstring(body)
    assert status == 200 and whole.get("{http://www.w3.org/XML/1998/namespace}id") == ARTICLE
    assert etree.tostring(whole.find("t:text", NS)) == etree.tostring(SEED.getroot().find("t:text", NS))
    assert b'href="../../../schema/teiedit.rng"' in body  # the site's schema copy, from this folder


# ---- teiedit serve: the query form ----------------------------------------------------------------


def test_serve_answers_the_query_form(served: str, static: str, resource: dict) -> None:
    status, kind, body = get(f"{served}/dts/navigation?resource={ARTICLE}&down=2")
    assert status == 200 and kind == "application/ld+json"
    answer = json.loads(body)
    check_navigation(answer)
    assert answer["member"] == nav(static, resource, down=2)["member"]
    siblings = json.loads(get(f"{served}/dts/navigation?resource={ARTICLE}&ref=zh-p2.zh-p2-s2&down=0")[2])
    assert [u["identifier"] for u in siblings["member"]][:2] == ["zh-p2.zh-p2-s1", "zh-p2.zh-p2-s2"]
    leaf = json.loads(get(f"{served}/dts/navigation?resource={ARTICLE}&tree=beads&ref=5&down=1")[2])
    assert [u["identifier"] for u in leaf["member"]] == ["5"]  # no unit below: only the ref itself
    status, kind, body = get(f"{served}/dts/document?resource={ARTICLE}&tree=beads&ref=3")
    assert (status, kind) == (200, "application/tei+xml")
    for media in ("application/tei%2Bxml", "application/tei+xml"):  # encoded, and as typed into a browser
        assert get(f"{served}/dts/document?resource={ARTICLE}&tree=beads&ref=3&mediaType={media}")[2] == body
    assert body == get(expand(static, resource["document"], tree="beads", ref="3"))[2]
    collection = json.loads(get(f"{served}/dts/collection?id=1958")[2])
    check_collection(collection)
    assert get(f"{served}/dts/collection")[0] == 200
    status, kind, _ = get(f"{served}/dts/resources/{ARTICLE}/navigation;down=1.json")
    assert (status, kind) == (200, "application/ld+json")
    status, kind, _ = get(f"{served}/tei/{ARTICLE}.xml")  # outside dts/: the server's usual types
    assert status == 200 and kind != "application/tei+xml"


# the query-form errors the spec asks for (also asked of the README's nginx and Apache rewrites: test_dts_rewrite)
ERRORS = [
    ("navigation?down=1", 400),  # no resource
    (f"navigation?resource={ARTICLE}", 400),  # neither ref nor down
    (f"navigation?resource={ARTICLE}&down=0", 400),
    (f"navigation?resource={ARTICLE}&start=zh-p1&end=zh-p2", 400),  # not at Level 0
    (f"navigation?resource={ARTICLE}&ref=zh-p1&start=zh-p1&end=zh-p2", 400),
    (f"navigation?resource={ARTICLE}&down=1&tree=fr", 404),
    (f"navigation?resource={ARTICLE}&ref=zh-p99", 404),
    ("navigation?resource=nobody&down=1", 404),
    (f"document?resource={ARTICLE}&ref=zh-p99", 404),
    (f"document?resource={ARTICLE}&mediaType=text/html", 404),
    ("document", 400),
    ("collection?id=nothing", 404),
]  # fmt: skip


@pytest.mark.parametrize(("query", "status"), ERRORS)
def test_serve_errors_as_the_spec_says(served: str, query: str, status: int) -> None:
    assert get(f"{served}/dts/{query}")[0] == status


# ---- the reference library, determinism, scale ----------------------------------------------------


def test_the_dts_reference_library_reads_the_same_references(static: str, resource: dict) -> None:
    """dapytains (the DTS project's Python library; installed with --no-deps by `make test`, as it pins
    another saxonche) resolves the TEI's citeStructure to the references the endpoint publishes."""
    document = pytest.importorskip("dapytains.tei.document", reason="dapytains is not installed").Document

    doc = document(str(SEED_TEI))
    assert doc.default_tree == "zh"

    def flat(units: list) -> list[tuple]:
        return [x for u in units for x in [(u.ref, u.level, u.parent, u.citeType), *flat(u.children)]]

    for tree, values in (("zh", {}), ("en", {"tree": "en"}), ("beads", {"tree": "beads"})):
        published = nav(static, resource, down=-1, **values)["member"]
        assert flat(doc.get_reffs(tree)) == [(u["identifier"], u["level"], u["parent"], u["citeType"]) for u in published]


def test_the_files_are_byte_identical_when_made_again(site: Path, tmp_path: Path) -> None:
    HtmlRenderer(EditionConfig(), tmp_path).render_site([SEED_TEI])
    ours = {p.relative_to(site): p.read_bytes() for p in (site / "dts").rglob("*") if p.is_file()}
    again = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "dts").rglob("*") if p.is_file()}
    assert ours == again


def test_files_per_article_and_the_cap(site: Path, tmp_path: Path) -> None:
    """Every level: 185 files in the article's folder; dts_unit_depth = 1 (paragraphs and beads) and 0
    (the trees only) cap them, and the capped units' files are not there."""
    folder = site / "dts" / "resources" / ARTICLE
    assert len([p for p in folder.rglob("*") if p.is_file()]) == 185
    for depth, count in ((1, 89), (0, 11)):
        out = tmp_path / str(depth)
        HtmlRenderer(replace(EditionConfig(), dts_unit_depth=depth), out).render_site([SEED_TEI])
        capped = out / "dts" / "resources" / ARTICLE
        assert len([p for p in capped.rglob("*") if p.is_file()]) == count
        assert (capped / "navigation;down=-1.json").is_file()
        assert (capped / "document" / "zh-p1.xml").is_file() == (depth == 1)
        assert not (capped / "document" / "zh-p1.zh-p1-s1.xml").exists()


def test_base_url_makes_the_templates_absolute(tmp_path: Path) -> None:
    HtmlRenderer(replace(EditionConfig(), base_url="https://edition.example.org/rmrb"), tmp_path).render_site([SEED_TEI])
    entry = json.loads((tmp_path / "dts" / "index.json").read_text("utf-8"))
    assert entry["navigation"] == "https://edition.example.org/rmrb/dts/resources/{resource}/navigation{;tree,down}{/ref}.json"
    resource = json.loads((tmp_path / "dts" / "collection" / f"{ARTICLE}.json").read_text("utf-8"))
    assert resource["download"] == f"https://edition.example.org/rmrb/tei/{ARTICLE}.xml"


def test_a_removed_article_leaves_no_collection_files(site: Path, tmp_path: Path) -> None:
    from teiedit import dts

    HtmlRenderer(EditionConfig(), tmp_path).render_site([SEED_TEI])
    dts.remove_article(tmp_path, ARTICLE)
    assert not (tmp_path / "dts" / "resources" / ARTICLE).exists()
    problems = dts.write_collections([], tmp_path, EditionConfig())
    assert problems == []
    assert sorted(p.name for p in (tmp_path / "dts" / "collection").iterdir()) == ["edition.json", "edition;nav=parents.json"]
    assert json.loads((tmp_path / "dts" / "collection.json").read_text("utf-8"))["member"] == []


# ---- in the build: incremental, removal, shards ---------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two sources (the seed under two source ids); the real html stage, the fakes' validate and pdf."""
    import shutil

    from conftest import SEED

    (tmp_path / "seeds").mkdir()
    for k, sid in enumerate(("0123456789abcdef", "fedcba9876543210")):
        shutil.copy(SEED, tmp_path / "seeds" / f"{k:03d}_{sid}.txt")
    for name in ("fake-schema.rng", "fake-print.xsl"):
        (tmp_path / name).write_text(f"<!-- {name} -->\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _options(**kw: object):
    from build_fakes import ENGINES
    from teiedit.build import BuildOptions

    engines = dict(ENGINES) | {"html": BuildOptions().engines["html"]}
    base = BuildOptions(jobs=1, progress=False, engines=engines, stages=("convert", "validate", "html", "index"))
    return replace(base, **kw)  # type: ignore[arg-type]


def _dts_files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in (root / "dts").rglob("*") if p.is_file()}


def test_the_build_writes_dts_incrementally_and_removes_a_deleted_article(project: Path) -> None:
    from teiedit.build import build

    report = build(_options(), EditionConfig())
    assert not [p for p in report.problems if p.level >= 2], report.problems
    html = project / "build" / "html"
    ids = sorted(p.stem for p in (project / "tei").glob("*.xml"))
    day = json.loads((html / "dts" / "collection" / "1958-02-10.json").read_text("utf-8"))
    assert [m["@id"] for m in day["member"]] == ids and day["totalChildren"] == 2
    before = _dts_files(html)
    assert build(_options(), EditionConfig()).nothing_to_do
    assert _dts_files(html) == before  # nothing rewritten
    gone = ids[0]
    next(project.glob(f"seeds/*_{gone.rsplit('-', 1)[1]}.txt")).unlink()
    (project / "tei" / f"{gone}.xml").unlink()
    build(_options(), EditionConfig())
    assert not (html / "dts" / "resources" / gone).exists()
    assert not list((html / "dts" / "collection").glob(f"{gone}*"))
    day = json.loads((html / "dts" / "collection" / "1958-02-10.json").read_text("utf-8"))
    assert [m["@id"] for m in day["member"]] == ids[1:]


def test_shards_write_their_articles_and_gather_the_collections(project: Path) -> None:
    from teiedit.build import build

    for k in (1, 2):
        build(_options(shard=(k, 2)), EditionConfig())
    html = project / "build" / "html"
    assert len(list((html / "dts" / "resources").iterdir())) == 2
    assert not (html / "dts" / "collection.json").exists()  # the collection level is --gather's
    report = build(_options(gather=True, stages=("index",)), EditionConfig())
    assert [s.done for s in report.stages] == [1]
    day = json.loads((html / "dts" / "collection" / "1958-02-10.json").read_text("utf-8"))
    assert day["totalChildren"] == 2 and len(day["member"]) == 2


def test_serve_answers_what_the_cap_left_out(site: Path, tmp_path: Path) -> None:
    """With dts_unit_depth = 0 the static files stop at the trees; `teiedit serve` still answers every
    unit, the same bytes and listings as the full site's static files."""
    from teiedit.oai import site_handler

    HtmlRenderer(replace(EditionConfig(), dts_unit_depth=0), tmp_path).render_site([SEED_TEI])
    handler = site_handler(tmp_path, EditionConfig())
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    full = site / "dts" / "resources" / ARTICLE
    for server in _serve(handler):
        status, _, body = get(f"{server}/dts/document?resource={ARTICLE}&ref=zh-p2.zh-p2-s3")
        assert status == 200 and body == (full / "document" / "zh-p2.zh-p2-s3.xml").read_bytes()
        status, _, body = get(f"{server}/dts/document?resource={ARTICLE}&tree=beads&ref=7")
        assert status == 200 and body == (full / "document;tree=beads" / "7.xml").read_bytes()
        nav = json.loads(get(f"{server}/dts/navigation?resource={ARTICLE}&tree=en&ref=en-p2&down=1")[2])
        static = json.loads((full / "navigation;tree=en;down=1" / "en-p2.json").read_text("utf-8"))
        assert nav["member"] == static["member"] and nav["ref"] == static["ref"]
        assert get(f"{server}/dts/document?resource={ARTICLE}&ref=zh-p2.zh-p2-s99")[0] == 404


def test_a_killed_build_leaves_no_dts_staging(project: Path) -> None:
    """What a kill between writing an article's folder and swapping it in leaves, the next build sweeps."""
    from teiedit.build import build

    build(_options(), EditionConfig())
    resources = project / "build" / "html" / "dts" / "resources"
    article = next(resources.iterdir())
    (resources / f".{article.name}.k2x_9a.tmp").mkdir()  # DtsWriter's staging (tempfile.mkdtemp)
    os.replace(article, resources / f".{article.name}.old")  # cut between swap_dir's two renames
    report = build(_options(), EditionConfig())
    assert any(p.code == "staging-healed" for p in report.problems)
    assert sorted(p.name for p in resources.iterdir()) == sorted(p.stem for p in (project / "tei").glob("*.xml"))
    assert (article / "resource.json").is_file()
