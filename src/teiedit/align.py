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
The passes over the (zh × en) lattice are loops compiled with Numba (`lattice.py`).
"""

from __future__ import annotations

import functools
import itertools
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .alignlex import CompiledTable, Hits, compiled, lexical_hits, lexical_scores
from .anchors import QUOTE, anchors_en_all, anchors_zh, anchors_zh_all, counted_en, counted_zh, weight, zh_numeral_value
from .beads import Bead, DocumentAlignment, SentenceBead, paragraph_groups
from .lattice import LatticeKernels
from .lexicon import LexicalTable, TokenisedPairs, count_pairs, en_tokens, zh_tokens
from .names import name_keys

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


_SHAPES = list(SENTENCE_BEADS)
_A = np.array([a for a, _ in _SHAPES], dtype=np.int64)
_B = np.array([b for _, b in _SHAPES], dtype=np.int64)
_LOG_PRIOR = np.log(np.array([SENTENCE_BEADS[s] for s in _SHAPES]))
_ACROSS = _SHAPES.index((0, 1))
_AL, _BL = _A.tolist(), _B.tolist()  # (plain ints for Python-side arithmetic)


@dataclass(frozen=True)
class Weights:
    """The model's few free constants (nats). Chosen by hand for plausibility, then checked on dev data."""

    huber: float = 2.0  # length deviates beyond this many standard deviations cost linearly
    anchor_shared: float = 1.5  # per shared anchor (weighted, see anchors.weight)
    anchor_missing: float = 1.0  # per anchor one side has and the other lacks
    # Scale of the lexical log-likelihood ratio. Its tokens overlap (each character is in a unigram and
    # two bigrams) and the words of a sentence are not independent, so the ratio counts the same evidence
    # several times over; at 0.5 it overrode good length evidence in free passages (on the dev sets,
    # ../shared/align-dev, 0.2 gave +2 points strict F1 on both sets, and 0.12–0.3 all did better than 0.5).
    lexical: float = 0.2
    paragraph_both: float = 3.0  # a bead boundary where both versions start a paragraph
    paragraph_both_equal: float = 5.0  # ... when both versions have as many paragraphs
    # Posterior temperatures (they do not change the alignment, only @cert). Untempered, links at
    # cert ≥ 0.9 were right only 93% of the time on the literary dev set (../shared/align-dev): the
    # lexical term still counts overlapping tokens as independent evidence, and free literary translation
    # strains the length model. So for the posteriors the lexical term is divided by `temperature` and
    # then all costs by `global_temperature`. The two values were chosen from a handful of pairs as
    # giving ≥ 95% right at cert ≥ 0.9 on both sets while certifying the most links (two constants: they
    # cannot memorise a corpus); `python3 benchmarks/alignment.py` prints the calibration table.
    temperature: float = 1.5
    global_temperature: float = 1.3
    omission_length_cap: float = 3.0  # most a 1-0 / 0-1 bead pays for its length
    # the sentence-vector term (the vectors extra, `use_vectors`): nats for a bead whose cosine is that
    # of a typical translation pair of the document (0 for one like unrelated pairs; see vectors.py)
    # (4 on the dev data: 3–8 all gave mac-dev 0.87–0.88; for the posteriors it is tempered like the
    # lexical term)
    vectors: float = 4.0
    # ... and the global temperature when it is on (instead of `global_temperature`): the vector term
    # rewards much of what the lexical term already counted (the same translated words), so at 1.3 links
    # at cert ≥ 0.9 were right only 95.5% of the time on mac-dev (README "Measured quality")
    vector_global_temperature: float = 1.6
    default_variance: float = 12.0  # Gale–Church variance per English character, until estimated

    def untempered(self) -> Weights:
        """These weights with every temperature at 1: posteriors as the model sees them (what a first pass
        learns from, and the length-only baseline)."""
        return replace(self, temperature=1.0, global_temperature=1.0, vector_global_temperature=1.0)


@dataclass(frozen=True)
class AlignerOptions:
    """What evidence to use. `table` is a corpus-learned (and/or dictionary) association table."""

    table: LexicalTable | None = None
    use_anchors: bool = True
    use_lexicon: bool = True
    use_vectors: bool = False  # sentence vectors (the optional `vectors` extra, see vectors.py)
    learn_from_document: bool = True  # Moore's second pass with a table learned from this document ...
    learn_min_sentences: int = 60  # ... when it is long enough to learn anything (pairs seen twice)
    weights: Weights = field(default_factory=Weights)


