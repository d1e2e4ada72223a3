"""The aligned corpus as data: every sentence bead of the edition as TMX 1.4b, XCES, TSV or JSON Lines.

Translation scholars load the beads into concordancers and CAT tools; these formats are what those
tools read. The export streams: one TEI file is parsed, its beads are written and the tree is dropped
before the next file is read (XML goes out through lxml's incremental writer), so memory stays flat
however large the corpus (benchmarks/export_speed.py measures it).

A bead is one `link` of `standOff/linkGrp[@type='alignment']`. Its targets are the Chinese sentences
then the English ones; a target that resolves to an `anchor` (the place of a sentence the other
version leaves out) contributes no sentence, so a `1-0` bead has no English side. A link is
*reviewed* when its `@resp` names an agent other than `#teiedit` (a person made or confirmed it, and
it has no `@cert`); `--min-cert` never drops reviewed beads.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from . import __version__
from .meta import NS, XML_ID, meta_from_tree
from .problems import Level, Problem
from .reading import reading_text  # the reading text (xslt/common/reading.xsl twin), as search uses it
from .xmlsafe import parse_file

FORMATS = ("tmx", "xces", "tsv", "jsonl")
TEI = NS["t"]
XML_LANG_ATTR = "{http://www.w3.org/XML/1998/namespace}lang"
MACHINE = "#teiedit"
TSV_FIELDS = ("article", "date", "bead", "shape", "cert", "reviewed", "resp", "zh_ids", "en_ids", "zh", "en")


@dataclass(frozen=True)
class Bead:
    """One sentence bead with the texts of its two sides (an empty side for a 1-0 / 0-1 bead)."""

    article: str
    date: str
    n: int  # 1-based position of the link in the article's alignment
    shape: str
    cert: float | None  # None for a reviewed link (a person's check is not a probability)
    resp: str
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    zh_texts: tuple[str, ...]  # one reading text per sentence, in the order of the ids
    en_texts: tuple[str, ...]

    @property
    def zh(self) -> str:
        """The Chinese side: its sentences run on without spaces."""
        return "".join(self.zh_texts)

    @property
    def en(self) -> str:
        """The English side: its sentences separated by one space."""
        return " ".join(t for t in self.en_texts if t)

    @property
    def reviewed(self) -> bool:
        return bool(self.resp) and self.resp != MACHINE

    @property
    def tuid(self) -> str:
        return f"{self.article}#b{self.n}"

    def cert_text(self) -> str:
        return "" if self.cert is None else f"{self.cert:.2f}"

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article,
            "date": self.date,
            "bead": self.n,
            "shape": self.shape,
            "cert": self.cert,
            "reviewed": self.reviewed,
            "resp": self.resp,
            "zh_ids": list(self.zh_ids),
            "en_ids": list(self.en_ids),
            "zh": self.zh,
            "en": self.en,
            "zh_sentences": list(self.zh_texts),
            "en_sentences": list(self.en_texts),
        }


def article_beads(path: Path, problems: list[Problem]) -> list[Bead]:
    """The beads of one TEI file, in document order; a file that cannot be read is a Problem."""
    try:
        root = parse_file(path).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        line, col = getattr(exc, "position", (0, 0)) or (0, 0)
        problems.append(Problem(str(path), line, col, Level.ERROR, "export-xml", f"not readable as XML: {exc}"))
        return []
    meta = meta_from_tree(root, path.name)
    sentences: dict[str, tuple[str, str]] = {}  # id → (language, reading text)
    for div in root.iterfind(f"{{{TEI}}}text/{{{TEI}}}body/{{{TEI}}}div"):
        lang = div.get(XML_LANG_ATTR) or ""
        for s in div.iter(f"{{{TEI}}}s"):
            sid = s.get(XML_ID)
            if sid:
                sentences[sid] = (lang, reading_text(s))
    beads: list[Bead] = []
    links = root.xpath("/t:TEI/t:standOff/t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    for n, link in enumerate(links, start=1):
        zh: list[str] = []
        en: list[str] = []
        for target in (link.get("target") or "").split():
            found = sentences.get(target.removeprefix("#"))
            if found is None:
                continue  # a gap anchor: this side has no sentence here
            (zh if found[0] == "zh-Hans" else en).append(target.removeprefix("#"))
        cert_attr = link.get("cert")
        try:
            cert = float(cert_attr) if cert_attr is not None else None
        except ValueError:
            problems.append(
                Problem(
                    str(path),
                    link.sourceline or 0,
                    0,
                    Level.WARNING,
                    "export-cert",
                    f"cert {cert_attr!r} is not a number",
                )
            )
            cert = None
        beads.append(
            Bead(
                article=meta.id,
                date=meta.date,
                n=n,
                shape=link.get("type") or f"{len(zh)}-{len(en)}",
                cert=cert,
                resp=link.get("resp") or "",
                zh_ids=tuple(zh),
                en_ids=tuple(en),
                zh_texts=tuple(sentences[i][1] for i in zh),
                en_texts=tuple(sentences[i][1] for i in en),
            )
        )
    return beads


def iter_beads(paths: Iterable[Path], problems: list[Problem], min_cert: float | None = None) -> Iterator[Bead]:
    """Every bead of every file, file by file (one tree in memory at a time); reviewed beads always pass."""
    for path in paths:
        for bead in article_beads(path, problems):
            if min_cert is None or bead.reviewed or (bead.cert is not None and bead.cert >= min_cert):
                yield bead


Sink = Generator[None, "Bead | None", None]  # takes beads by send(); None ends the document


def _drive(sink: Sink, beads: Iterable[Bead]) -> int:
    """Feed beads to one writer; the count written."""
    return _fan_out([sink], beads)


def _fan_out(sinks: list[Sink], beads: Iterable[Bead]) -> int:
    """Feed every bead to every writer (the build writes all formats from one read of the TEI)."""
    for sink in sinks:
        next(sink)
    count = 0
    for bead in beads:
        for sink in sinks:
            sink.send(bead)
        count += 1
    for sink in sinks:
        with contextlib.suppress(StopIteration):
            sink.send(None)
    return count


def write_tmx(beads: Iterable[Bead], out: IO[bytes]) -> int:
    """TMX 1.4b: see `tmx_sink`. Returns the number of beads written."""
    return _drive(tmx_sink(out), beads)


def tmx_sink(out: IO[bytes]) -> Sink:
    """TMX 1.4b: one `tu` per bead (`tuid` article#bN), a `tuv` per side that has text, and the
    article, date, shape, certainty and review state as `prop`s (TMX's user-defined `x-` types)."""
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            header = etree.Element(
                "header",
                creationtool="teiedit",
                creationtoolversion=__version__,
                segtype="sentence",
                adminlang="en",
                srclang="zh-Hans",
                datatype="plaintext",
                **{"o-tmf": "TEI"},
            )
            xf.write(header)
            with xf.element("body"):
                while (bead := (yield)) is not None:
                    tu = etree.Element("tu", tuid=bead.tuid)
                    for kind, value in (
                        ("x-article", bead.article),
                        ("x-date", bead.date),
                        ("x-bead", str(bead.n)),
                        ("x-shape", bead.shape),
                        ("x-cert", bead.cert_text()),
                        ("x-reviewed", "yes" if bead.reviewed else "no"),
                        ("x-zh-ids", " ".join(bead.zh_ids)),
                        ("x-en-ids", " ".join(bead.en_ids)),
                    ):
                        if value:
                            etree.SubElement(tu, "prop", type=kind).text = value
                    for lang, text in (("zh-Hans", bead.zh), ("en", bead.en)):
                        if text:
                            tuv = etree.SubElement(tu, "tuv", {XML_LANG_ATTR: lang})
                            etree.SubElement(tuv, "seg").text = text
                    xf.write(tu, "\n")


def xces_companions(path: Path) -> tuple[Path, Path]:
    """The two sentence documents an XCES alignment file points to: `NAME.zh-Hans.xml`, `NAME.en.xml`."""
    stem = path.name.removesuffix(".xml")
    return path.with_name(f"{stem}.zh-Hans.xml"), path.with_name(f"{stem}.en.xml")


def _qualified(article: str, sid: str) -> str:
    """Sentence ids repeat across articles (`zh-p1-s1`); in the corpus documents they carry the article."""
    return f"{article}.{sid}"


def write_xces(beads: Iterable[Bead], out: Path) -> int:
    """XCES: see `xces_sink`. Returns the number of beads written."""
    return _drive(xces_sink(out), beads)


def xces_sink(out: Path, names: tuple[Path, Path] | None = None) -> Sink:
    """XCES: `cesAlign` with one `linkGrp targType="s"` per article (`xtargets="zh-ids;en-ids"`), and the
    two `cesDoc` sentence documents it points to, written side by side in one pass."""
    zh_path, en_path = xces_companions(out)
    zh_name, en_name = (p.name for p in (names or (zh_path, en_path)))
    with (
        open(out, "wb") as fa,
        open(zh_path, "wb") as fz,
        open(en_path, "wb") as fe,
        etree.xmlfile(fa, encoding="UTF-8") as xa,
        etree.xmlfile(fz, encoding="UTF-8") as xz,
        etree.xmlfile(fe, encoding="UTF-8") as xe,
    ):
        for xf in (xa, xz, xe):
            xf.write_declaration()
        with (
            xa.element("cesAlign", version="1.0", fromDoc=zh_name, toDoc=en_name),
            xz.element("cesDoc", version="1.0", lang="zh-Hans"),  # XCES's own global `lang`
            xe.element("cesDoc", version="1.0", lang="en"),
            xa.element("linkList"),
            xz.element("text"),
            xe.element("text"),
            xz.element("body"),
            xe.element("body"),
        ):
            group: etree._Element | None = None
            docs: dict[str, etree._Element] = {}
            current = ""

            def flush() -> None:
                if group is not None:
                    xa.write(group, "\n")
                    xz.write(docs["zh"], "\n")
                    xe.write(docs["en"], "\n")

            while (bead := (yield)) is not None:
                if bead.article != current:
                    flush()
                    current = bead.article
                    group = etree.Element("linkGrp", targType="s", fromDoc=zh_name, toDoc=en_name)
                    group.set("id", bead.article)
                    docs = {lang: etree.Element("div", id=bead.article) for lang in ("zh", "en")}
                    for div in docs.values():
                        div.set("n", bead.date)
                assert group is not None
                for lang, ids, texts in (("zh", bead.zh_ids, bead.zh_texts), ("en", bead.en_ids, bead.en_texts)):
                    for sid, text in zip(ids, texts, strict=True):
                        etree.SubElement(docs[lang], "s", id=_qualified(bead.article, sid)).text = text
                link = etree.SubElement(group, "link", id=f"{bead.article}.b{bead.n}")
                link.set(
                    "xtargets",
                    " ".join(_qualified(bead.article, i) for i in bead.zh_ids)
                    + ";"
                    + " ".join(_qualified(bead.article, i) for i in bead.en_ids),
                )
                link.set("type", bead.shape)
                if bead.cert is not None:
                    link.set("certainty", bead.cert_text())
                if bead.reviewed:
                    link.set("status", "reviewed")
                    link.set("resp", bead.resp)
            flush()


def write_tsv(beads: Iterable[Bead], out: IO[str]) -> int:
    """TSV: see `tsv_sink`. Returns the number of beads written."""
    return _drive(tsv_sink(out), beads)


def tsv_sink(out: IO[str]) -> Sink:
    """TSV with a header row; ids space-separated; texts are white-space collapsed, so no tab or newline."""
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TSV_FIELDS)
    while (bead := (yield)) is not None:
        row = bead.as_dict()
        row["zh"], row["en"] = bead.zh, bead.en
        row["zh_ids"] = " ".join(bead.zh_ids)
        row["en_ids"] = " ".join(bead.en_ids)
        row["cert"] = bead.cert_text()
        row["reviewed"] = "yes" if bead.reviewed else "no"
        writer.writerow([row[f] for f in TSV_FIELDS])


def write_jsonl(beads: Iterable[Bead], out: IO[str]) -> int:
    """JSON Lines: see `jsonl_sink`. Returns the number of beads written."""
    return _drive(jsonl_sink(out), beads)


def jsonl_sink(out: IO[str]) -> Sink:
    """One JSON object a line (keys sorted, UTF-8 text unescaped), `cert` null for a reviewed bead."""
    while (bead := (yield)) is not None:
        out.write(json.dumps(bead.as_dict(), ensure_ascii=False, sort_keys=True) + "\n")


SITE_FILES = {"tmx": "beads.tmx", "xces": "beads.xces.xml", "tsv": "beads.tsv", "jsonl": "beads.jsonl"}


def write_site_data(paths: Iterable[Path], folder: Path) -> tuple[int, list[Problem]]:
    """All four formats into `folder` (the build's `html/data/`, hence also the deposit) from one read
    of each TEI file. Written beside the targets and renamed into place, so the site never serves half
    a file."""
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[Problem] = []
    tmp = {fmt: folder / f".{name}.tmp" for fmt, name in SITE_FILES.items()}
    xces_tmp = [*xces_companions(tmp["xces"])]
    try:
        with (
            open(tmp["tmx"], "wb") as tmx,
            open(tmp["tsv"], "w", encoding="utf-8", newline="") as tsv,
            open(tmp["jsonl"], "w", encoding="utf-8", newline="") as jsonl,
        ):
            sinks = [tmx_sink(tmx), xces_sink(tmp["xces"], xces_companions(folder / SITE_FILES["xces"])),
                     tsv_sink(tsv), jsonl_sink(jsonl)]  # fmt: skip
            count = _fan_out(sinks, iter_beads(paths, problems))
        for src, dst in zip(xces_tmp, xces_companions(folder / SITE_FILES["xces"]), strict=True):
            src.replace(dst)
        for fmt, name in SITE_FILES.items():
            tmp[fmt].replace(folder / name)
    finally:
        for leftover in [*tmp.values(), *xces_tmp]:
            leftover.unlink(missing_ok=True)
    return count, problems


def export(
    paths: Iterable[Path], fmt: str, out: Path | None, min_cert: float | None = None
) -> tuple[int, list[Problem]]:
    """Write the beads of `paths` in `fmt` to `out` (None: standard output; XCES needs a file).

    Returns the number of beads written and the problems met."""
    problems: list[Problem] = []
    beads = iter_beads(paths, problems, min_cert)
    if fmt == "xces":
        if out is None:
            raise ValueError("XCES writes three files: give -o FILE")
        return write_xces(beads, out), problems
    if fmt == "tmx":
        if out is None:
            return write_tmx(beads, sys.stdout.buffer), problems
        with open(out, "wb") as fb:
            return write_tmx(beads, fb), problems
    writer = write_tsv if fmt == "tsv" else write_jsonl
    if out is None:
        return writer(beads, sys.stdout), problems
    with open(out, "w", encoding="utf-8", newline="") as ft:
        return writer(beads, ft), problems
