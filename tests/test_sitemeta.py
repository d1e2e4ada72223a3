"""sitemap.xml (an index of per-year sitemaps) and CITATION.cff in the site (issue 16 §3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from search_site import SEED_ID, convert_corpus
from teiedit.browse import write_date_pages
from teiedit.config import EditionConfig
from teiedit.meta import read_meta, safe_parser
from teiedit.sitemeta import citation_cff

SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://edition.example.org/rmrb/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("sitemeta")
    metas = [read_meta(p) for p in convert_corpus(base / "tei")]
    config = EditionConfig(base_url=BASE, editors=("Jane Doe", "王二"), date="2026-12-01")
    assert write_date_pages(metas, base / "html", config) == []
    return base / "html"


def test_sitemap_index_points_at_one_sitemap_per_year(site: Path) -> None:
    index = etree.parse(str(site / "sitemap.xml"), safe_parser())
    locs = index.xpath("/s:sitemapindex/s:sitemap/s:loc/text()", namespaces=SM)
    assert locs == [f"{BASE}sitemaps/{n}.xml" for n in ("1958", "1959", "site")]
    year = etree.parse(str(site / "sitemaps" / "1958.xml"), safe_parser())
    urls = year.xpath("/s:urlset/s:url/s:loc/text()", namespaces=SM)
    assert f"{BASE}articles/{SEED_ID}.html" in urls and len(urls) == 3
    assert all("1959" not in u for u in urls)


def test_a_year_without_articles_loses_its_sitemap(site: Path, tmp_path: Path) -> None:
    metas = [read_meta(p) for p in convert_corpus(tmp_path / "tei")]
    config = EditionConfig(base_url=BASE)
    write_date_pages(metas, tmp_path / "html", config)
    write_date_pages([m for m in metas if not m.date.startswith("1959")], tmp_path / "html", config)
    assert not (tmp_path / "html" / "sitemaps" / "1959.xml").exists()
    assert "1959" not in (tmp_path / "html" / "sitemap.xml").read_text(encoding="utf-8")


def test_no_sitemap_without_a_base_url(tmp_path: Path) -> None:
    metas = [read_meta(p) for p in convert_corpus(tmp_path / "tei")]
    write_date_pages(metas, tmp_path / "html", EditionConfig())
    assert not (tmp_path / "html" / "sitemap.xml").exists()
    assert (tmp_path / "html" / "CITATION.cff").is_file()  # a citation needs no URL


def parse_cff(text: str) -> dict[str, object]:
    yaml = pytest.importorskip("yaml", reason="PyYAML not installed (the line checks above still run)")
    return yaml.safe_load(text)


def test_citation_cff_from_edition_toml(site: Path) -> None:
    text = (site / "CITATION.cff").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "cff-version: 1.2.0"
    for key in ("message", "title", "type", "abstract", "license", "url", "date-released"):
        assert any(line.startswith(f"{key}: ") for line in lines), key
    values = {k: json.loads(v) for k, _, v in (line.partition(": ") for line in lines) if v.startswith('"')}
    assert values["title"] == EditionConfig().title
    assert values["license"] == "CC-BY-4.0" and values["url"] == BASE and values["date-released"] == "2026-12-01"
    assert '  - given-names: "Jane"' in lines and '    family-names: "Doe"' in lines
    assert '  - name: "王二"' in lines


def test_citation_cff_parses_as_yaml() -> None:
    data = parse_cff(citation_cff(EditionConfig(editors=("Jane Doe",))).decode("utf-8"))
    assert data["cff-version"] == "1.2.0" and data["authors"] == [{"given-names": "Jane", "family-names": "Doe"}]