# length alone (the baseline of benchmarks/alignment.py), with untempered posteriors
LENGTH_ONLY = AlignerOptions(
    use_anchors=False,
    use_lexicon=False,
    learn_from_document=False,
    weights=Weights().untempered(),
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
    lexical: Hits | None
    vectors: np.ndarray | None = None  # (n+1, m+1, k) scaled sentence-vector cosines (the vectors extra)
    cache: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)


def _anchor_rows(anchors: list[Counter[str]], col: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's anchors among the keys `col` numbers, as CSR rows of (key id, count)."""
    ptr, keys, counts = [0], [], []
    for a in anchors:
        if a:  # (most sentences have none)
            for k, c in a.items():
                if k in col:
                    keys.append(col[k])
                    counts.append(c)
        ptr.append(len(keys))
    return np.array(ptr, dtype=np.int64), np.array(keys, dtype=np.int64), np.array(counts, dtype=float)


def _anchor_matrices(
    zh: Sequence[str], en: Sequence[str], transliteration: dict[str, str] | None = None
) -> tuple[np.ndarray, ...]:
    """Pairwise shared anchors (weighted counts, Σ_key weight · min(count zh, count en)) over the keys
    both sides have, and each sentence's anchor mass. With a dictionary's `transliteration` characters,
    a name the English spells in Latin letters and a Chinese sentence in characters is a key of both
    (`names.py`; "t:", so its absence costs nothing: a name is not always transliterated)."""
    n, m = len(zh), len(en)
    az = anchors_zh_all(zh)
    latin = frozenset(k[2:] for a in az for k in a if k[0] == "w")
    ae = anchors_en_all(en, latin)
    names_z, names_e = name_keys(zh, en, transliteration or {})
    for found, keys in itertools.chain(zip(az, names_z, strict=True), zip(ae, names_e, strict=True)):
        for name in keys:
            found["t:" + name] = 1
    # (most sentences of a newspaper article have no anchor at all: only those with some are looked at)
    some_z = [(i, a) for i, a in enumerate(az) if a]
    some_e = [(j, a) for j, a in enumerate(ae) if a]
    # quotation marks count only when both versions use them (see anchors.QUOTE)
    if not any(QUOTE in a for _, a in some_z) or not any(QUOTE in a for _, a in some_e):
        for _, a in some_z + some_e:
            a.pop(QUOTE, None)
    mass_z, total_z, mass_e = np.zeros(n), np.zeros(n), np.zeros(m)
    for i, a in some_z:
        mass_z[i] = sum(weight(k) * c for k, c in a.items() if counted_zh(k))
        total_z[i] = sum(weight(k) * c for k, c in a.items())
    for j, a in some_e:
        mass_e[j] = sum(weight(k) * c for k, c in a.items() if counted_en(k))
    both = sorted(set().union(*(a for _, a in some_z)) & set().union(*(a for _, a in some_e)))
    if not both:
        zero = np.zeros((n, m))
        return zero, zero, zero, mass_z, mass_e, total_z
    col = {k: c for c, k in enumerate(both)}
    z_ptr, z_key, z_count = _anchor_rows(az, col)
    e_ptr, e_key, e_count = _anchor_rows(ae, col)
    w = np.array([weight(k) for k in both])
    counted = np.array([[counted_zh(k), counted_en(k)] for k in both], dtype=float)
    out = LatticeKernels.get().shared_anchors(n, m, z_ptr, z_key, z_count, e_ptr, e_key, e_count, w, counted)
    return out[0], out[1], out[2], mass_z, mass_e, total_z


def _evidence(
    zh: Sequence[str],
    en: Sequence[str],
    start_z: np.ndarray,
    start_e: np.ndarray,
    options: AlignerOptions,
    table: LexicalTable | CompiledTable | None,
) -> _Evidence:
    n, m = len(zh), len(en)
    if options.use_anchors:
        names = options.table.transliteration if options.table is not None else None
        shared, shared_z, shared_e, mass_z, mass_e, total_z = _anchor_matrices(zh, en, names)
    else:
        shared = shared_z = shared_e = np.zeros((n, m))
        mass_z, mass_e, total_z = np.zeros(n), np.zeros(m), np.zeros(n)
    lexical = lexical_hits(zh, en, table, _A, _B) if table is not None and options.use_lexicon else None
    vectors = None
    if options.use_vectors:
        from .vectors import vector_scores

        vectors = vector_scores(zh, en, _A, _B, 1.0)
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
        vectors,
    )


