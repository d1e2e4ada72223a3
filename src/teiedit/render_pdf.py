"""The print edition: TEI → XSL-FO (XSLT 3.0, saxonche) → PDF/A (Apache FOP in one long-lived JVM).

Why this shape: starting a JVM per document costs ~2 s, rendering one article in a warm JVM ~0.3 s, so
the renderer holds one JVM (JPype) and one FopFactory for the life of the process, and compiles its
stylesheets once. FOP cannot read the Noto CJK `.ttc` collections, so the Simplified Chinese faces are
extracted once into a font cache (see `ensure_fonts`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

from .config import EditionConfig
from .fsutil import data_dir, write_atomic
from .meta import ArticleMeta, meta_from_tree
from .pdfpost import finish, parse_tei_date
from .problems import Level, Problem
from .xmlsafe import parse_file, saxon_node

XSLT_DIR = data_dir("xslt")
ARTICLE_XSL = XSLT_DIR / "print" / "article.xsl"
VOLUME_XSL = XSLT_DIR / "print" / "volume.xsl"
PRINT_MODULES = (ARTICLE_XSL, VOLUME_XSL, XSLT_DIR / "print" / "fo-common.xsl", XSLT_DIR / "common" / "behaviours.xsl")

CJK_DIR = Path("/usr/share/fonts/opentype/noto")
LATIN_DIR = Path("/usr/share/fonts/truetype/noto")
FOP_SCRIPT = Path("/usr/bin/fop")
JAVA_DIR = Path("/usr/share/java")
# what /usr/bin/fop loads, should its script not be readable (Debian fop 2.8)
FALLBACK_JARS = (
    "commons-io serializer xalan2 xml-apis batik-all commons-logging xercesImpl xmlgraphics-commons "
    "xml-apis-ext fontbox2 /usr/share/fop/fop-hyph.jar fop"
).split()

CJK_FAMILY = "Noto Serif CJK SC"
LATIN_FAMILY = "Noto Serif"
# the fallback for the signs Noto Serif lacks (∅, →); regular only, so it stands for every style/weight
SYMBOL_FAMILY = "Noto Sans Math"
SYMBOL_FILE = "NotoSansMath-Regular.ttf"
# PDF/A-3a: the "accessible" level (tagged, Unicode text, /Lang); FOP refuses it without accessibility
PDFA_MODE = "PDF/A-3a"
UNKNOWN_ELEMENT = "[teiedit:unknown-element]"
TEIEDIT_MESSAGE = re.compile(r"^\[teiedit:([a-z-]+)\]\s*(.*)$")
VOLUME_NS = "urn:teiedit:print-volume"
TEI_NS = "http://www.tei-c.org/ns/1.0"


class PrintEnvironmentError(RuntimeError):
    """The machine lacks what printing needs (Java, FOP, JPype, the fonts): not a content problem."""


# ---------------------------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str  # normal | italic
    weight: str  # normal | bold
    path: Path


def _extract_sc_face(ttc: Path, full_name: str, target: Path) -> None:
    """Save the face called `full_name` of a CJK collection as a plain OpenType file.

    The faces of the Noto CJK collections share one CFF table whose font name says "jp"; the name is
    patched (same length, so no offsets move) so the PDF's font list says what the glyphs are: SC.
    """
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    collection = TTCollection(str(ttc), lazy=True)
    for font in collection.fonts:
        if font["name"].getDebugName(4) == full_name:
            cff = font.getTableData("CFF ")
            for region in (b"jp", b"JP"):
                cff = cff.replace(b"NotoSerifCJK" + region, b"NotoSerifCJKsc", 1)
            table = DefaultTable("CFF ")
            table.data = cff
            font["CFF "] = table
            font.recalcBBoxes = False  # the glyphs are unchanged; and keep the bytes reproducible
            font.recalcTimestamp = False
            tmp = target.with_name(f".{target.name}.tmp")
            font.save(str(tmp))
            os.replace(tmp, target)
            return
    raise PrintEnvironmentError(f"no face named {full_name!r} in {ttc}")


def ensure_fonts(cache_dir: Path) -> list[FontFace]:
    """The faces the print edition uses, extracting the Chinese ones into `cache_dir` on first use."""
    faces: list[FontFace] = []
    cache_dir.mkdir(parents=True, exist_ok=True)
    for weight, ttc_name, full_name in (
        ("normal", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
        ("bold", "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC Bold"),
    ):
        ttc = CJK_DIR / ttc_name
        if not ttc.is_file():
            raise PrintEnvironmentError(f"{ttc} missing (Debian package fonts-noto-cjk)")
        target = cache_dir / f"NotoSerifCJKsc-{'Bold' if weight == 'bold' else 'Regular'}.otf"
        stamp = target.with_suffix(".source")
        source_key = f"{ttc} {ttc.stat().st_size} {ttc.stat().st_mtime_ns}\n"
        if not target.is_file() or not stamp.is_file() or stamp.read_text() != source_key:
            _extract_sc_face(ttc, full_name, target)
            stamp.write_text(source_key)
        # Han has no italic: italic Chinese is set upright (as Chinese typography does)
        faces += [FontFace(CJK_FAMILY, style, weight, target) for style in ("normal", "italic")]
    for style, weight, name in (
        ("normal", "normal", "Regular"),
        ("italic", "normal", "Italic"),
        ("normal", "bold", "Bold"),
        ("italic", "bold", "BoldItalic"),
    ):
        path = LATIN_DIR / f"NotoSerif-{name}.ttf"
        if not path.is_file():
            raise PrintEnvironmentError(f"{path} missing (Debian package fonts-noto-core)")
        faces.append(FontFace(LATIN_FAMILY, style, weight, path))
    symbols = LATIN_DIR / SYMBOL_FILE
    if not symbols.is_file():
        raise PrintEnvironmentError(f"{symbols} missing (Debian package fonts-noto-core)")
    for style in ("normal", "italic"):
        faces += [FontFace(SYMBOL_FAMILY, style, weight, symbols) for weight in ("normal", "bold")]
    return faces


def fop_config(faces: Sequence[FontFace]) -> bytes:
    """FOP's configuration: our fonts only (embedded, subset), and no complex-script shaping.

    complex-scripts is disabled because CJK justification by letter spacing otherwise fails in FOP 2.8
    ("factor < 0"); Han and Latin text need no OpenType shaping.
    """
    fonts = "\n".join(
        f'        <font embed-url={quoteattr(face.path.resolve().as_uri())} kerning="yes" '
        f'embedding-mode="subset">\n'
        f'          <font-triplet name={quoteattr(face.family)} style="{face.style}" weight="{face.weight}"/>\n'
        f"        </font>"
        for face in faces
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<fop version="1.0">\n  <complex-scripts disabled="true"/>\n'
        '  <renderers>\n    <renderer mime="application/pdf">\n      <fonts>\n'
        f"{fonts}\n      </fonts>\n    </renderer>\n  </renderers>\n</fop>\n"
    ).encode()


# ------------------------------------------------------------------------------------------------ JVM


def fop_classpath(script: Path = FOP_SCRIPT) -> list[str]:
    """The jars Debian's `fop` wrapper loads (read from its `find_jars` lines), hyphenation patterns included."""
    names: list[str] = []
    if script.is_file():
        for line in script.read_text(errors="replace").splitlines():
            line = line.strip()
            if line.startswith("find_jars ") and "$" not in line:
                names += line.split()[1:]
    if "fop" not in names:
        names = list(FALLBACK_JARS)
    jars = []
    for name in names:
        path = Path(name) if name.startswith("/") else JAVA_DIR / f"{name}.jar"
        if path.is_file():
            jars.append(str(path))
    if not any(Path(j).name == "fop.jar" for j in jars):
        raise PrintEnvironmentError(f"Apache FOP not found ({JAVA_DIR}/fop.jar; Debian package fop)")
    return jars


