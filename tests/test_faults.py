"""The fault suite (issue 19 §5): the seed's source mutated the ways real files are damaged — control
characters, truncation, duplicated or missing header lines, huge paragraphs, random bytes. Whatever the
input: no exception, every failure names the file, and every TEI written is valid and says the text
the source says (each paragraph's words, in order)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from conftest import NS, SEED  # noqa: E402
from teiedit.config import EditionConfig  # noqa: E402
from teiedit.convert import Status, convert_one  # noqa: E402
from teiedit.parse import parse_article  # noqa: E402
from teiedit.problems import Level  # noqa: E402
from teiedit.xmlsafe import parse_bytes  # noqa: E402

SEED_TEXT = SEED.read_bytes()
LINES = SEED_TEXT.split(b"\n")
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32))] + ["\ufffe", "\uffff", "\t", "\u3000", "\ufeff"]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """The seed's bytes with one to three faults."""
    data = SEED_TEXT
    for _ in range(draw(st.integers(1, 3))):
        fault = draw(st.sampled_from(["control", "truncate", "dup-header", "drop-header", "huge", "bytes"]))
        lines = data.split(b"\n")
        if fault == "control":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(CONTROL)).encode("utf-8") + data[at:]
        elif fault == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif fault in ("dup-header", "drop-header") and len(lines) > 4:
            k = draw(st.integers(0, 3))
            lines[k : k + 1] = [lines[k]] * (2 if fault == "dup-header" else 0)
            data = b"\n".join(lines)
        elif fault == "huge" and len(lines) > 10:
            k = draw(st.integers(0, len(lines) - 1))
            lines[k] = lines[k] + (b" " + lines[k]) * draw(st.integers(1, 8))
            data = b"\n".join(lines)
        elif fault == "bytes":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at + draw(st.integers(0, 16)) :]
    return data


@pytest.fixture(scope="module")
def validator() -> Iterator[object]:
    from teiedit.validate import Validator

    yield Validator()


def _letters(text: str) -> str:
    """The text without white space: a TEI paragraph's sentences are separated by white space, or not."""
    return re.sub(r"[\s\u3000]+", "", text)


def _check(data: bytes, tmp: Path, validator: object) -> None:
    source = tmp / "000_3fc300c7573022ed.txt"
    source.write_bytes(data)
    out = tmp / "tei"
    shutil.rmtree(out, ignore_errors=True)  # each example starts afresh (also the merge bases)
    result = convert_one(source, out, EditionConfig(), force=True)  # raises nothing, whatever the input
    assert all(p.path in (str(source), str(result.target)) for p in result.problems)
    assert all("Traceback" not in p.msg and p.code != "internal-error" for p in result.problems)
    if result.status is Status.FAILED:
        assert any(p.level == Level.ERROR for p in result.problems)
        assert not list(out.glob("*.xml"))
        return
    assert result.target is not None
    problems = validator.validate_file(result.target)  # type: ignore[attr-defined]
    assert [p for p in problems if p.level == Level.ERROR] == []
    root = parse_bytes(result.target.read_bytes())
    article, _ = parse_article(source)
    assert article is not None
    for lang, paragraphs in (("zh-Hans", article.zh), ("en", article.en)):
        ps = root.xpath(f"//t:body/t:div[@xml:lang='{lang}']/t:p", namespaces=NS)
        written = [_letters("".join(p.itertext())) for p in ps]
        assert written == [_letters(p.text) for p in paragraphs], "the TEI does not say what the source says"


@pytest.mark.slow
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged())
def test_a_damaged_source_fails_by_name_or_converts_valid_and_faithful(
    data: bytes, tmp_path: Path, validator: object
) -> None:
    _check(data, tmp_path, validator)


@pytest.mark.parametrize("fault", ["nul-in-title", "nothing", "only-header", "no-original", "random"])
def test_known_faults(fault: str, tmp_path: Path, validator: object) -> None:
    data = {
        "nul-in-title": SEED_TEXT.replace(b"Title: ", b"Title: \x00", 1),
        "nothing": b"",
        "only-header": b"\n".join(LINES[:4]),
        "no-original": SEED_TEXT.split(b"<hr />")[0],
        "random": bytes(range(256)) * 8,
    }[fault]
    _check(data, tmp_path, validator)