# ---------------------------------------------------------------------------------------------- lattice
class _Lattice:
    """Bead costs C[i, j, t] for a bead of shape t ending at lattice node (i, j), and the passes over them."""

    def __init__(self, ev: _Evidence, ratio: float, variance: float, w: Weights, equal_paragraphs: bool) -> None:
        n, m = len(ev.lz), len(ev.le)
        self.n, self.m = n, m
        self.kernels = LatticeKernels.get()
        # priors, anchors and paragraphs do not depend on ratio and variance: computed once per evidence
        key = ("fixed", w.anchor_missing, w.anchor_shared, w.paragraph_both, w.paragraph_both_equal, equal_paragraphs)
        if key not in ev.cache:
            bonus = w.paragraph_both_equal if equal_paragraphs else w.paragraph_both
            ev.cache[key] = self.kernels.fixed_costs(
                n, m, _A, _B, _LOG_PRIOR, ev.shared, ev.shared_z, ev.shared_e, ev.mass_z, ev.mass_e, ev.total_z,
                w.anchor_missing, w.anchor_shared, ev.start_z, ev.start_e, bonus,
            )  # fmt: skip
        cost = self.kernels.bead_costs(
            ev.cache[key], ev.lz, ev.le, _A, _B, ratio, variance, w.huber, w.omission_length_cap
        )
        self.lexical_part: np.ndarray | None = None  # the lexical term (a reward), kept for the posteriors
        if ev.lexical is not None:
            # it does not depend on ratio and variance: computed once per evidence
            key = ("lexical", id(ev.lexical), w.lexical)
            if key not in ev.cache:
                ev.cache[key] = lexical_scores(ev.lexical, w.lexical)
            self.lexical_part = ev.cache[key]
            cost -= self.lexical_part
        self.vector_part: np.ndarray | None = None  # the sentence-vector term, tempered like the lexical one
        if ev.vectors is not None:
            self.vector_part = w.vectors * ev.vectors
            cost -= self.vector_part
        self.cost = cost

    def viterbi(self) -> np.ndarray:
        """Best path as rows (shape index, end i, end j), in order."""
        return self.kernels.viterbi(self.cost, _A, _B, _ACROSS)

    def posteriors(self, path: np.ndarray, cost: np.ndarray, temperature: float = 1.0) -> np.ndarray:
        """Posterior probability of each bead of `path` under `cost` / `temperature` (forward–backward)."""
        scale = 1.0 / temperature
        return self.kernels.posteriors(np.exp(cost * -scale), cost, _A, _B, path, scale)


# ---------------------------------------------------------------------------------------------- estimation
def _estimate(ev: _Evidence, beads: list[tuple[range, range]], ratio: float, variance: float) -> tuple[float, float]:
    """Ratio and variance of English to Chinese characters from the 1-1 beads of a first pass (robust)."""
    lz, le = ev.lz.tolist(), ev.le.tolist()
    pairs = [(lz[z.start], le[e.start]) for z, e in beads if len(z) == 1 and len(e) == 1]
    pairs = [(a, b) for a, b in pairs if a > 0 and b > 0]
    if len(pairs) < 5:
        return ratio, variance
    # (plain Python: for the few dozen beads of an article NumPy's call overhead costs more than the work)
    new_ratio = statistics.median([b / a for a, b in pairs])
    d2 = [(b - a * new_ratio) ** 2 / ((b + a * new_ratio) / 2) for a, b in pairs]
    new_var = statistics.median(d2) / 0.4549  # the median of a χ²₁ variable is 0.4549
    k = min(len(pairs) / 30, 1.0)  # shrink towards the prior estimate when there are few beads
    return (1 - k) * ratio + k * new_ratio, max((1 - k) * variance + k * new_var, 1.0)


