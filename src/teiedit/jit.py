"""Numba's njit as the aligner's kernels use it, and the form in which they read a document's text: a
floor below every module that compiles one (`align`, `alignlex`, `anchors`, `longalign`, `vectors`),
so that none imports another for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def jit(function: Callable[..., Any]) -> Any:
    """Numba's njit, cached on disk when a cache directory can be written (else compiled per process)."""
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # no writable cache directory anywhere: compile in memory, every process
        return numba.njit(cache=False, nogil=True)(function)


def kernel_lines(texts: Sequence[str]) -> str:
    """The sentences one after another, a newline after each: the kernels find the sentences by it, so a
    newline inside a sentence becomes a space (a separator all the same)."""
    joined = "\n".join(texts) + "\n"
    if joined.count("\n") != len(texts):
        joined = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    return joined
