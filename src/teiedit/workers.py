"""The build's processes: each stage's engine built once per worker, the per-article work, the pool.

`build` decides what is out of date; this module only does the work it is handed, in a pool of spawned
workers (or in-process for small runs), and streams the results back.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from lxml import etree

from . import heal
from .buildopts import BuildOptions, load_engine_class
from .config import EditionConfig
from .meta import meta_from_tree
from .problems import Level, Problem
from .state import INVALID, UNCHECKED, VALID
from .xmlsafe import parse_file

_CLOSURE_METHOD = {"validate": "schema_paths", "html": "stylesheet_paths", "pdf": "stylesheet_paths"}


# ---------------------------------------------------------------------------------------------------
# engines (the other modules' classes), imported lazily


def _open_engine(stage: str, cls: type, config: EditionConfig, options: BuildOptions) -> Any:
    if stage == "validate":
        return cls()
    if stage == "html":
        return cls(config, options.html_dir)
    engine = cls(config, options.pdf_dir)
    return engine.__enter__() if hasattr(engine, "__enter__") else engine


def _close_engine(engine: Any) -> None:
    if hasattr(engine, "__exit__"):
        engine.__exit__(None, None, None)
    elif hasattr(engine, "close"):
        engine.close()


def _closure_paths(stage: str, cls: type, config: EditionConfig, options: BuildOptions) -> list[str]:
    """Files whose content makes the stage's output: its stylesheets/schema and its code."""
    name = _CLOSURE_METHOD[stage]
    # a module-level function, or a static/class method, needs nothing compiled; else ask an instance
    method = getattr(sys.modules[cls.__module__], name, None) or getattr(cls, name, None)
    paths: list[Path] = []
    if method is not None:
        try:
            paths = list(method())  # a static or class method: no need to compile anything
        except TypeError:
            engine = _open_engine(stage, cls, config, options)
            try:
                paths = list(getattr(engine, name)())
            finally:
                _close_engine(engine)
    module_file = sys.modules[cls.__module__].__file__
    if module_file:
        paths.append(Path(module_file))
    return sorted({os.path.abspath(p) for p in paths})


# ---------------------------------------------------------------------------------------------------
# the work done in a worker process (or in-process with -j 1)

_WORKER: dict[str, Any] = {}


def _init_worker(
    stage: str, spec: str | None, config: EditionConfig, options: BuildOptions, in_pool: bool = True
) -> None:
    """Pool initializer: build the stage's engine once per worker (stylesheets compiled once)."""
    if in_pool:
        heal.die_with_parent()
    _WORKER.clear()
    _WORKER.update(stage=stage, config=config, options=options, engine=None)
    if spec:
        cls = load_engine_class(spec)
        assert cls is not None, spec
        engine = _WORKER["engine"] = _open_engine(stage, cls, config, options)
        if in_pool:  # closed (the JVM stopped) when the worker exits
            multiprocessing.util.Finalize(engine, _close_engine, args=(engine,), exitpriority=10)


def _run_chunk(items: list[Any]) -> list[Any]:
    return [_safe_work(_WORKER["stage"], item) for item in items]


def _ping() -> bool:
    """A no-op task: returns once the worker's initializer has run (so the stage's engine started)."""
    return True


def item_path(item: Any) -> str:
    """The file an item of work is about (a source or a TEI path; html and pdf items are tuples)."""
    return str(item[0] if isinstance(item, tuple) else item)


def failed_result(stage: str, item: Any, problem: Problem) -> Any:
    """The stage's result shape for an item whose work failed: the build reports the problem, marks the
    article failed, and goes on with the others."""
    path = item_path(item)
    if stage == "convert":
        return path, "FAILED", "", None, [problem]
    if stage == "validate":
        return Path(path).name, INVALID, [problem], None
    return Path(path).name, [problem]


def _safe_work(stage: str, item: Any) -> Any:
    """One item's work; any exception becomes that article's error naming the file (with the traceback
    only under `teiedit --debug`), never the end of the run."""
    try:
        return _WORK[stage](item)
    except Exception as exc:
        msg = f"{stage} failed: {type(exc).__name__}: {' '.join(str(exc).split())}"
        if os.environ.get("TEIEDIT_DEBUG"):
            msg += "\n" + traceback.format_exc()
        else:
            msg += " (teiedit --debug shows the traceback)"
        return failed_result(stage, item, Problem(item_path(item), 0, 0, Level.ERROR, "internal-error", msg))