def _run(ev: _Evidence, ratio: float, variance: float, w: Weights, equal: bool, certs: bool, temperature: float):
    lattice = _Lattice(ev, ratio, variance, w, equal)
    path = lattice.viterbi()
    beads = [(range(i - _AL[t], i), range(j - _BL[t], j), t) for t, i, j in path.tolist()]
    post: list[float] = []
    if certs:
        # the lexical term counts overlapping tokens (unigrams and the bigrams that contain them) as
        # independent evidence, so posteriors with it at full strength are over-confident: for the
        # posteriors it is divided by T
        cost = lattice.cost
        if lattice.lexical_part is not None and temperature != 1.0:
            cost = cost + lattice.lexical_part * (1 - 1 / temperature)
        if lattice.vector_part is not None and temperature != 1.0:
            cost = cost + lattice.vector_part * (1 - 1 / temperature)
        scale = w.vector_global_temperature if lattice.vector_part is not None else w.global_temperature
        post = lattice.posteriors(path, cost, scale).tolist()
    return beads, post


def align_flat(
    zh: Sequence[str],
    en: Sequence[str],
    start_z: Sequence[bool] | None = None,
    start_e: Sequence[bool] | None = None,
    options: AlignerOptions | None = None,
) -> list[Bead]:
    """Align two flat sentence lists; `start_*` mark paragraph starts (length n+1 / m+1, last True)."""
    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, 1.0) for i in range(n)] + [Bead((), (j,), 0.0, 1.0) for j in range(m)]
    return [Bead(tuple(z), tuple(e), 0.0, c) for z, e, c in _align_flat(zh, en, start_z, start_e, options)]


def _align_flat(
    zh: Sequence[str],
    en: Sequence[str],
    start_z: Sequence[bool] | None,
    start_e: Sequence[bool] | None,
    options: AlignerOptions | None,
) -> list[tuple[range, range, float]]:
    """`align_flat` for two non-empty lists, as (zh range, en range, cert) per bead: `align_document`
    makes its sentence beads from these directly (a Bead per bead in between cost ~5% of the seed's time)."""
    options = options or AlignerOptions()
    n, m = len(zh), len(en)
    flags_z = list(start_z) if start_z is not None else [True] + [False] * (n - 1) + [True]
    flags_e = list(start_e) if start_e is not None else [True] + [False] * (m - 1) + [True]
    sz, se = np.array(flags_z, dtype=bool), np.array(flags_e, dtype=bool)
    # (Python's sums: NumPy's calls cost more than a few dozen flags and lengths)
    inner_z = sum(map(bool, flags_z[1:-1]))
    equal = inner_z == sum(map(bool, flags_e[1:-1])) and inner_z > 0
    w = options.weights
    learn = options.learn_from_document and min(n, m) >= options.learn_min_sentences
    use_lex = options.use_lexicon and (options.table is not None or learn)
    ev = _evidence(zh, en, sz, se, options, options.table)
    total_z, total_e = float(sum(ev.lz.tolist())), float(sum(ev.le.tolist()))
    ratio = total_e / total_z if total_z and total_e else 1.0
    variance = w.default_variance
    # first pass: length, anchors and the corpus table if there is one
    # (the first pass's posteriors pick the pairs to learn from: untempered, as the model sees them)
    first, post = _run(ev, ratio, variance, w.untempered(), equal, certs=use_lex and learn, temperature=1.0)
    ratio, variance = _estimate(ev, [(z, e) for z, e, _ in first], ratio, variance)
    if use_lex and learn:
        confident = [
            (zh_tokens(zh[z.start]), en_tokens(en[e.start]))
            for (z, e, _), p in zip(first, post, strict=True)
            if len(z) == 1 and len(e) == 1 and p >= 0.5
        ]
        learned = count_pairs(confident).table()
        # (the document's own pairs on top of the corpus table or dictionary, merged as compiled arrays)
        table = learned if options.table is None else compiled(options.table).overlaid(learned)
        kept = {k: v for k, v in ev.cache.items() if k[0] != "lexical"}  # priors, anchors, paragraphs hold
        ev = replace(ev, lexical=lexical_hits(zh, en, table, _A, _B), cache=kept)
    beads, post = _run(ev, ratio, variance, w, equal, certs=True, temperature=w.temperature)
    return [(z, e, round(min(max(p, 0.0), 1.0), 2)) for (z, e, _), p in zip(beads, post, strict=True)]


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


