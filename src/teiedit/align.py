"""Sentence alignment of a Chinese original and its English translation, with a certainty per bead.

One dynamic program over all the sentences of the document (not paragraph by paragraph: when the
translator merged or split paragraphs, a wrong paragraph pairing would decide everything). A bead joins
0–5 Chinese with 0–5 English sentences (1-1, 1-2, 2-1, 2-2, 1-3 … 1-5, 5-1, 1-0, 0-1), each shape with a
prior. A bead's cost (−log probability, in nats) adds:

- its shape's prior;
- length: a Gale & Church (1993) deviate of English characters against Chinese characters × the
  document's ratio, with the document's own variance (both estimated from a first pass), scored with a
  Huber loss so that free literary translations do not explode the cost;
- anchors (see `anchors.py`): shared numbers, names, question marks reward; numbers or Latin words on
  one side only penalise;
- lexical evidence: a word-association table learned from the corpus (see `lexicon.py`; Moore 2002:
  the first pass's confident 1-1 beads train it, a second pass uses it), scored as the associations
  inside the bead minus what unrelated sentences of this document share by chance;
- paragraphs as soft evidence: a bead boundary where both versions start a paragraph earns a bonus.

The certainty of a bead is its posterior probability under the same model, from forward–backward over
the whole lattice (the sum over every alignment of the document), at a temperature that calibrates it.
All arithmetic is vectorised with NumPy over the (zh × en) lattice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .anchors import anchors_en, anchors_zh, counted_en, counted_zh, weight, zh_numeral_value
from .lexicon import LexicalTable, en_tokens, train_counts, zh_tokens

__all__ = [
    "Bead",
    "DocumentAlignment",
    "SentenceBead",
    "align_document",
    "align_paragraphs",
    "align_sentences",
    "anchors_zh",
    "zh_numeral_value",
]

# bead shape (zh count, en count) -> prior probability. 1-1 dominates; translators split a long Chinese
# sentence more often than they merge, and omissions are rare (Gale & Church found ~1%).
SENTENCE_BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.80,
    (1, 2): 0.065,
    (2, 1): 0.065,
    (1, 3): 0.014,
    (3, 1): 0.014,
    (1, 0): 0.006,
    (0, 1): 0.006,
    (2, 2): 0.005,
    (1, 4): 0.003,
    (4, 1): 0.003,
    (1, 5): 0.001,
    (5, 1): 0.001,
    (2, 3): 0.001,
    (3, 2): 0.001,
}


@dataclass(frozen=True)
class Weights:
    """The model's few free constants (nats). Chosen by hand for plausibility, then checked on dev data."""

    huber: float = 2.0  # length deviates beyond this many standard deviations cost linearly
    anchor_shared: float = 1.5  # per shared anchor (weighted, see anchors.weight)
    anchor_missing: float = 1.0  # per anchor one side has and the other lacks
    lexical: float = 0.5  # scale of the lexical log-likelihood ratio (tokens overlap: bigrams, unigrams)
    paragraph_both: float = 3.0  # a bead boundary where both versions start a paragraph
    paragraph_both_equal: float = 5.0  # ... when both versions have as many paragraphs
    # Posterior temperatures (they do not change the alignment, only @cert). With the model's costs as
    # they are, links at cert ≥ 0.9 were right only 92% of the time on the dev sets (../shared/align-dev):
    # the lexical term counts overlapping tokens (unigrams and the bigrams containing them) as independent
    # evidence, and free literary translation strains the length model. So for the posteriors the lexical
    # term is divided by `temperature` and then all costs by `global_temperature`. The two values were
    # chosen once from a handful of pairs as giving ≥ 95% right at cert ≥ 0.9 on both sets while
    # certifying the most links (two constants: they cannot memorise a corpus);
    # `python3 benchmarks/alignment.py` prints the calibration table.
    temperature: float = 3.0
    global_temperature: float = 1.3
    omission_length_cap: float = 3.0  # most a 1-0 / 0-1 bead pays for its length
    default_variance: float = 12.0  # Gale–Church variance per English character, until estimated


@dataclass(frozen=True)
class Bead:
    """A run of zh items paired with a run of en items (either may be empty)."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    cost: float = 0.0
    cert: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class SentenceBead:
    """Sentences addressed as (paragraph index, sentence index) on each side, and the bead's certainty."""

    zh: tuple[tuple[int, int], ...]
    en: tuple[tuple[int, int], ...]
    cert: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class DocumentAlignment:
    paragraphs: list[Bead]
    sentences: list[SentenceBead]


