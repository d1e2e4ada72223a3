"""The aligner's lexical evidence: which tokens of a sentence the other side's sentences translate,
computed from an association table (corpus-learned and/or the dictionary, see `lexicon.py`).

Everything per document runs in compiled loops (Numba), because at the size of a newspaper article the
Python of building token sets and looking their ids up in dicts cost more than the whole lattice. A
table is compiled once into integer lookups: a code-point array for the one-character Chinese tokens,
hash tables of integer keys for the two-character ones (c1 · 28,160 + c2, over the compact CJK code
points) and for the English stems (a stem of up to six letters read as a bijective base-27 number, so
every stem has its own key), each Chinese token's lookup giving its partner row. The document's texts
then go to the kernel as code points (Chinese) and lower-cased UTF-8 bytes (English), and one pass
yields each sentence's known token ids (each type once, as the set-based tokenisers of `lexicon.py`
would: `zh_tokens`, `en_tokens`; a test holds the two equal), numbered by first occurrence in the
document, with the table's partner rows restricted to the document's English.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .jit import jit, kernel_lines
from .lexicon import EN_STOP, IRREGULAR, STEM, LexicalTable, en_stem

# A pair's weight at or above this counts as a full hit, below it as that fraction of one: a dictionary
# word in one sense of many (or a weak corpus association) is weaker evidence than a headword's only sense.
STRENGTH_FULL = 0.5

# Hit rates before any evidence, and how many tokens of evidence weigh as much as them: a short article
# cannot estimate its own rates, a long one can.
PRIOR_H1, PRIOR_H0, PRIOR_TOKENS = 0.6, 0.05, 20.0

_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF))  # lexicon._CJK_RUN
_CJK_SIZE = 0x9FFF - 0x3400 + 1 + 0xFAFF - 0xF900 + 1  # the two ranges numbered 0, 1, … (28,160 characters)


def _is_cjk(text: str) -> bool:
    return all(any(lo <= ord(ch) <= hi for lo, hi in _CJK_RANGES) for ch in text)


def _cjk_index(ch: str) -> int:
    c = ord(ch)
    return c - 0x3400 if c <= 0x9FFF else c - 0xF900 + 0x9FFF - 0x3400 + 1


def _bigram_key(z: str) -> int:
    return _cjk_index(z[0]) * _CJK_SIZE + _cjk_index(z[1])


def stem_key(word: str) -> int:
    """A lower-case stem of 1–6 ASCII letters as a bijective base-27 number (a=1 … z=26): distinct stems,
    distinct keys, and the kernel computes the same number from the bytes."""
    key = 0
    for ch in word:
        key = key * 27 + (ord(ch) - 96)
    return key


def _stem_ok(word: str) -> bool:
    return 0 < len(word) <= STEM and all("a" <= ch <= "z" for ch in word)


_STOP_KEYS = np.array(sorted(stem_key(w) for w in EN_STOP if _stem_ok(w)), dtype=np.int64)
# irregular forms (lexicon.IRREGULAR), keyed by the whole word in the same base 27 (≤ 12 letters fit in an
# int64), each with its base form's stem key
_IRREGULAR_MAX = 12
_IRREGULAR = sorted((stem_key(form), stem_key(en_stem(form))) for form in IRREGULAR if len(form) <= _IRREGULAR_MAX)
_IRREGULAR_KEYS = np.array([k for k, _ in _IRREGULAR], dtype=np.int64)
_IRREGULAR_STEMS = np.array([v for _, v in _IRREGULAR], dtype=np.int64)


@dataclass
class Hits:
    """A document's lexical evidence: `llr[i, j, t]` is the log-likelihood ratio (unscaled) of the token
    hits inside a bead of shape t (A[t] zh, B[t] en sentences) ending at lattice node (i, j): how many
    known tokens (tokens the table has partners for) of each side's sentences find a partner on the other
    side of the bead, against the hit rates of translations (h1) and of unrelated sentence pairs (h0),
    which are estimated from this document (`rates_*`, shrunk towards PRIOR_*)."""

    llr: np.ndarray  # (n+1, m+1, k); 0 for one-sided shapes
    rates_en: tuple[float, float]  # (h1, h0) of the English tokens among the Chinese sentences' partners
    rates_zh: tuple[float, float]  # ... of the Chinese tokens among the English sentences' partners


_CODE_BITS = 10  # a pair's strength in (0, 1] in thousandths: exact for the tables' three-decimal weights
_CODE_SCALE = 1000


def _strength_code(weight: float) -> int:
    """A pair's strength (weight / STRENGTH_FULL, at most 1) in thousandths (0: too weak to count)."""
    return round(min(weight / STRENGTH_FULL, 1.0) * _CODE_SCALE)