def align_document(
    zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]], options: AlignerOptions | None = None
) -> DocumentAlignment:
    """Align the sentences of a whole document (paragraphs = lists of sentences), paragraphs as evidence."""
    zh_ids = [(p, k) for p in range(len(zh)) for k in range(len(zh[p]))]
    en_ids = [(p, k) for p in range(len(en)) for k in range(len(en[p]))]
    if len(zh_ids) * len(en_ids) > MAX_LATTICE_CELLS:
        return _align_long(zh, en, zh_ids, en_ids, options)
    start_z = [k == 0 for _, k in zh_ids] + [True]
    start_e = [k == 0 for _, k in en_ids] + [True]
    if zh_ids and en_ids:
        beads = _align_flat([zh[p][k] for p, k in zh_ids], [en[p][k] for p, k in en_ids], start_z, start_e, options)
        sentences = [SentenceBead(tuple(zh_ids[z.start : z.stop]), tuple(en_ids[e.start : e.stop]), c) for z, e, c in beads]
    else:  # one version without sentences: each sentence of the other on its own
        sentences = [SentenceBead((s,), ()) for s in zh_ids] + [SentenceBead((), (s,)) for s in en_ids]
    return DocumentAlignment(paragraph_groups(zh, en, sentences), sentences)


# The whole-article lattice takes O(n·m) memory (~15 arrays of n·m floats): beyond this many cells
# (about 600 × 600 sentences) paragraphs are aligned first and sentences inside each group; beyond this
# many paragraph cells too, the article is cut into chunks along a banded path (`longalign`).
MAX_LATTICE_CELLS = 400_000


def _align_long(
    zh: Sequence[Sequence[str]],
    en: Sequence[Sequence[str]],
    zh_ids: list[tuple[int, int]],
    en_ids: list[tuple[int, int]],
    options: AlignerOptions | None,
) -> DocumentAlignment:
    """A text too long for one lattice: paragraph groups when the paragraph lattice is small enough,
    else (10,000 paragraphs, or one huge paragraph a side) chunks cut along a banded length path, so
    that memory stays O(chunk) whatever the article's length."""
    if len(zh) > 1 and len(en) > 1 and len(zh) * len(en) <= MAX_LATTICE_CELLS:
        grouped = _align_by_paragraph_groups(zh, en, options)
        if grouped is not None:
            return grouped
    zt = [zh[p][k] for p, k in zh_ids]
    et = [en[p][k] for p, k in en_ids]
    start_z = [k == 0 for _, k in zh_ids] + [True]
    start_e = [k == 0 for _, k in en_ids] + [True]
    if len(zh) > 1 and len(en) > 1:  # paragraphs as the units of the banded path
        units_z = [0, *itertools.accumulate(len(p) for p in zh)]
        units_e = [0, *itertools.accumulate(len(p) for p in en)]
    else:
        units_z, units_e = list(range(len(zt) + 1)), list(range(len(et) + 1))
    beads = _align_chunked(zt, et, start_z, start_e, units_z, units_e, options)
    zid, eid = zh_ids.__getitem__, en_ids.__getitem__
    sentences = [SentenceBead(tuple(map(zid, b.zh)), tuple(map(eid, b.en)), b.cert) for b in beads]
    return DocumentAlignment(paragraph_groups(zh, en, sentences), sentences)


def _align_chunked(
    zt: list[str],
    et: list[str],
    start_z: list[bool],
    start_e: list[bool],
    units_z: list[int],
    units_e: list[int],
    options: AlignerOptions | None,
) -> list[Bead]:
    """Sentence beads of two flat sentence lists, each chunk of the banded path over the units (unit u
    = sentences units[u]..units[u+1]) aligned by `align_flat`; a chunk still too large (one huge
    paragraph bead) is cut again with sentences as the units."""
    from .longalign import chunks

    # no table learned per chunk: merging it into the edition's table recompiles that table (seconds,
    # with the dictionary) for every chunk; the chunks use the edition's table as it is
    options = replace(options or AlignerOptions(), learn_from_document=False)
    cz = [0, *itertools.accumulate(_zh_len(t) for t in zt)]
    ce = [0, *itertools.accumulate(_en_len(t) + 1 for t in et)]
    len_z = [cz[units_z[u + 1]] - cz[units_z[u]] for u in range(len(units_z) - 1)]
    len_e = [ce[units_e[u + 1]] - ce[units_e[u]] for u in range(len(units_e) - 1)]
    weight_z = [units_z[u + 1] - units_z[u] for u in range(len(units_z) - 1)]
    weight_e = [units_e[u + 1] - units_e[u] for u in range(len(units_e) - 1)]
    out: list[Bead] = []
    for z0, z1, e0, e1 in chunks(len_z, len_e, weight_z, weight_e, MAX_LATTICE_CELLS // 2):
        s0, s1, t0, t1 = units_z[z0], units_z[z1], units_e[e0], units_e[e1]
        sub_z, sub_e = zt[s0:s1], et[t0:t1]
        flags_z, flags_e = [True, *start_z[s0 + 1 : s1], True], [True, *start_e[t0 + 1 : t1], True]
        if len(sub_z) * len(sub_e) > MAX_LATTICE_CELLS and (z1 - z0 < len(sub_z) or e1 - e0 < len(sub_e)):
            beads = _align_chunked(sub_z, sub_e, flags_z, flags_e, list(range(len(sub_z) + 1)),
                                   list(range(len(sub_e) + 1)), options)  # fmt: skip
        else:
            beads = align_flat(sub_z, sub_e, flags_z, flags_e, options)
        out.extend(Bead(tuple(s0 + i for i in b.zh), tuple(t0 + j for j in b.en), b.cost, b.cert) for b in beads)
    return out


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
    return DocumentAlignment(paragraph_groups(zh, en, sentences), sentences)


def confident_pairs(
    document: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]], options: AlignerOptions
) -> list[tuple[str, str]]:
    """The (zh, en) sentence pairs of a document's confident 1-1 beads: what a learning round counts."""
    zh, en = document
    if not any(zh) or not any(en):
        return []
    out = []
    for b in align_document(zh, en, options).sentences:
        if len(b.zh) == 1 and len(b.en) == 1 and b.cert >= 0.5:
            (p, k), (q, r) = b.zh[0], b.en[0]
            out.append((zh[p][k], en[q][r]))
    return out


