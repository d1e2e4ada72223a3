"""The HTML edition: TEI articles → a static site (XSLT 3.0 via saxonche), browsable from file:// or any server.

Stylesheets are compiled once per HtmlRenderer and reused for every article. Elements the stylesheets
did not plan for are rendered as text and reported back (xsl:message → warning Problem).
"""

from __future__ import annotations

import contextlib
import heapq
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXsltExecutable

from . import __version__
from .browse import day_page_url, write_date_pages
from .config import EditionConfig
from .dts import DtsWriter, write_collections
from .dts import stylesheet_paths as dts_stylesheets
from .fsutil import data_dir, write_atomic, write_if_changed
from .meta import NS, XML_ID, ArticleMeta, read_meta
from .problems import Level, Problem
from .schemaloc import SCHEMA_DIR, relocate_schemas, write_schemas
from .search import write_search_page
from .xmlsafe import parse_bytes, saxon_node

XSLT_DIR = data_dir("xslt")
ARTICLE_XSL = XSLT_DIR / "html" / "article.xsl"
INDEX_XSL = XSLT_DIR / "html" / "index.xsl"
ASSETS_DIR = XSLT_DIR / "html" / "assets"
TEI_NS = NS["t"]
UNKNOWN_ELEMENT = "[teiedit:unknown-element]"
LATEST_ON_INDEX = 20  # the front page lists the latest articles only; the date pages list them all
_PATH_STEP = re.compile(r"Q\{([^}]*)\}([^\[/]+)\[(\d+)\]")


@dataclass(frozen=True)
class ArticleLinks:
    """Links an article page can carry to its neighbours and its day's page (relative to the page)."""

    prev_href: str = ""
    prev_label: str = ""
    next_href: str = ""
    next_label: str = ""
    day_href: str = ""
    day_label: str = ""


def neighbour_links(metas: Sequence[ArticleMeta]) -> dict[str, ArticleLinks]:
    """For each article id: its previous and next article by date and page, and its day's browse page."""
    ordered = sorted(metas, key=lambda m: m.sort_key)
    links: dict[str, ArticleLinks] = {}
    for i, m in enumerate(ordered):
        prev = ordered[i - 1] if i > 0 else None
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        links[m.id] = ArticleLinks(
            prev_href=f"{quote(prev.id)}.html" if prev else "",
            prev_label=_label(prev) if prev else "",
            next_href=f"{quote(nxt.id)}.html" if nxt else "",
            next_label=_label(nxt) if nxt else "",
            day_href=f"../{quote(day_page_url(m), safe='/#')}" if m.date else "",
            day_label=m.date,
        )
    return links


def stylesheet_paths() -> list[Path]:
    """Every file whose content shapes the HTML output (for build digests; nothing is compiled)."""
    files = [*sorted((XSLT_DIR / "common").glob("*.xsl")), *sorted((XSLT_DIR / "html").glob("*.xsl"))]
    files += sorted((XSLT_DIR / "html").glob("*.html")) + dts_stylesheets()
    return files + sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())


def edition_params(c: EditionConfig) -> dict[str, str]:
    """The xsl:params of xslt/html/page.xsl (the shell every page shares) from the edition's config."""
    return {
        "edition-title": c.title,
        "edition-title-zh": c.title_zh,
        "publisher": c.publisher,
        "edition-date": c.date,
        "editors": "; ".join(c.editors),
        "licence": c.licence,
        "licence-url": c.licence_url,
        "base-url": c.base_url,
        "newspaper-zh": c.newspaper_zh,
        "newspaper-en": c.newspaper_en,
        "teiedit-version": __version__,
        "search-href": str(c.extra.get("search_href", "")),
        "uncertain-below": f"{c.uncertain_below:g}",
    }


def _label(m: ArticleMeta) -> str:
    page = f", p. {m.page}" if m.page else ""
    return f"{m.title_en or m.title_zh} ({m.date}{page})"


