"""Stand-ins for the validate/html/pdf stages, so the build's own logic is tested on its own.

They read their "stylesheet"/"schema" from the current folder (the test's temporary project) and log
every piece of work to `work.log` there, so a test can see exactly what a build redid.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from teiedit.meta import ArticleMeta
from teiedit.problems import Level, Problem

LOG = Path("work.log")


def log(line: str) -> None:
    with LOG.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _stem(tei: Path) -> str:
    return tei.stem


class FakeValidator:
    @staticmethod
    def schema_paths() -> list[Path]:
        return [Path("fake-schema.rng").resolve()]

    def validate_file(self, path: Path) -> list[Problem]:
        log(f"validate {path.name}")
        if b"INVALID" in path.read_bytes():
            return [Problem(str(path), 1, 0, Level.ERROR, "fake-invalid", "marked invalid by the test")]
        return []


class FakeHtml:
    def __init__(self, config: object, out_dir: Path) -> None:
        self.out_dir = out_dir

    def stylesheet_paths(self) -> list[Path]:  # an instance method on purpose: the build must cope
        return [Path("fake-html.xsl").resolve()]

    def render_article(self, tei_path: Path, links: object = None) -> list[Problem]:
        log(f"html {tei_path.name}")
        out = self.out_dir / "articles" / f"{_stem(tei_path)}.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"<html>{tei_path.name}</html>", "utf-8")
        (self.out_dir / "tei").mkdir(parents=True, exist_ok=True)
        (self.out_dir / "tei" / tei_path.name).write_bytes(tei_path.read_bytes())
        dts = self.out_dir / "dts" / "resources" / _stem(tei_path)  # the DTS folder the real stage writes
        dts.mkdir(parents=True, exist_ok=True)
        (dts / "resource.json").write_text(f'{{"@id": "{_stem(tei_path)}", "@type": "Resource"}}', "utf-8")
        return []

    def render_index(self, metas: Sequence[ArticleMeta]) -> list[Problem]:
        log(f"index {len(metas)}")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        (self.out_dir / "index.html").write_text("".join(f"<li>{m.id}</li>" for m in metas), "utf-8")
        return []


class FakePdf:
    def __init__(self, config: object, out_dir: Path) -> None:
        self.out_dir = out_dir

    def __enter__(self) -> FakePdf:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @staticmethod
    def stylesheet_paths() -> list[Path]:
        return [Path("fake-print.xsl").resolve()]

    def render_article(self, tei_path: Path) -> list[Problem]:
        log(f"pdf {tei_path.name}")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        (self.out_dir / f"{_stem(tei_path)}.pdf").write_bytes(b"%PDF-1.4 fake " + tei_path.name.encode())
        return []


ENGINES = {
    "validate": "build_fakes:FakeValidator",
    "html": "build_fakes:FakeHtml",
    "pdf": "build_fakes:FakePdf",
}


class BrokenHtml(FakeHtml):
    """A stage whose engine cannot start (say, a stylesheet that does not compile)."""

    def __init__(self, config: object, out_dir: Path) -> None:
        raise RuntimeError("the stylesheet does not compile")

    @staticmethod
    def stylesheet_paths() -> list[Path]:  # type: ignore[override]
        return [Path("fake-html.xsl").resolve()]


def process_id(tag: str) -> list[Problem]:
    """Which process ran it (for the test of build._isolated)."""
    import os

    return [Problem(tag, 0, 0, Level.INFO, "pid", str(os.getpid()))]


class FaultyHtml(FakeHtml):
    """An html stage that fails on some articles: an exception for a TEI holding RAISE, the death of its
    process (SIGKILL, as the OOM killer does) for one holding KILLME."""

    def render_article(self, tei_path: Path, links: object = None) -> list[Problem]:
        import os
        import signal

        data = tei_path.read_bytes()
        if b"KILLME" in data:
            os.kill(os.getpid(), signal.SIGKILL)
        if b"RAISE" in data:
            raise MemoryError("a stand-in for an article too big to render")
        return super().render_article(tei_path, links)


class HangingHtml(FakeHtml):
    """An html stage that never returns on a TEI holding HANGME (a render stuck for ever)."""

    def render_article(self, tei_path: Path, links: object = None) -> list[Problem]:
        import time

        if b"HANGME" in tei_path.read_bytes():
            time.sleep(3600)
        return super().render_article(tei_path, links)