_jvm_lock = threading.Lock()


def _start_jvm() -> Any:
    """Start the process's JVM once (JPype cannot restart one) with FOP's jars."""
    try:
        import jpype
        import jpype.imports  # enables `from org.apache... import`
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise PrintEnvironmentError("JPype1 is not installed") from exc
    with _jvm_lock:
        if not jpype.isJVMStarted():
            try:
                jpype.startJVM(
                    "-Djava.awt.headless=true",
                    # FOP's events reach us through an EventListener; silence commons-logging's copy
                    "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog",
                    classpath=fop_classpath(),
                    convertStrings=False,
                )
            except (OSError, jpype.JVMNotFoundException) as exc:
                raise PrintEnvironmentError(f"cannot start a Java VM: {exc}") from exc
    return jpype


# the longest one article's typesetting may take (FOP's JVM cannot be interrupted: see FopEngine.render)
FOP_TIMEOUT = float(os.environ.get("TEIEDIT_FOP_TIMEOUT", "600"))


class FopTimeout(Exception):
    """FOP did not finish one document within FOP_TIMEOUT."""


def _java_text(value: Any) -> str:
    """A Java string as Python text, whatever it holds (JPype's str() fails on a lone surrogate)."""
    from java.nio.charset import StandardCharsets  # type: ignore[import-not-found]

    return bytes(value.getBytes(StandardCharsets.UTF_8)).decode("utf-8", "replace")