@dataclass(frozen=True)
class AlignerOptions:
    """What evidence to use. `table` is a corpus-learned (and/or dictionary) association table."""

    table: LexicalTable | None = None
    use_anchors: bool = True
    use_lexicon: bool = True
    learn_from_document: bool = True  # Moore's second pass with a table learned from this document ...
    learn_min_sentences: int = 60  # ... when it is long enough to learn anything (pairs seen twice)
    weights: Weights = field(default_factory=Weights)


# length alone (the baseline of benchmarks/alignment.py), with untempered posteriors
LENGTH_ONLY = AlignerOptions(
    use_anchors=False,
    use_lexicon=False,
    learn_from_document=False,
    weights=Weights(temperature=1.0, global_temperature=1.0),
)


# ---------------------------------------------------------------------------------------------- evidence
def _zh_len(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\u3000")


def _en_len(text: str) -> int:
    return len(text)


@dataclass
class _Evidence:
    """Per-sentence and per-sentence-pair numbers the bead costs are built from (prefix-summed)."""

    lz: np.ndarray  # (n,) Chinese characters
    le: np.ndarray  # (m,) English characters
    start_z: np.ndarray  # (n+1,) bool: a paragraph starts at this zh position (or the text ends)
    start_e: np.ndarray  # (m+1,)
    shared: np.ndarray  # (n, m) weighted shared anchors
    shared_z: np.ndarray  # (n, m) shared anchors of the kinds counted missing on the zh side
    shared_e: np.ndarray  # (n, m) ... on the en side
    mass_z: np.ndarray  # (n,) anchors counted missing if unmatched
    mass_e: np.ndarray  # (m,)
    total_z: np.ndarray  # (n,) all anchors of the zh sentence, weighted
    lexical: _Hits | None
    cache: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)


def _anchor_matrices(zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, ...]:
    n, m = len(zh), len(en)
    shared = np.zeros((n, m))
    shared_z = np.zeros((n, m))
    shared_e = np.zeros((n, m))
    mass_z = np.zeros(n)
    mass_e = np.zeros(m)
    az = [anchors_zh(t) for t in zh]
    index: dict[str, list[tuple[int, int]]] = {}
    for j, t in enumerate(en):
        a = anchors_en(t)
        for key, c in a.items():
            if counted_en(key):
                mass_e[j] += weight(key) * c
            if key[0] != "w":
                index.setdefault(key, []).append((j, c))
        for key in a:
            if key[0] == "w":
                index.setdefault(key, []).append((j, a[key]))
    for i, a in enumerate(az):
        for key, c in a.items():
            w = weight(key)
            if counted_zh(key):
                mass_z[i] += w * c
            for j, ce in index.get(key, ()):
                s = w * min(c, ce)
                shared[i, j] += s
                if counted_zh(key):
                    shared_z[i, j] += s
                if counted_en(key):
                    shared_e[i, j] += s
    total_z = np.array([sum(weight(k) * c for k, c in a.items()) for a in az])
    return shared, shared_z, shared_e, mass_z, mass_e, total_z


@dataclass
class _Hits:
    """Lexical evidence: which known tokens (tokens the table has partners for) of each sentence can be
    translated by some token of each sentence of the other side, and the hit rates of translations (h1)
    and of unrelated sentence pairs (h0), estimated from this document."""

    reach_en: np.ndarray  # (n, Ve) bool: en token types some zh token of sentence i translates to
    en: np.ndarray  # (m, Ve) en token types of sentence j
    reach_zh: np.ndarray  # (m, Vz) bool: zh token types some en token of sentence j translates
    zh: np.ndarray  # (n, Vz)
    rates_en: tuple[float, float] = (0.5, 0.05)
    rates_zh: tuple[float, float] = (0.5, 0.05)


# Hit rates before any evidence, and how many tokens of evidence weigh as much as them: a short article
# cannot estimate its own rates, a long one can.
PRIOR_H1, PRIOR_H0, PRIOR_TOKENS = 0.6, 0.05, 20.0


