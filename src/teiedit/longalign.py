"""Bounded alignment for very long articles: a banded length-based path that cuts the article into
chunks small enough for the whole-lattice aligner (`align.align_flat`).

Why: the aligner's lattice takes O(n·m) memory and time. Past `align.MAX_LATTICE_CELLS` sentence cells
an article is aligned paragraph by paragraph first, but a paragraph lattice is O(P_zh·P_en) too: 10,000
paragraphs a side would be 10⁸ cells (GBs). Here the lattice is searched only in a band around its
diagonal, the line where both sides have reached the same share of their characters (so the band
follows the length ratio), widened and searched again when the best path touches the band's edge.
The path (Gale–Church length costs, bead shapes up to 3 units a side) is only used to cut the article
at bead boundaries into chunks of at most `max_cells` sentence cells; each chunk is then aligned by the
full aligner (lengths, anchors, lexicon, certainties), so the cuts are the only decisions taken on
length alone. Memory is O(units · band width), never O(n·m).

A leaf module (NumPy and Numba only): `align.py` calls it from its long-article fallback.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .jit import jit

# bead shapes (units of zh, units of en) and their priors (Gale & Church 1993, with 2-2 and 1-3/3-1)
_SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
_PRIORS = (0.89, 0.005, 0.005, 0.045, 0.045, 0.01, 0.005, 0.005)
_A = np.array([a for a, _ in _SHAPES], dtype=np.int64)
_B = np.array([b for _, b in _SHAPES], dtype=np.int64)
_LOG_PRIOR = np.log(np.array(_PRIORS))

START_WIDTH = 32  # half-width of the first band, in units (paragraphs or sentences)
MAX_BAND_CELLS = 6_000_000  # the widest band searched: ~60 MB (cost + back-pointer per cell)


def _banded_viterbi_py(cz, ce, lo, hi, offset, A, B, logprior, ratio, variance, huber, cap):
    """Best path through the band: rows i = 0..n (zh units), row i holding columns lo[i]..hi[i] (en
    units) stored at offset[i]. Returns the path as rows (shape index, end i, end j), in order."""
    n1 = lo.shape[0]
    k = A.shape[0]
    total = offset[n1 - 1] + hi[n1 - 1] - lo[n1 - 1] + 1
    F = np.full(total, math.inf)
    arg = np.full(total, -1, dtype=np.int8)
    F[0] = 0.0
    for i in range(n1):
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best = math.inf
            bt = -1
            for t in range(k):
                a, b = A[t], B[t]
                i0, j0 = i - a, j - b
                if i0 < 0 or j0 < 0 or j0 < lo[i0] or j0 > hi[i0]:
                    continue
                prev = F[offset[i0] + j0 - lo[i0]]
                if prev == math.inf:
                    continue
                zl = (cz[i] - cz[i0]) * ratio
                el = ce[j] - ce[j0]
                mean = (zl + el) / 2
                d = abs((el - zl) / math.sqrt(variance * max(mean, 1.0)))
                c = 0.5 * d * d if d <= huber else huber * d - 0.5 * huber * huber
                if a == 0 or b == 0:
                    c = min(c, cap)
                v = prev + c - logprior[t]
                if v < best:
                    best, bt = v, t
            F[offset[i] + j - lo[i]] = best
            arg[offset[i] + j - lo[i]] = bt
    path = np.empty((n1 + hi[n1 - 1] + 1, 3), dtype=np.int64)
    count = 0
    i, j = n1 - 1, hi[n1 - 1]
    while i > 0 or j > 0:
        t = arg[offset[i] + j - lo[i]]
        if t < 0:  # unreachable (cannot happen: the band is connected)
            return path[:0].copy()
        path[count, 0], path[count, 1], path[count, 2] = t, i, j
        count += 1
        i, j = i - A[t], j - B[t]
    return path[:count][::-1].copy()


@functools.cache
def _kernel() -> Callable[..., Any]:
    """The banded pass compiled by Numba once per process (jit.jit: its disk cache as for align.py's
    kernels, in memory when no cache directory can be written)."""
    return jit(_banded_viterbi_py)  # type: ignore[no-any-return]


def _band(cz: np.ndarray, ce: np.ndarray, ratio: float, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns lo[i]..hi[i] of each row: `width` units either side of the diagonal (where the en side has
    as many characters as row i's zh text × ratio), joined so that every row reaches the next."""
    m = len(ce) - 1
    centre = np.searchsorted(ce, cz * ratio, side="left").astype(np.int64)
    centre[0], centre[-1] = 0, m
    lo = np.clip(centre - width, 0, m)
    hi = np.clip(centre + width, 0, m)
    lo[0], hi[-1] = 0, m
    # a row must reach the start of the next (a long paragraph on one side moves the centre a lot)
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # monotone: lo never exceeds a later row's lo
    hi = np.maximum.accumulate(hi)
    return lo, hi


