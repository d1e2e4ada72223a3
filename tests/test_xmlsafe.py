"""No external resource, ever: every command refuses a TEI file with an entity or an external DTD, and
nothing outside the edition is read or fetched (a server on 127.0.0.1 records every request)."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SEED
from teiedit.cli import main
from teiedit.xmlsafe import UnsafeXMLError, parse_bytes

SECRET = "TOP-SECRET-7d1f0c"
KINDS = ("file-entity", "http-entity", "external-dtd", "parameter-entity")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = f'<!ENTITY leak "{SECRET}">{SECRET}'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[tuple[str, list[str]]]:
    """(base URL, the paths requested so far) of an HTTP server on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()


def hostile(tei: bytes, kind: str, url: str, secret_file: Path) -> bytes:
    """The seed's TEI with a DOCTYPE of the given kind (and a reference to its entity in a sentence)."""
    doctype, ref = {
        "file-entity": (f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>', "&xxe;"),
        "http-entity": (f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{url}/entity">]>', "&xxe;"),
        "external-dtd": (f'<!DOCTYPE TEI SYSTEM "{url}/dtd">', ""),
        "parameter-entity": (f'<!DOCTYPE TEI [<!ENTITY % pe SYSTEM "{url}/pe"> %pe;]>', ""),
    }[kind]
    text = tei.decode("utf-8")
    text = re.sub(r"^(<\?xml[^>]*\?>\s*)?", lambda m: (m.group(0) or "") + doctype + "\n", text, count=1)
    text = text.replace("</s>", ref + "</s>", 1)
    return text.encode("utf-8")


def _leaks(root: Path, secret_file: Path) -> list[Path]:
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and p != secret_file and SECRET.encode() in p.read_bytes()
    ]


@pytest.fixture
def project(tmp_path: Path, seed_tei_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (tmp_path / "secret.txt").write_text(SECRET, "utf-8")
    return tmp_path


def _pdf_missing() -> str:
    from test_render_pdf import _missing_environment

    return _missing_environment() or ""


COMMANDS = {
    "validate": lambda tei: ["validate", str(tei)],
    "html": lambda tei: ["html", str(tei), "-o", "out"],
    "search-index": lambda tei: ["search-index", str(tei), "-o", "out"],
    "align-report": lambda tei: ["align-report", str(tei)],
    "deposit": lambda tei: ["deposit", "-o", "out", "--tei", str(tei.parent), "--build-dir", "build"],
    "pdf": lambda tei: ["pdf", str(tei), "-o", "out", "--volume"],
    "export": lambda tei: ["export", str(tei), "--format", "tmx", "-o", "out/corpus.tmx"],
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_entities_and_reads_nothing_outside(
    command: str, kind: str, project: Path, seed_tei_bytes: bytes, recorder: tuple[str, list[str]]
) -> None:
    if command == "pdf" and _pdf_missing():
        pytest.skip(_pdf_missing())
    url, requests = recorder
    requests.clear()
    tei = project / "tei" / "rmrb-1958-02-10-p5-3fc300c7573022ed.xml"
    tei.parent.mkdir()
    tei.write_bytes(hostile(seed_tei_bytes, kind, url, project / "secret.txt"))
    (project / "build").mkdir()
    result = CliRunner().invoke(main, COMMANDS[command](tei), catch_exceptions=False)
    assert requests == [], f"{command} fetched {requests}"
    assert SECRET not in result.output
    assert _leaks(project, project / "secret.txt") == []
    assert result.exit_code == 1, result.output
    assert tei.name in result.output  # the refused file is named
    assert not list(project.glob("out/**/*.pdf")), "no PDF from a refused file"


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_build_refuses_a_hostile_tei_and_fetches_nothing(
    kind: str, project: Path, seed_tei_bytes: bytes, recorder: tuple[str, list[str]]
) -> None:
    url, requests = recorder
    requests.clear()
    (project / "seeds").mkdir()
    shutil.copy(SEED, project / "seeds" / SEED.name)
    tei = project / "tei" / "rmrb-1958-02-10-p5-3fc300c7573022ed.xml"
    tei.parent.mkdir()
    tei.write_bytes(hostile(seed_tei_bytes, kind, url, project / "secret.txt"))  # "edited by hand": kept
    result = CliRunner().invoke(main, ["build", "-j", "1", "-q", "--skip", "pdf"], catch_exceptions=False)
    assert requests == []
    assert _leaks(project, project / "secret.txt") == []
    assert result.exit_code == 1, result.output
    assert tei.name in result.output


def test_convert_writes_markup_in_a_source_as_text_and_fetches_nothing(
    project: Path, recorder: tuple[str, list[str]]
) -> None:
    url, requests = recorder
    requests.clear()
    markup = f'<!DOCTYPE x SYSTEM "{url}/dtd"> &xxe; %pe; <!ENTITY y SYSTEM "file:///etc/passwd">'
    text = SEED.read_text("utf-8").replace("\n\n<hr />", f" {markup}\n\n<hr />", 1)
    (project / "seeds").mkdir()
    (project / "seeds" / SEED.name).write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["convert", "seeds", "-o", "tei"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (written,) = (project / "tei").glob("*.xml")
    root = parse_bytes(written.read_bytes())  # no DOCTYPE, no entity: the markup is text
    assert markup.split()[0] in "".join(root.itertext())
    assert CliRunner().invoke(main, ["validate", str(written)]).exit_code == 0
    assert requests == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_safe_parser_refuses_each_kind(kind: str, seed_tei_bytes: bytes, tmp_path: Path) -> None:
    data = hostile(seed_tei_bytes, kind, "http://127.0.0.1:9", tmp_path / "secret.txt")
    with pytest.raises(UnsafeXMLError):
        parse_bytes(data)
    with pytest.raises(etree.XMLSyntaxError):  # what every caller already catches
        parse_bytes(data)


def test_a_plain_doctype_without_entities_is_read(seed_tei_bytes: bytes) -> None:
    text = seed_tei_bytes.decode("utf-8").replace("<TEI ", "<!DOCTYPE TEI>\n<TEI ", 1)
    assert parse_bytes(text.encode("utf-8")).get("{http://www.w3.org/XML/1998/namespace}id")