def _rates(k: np.ndarray, total: np.ndarray, axis: int) -> tuple[float, float]:
    """(h1, h0): h1 = hit rate of each sentence with its best partner, h0 = with all the others, both
    shrunk towards the prior rates."""
    known = float(total.sum())
    others = max(k.shape[axis] - 1, 0)  # each sentence's best partner is left out of the chance rate
    best = float(k.max(axis).sum())
    h0 = ((float(k.sum()) - best) + PRIOR_H0 * PRIOR_TOKENS) / (known * others + PRIOR_TOKENS)
    h1 = (best + PRIOR_H1 * PRIOR_TOKENS) / (known + PRIOR_TOKENS)
    h0 = min(max(h0, 1e-3), 0.8)
    h1 = min(max(h1, h0 + 0.05), 0.97)
    return h1, h0


def _lexical_hits(zt: list[set[str]], et: list[set[str]], table: LexicalTable) -> _Hits | None:
    n, m = len(zt), len(et)
    weights = table.weights
    if not n or not m or not weights:
        return None
    known_en = table.en_vocabulary()
    en_col: dict[str, int] = {}
    for toks in et:
        for e in sorted(toks):
            if e in known_en:
                en_col.setdefault(e, len(en_col))
    if not en_col:
        return None
    E = np.zeros((m, len(en_col)))
    for j, toks in enumerate(et):
        E[j, [en_col[e] for e in toks if e in en_col]] = 1.0
    zh_row: dict[str, int] = {}
    partner_cols: list[list[int]] = []
    zh_cells: list[tuple[int, int]] = []
    for i, toks in enumerate(zt):
        for z in sorted(toks):
            partners = weights.get(z)
            if not partners:
                continue
            r = zh_row.get(z)
            if r is None:  # a token whose partners are all absent from this English still counts: it misses
                r = zh_row[z] = len(zh_row)
                partner_cols.append([en_col[e] for e in partners if e in en_col])
            zh_cells.append((i, r))
    if not zh_row:
        return None
    P = np.zeros((len(zh_row), len(en_col)))
    for r, cols in enumerate(partner_cols):
        P[r, cols] = 1.0
    Z = np.zeros((n, len(zh_row)))
    rows, cols = zip(*zh_cells, strict=True)
    Z[list(rows), list(cols)] = 1.0
    reach_en = (Z @ P) > 0
    reach_zh = (E @ P.T) > 0
    hits = _Hits(reach_en, E > 0, reach_zh, Z > 0)
    k_en = reach_en.astype(float) @ E.T  # (n, m)
    k_zh = Z @ reach_zh.T.astype(float)  # (n, m)
    hits.rates_en = _rates(k_en, E.sum(1), 0)
    hits.rates_zh = _rates(k_zh, Z.sum(1), 1)
    return hits


def _evidence(
    zh: Sequence[str],
    en: Sequence[str],
    start_z: np.ndarray,
    start_e: np.ndarray,
    options: AlignerOptions,
    table: LexicalTable | None,
    tokens: tuple[list[set[str]], list[set[str]]] | None,
) -> _Evidence:
    n, m = len(zh), len(en)
    if options.use_anchors:
        shared, shared_z, shared_e, mass_z, mass_e, total_z = _anchor_matrices(zh, en)
    else:
        shared = shared_z = shared_e = np.zeros((n, m))
        mass_z, mass_e, total_z = np.zeros(n), np.zeros(m), np.zeros(n)
    if table is not None and tokens is not None and options.use_lexicon:
        lexical = _lexical_hits(tokens[0], tokens[1], table)
    else:
        lexical = None
    return _Evidence(
        np.array([_zh_len(t) for t in zh], dtype=float),
        np.array([_en_len(t) for t in en], dtype=float),
        start_z,
        start_e,
        shared,
        shared_z,
        shared_e,
        mass_z,
        mass_e,
        total_z,
        lexical,
    )


# ---------------------------------------------------------------------------------------------- lattice
def _prefix1(x: np.ndarray) -> np.ndarray:
    return np.concatenate(([0.0], np.cumsum(x)))


def _prefix2(x: np.ndarray) -> np.ndarray:
    out = np.zeros((x.shape[0] + 1, x.shape[1] + 1))
    out[1:, 1:] = x.cumsum(0).cumsum(1)
    return out


def _huber(d: np.ndarray, k: float) -> np.ndarray:
    a = np.abs(d)
    return np.where(a <= k, 0.5 * a * a, k * a - 0.5 * k * k)