class HtmlRenderer:
    """Renders article pages and the index into `out_dir` (the site root), compiling the stylesheets once."""

    def __init__(self, config: EditionConfig, out_dir: Path, link_pdf: bool | None = None) -> None:
        """`link_pdf`: True/False forces the PDF link on article pages; None links it when out_dir/pdf/<id>.pdf exists."""
        self.config = config
        self.out_dir = Path(out_dir)
        self.link_pdf = link_pdf
        self._proc = PySaxonProcessor(license=False)
        xslt = self._proc.new_xslt30_processor()
        self._article = self._compile(xslt, ARTICLE_XSL)
        self._index = self._compile(xslt, INDEX_XSL)
        self._dts = DtsWriter(config, self.out_dir, self._proc)  # the article's DTS folder, with its page

    @staticmethod
    def _compile(xslt: object, path: Path) -> PyXsltExecutable:
        executable = xslt.compile_stylesheet(stylesheet_file=str(path))  # type: ignore[attr-defined]
        executable.set_save_xsl_message(True)
        return executable

    def stylesheet_paths(self) -> list[Path]:
        return stylesheet_paths()

    # ---- parameters -------------------------------------------------------------------------

    def _edition_params(self) -> dict[str, str]:
        return edition_params(self.config)

    def _transform(
        self,
        executable: PyXsltExecutable,
        xml_text: str | None,
        params: dict[str, str],
        where: str,
        tree: tuple[etree._Element, Path] | None = None,
    ) -> tuple[str | None, list[str], list[Problem]]:
        """Run a stylesheet on XML text teiedit made, or on a (root, file) tree parsed safely: Saxon
        never reads a file itself (`xmlsafe.saxon_node`)."""
        executable.clear_parameters()
        for name, value in params.items():
            executable.set_parameter(name, self._proc.make_string_value(value))
        executable.clear_xsl_messages()
        try:
            if tree is not None:
                result = executable.transform_to_string(xdm_node=saxon_node(self._proc, *tree))
            else:
                node = self._proc.parse_xml(xml_text=xml_text)
                result = executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as err:
            msg = " ".join(str(err).split())
            return None, [], [Problem(where, 0, 0, Level.ERROR, "html-render-failed", f"XSLT failed: {msg}")]
        messages = executable.get_xsl_messages()
        texts = [str(item.string_value) for item in messages] if messages is not None else []
        executable.clear_xsl_messages()
        return result, texts, []

    # ---- articles ---------------------------------------------------------------------------

    def article_path(self, article_id: str) -> Path:
        return self.out_dir / "articles" / f"{article_id}.html"

    def render_article(self, tei_path: Path, links: ArticleLinks | None = None) -> list[Problem]:
        """Write articles/<id>.html, copy the TEI to tei/<name> and write its DTS folder (dts/resources/<id>/);
        problems are returned, not raised."""
        tei_path = Path(tei_path)
        where = str(tei_path)
        try:
            data = tei_path.read_bytes()
            root = parse_bytes(data, where)
        except (OSError, etree.XMLSyntaxError) as err:
            line = getattr(err, "lineno", 0) or 0
            return [Problem(where, line, 0, Level.ERROR, "not-xml", f"cannot read the TEI file: {err}")]
        if root.tag != f"{{{TEI_NS}}}TEI":
            return [Problem(where, root.sourceline or 0, 0, Level.ERROR, "not-tei", "the root element is not TEI")]
        article_id = root.get(XML_ID) or tei_path.stem
        pdf = self.out_dir / "pdf" / f"{article_id}.pdf"
        has_pdf = pdf.is_file() if self.link_pdf is None else self.link_pdf
        links = links or ArticleLinks()
        params = self._edition_params() | {
            "tei-href": f"../tei/{quote(tei_path.name)}",
            "pdf-href": f"../pdf/{quote(article_id)}.pdf" if has_pdf else "",
            "prev-href": links.prev_href,
            "prev-label": links.prev_label,
            "next-href": links.next_href,
            "next-label": links.next_label,
            "day-href": links.day_href,
            "day-label": links.day_label,
        }
        html, messages, problems = self._transform(self._article, None, params, where, (root, tei_path))
        problems += [_message_problem(m, root, where) for m in messages]
        if html is None:
            return problems
        write_if_changed(self.article_path(article_id), html.encode("utf-8"))
        self.publish_tei(tei_path.name, data)
        problems += self._dts.write_article(root, tei_path, data)
        return problems

    def publish_tei(self, name: str, data: bytes) -> None:
        """The downloadable copy `tei/<name>`, pointing at the schemas copied to the site's `schema/`,
        so that a reader who opens it in an XML editor gets them (the source's PIs may point elsewhere)."""
        write_if_changed(self.out_dir / "tei" / name, relocate_schemas(data, SCHEMA_DIR))
        write_schemas(self.out_dir / "schema")

    def render_site(self, tei_paths: Sequence[Path]) -> tuple[list[Problem], int]:
        """Every article (linked to its neighbours by date and page), the index, the date pages and the
        search page (its bundles are `teiedit search-index`'s): (problems, failed)."""
        problems: list[Problem] = []
        metas: dict[Path, ArticleMeta] = {}
        for path in tei_paths:
            with contextlib.suppress(OSError, etree.XMLSyntaxError):  # render_article reports it
                metas[path] = read_meta(path)
        links = neighbour_links(list(metas.values()))
        failed = 0
        rendered: list[ArticleMeta] = []
        for path in tei_paths:
            found = self.render_article(path, links.get(metas[path].id) if path in metas else None)
            problems.extend(found)
            if any(p.level >= Level.ERROR for p in found) or path not in metas:
                failed += 1
            else:
                rendered.append(metas[path])
        problems.extend(self.render_index(rendered))
        problems.extend(write_date_pages(rendered, self.out_dir, self.config))
        problems.extend(write_search_page(self.out_dir, self.config))
        problems.extend(write_collections(rendered, self.out_dir, self.config))
        return problems, failed

    # ---- index and assets -------------------------------------------------------------------

    def render_index(self, metas: Sequence[ArticleMeta]) -> list[Problem]:
        """Write index.html (a front page: the years with counts and the latest articles) and the assets.

        It never lists the whole run: the date pages (teiedit.browse) are the way to every article.
        """
        years = Counter(m.date[:4] for m in metas if len(m.date) >= 4 and m.date[:4].isdigit())
        index = etree.Element("index", count=str(len(metas)))
        for year in sorted(years):
            etree.SubElement(index, "year", value=year, count=str(years[year]))
        for m in heapq.nlargest(LATEST_ON_INDEX, metas, key=lambda m: m.sort_key):
            has_pdf = (self.out_dir / "pdf" / f"{m.id}.pdf").is_file() if self.link_pdf is None else self.link_pdf
            el = etree.SubElement(
                index,
                "article",
                id=m.id,
                href=f"articles/{quote(m.id)}.html",
                tei=f"tei/{quote(m.tei_name)}",
                pdf=f"pdf/{quote(m.id)}.pdf" if has_pdf else "",
                date=m.date,
                page=m.page,
                section=m.section,
                column=m.column,
            )
            etree.SubElement(el, "title", lang="zh-Hans").text = m.title_zh
            etree.SubElement(el, "title", lang="en").text = m.title_en
            for name in m.authors_zh:
                etree.SubElement(el, "author", lang="zh-Hans").text = name
            for name in m.authors_en:
                etree.SubElement(el, "author", lang="en").text = name
        where = str(self.out_dir / "index.html")
        html, messages, problems = self._transform(
            self._index, etree.tostring(index, encoding="unicode"), self._edition_params(), where
        )
        problems += [Problem(where, 0, 0, Level.WARNING, "xslt-message", m) for m in messages]
        if html is not None:
            write_atomic(self.out_dir / "index.html", html.encode("utf-8"))
        self.copy_assets()
        return problems

    def copy_assets(self) -> None:
        """Copy CSS/JS into out_dir/assets (only files whose bytes changed are rewritten)."""
        for src in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file()):
            target = self.out_dir / "assets" / src.relative_to(ASSETS_DIR)
            data = src.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                write_atomic(target, data)


