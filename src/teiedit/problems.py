"""Problems found in content are data: collected, reported together, and turned into an exit code."""

from __future__ import annotations

import json
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
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.level}: {self.msg} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["level"] = str(self.level)
        return d


def worst(problems: Iterable[Problem]) -> Level | None:
    levels = [p.level for p in problems]
    return max(levels) if levels else None


def exit_code(problems: Iterable[Problem]) -> int:
    """0 when nothing worse than a warning was found, 1 otherwise (2 is click's usage error)."""
    return 1 if worst(problems) == Level.ERROR else 0


def problems_to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