def _window_any(x: np.ndarray, a: int) -> np.ndarray:
    """(n+1, V) float: row r = OR of x over rows r-a … r-1 (0 where r < a)."""
    n = x.shape[0]
    out = np.zeros((n + 1, x.shape[1]))
    if a == 0 or a > n:
        return out
    acc = x[0 : n - a + 1].copy()
    for s in range(1, a):
        acc |= x[s : n - a + 1 + s]
    out[a:] = acc
    return out


def _llr(k: np.ndarray, total: np.ndarray, rates: tuple[float, float], a: int) -> np.ndarray:
    """Log-likelihood ratio of k hits out of `total` known tokens when the other side has `a` sentences:
    a translation among them (hit rate h1, plus chance from the others) against none (chance only)."""
    h1, h0 = rates
    chance = 1 - (1 - h0) ** a
    good = 1 - (1 - h1) * (1 - h0) ** (a - 1)
    return k * math.log(good / chance) + (total - k) * math.log((1 - good) / (1 - chance))


def _lexical_scores(h: _Hits, A: np.ndarray, B: np.ndarray, n: int, m: int) -> np.ndarray:
    """(k, n+1, m+1): for a bead of each shape ending at each node, the log-likelihood ratio of the hits
    of its sentences' tokens among the tokens of the other side of the bead."""
    out = np.zeros((len(A), n + 1, m + 1))
    en_f = h.en.astype(float)
    zh_f = h.zh.astype(float)
    n_en = en_f.sum(1)
    n_zh = zh_f.sum(1)
    llr_en = {}
    for a in {a for a in A.tolist() if a}:
        k = _window_any(h.reach_en, a) @ en_f.T  # (n+1, m): hits of en sentence j in zh window ending at row
        llr = _llr(k, n_en[None, :], h.rates_en, a)
        llr[:a] = 0.0
        llr_en[a] = np.concatenate((np.zeros((n + 1, 1)), np.cumsum(llr, 1)), 1)
    llr_zh = {}
    for b in {b for b in B.tolist() if b}:
        k = _window_any(h.reach_zh, b) @ zh_f.T  # (m+1, n)
        llr = _llr(k, n_zh[None, :], h.rates_zh, b)
        llr[:b] = 0.0
        llr_zh[b] = np.concatenate((np.zeros((m + 1, 1)), np.cumsum(llr, 1)), 1)  # (m+1, n+1)
    J = np.arange(m + 1)
    Iz = np.arange(n + 1)
    for t, (a, b) in enumerate(zip(A.tolist(), B.tolist(), strict=True)):
        if not a or not b:
            continue
        P = llr_en[a]
        out[t, :, b:] += P[:, J[b:]] - P[:, J[b:] - b]
        Q = llr_zh[b]
        out[t, a:, :] += (Q[:, Iz[a:]] - Q[:, Iz[a:] - a]).T
    return out