def _message_problem(message: str, root: etree._Element, where: str) -> Problem:
    """An xsl:message as a Problem; an unknown element is located in the source by its XPath path()."""
    text = " ".join(message.split())
    if not text.startswith(UNKNOWN_ELEMENT):
        return Problem(where, 0, 0, Level.WARNING, "xslt-message", text)
    rest = text[len(UNKNOWN_ELEMENT) :].strip()
    name, _, path = rest.partition(" at ")
    element = _element_at(root, path)
    line = element.sourceline or 0 if element is not None else 0
    local = name.rpartition(":")[2]
    return Problem(
        where,
        line,
        0,
        Level.WARNING,
        "unknown-element",
        f"<{name}> is not planned for by the HTML edition; its text is kept in span.tei-{local}",
    )


def _element_at(root: etree._Element, path: str) -> etree._Element | None:
    """Follow an XPath 3 path() such as /Q{ns}TEI[1]/Q{ns}text[1]/… from the document's root element."""
    steps = _PATH_STEP.findall(path)
    if not steps:
        return None
    uri, local, n = steps[0]
    if root.tag != (f"{{{uri}}}{local}" if uri else local) or n != "1":
        return None
    node = root
    for uri, local, n in steps[1:]:
        tag = f"{{{uri}}}{local}" if uri else local
        matches = [c for c in node if c.tag == tag]
        if int(n) > len(matches):
            return None
        node = matches[int(n) - 1]
    return node
