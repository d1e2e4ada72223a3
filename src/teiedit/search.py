"""The search stage: a static bilingual full-text index (Pagefind) built straight from the TEI.

Design (measured, see README "Search and browse"):
- One Pagefind *bundle* per (year, language) under `<site>/pagefind/<year>/<lang>/` (per month,
  `<year>-<month>/`, for a year of more than MAX_PER_BUNDLE articles). Pagefind keeps a whole index in
  memory while it builds, so each bundle is built by its own Pagefind process and peak memory depends
  on the articles of one bundle, not on the size of the run. The browser merges the bundles it needs
  (`mergeIndex`); a year filter skips the other bundles entirely.
- Bundles are per language because Pagefind segments and stems by a page's language (the extended
  binary segments Chinese as `zh`), and because a zh and an en page of one article share a URL.
- One record per article per language: Pagefind then returns one hit per article with the best snippet,
  and the record keeps every sentence as an element with the TEI `xml:id`; Pagefind stores those as
  anchors with word positions, so the search page opens `articles/<id>.html#<s xml:id>` at the sentence
  holding the hits (paragraph-sized records would list an article once per paragraph).
- A bundle is rebuilt only when the digest of its TEI files changed (`build/search-state.json`).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import json
import os
import shutil
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from . import heal
from .config import EditionConfig, load_config
from .fsutil import data_dir, swap_dir, write_atomic
from .meta import NS, XML_ID, ArticleMeta, meta_from_tree
from .problems import Level, Problem
from .reading import original_text, reading_text
from .searchtext import note_ids_of, write_grams_bundle
from .xmlsafe import parse_bytes, parse_file

__all__ = ["build_search_index", "build_search_index_report", "original_text", "reading_text"]

INDEX_FORMAT = "teiedit-search-2"  # bump when the records change: every bundle is rebuilt
BATCH = 200  # records sent to Pagefind at once
# Pagefind holds a bundle's whole index in memory (~1.4 GB for 5,000 seed-like articles of one
# language): a larger year is split into one bundle per month.
MAX_PER_BUNDLE = 5000
LANGS = {"zh": "zh-Hans", "en": "en"}  # Pagefind language → TEI xml:lang of the division
# Pagefind writes its own UIs into every bundle; the search page uses only the JS API.
UNUSED_PAGEFIND_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


@dataclass
class ArticleText:
    """What one article contributes to the index: its metadata and, per language, blocks of sentences."""

    meta: ArticleMeta
    # lang → list of (block id, [(sentence id, reading text, other reading or "")])
    blocks: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = field(default_factory=dict)
    notes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang → (note id, its text)
    heads: dict[str, str] = field(default_factory=dict)
    bylines: dict[str, str] = field(default_factory=dict)


def read_article_text(path: Path) -> ArticleText:
    """Parse one TEI file into what the index needs; raises XMLSyntaxError for broken XML."""
    root = parse_file(path).getroot()
    art = ArticleText(meta=meta_from_tree(root, path.name))
    note_ids = note_ids_of(root)
    for lang, tei_lang in LANGS.items():
        divs = root.xpath("/t:TEI/t:text/t:body/t:div[@xml:lang=$l]", namespaces=NS, l=tei_lang)
        if not divs:
            continue
        div = divs[0]
        head = div.find("t:head", NS)
        art.heads[lang] = reading_text(head) if head is not None else ""
        byline = div.find("t:byline", NS)
        art.bylines[lang] = reading_text(byline) if byline is not None else ""
        blocks: list[tuple[str, list[tuple[str, str, str]]]] = []
        for p in div.iter(f"{{{NS['t']}}}p"):
            if p.xpath("ancestor::t:note", namespaces=NS):
                continue
            units = p.findall("t:s", NS) or [p]
            rows = [(u.get(XML_ID) or "", reading_text(u), original_text(u)) for u in units]
            blocks.append((p.get(XML_ID) or "", [(i, t, o if o != t else "") for i, t, o in rows if t]))
        art.blocks[lang] = blocks
        art.notes[lang] = [(nid, reading_text(n)) for n, nid in note_ids.items() if div in n.iterancestors()]
    return art


def year_of(meta: ArticleMeta) -> str:
    return meta.date[:4] if len(meta.date) >= 4 and meta.date[:4].isdigit() else ""


def page_number(meta: ArticleMeta) -> int:
    return int(meta.page) if meta.page.isdigit() else 0


def record_html(art: ArticleText, lang: str) -> str:
    """The page Pagefind indexes for one article in one language.

    Metadata, filters and sort keys sit on <meta> elements (`[content]` form) so that no metadata
    text is indexed as content; every sentence keeps its TEI xml:id as an element id (an anchor).
    """
    m = art.meta
    esc = html.escape
    year = year_of(m)
    month = m.date[5:7] if len(m.date) >= 7 else ""
    fields = [
        ("meta", "title", art.heads.get(lang) or (m.title_zh if lang == "zh" else m.title_en)),
        ("meta", "title_zh", m.title_zh),
        ("meta", "title_en", m.title_en),
        ("meta", "authors_zh", "、".join(m.authors_zh)),
        ("meta", "authors_en", "; ".join(m.authors_en)),
        ("meta", "date", m.date),
        ("meta", "page", m.page),
        ("meta", "section", m.section),
        ("meta", "column", m.column),
        ("meta", "id", m.id),
        ("meta", "lang", lang),
        ("filter", "year", year),
        ("filter", "month", month),
        ("filter", "page", m.page),
        ("filter", "section", m.section),
        ("filter", "column", m.column),
        ("sort", "date", f"{m.date}/{page_number(m):04d}/{m.id}"),
    ]
    head = "".join(
        f'<meta data-pagefind-{kind}="{name}[content]" content="{esc(value)}">' for kind, name, value in fields if value
    )
    joiner = "" if lang == "zh" else " "
    body = [f'<h1 id="{esc(lang)}">{esc(art.heads.get(lang, ""))}</h1>']
    if art.bylines.get(lang):
        body.append(f"<p>{esc(art.bylines[lang])}</p>")
    for _block_id, sentences in art.blocks.get(lang, []):
        # The other reading of a choice follows its sentence (found, never glued to the shown one).
        spans = joiner.join(
            f'<span id="{esc(sid)}">{esc(text)}</span>' + (f"{joiner}<span>{esc(orig)}</span>" if orig else "")
            for sid, text, orig in sentences
        )
        body.append(f"<p>{spans}</p>")  # no id: Pagefind would store the paragraph's text twice
    for note_id, text in art.notes.get(lang, []):
        body.append(f'<aside id="{esc(note_id)}">{esc(text)}</aside>')  # notes: hits of their article
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head>'
        f"<body><main data-pagefind-body>{''.join(body)}</main></body></html>"
    )


def record_url(meta: ArticleMeta) -> str:
    """Relative to the site root; the search page adds the sentence fragment from the hit's anchors."""
    return f"articles/{meta.id}.html"


