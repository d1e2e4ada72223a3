"""Problems found in content are data: collected, reported together, and turned into an exit code."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import IntEnum


class Level(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    level: Level
    code: str
    msg: str

    def __str__(self) -> str:
        where = quote_path(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.level}: {safe_message(self.msg)} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["level"] = str(self.level)
        return d


def quote_path(path: str) -> str:
    """A path as it appears at the start of a problem line: in double quotes, JSON-escaped, when it holds
    a colon, a double quote or a control character (a newline or `: error:` in a file name must not forge
    or split a problem line that editors and CI parse as `file:line:col: level:`)."""
    if any(c in ':"' or unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in path):
        return json.dumps(path, ensure_ascii=False)
    return path


def safe_message(msg: str) -> str:
    """A message as it appears in a problem line: a file name or a source's text quoted in it cannot
    start a line of its own (continuation lines, e.g. a `--debug` traceback, are indented) nor carry
    other control characters (escaped as \\uXXXX)."""
    if not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") and c != "\t" for c in msg):
        return msg
    out = []
    for c in msg:
        if c == "\n":
            out.append("\n    ")
        elif c != "\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def worst(problems: Iterable[Problem]) -> Level | None:
    levels = [p.level for p in problems]
    return max(levels) if levels else None


def exit_code(problems: Iterable[Problem]) -> int:
    """0 when nothing worse than a warning was found, 1 otherwise (2 is click's usage error)."""
    return 1 if worst(problems) == Level.ERROR else 0


def problems_to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