@dataclass(frozen=True)
class FopEvent:
    severity: str  # INFO | WARN | ERROR | FATAL
    key: str  # event group id "." event key, e.g. org.apache.fop.fonts.FontEventProducer.glyphNotAvailable
    message: str


# FOP events that are content problems of their own kind (the rest are reported as [pdf-fop])
EVENT_CODES = {
    "org.apache.fop.fonts.FontEventProducer.glyphNotAvailable": "missing-glyph",
    "org.apache.fop.fonts.FontEventProducer.fontSubstituted": "font-substituted",
}


class FopEngine:
    """One FopFactory, reused for every document the process renders."""

    def __init__(self, config_path: Path) -> None:
        jpype = _start_jvm()
        self._jpype = jpype
        from java.io import File  # type: ignore[import-not-found]
        from javax.xml.transform import TransformerFactory  # type: ignore[import-not-found]
        from org.apache.fop.apps import FopFactory  # type: ignore[import-not-found]

        self._factory = FopFactory.newInstance(File(str(config_path)))
        # a thread attached to the JVM later has no context class loader, and FOP needs one
        self._loader = jpype.java.lang.Thread.currentThread().getContextClassLoader()
        self._transformers = TransformerFactory.newInstance()

    def render(self, fo: bytes, *, pdfa: bool, creation: dt.datetime) -> tuple[bytes, int, list[FopEvent]]:
        """FO bytes → (PDF bytes, page count, FOP's events), waiting at most FOP_TIMEOUT seconds: raises
        FopTimeout when FOP has not finished by then.

        Accessibility is on: FOP writes a structure tree (tagged PDF, /Lang of blocks, tables as
        Table/THead/TBody/TR/TH/TD, notes, links), which PDF/A-3a requires.

        A JVM cannot be interrupted from Python, nor restarted in the process, so FOP typesets in a thread
        of its own (a daemon in both Python and Java: a hung render neither blocks the process's exit nor
        the JVM's) and the caller stops waiting at the deadline. The stuck thread is abandoned; in the
        build's pool its worker is replaced when the stage ends."""
        outcome: dict[str, Any] = {}

        def typeset() -> None:
            try:
                thread = self._jpype.java.lang.Thread
                thread.attachAsDaemon()
                thread.currentThread().setContextClassLoader(self._loader)
                outcome["value"] = self._render(fo, pdfa=pdfa, creation=creation)
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc

        thread = threading.Thread(target=typeset, name="teiedit-fop", daemon=True)
        thread.start()
        thread.join(FOP_TIMEOUT)
        if thread.is_alive():
            raise FopTimeout(f"FOP did not finish typesetting in {FOP_TIMEOUT:g} s (TEIEDIT_FOP_TIMEOUT)")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]  # type: ignore[no-any-return]

    def _render(self, fo: bytes, *, pdfa: bool, creation: dt.datetime) -> tuple[bytes, int, list[FopEvent]]:
        jpype = self._jpype
        from java.io import ByteArrayInputStream, ByteArrayOutputStream  # type: ignore[import-not-found]
        from java.util import Date  # type: ignore[import-not-found]
        from javax.xml.transform.sax import SAXResult  # type: ignore[import-not-found]
        from javax.xml.transform.stream import StreamSource  # type: ignore[import-not-found]
        from org.apache.fop.events import EventFormatter  # type: ignore[import-not-found]

        events: list[FopEvent] = []

        @jpype.JImplements("org.apache.fop.events.EventListener")
        class Listener:
            @jpype.JOverride
            def processEvent(self, event: Any) -> None:
                # never raise into FOP; a message may hold half a surrogate pair (a character beyond
                # U+FFFF that no font has), which Java's UTF-8 encoder replaces
                try:
                    message = _java_text(EventFormatter.format(event))
                    key = f"{_java_text(event.getEventGroupID())}.{_java_text(event.getEventKey())}"
                    events.append(FopEvent(_java_text(event.getSeverity().getName()), key, message))
                except Exception as exc:  # pragma: no cover - defensive: an event we cannot read
                    events.append(FopEvent("WARN", "unreadable", f"an unreadable FOP event ({exc})"))

        agent = self._factory.newFOUserAgent()
        agent.getEventBroadcaster().addEventListener(Listener())
        agent.setCreationDate(Date(int(creation.timestamp() * 1000)))
        agent.setProducer("teiedit / Apache FOP")
        agent.setCreator("teiedit")
        agent.setAccessibility(True)
        if pdfa:
            agent.getRendererOptions().put("pdf-a-mode", PDFA_MODE)
        out = ByteArrayOutputStream()
        fop = self._factory.newFop("application/pdf", agent, out)
        source = StreamSource(ByteArrayInputStream(jpype.JArray(jpype.JByte)(fo)))
        try:
            self._transformers.newTransformer().transform(source, SAXResult(fop.getDefaultHandler()))
        except jpype.JException as exc:
            events.append(FopEvent("FATAL", "exception", str(exc.getMessage())))
            return b"", 0, events
        pages = int(fop.getResults().getPageCount())
        return bytes(out.toByteArray()), pages, events