# --- the search page -----------------------------------------------------------------------------

XSLT_HTML = data_dir("xslt") / "html"
SEARCH_XSL = XSLT_HTML / "search.xsl"
SEARCH_PAGE_ASSETS = ("assets/search.js", "assets/search.css")


def search_page_paths() -> list[Path]:
    """Files whose content makes up the search page (for build digests)."""
    return [SEARCH_XSL, XSLT_HTML / "page.xsl", XSLT_HTML.parent / "common" / "links.xsl"] + [
        XSLT_HTML / a for a in SEARCH_PAGE_ASSETS
    ]


def write_search_page(out_dir: Path, config: EditionConfig | None = None) -> list[Problem]:
    """Write `search.html` (the site's page shell around the search form) and its script and style.

    Static: the page fills itself from pagefind/bundles.json. `config` None: edition.toml of the
    working directory, as the CLI reads it.
    """
    from saxonche import PySaxonProcessor

    from .render_html import ASSETS_DIR, edition_params

    config = config if config is not None else load_config()
    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    exe = xslt.compile_stylesheet(stylesheet_file=str(SEARCH_XSL))
    if exe is None:  # pragma: no cover - a broken installation
        raise RuntimeError(f"cannot compile {SEARCH_XSL}: {xslt.error_message}")
    for name, value in edition_params(config).items():
        exe.set_parameter(name, proc.make_string_value(value))
    page = exe.transform_to_string(xdm_node=proc.parse_xml(xml_text="<search/>"))
    write_atomic(out_dir / "search.html", page.encode("utf-8"))
    for name in SEARCH_PAGE_ASSETS:  # the shell's own assets (edition.css/js) are render_index's
        write_atomic(out_dir / name, (ASSETS_DIR / name.removeprefix("assets/")).read_bytes())
    for name in ("edition.css", "edition.js", "view-init.js", "favicon.svg"):
        target = out_dir / "assets" / name
        if not target.is_file():  # `teiedit search-index` on its own: the page still has its shell
            write_atomic(target, (ASSETS_DIR / name).read_bytes())
    return []