class _Lattice:
    """Bead costs C[t, i, j] for a bead of shape t ending at lattice node (i, j), and the three passes."""

    def __init__(self, ev: _Evidence, ratio: float, variance: float, w: Weights, equal_paragraphs: bool) -> None:
        n, m = len(ev.lz), len(ev.le)
        self.n, self.m = n, m
        self.lexical_part: np.ndarray | None = None  # the lexical term (a reward), kept for the posteriors
        shapes = list(SENTENCE_BEADS)
        self.shapes = shapes
        A = np.array([a for a, _ in shapes])
        B = np.array([b for _, b in shapes])
        self.A, self.B = A, B
        Iz = np.arange(n + 1)
        J = np.arange(m + 1)
        iz = Iz[None, :] - A[:, None]  # (k, n+1) start of the zh run
        je = J[None, :] - B[:, None]  # (k, m+1)
        valid = (iz >= 0)[:, :, None] & (je >= 0)[:, None, :]
        izc, jec = np.maximum(iz, 0), np.maximum(je, 0)
        cz, ce = _prefix1(ev.lz), _prefix1(ev.le)
        LZ = cz[None, :] - cz[izc]  # (k, n+1)
        LE = ce[None, :] - ce[jec]  # (k, m+1)
        scaled = LZ[:, :, None] * ratio
        lengths = LE[:, None, :]
        mean = (scaled + lengths) / 2
        delta = (lengths - scaled) / np.sqrt(variance * np.maximum(mean, 1.0))
        two_sided = ((A > 0) & (B > 0))[:, None, None]
        # a sentence with no counterpart has no length to match: Gale & Church's length term would make a
        # long omitted sentence all but impossible, so it is capped
        length = _huber(delta, w.huber)
        cost = np.where(two_sided, length, np.minimum(length, w.omission_length_cap))
        cost -= np.log(np.array([SENTENCE_BEADS[s] for s in shapes]))[:, None, None]

        def block(P: np.ndarray) -> np.ndarray:
            """Sums over each bead's block of the 2-D prefix sums P (stacked: (s, n+1, m+1))."""
            ii, jj = Iz[None, :, None], J[None, None, :]
            a, b = izc[:, :, None], jec[:, None, :]
            return P[:, ii, jj] - P[:, a, jj] - P[:, ii, b] + P[:, a, b]

        # the anchor and lexical terms do not depend on ratio and variance: computed once per evidence
        key = ("anchors", w.anchor_missing, w.anchor_shared)
        if key not in ev.cache and (ev.shared.any() or ev.mass_z.any() or ev.mass_e.any()):
            stacked = block(np.stack([_prefix2(ev.shared), _prefix2(ev.shared_z), _prefix2(ev.shared_e)]))
            shared, sz, se = stacked
            pz, pe = _prefix1(ev.mass_z), _prefix1(ev.mass_e)
            mz = (pz[None, :] - pz[izc])[:, :, None]
            me = (pe[None, :] - pe[jec])[:, None, :]
            # pairwise sums count an anchor repeated in neighbouring sentences once per pair: a bead cannot
            # share more than its Chinese side has, or merging sentences would pay for itself
            pt = _prefix1(ev.total_z)
            shared = np.minimum(shared, (pt[None, :] - pt[izc])[:, :, None])
            missing = np.maximum(mz - sz, 0) + np.maximum(me - se, 0)
            ev.cache[key] = np.where(two_sided, w.anchor_missing * missing - w.anchor_shared * shared, 0.0)
        if key in ev.cache:
            cost += ev.cache[key]
        if ev.lexical is not None:
            key = ("lexical", id(ev.lexical), w.lexical)
            if key not in ev.cache:
                ev.cache[key] = np.where(two_sided, w.lexical * _lexical_scores(ev.lexical, A, B, n, m), 0.0)
            cost -= ev.cache[key]
            self.lexical_part = ev.cache[key]
        bonus = w.paragraph_both_equal if equal_paragraphs else w.paragraph_both
        node = np.where(ev.start_z[:, None] & ev.start_e[None, :], -bonus, 0.0)
        cost += node[None, :, :]
        cost[~valid] = np.inf
        self.cost = cost
        self.moves = [t for t, (a, _) in enumerate(shapes) if a > 0]  # shapes that leave the row
        self.across = shapes.index((0, 1))
        self._prepare()

    def _prepare(self) -> None:
        """Index arrays and padded copies shared by the passes (inf padding replaces bounds checks)."""
        mv = np.array(self.moves)
        self.Am, self.Bm = self.A[mv], self.B[mv]
        self.amax, self.bmax = int(self.Am.max()), int(self.B.max())
        n, m, amax, bmax = self.n, self.m, self.amax, self.bmax
        J = np.arange(m + 1)
        self.fcols = J[None, :] - self.Bm[:, None] + bmax  # into arrays padded before
        self.bcols = J[None, :] + self.Bm[:, None]  # into arrays padded after
        self.kidx = np.arange(len(mv))[:, None]
        self.moves_cost = self.cost[mv]
        padded = np.full((len(mv), n + 1 + amax, m + 1 + bmax), np.inf)
        padded[:, : n + 1, : m + 1] = self.moves_cost
        self.moves_cost_after = padded
        across = self.cost[self.across].copy()
        across[:, 0] = 0.0
        self.S = np.cumsum(across, 1)  # S[i, j] = Σ_{l ≤ j} C01[i, l]
        self.T = self.S[:, -1:] - self.S  # T[i, j] = Σ_{l > j} C01[i, l]

    def viterbi(self) -> list[tuple[int, int, int]]:
        """Best path as (shape index, end i, end j) beads, in order."""
        n, m, amax, bmax = self.n, self.m, self.amax, self.bmax
        Fp = np.full((n + 1 + amax, m + 1 + bmax), np.inf)
        F = Fp[amax:, bmax:]
        arg = np.zeros((n + 1, m + 1), dtype=int)
        from_move = np.zeros((n + 1, m + 1), dtype=bool)
        mv = np.array(self.moves)
        cols = np.arange(m + 1)
        for i in range(n + 1):
            if i == 0:
                best = np.full(m + 1, np.inf)
                best[0] = 0.0
                idx = np.zeros(m + 1, dtype=int)
            else:
                cand = Fp[(i - self.Am + amax)[:, None], self.fcols] + self.moves_cost[:, i, :]
                idx = cand.argmin(0)
                best = cand[idx, cols]
            S = self.S[i]
            row = S + np.minimum.accumulate(best - S)
            F[i] = row
            arg[i] = mv[idx]
            from_move[i] = best <= row + 1e-9 * (1.0 + np.abs(row))
        path = []
        i, j = n, m
        while i or j:
            t = int(arg[i, j]) if from_move[i, j] and i != 0 else self.across
            a, b = self.shapes[t]
            path.append((t, i, j))
            i, j = i - a, j - b
        path.reverse()
        return path

    def forward_backward(self) -> tuple[np.ndarray, np.ndarray]:
        """α (cost of reaching each node, summed over paths) and β (cost from each node to the end), −log."""
        n, m, amax, bmax = self.n, self.m, self.amax, self.bmax
        Ap = np.full((n + 1 + amax, m + 1 + bmax), np.inf)
        alpha = Ap[amax:, bmax:]
        Bp = np.full((n + 1 + amax, m + 1 + bmax), np.inf)
        beta = Bp[: n + 1, : m + 1]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            for i in range(n + 1):
                if i == 0:
                    best = np.full(m + 1, np.inf)
                    best[0] = 0.0
                else:
                    cand = Ap[(i - self.Am + amax)[:, None], self.fcols] + self.moves_cost[:, i, :]
                    best = -_logsumexp0(-cand)
                S = self.S[i]
                alpha[i] = S - np.logaddexp.accumulate(S - best)
            for i in range(n, -1, -1):
                if i == n:
                    best = np.full(m + 1, np.inf)
                    best[m] = 0.0
                else:
                    rows = (i + self.Am)[:, None]
                    nxt = self.moves_cost_after[self.kidx, rows, self.bcols] + Bp[rows, self.bcols]
                    best = -_logsumexp0(-nxt)
                # 0-1 moves within the row, right to left
                T = self.T[i]
                beta[i] = T - np.logaddexp.accumulate((T - best)[::-1])[::-1]
        return alpha.copy(), beta.copy()


