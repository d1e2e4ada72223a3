"""Shared fixtures: paths, the seed's TEI, and TEI's tei_all schema (compiled once per session)."""

from __future__ import annotations

from collections.abc import Iterator
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
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright cannot download its own browser here
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip



def fixture_generator(name: str) -> object:
    """tests/data/NAME.py loaded as a module (the scripts that write committed fixtures, e.g. make_invalid)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for every browser test (skipped, saying why, when it cannot run)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (Debian package chromium, see scripts/system-deps.sh)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The test module's `site` under `teiedit serve` on 127.0.0.1, as a reader previews it."""
    from search_site import teiedit_serve

    with teiedit_serve(site) as url:
        yield url


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