def _work_convert(item: str | tuple[str, str]) -> tuple[str, str, str, tuple[int, int, str] | None, list[Problem]]:
    """One source (or (source, the TEI it made before)) → its TEI, merged into hand edits."""
    from .convert import Status, convert_file
    from .state import file_sha256

    source, previous = (item, "") if isinstance(item, str) else item
    options = _WORKER["options"]
    result = convert_file(Path(source), options.tei_dir, _WORKER["config"], merge_dir=options.build_dir / "merge",
                          previous=Path(previous) if previous else None)  # fmt: skip
    problems = result.problems
    if result.status is Status.EDITED:  # a scholar's edit is kept: that is information, not an error
        problems = [
            Problem(p.path, p.line, p.col, Level.INFO, p.code, p.msg.replace("; use --force to replace it", ""))
            if p.code == "edited-by-hand"
            else p
            for p in problems
        ]
    stat = None
    if result.target is not None and result.target.exists():
        st = result.target.stat()
        stat = (st.st_size, st.st_mtime_ns, file_sha256(result.target))
    return source, result.status.name, str(result.target or ""), stat, problems


def _work_validate(tei: str) -> tuple[str, int, list[Problem], Any]:
    """Well-formedness, metadata for the index, and (when the schema stage exists) validity."""
    path = Path(tei)
    engine = _WORKER["engine"]
    if hasattr(engine, "read_and_validate"):  # one parse for both (and a duplicate xml:id is the
        problems, root = engine.read_and_validate(path)  # Schematron's finding, not a parser error)
        meta = meta_from_tree(root, path.name) if root is not None else None
        valid = INVALID if root is None or any(p.level >= Level.ERROR for p in problems) else VALID
        return path.name, valid, problems, meta
    try:
        tree = parse_file(tei)
    except (etree.XMLSyntaxError, OSError) as e:
        line = getattr(e, "lineno", 0) or 0
        return path.name, INVALID, [Problem(tei, line, 0, Level.ERROR, "not-well-formed", str(getattr(e, "msg", e)))], None
    meta = meta_from_tree(tree.getroot(), path.name)
    if engine is None:
        return path.name, UNCHECKED, [], meta
    problems = list(engine.validate_file(path))
    valid = INVALID if any(p.level >= Level.ERROR for p in problems) else VALID
    return path.name, valid, problems, meta


def _work_html(item: tuple[str, Any]) -> tuple[str, list[Problem]]:
    tei, links = item
    if links is None:
        return Path(tei).name, list(_WORKER["engine"].render_article(Path(tei)))
    return Path(tei).name, list(_WORKER["engine"].render_article(Path(tei), links))


def _work_pdf(item: tuple[str, str]) -> tuple[str, list[Problem]]:
    tei, id_ = item
    problems = list(_WORKER["engine"].render_article(Path(tei)))
    options: BuildOptions = _WORKER["options"]
    pdf = options.pdf_dir / f"{id_}.pdf"
    if pdf.exists():  # the site carries the PDFs too
        _copy_atomic(pdf, options.html_dir / "pdf" / pdf.name)
    return Path(tei).name, problems


_WORK: dict[str, Callable[[Any], Any]] = {
    "convert": _work_convert,
    "validate": _work_validate,
    "html": _work_html,
    "pdf": _work_pdf,
}