def _logsumexp0(x: np.ndarray) -> np.ndarray:
    mx = x.max(0)
    safe = np.where(np.isfinite(mx), mx, 0.0)
    return safe + np.log(np.exp(x - safe).sum(0))


# ---------------------------------------------------------------------------------------------- estimation
def _estimate(ev: _Evidence, beads: list[tuple[range, range]], ratio: float, variance: float) -> tuple[float, float]:
    """Ratio and variance of English to Chinese characters from the 1-1 beads of a first pass (robust)."""
    pairs = [(ev.lz[z.start], ev.le[e.start]) for z, e in beads if len(z) == 1 and len(e) == 1]
    pairs = [(a, b) for a, b in pairs if a > 0 and b > 0]
    if len(pairs) < 5:
        return ratio, variance
    lz = np.array([a for a, _ in pairs])
    le = np.array([b for _, b in pairs])
    new_ratio = float(np.median(le / lz))
    mean = (le + lz * new_ratio) / 2
    d2 = (le - lz * new_ratio) ** 2 / mean
    new_var = float(np.median(d2) / 0.4549)  # the median of a χ²₁ variable is 0.4549
    k = min(len(pairs) / 30, 1.0)  # shrink towards the prior estimate when there are few beads
    return (1 - k) * ratio + k * new_ratio, max((1 - k) * variance + k * new_var, 1.0)


