"""Where the stylesheets and the schema are found, in a checkout and in an installed wheel."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from teiedit.fsutil import data_dir, write_atomic

PACKAGED = {"xslt": "teiedit.xslt", "schema": "teiedit.schema"}


def test_a_checkout_finds_its_data_at_the_top() -> None:
    assert data_dir("xslt") == ROOT / "xslt" and data_dir("schema") == ROOT / "schema"


def test_every_stylesheet_and_schema_file_is_packaged() -> None:
    """A new folder or kind of file under xslt/ or schema/ must also be named in pyproject.toml."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = set(tool["packages"])
    patterns = tool["package-data"]["*"]
    for top, package in PACKAGED.items():
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or path.suffix == ".md":
                continue
            rel = path.relative_to(ROOT / top)
            dotted = ".".join([package, *rel.parent.parts])
            assert dotted in packages, f"{dotted} is not in [tool.setuptools] packages"
            assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{rel} matches no package-data pattern"


def test_a_wheel_carries_the_stylesheets_and_finds_them(tmp_path: Path) -> None:
    setuptools = pytest.importorskip("setuptools", reason="setuptools (a test extra) builds the wheel offline")
    if int(setuptools.__version__.split(".")[0]) < 70:
        pytest.skip(f"setuptools {setuptools.__version__} is older than the test extra's 70.1")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("teiedit-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "site")
    for needed in ("teiedit/xslt/html/article.xsl", "teiedit/xslt/print/fo-common.xsl", "teiedit/schema/teiedit.rng",
                   "teiedit/schema/teiedit.sch", "teiedit/xslt/html/assets/edition.js"):  # fmt: skip
        assert needed in names
    found = subprocess.run(
        [sys.executable, "-c", "import teiedit.fsutil as f; print(f.data_dir('xslt'))"],
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site")}, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(found) == tmp_path / "site" / "teiedit" / "xslt"


def test_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.xml"
    write_atomic(target, b"<x/>")
    write_atomic(target, b"<y/>")
    assert target.read_bytes() == b"<y/>" and sorted(p.name for p in target.parent.iterdir()) == ["b.xml"]
