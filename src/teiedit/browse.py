"""Browse by date: year → month → day pages with counts, and each article's neighbours by (date, page).

No page lists the whole run: `dates/index.html` lists years, a year page its months, a month page its
days, a day page the day's articles by newspaper page. The pages come from `xslt/html/dates.xsl`,
run once per year over a small XML of records (ArticleMeta), so memory follows one year's articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .config import EditionConfig, load_config
from .fsutil import data_dir, write_atomic
from .meta import ArticleMeta
from .problems import Level, Problem
from .sitemeta import write_site_metadata
from .xmlsafe import parse_bytes

DATES_XSL = data_dir("xslt") / "html" / "dates.xsl"


def _date_parts(meta: ArticleMeta) -> tuple[str, str, str] | None:
    d = meta.date
    if len(d) == 10 and d[4] == "-" and d[7] == "-" and d.replace("-", "").isdigit():
        return d[:4], d[5:7], d[8:10]
    return None


def day_page_url(meta: ArticleMeta) -> str:
    """The day page of an article, relative to the site root: `dates/1958/02/10.html`."""
    parts = _date_parts(meta)
    if parts is None:
        return "dates/index.html"
    y, m, d = parts
    return f"dates/{y}/{m}/{d}.html#page-{meta.page}"


@dataclass(frozen=True)
class ArticleNav:
    """Where an article page links to: previous and next article by (date, page), and its day page."""

    prev_id: str | None
    next_id: str | None
    day_url: str  # relative to the site root


def article_navigation(metas: Sequence[ArticleMeta]) -> dict[str, ArticleNav]:
    """Neighbours of every article in (date, page, id) order, for the article template."""
    ordered = sorted(metas, key=lambda m: m.sort_key)
    nav: dict[str, ArticleNav] = {}
    for i, m in enumerate(ordered):
        nav[m.id] = ArticleNav(
            prev_id=ordered[i - 1].id if i > 0 else None,
            next_id=ordered[i + 1].id if i + 1 < len(ordered) else None,
            day_url=day_page_url(m),
        )
    return nav


class DatePageWriter:
    """Compiles dates.xsl once; writes the date pages of a set of articles in the site's page shell."""

    def __init__(self, config: EditionConfig | None = None) -> None:
        from saxonche import PySaxonProcessor

        from .render_html import edition_params

        self._proc = PySaxonProcessor(license=False)
        self._xslt = self._proc.new_xslt30_processor()
        self._exe = self._xslt.compile_stylesheet(stylesheet_file=str(DATES_XSL))
        if self._exe is None:  # pragma: no cover - a broken installation
            raise RuntimeError(f"cannot compile {DATES_XSL}: {self._xslt.error_message}")
        for name, value in edition_params(config if config is not None else load_config()).items():
            self._exe.set_parameter(name, self._proc.make_string_value(value))

    def _run(self, doc: etree._Element, out_dir: Path) -> list[str]:
        xml = etree.tostring(doc, encoding="unicode")
        node = self._proc.parse_xml(xml_text=xml)
        result = self._exe.transform_to_string(xdm_node=node)
        if result is None:  # pragma: no cover - stylesheet bug
            raise RuntimeError(f"dates.xsl failed: {self._exe.error_message}")
        pages = parse_bytes(result.encode("utf-8"))
        written = []
        for page in pages:
            html = etree.tostring(page[0], method="html", encoding="utf-8", doctype="<!DOCTYPE html>")
            write_atomic(out_dir / page.get("href"), html + b"\n")
            written.append(page.get("href"))
        return written

    def write(self, metas: Sequence[ArticleMeta], out_dir: Path) -> tuple[list[str], list[Problem]]:
        problems: list[Problem] = []
        tree: dict[str, dict[str, dict[str, list[ArticleMeta]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for m in metas:
            parts = _date_parts(m)
            if parts is None:
                problems.append(
                    Problem(m.tei_name, 0, 0, Level.WARNING, "browse-no-date", "no issue date: not on the date pages")
                )
                continue
            y, mo, d = parts
            tree[y][mo][d].append(m)
        written: list[str] = []
        top = etree.Element("dates", {"all-years": "true", "count": str(sum(_count(tree[y]) for y in tree))})
        for y in sorted(tree):
            etree.SubElement(top, "year-count", value=y, count=str(_count(tree[y])))
        written += self._run(top, out_dir)
        for y in sorted(tree):  # one transform per year: bounded memory whatever the run's length
            doc = etree.Element("dates")
            ye = etree.SubElement(doc, "year", value=y)
            for mo in sorted(tree[y]):
                me = etree.SubElement(ye, "month", value=mo)
                for d in sorted(tree[y][mo]):
                    de = etree.SubElement(me, "day", value=d)
                    for m in sorted(tree[y][mo][d], key=lambda m: m.sort_key):
                        etree.SubElement(
                            de,
                            "article",
                            {
                                "id": m.id,
                                "page": m.page,
                                "section": m.section,
                                "column": m.column,
                                "title-zh": m.title_zh,
                                "title-en": m.title_en,
                                "authors-zh": "、".join(m.authors_zh),
                                "authors-en": "; ".join(m.authors_en),
                            },
                        )
            written += self._run(doc, out_dir)
        return written, problems


def _count(months: dict[str, dict[str, list[ArticleMeta]]]) -> int:
    return sum(len(arts) for days in months.values() for arts in days.values())


def write_date_pages(
    metas: Sequence[ArticleMeta], out_dir: Path, config: EditionConfig | None = None
) -> list[Problem]:
    """Write `dates/…`, `sitemap.xml` and `CITATION.cff` under the site folder `out_dir` (API for `teiedit build`).

    `config` gives the page shell's edition title, licence…; None: edition.toml of the working
    directory, as the CLI reads it.
    """
    config = config if config is not None else load_config()
    written, problems = DatePageWriter(config).write(metas, out_dir)
    write_site_metadata(metas, out_dir, config)  # sitemap.xml, CITATION.cff: they list the same run
    keep = {out_dir / w for w in written}
    for old in (out_dir / "dates").rglob("*.html"):  # days and months that no longer have articles
        if old not in keep:
            old.unlink()
    return problems


def stylesheet_paths() -> list[Path]:
    return [DATES_XSL, DATES_XSL.parent / "page.xsl", DATES_XSL.parent.parent / "common" / "links.xsl"]
