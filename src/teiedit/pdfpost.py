"""What FOP cannot say in a PDF/A, said afterwards (pikepdf): dates, the attachment's kind, span languages.

Why a second pass: FOP 2.8 writes every embedded file as `application/octet-stream` with
`/AFRelationship /Data` (the TEI is the PDF's *source*), gives the attachment the wall clock as its
dates, writes a time-based `/ID`, no `/ModDate`, and no `/Lang` for an `fo:inline` in its structure tree
(only blocks get one, and `xml:lang="zh-Hans"` comes out as `zh-HANS`). This pass rewrites those objects
only, keeps every stream as FOP encoded it (the XMP packet stays uncompressed, as PDF/A wants), and has
qpdf derive the `/ID` from the written bytes, so the file is a function of its input: same TEI, same
stylesheets → same bytes, whatever the clock or time zone of the machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Collection

from lxml import etree

from .xmlsafe import parse_bytes

# the prefix the print stylesheets put before a language tag in fox:abbreviation (xslt/print/fo-common.xsl,
# $p:lang-mark): FOP copies it into the inline's structure element as /E
LANG_MARK = "teiedit-lang:"
TEI_MIME = "application/tei+xml"

XMP_NS = "http://ns.adobe.com/xap/1.0/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC_NS = "http://purl.org/dc/elements/1.1/"


def pdf_date(when: dt.datetime) -> str:
    """PDF's date string in UTC: D:YYYYMMDDHHmmSSZ."""
    return "D:" + when.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S") + "Z"


def xmp_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_lang(tag: str) -> str:
    """BCP 47 case conventions (language lower, script title, region upper): FOP writes zh-HANS."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _xmp_with_dates(packet: bytes, created: dt.datetime, modified: dt.datetime) -> bytes:
    """The XMP packet with CreateDate (and dc:date) `created`, ModifyDate and MetadataDate `modified`."""
    root = parse_bytes(packet, "XMP packet", collect_ids=False)
    descriptions = root.findall(f".//{{{RDF_NS}}}Description")
    holder = next((d for d in descriptions if d.find(f"{{{XMP_NS}}}CreateDate") is not None), None)
    if holder is None:
        rdf = root.find(f".//{{{RDF_NS}}}RDF")
        if rdf is None:
            raise ValueError("XMP packet without rdf:RDF")
        holder = etree.SubElement(rdf, f"{{{RDF_NS}}}Description", {f"{{{RDF_NS}}}about": ""}, nsmap={"xmp": XMP_NS})
    for name, when in (("CreateDate", created), ("ModifyDate", modified), ("MetadataDate", modified)):
        el = holder.find(f"{{{XMP_NS}}}{name}")
        if el is None:
            el = etree.SubElement(holder, f"{{{XMP_NS}}}{name}")
        el.text = xmp_date(when)
    for li in root.iterfind(f".//{{{DC_NS}}}date//{{{RDF_NS}}}li"):
        li.text = xmp_date(created)
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=False)


def _fix_structure_langs(doc: object) -> int:
    """Turn the language marks FOP copied into /E into /Lang; canonicalise every /Lang. Returns the number
    of inline spans that got a /Lang."""
    import pikepdf

    root = doc.Root  # type: ignore[attr-defined]
    if "/StructTreeRoot" not in root:
        return 0
    spans = 0
    seen: set[tuple[int, int]] = set()
    stack = [root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        expansion = node.get("/E")
        if expansion is not None and str(expansion).startswith(LANG_MARK):
            node.Lang = pikepdf.String(canonical_lang(str(expansion)[len(LANG_MARK) :]))
            del node["/E"]
            spans += 1
        elif "/Lang" in node and "/S" in node:
            node.Lang = pikepdf.String(canonical_lang(str(node.Lang)))
        if "/S" in node or node.get("/Type") == "/StructTreeRoot":
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
    return spans


def finish(pdf: bytes, created: dt.datetime, modified: dt.datetime, sources: Collection[bytes]) -> bytes:
    """FOP's PDF → the archival PDF: the given dates everywhere (document info, XMP, attachments), the
    attached TEI files (`sources`: their bytes) as `application/tei+xml` with `/AFRelationship /Source`,
    /Lang on language spans, an /ID that is a digest of the file (dates included)."""
    import pikepdf

    stamp = pikepdf.String(pdf_date(modified))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.docinfo.CreationDate = pikepdf.String(pdf_date(created))
        doc.docinfo.ModDate = stamp
        if "/Metadata" in doc.Root:
            meta = doc.Root.Metadata
            meta.write(_xmp_with_dates(meta.read_bytes(), created, modified))
        specs = list(doc.Root.get("/AF", []))
        names = doc.Root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
        specs += [names[i] for i in range(1, len(names), 2)]
        for spec in specs:
            stream = spec.EF.F
            data = stream.read_bytes()
            if data in sources:
                spec.AFRelationship = pikepdf.Name.Source
                stream.Subtype = pikepdf.Name("/" + TEI_MIME)
            params = stream.get("/Params", pikepdf.Dictionary())
            params.CreationDate = pikepdf.String(pdf_date(created))
            params.ModDate = stamp
            params.Size = len(data)
            params.CheckSum = pikepdf.String(hashlib.md5(data, usedforsecurity=False).digest())
            stream.Params = params
        _fix_structure_langs(doc)
        # FOP's /ID is time-based; without one, qpdf makes both halves a digest of the file it writes
        if "/ID" in doc.trailer:
            del doc.trailer["/ID"]
        out = io.BytesIO()
        doc.save(
            out,
            deterministic_id=True,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,  # a classic xref table, as in FOP's PDF 1.4
            normalize_content=False,
            linearize=False,
        )
    return out.getvalue()


_TEI_DATE = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?)?$")


def parse_tei_date(value: str) -> dt.datetime | None:
    """A TEI @when (a year, year-month, date or dateTime) as a UTC datetime; None if it is none of these."""
    m = _TEI_DATE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        tz = dt.UTC
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            tz = dt.timezone(sign * dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        return dt.datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz
        ).astimezone(dt.UTC)
    except ValueError:
        return None
