"""Shared fixtures: paths, the seed's TEI, and TEI's tei_all schema (compiled once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles"
SEED = ROOT / "seeds" / "000_3fc300c7573022ed.txt"
TEI_ALL = ROOT.parent / "shared" / "reference" / "tei_all.rng"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    if not TEI_ALL.is_file():
        pytest.skip(f"TEI reference schema not found at {TEI_ALL} (../shared/reference/tei_all.rng)")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture(scope="session")
def seed_tei_bytes() -> bytes:
    from teiedit.config import EditionConfig
    from teiedit.convert import tei_bytes
    from teiedit.parse import parse_article

    article, problems = parse_article(SEED)
    assert article is not None, problems
    return tei_bytes(article, EditionConfig())


@pytest.fixture(scope="session")
def seed_tei(seed_tei_bytes: bytes) -> etree._Element:
    return etree.fromstring(seed_tei_bytes, SAFE_PARSER)
