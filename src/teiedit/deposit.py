"""The deposit stage: the edition as a BagIt 1.0 bag (RFC 8493) for an archive, optionally a reproducible zip.

Payload: `data/tei/` (the TEI documents), `data/schema/` (the schema they are valid against),
`data/sources/` (the source text files, the bytes each TEI's `source-sha256` was computed from) and
`data/edition.toml` (see `bagsources`), `data/dc/<id>.xml` (a Dublin Core record per article, made from
its teiHeader by `xslt/deposit/dc.xsl`), `data/pdf/` (the print edition) and `data/html/` (the site,
without its search index (see NOT_DEPOSITED) and without its copies of the TEI, PDFs and schemas, its
links pointing at the bag's instead: see `bagsite`). SHA-256 and SHA-512 manifests and tag manifests,
and a tag file `README.txt` saying what the bag holds, how it was made and how to check it.

External-Identifier: `urn:teiedit:<edition id>:sha256:<SHA-256 of manifest-sha256.txt>`: the same
payload, the same identifier; one byte changed anywhere in the payload, another one.

Reproducible: the payload is what the build made (deterministic), the manifests and tag manifests are
sorted, and the Bagging-Date is not "today" unless nothing better is known. It comes from, in order:
`bagging_date` in `[edition]`; SOURCE_DATE_EPOCH (the reproducible-builds convention; `make edition`
sets it to the time of the last git commit); the edition's `date` when it is a full ISO date; and only
then today's date (with a warning: such a bag is not reproducible).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from . import __version__, heal
from .bagsite import copy_site
from .bagsources import (
    CONFIG_FILE,
    SOURCES_DIR,
    RecordedSource,
    SourceFinder,
    clash_problem,
    config_bytes,
    recorded_source,
    source_problem,
)
from .buildopts import ENGINES, load_engine_class
from .config import EditionConfig
from .fsutil import data_dir, swap_dir
from .problems import Level, Problem
from .schemaloc import SCHEMA_DIR, SCHEMA_FILES, relocate_schemas
from .xmlsafe import parse_bytes, parse_file, read_regular, saxon_node

DC_XSL = data_dir("xslt") / "deposit" / "dc.xsl"
CREDITS_XSL = data_dir("xslt") / "common" / "credits.xsl"  # included by dc.xsl: part of its digest
CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"  # RFC 8493 §2.1.1
README = "README.txt"
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


class DublinCore:
    """The teiHeader → Dublin Core stylesheet, compiled once."""

    def __init__(self, stylesheet: Path = DC_XSL) -> None:
        from saxonche import PySaxonProcessor

        self._proc = PySaxonProcessor(license=False)
        self._exe = self._proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))

    def record(self, tei: Path, root: etree._Element | None = None) -> bytes:
        """The record (of `root`, the file parsed already, when given), or DublinCoreError (a Problem
        naming the TEI file) when the stylesheet fails on it."""
        from saxonche import PySaxonApiError

        self._exe.set_parameter("tei-name", self._proc.make_string_value(tei.name))
        try:
            # the tree parsed safely, never the file: Saxon resolves no entity and reads no DTD
            node = saxon_node(self._proc, parse_file(tei).getroot() if root is None else root, tei)
            out = self._exe.transform_to_string(xdm_node=node)
        except (PySaxonApiError, etree.XMLSyntaxError, OSError) as err:
            raise DublinCoreError(Problem(str(tei), 0, 0, Level.ERROR, "dc-failed",
                                          "Dublin Core record failed: " + " ".join(str(err).split()))) from err  # fmt: skip
        if not out:
            raise DublinCoreError(Problem(str(tei), 0, 0, Level.ERROR, "dc-failed", "Dublin Core record is empty"))
        return (out if out.endswith("\n") else out + "\n").encode("utf-8")


class DublinCoreError(Exception):
    """One document's Dublin Core record could not be made; `problem` says which file and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.msg)
        self.problem = problem


def bagging_date(config: EditionConfig, tei_files: Sequence[Path] = ()) -> tuple[str, str]:
    """The Bagging-Date and where it came from (see the module docstring for the order)."""
    configured = str(config.extra.get("bagging_date", ""))
    if _ISO_DATE.fullmatch(configured):
        return configured, "edition config (bagging_date)"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%d"), "SOURCE_DATE_EPOCH"
    if _ISO_DATE.fullmatch(config.date):
        return config.date, "edition config (date)"
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"), "today (not reproducible)"