def _copy_atomic(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


_IN_PROCESS_MAX = 32  # up to this many items, the work is done in the main process
# the longest the build waits for any chunk of work to come back from the pool
WORKER_TIMEOUT = float(os.environ.get("TEIEDIT_WORKER_TIMEOUT", "1800"))
_WORKER_LIFE = 2000  # articles a worker handles before it is replaced by a fresh one


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for k in range(0, len(items), size):
        yield list(items[k : k + size])


def run_parallel(
    stage: str,
    spec: str | None,
    items: Sequence[Any],
    config: EditionConfig,
    options: BuildOptions,
) -> Iterator[Any]:
    """Results of the stage's work over the items, in any order, streamed chunk by chunk."""
    if not items:
        return
    workers = options.workers
    size = max(1, min(64, len(items) // (workers * 8) or 1))
    n_chunks = -(-len(items) // size)
    if len(items) <= _IN_PROCESS_MAX:  # not worth starting a process
        _init_worker(stage, spec, config, options, in_pool=False)
        try:
            for item in items:
                yield _safe_work(stage, item)
        finally:
            if _WORKER.get("engine") is not None:
                _close_engine(_WORKER["engine"])
            _WORKER.clear()
        return
    # spawn: clean workers (no inherited JVM or Saxon state). ProcessPoolExecutor rather than Pool: a
    # worker that fails to start (a broken stylesheet) or dies breaks the pool instead of hanging it.
    # A fresh pool every `_WORKER_LIFE` articles per worker: Saxon's and FOP's heaps only grow, and memory
    # must not grow with the corpus. (Not max_tasks_per_child: it can hang on Python 3.11.)
    # A worker that dies (the OOM killer's SIGKILL) breaks the pool and every chunk in flight: those
    # chunks' items are then run one at a time, each in a fresh one-worker pool, so that the item that
    # kills its worker is reported by name and the others are done; then the run goes on.
    ctx = multiprocessing.get_context("spawn")
    n_workers = min(workers, n_chunks)
    generation = max(size, _WORKER_LIFE) * n_workers
    init = (stage, spec, config, options)
    for start in range(0, len(items), generation):
        pending = deque(_chunks(items[start : start + generation], size))
        while pending:
            suspects: list[Any] = []
            with ProcessPoolExecutor(n_workers, ctx, _init_worker, init) as pool:
                running: dict[Future[list[Any]], list[Any]] = {}
                try:
                    while pending and len(running) < n_workers * 4:  # a bounded window
                        _submit(pool, pending, running)
                except BrokenProcessPool:  # a worker died already: what is in flight is redone one by one
                    suspects = [item for chunk in running.values() for item in chunk]
                    running = {}
                while running:
                    finished, _ = wait(running, timeout=WORKER_TIMEOUT, return_when=FIRST_COMPLETED)
                    if not finished:  # a build never hangs on a worker: the chunks in flight are redone
                        suspects = [item for chunk in running.values() for item in chunk]  # one by one,
                        _stop_workers(pool)  # so that the article that hangs is named (and the rest done)
                        break
                    try:
                        for future in finished:
                            results = future.result()
                            del running[future]
                            yield from results
                            if pending:
                                _submit(pool, pending, running)
                    except BrokenProcessPool:
                        suspects = [item for chunk in running.values() for item in chunk]
                        break
            if suspects:
                yield from _run_suspects(stage, suspects, ctx, init)


def _submit(pool: ProcessPoolExecutor, pending: deque[list[Any]], running: dict[Future[list[Any]], list[Any]]) -> None:
    """The next pending chunk into the pool. A pool broken meanwhile (a worker killed while the results
    of others were being taken) refuses it: the chunk stays pending for the next pool, never lost."""
    chunk = pending.popleft()
    try:
        running[pool.submit(_run_chunk, chunk)] = chunk
    except BrokenProcessPool:
        pending.appendleft(chunk)
        raise


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL a pool's worker processes: one stuck in a hung render never returns, and leaving the
    pool's `with` block would wait for it for ever. (The executor keeps its processes in `_processes`.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _run_suspects(stage: str, suspects: list[Any], ctx: Any, init: tuple[Any, ...]) -> Iterator[Any]:
    """Each item of a broken or stuck pool's chunks alone in a fresh worker: the one that kills its worker
    is reported by name (`[worker-died]`), the one that does not finish in WORKER_TIMEOUT too (`[timeout]`,
    its worker stopped). A worker that cannot even start (a broken stylesheet, an engine that hangs while
    starting) is the stage's failure, not the article's: BrokenProcessPool / TimeoutError is raised then."""
    for item in suspects:
        failure: Problem | None = None
        with ProcessPoolExecutor(1, ctx, _init_worker, init) as pool:
            try:
                pool.submit(_ping).result(timeout=WORKER_TIMEOUT)  # BrokenProcessPool: the stage cannot start
            except TimeoutError:
                _stop_workers(pool)
                raise TimeoutError(f"{stage}: a worker process did not start its engine in {WORKER_TIMEOUT:g} s "
                                   "(TEIEDIT_WORKER_TIMEOUT)") from None  # fmt: skip
            try:
                results = pool.submit(_run_chunk, [item]).result(timeout=WORKER_TIMEOUT)
            except BrokenProcessPool:
                msg = f"{stage}: the worker process died (killed, e.g. out of memory) while working on this file"
                failure = Problem(item_path(item), 0, 0, Level.ERROR, "worker-died", msg)
            except TimeoutError:
                _stop_workers(pool)
                msg = (f"{stage}: no result for this file from its worker process in {WORKER_TIMEOUT:g} s "
                       "(TEIEDIT_WORKER_TIMEOUT); the worker was stopped")  # fmt: skip
                failure = Problem(item_path(item), 0, 0, Level.ERROR, "timeout", msg)
        if failure is not None:
            yield failed_result(stage, item, failure)
        else:
            yield from results


def _render_index_page(spec: str, config: EditionConfig, options: BuildOptions, metas: list[Any]) -> list[Problem]:
    cls = load_engine_class(spec)
    assert cls is not None, spec
    engine = _open_engine("html", cls, config, options)
    try:
        return list(engine.render_index(metas))
    finally:
        _close_engine(engine)


def _isolated(function: Callable[..., list[Problem]], args: tuple[Any, ...], n_articles: int) -> list[Problem]:
    """`function(*args)` in a process of its own (spawned, gone when done), for a page over every article.

    Such a page (index.html, a year's date pages) needs memory in proportion to the articles it lists, and
    Saxon's heap, once grown, is never given back: in its own process it neither adds to the build's
    process nor to the other such page's. Small runs stay in-process (no process start-up)."""
    if n_articles <= _IN_PROCESS_MAX:
        return list(function(*args))
    with ProcessPoolExecutor(1, multiprocessing.get_context("spawn")) as pool:
        return list(pool.submit(function, *args).result())