class CompiledTable:
    """A table as integer lookups, built once per table (see the module's docstring). English stems have
    ids 0 … n_en−1; a Chinese token is known by the offset of its row in `partners`: the row's length,
    then its pairs (en id << 10 | strength code, a strength in (0, 1] in thousandths of weight /
    STRENGTH_FULL, at most 1). The one- and two-character lookups (`uni`, `bi`) give that offset, so
    one read finds a token's partners: a separate range array cost a cache miss more per distinct token
    of a document, and these tables are read mostly from memory (small and few reads are fast)."""

    def __init__(self, table: LexicalTable) -> None:
        weights = table.weights
        # only tokens the tokenisers can produce: 1–2 Chinese characters, stems of ASCII letters
        zh = sorted(z for z, partners in weights.items() if 1 <= len(z) <= 2 and _is_cjk(z) and partners)
        rows = [
            [(e, q) for e in sorted(weights[z]) if _stem_ok(e) and (q := _strength_code(weights[z][e])) > 0] for z in zh
        ]
        keep = [k for k, r in enumerate(rows) if r]
        zh, rows = [zh[k] for k in keep], [rows[k] for k in keep]
        en = sorted({e for r in rows for e, _ in r})
        en_id = {e: i for i, e in enumerate(en)}
        self.n_zh, self.n_en = len(zh), len(en)
        self.zh_names, self.en_names = zh, en  # (for `known_tokens` and tests)
        sizes = [len(r) + 1 for r in rows]
        offsets = [0, *itertools.accumulate(sizes)]
        self.heads = dict(zip(zh, offsets[:-1], strict=True))  # token → its row's offset
        self.partners = np.fromiter(
            itertools.chain.from_iterable(
                itertools.chain((len(r),), ((en_id[e] << _CODE_BITS) | q for e, q in r)) for r in rows
            ),
            dtype=np.int32,
            count=offsets[-1],
        )
        self.uni = np.full(_CJK_SIZE, -1, dtype=np.int32)  # compact code point → a one-character token's row
        bi: list[tuple[int, int]] = []
        for z, head in self.heads.items():
            if len(z) == 1:
                self.uni[_cjk_index(z)] = head
            else:
                bi.append((_bigram_key(z), head))
        kernels = _LexKernels.get()
        self.bi = kernels.hash_build(
            np.array([k for k, _ in bi], dtype=np.int64), np.array([h for _, h in bi], dtype=np.int64)
        )
        self.en = kernels.hash_build(
            np.fromiter((stem_key(e) for e in en), dtype=np.int64, count=len(en)), np.arange(len(en), dtype=np.int64)
        )
        self._en_index: dict[str, int] | None = None

    def row(self, head: int) -> list[int]:
        """The pairs of the row at `head`."""
        return self.partners[head + 1 : head + 1 + int(self.partners[head])].tolist()

    def overlaid(self, other: LexicalTable) -> CompiledTable:
        """This table with `other`'s pairs added (the larger weight of the two for each pair, as
        `LexicalTable.merged`), built from the compiled arrays: a document's own small table on top of
        the dictionary costs a few milliseconds, where merging and compiling the dictionary again took
        half a second per long document. A token whose row changes gets a new row at the end."""
        if self._en_index is None:  # stem → id, built once per table
            self._en_index = {e: i for i, e in enumerate(self.en_names)}
        en_index = self._en_index
        heads = dict(self.heads)
        en_names = list(self.en_names)
        added_en: dict[str, int] = {}
        uni: list[tuple[int, int]] = []
        bi: dict[int, int] = {}  # bigram key → its new row
        appended: list[int] = []
        base, mask = len(self.partners), (1 << _CODE_BITS) - 1
        for z in sorted(other.weights):
            partners = other.weights[z]
            if not (1 <= len(z) <= 2 and _is_cjk(z)):
                continue
            codes = {e: q for e in partners if _stem_ok(e) and (q := _strength_code(partners[e])) > 0}
            if not codes:
                continue
            old = heads.get(z)
            row = {} if old is None else {pair >> _CODE_BITS: pair & mask for pair in self.row(old)}
            for e, q in codes.items():
                i = en_index.get(e, added_en.get(e))
                if i is None:
                    i = added_en[e] = len(en_names)
                    en_names.append(e)
                row[i] = max(row.get(i, 0), q)
            head = heads[z] = base + len(appended)
            appended.append(len(row))
            appended.extend((i << _CODE_BITS) | q for i, q in sorted(row.items()))
            if len(z) == 1:
                uni.append((_cjk_index(z), head))
            else:
                bi[_bigram_key(z)] = head
        out = object.__new__(CompiledTable)
        out._en_index = None
        out.heads = heads
        out.zh_names, out.en_names = list(heads), en_names
        out.n_zh, out.n_en = len(heads), len(en_names)
        out.partners = np.concatenate((self.partners, np.array(appended, dtype=np.int32)))
        out.uni = self.uni.copy()
        for k, head in uni:
            out.uni[k] = head
        kernels = _LexKernels.get()
        out.bi = self.bi
        if bi:
            old_pairs = self.bi.reshape(-1, 2)
            old_pairs = old_pairs[(old_pairs[:, 0] >= 0) & ~np.isin(old_pairs[:, 0], list(bi))]
            keys = np.concatenate((old_pairs[:, 0].astype(np.int64), np.array(list(bi), dtype=np.int64)))
            rows = np.concatenate((old_pairs[:, 1].astype(np.int64), np.array(list(bi.values()), dtype=np.int64)))
            out.bi = kernels.hash_build(keys, rows)
        out.en = self.en
        if added_en:
            old = self.en.reshape(-1, 2)
            old = old[old[:, 0] >= 0]
            keys = np.concatenate(
                (old[:, 0].astype(np.int64), np.array([stem_key(e) for e in added_en], dtype=np.int64))
            )
            ids = np.concatenate((old[:, 1].astype(np.int64), np.array(list(added_en.values()), dtype=np.int64)))
            out.en = kernels.hash_build(keys, ids)
        return out