def schema_files(spec: str | None = "teiedit.validate:Validator") -> list[Path]:
    """The files that make up the schema: the Validator's, else whatever is in the project's schema/."""
    paths: list[Path] = []
    if spec:
        import sys

        cls = load_engine_class(spec)
        if cls is not None:
            module_function = getattr(sys.modules[cls.__module__], "schema_paths", None)
            try:
                paths = [Path(p) for p in (module_function or cls.schema_paths)()]  # type: ignore[attr-defined]
            except TypeError:  # an instance method: the schema has to be compiled to answer
                paths = [Path(p) for p in cls().schema_paths()]
    if not paths:
        folder = data_dir("schema")
        paths = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    return sorted({p.resolve() for p in paths if p.is_file()})


def check_tei(tei_files: Sequence[Path]) -> list[Problem]:
    """Well-formedness, and validity when teiedit.validate is there (a warning says when it is not)."""
    problems: list[Problem] = []
    cls = load_engine_class(ENGINES["validate"])
    validator = cls() if cls is not None else None
    if validator is None:
        problems.append(Problem("deposit", 0, 0, Level.WARNING, "not-validated",
                                "teiedit.validate is not installed: TEI only checked for well-formedness"))  # fmt: skip
    for tei in tei_files:
        read = _read_tei(tei)
        if isinstance(read, Problem):
            problems.append(read)
        elif validator is not None:
            problems.extend(validator.validate_file(tei))
    return problems


def _read_tei(tei: Path) -> tuple[bytes, etree._Element] | Problem:
    """A TEI file's bytes and tree, read once (the bytes go into the bag, the tree makes its record), or
    the problem that keeps it out."""
    try:
        data = read_regular(tei)
        return data, parse_bytes(data, str(tei))
    except etree.XMLSyntaxError as e:
        return Problem(str(tei), e.lineno or 0, 0, Level.ERROR, "not-well-formed", str(e.msg))
    except OSError as e:
        return Problem(str(tei), 0, 0, Level.ERROR, "unreadable", f"cannot read the file: {e}")


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)  # a copy, not a link: a later edit in place must not change the bag


# The search index is left out of the bag: Pagefind's files are not byte-reproducible (it writes filter
# values in hash-map order), are a binary format of one tool's version, and are remade from the TEI by
# `teiedit search-index`. The deposited site says so on its search page.
NOT_DEPOSITED = ("pagefind", "dts")  # derived service views, remade from the TEI (dts: ~190 files an article)


def _sort_tag_manifests(bag_dir: Path) -> None:
    """bagit lists tag files in directory order; sort them so that the bag is reproducible."""
    for alg in CHECKSUMS:
        path = bag_dir / f"tagmanifest-{alg}.txt"
        lines = path.read_text("utf-8").splitlines()
        path.write_text("".join(f"{line}\n" for line in sorted(lines, key=lambda s: s.split(" ", 1)[1])), "utf-8")


