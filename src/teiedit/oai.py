"""OAI-PMH 2.0 for harvesters: a small conformant responder over the TEI copies the site already carries.

Why a responder and not an OAI static repository: a static repository is one XML file of at most
5,000 records, made harvestable only through a Static Repository Gateway that gives each file its own
base URL. A newspaper edition outgrows that in weeks (People's Daily prints tens of thousands of
articles a year), so it would be dozens of separate repositories to register, each a partial view. The
responder answers the six verbs with one base URL and resumption tokens over the whole edition, needs
nothing but the site folder (`html/tei/*.xml`, which every build writes), and makes each record with the
deposit's own `xslt/deposit/dc.xsl`, so the deposit's `dc/` and the harvest agree. `teiedit serve`
mounts it at `/oai`; behind a production server it is a few lines of WSGI or CGI around `respond()`.

Identifiers are `oai:<repository id>:<article id>`; datestamps are the UTC day the TEI copy was last
written (granularity YYYY-MM-DD); the edition has no sets and keeps no deleted records.

A record whose Dublin Core cannot be made (dc.xsl fails on it, or its TEI copy is damaged) is that
record's problem, never the response's: it is logged (`teiedit.oai`, with the file and the reason, once
per file and version), left out of ListRecords, and GetRecord answers it with `cannotDisseminateFormat`
(the item exists, its metadata cannot be disseminated); every response stays valid OAI-PMH.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .config import EditionConfig
from .problems import Level, Problem
from .xmlsafe import parse_bytes

log = logging.getLogger("teiedit.oai")

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/")
PAGE_SIZE = 100  # records (or headers) per ListRecords / ListIdentifiers response
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OaiError(Exception):
    """An OAI-PMH error condition: its code (badArgument, idDoesNotExist, …) and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class RecordFailed(Exception):
    """One item's metadata could not be made; `problem` names the file and the reason."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.msg)
        self.problem = problem


@dataclass(frozen=True)
class Item:
    article: str
    path: Path
    datestamp: str  # YYYY-MM-DD


def _day(value: str, name: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _raise(name, value)
    except ValueError:
        return _raise(name, value)


def _raise(name: str, value: str) -> str:
    raise OaiError("badArgument", f"{name}={value!r} is not a date of the form YYYY-MM-DD")


class OaiRepository:
    """The records of one site folder; the item list is re-read when the `tei/` folder changes."""

    def __init__(self, site: Path, config: EditionConfig, base_url: str, page_size: int = PAGE_SIZE) -> None:
        self.site = site
        self.config = config
        self.base_url = base_url
        self.page_size = page_size
        self.repo_id = str(config.extra.get("oai_repository_id", "teiedit.edition"))
        self._lock = threading.Lock()
        self._dc: object | None = None
        self._items: list[Item] = []
        self._seen: tuple[int, int] = (-1, -1)
        self.problems: dict[tuple[str, str], Problem] = {}  # (file, datestamp) → why its record failed

    # -- the items ---------------------------------------------------------------------------
    def items(self) -> list[Item]:
        folder = self.site / "tei"
        try:
            stat = folder.stat()
            key = (stat.st_mtime_ns, len(list(folder.glob("*.xml"))))
        except OSError:
            return []
        with self._lock:
            if key != self._seen:
                found = []
                for path in sorted(folder.glob("*.xml")):
                    if path.name.startswith("."):
                        continue
                    day = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()
                    found.append(Item(path.stem, path, day))
                found.sort(key=lambda i: (i.datestamp, i.article))
                self._items, self._seen = found, key
            return self._items

    def identifier(self, item: Item) -> str:
        return f"oai:{self.repo_id}:{item.article}"

    def _item(self, identifier: str) -> Item:
        prefix = f"oai:{self.repo_id}:"
        article = identifier.removeprefix(prefix) if identifier.startswith(prefix) else None
        found = next((i for i in self.items() if i.article == article), None)
        if found is None:
            raise OaiError("idDoesNotExist", f"no record {identifier!r} in this repository")
        return found

    def _metadata(self, item: Item) -> etree._Element:
        """The item's oai_dc record; RecordFailed (logged once per file version) when it cannot be made."""
        from .deposit import DublinCore, DublinCoreError

        with self._lock:
            if self._dc is None:
                self._dc = DublinCore()
            try:
                data = self._dc.record(item.path)  # type: ignore[attr-defined]
                return parse_bytes(data)
            except DublinCoreError as err:
                problem = err.problem
            except etree.XMLSyntaxError as err:  # the stylesheet wrote something that is not XML
                problem = Problem(str(item.path), 0, 0, Level.ERROR, "dc-failed", f"Dublin Core record is not XML: {err}")
            key = (str(item.path), item.datestamp)
            if key not in self.problems:
                self.problems[key] = problem
                log.warning("%s (record left out of OAI-PMH responses)", problem)
        raise RecordFailed(problem)

    # -- the protocol ------------------------------------------------------------------------
    def respond(self, params: Mapping[str, Sequence[str]], now: dt.datetime | None = None) -> bytes:
        """The OAI-PMH response to one request's arguments (as parsed from the query or form)."""
        now = now or dt.datetime.now(dt.UTC)
        root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
        etree.SubElement(root, f"{{{OAI_NS}}}responseDate").text = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = etree.SubElement(root, f"{{{OAI_NS}}}request")
        request.text = self.base_url
        try:
            args = self._check(params)
            for name, value in args.items():
                request.set(name, value)
            root.append(getattr(self, f"_{args['verb']}")(args))
        except OaiError as err:
            error = etree.SubElement(root, f"{{{OAI_NS}}}error", code=err.code)
            error.text = str(err)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _check(self, params: Mapping[str, Sequence[str]]) -> dict[str, str]:
        verb = list(params.get("verb", []))
        if len(verb) != 1 or verb[0] not in VERBS:
            raise OaiError("badVerb", "missing, repeated or unknown verb")
        required, optional = VERBS[verb[0]]
        args = {"verb": verb[0]}
        for name, values in params.items():
            if name == "verb":
                continue
            if name not in required | optional:
                raise OaiError("badArgument", f"{name} is not an argument of {verb[0]}")
            if len(values) != 1:
                raise OaiError("badArgument", f"{name} is repeated")
            args[name] = values[0]
        if "resumptionToken" in args:
            if len(args) != 2:
                raise OaiError("badArgument", "resumptionToken is an exclusive argument")
            return args
        missing = required - args.keys()
        if missing:
            raise OaiError("badArgument", f"{verb[0]} needs {', '.join(sorted(missing))}")
        return args

    def _el(self, tag: str, text: str | None = None) -> etree._Element:
        el = etree.Element(f"{{{OAI_NS}}}{tag}")
        el.text = text
        return el

    def _Identify(self, _args: dict[str, str]) -> etree._Element:
        out = self._el("Identify")
        items = self.items()
        earliest = min((i.datestamp for i in items), default="1970-01-01")
        email = self.config.contact_email or f"editors@{self.repo_id}"
        for tag, text in (("repositoryName", self.config.title), ("baseURL", self.base_url),
                          ("protocolVersion", "2.0"), ("adminEmail", email), ("earliestDatestamp", earliest),
                          ("deletedRecord", "no"), ("granularity", "YYYY-MM-DD")):  # fmt: skip
            out.append(self._el(tag, text))
        return out

    def _ListMetadataFormats(self, args: dict[str, str]) -> etree._Element:
        if "identifier" in args:
            self._item(args["identifier"])
        out = self._el("ListMetadataFormats")
        fmt = etree.SubElement(out, f"{{{OAI_NS}}}metadataFormat")
        for tag, text in zip(("metadataPrefix", "schema", "metadataNamespace"), OAI_DC, strict=True):
            fmt.append(self._el(tag, text))
        return out

    def _ListSets(self, _args: dict[str, str]) -> etree._Element:
        raise OaiError("noSetHierarchy", "this repository has no sets")

    def _header(self, item: Item) -> etree._Element:
        header = self._el("header")
        header.append(self._el("identifier", self.identifier(item)))
        header.append(self._el("datestamp", item.datestamp))
        return header

    def _record(self, item: Item) -> etree._Element:
        record = self._el("record")
        record.append(self._header(item))
        metadata = etree.SubElement(record, f"{{{OAI_NS}}}metadata")
        metadata.append(self._metadata(item))
        return record

    def _GetRecord(self, args: dict[str, str]) -> etree._Element:
        item = self._item(args["identifier"])
        self._prefix(args["metadataPrefix"])
        out = self._el("GetRecord")
        try:
            out.append(self._record(item))
        except RecordFailed as err:
            raise OaiError("cannotDisseminateFormat",
                           f"the oai_dc record of {args['identifier']!r} cannot be made at present: {err.problem.msg}") from None  # fmt: skip
        return out

    def _prefix(self, prefix: str) -> None:
        if prefix != OAI_DC[0]:
            raise OaiError("cannotDisseminateFormat", f"metadataPrefix {prefix!r} is not offered (only oai_dc)")

    def _ListIdentifiers(self, args: dict[str, str]) -> etree._Element:
        return self._list(args, "ListIdentifiers", self._header)

    def _ListRecords(self, args: dict[str, str]) -> etree._Element:
        return self._list(args, "ListRecords", self._record)

    def _list(self, args: dict[str, str], verb: str, make: object) -> etree._Element:
        """A page of the list; the token carries offset, range and prefix (`offset|from|until|prefix`)."""
        if "resumptionToken" in args:
            parts = args["resumptionToken"].split("|")
            if len(parts) != 4 or not parts[0].isdigit():
                raise OaiError("badResumptionToken", "not a token this repository gave out")
            offset, start, until, prefix = int(parts[0]), parts[1], parts[2], parts[3]
        else:
            if "set" in args:
                raise OaiError("noSetHierarchy", "this repository has no sets")
            offset, prefix = 0, args["metadataPrefix"]
            start = _day(args["from"], "from") if "from" in args else ""
            until = _day(args["until"], "until") if "until" in args else ""
            if start and until and start > until:
                raise OaiError("badArgument", "from is later than until")
        self._prefix(prefix)
        chosen = [
            i for i in self.items() if (not start or i.datestamp >= start) and (not until or i.datestamp <= until)
        ]
        if not chosen:
            raise OaiError("noRecordsMatch", "no records in this range")
        if offset >= len(chosen) and offset:
            raise OaiError("badResumptionToken", "the token points past the end of the list")
        out = self._el(verb)
        end, made = offset, 0
        while end < len(chosen) and made < self.page_size:  # a failing record is left out, the page filled on
            try:
                out.append(make(chosen[end]))  # type: ignore[operator]
                made += 1
            except RecordFailed:
                pass
            end += 1
        if not made and end >= len(chosen):  # the schema wants one record at least
            raise OaiError("noRecordsMatch", "no record in this range can be disseminated")
        # a token must lead to a page with a record: look past the failing ones for the next that can be
        # made (the next page starts there; when none is left, this page ends the list)
        while end < len(chosen):
            try:
                make(chosen[end])  # type: ignore[operator]
                break
            except RecordFailed:
                end += 1
        if end < len(chosen) or offset:
            token = etree.SubElement(out, f"{{{OAI_NS}}}resumptionToken",
                                     completeListSize=str(len(chosen)), cursor=str(offset))  # fmt: skip
            if end < len(chosen):
                token.text = f"{end}|{start}|{until}|{prefix}"
        return out