def _run(ev: _Evidence, ratio: float, variance: float, w: Weights, equal: bool, certs: bool, temperature: float):
    lattice = _Lattice(ev, ratio, variance, w, equal)
    path = lattice.viterbi()
    beads = []
    for t, i, j in path:
        a, b = lattice.shapes[t]
        beads.append((range(i - a, i), range(j - b, j), t))
    post: list[float] = []
    if certs:
        # the lexical term counts overlapping tokens (unigrams and the bigrams that contain them) as
        # independent evidence, so posteriors with it at full strength are over-confident: for the
        # posteriors it is divided by T
        if lattice.lexical_part is not None and temperature != 1.0:
            lattice.cost = lattice.cost + lattice.lexical_part * (1 - 1 / temperature)
        if w.global_temperature != 1.0:
            lattice.cost = lattice.cost / w.global_temperature
        lattice._prepare()
        alpha, beta = lattice.forward_backward()
        Z = alpha[lattice.n, lattice.m]
        for z, e, t in beads:
            c = alpha[z.start, e.start] + lattice.cost[t, z.stop, e.stop] + beta[z.stop, e.stop] - Z
            post.append(float(np.exp(-max(c, 0.0))))
    return beads, post


def align_flat(
    zh: Sequence[str],
    en: Sequence[str],
    start_z: Sequence[bool] | None = None,
    start_e: Sequence[bool] | None = None,
    options: AlignerOptions | None = None,
) -> list[Bead]:
    """Align two flat sentence lists; `start_*` mark paragraph starts (length n+1 / m+1, last True)."""
    options = options or AlignerOptions()
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, 1.0) for i in range(n)] + [Bead((), (j,), 0.0, 1.0) for j in range(m)]
    sz = np.array(start_z if start_z is not None else [True] + [False] * (n - 1) + [True], dtype=bool)
    se = np.array(start_e if start_e is not None else [True] + [False] * (m - 1) + [True], dtype=bool)
    equal = int(sz[1:-1].sum()) == int(se[1:-1].sum()) and bool(sz[1:-1].any())
    w = options.weights
    total_z = sum(_zh_len(t) for t in zh)
    total_e = sum(_en_len(t) for t in en)
    ratio = total_e / total_z if total_z and total_e else 1.0
    variance = w.default_variance
    learn = options.learn_from_document and min(n, m) >= options.learn_min_sentences
    use_lex = options.use_lexicon and (options.table is not None or learn)
    tokens = ([zh_tokens(t) for t in zh], [en_tokens(t) for t in en]) if use_lex else None
    ev = _evidence(zh, en, sz, se, options, options.table, tokens)
    # first pass: length, anchors and the corpus table if there is one
    # (the first pass's posteriors pick the pairs to learn from: untempered, as the model sees them)
    first, post = _run(
        ev, ratio, variance, replace(w, global_temperature=1.0), equal, certs=use_lex and learn, temperature=1.0
    )
    ratio, variance = _estimate(ev, [(z, e) for z, e, _ in first], ratio, variance)
    if use_lex and learn and tokens is not None:
        counts = train_counts(())
        for (z, e, _), p in zip(first, post, strict=True):
            if len(z) == 1 and len(e) == 1 and p >= 0.5:
                counts.add(tokens[0][z.start], tokens[1][e.start])
        learned = counts.table()
        table = learned if options.table is None else options.table.merged(learned)
        kept = {k: v for k, v in ev.cache.items() if k[0] != "lexical"}  # the anchor terms still hold
        ev = replace(ev, lexical=_lexical_hits(tokens[0], tokens[1], table), cache=kept)
    beads, post = _run(ev, ratio, variance, w, equal, certs=True, temperature=w.temperature)
    return [
        Bead(tuple(z), tuple(e), 0.0, round(min(max(p, 0.0), 1.0), 2)) for (z, e, _), p in zip(beads, post, strict=True)
    ]


# ---------------------------------------------------------------------------------------------- public API
def align_sentences(zh: Sequence[str], en: Sequence[str], options: AlignerOptions | None = None) -> list[Bead]:
    """Align two sentence lists with no paragraph structure."""
    return align_flat(zh, en, options=options)


def align_paragraphs(zh: Sequence[str], en: Sequence[str], ratio: float | None = None) -> list[Bead]:
    """Paragraph beads by length alone (1:1 when the counts match); kept for callers that have no sentences."""
    if len(zh) == len(en):
        return [Bead((k,), (k,)) for k in range(len(zh))]
    options = AlignerOptions(use_anchors=False, use_lexicon=False, learn_from_document=False)
    return align_flat(zh, en, options=options)


