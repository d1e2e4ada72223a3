"""The deposit stage: the edition as a BagIt bag for an archive (and, optionally, a reproducible zip).

Payload: `data/tei/` (the TEI documents), `data/schema/` (the schema they are valid against),
`data/html/` (the site, without its search index: see NOT_DEPOSITED), `data/pdf/` (the print edition), `data/dc/<id>.xml` (a Dublin Core record per
article, made from its teiHeader by `xslt/deposit/dc.xsl`). SHA-256 and SHA-512 manifests.

Reproducible: the payload is what the build made (deterministic), the manifests and tag manifests are
sorted, and the Bagging-Date is not "today" unless nothing better is known. It comes from, in order:
`bagging_date` in `[edition]`; SOURCE_DATE_EPOCH (the reproducible-builds convention; `make edition`
sets it to the time of the last git commit); the edition's `date` when it is a full ISO date; and only
then today's date (with a warning: such a bag is not reproducible).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from . import __version__, heal
from .config import EditionConfig
from .fsutil import data_dir, swap_dir
from .problems import Level, Problem
from .xmlsafe import parse_file, saxon_node

DC_XSL = data_dir("xslt") / "deposit" / "dc.xsl"
CREDITS_XSL = data_dir("xslt") / "common" / "credits.xsl"  # included by dc.xsl: part of its digest
CHECKSUMS = ("sha256", "sha512")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


class DublinCore:
    """The teiHeader → Dublin Core stylesheet, compiled once."""

    def __init__(self, stylesheet: Path = DC_XSL) -> None:
        from saxonche import PySaxonProcessor

        self._proc = PySaxonProcessor(license=False)
        self._exe = self._proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))

    def record(self, tei: Path) -> bytes:
        """The record, or DublinCoreError (a Problem naming the TEI file) when the stylesheet fails on it."""
        from saxonche import PySaxonApiError

        self._exe.set_parameter("tei-name", self._proc.make_string_value(tei.name))
        try:
            # the tree parsed safely, never the file: Saxon resolves no entity and reads no DTD
            node = saxon_node(self._proc, parse_file(tei).getroot(), tei)
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

        from .build import load_engine_class

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
    from .build import ENGINES, load_engine_class

    problems: list[Problem] = []
    cls = load_engine_class(ENGINES["validate"])
    validator = cls() if cls is not None else None
    if validator is None:
        problems.append(Problem("deposit", 0, 0, Level.WARNING, "not-validated",
                                "teiedit.validate is not installed: TEI only checked for well-formedness"))  # fmt: skip
    for tei in tei_files:
        try:
            parse_file(tei)
        except etree.XMLSyntaxError as e:
            problems.append(Problem(str(tei), e.lineno or 0, 0, Level.ERROR, "not-well-formed", str(e.msg)))
            continue
        except OSError as e:
            problems.append(Problem(str(tei), 0, 0, Level.ERROR, "unreadable", f"cannot read the file: {e}"))
            continue
        if validator is not None:
            problems.extend(validator.validate_file(tei))
    return problems


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)  # a copy, not a link: a later edit in place must not change the bag


# The search index is left out of the bag: Pagefind's files are not byte-reproducible (it writes filter
# values in hash-map order), are a binary format of one tool's version, and are remade from the TEI by
# `teiedit search-index`. The deposited site says so on its search page.
NOT_DEPOSITED = ("pagefind", "dts")  # derived service views, remade from the TEI (dts: ~190 files an article)


def _copy_tree(src: Path, dst: Path, exclude: tuple[str, ...] = ()) -> None:
    if not src.is_dir():
        return
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if rel.parts[0] in exclude:
            continue
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            _copy(path, dst / rel)


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
    zip_: bool = False,
    date: str | None = None,
) -> list[Problem]:
    """Write the bag to a temporary folder beside `out`, validate it, then rename it into place."""
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
        dc = DublinCore()
        failed: list[Problem] = []
        for tei in sorted(tei_files, key=lambda p: p.name):
            _copy(tei, tmp / "tei" / tei.name)
            (tmp / "dc").mkdir(exist_ok=True)
            try:
                (tmp / "dc" / f"{tei.stem}.xml").write_bytes(dc.record(tei))
            except DublinCoreError as e:  # the others go on, so every failing file is named at once
                failed.append(e.problem)
        if failed:  # a bag missing a record is not a deposit: refuse it, keep any earlier bag
            return problems + failed + [Problem(str(out), 0, 0, Level.ERROR, "deposit-refused",
                                                f"no deposit: {len(failed)} Dublin Core record(s) failed")]  # fmt: skip
        for path in schema:
            _copy(path, tmp / "schema" / path.name)
        _copy_tree(html_dir, tmp / "html", exclude=NOT_DEPOSITED)
        if pdf_dir.is_dir():
            for pdf in sorted(pdf_dir.glob("*.pdf")):
                _copy(pdf, tmp / "pdf" / pdf.name)
        _normalise_modes(tmp)
        info = {
            "Source-Organization": config.source_organization,
            "Contact-Name": config.contact_name,
            "External-Description": config.external_description,
            "External-Identifier": f"teiedit-deposit-{date}",
            "Bagging-Date": date,
            "Bag-Software-Agent": f"teiedit {__version__} (bagit.py {bagit.VERSION})",
        }
        if config.contact_email:
            info["Contact-Email"] = config.contact_email
        bagit.make_bag(str(tmp), info, checksums=list(CHECKSUMS))
        _sort_tag_manifests(tmp)
        _normalise_modes(tmp)
        try:
            bagit.Bag(str(tmp)).validate()
        except bagit.BagValidationError as e:
            problems.append(Problem(str(out), 0, 0, Level.ERROR, "bag-invalid", f"the bag did not validate: {e}"))
            return problems
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


def deposit(
    config: EditionConfig,
    tei_dir: Path,
    out: Path,
    *,
    html_dir: Path,
    pdf_dir: Path,
    zip_: bool = False,
) -> list[Problem]:
    """Check every TEI document, refuse when any is invalid, else make the bag."""
    tei_files = sorted(p for p in tei_dir.glob("*.xml") if not p.name.startswith("."))
    problems = check_tei(tei_files)
    if any(p.level >= Level.ERROR for p in problems):
        bad = sorted({p.path for p in problems if p.level >= Level.ERROR})
        problems.append(Problem(str(tei_dir), 0, 0, Level.ERROR, "deposit-refused",
                                f"no deposit: {len(bad)} TEI document(s) are invalid"))  # fmt: skip
        return problems
    return problems + make_deposit(config, tei_files, out, html_dir=html_dir, pdf_dir=pdf_dir,
                                   schema=schema_files(), zip_=zip_)  # fmt: skip
