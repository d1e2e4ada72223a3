"""Browse by date: every article reachable from dates/index.html, counts, neighbours, stale pages removed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag

import pytest
from lxml import html

from search_site import SEED_ID, convert_corpus
from teiedit.browse import article_navigation, day_page_url, write_date_pages
from teiedit.meta import read_meta


@pytest.fixture(scope="module")
def metas(tmp_path_factory: pytest.TempPathFactory) -> list:
    return [read_meta(p) for p in convert_corpus(tmp_path_factory.mktemp("tei"))]


@pytest.fixture(scope="module")
def site(metas: list, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    assert write_date_pages(metas, out) == []
    return out


def crawl(site: Path) -> tuple[set[str], set[Path]]:
    """Follow links from dates/index.html within dates/; return the article ids reached and pages seen."""
    seen: set[Path] = set()
    articles: set[str] = set()
    todo = [site / "dates" / "index.html"]
    while todo:
        page = todo.pop().resolve()
        if page in seen:
            continue
        seen.add(page)
        doc = html.parse(str(page))
        for href in doc.xpath("//a/@href"):
            target = (page.parent / urldefrag(href)[0]).resolve()
            if "/articles/" in target.as_posix():
                articles.add(target.stem)
            elif "/dates/" in target.as_posix() and target.suffix == ".html":
                assert target.is_file(), f"{page}: broken link {href}"
                todo.append(target)
    return articles, seen


def test_every_article_is_reachable_from_the_date_pages(site: Path, metas: list) -> None:
    articles, pages = crawl(site)
    assert articles == {m.id for m in metas}
    # dates/index, 2 years, 3 months, 3 days
    assert len(pages) == 1 + 2 + 3 + 3


def test_pages_carry_counts_and_group_by_newspaper_page(site: Path) -> None:
    top = html.parse(str(site / "dates" / "index.html"))
    assert "4 articles" in top.xpath("string(//p[@class='count-total'])")
    year = html.parse(str(site / "dates" / "1958" / "index.html"))
    lists = year.xpath("//main//ul[@class='dates-list']/li")
    assert [" ".join(li.xpath(".//span[@class='ui-en']/text()")) for li in lists] == [
        "February 2 articles",
        "March 1 article",
    ]
    assert [" ".join(li.xpath(".//span[@class='ui-zh']/text()")) for li in lists] == ["二月 共 2 篇", "三月 共 1 篇"]
    day = html.parse(str(site / "dates" / "1958" / "02" / "10.html"))
    assert day.xpath("//section/@id") == ["page-3", "page-5"]
    assert day.xpath("//section[@id='page-5']//li/@data-article") == [SEED_ID]
    assert day.xpath("string(//section[@id='page-5']//span[@class='title-zh'])") == "在生产中同群众打成一片"
    assert day.xpath("//html/@lang") == ["en"]
    # the site's shell: the search box (relative to dates/1958/02/) and the interface switch
    assert day.xpath("//header//form[@role='search']/@action") == ["../../../search.html"]
    assert day.xpath("//header//form//input/@name") == ["q"]
    assert day.xpath("//button[@id='ed-ui-switch']")


def test_navigation_by_date_and_page(metas: list) -> None:
    nav = article_navigation(metas)
    seed = nav[SEED_ID]
    assert seed.prev_id == "rmrb-1958-02-10-p03-workshop-1958-02-10"  # same day, page 3 before page 5
    assert seed.next_id == "rmrb-1958-03-02-p02-plough-1958-03-02"
    assert seed.day_url == "dates/1958/02/10.html#page-5"
    first = min(metas, key=lambda m: m.sort_key)
    assert nav[first.id].prev_id is None
    assert day_page_url(first).startswith("dates/1958/02/10.html")


def test_pages_of_dates_without_articles_are_removed(metas: list, tmp_path: Path) -> None:
    write_date_pages(metas, tmp_path)
    assert (tmp_path / "dates" / "1959" / "10" / "01.html").is_file()
    write_date_pages([m for m in metas if not m.date.startswith("1959")], tmp_path)
    assert not (tmp_path / "dates" / "1959" / "10" / "01.html").exists()
    assert not (tmp_path / "dates" / "1959" / "index.html").exists()


def test_output_is_deterministic(metas: list, tmp_path: Path) -> None:
    write_date_pages(metas, tmp_path / "a")
    write_date_pages(list(reversed(metas)), tmp_path / "b")
    for page in (tmp_path / "a").rglob("*.html"):
        assert page.read_bytes() == (tmp_path / "b" / page.relative_to(tmp_path / "a")).read_bytes()


def test_cli_browse(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from teiedit.cli import main

    convert_corpus(tmp_path / "tei")
    result = CliRunner().invoke(main, ["browse", str(tmp_path / "tei"), "-o", str(tmp_path / "html")])
    assert result.exit_code == 0, result.output
    assert "4 articles" in result.output
    assert (tmp_path / "html" / "dates" / "1958" / "02" / "10.html").is_file()
