"""A static DTS 1.0 (Distributed Text Services) Level 0 endpoint under the site's `dts/` folder.

DTS Level 0 allows an implementation made of static files. Its requests carry query parameters, which
a plain static server cannot read, so the URI templates teiedit publishes put the parameters in the path
(the spec's own form for static sites, RFC 6570 path and `;` expansions):

    collection  {dts}collection{/id}{;nav}.json
    navigation  {dts}resources/{resource}/navigation{;tree,down}{/ref}.json
    document    {dts}resources/{resource}/document{;tree}{/ref}.xml

Two stages make them. Per article, with the HTML page (`HtmlRenderer` calls `DtsWriter`), the XSLT
`xslt/dts/resource.xsl` turns the TEI into the article's folder `dts/resources/<id>/`: its Resource
(`resource.json`), the Navigation responses of each citation tree (its refsDecl/citeStructure) and the
Document fragments of every citable unit; the folder is swapped in whole, so it is never half written.
At the end of the build (and by `--gather`), `write_collections` makes the entry point and the
collection level from the articles' metadata and their `resource.json`: the edition → years → days →
articles, and each one's parents (`;nav=parents`). `site_routes` lets `teiedit serve` answer the query
form (`/dts/navigation?resource=…&ref=…`) from the same files, computing from a tree's full listing the
Navigation combinations that are not precomputed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from .config import EditionConfig
from .fsutil import data_dir, swap_dir, write_if_changed
from .meta import ArticleMeta
from .problems import Level, Problem
from .schemaloc import relocate_schemas
from .xmlsafe import parse_bytes, saxon_node

RESOURCE_XSL = data_dir("xslt") / "dts" / "resource.xsl"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
ROOT_ID = "edition"  # the root collection's @id
FILES_NS = "urn:teiedit:dts"
TEI_MEDIA = "application/tei+xml"
# the site's copy of the schemas, seen from dts/resources/<id>/document.xml
_SCHEMAS_FROM_DOCUMENT = "../../../schema"


def site_url(config: EditionConfig) -> str:
    """The site's URL as the templates use it: `base_url` when set, else "/" (the site at a server's root)."""
    return config.base_url.rstrip("/") + "/" if config.base_url else "/"


def dts_url(config: EditionConfig) -> str:
    return site_url(config) + "dts/"


def stylesheet_paths() -> list[Path]:
    return [RESOURCE_XSL, data_dir("xslt") / "common" / "cite.xsl"]


def _dumps(value: Any) -> bytes:
    """Compact JSON, keys in the order they were made (byte-deterministic), UTF-8 as is."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# ---- per article ------------------------------------------------------------------------------------