# --- bundles and state ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    key: str  # the year ("1958"), or the month ("1958-02") when the year is split
    lang: str  # "zh" | "en"

    @property
    def rel_path(self) -> str:
        return f"{self.key}/{self.lang}/"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bundle_digest(files: Iterable[tuple[str, str]]) -> str:
    """Digest of a bundle's inputs: the index format, Pagefind's version and each TEI file's digest."""
    h = hashlib.sha256()
    h.update(f"{INDEX_FORMAT}\n{pagefind_version()}\n".encode())
    for name, digest in sorted(files):
        h.update(f"{name}\t{digest}\n".encode())
    return h.hexdigest()


def pagefind_version() -> str:
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # pragma: no cover - pagefind not installed
        return "none"


def default_state_path(out_dir: Path) -> Path:
    """`build/html` → `build/search-state.json` (beside the build stage's own state)."""
    return out_dir.parent / "search-state.json"


def _load_state(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data.get("bundles", {})) if data.get("format") == INDEX_FORMAT else {}
    except (OSError, ValueError):
        return {}


@dataclass
class IndexReport:
    """What a run did: problems, and which bundles were built or kept."""

    problems: list[Problem] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class _NoPollDelay:
    """asyncio, except that sleep() only yields.

    pagefind 1.5.2's Python service sleeps 0.1 s before reading each response from the Pagefind
    process (`PagefindService._wait_for_responses`), which caps indexing at ~10 records a second
    (1,000 articles took 210 s). Its read waits for data anyway, so the sleep is not needed.
    """

    def __getattr__(self, name: str) -> object:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(_delay: float, result: object = None) -> object:
        await asyncio.sleep(0)
        return result


def _build_bundle(bundle: Bundle, paths: Sequence[Path], target: Path, problems: list[Problem]) -> int:
    import pagefind.service as service

    saved = service.asyncio
    service.asyncio = _NoPollDelay()  # type: ignore[assignment]
    try:
        # A thread of its own: asyncio.run() refuses to start where an event loop is already running
        # (e.g. a caller using Playwright's sync API, or an async application).
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _bounded(_write_bundle(bundle, paths, target, problems))).result()
    except TimeoutError:
        problems.append(Problem(str(target), 0, 0, Level.ERROR, "pagefind-timeout",
            f"no answer from the Pagefind service in {PAGEFIND_TIMEOUT:.0f} s while indexing this bundle "
            f"(set TEIEDIT_PAGEFIND_TIMEOUT to wait longer); the previous bundle is kept"))  # fmt: skip
        return 0
    finally:
        service.asyncio = saved


# the longest a bundle may take (a 5,000-article bundle takes ~2 min on a busy machine): a build never hangs
PAGEFIND_TIMEOUT = float(os.environ.get("TEIEDIT_PAGEFIND_TIMEOUT", "1800"))


async def _bounded(work: Any) -> int:
    """The bundle's work, cancelled (and its Pagefind process closed) after PAGEFIND_TIMEOUT seconds."""
    return int(await asyncio.wait_for(work, PAGEFIND_TIMEOUT))