def compiled(table: LexicalTable | CompiledTable) -> CompiledTable:
    """The table's compiled form (built on first use, kept on the table)."""
    if isinstance(table, CompiledTable):
        return table
    cached = table.__dict__.get("_compiled")
    if cached is None:
        cached = CompiledTable(table)
        table.__dict__["_compiled"] = cached
    return cached


def _texts(zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The Chinese as code points and the lower-cased English as UTF-8 bytes, each sentence ended by a
    newline (a non-token character: no token spans two sentences; the kernel finds the sentences by it,
    so a newline inside a sentence becomes a space, which separates tokens just the same)."""
    zh_cp = np.frombuffer(kernel_lines(zh).encode("utf-32-le"), dtype=np.uint32)
    return zh_cp, np.frombuffer(kernel_lines(en).lower().encode("utf-8"), dtype=np.uint8)


def lexical_hits(
    zh: Sequence[str], en: Sequence[str], table: LexicalTable | CompiledTable, A: np.ndarray, B: np.ndarray
) -> Hits | None:
    """The lexical evidence of a document's sentences under `table`, for the bead shapes (A[t], B[t])
    (None when no token of either side is known)."""
    n, m = len(zh), len(en)
    if not n or not m:
        return None
    c = compiled(table)
    if not c.n_zh:
        return None
    kernels = _LexKernels.get()
    zh_ptr, zh_idx, n_zh, en_ptr, en_idx, n_en, p_ptr, p_idx, p_w, i_ptr, i_idx, i_w, _, _ = kernels.tokenise(
        *_texts(zh, en), c.uni, c.bi, c.en, _STOP_KEYS, _IRREGULAR_KEYS, _IRREGULAR_STEMS, c.partners
    )
    if not len(en_idx) or not len(zh_idx):
        return None
    prior = (PRIOR_H1, PRIOR_H0, PRIOR_TOKENS)
    # English tokens among the partners of windows of Chinese sentences, and the other way round
    L_en, h1e, h0e = kernels.side(n_en, zh_ptr, zh_idx, p_ptr, p_idx, p_w, en_ptr, en_idx, A, *prior)
    L_zh, h1z, h0z = kernels.side(n_zh, en_ptr, en_idx, i_ptr, i_idx, i_w, zh_ptr, zh_idx, B, *prior)
    llr = kernels.lexical_costs(L_en, L_zh, A, B)
    return Hits(llr, (h1e, h0e), (h1z, h0z))


def known_tokens(zh: Sequence[str], en: Sequence[str], table: LexicalTable) -> tuple[list[set[str]], list[set[str]]]:
    """The tokens of each sentence that `table` has partners for, as the compiled tokeniser finds them
    (for tests and debugging: the same sets as `lexicon.zh_tokens` / `en_tokens` ∩ the table's tokens)."""
    c = compiled(table)
    if not c.n_zh:
        return [set() for _ in zh], [set() for _ in en]
    out = _LexKernels.get().tokenise(
        *_texts(zh, en), c.uni, c.bi, c.en, _STOP_KEYS, _IRREGULAR_KEYS, _IRREGULAR_STEMS, c.partners
    )
    zh_ptr, zh_idx, en_ptr, en_idx, zh_of, en_of = out[0], out[1], out[3], out[4], out[12], out[13]
    name = {head: z for z, head in c.heads.items()}
    zs = [{name[zh_of[x]] for x in zh_idx[zh_ptr[s] : zh_ptr[s + 1]]} for s in range(len(zh))]
    es = [{c.en_names[en_of[x]] for x in en_idx[en_ptr[s] : en_ptr[s + 1]]} for s in range(len(en))]
    return zs, es


def lexical_scores(h: Hits, weight: float) -> np.ndarray:
    """(n+1, m+1, k): the lexical term of each bead's cost, `weight` × its log-likelihood ratio."""
    return h.llr * weight


# ------------------------------------------------------------------------------------------------ kernels
_MULT = 0x5851F42D4C957F2D  # an odd 63-bit multiplier (Knuth's MMIX): int64 products wrap in the kernels
_SHIFT = 24  # (keys are < 2^32; the product's bits from 24 up mix them well: ~1.3 probes per lookup)


def _hash_build_py(keys, vals):  # pragma: no cover - compiled
    """An open-addressing hash table of distinct keys in [0, 2³¹) (linear probing, at most half full), as
    one int32 array of (key, value) pairs, −1 = empty: one cache line per probe and ~1.3 probes per lookup, where a
    binary search over tables larger than the cache missed it ~17 times."""
    size = 2
    while size < 2 * keys.shape[0]:
        size *= 2
    table = np.full(2 * size, -1, dtype=np.int32)
    for q in range(keys.shape[0]):
        h = ((keys[q] * _MULT) >> _SHIFT) & (size - 1)
        while table[2 * h] != -1:
            h = (h + 1) & (size - 1)
        table[2 * h] = keys[q]
        table[2 * h + 1] = vals[q]
    return table


def _tokenise_py(zh_cp, en_b, uni, bi, en, stop_keys, irr_keys, irr_stems, gp_pairs):  # pragma: no cover
    """Each sentence's known token types as document ids (numbered by first occurrence), and each
    document zh type's partners among the document's en types, and each en type's zh partners."""
    # sentences end with a newline
    n = 0
    for p in range(zh_cp.shape[0]):
        if zh_cp[p] == 10:
            n += 1
    zh_off = np.zeros(n + 1, dtype=np.int64)
    s = 0
    for p in range(zh_cp.shape[0]):
        if zh_cp[p] == 10:
            s += 1
            zh_off[s] = p + 1
    m = 0
    for p in range(en_b.shape[0]):
        if en_b[p] == 10:
            m += 1
    en_off = np.zeros(m + 1, dtype=np.int64)
    s = 0
    for p in range(en_b.shape[0]):
        if en_b[p] == 10:
            s += 1
            en_off[s] = p + 1
    # --- Chinese: unigrams and bigrams inside runs of CJK characters. `local` (a hash table as in
    # hash_build, with the document's few hundred types: it stays in the cache) maps each character
    # (key ci) and bigram (key _CJK_SIZE · (1 + previous ci) + ci) seen so far to its document id, or to −2
    # when the table lacks it, so that the big tables are read once per distinct token
    cap = 2 * zh_cp.shape[0] + 1
    size = 2
    while size < 2 * cap:
        size *= 2
    local = np.full(2 * size, -1, dtype=np.int32)  # (keys < 28,161 · 28,160 < 2³¹: half the memory of int64)
    zh_ptr = np.zeros(n + 1, dtype=np.int64)
    zh_idx = np.empty(cap, dtype=np.int64)
    zh_of = np.empty(cap, dtype=np.int64)  # document zh id → its row in the table (gp_pairs)
    last = np.empty(cap, dtype=np.int64)  # document zh id → last sentence it was counted in
    bmask = bi.shape[0] // 2 - 1
    n_zh = 0
    q = 0
    for s in range(n):
        end = zh_off[s + 1]
        prev = -1  # compact index of the previous character when it is CJK
        for p in range(zh_off[s], end):
            c = np.int64(zh_cp[p])
            if 0x3400 <= c <= 0x9FFF:
                ci = c - 0x3400
            elif 0xF900 <= c <= 0xFAFF:
                ci = c - 0xF900 + 0x9FFF - 0x3400 + 1
            else:
                prev = -1
                continue
            for two in range(2):
                if two == 0:
                    raw = ci
                elif prev < 0:
                    break
                else:
                    raw = _CJK_SIZE * (1 + prev) + ci
                h = ((raw * _MULT) >> _SHIFT) & (size - 1)
                while local[2 * h] != raw and local[2 * h] != -1:
                    h = (h + 1) & (size - 1)
                if local[2 * h] == -1:  # first sight: look it up in the table
                    if two == 0:
                        g = np.int64(uni[ci])
                    else:
                        key = prev * _CJK_SIZE + ci
                        b = ((key * _MULT) >> _SHIFT) & bmask
                        while bi[2 * b] != key and bi[2 * b] != -1:
                            b = (b + 1) & bmask
                        g = np.int64(bi[2 * b + 1])
                    local[2 * h] = raw
                    if g < 0:
                        local[2 * h + 1] = -2
                    else:
                        local[2 * h + 1] = n_zh
                        zh_of[n_zh] = g
                        last[n_zh] = -1
                        n_zh += 1
                loc = local[2 * h + 1]
                if loc >= 0 and last[loc] != s:
                    last[loc] = s
                    zh_idx[q] = loc
                    q += 1
            prev = ci
        zh_ptr[s + 1] = q
    zh_idx = zh_idx[:q].copy()
    # --- English: runs of ≥ 3 ASCII letters, not stop words, cut to STEM letters (`elocal`: stem key →
    # document id, or −2 for a stem the table lacks)
    cap = en_b.shape[0] // 3 + 1
    esize = 2
    while esize < 2 * cap:
        esize *= 2
    elocal = np.full(2 * esize, -1, dtype=np.int32)  # (stem keys < 27⁶ + … < 2³¹)
    en_ptr = np.zeros(m + 1, dtype=np.int64)
    en_idx = np.empty(cap, dtype=np.int64)
    en_of = np.empty(cap, dtype=np.int64)  # document en id → global
    elast = np.empty(cap, dtype=np.int64)
    emask = en.shape[0] // 2 - 1
    n_en = 0
    q = 0
    for s in range(m):
        p = en_off[s]
        end = en_off[s + 1]
        while p < end:
            b = en_b[p]
            if b < 97 or b > 122:
                p += 1
                continue
            start = p
            key = 0
            whole = 0  # the whole word's key while it has at most _IRREGULAR_MAX letters
            length = 0
            while p < end and 97 <= en_b[p] <= 122:
                if length < STEM:
                    key = key * 27 + (np.int64(en_b[p]) - 96)
                if length < _IRREGULAR_MAX:
                    whole = whole * 27 + (np.int64(en_b[p]) - 96)
                length += 1
                p += 1
            if length < 3:
                continue
            if length <= STEM:  # (a stop word is a whole word: "should" is one, "shoulder" is not)
                k = np.searchsorted(stop_keys, key)
                if k < stop_keys.shape[0] and stop_keys[k] == key:
                    continue
            k = np.searchsorted(irr_keys, whole) if length <= _IRREGULAR_MAX else irr_keys.shape[0]
            if k < irr_keys.shape[0] and irr_keys[k] == whole:  # an irregular form: its base's stem
                key = irr_stems[k]
            else:
                # the stem (lexicon.en_stem): -ing, -ed, -s dropped, then at most STEM letters
                kept = length
                if length > 5 and en_b[p - 3] == 105 and en_b[p - 2] == 110 and en_b[p - 1] == 103:  # ing
                    kept = length - 3
                elif length > 4 and en_b[p - 2] == 101 and en_b[p - 1] == 100:  # ed
                    kept = length - 2
                elif length > 3 and en_b[p - 1] == 115 and en_b[p - 2] != 115:  # s, not ss
                    kept = length - 1
                if kept < STEM:
                    key = 0
                    for x in range(start, start + kept):
                        key = key * 27 + (np.int64(en_b[x]) - 96)
            h = ((key * _MULT) >> _SHIFT) & (esize - 1)
            while elocal[2 * h] != key and elocal[2 * h] != -1:
                h = (h + 1) & (esize - 1)
            if elocal[2 * h] == -1:
                x = ((key * _MULT) >> _SHIFT) & emask
                while en[2 * x] != key and en[2 * x] != -1:
                    x = (x + 1) & emask
                g = np.int64(en[2 * x + 1])
                elocal[2 * h] = key
                if g < 0:
                    elocal[2 * h + 1] = -2
                else:
                    elocal[2 * h + 1] = n_en
                    en_of[n_en] = g
                    elast[n_en] = -1
                    n_en += 1
            loc = elocal[2 * h + 1]
            if loc >= 0 and elast[loc] != s:
                elast[loc] = s
                en_idx[q] = loc
                q += 1
        en_ptr[s + 1] = q
    en_idx = en_idx[:q].copy()
    # global en id → document id, for the partners (a hash table keyed by global id)
    gsize = 2
    while gsize < 2 * (n_en + 1):
        gsize *= 2
    gmap = np.full(2 * gsize, -1, dtype=np.int64)
    for loc in range(n_en):
        g = en_of[loc]
        h = ((g * _MULT) >> _SHIFT) & (gsize - 1)
        while gmap[2 * h] != -1:
            h = (h + 1) & (gsize - 1)
        gmap[2 * h] = g
        gmap[2 * h + 1] = loc
    # --- partners of the document's zh types that occur in its English
    p_ptr = np.zeros(n_zh + 1, dtype=np.int64)
    total = 0
    for r in range(n_zh):
        total += gp_pairs[zh_of[r]]
    p_idx = np.empty(total, dtype=np.int64)
    p_w = np.empty(total)
    p = 0
    for r in range(n_zh):
        g = zh_of[r]
        for c in range(g + 1, g + 1 + gp_pairs[g]):
            e = np.int64(gp_pairs[c] >> _CODE_BITS)
            h = ((e * _MULT) >> _SHIFT) & (gsize - 1)
            while gmap[2 * h] != e and gmap[2 * h] != -1:
                h = (h + 1) & (gsize - 1)
            if gmap[2 * h] == e:
                p_idx[p] = gmap[2 * h + 1]
                p_w[p] = (gp_pairs[c] & ((1 << _CODE_BITS) - 1)) / _CODE_SCALE
                p += 1
        p_ptr[r + 1] = p
    p_idx = p_idx[:p].copy()
    p_w = p_w[:p].copy()
    # the same pairs from the English side: each en type's zh partners
    i_ptr = np.zeros(n_en + 1, dtype=np.int64)
    for x in range(p):
        i_ptr[p_idx[x] + 1] += 1
    for e in range(n_en):
        i_ptr[e + 1] += i_ptr[e]
    fill = i_ptr[:n_en].copy()
    i_idx = np.empty(p, dtype=np.int64)
    i_w = np.empty(p)
    for r in range(n_zh):
        for x in range(p_ptr[r], p_ptr[r + 1]):
            e = p_idx[x]
            i_idx[fill[e]] = r
            i_w[fill[e]] = p_w[x]
            fill[e] += 1
    return zh_ptr, zh_idx, n_zh, en_ptr, en_idx, n_en, p_ptr, p_idx, p_w, i_ptr, i_idx, i_w, zh_of[:n_zh], en_of[:n_en]


def _side_py(
    n_types, row_ptr, row_tok, p_ptr, p_idx, p_w, col_ptr, col_idx, shapes, prior_h1, prior_h0, prior_tokens
):  # pragma: no cover - compiled
    """One direction of the lexical evidence: rows are the sentences of one side (their tokens
    `row_tok[row_ptr[q]:row_ptr[q + 1]]`, each token's partners a CSR row of the other side's token types
    with strengths), cols the other side's sentences (tokens `col_idx[col_ptr[c]:…]`, `n_types` types).

    Returns L[a, r, c+1] = Σ_{c' ≤ c} LLR of the hits of col c' among the token types reached by the
    window of `a` rows ending before r, for the widths a in `shapes` (0 where r < a or a is not in
    `shapes`; prefix sums over c), and the (h1, h0) it used:
    h1 = the hit rate of each col with its best row, h0 = with all the others, estimated from the
    document and shrunk towards the prior rates. A hit is the strongest strength reaching the token (a
    weak pair is that fraction of a hit, the rest a miss). Sparse throughout: each window visits the
    types its rows reach and, for each, the cols that contain it."""
    rows = row_ptr.shape[0] - 1
    cols = col_ptr.shape[0] - 1
    # the cols each type occurs in (a type occurs at most once per col)
    o_ptr = np.zeros(n_types + 1, dtype=np.int64)
    for q in range(col_idx.shape[0]):
        o_ptr[col_idx[q] + 1] += 1
    for v in range(n_types):
        o_ptr[v + 1] += o_ptr[v]
    fill = o_ptr[:n_types].copy()
    o_col = np.empty(col_idx.shape[0], dtype=np.int64)
    for c in range(cols):
        for q in range(col_ptr[c], col_ptr[c + 1]):
            v = col_idx[q]
            o_col[fill[v]] = c
            fill[v] += 1
    # the types each row reaches, with the strongest strength (sparse rows)
    bound = 0
    for q in range(row_tok.shape[0]):
        bound += p_ptr[row_tok[q] + 1] - p_ptr[row_tok[q]]
    r_ptr = np.zeros(rows + 1, dtype=np.int64)
    r_idx = np.empty(bound, dtype=np.int64)
    r_val = np.empty(bound)
    win = np.zeros(n_types)  # scratch: the strongest strength per type (all 0 between uses)
    touched = np.empty(n_types + 1, dtype=np.int64)  # (+1: see the windows below)
    p = 0
    for q in range(rows):
        nt = 0
        for x in range(row_ptr[q], row_ptr[q + 1]):
            t = row_tok[x]
            for y in range(p_ptr[t], p_ptr[t + 1]):
                v = p_idx[y]
                cur = win[v]
                touched[nt] = v  # (as in the windows below: no branch)
                nt += cur == 0.0
                win[v] = max(cur, p_w[y])
        for x in range(nt):
            v = touched[x]
            r_idx[p] = v
            r_val[p] = win[v]
            win[v] = 0.0
            p += 1
        r_ptr[q + 1] = p
    counts = np.empty(cols)
    known = 0.0
    for c in range(cols):
        counts[c] = col_ptr[c + 1] - col_ptr[c]
        known += counts[c]
    # hit rates from the single rows' hits k[q, c]
    k = np.zeros((rows, cols))
    for q in range(rows):
        for x in range(r_ptr[q], r_ptr[q + 1]):
            v = r_idx[x]
            for y in range(o_ptr[v], o_ptr[v + 1]):
                k[q, o_col[y]] += r_val[x]
    total = 0.0
    best = 0.0
    for c in range(cols):
        top = 0.0
        for q in range(rows):
            total += k[q, c]
            if k[q, c] > top:
                top = k[q, c]
        best += top
    others = max(rows - 1, 0)  # each col's best row is left out of the chance rate
    h0 = ((total - best) + prior_h0 * prior_tokens) / (known * others + prior_tokens)
    h1 = (best + prior_h1 * prior_tokens) / (known + prior_tokens)
    h0 = min(max(h0, 1e-3), 0.8)
    h1 = min(max(h1, h0 + 0.05), 0.97)
    # windows of a rows ending before r, for a = 1 … the widest shape: each adds one row to the last, and
    # a row's entry changes the hits of the cols holding its type by how much it raises the window's best
    wmax = 0
    for t in range(shapes.shape[0]):
        wmax = max(wmax, shapes[t])
    needed = np.zeros(wmax + 1, dtype=np.bool_)
    for t in range(shapes.shape[0]):
        needed[shapes[t]] = True
    hit = np.zeros(wmax + 1)
    miss = np.zeros(wmax + 1)
    for a in range(1, wmax + 1):
        chance = 1 - (1 - h0) ** a
        good = 1 - (1 - h1) * (1 - h0) ** (a - 1)
        hit[a] = math.log(good / chance)
        miss[a] = math.log((1 - good) / (1 - chance))
    out = np.zeros((wmax + 1, rows + 1, cols + 1))
    hits = np.zeros(cols)
    for r in range(1, rows + 1):
        nt = 0
        for c in range(cols):
            hits[c] = 0.0
        for a in range(1, min(wmax, r) + 1):
            for x in range(r_ptr[r - a], r_ptr[r - a + 1]):
                v = r_idx[x]
                cur = win[v]
                gain = max(r_val[x] - cur, 0.0)
                # (without branches: which way they go depends on the data, and mispredicted they cost
                # more than the few additions of nothing)
                touched[nt] = v  # (kept when it is the type's first: `touched` has a spare slot)
                nt += cur == 0.0
                win[v] = max(cur, r_val[x])
                for y in range(o_ptr[v], o_ptr[v + 1]):
                    hits[o_col[y]] += gain
            if needed[a]:
                acc = 0.0
                for c in range(cols):
                    acc += hits[c] * hit[a] + (counts[c] - hits[c]) * miss[a]
                    out[a, r, c + 1] = acc
        for x in range(nt):
            win[touched[x]] = 0.0
    return out, h1, h0


def _lexical_costs_py(L_en, L_zh, A, B):  # pragma: no cover - compiled
    """(n+1, m+1, k): the LLR of a bead of each shape ending at each node (0 for one-sided ones), from
    the two directions' window sums (L_en over (zh rows, en cols), L_zh over (en rows, zh cols))."""
    n1, m1 = L_en.shape[1], L_en.shape[2]
    k = A.shape[0]
    out = np.zeros((n1, m1, k))
    for i in range(n1):
        for j in range(m1):
            for t in range(k):
                a, b = A[t], B[t]
                if a == 0 or b == 0 or a > i or b > j:
                    continue
                en_part = L_en[a, i, j] - L_en[a, i, j - b]
                zh_part = L_zh[b, j, i] - L_zh[b, j, i - a]
                out[i, j, t] = en_part + zh_part
    return out


class _LexKernels:
    """The compiled lexical passes, built once per process."""

    _built: _LexKernels | None = None

    def __init__(self) -> None:
        self.hash_build = jit(_hash_build_py)
        self.tokenise = jit(_tokenise_py)
        self.side = jit(_side_py)
        self.lexical_costs = jit(_lexical_costs_py)

    @classmethod
    def get(cls) -> _LexKernels:
        if cls._built is None:
            cls._built = cls()
        return cls._built