def banded_path(
    len_z: Sequence[float], len_e: Sequence[float], huber: float = 2.0, cap: float = 3.0, variance: float = 12.0
) -> list[tuple[int, int]]:
    """The bead boundaries (end i, end j) of the best length-based path between two unit sequences,
    searched in a band widened until the path stays inside it (or the band reaches MAX_BAND_CELLS)."""
    lz = np.asarray(len_z, dtype=np.float64)
    le = np.asarray(len_e, dtype=np.float64)
    n, m = len(lz), len(le)
    cz = np.concatenate(([0.0], np.cumsum(lz)))
    ce = np.concatenate(([0.0], np.cumsum(le)))
    ratio = ce[-1] / cz[-1] if cz[-1] > 0 and ce[-1] > 0 else 1.0
    width = max(START_WIDTH, 2 * abs(n - m) // max(1, min(n, m)))
    while True:
        lo, hi = _band(cz, ce, ratio, width)
        sizes = hi - lo + 1
        offset = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        path = _kernel()(cz, ce, lo, hi, offset, _A, _B, _LOG_PRIOR, ratio, variance, huber, cap)
        ends = [(int(i), int(j)) for _, i, j in path.tolist()]
        touched = any((j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m) for i, j in ends[:-1])
        wider = 2 * width
        if not touched or int(sizes.sum()) * 2 > MAX_BAND_CELLS or wider > 2 * m + 2:
            return ends
        width = wider


def chunks(
    len_z: Sequence[float],
    len_e: Sequence[float],
    weight_z: Sequence[int],
    weight_e: Sequence[int],
    max_cells: int,
) -> list[tuple[int, int, int, int]]:
    """Cut two unit sequences into consecutive chunks (z0, z1, e0, e1) (unit ranges) along the banded
    path, each holding at most `max_cells` = Σweight_z · Σweight_e sentence cells where the path allows
    (one bead larger than that is a chunk of its own). Cuts fall after a 1-1 bead once a chunk is a
    quarter full, else where the next bead would overflow it."""
    ends = banded_path(len_z, len_e)
    wz = np.concatenate(([0], np.cumsum(np.asarray(weight_z, dtype=np.int64))))
    we = np.concatenate(([0], np.cumsum(np.asarray(weight_e, dtype=np.int64))))
    out: list[tuple[int, int, int, int]] = []
    z0 = e0 = 0
    prev = (0, 0)
    for i, j in ends:
        cells = int(wz[i] - wz[z0]) * int(we[j] - we[e0])
        if cells > max_cells and prev != (z0, e0):  # this bead would overflow: cut before it
            out.append((z0, prev[0], e0, prev[1]))
            z0, e0 = prev
            cells = int(wz[i] - wz[z0]) * int(we[j] - we[e0])
        one_to_one = i - prev[0] == 1 and j - prev[1] == 1
        if one_to_one and cells * 4 >= max_cells:
            out.append((z0, i, e0, j))
            z0, e0 = i, j
        prev = (i, j)
    if (z0, e0) != (len(len_z), len(len_e)):
        out.append((z0, len(len_z), e0, len(len_e)))
    return out