async def _write_bundle(bundle: Bundle, paths: Sequence[Path], target: Path, problems: list[Problem]) -> int:
    """Index one bundle with its own Pagefind process, into a temporary folder swapped in at the end."""
    from pagefind.service import PagefindService

    tmp = target.parent / f".{target.name}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    count = 0
    # The service is driven directly, not through `async with PagefindIndex`: leaving that context
    # writes the index a second time and terminates Pagefind at once (see _wait_until_written).
    service = await PagefindService().launch()
    try:
        index = await service.create_index({"keep_index_url": True})
        # Send a batch of records at once, holding only one batch in memory.
        batch: list[str] = []
        urls: list[str] = []

        async def flush() -> None:
            await asyncio.gather(*(index.add_html_file(content=c, url=u) for c, u in zip(batch, urls, strict=True)))
            batch.clear()
            urls.clear()

        for path in paths:
            try:
                art = read_article_text(path)
            except (OSError, etree.XMLSyntaxError) as e:  # already reported when reading metadata
                problems.append(Problem(str(path), 0, 0, Level.ERROR, "search-unreadable", str(e)))
                continue
            if not art.blocks.get(bundle.lang):
                continue
            batch.append(record_html(art, bundle.lang))
            urls.append(record_url(art.meta))
            count += 1
            if len(batch) >= BATCH:
                await flush()
        if batch:
            await flush()
        await index.write_files(output_path=str(tmp.resolve()))
        await _wait_until_written(tmp)
    finally:
        await service.close()
    for name in UNUSED_PAGEFIND_FILES:
        (tmp / name).unlink(missing_ok=True)
    swap_dir(tmp, target, midway=lambda: heal.checkpoint("index-swap"))
    return count


GZIP_FILES = (".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind")
JS_ENDINGS = {"pagefind.js": b"search};", "pagefind-worker.js": b"})();"}  # how whole files end (1.5.2)


async def _wait_until_written(folder: Path, timeout: float = 120.0) -> None:
    """Wait until Pagefind's files are complete on disk.

    Pagefind 1.5.2 writes with tokio's File::write_all and never flushes, so it can answer WriteFiles
    while bytes are still on their way to the files; stopping the process then leaves truncated files
    (an empty pagefind-entry.json was seen). Every gzip file must decompress, the entry must parse and
    name its meta file, and the scripts must be whole.
    """
    checked: set[Path] = set()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if _bundle_complete(folder, checked):
            return
        if loop.time() > deadline:
            raise RuntimeError(f"Pagefind did not finish writing {folder}")
        await asyncio.sleep(0.05)


def _bundle_complete(folder: Path, checked: set[Path]) -> bool:
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        metas = [folder / f"pagefind.{info['hash']}.pf_meta" for info in entry["languages"].values()]
        if not metas or not all(m.is_file() for m in metas):
            return False
        for f in sorted(folder.rglob("*")):
            if f in checked or not f.is_file():
                continue
            if f.name.endswith(GZIP_FILES):
                gzip.decompress(f.read_bytes())
            elif f.name in JS_ENDINGS and not f.read_bytes().rstrip().endswith(JS_ENDINGS[f.name]):
                return False
            checked.add(f)
        return True
    except (OSError, ValueError, KeyError, EOFError, zlib.error, gzip.BadGzipFile):
        return False


IndexEntry = tuple[ArticleMeta, Path, str]  # an article's metadata, its TEI file, the file's SHA-256


def build_search_index(
    tei_paths: Sequence[Path],
    out_dir: Path,
    *,
    state_path: Path | None = None,
    force: bool = False,
    config: EditionConfig | None = None,
    entries: Iterable[IndexEntry] | None = None,
) -> list[Problem]:
    """Build or update the search bundles and search.html of the site in `out_dir` (API for `teiedit build`,
    which passes the `entries` it already knows instead of `tei_paths` to be read)."""
    report = build_search_index_report(tei_paths, out_dir, state_path=state_path, force=force, entries=entries)
    return report.problems + write_search_page(out_dir, config)


def read_index_entries(tei_paths: Iterable[Path], problems: list[Problem]) -> Iterator[IndexEntry]:
    """What the index needs of each TEI file; an unreadable one is a problem and is left out."""
    for path in tei_paths:
        try:
            data = path.read_bytes()
            meta = meta_from_tree(parse_bytes(data, str(path)), path.name)
        except (OSError, etree.XMLSyntaxError) as e:
            problems.append(Problem(str(path), 0, 0, Level.ERROR, "search-unreadable", f"not indexed: {e}"))
            continue
        yield meta, path, hashlib.sha256(data).hexdigest()


