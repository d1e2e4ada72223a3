"""The README's nginx and Apache blocks for DTS's query form, run for real: each server, serving the seed
edition, answers
`/dts/collection?id=…`, `/dts/navigation?resource=…&ref=…&down=…` and `/dts/document?resource=…&ref=…`
with the endpoint's static files, as `teiedit serve` answers the same query, and the spec's 400/404s.

The blocks are read from README.md (between its ```nginx and ```apache fences), so the README and this
test cannot drift. Each server's tests are skipped when it is not installed (scripts/system-deps.sh installs
Debian's nginx-light and apache2); both run unprivileged (as root, with workers that can read the site).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from teiedit.config import EditionConfig
from teiedit.render_html import HtmlRenderer
from test_dts import ARTICLE, ERRORS, NS, SEED_TEI, _serve, check_collection, check_navigation, get

SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
NGINX = shutil.which("nginx", path=SBIN)
APACHE = shutil.which("apache2", path=SBIN)
APACHE_MODULES = Path("/usr/lib/apache2/modules")


def readme_block(lang: str) -> str:
    blocks = re.findall(rf"^```{lang}\n(.*?)^```$", (ROOT / "README.md").read_text("utf-8"), re.S | re.M)
    assert len(blocks) == 1, f"README.md should have exactly one ```{lang} block (the DTS rewrite)"
    return blocks[0]


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """The seed edition in a folder other users can read (the workers of a server started as root)."""
    out = Path(tempfile.mkdtemp(prefix="teiedit-dts-site-"))
    try:
        out.chmod(0o755)
        _, failed = HtmlRenderer(EditionConfig(), out).render_site([SEED_TEI])
        assert failed == 0
        yield out
    finally:
        shutil.rmtree(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_conf(prefix: Path, port: int, site: Path) -> list[str]:
    assert NGINX is not None
    temps = "\n".join(f"  {kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'};\n"
        + "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
        + f"{temps}\n  server {{\n    listen 127.0.0.1:{port};\n    root {site};\n"
        + readme_block("nginx")
        + "  }\n}\n",
        "utf-8",
    )
    return [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf), "-g", "daemon off;"]


def _apache_conf(prefix: Path, port: int, site: Path) -> list[str]:
    assert APACHE is not None
    modules = "".join(f"LoadModule {name}_module {APACHE_MODULES / f'mod_{name}.so'}\n"
                      for name in ("mpm_event", "authz_core", "mime", "rewrite"))  # fmt: skip
    conf = prefix / "httpd.conf"
    conf.write_text(
        f"ServerRoot {prefix}\n{modules}"
        + ("User nobody\nGroup nogroup\n" if os.geteuid() == 0 else "")
        + f"Listen 127.0.0.1:{port}\nServerName localhost\nTypesConfig /dev/null\n"
        + f"PidFile {prefix / 'httpd.pid'}\nErrorLog {prefix / 'error.log'}\nMutex file:{prefix}\n"
        + f"DocumentRoot {site}\n<Directory {site}>\n  Require all granted\n</Directory>\n"
        + readme_block("apache"),
        "utf-8",
    )
    return [APACHE, "-f", str(conf), "-DFOREGROUND"]


def _start(command: list[str], log: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            pytest.fail(f"{command[0]} did not start with the README's block:\n{out}{log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{command[0]} did not listen within 20 s")
            time.sleep(0.1)


@pytest.fixture(scope="module", params=["nginx", "apache"])
def web(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    """nginx or Apache with the README's block, on a free port of 127.0.0.1, stopped at the end."""
    if request.param == "nginx" and NGINX is None:
        pytest.skip("nginx is not installed (scripts/system-deps.sh installs nginx-light)")
    if request.param == "apache" and (APACHE is None or not (APACHE_MODULES / "mod_rewrite.so").is_file()):
        pytest.skip("Apache (apache2, with mod_rewrite) is not installed (scripts/system-deps.sh installs it)")
    prefix = Path(tempfile.mkdtemp(prefix=f"teiedit-{request.param}-"))
    port = _free_port()
    make = _nginx_conf if request.param == "nginx" else _apache_conf
    proc = _start(make(prefix, port, site), prefix / "error.log", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    from teiedit.oai import site_handler

    handler = site_handler(site, EditionConfig())
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    yield from _serve(handler)


def _without_id(body: bytes) -> dict:
    """A Navigation without its @id: serve's @id is the request's URL, the static file's its own path."""
    obj = json.loads(body)
    obj.pop("@id", None)
    return obj


def test_the_entry_point_and_the_path_form_pass_through(web: str, site: Path) -> None:
    status, kind, body = get(f"{web}/dts/index.json")
    assert (status, kind, body) == (200, "application/ld+json", (site / "dts" / "index.json").read_bytes())
    status, kind, _ = get(f"{web}/dts/resources/{ARTICLE}/navigation;tree=en;down=1/en-p3.json")
    assert (status, kind) == (200, "application/ld+json")


@pytest.mark.parametrize(("query", "file"), [
    ("", "collection.json"),
    ("?id=edition", "collection/edition.json"),
    ("?id=1958", "collection/1958.json"),
    ("?id=1958-02-10", "collection/1958-02-10.json"),
    (f"?id={ARTICLE}", f"collection/{ARTICLE}.json"),
    (f"?id={ARTICLE}&nav=parents", f"collection/{ARTICLE};nav=parents.json"),
    ("?id=1958&nav=children", "collection/1958.json"),
])  # fmt: skip
def test_collections_root_to_article(web: str, served: str, site: Path, query: str, file: str) -> None:
    status, kind, body = get(f"{web}/dts/collection{query}")
    assert (status, kind) == (200, "application/ld+json")
    assert body == (site / "dts" / file).read_bytes() == get(f"{served}/dts/collection{query}")[2]
    check_collection(json.loads(body))


@pytest.mark.parametrize(("query", "file"), [
    ("down=1", "navigation;down=1.json"),
    ("down=2", "navigation;down=2.json"),
    ("down=-1", "navigation;down=-1.json"),
    ("tree=en&down=2", "navigation;tree=en;down=2.json"),
    ("tree=beads&down=1", "navigation;tree=beads;down=1.json"),
    ("ref=zh-p2&down=1", "navigation;down=1/zh-p2.json"),
    ("down=1&ref=zh-p2", "navigation;down=1/zh-p2.json"),  # the parameters in any order
    ("ref=zh-p2.zh-p2-s2", "navigation/zh-p2.zh-p2-s2.json"),
    ("tree=beads&ref=3", "navigation;tree=beads/3.json"),
])  # fmt: skip
def test_navigation(web: str, served: str, site: Path, query: str, file: str) -> None:
    status, kind, body = get(f"{web}/dts/navigation?resource={ARTICLE}&{query}")
    assert (status, kind) == (200, "application/ld+json")
    assert body == (site / "dts" / "resources" / ARTICLE / file).read_bytes()
    check_navigation(json.loads(body))
    status, _, answer = get(f"{served}/dts/navigation?resource={ARTICLE}&{query}")
    assert status == 200 and _without_id(body) == _without_id(answer)


def test_a_bead_document_holds_both_sides(web: str, served: str, site: Path) -> None:
    status, kind, body = get(f"{web}/dts/document?resource={ARTICLE}&tree=beads&ref=3")
    assert (status, kind) == (200, "application/tei+xml")
    assert body == (site / "dts" / "resources" / ARTICLE / "document;tree=beads" / "3.xml").read_bytes()
    assert body == get(f"{served}/dts/document?resource={ARTICLE}&tree=beads&ref=3")[2]
    fragment = etree.fromstring(body)
    langs = {s.get("{http://www.w3.org/XML/1998/namespace}lang") or s.xpath("string(ancestor::*[@xml:lang][1]/@xml:lang)")
             for s in fragment.xpath("//t:s", namespaces=NS)}  # fmt: skip
    assert {"zh", "en"} <= {lang.split("-")[0] for lang in langs}


def test_the_whole_document_and_a_sentence(web: str, served: str, site: Path) -> None:
    folder = site / "dts" / "resources" / ARTICLE
    for query in ("", "&mediaType=application/tei%2Bxml", "&mediaType=application/tei+xml"):
        status, kind, body = get(f"{web}/dts/document?resource={ARTICLE}{query}")
        assert (status, kind, body) == (200, "application/tei+xml", (folder / "document.xml").read_bytes())
    body = get(f"{web}/dts/document?resource={ARTICLE}&ref=zh-p2.zh-p2-s2")[2]
    assert body == (folder / "document" / "zh-p2.zh-p2-s2.xml").read_bytes()
    assert body == get(f"{served}/dts/document?resource={ARTICLE}&ref=zh-p2.zh-p2-s2")[2]


@pytest.mark.parametrize(("query", "status"), [
    *ERRORS,
    ("navigation?resource=../../index&down=1", 404),  # never a path outside the resource's folder
    (f"navigation?resource={ARTICLE}&ref=../../../index", 404),  # …/navigation/../../../index.json
    (f"navigation?resource={ARTICLE}&ref=..&down=1", 404),
    (f"navigation?resource={ARTICLE}&down=two", 400),
    (f"navigation?resource={ARTICLE}&down=-2", 400),
    ("collection?id=../index", 404),
    ("collection?nav=siblings", 400),
    ("collection?page=2", 400),
])  # fmt: skip
def test_errors_as_serve_and_the_spec_say(web: str, served: str, query: str, status: int) -> None:
    assert get(f"{web}/dts/{query}")[0] == status == get(f"{served}/dts/{query}")[0]


def test_what_is_not_precomputed_is_not_found_rather_than_wrong(web: str, served: str) -> None:
    """down=0 (siblings) is computed by serve only: a rewrite must not answer it with the ref-alone file."""
    query = f"navigation?resource={ARTICLE}&ref=zh-p2.zh-p2-s2&down=0"
    assert get(f"{served}/dts/{query}")[0] == 200
    assert get(f"{web}/dts/{query}")[0] == 404