def site_handler(site: Path, config: EditionConfig) -> type:
    """A static-file handler for `site` that answers OAI-PMH at `/oai` (GET and POST, as the protocol
    allows both), and DTS's query form at `/dts/collection|navigation|document?…` from the site's static
    DTS files (`teiedit.dts.answer`); the base URL is the address the request came in on."""
    from http.server import SimpleHTTPRequestHandler
    from urllib.parse import parse_qs, urlsplit

    repos: dict[str, OaiRepository] = {}

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def _oai(self, query: str) -> None:
            base = f"http://{self.headers.get('Host', '127.0.0.1')}/oai"
            repo = repos.setdefault(base, OaiRepository(site, config, base))
            body = repo.respond(parse_qs(query, keep_blank_values=True))
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _dts(self, endpoint: str, query: str) -> None:
            from .dts import DtsError, answer

            url = f"http://{self.headers.get('Host', '127.0.0.1')}{self.path}"
            try:
                kind, body, headers = answer(site, endpoint, query, url)
            except DtsError as e:
                self.send_error(e.status, str(e))
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def guess_type(self, path: str) -> str:  # type: ignore[override]
            """The DTS files' media types (a static server's .json and .xml would be generic)."""
            if os.path.relpath(str(path), str(site)).split(os.sep)[0] == "dts":
                if str(path).endswith(".json"):
                    return "application/ld+json"
                if str(path).endswith(".xml"):
                    return "application/tei+xml"
            return super().guess_type(path)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path in ("/oai", "/oai/"):
                self._oai(parts.query)
            elif parts.path.rstrip("/") in ("/dts/collection", "/dts/navigation", "/dts/document"):
                self._dts(parts.path.rstrip("/").rsplit("/", 1)[1], parts.query)  # DTS's query form
            else:
                super().do_GET()

        def do_POST(self) -> None:
            if urlsplit(self.path).path not in ("/oai", "/oai/"):
                self.send_error(405)
                return
            length = int(self.headers.get("Content-Length") or 0)
            self._oai(self.rfile.read(length).decode("utf-8", "replace"))

    return Handler