def build_search_index_report(
    tei_paths: Sequence[Path],
    out_dir: Path,
    *,
    state_path: Path | None = None,
    force: bool = False,
    max_per_bundle: int = MAX_PER_BUNDLE,
    entries: Iterable[IndexEntry] | None = None,
) -> IndexReport:
    report = IndexReport()
    state_path = state_path or default_state_path(out_dir)
    root = out_dir / "pagefind"
    old_state = {} if force else _load_state(state_path)

    # Group the files by year; only metadata and file digests are held for the whole corpus.
    by_year: dict[str, list[IndexEntry]] = defaultdict(list)
    if entries is None:
        entries = read_index_entries(tei_paths, report.problems)
    for meta, path, sha in entries:
        year = year_of(meta)
        if not year:
            report.problems.append(
                Problem(str(path), 0, 0, Level.WARNING, "search-no-date", "no issue date: not indexed")
            )
            continue
        by_year[year].append((meta, path, sha))

    new_state: dict[str, str] = {}
    manifest: list[dict[str, object]] = []
    grams: list[dict[str, object]] = []
    for key, year, items in bundle_groups(by_year, max_per_bundle):
        digest = bundle_digest((m.tei_name, d) for m, _, d in items)
        for lang in LANGS:
            bundle = Bundle(key, lang)
            target = root / key / lang
            name = bundle.rel_path
            if old_state.get(name) == digest and (target / "pagefind-entry.json").is_file():
                report.kept.append(name)
            else:
                _build_bundle(bundle, [p for _, p, _ in items], target, report.problems)
                report.built.append(name)
            new_state[name] = digest
            manifest.append({"year": year, "lang": lang, "path": name, "articles": len(items)})
        name = f"{key}/grams/"  # the exact index beside Pagefind's words (searchtext.py)
        target = root / key / "grams"
        if old_state.get(name) == digest and (target / "articles.json").is_file():
            report.kept.append(name)
        else:
            write_grams_bundle([p for _, p, _ in items], target, report.problems)
            report.built.append(name)
        new_state[name] = digest
        grams.append({"year": year, "path": name, "articles": len(items)})

    # Bundles of years (or months) that no longer have articles.
    for name in sorted(set(old_state) - set(new_state)):
        stale = root / name
        if stale.is_dir():
            shutil.rmtree(stale)
        if stale.parent.is_dir() and not any(stale.parent.iterdir()):
            stale.parent.rmdir()
        report.removed.append(name)
    metas = [m for items in by_year.values() for m, _, _ in items]
    write_atomic(root / "bundles.json", manifest_bytes(manifest, metas, grams))
    write_atomic(
        state_path,
        json.dumps({"format": INDEX_FORMAT, "bundles": new_state}, indent=1, sort_keys=True).encode() + b"\n",
    )
    return report


def bundle_groups(
    by_year: dict[str, list[IndexEntry]], max_per_bundle: int
) -> list[tuple[str, str, list[IndexEntry]]]:
    """(bundle key, year, items): a year per bundle, or a month per bundle when the year is too large."""
    groups = []
    for year in sorted(by_year):
        items = sorted(by_year[year], key=lambda x: x[0].sort_key)
        if len(items) <= max_per_bundle:
            groups.append((year, year, items))
            continue
        by_month: dict[str, list[IndexEntry]] = defaultdict(list)
        for item in items:
            by_month[item[0].date[:7]].append(item)
        groups.extend((month, year, by_month[month]) for month in sorted(by_month))
    return groups


def manifest_bytes(
    bundles: list[dict[str, object]], metas: Sequence[ArticleMeta], grams: Sequence[dict[str, object]] = ()
) -> bytes:
    """`pagefind/bundles.json`: the bundles the search page may merge, and the values of each filter."""

    def values(get: object) -> list[str]:
        return sorted({v for v in (get(m) for m in metas) if v}, key=lambda v: (len(v), v) if v.isdigit() else (0, v))  # type: ignore[operator]

    data = {
        "format": INDEX_FORMAT,
        "bundles": bundles,
        "grams": list(grams),
        "filters": {
            "year": values(year_of),
            "month": values(lambda m: m.date[5:7]),
            "page": values(lambda m: m.page),
            "section": values(lambda m: m.section),
            "column": values(lambda m: m.column),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