# ------------------------------------------------------------------------------------------- renderer


def _epoch() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch.isdigit() else None


def document_dates(root: etree._Element | None, config: EditionConfig) -> tuple[dt.datetime, dt.datetime]:
    """(created, modified) of a TEI document's PDF, never the wall clock.

    The TEI's own dates first: its earliest and latest revisionDesc/change/@when (the conversion, later
    edits), else publicationStmt/date/@when. Only a TEI without any falls back to SOURCE_DATE_EPOCH, then
    the edition's date, then 2000-01-01. Why the TEI before SOURCE_DATE_EPOCH: `make edition` sets it to
    the last commit's time, and the build keeps a PDF while its TEI, stylesheets and config are unchanged;
    a PDF dated by the commit would differ between a clean and an incremental build of one commit.
    """
    ns = {"t": TEI_NS}
    dates: list[dt.datetime] = []
    if root is not None:
        for path in (
            "t:teiHeader/t:revisionDesc//t:change/@when",
            "t:teiHeader/t:fileDesc/t:publicationStmt/t:date/@when",
        ):
            dates = [d for d in (parse_tei_date(str(v)) for v in root.xpath(path, namespaces=ns)) if d is not None]
            if dates:
                break
    if not dates:
        fallback = _epoch() or parse_tei_date(config.date) or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        dates = [fallback]
    return min(dates), max(dates)


def _read_tei(path: Path) -> tuple[etree._Element | None, ArticleMeta | None, Problem | None]:
    """The article's tree (safely parsed: what Saxon is given) and metadata, or the problem that makes
    the file unprintable (not XML, an entity or DTD, not TEI)."""
    try:
        root = parse_file(path).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        return None, None, Problem(str(path), line, 0, Level.ERROR, "pdf-input", f"cannot read TEI: {exc}")
    if root.tag != f"{{{TEI_NS}}}TEI":
        problem = Problem(str(path), 0, 0, Level.ERROR, "not-tei", f"the document element is {root.tag}, not TEI")
        return None, None, problem
    return root, meta_from_tree(root, path.name), None


def _read_tei_meta(path: Path) -> tuple[ArticleMeta | None, Problem | None]:
    _, meta, problem = _read_tei(path)
    return meta, problem


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".svg", ".bmp"}


def _images(teis: Sequence[tuple[Path, etree._Element]]) -> str:
    """file: URIs of the images that TEI documents point at with relative @url and that exist (the only
    files FOP reads besides the fonts, its configuration and the FO teiedit made)."""
    found: list[str] = []
    for tei, root in teis:
        urls = root.xpath("//t:graphic/@url", namespaces={"t": TEI_NS})
        for url in urls:
            url = str(url).strip()
            if not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", url):
                continue
            path = (Path(tei).resolve().parent / url).resolve()
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                found.append(path.as_uri())
    return " ".join(sorted(set(found)))


def default_font_cache() -> Path:
    return Path(os.environ.get("TEIEDIT_FONT_CACHE", "build/fonts"))