class DtsWriter:
    """Writes one article's DTS folder; the stylesheet is compiled once per writer (once per worker)."""

    def __init__(self, config: EditionConfig, out_dir: Path, proc: PySaxonProcessor | None = None) -> None:
        self.config = config
        self.out_dir = Path(out_dir)  # the site root (build/html)
        self._proc = proc or PySaxonProcessor(license=False)
        self._xsl = self._proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(RESOURCE_XSL))
        self._lock = threading.Lock()

    def folder(self, article_id: str) -> Path:
        return self.out_dir / "dts" / "resources" / article_id

    def files(self, root: etree._Element, tei_path: Path, data: bytes,
              unit_depth: int | None = None) -> tuple[str | None, dict[str, bytes], list[Problem]]:
        """(article id, {path in its folder: bytes}, problems): the article's DTS folder, in memory."""
        where = str(tei_path)
        article_id = root.get("{http://www.w3.org/XML/1998/namespace}id") or tei_path.stem
        if not _safe_name(article_id):
            return None, {}, [Problem(where, 0, 0, Level.ERROR, "dts-bad-id",
                f"the document id {article_id!r} cannot name a DTS resource (letters, digits, - . _ only)")]  # fmt: skip
        depth = self.config.dts_unit_depth if unit_depth is None else unit_depth
        with self._lock:  # one transform at a time per compiled stylesheet (teiedit serve is threaded)
            self._xsl.clear_parameters()
            self._xsl.set_parameter("tei-name", self._proc.make_string_value(tei_path.name))
            self._xsl.set_parameter("site", self._proc.make_string_value(site_url(self.config)))
            self._xsl.set_parameter("unit-depth", self._proc.make_integer_value(int(depth)))
            try:
                result = self._xsl.transform_to_string(xdm_node=saxon_node(self._proc, root, tei_path))
            except PySaxonApiError as err:
                return None, {}, [Problem(where, 0, 0, Level.ERROR, "dts-failed", f"XSLT failed: {' '.join(str(err).split())}")]
        bundle = parse_bytes(result.encode("utf-8"), where, collect_ids=False)  # fragments repeat ids
        prefix = f"resources/{article_id}/"
        files: dict[str, bytes] = {"document.xml": relocate_schemas(data, _SCHEMAS_FROM_DOCUMENT)}
        problems: list[Problem] = []
        for f in bundle.iterfind(f"{{{FILES_NS}}}file"):
            path = f.get("path", "")
            rel = path[len(prefix):] if path.startswith(prefix) else ""
            if not rel or not all(_safe_name(part) for part in rel.split("/")):
                problems.append(Problem(where, 0, 0, Level.WARNING, "dts-bad-ref",
                    f"a citable unit's reference cannot name a file ({path!r}): it is not published"))  # fmt: skip
                continue
            if f.get("kind") == "json":
                files[rel] = _dumps(json.loads(f.text or "null"))
            else:
                files[rel] = etree.tostring(f[0], xml_declaration=True, encoding="UTF-8") + b"\n"
        return article_id, files, problems

    def write_article(self, root: etree._Element, tei_path: Path, data: bytes) -> list[Problem]:
        """`root`: the TEI parsed safely from `data` (the file's bytes, published as document.xml)."""
        article_id, files, problems = self.files(root, tei_path, data)
        if article_id is None:
            return problems
        target = self.folder(article_id)
        if _same_folder(target, files):  # unchanged: nothing rewritten
            return problems
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{article_id}.", suffix=".tmp", dir=target.parent))
        try:
            for rel, content in files.items():
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            for dirpath, _dirs, names in os.walk(tmp):  # readable by a web server, like write_atomic's files
                os.chmod(dirpath, 0o755)
                for name in names:
                    os.chmod(os.path.join(dirpath, name), 0o644)
            swap_dir(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return problems


def _safe_name(name: str) -> bool:
    """A path segment a template expands to as it is: RFC 3986 unreserved characters, never . or .."""
    return bool(name) and name not in (".", "..") and all(c.isascii() and (c.isalnum() or c in "-._~;=") for c in name)


def _same_folder(folder: Path, files: Mapping[str, bytes]) -> bool:
    if not folder.is_dir():
        return False
    found = {os.path.relpath(os.path.join(d, n), folder) for d, _, names in os.walk(folder) for n in names}
    if found != set(files):
        return False
    return all((folder / rel).read_bytes() == content for rel, content in files.items())


def remove_article(html_dir: Path, article_id: str) -> None:
    """A deleted (or now invalid) article's folder; its collection files go with the next index stage."""
    if article_id and _safe_name(article_id):
        shutil.rmtree(Path(html_dir) / "dts" / "resources" / article_id, ignore_errors=True)


def article_output(html_dir: Path, article_id: str) -> Path:
    """The file the build records for an article's DTS folder (its Resource)."""
    return Path(html_dir) / "dts" / "resources" / article_id / "resource.json"


# ---- the collection level ---------------------------------------------------------------------------


def _collection(cid: str, title: str, parents: int, children: int, base: str, **extra: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {"@id": cid, "@type": "Collection", "title": title, "totalParents": parents,
                           "totalChildren": children}  # fmt: skip
    obj.update(extra)
    obj["collection"] = f"{base}collection/{quote(cid)}{{;nav}}.json"
    return obj


def _top(obj: Mapping[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": "1.0", **obj}


def entry_point(config: EditionConfig) -> dict[str, Any]:
    base = dts_url(config)
    return {
        "@context": CONTEXT,
        "dtsVersion": "1.0",
        "@id": f"{base}index.json",
        "@type": "EntryPoint",
        "collection": f"{base}collection{{/id}}{{;nav}}.json",
        "navigation": f"{base}resources/{{resource}}/navigation{{;tree,down}}{{/ref}}.json",
        "document": f"{base}resources/{{resource}}/document{{;tree}}{{/ref}}.xml",
    }


def write_collections(metas: Iterable[ArticleMeta], html_dir: Path, config: EditionConfig) -> list[Problem]:
    """The entry point and the collection level: edition → years → days → articles, each with its
    parents. An article is listed when its folder (the html stage's) holds its Resource. Day by day: only
    one day's Resources are in memory. Files whose bytes are unchanged are not rewritten; files of
    articles no longer listed are removed."""
    html_dir = Path(html_dir)
    out = html_dir / "dts"
    base = dts_url(config)
    problems: list[Problem] = []
    days: dict[str, list[str]] = defaultdict(list)  # day → article ids, by page
    for m in sorted(metas, key=lambda m: m.sort_key):
        if _safe_name(m.id) and article_output(html_dir, m.id).is_file():
            days[m.date or "undated"].append(m.id)
        else:
            problems.append(Problem(str(article_output(html_dir, m.id)), 0, 0, Level.WARNING, "dts-missing",
                                    f"{m.id} has no DTS resource (its html stage did not write it): not listed"))  # fmt: skip
    years: dict[str, list[str]] = defaultdict(list)
    for day in sorted(days):
        years[day[:4] if day[:4].isdigit() else "undated"].append(day)
    written: set[str] = set()

    def put(rel: str, obj: Mapping[str, Any]) -> None:
        written.add(rel)
        write_if_changed(out / rel, _dumps(obj))

    titles = [{"lang": "en", "value": config.title}]
    titles += [{"lang": "zh-Hans", "value": config.title_zh}] if config.title_zh else []
    root = _collection(ROOT_ID, config.title, 0, len(years), base,
                       description=config.external_description or config.title,
                       dublinCore={"title": titles, "publisher": [config.publisher]})  # fmt: skip
    put("index.json", entry_point(config))
    whole_root = _top({**root, "member": [_collection(y, y, 1, len(years[y]), base) for y in sorted(years)]})
    put("collection.json", whole_root)
    put(f"collection/{ROOT_ID}.json", whole_root)
    put(f"collection/{ROOT_ID};nav=parents.json", _top({**root, "member": []}))
    for year in sorted(years):
        year_obj = _collection(year, year, 1, len(years[year]), base, dublinCore={"date": year})
        put(f"collection/{year}.json", _top({**year_obj, "member": [_collection(d, d, 1, len(days[d]), base) for d in years[year]]}))
        put(f"collection/{year};nav=parents.json", _top({**year_obj, "member": [root]}))
        for day in years[year]:
            day_obj = _collection(day, day, 1, len(days[day]), base, dublinCore={"date": day})
            resources = []
            for rid in days[day]:
                path = article_output(html_dir, rid)
                try:
                    resource = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError) as err:
                    problems.append(Problem(str(path), 0, 0, Level.ERROR, "dts-unreadable", f"cannot read: {err}"))
                    continue
                put(f"collection/{rid}.json", resource)
                member = {k: v for k, v in resource.items() if k not in ("@context", "dtsVersion")}
                put(f"collection/{rid};nav=parents.json", {**resource, "member": [day_obj]})
                resources.append(member)
            put(f"collection/{day}.json", _top({**day_obj, "member": resources}))
            put(f"collection/{day};nav=parents.json", _top({**day_obj, "member": [year_obj]}))
    folder = out / "collection"
    if folder.is_dir():
        with os.scandir(folder) as it:
            stale = [e.path for e in it if e.is_file() and f"collection/{e.name}" not in written]
        for path in stale:
            os.unlink(path)
    return problems


# ---- the query form, for `teiedit serve` ------------------------------------------------------------


class DtsError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def answer(site: Path, endpoint: str, query: str, request_url: str) -> tuple[str, bytes, dict[str, str]]:
    """(content type, body, extra headers) for a DTS request in the query form, from the static files.

    Raises DtsError(400/404) as the spec asks: a missing resource, ref with start/end, start/end (not
    supported at Level 0), navigation without ref and down, down=0 without ref, an unknown resource,
    tree or ref, another media type."""
    params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    out = Path(site) / "dts"
    if endpoint == "collection":
        cid, nav = params.get("id", ""), params.get("nav", "children")
        if nav not in ("children", "parents") or params.get("page", "1") != "1":
            raise DtsError(400, "nav is children or parents; collections have one page")
        if cid and not _safe_name(cid):
            raise DtsError(404, f"no collection {cid!r}")
        name = (f"collection/{cid}" if cid else "collection") + (";nav=parents" if nav == "parents" else "")
        return "application/ld+json", _read(out / f"{name}.json"), {}
    resource = params.get("resource", "")
    if not resource:
        raise DtsError(400, "the resource parameter is required")
    if "start" in params or "end" in params:
        raise DtsError(400, "start and end are not supported (DTS Level 0)" if "ref" not in params
                       else "ref cannot be used with start and end")  # fmt: skip
    tree, ref = params.get("tree", ""), params.get("ref", "")
    for value in (resource, tree, ref):
        if value and not _safe_name(value):
            raise DtsError(404, f"no such resource, tree or reference: {value!r}")
    folder = out / "resources" / resource
    if not folder.is_dir():
        raise DtsError(404, f"no resource {resource!r}")
    tree_part = f";tree={tree}" if tree else ""
    if endpoint == "document":
        # (a media type has no space: "application/tei+xml" typed into a browser's address bar arrives with
        # its + read as one, where a URI-template client sends %2B)
        if params.get("mediaType", TEI_MEDIA).replace(" ", "+") != TEI_MEDIA:
            raise DtsError(404, f"{params['mediaType']} is not available: only {TEI_MEDIA}")
        if tree and not (folder / f"navigation{tree_part};down=-1.json").is_file():
            raise DtsError(404, f"no citation tree {tree!r}")
        name = f"document{tree_part}/{ref}.xml" if ref else "document.xml"
        link = f'<{site_url_of(request_url)}dts/collection/{resource}.json>; rel="collection"'
        if not (folder / name).is_file():  # a unit below dts_unit_depth: made now, from document.xml
            return TEI_MEDIA, _on_demand(folder, name), {"Link": link}
        return TEI_MEDIA, _read(folder / name), {"Link": link}
    if endpoint != "navigation":
        raise DtsError(404, f"no endpoint {endpoint!r}")
    down_text = params.get("down")
    if down_text is None and not ref:
        raise DtsError(400, "navigation needs ref or down")
    try:
        down = int(down_text) if down_text is not None else None
    except ValueError:
        raise DtsError(400, f"down must be an integer, not {down_text!r}") from None
    if down is not None and (down < -1 or (down == 0 and not ref)):
        raise DtsError(400, "down is -1 or more, and 0 only with ref")
    whole_path = folder / f"navigation{tree_part};down=-1.json"
    if not whole_path.is_file():
        raise DtsError(404, f"no citation tree {tree!r}" if tree else f"no resource {resource!r}")
    nav = json.loads(whole_path.read_text("utf-8"))
    units = nav.pop("member")
    nav["@id"] = request_url
    return "application/ld+json", _dumps(_navigate(nav, units, ref, down)), {}


def site_url_of(request_url: str) -> str:
    return request_url.split("/dts/", 1)[0] + "/"


def _navigate(nav: dict[str, Any], units: list[dict[str, Any]], ref: str, down: int | None) -> dict[str, Any]:
    """A Navigation response from a tree's full listing (pre-order), as the spec's table of ref/down says."""
    by_ref = {u["identifier"]: i for i, u in enumerate(units)}
    if ref and ref not in by_ref:
        raise DtsError(404, f"no citable unit {ref!r} in this tree")
    if not ref:
        assert down is not None
        nav["member"] = [u for u in units if down == -1 or u["level"] <= down]
        return nav
    unit = units[by_ref[ref]]
    nav["ref"] = unit
    if down is None:
        return nav
    if down == 0:  # the unit and its siblings
        nav["member"] = [u for u in units if u["parent"] == unit["parent"] and u["level"] == unit["level"]]
        return nav
    members, i = [unit], by_ref[ref] + 1
    while i < len(units) and units[i]["level"] > unit["level"]:  # its subtree, pre-order
        if down == -1 or units[i]["level"] - unit["level"] <= down:
            members.append(units[i])
        i += 1
    nav["member"] = members
    return nav


_ON_DEMAND: list[DtsWriter] = []


def _on_demand(folder: Path, name: str) -> bytes:
    """One file of an article's folder as if every level were precomputed (dts_unit_depth = -1),
    made from the article's own document.xml: `teiedit serve` answers what the static files capped."""
    source = folder / "document.xml"
    try:
        data = source.read_bytes()
        root = parse_bytes(data, str(source))
    except (OSError, etree.XMLSyntaxError):
        raise DtsError(404, f"not found: {name}") from None
    if not _ON_DEMAND:
        _ON_DEMAND.append(DtsWriter(EditionConfig(), folder.parent.parent.parent))
    _, files, _ = _ON_DEMAND[0].files(root, source, data, unit_depth=-1)
    if name not in files:
        raise DtsError(404, f"no citable unit for {name}")
    return files[name]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise DtsError(404, f"not found: {path.name}") from None
