"""The aligner's compiled passes over the bead lattice: its fixed costs (shape priors, anchors,
paragraphs), the length costs, Viterbi, forward–backward, and the shared-anchor sums they start from.

Plain loops over arrays compiled by Numba: at the size of a newspaper article (a few dozen sentences a
side) NumPy's per-call overhead, not arithmetic, was the whole cost. They know nothing of sentences or
options (`align.py` passes arrays and numbers); compiled on first use and cached on disk (`jit.py`).
"""

from __future__ import annotations

import math

import numpy as np

from .jit import jit

_INF = math.inf


def _shared_anchors_py(n, m, z_ptr, z_key, z_count, e_ptr, e_key, e_count, w, counted):  # pragma: no cover
    """out[0, i, j] = Σ_key w · min(count in zh i, count in en j); out[1] / out[2] the same over the keys
    counted missing on the zh / en side (`counted[:, 0]` / `[:, 1]`). Compiled: sentences have few
    anchors, and the NumPy matrix products this replaced cost more in calls than in arithmetic."""
    out = np.zeros((3, n, m))
    for i in range(n):
        for j in range(m):
            for x in range(z_ptr[i], z_ptr[i + 1]):
                k = z_key[x]
                for y in range(e_ptr[j], e_ptr[j + 1]):
                    if e_key[y] == k:
                        v = w[k] * min(z_count[x], e_count[y])
                        out[0, i, j] += v
                        out[1, i, j] += v * counted[k, 0]
                        out[2, i, j] += v * counted[k, 1]
    return out


def _fixed_costs_py(
    n, m, A, B, logprior,
    shared, shared_z, shared_e, mass_z, mass_e, total_z, anchor_missing, anchor_shared,
    start_z, start_e, bonus,
):  # fmt: skip
    """The part of C[i, j, t] that does not depend on the length model: the shape's prior, anchors and
    the paragraph bonus (inf where the bead would start before 0)."""
    k = A.shape[0]
    pmz = np.zeros(n + 1)
    ptz = np.zeros(n + 1)
    pme = np.zeros(m + 1)
    for i in range(n):
        pmz[i + 1] = pmz[i] + mass_z[i]
        ptz[i + 1] = ptz[i] + total_z[i]
    for j in range(m):
        pme[j + 1] = pme[j] + mass_e[j]
    # 2-D prefix sums of the pairwise anchor matrices
    ps = np.zeros((n + 1, m + 1))
    pz = np.zeros((n + 1, m + 1))
    pe = np.zeros((n + 1, m + 1))
    for i in range(n):
        rs = 0.0
        rz = 0.0
        re_ = 0.0
        for j in range(m):
            rs += shared[i, j]
            rz += shared_z[i, j]
            re_ += shared_e[i, j]
            ps[i + 1, j + 1] = ps[i, j + 1] + rs
            pz[i + 1, j + 1] = pz[i, j + 1] + rz
            pe[i + 1, j + 1] = pe[i, j + 1] + re_
    cost = np.empty((n + 1, m + 1, k))
    for i in range(n + 1):
        for j in range(m + 1):
            node = -bonus if start_z[i] and start_e[j] else 0.0
            for t in range(k):
                a, b = A[t], B[t]
                i0, j0 = i - a, j - b
                if i0 < 0 or j0 < 0:
                    cost[i, j, t] = _INF
                    continue
                c = node - logprior[t]
                if a > 0 and b > 0:
                    s = ps[i, j] - ps[i0, j] - ps[i, j0] + ps[i0, j0]
                    s = min(s, ptz[i] - ptz[i0])
                    sz = pz[i, j] - pz[i0, j] - pz[i, j0] + pz[i0, j0]
                    se = pe[i, j] - pe[i0, j] - pe[i, j0] + pe[i0, j0]
                    missing = max(pmz[i] - pmz[i0] - sz, 0.0) + max(pme[j] - pme[j0] - se, 0.0)
                    c += anchor_missing * missing - anchor_shared * s
                cost[i, j, t] = c
    return cost


def _bead_costs_py(fixed, lz, le, A, B, ratio, variance, huber, cap):
    """C[i, j, t]: cost of a bead of shape t ending at node (i, j): `fixed` plus the length term."""
    n1, m1, k = fixed.shape
    cz = np.zeros(n1)
    ce = np.zeros(m1)
    for i in range(n1 - 1):
        cz[i + 1] = cz[i] + lz[i]
    for j in range(m1 - 1):
        ce[j + 1] = ce[j] + le[j]
    cost = np.empty((n1, m1, k))
    for i in range(n1):
        for j in range(m1):
            for t in range(k):
                a, b = A[t], B[t]
                i0, j0 = i - a, j - b
                if i0 < 0 or j0 < 0:
                    cost[i, j, t] = _INF
                    continue
                scaled = (cz[i] - cz[i0]) * ratio
                lengths = ce[j] - ce[j0]
                mean = (scaled + lengths) / 2
                d = abs((lengths - scaled) / math.sqrt(variance * max(mean, 1.0)))
                c = 0.5 * d * d if d <= huber else huber * d - 0.5 * huber * huber
                if a == 0 or b == 0:
                    c = min(c, cap)
                cost[i, j, t] = fixed[i, j, t] + c
    return cost


