"""Numba's njit as the aligner's kernels use it: a floor below every module that compiles one
(`align`, `alignlex`, `anchors`, `longalign`, `vectors`), so that none imports another for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def jit(function: Callable[..., Any]) -> Any:
    """Numba's njit, cached on disk when a cache directory can be written (else compiled per process)."""
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # no writable cache directory anywhere: compile in memory, every process
        return numba.njit(cache=False, nogil=True)(function)
