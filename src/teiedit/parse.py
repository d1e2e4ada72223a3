"""Reader: an article file in the seed format → an `Article` (or the problems that stop it).

The format is documented in the README ("The input format"). Every paragraph keeps the line it came
from, so that later stages can point a scholar at the source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Level, Problem

IDEOGRAPHIC_SPACE = "\u3000"
_HEADER = re.compile(r"^(Title|Author|Authors|Date|Page|Section|Column)\s*:\s*(.*)$", re.IGNORECASE)
_HR = re.compile(r"^\s*<hr\s*/?>\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*Original\s*:\s*$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ZH_PAGE = re.compile(r"^\s*第\s*(\d+)\s*版\s*(?:[（(]\s*(.*?)\s*[)）])?\s*$")
_ZH_COLUMN = re.compile(r"^\s*专栏\s*[：:]\s*(.*?)\s*$")
_HEX_ID = re.compile(r"[0-9a-f]{16}")
_EN_AUTHORS = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
_ZH_AUTHORS = re.compile(r"\s*[、，,;；\u3000]\s*")


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Article:
    path: str
    source_name: str
    source_id: str
    sha256: str
    date: str  # ISO 8601, the Chinese original's when the two disagree
    page: str  # "" when unknown
    section: str
    column: str
    title_en: str
    title_zh: str
    subtitles_en: tuple[str, ...]
    subtitles_zh: tuple[str, ...]
    authors_en: tuple[str, ...]
    authors_zh: tuple[str, ...]
    en: tuple[Paragraph, ...]
    zh: tuple[Paragraph, ...]
    notes: tuple[str, ...] = field(default=())  # discrepancies resolved during reading, kept in the TEI


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, level: Level, code: str, msg: str, col: int = 0) -> None:
        self.problems.append(Problem(self.path, line, col, level, code, msg))

    def error(self, line: int, code: str, msg: str, col: int = 0) -> None:
        self.problem(line, Level.ERROR, code, msg, col)


def source_id_for(path: Path, sha256: str) -> str:
    """The hex part of the file name (e.g. 000_3fc300c7573022ed.txt), else a slug of the name."""
    m = _HEX_ID.search(path.stem.lower())
    if m:
        return m.group(0)
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or sha256[:16]


# characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_BAD_CHARS = 10  # reported per file; the rest are counted


def _check_chars(text: str, reader: _Reader) -> bool:
    """Report every character XML forbids as `line:col` (an error: the article fails alone); True if none.

    Reported rather than silently removed: a control character is often the trace of a damaged file, and
    the scholar should see where."""
    found = 0
    for m in _NOT_XML.finditer(text):
        found += 1
        if found <= _MAX_BAD_CHARS:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            reader.error(line, "bad-char", f"character U+{ord(m.group()):04X} not allowed in XML", col)
    if found > _MAX_BAD_CHARS:
        reader.error(0, "bad-char", f"{found - _MAX_BAD_CHARS} more characters not allowed in XML")
    return not found


def decode_source(raw: bytes, reader: _Reader) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        reader.error(line, "not-utf8", f"not UTF-8 text: byte 0x{raw[e.start]:02x} cannot be decoded", col)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _check_chars(text, reader):
        return None
    if "\n\ufeff" in text:  # files concatenated with their byte-order marks: a BOM starts a line
        line = text.count("\n", 0, text.index("\n\ufeff")) + 2
        reader.problem(line, Level.WARNING, "stray-bom", "byte-order mark (U+FEFF) at the start of a line removed")
        text = text.replace("\n\ufeff", "\n")
    return text


def _blank(line: str) -> bool:
    return not line.strip(" \t" + IDEOGRAPHIC_SPACE)


def _clean(line: str) -> str:
    return line.strip(" \t" + IDEOGRAPHIC_SPACE)


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", " ", text).strip().casefold()


def _blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    out: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for no, line in lines:
        if _blank(line):
            if current:
                out.append(current)
                current = []
        else:
            current.append((no, line))
    if current:
        out.append(current)
    return out


def _parse_date(value: str, line: int, reader: _Reader, what: str) -> str | None:
    m = _DATE_LIKE.match(value)
    if not m:
        reader.error(line, "bad-date", f"{what} {value.strip()!r} is not a date in the form YYYY-MM-DD")
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError as e:
        reader.error(line, "bad-date", f"{what} {value.strip()!r} is not a valid date ({e})")
        return None


def parse_article(path: str | Path) -> tuple[Article | None, list[Problem]]:
    """Read one article; on any error return None and every problem found."""
    path = Path(path)
    reader = _Reader(str(path))
    if path.exists() and not path.is_file():  # a FIFO would block the run, a device never end
        reader.problem(0, Level.WARNING, "not-regular-file", "skipped: not a regular file (a FIFO, device or folder)")
        return None, reader.problems
    try:
        raw = path.read_bytes()
    except OSError as e:
        reader.error(0, "unreadable", f"cannot read the file: {e.strerror}")
        return None, reader.problems
    text = decode_source(raw, reader)
    if text is None:
        return None, reader.problems
    sha = hashlib.sha256(raw).hexdigest()
    lines = [(no, line.rstrip()) for no, line in enumerate(text.split("\n"), start=1)]
    article = _parse_lines(path, sha, lines, reader)
    problems = sorted(reader.problems, key=lambda p: (p.line, p.col))
    if any(p.level == Level.ERROR for p in problems):
        return None, problems
    return article, problems


def _parse_lines(path: Path, sha: str, lines: list[tuple[int, str]], reader: _Reader) -> Article | None:
    # --- the English header: Key: value lines at the top
    header: dict[str, tuple[int, str]] = {}
    k = 0
    while k < len(lines) and _blank(lines[k][1]):
        k += 1
    while k < len(lines) and (m := _HEADER.match(lines[k][1])):
        key = m.group(1).lower().rstrip("s") if m.group(1).lower() == "authors" else m.group(1).lower()
        header[key] = (lines[k][0], m.group(2).strip())
        k += 1
    last_line = lines[-1][0] if lines else 1

    # --- split translation / original
    hr = next((i for i in range(k, len(lines)) if _HR.match(lines[i][1])), None)
    orig = next((i for i in range(k, len(lines)) if _ORIGINAL.match(lines[i][1])), None)
    if orig is None:
        where = lines[hr][0] if hr is not None else last_line
        reader.error(where, "missing-original", "missing original: no 'Original:' line before the Chinese text")
        return None
    end_en = hr if hr is not None and hr < orig else orig
    en_lines = lines[k:end_en]
    zh_lines = lines[orig + 1 :]

    # --- English title block and paragraphs
    en_blocks = _blocks(en_lines)
    title_h = header.get("title", (0, ""))[1]
    author_h = header.get("author", (0, ""))[1]
    title_en, subtitles_en, authors_en_line = title_h, [], author_h
    if en_blocks and (not title_h or _norm(_clean(en_blocks[0][0][1])) == _norm(title_h)):
        block = [_clean(line) for _, line in en_blocks.pop(0)]
        title_en = title_en or block[0]
        rest = block[1:]
        if rest and (author_h or len(rest) > 1):
            authors_en_line = author_h or rest[-1]
            rest = rest[:-1]
        subtitles_en = rest
    en_paras = tuple(
        Paragraph(" ".join(_clean(line) for _, line in block if not _blank(line)), block[0][0]) for block in en_blocks
    )
    if not en_paras:
        where = lines[end_en][0]
        reader.error(where, "missing-translation", "missing translation: no English paragraph before this line")
    authors_en = tuple(a for a in _EN_AUTHORS.split(authors_en_line) if a) if authors_en_line else ()

    # --- Chinese block
    start = next((i for i, (_, line) in enumerate(zh_lines) if line.lstrip().startswith("###")), None)
    if start is None:
        where = zh_lines[0][0] if zh_lines else last_line
        reader.error(where, "missing-original", "missing original: no '### title' line after 'Original:'")
        return None
    title_line, title_raw = zh_lines[start]
    title_zh = _clean(title_raw.lstrip()[3:])
    if not title_zh:
        reader.error(title_line, "missing-title", "the '###' line of the original has no title")
    free: list[str] = []
    date_zh = page_zh = section = column = None
    i = start + 1
    date_line = page_line = 0
    while i < len(zh_lines) and not _blank(zh_lines[i][1]):
        no, line = zh_lines[i]
        if _DATE_LIKE.match(line):
            date_zh, date_line = _parse_date(line, no, reader, "the original's date"), no
        elif m := _ZH_PAGE.match(line):
            page_zh, page_line, section = str(int(m.group(1))), no, (m.group(2) or "")
        elif m := _ZH_COLUMN.match(line):
            column = m.group(1)
        elif date_zh is None and page_zh is None:
            free.append(_clean(line))
        else:
            reader.problem(
                no,
                Level.WARNING,
                "unknown-header-line",
                f"unrecognised header line {line.strip()!r} kept as a paragraph",
            )
            break
        i += 1
    body_start = i
    has_author = bool(author_h) or bool(authors_en_line) or len(free) > 1
    author_zh_line = free.pop() if free and has_author else ""
    subtitles_zh = free
    authors_zh = tuple(a for a in _ZH_AUTHORS.split(author_zh_line) if a) if author_zh_line else ()

    # the title/author lines repeated (U+3000 indented) before the body are the header again, not text
    repeated = {_norm(x) for x in [title_zh, *subtitles_zh, author_zh_line, *authors_zh] if x}
    zh_paras: list[Paragraph] = []
    in_repeat = True
    for no, line in zh_lines[body_start:]:
        if _blank(line):
            continue
        if in_repeat and line.startswith(IDEOGRAPHIC_SPACE) and _norm(line) in repeated:
            continue
        in_repeat = False
        zh_paras.append(Paragraph(_clean(line), no))
    if not zh_paras:
        where = zh_lines[-1][0] if zh_lines else last_line
        reader.error(where, "empty-body", "empty body: the original has no paragraphs")

    # --- header values: the Chinese original wins, disagreements are recorded
    notes: list[str] = []
    date_h = None
    if "date" in header and header["date"][1]:
        date_h = _parse_date(header["date"][1], header["date"][0], reader, "the Date: header")
    date = date_zh or date_h
    if date_zh and date_h and date_zh != date_h:
        msg = f"Date: header says {date_h} but the original says {date_zh}; using {date_zh}"
        reader.problem(header["date"][0], Level.WARNING, "date-mismatch", msg)
        notes.append(msg)
    if date is None and not any(p.code == "bad-date" for p in reader.problems):
        reader.error(
            date_line or last_line, "missing-date", "no date: neither a Date: header nor a date line in the original"
        )
    page_h = header.get("page", (0, ""))[1]
    page = page_zh or ""
    if page_h:
        if not page_h.isdigit():
            reader.problem(header["page"][0], Level.WARNING, "bad-page", f"Page: header {page_h!r} is not a number")
        elif page_zh and str(int(page_h)) != page_zh:
            msg = f"Page: header says {page_h} but the original says 第{page_zh}版; using {page_zh}"
            reader.problem(header["page"][0], Level.WARNING, "page-mismatch", msg)
            notes.append(msg)
        elif not page_zh:
            page = str(int(page_h))
    if not page:
        reader.problem(
            page_line or title_line, Level.WARNING, "missing-page", "no page number in the header or the original"
        )
    section = section or header.get("section", (0, ""))[1]
    column = column or header.get("column", (0, ""))[1]

    if date is None or not en_paras or not zh_paras:
        return None
    return Article(
        path=str(path),
        source_name=path.name,
        source_id=source_id_for(path, sha),
        sha256=sha,
        date=date,
        page=page,
        section=section or "",
        column=column or "",
        title_en=title_en or "",
        title_zh=title_zh,
        subtitles_en=tuple(subtitles_en),
        subtitles_zh=tuple(subtitles_zh),
        authors_en=authors_en,
        authors_zh=authors_zh,
        en=en_paras,
        zh=tuple(zh_paras),
        notes=tuple(notes),
    )
