"""What crawlers and citation tools read of the whole site: `sitemap.xml` and `CITATION.cff`.

- Sitemaps list absolute URLs, so they are written only when `base_url` is set in edition.toml.
  `sitemap.xml` is always a sitemap index pointing at `sitemaps/site.xml` (front, search and date index
  pages) and one sitemap per year (`sitemaps/<year>.xml`, cut into `<year>-<n>.xml` parts beyond the
  protocol's 50,000 URLs), so that a run of many years never makes one huge file and a year's file
  changes only when that year's articles do.
- `CITATION.cff` (Citation File Format 1.2.0) cites the edition as a whole, from `[edition]`.
Both are written in sorted order with no timestamps: the same run gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from .config import EditionConfig
from .fsutil import write_atomic
from .meta import ArticleMeta

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org protocol)
SPDX = {  # licence names as edition.toml spells them → SPDX identifiers CFF expects
    "Creative Commons Attribution 4.0 International": "CC-BY-4.0",
    "Creative Commons Attribution-ShareAlike 4.0 International": "CC-BY-SA-4.0",
    "Creative Commons Zero v1.0 Universal": "CC0-1.0",
}


def _urlset(urls: Sequence[str]) -> bytes:
    rows = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{rows}</urlset>\n'.encode()


def write_sitemaps(metas: Sequence[ArticleMeta], out_dir: Path, config: EditionConfig) -> list[str]:
    """Write `sitemap.xml` and `sitemaps/*.xml` (nothing without a base URL); returns the files written."""
    base = config.base_url.rstrip("/") + "/" if config.base_url else ""
    folder = out_dir / "sitemaps"
    if not base:
        return []
    by_year: dict[str, list[str]] = defaultdict(list)
    for m in metas:
        year = m.date[:4] if m.date[:4].isdigit() else "undated"
        by_year[year].append(f"{base}articles/{m.id}.html")
    files: dict[str, bytes] = {"site.xml": _urlset([base, f"{base}search.html", f"{base}dates/index.html"])}
    for year in sorted(by_year):
        urls = sorted(by_year[year])
        parts = [urls[i : i + MAX_URLS] for i in range(0, len(urls), MAX_URLS)]
        for n, part in enumerate(parts, 1):
            files[f"{year}.xml" if len(parts) == 1 else f"{year}-{n}.xml"] = _urlset(part)
    for name, data in files.items():
        write_atomic(folder / name, data)
    for old in folder.glob("*.xml"):  # years that no longer have articles
        if old.name not in files:
            old.unlink()
    rows = "".join(f"<sitemap><loc>{escape(base)}sitemaps/{escape(n)}</loc></sitemap>\n" for n in sorted(files))
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{rows}</sitemapindex>\n'
    write_atomic(out_dir / "sitemap.xml", index.encode())
    return ["sitemap.xml", *(f"sitemaps/{n}" for n in sorted(files))]


def _person(name: str) -> dict[str, str]:
    """CFF wants family and given names; a name without a space (or in Chinese) stays whole."""
    given, _, family = name.strip().rpartition(" ")
    return {"given-names": given, "family-names": family} if given else {"name": name.strip()}


def citation_cff(config: EditionConfig) -> bytes:
    """The edition's CITATION.cff. Values are written as JSON strings, which are YAML double-quoted scalars."""
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    authors = [_person(e) for e in config.editors] or [{"name": config.publisher}]
    lines = [
        "cff-version: 1.2.0",
        f"message: {q('If you use this edition, please cite it as below.')}",
        "type: dataset",
        f"title: {q(config.title)}",
        "authors:",
    ]
    for author in authors:
        first = True
        for key, value in author.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {q(value)}")
            first = False
    if config.external_description:
        lines.append(f"abstract: {q(config.external_description)}")
    if len(config.date) == 10:
        lines.append(f"date-released: {q(config.date)}")
    if config.licence in SPDX:
        lines.append(f"license: {q(SPDX[config.licence])}")
    if config.base_url:
        lines.append(f"url: {q(config.base_url)}")
    lines.append(f"keywords: {q(['TEI', config.newspaper_en, config.newspaper_zh, 'parallel corpus'])}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_site_metadata(metas: Sequence[ArticleMeta], out_dir: Path, config: EditionConfig) -> None:
    """Sitemaps and CITATION.cff for the site in `out_dir` (called with the date pages)."""
    write_sitemaps(metas, out_dir, config)
    write_atomic(out_dir / "CITATION.cff", citation_cff(config))