def _paragraph_groups(
    zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]], beads: list[SentenceBead]
) -> list[Bead]:
    """Groups of paragraphs joined by sentence beads (connected components), in text order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_bead: dict[tuple[str, int], int] = {}
    for k, b in enumerate(beads):
        keys = [("z", p) for p, _ in b.zh] + [("e", q) for q, _ in b.en]
        for key in keys:
            first_bead.setdefault(key, k)
            ra, rb = find(keys[0]), find(key)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    position: dict[tuple[str, int], float] = {}
    for side, count in (("z", len(zh)), ("e", len(en))):
        for p in range(count):
            r = find((side, p))
            groups.setdefault(r, ([], []))[0 if side == "z" else 1].append(p)
            position[r] = min(position.get(r, math.inf), first_bead.get((side, p), math.inf))
    order = sorted(groups, key=lambda r: (position[r], r))
    return [Bead(tuple(groups[r][0]), tuple(groups[r][1])) for r in order]


def align_document(
    zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]], options: AlignerOptions | None = None
) -> DocumentAlignment:
    """Align the sentences of a whole document (paragraphs = lists of sentences), paragraphs as evidence."""
    zh_ids = [(p, k) for p in range(len(zh)) for k in range(len(zh[p]))]
    en_ids = [(p, k) for p in range(len(en)) for k in range(len(en[p]))]
    if len(zh_ids) * len(en_ids) > MAX_LATTICE_CELLS and len(zh) > 1 and len(en) > 1:
        grouped = _align_by_paragraph_groups(zh, en, options)
        if grouped is not None:
            return grouped
    start_z = [k == 0 for _, k in zh_ids] + [True]
    start_e = [k == 0 for _, k in en_ids] + [True]
    beads = align_flat([zh[p][k] for p, k in zh_ids], [en[p][k] for p, k in en_ids], start_z, start_e, options)
    sentences = [SentenceBead(tuple(zh_ids[i] for i in b.zh), tuple(en_ids[j] for j in b.en), b.cert) for b in beads]
    return DocumentAlignment(_paragraph_groups(zh, en, sentences), sentences)


# The whole-article lattice takes O(n·m) memory (~15 arrays of n·m floats): beyond this many cells
# (about 600 × 600 sentences) paragraphs are aligned first and sentences inside each group.
MAX_LATTICE_CELLS = 400_000


def _align_by_paragraph_groups(
    zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]], options: AlignerOptions | None
) -> DocumentAlignment | None:
    """For very long texts: paragraphs (as units) by length and anchors, then sentences inside each group
    (None when the paragraphs form a single group: nothing to divide)."""
    base = options or AlignerOptions()
    groups = align_flat(
        ["".join(p) for p in zh], [" ".join(p) for p in en], options=replace(base, learn_from_document=False)
    )
    if len(groups) < 2:
        return None
    sentences: list[SentenceBead] = []
    for g in groups:
        sub = align_document([zh[p] for p in g.zh], [en[q] for q in g.en], options)
        for b in sub.sentences:
            sentences.append(
                SentenceBead(tuple((g.zh[p], k) for p, k in b.zh), tuple((g.en[q], k) for q, k in b.en), b.cert)
            )
    return DocumentAlignment(_paragraph_groups(zh, en, sentences), sentences)


def learn_table(
    documents: Sequence[tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]]],
    rounds: int = 2,
    initial: LexicalTable | None = None,
) -> LexicalTable:
    """Moore's bootstrap over a whole corpus (documents = (zh paragraphs, en paragraphs) of sentences):
    align by length and anchors, learn Dice associations from the confident 1-1 beads of every document,
    align again with them, learn again. `initial` (e.g. a dictionary) helps the first round."""
    table: LexicalTable | None = initial
    for _ in range(rounds):
        counts = train_counts(())
        # untempered posteriors pick the pairs to learn from, as within a document
        untempered = Weights(temperature=1.0, global_temperature=1.0)
        options = AlignerOptions(table=table, learn_from_document=False, weights=untempered)
        for zh, en in documents:
            flat_zh = [s for p in zh for s in p]
            flat_en = [s for p in en for s in p]
            if not flat_zh or not flat_en:
                continue
            doc = align_document(zh, en, options)
            zt = {(p, k): zh_tokens(zh[p][k]) for p in range(len(zh)) for k in range(len(zh[p]))}
            et = {(p, k): en_tokens(en[p][k]) for p in range(len(en)) for k in range(len(en[p]))}
            for b in doc.sentences:
                if len(b.zh) == 1 and len(b.en) == 1 and b.cert >= 0.5:
                    counts.add(zt[b.zh[0]], et[b.en[0]])
        table = counts.table()
    return table or LexicalTable()