def stylesheet_paths() -> list[Path]:
    """Files whose content decides the PDF (for build digests; nothing is compiled, no JVM started)."""
    shared = sorted((XSLT_DIR / "common").glob("*.xsl")) + sorted((XSLT_DIR / "print").glob("*.xsl"))
    return sorted({*shared, *(p for p in PRINT_MODULES if p.is_file())})


class PdfRenderer:
    """TEI articles → tagged PDF/A-3a files; one JVM and one set of compiled stylesheets per process."""

    def __init__(
        self,
        config: EditionConfig,
        out_dir: Path,
        *,
        pdfa: bool = True,
        font_cache: Path | None = None,
    ) -> None:
        from saxonche import PySaxonProcessor

        self.config = config
        self.out_dir = Path(out_dir)
        self.pdfa = pdfa
        self.pages_rendered = 0
        cache = Path(font_cache) if font_cache else default_font_cache()
        faces = ensure_fonts(cache)
        conf = cache / "fop.xconf"
        conf_bytes = fop_config(faces)
        if not conf.is_file() or conf.read_bytes() != conf_bytes:
            write_atomic(conf, conf_bytes)
        self._fop = FopEngine(conf)
        self._saxon = PySaxonProcessor(license=False)
        compiler = self._saxon.new_xslt30_processor()
        self._article = compiler.compile_stylesheet(stylesheet_file=str(ARTICLE_XSL))
        self._volume = compiler.compile_stylesheet(stylesheet_file=str(VOLUME_XSL))
        self._tmp = tempfile.TemporaryDirectory(prefix="teiedit-pdf-")
        self._messages = Path(self._tmp.name) / "xsl-messages.txt"
        for executable in (self._article, self._volume):
            self._set_params(executable)
            executable.set_save_xsl_message(True, str(self._messages))

    # -- public API

    def stylesheet_paths(self) -> list[Path]:
        return stylesheet_paths()

    def render_article(self, tei_path: Path) -> list[Problem]:
        """Write out_dir/<id>.pdf for one TEI article."""
        tei_path = Path(tei_path)
        root, meta, problem = _read_tei(tei_path)
        if root is None or meta is None:
            return [problem] if problem else []
        node = saxon_node(self._saxon, root, tei_path)
        fo, problems = self._transform(self._article, node, str(tei_path), images=_images([(tei_path, root)]))
        if fo is None:
            return problems
        target = self.out_dir / f"{meta.id}.pdf"
        dates = document_dates(root, self.config)
        return problems + self._write_pdf(fo, target, str(tei_path), dates, [tei_path.read_bytes()])

    def article_fo(self, tei_path: Path) -> tuple[bytes | None, list[Problem]]:
        """The XSL-FO of one article (what FOP typesets): for tests and for debugging layouts."""
        root, _, problem = _read_tei(Path(tei_path))
        if root is None:
            return None, [problem] if problem else []
        return self._transform(self._article, saxon_node(self._saxon, root, Path(tei_path)), str(tei_path))

    def render_volume(self, tei_paths: Sequence[Path], out_path: Path) -> list[Problem]:
        """One book of the edition: title page, edition statement, contents, the articles in date order."""
        problems: list[Problem] = []
        metas = []
        seen: set[str] = set()
        for path in tei_paths:
            root, meta, problem = _read_tei(Path(path))
            if meta is not None and meta.id in seen:
                problems.append(
                    Problem(str(path), 0, 0, Level.WARNING, "pdf-duplicate", f"{meta.id} is already in the volume")
                )
            elif meta is not None:
                seen.add(meta.id)
                metas.append((meta, Path(path), root))
            elif problem is not None:
                problems.append(problem)
        if not metas:
            return [*problems, Problem(str(out_path), 0, 0, Level.ERROR, "pdf-volume", "no articles for the volume")]
        metas.sort(key=lambda mp: mp[0].sort_key)
        listing = etree.Element(f"{{{VOLUME_NS}}}volume", nsmap={"v": VOLUME_NS})
        articles = []
        for meta, path, root in metas:
            etree.SubElement(listing, f"{{{VOLUME_NS}}}article", href=path.resolve().as_uri(), id=meta.id)
            articles.append(saxon_node(self._saxon, root, path))
        self._volume.set_parameter("articles", self._saxon.make_array(articles))
        try:
            fo, found = self._transform(
                self._volume,
                saxon_node(self._saxon, listing, Path(self._tmp.name) / "volume.xml"),
                str(out_path),
                images=_images([(path, root) for _, path, root in metas]),
            )
        finally:
            self._volume.set_parameter("articles", self._saxon.make_array([]))
        problems += found
        if fo is None:
            return problems
        # the volume is as new as its newest article
        latest = max(document_dates(root, self.config)[1] for _, _, root in metas)
        sources = [path.read_bytes() for _, path, _ in metas]
        return problems + self._write_pdf(fo, Path(out_path), str(out_path), (latest, latest), sources)

    def close(self) -> None:
        """Release the temporary files; the JVM lives as long as the process (JPype cannot restart it)."""
        self._tmp.cleanup()

    def __enter__(self) -> PdfRenderer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- steps

    def _set_params(self, executable: Any) -> None:
        text = self._saxon.make_string_value
        params = {
            "paper": self.config.paper,
            "edition-title": self.config.title,
            "edition-title-zh": self.config.title_zh,
            "publisher": self.config.publisher,
            "edition-date": self.config.date,
            "licence": self.config.licence,
            "licence-url": self.config.licence_url,
            "editors": "; ".join(self.config.editors),
            "base-url": self.config.base_url,
            "pdfa": "yes" if self.pdfa else "no",
        }
        for name, value in params.items():
            executable.set_parameter(name, text(value))

    def _transform(
        self, executable: Any, node: Any, where: str, images: str = ""
    ) -> tuple[bytes | None, list[Problem]]:
        """`node`: a document from `xmlsafe.saxon_node` (Saxon never reads a file itself)."""
        self._messages.write_text("")
        problems: list[Problem] = []
        executable.set_parameter("images", self._saxon.make_string_value(images))
        try:
            fo = executable.transform_to_string(xdm_node=node)
        except Exception as exc:  # saxonche raises PySaxonApiError for XSLT/XML errors
            found = self._read_messages(where)
            stopped = [Problem(p.path, 0, 0, Level.ERROR, p.code, p.msg) for p in found if p.code != "unknown-element"]
            reason = " ".join(str(exc).split())
            return None, stopped or [Problem(where, 0, 0, Level.ERROR, "pdf-xslt", f"XSLT failed: {reason}")]
        problems += self._read_messages(where)
        if fo is None:
            return None, [*problems, Problem(where, 0, 0, Level.ERROR, "pdf-xslt", "XSLT produced nothing")]
        return fo.encode("utf-8"), problems

    def _read_messages(self, where: str) -> list[Problem]:
        """xsl:message lines `[teiedit:CODE] text` become warnings, one per distinct message."""
        text = self._messages.read_text("utf-8") if self._messages.is_file() else ""
        seen: dict[str, int] = {}
        for line in text.splitlines():
            if line.strip():
                seen[line.strip()] = seen.get(line.strip(), 0) + 1
        problems = []
        for line, count in seen.items():
            m = TEIEDIT_MESSAGE.match(line)
            code, msg = (m.group(1), m.group(2)) if m else ("xslt-message", line)
            if code == "unknown-element":
                msg = f"element <{msg}> is not planned for in print; its text is kept"
            if count > 1:
                msg += f" ({count} times)"
            problems.append(Problem(where, 0, 0, Level.WARNING, code, msg))
        return problems

    def _write_pdf(
        self, fo: bytes, target: Path, where: str, dates: tuple[dt.datetime, dt.datetime], sources: list[bytes]
    ) -> list[Problem]:
        created, modified = dates
        try:
            pdf, pages, events = self._fop.render(fo, pdfa=self.pdfa, creation=created)
        except FopTimeout as exc:
            return [Problem(where, 0, 0, Level.ERROR, "timeout", f"{exc}; no PDF written for this file")]
        problems = []
        for event in events:
            if event.severity == "INFO":
                continue
            level = Level.ERROR if event.severity in ("ERROR", "FATAL") else Level.WARNING
            code = EVENT_CODES.get(event.key, "pdf-fop")
            problems.append(Problem(where, 0, 0, level, code, " ".join(event.message.split())))
        if not pdf:
            if not any(p.level == Level.ERROR for p in problems):
                problems.append(Problem(where, 0, 0, Level.ERROR, "pdf-fop", "FOP produced no PDF"))
            return problems
        write_atomic(target, finish(pdf, created, modified, sources))
        self.pages_rendered += pages
        return problems