def _normalise_modes(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
        dirnames.sort()


def write_zip(bag_dir: Path, zip_path: Path, date: str) -> None:
    """A byte-reproducible zip of the bag: sorted entries, fixed time stamps and modes, one compressor."""
    y, m, d = (int(x) for x in date.split("-"))
    stamp = (max(y, 1980), m, d, 0, 0, 0)
    files = sorted(p for p in bag_dir.rglob("*") if p.is_file())
    tmp = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{bag_dir.name}/{path.relative_to(bag_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(tmp, zip_path)


def make_deposit(
    config: EditionConfig,
    tei_files: Sequence[Path],
    out: Path,
    *,
    html_dir: Path,
    pdf_dir: Path,
    schema: Sequence[Path],
    sources: Sequence[Path] = (),
    sha: Callable[[Path], str] | None = None,
    command: str = "teiedit deposit",
    zip_: bool = False,
    date: str | None = None,
) -> list[Problem]:
    """Write the bag to a temporary folder beside `out`, validate it, then rename it into place.

    `sources`: the folders (or files) the TEI documents were converted from, searched for each one's
    recorded source; `sha`: a (cached) file hash for them; `command`: how the bag was made, for README.txt.
    Refused (any earlier bag and zip at `out` removed, see `remove_stale`) when a TEI document cannot be
    read or its Dublin Core record fails; a document whose source is not found is deposited, named in a
    warning and in README.txt."""
    import bagit

    problems: list[Problem] = []
    if date is None:
        date, why = bagging_date(config, tei_files)
        if why.startswith("today"):
            problems.append(Problem(str(out), 0, 0, Level.WARNING, "bagging-date",
                "Bagging-Date is today's date: set SOURCE_DATE_EPOCH or [edition] bagging_date for a reproducible bag"))  # fmt: skip
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        unsourced: list[tuple[str, RecordedSource]] = []
        failed = _stage_documents(config, tei_files, tmp, schema, SourceFinder(sources, sha), sources, unsourced)
        problems += [p for p in failed if p.level < Level.ERROR]
        failed = [p for p in failed if p.level >= Level.ERROR]
        if failed:  # a bag missing a record is not a deposit: refuse it
            return problems + failed + remove_stale(out) + [Problem(str(out), 0, 0, Level.ERROR, "deposit-refused",
                f"no deposit: {len({p.path for p in failed})} TEI document(s) could not be deposited")]  # fmt: skip
        if pdf_dir.is_dir():
            for pdf in sorted(pdf_dir.glob("*.pdf")):
                _copy(pdf, tmp / "pdf" / pdf.name)
        # after tei/, pdf/ and schema/: the site's copies of those are left out, its links sent there
        copy_site(html_dir, tmp, exclude=NOT_DEPOSITED)
        _normalise_modes(tmp)
        info = {
            "Source-Organization": config.source_organization,
            "Contact-Name": config.contact_name,
            "External-Description": config.external_description,
            "Internal-Sender-Identifier": config.identifier(),
            "Internal-Sender-Description": f"What this bag holds, how it was made and how to check it: {README}",
            "Bagging-Date": date,
            "Bag-Software-Agent": f"teiedit {__version__} (bagit.py {bagit.VERSION})",
        }
        if config.contact_email:
            info["Contact-Email"] = config.contact_email
        bagit.make_bag(str(tmp), info, checksums=list(CHECKSUMS))
        (tmp / "bagit.txt").write_text(BAGIT_TXT, "utf-8")  # bagit.py writes 0.97; the bag is RFC 8493's
        bag = bagit.Bag(str(tmp))
        bag.info["External-Identifier"] = external_identifier(config, tmp / "manifest-sha256.txt")
        (tmp / README).write_text(readme_text(config, bag.info, tmp / "data", command, unsourced), "utf-8")
        bag.save()  # bag-info.txt with the identifier, tag manifests over every tag file (README.txt too)
        _sort_tag_manifests(tmp)
        _normalise_modes(tmp)
        try:
            bagit.Bag(str(tmp)).validate()
        except bagit.BagValidationError as e:
            problems.append(Problem(str(out), 0, 0, Level.ERROR, "bag-invalid", f"the bag did not validate: {e}"))
            return problems + remove_stale(out)
        midway = (lambda: heal.checkpoint("deposit-swap")) if out.exists() else None
        swap_dir(tmp, out, out.with_name(f".{out.name}.old-{os.getpid()}"), midway)
        zip_path = out.with_name(out.name + ".zip")
        if zip_:
            write_zip(out, zip_path, date)
        else:  # a zip of an earlier bag would now be stale
            zip_path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return problems


def _stage_documents(
    config: EditionConfig, tei_files: Sequence[Path], tmp: Path, schema: Sequence[Path], finder: SourceFinder,
    sources: Sequence[Path],
    unsourced: list[tuple[str, RecordedSource]],
) -> list[Problem]:
    """tei/, dc/, sources/, schema/ and edition.toml into the staging folder; the problems (errors refuse
    it); the documents whose recorded source was not found are added to `unsourced`.

    Each TEI file is parsed once (for its record and its recorded source). The copy in tei/ points at
    the bag's schema/ (`../schema`, as in a project's tei/), so that it resolves inside the bag."""
    dc = DublinCore()
    failed: list[Problem] = []
    relocate = {p.name for p in schema} >= set(SCHEMA_FILES)
    placed: dict[str, tuple[str, Path]] = {}  # data/sources/<name> → (its SHA-256, the TEI it came with)
    for tei in sorted(tei_files, key=lambda p: p.name):
        read = _read_tei(tei)
        if isinstance(read, Problem):
            failed.append(read)
            continue
        data, root = read
        _write(tmp / "tei" / tei.name, relocate_schemas(data, SCHEMA_DIR) if relocate else data)
        try:  # the others go on, so every failing file is named at once
            _write(tmp / "dc" / f"{tei.stem}.xml", dc.record(tei, root))
        except DublinCoreError as e:
            failed.append(e.problem)
        wanted = recorded_source(root)
        if wanted is None:  # written by hand, from no source file: no claim to check
            continue
        if wanted.name in placed:
            if placed[wanted.name][0] != wanted.sha256:
                failed.append(clash_problem(tei, wanted.name, placed[wanted.name][1]))
            continue
        found = finder.find(wanted)
        text = found.read_bytes() if found is not None else b""
        if found is None or hashlib.sha256(text).hexdigest() != wanted.sha256:
            failed.append(source_problem(tei, wanted, sources))
            unsourced.append((tei.name, wanted))
            continue
        _write(tmp / SOURCES_DIR / wanted.name, text)
        placed[wanted.name] = (wanted.sha256, tei)
    for path in schema:
        _copy(path, tmp / "schema" / path.name)
    _write(tmp / CONFIG_FILE, config_bytes(config))
    return failed


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def external_identifier(config: EditionConfig, manifest: Path) -> str:
    """`urn:teiedit:<edition id>:sha256:<hex>`, the hex being the SHA-256 of the payload manifest: unique
    to the payload (every payload file's path and digest), stable for the same payload."""
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    return f"urn:teiedit:{quote(config.identifier(), safe='-._~')}:sha256:{digest}"


def remove_stale(out: Path) -> list[Problem]:
    """A refused deposit leaves no deposit: an earlier bag at `out` and its zip would pass for the current
    edition, so both are removed, each named in a warning. The bag is renamed to staging first
    (`.deposit.stale.tmp`, which the next build's sweep removes), so a kill never leaves half a bag."""
    problems = []
    zip_path = out.with_name(out.name + ".zip")
    if zip_path.exists():
        zip_path.unlink()
        problems.append(Problem(str(zip_path), 0, 0, Level.WARNING, "stale-deposit",
            "removed: the zip of an earlier deposit, which does not hold the current edition"))  # fmt: skip
    if (out / "bagit.txt").exists():
        parked = out.with_name(f".{out.name}.stale.tmp")
        shutil.rmtree(parked, ignore_errors=True)
        os.replace(out, parked)
        shutil.rmtree(parked, ignore_errors=True)
        problems.append(Problem(str(out), 0, 0, Level.WARNING, "stale-deposit",
            "removed: an earlier deposit, which does not hold the current edition"))  # fmt: skip
    return problems


def readme_text(
    config: EditionConfig, info: dict[str, object], data: Path, command: str,
    unsourced: Sequence[tuple[str, RecordedSource]] = (),
) -> str:
    """README.txt: what each payload folder holds, how the bag was made, how to check every claim it
    makes and how to rebuild what it leaves out. Only facts of the bag (counts, names, versions): the
    same bag, the same text."""

    def count(folder: str, pattern: str = "*") -> int:
        return sum(1 for p in (data / folder).rglob(pattern) if p.is_file()) if (data / folder).is_dir() else 0

    parts = {
        "tei/": f"{_n(count('tei', '*.xml'), 'TEI P5 document')}, one per article: the edition itself (Chinese original "
                "and English translation, sentence-aligned). Their xml-model PIs and schemaRef point at ../schema.",
        "schema/": "the schema the TEI documents are valid against: "
                   + ", ".join(sorted(p.name for p in (data / "schema").glob("*"))) if (data / "schema").is_dir() else "",
        f"{SOURCES_DIR}/": f"{_n(count(SOURCES_DIR), 'plain-text source file')}, byte for byte the files the TEI documents "
                           "were converted from (see HOW TO CHECK IT).",
        CONFIG_FILE: "the edition configuration (rights, credits, aligner settings) the edition was made with.",
        "dc/": f"{_n(count('dc', '*.xml'), 'Dublin Core (oai_dc) record')}, one per TEI document (same name), made from "
               "its teiHeader.",
        "pdf/": f"{_n(count('pdf', '*.pdf'), 'PDF/A file')}: the print edition, one per article (volume.pdf: all of them).",
        "html/": f"the HTML edition ({_n(count('html', '*.html'), 'page')}) without its search index (pagefind/) and "
                 "DTS endpoint (dts/); its links to TEI, PDF and schema files point at tei/, pdf/ and schema/ "
                 "of this bag (serve data/, not data/html/, to follow them).",
    }
    held = [(name, text) for name, text in parts.items() if text and (data / name.rstrip("/")).exists()]
    width = max(len(n) for n, _ in held) + 2 if held else 0
    lines = [
        f"{config.title}",
        f"{config.title_zh}",
        "",
        f"A BagIt 1.0 bag (RFC 8493). External-Identifier: {info.get('External-Identifier', '')}",
        f"Edition id: {config.identifier()}. Bagging-Date: {info.get('Bagging-Date', '')}.",
        "",
        "WHAT IT HOLDS (data/)",
        *_wrap_items(held, width),
        "",
        "HOW IT WAS MADE",
        f"  By teiedit {__version__} (`{command}`, its deposit stage), from the sources in data/{SOURCES_DIR}/",
        f"  and the configuration in data/{CONFIG_FILE}. Bag-Software-Agent in bag-info.txt names the versions.",
        "  Each TEI document's revisionDesc records its conversion (teiedit version, source file and date)",
        "  and any merge of later hand edits; a document edited by hand differs from a fresh conversion.",
        "",
        "HOW TO CHECK IT",
        "  1. The bag: `bagit.py --validate BAG` (or any BagIt tool): every payload file against",
        "     manifest-sha256.txt and manifest-sha512.txt, every tag file against the tag manifests.",
        "  2. The identifier: the hex after 'sha256:' in External-Identifier is `sha256sum manifest-sha256.txt`.",
        "  3. The sources: each TEI document names its source in teiHeader/revisionDesc/change[@type='conversion']:",
        f"     name[@type='file'] (a file in data/{SOURCES_DIR}/) and idno[@type='source-sha256'], which",
        f"     `sha256sum data/{SOURCES_DIR}/NAME` reproduces."
        + ("" if not unsourced else f" Except for {_n(len(unsourced), 'document')} whose source is not here:"),
        *[f"       tei/{name}: {src.name}, SHA-256 {src.sha256} (no longer among the sources when this bag "
          "was made)" for name, src in unsourced],
        "  4. The TEI: RELAX NG `jing data/schema/teiedit.rng data/tei/*.xml`, and the Schematron",
        "     data/schema/teiedit.sch (queryBinding xslt2) with any ISO Schematron processor;",
        "     or `teiedit validate data/tei`.",
        "",
        "HOW TO REBUILD WHAT IS LEFT OUT",
        "  The search index (Pagefind bundles are not byte-reproducible): copy data/html/ out of the bag,",
        f"  then `teiedit search-index data/tei -o COPY --config data/{CONFIG_FILE}` (teiedit {__version__}).",
        f"  The whole site, DTS endpoint included: `teiedit html data/tei -o SITE --config data/{CONFIG_FILE}`",
        "  (after `teiedit pdf data/tei -o SITE/pdf` for its PDF links); it carries its own tei/, pdf/, schema/.",
        f"  The TEI from the sources: `teiedit convert data/{SOURCES_DIR} -o TEI --config data/{CONFIG_FILE}`.",
    ]
    return "\n".join(lines) + "\n"


def _n(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def _wrap_items(items: list[tuple[str, str]], width: int) -> list[str]:
    import textwrap

    lines = []
    for name, text in items:
        wrapped = textwrap.wrap(text, 100 - width - 2) or [""]
        lines.append(f"  {name:<{width}}{wrapped[0]}")
        lines.extend(" " * (width + 2) + rest for rest in wrapped[1:])
    return lines


def deposit(
    config: EditionConfig,
    tei_dir: Path,
    out: Path,
    *,
    html_dir: Path,
    pdf_dir: Path,
    sources: Sequence[Path] = (Path("seeds"),),
    zip_: bool = False,
) -> list[Problem]:
    """Check every TEI document, refuse when any is invalid (removing an earlier bag and zip), else make
    the bag."""
    tei_files = sorted(p for p in tei_dir.glob("*.xml") if not p.name.startswith("."))
    problems = check_tei(tei_files)
    if any(p.level >= Level.ERROR for p in problems):
        bad = sorted({p.path for p in problems if p.level >= Level.ERROR})
        problems.append(Problem(str(tei_dir), 0, 0, Level.ERROR, "deposit-refused",
                                f"no deposit: {len(bad)} TEI document(s) are invalid"))  # fmt: skip
        return problems + remove_stale(out)
    return problems + make_deposit(config, tei_files, out, html_dir=html_dir, pdf_dir=pdf_dir,
                                   schema=schema_files(), sources=sources, zip_=zip_)  # fmt: skip