def learn_table(
    documents: Iterable[tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]]],
    rounds: int = 2,
    initial: LexicalTable | None = None,
    map_documents: Callable[..., Iterable[list[tuple[str, str]]]] = map,
) -> LexicalTable:
    """Moore's bootstrap over a whole corpus (documents = (zh paragraphs, en paragraphs) of sentences):
    align by length and anchors, learn Dice associations from the confident 1-1 beads of every document,
    align again with them, learn again. `initial` (e.g. a dictionary) helps the first round.
    `map_documents` (like `map`, e.g. a process pool's) spreads the alignments over processes."""
    table: LexicalTable | None = initial
    for _ in range(rounds):
        # untempered posteriors pick the pairs to learn from, as within a document
        options = AlignerOptions(table=table, learn_from_document=False, weights=Weights().untempered())
        found = map_documents(functools.partial(confident_pairs, options=options), documents)
        confident = [pair for pairs in found for pair in pairs]
        table = count_pairs(TokenisedPairs(confident)).table()
    return table or LexicalTable()


def align_with_fixed(
    zh: Sequence[str],
    en: Sequence[str],
    fixed: Sequence[tuple[Sequence[int], Sequence[int]]],
    options: AlignerOptions | None = None,
) -> list[Bead]:
    """Align two sentence lists around beads that must stay as they are (links a person reviewed).

    `fixed` holds (zh indices, en indices) pairs, in order on both sides; each is returned as it is (cert
    1.0, the caller keeps its own link) and the stretches between two fixed beads are aligned on their own,
    so nothing crosses a fixed bead. One side of a stretch empty: its sentences become 1-0 / 0-1 beads.
    Used by `teiedit realign` and by the merge of an edited document with a re-conversion."""
    out: list[Bead] = []
    zi = ei = 0  # the next sentence not yet aligned, on each side

    def stretch(z_end: int, e_end: int) -> None:
        sub_zh, sub_en = list(zh[zi:z_end]), list(en[ei:e_end])
        if z_end < zi or e_end < ei:
            raise ValueError("fixed beads cross each other or are out of order")
        if sub_zh and sub_en:
            for b in align_sentences(sub_zh, sub_en, options):
                out.append(Bead(tuple(zi + k for k in b.zh), tuple(ei + k for k in b.en), b.cost, b.cert))
        else:
            out.extend(Bead((zi + k,), (), 0.0, 1.0) for k in range(len(sub_zh)))
            out.extend(Bead((), (ei + k,), 0.0, 1.0) for k in range(len(sub_en)))

    for fz, fe in fixed:
        z, e = tuple(fz), tuple(fe)
        stretch(min(z) if z else zi, min(e) if e else ei)
        out.append(Bead(z, e, 0.0, 1.0))
        zi, ei = (max(z) + 1 if z else zi), (max(e) + 1 if e else ei)
    stretch(len(zh), len(en))
    return out