def _viterbi_py(cost, A, B, across):
    """Best path as rows (shape index, end i, end j), in order."""
    n1, m1, k = cost.shape
    F = np.full((n1, m1), _INF)
    arg = np.full((n1, m1), across)
    for i in range(n1):
        for j in range(m1):
            if i == 0 and j == 0:
                F[0, 0] = 0.0
                continue
            best = _INF
            bt = across
            if i > 0:
                for t in range(k):
                    a = A[t]
                    if a == 0 or a > i or B[t] > j:
                        continue
                    v = F[i - a, j - B[t]] + cost[i, j, t]
                    if v < best:
                        best, bt = v, t
            if j > 0:
                v = F[i, j - 1] + cost[i, j, across]
                if v < best:
                    best, bt = v, across
            F[i, j] = best
            arg[i, j] = bt
    path = np.empty((n1 + m1, 3), dtype=np.int64)
    count = 0
    i, j = n1 - 1, m1 - 1
    while i > 0 or j > 0:
        t = arg[i, j]
        path[count, 0], path[count, 1], path[count, 2] = t, i, j
        count += 1
        i, j = i - A[t], j - B[t]
    return path[:count][::-1].copy()


def _posteriors_py(prob, cost, A, B, path, scale):
    """Posterior probability of each bead of `path`, from forward–backward over the whole lattice.

    `cost` holds −log probabilities, each multiplied by `scale` (the inverse of a temperature); `prob` is
    exp(−cost · scale), computed beforehand (vectorised: the exponentials were most of the time here).
    The passes add products of probabilities; each lattice row is rescaled to a maximum of 1 and its log
    scale kept (true α[i, j] = α[i, j] · e^−la[i]), so that long texts do not underflow.
    """
    n1, m1, k = prob.shape
    amax = A.max()
    alpha = np.zeros((n1, m1))
    beta = np.zeros((n1, m1))
    la = np.zeros(n1)
    lb = np.zeros(n1)
    factor = np.zeros(amax + 1)
    for i in range(n1):
        ref = la[i - 1] if i > 0 else 0.0
        for a in range(1, amax + 1):  # row i − a's scale → row i − 1's
            factor[a] = math.exp(ref - la[i - a]) if i - a >= 0 else 0.0
        for j in range(m1):
            if i == 0 and j == 0:
                alpha[0, 0] = 1.0
                continue
            total = 0.0
            for t in range(k):
                a, b = A[t], B[t]
                if a > i or b > j:
                    continue
                p = prob[i, j, t]
                v = alpha[i - a, j - b]
                if p == 0.0 or v == 0.0:
                    continue
                total += v * p if a == 0 else v * factor[a] * p
            alpha[i, j] = total
        top = alpha[i].max()
        la[i] = ref
        if top > 0.0:
            alpha[i] /= top
            la[i] = ref - math.log(top)
    for i in range(n1 - 1, -1, -1):
        ref = lb[i + 1] if i < n1 - 1 else 0.0
        for a in range(1, amax + 1):
            factor[a] = math.exp(ref - lb[i + a]) if i + a < n1 else 0.0
        for j in range(m1 - 1, -1, -1):
            if i == n1 - 1 and j == m1 - 1:
                beta[i, j] = 1.0
                continue
            total = 0.0
            for t in range(k):
                a, b = A[t], B[t]
                if i + a >= n1 or j + b >= m1:
                    continue
                p = prob[i + a, j + b, t]
                v = beta[i + a, j + b]
                if p == 0.0 or v == 0.0:
                    continue
                total += v * p if a == 0 else v * factor[a] * p
            beta[i, j] = total
        top = beta[i].max()
        lb[i] = ref
        if top > 0.0:
            beta[i] /= top
            lb[i] = ref - math.log(top)
    Z = -math.log(alpha[n1 - 1, m1 - 1]) + la[n1 - 1]
    out = np.empty(path.shape[0])
    for r in range(path.shape[0]):
        t, i, j = path[r, 0], path[r, 1], path[r, 2]
        i0, j0 = i - A[t], j - B[t]
        if alpha[i0, j0] == 0.0 or beta[i, j] == 0.0:
            out[r] = 0.0
            continue
        c = (-math.log(alpha[i0, j0]) + la[i0]) + cost[i, j, t] * scale + (-math.log(beta[i, j]) + lb[i]) - Z
        out[r] = math.exp(-max(c, 0.0))
    return out


class LatticeKernels:
    """The compiled passes, built once per process (Numba compiles or loads its disk cache on first use)."""

    _compiled: LatticeKernels | None = None

    def __init__(self) -> None:
        self.bead_costs = jit(_bead_costs_py)
        self.fixed_costs = jit(_fixed_costs_py)
        self.viterbi = jit(_viterbi_py)
        self.posteriors = jit(_posteriors_py)
        self.shared_anchors = jit(_shared_anchors_py)

    @classmethod
    def get(cls) -> LatticeKernels:
        if cls._compiled is None:
            cls._compiled = cls()
        return cls._compiled
