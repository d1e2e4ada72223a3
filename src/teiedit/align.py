"""Paragraph and sentence alignment of a Chinese original and its English translation.

A length-based dynamic program in the manner of Gale & Church (1993), with the zh/en length ratio
estimated from the document itself and a small bonus for anchors both sides share (numbers, Latin
words). Paragraphs are aligned first (1:1 when the counts match), then sentences inside each group.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# bead shape (zh count, en count) -> prior probability
SENTENCE_BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.045,
    (1, 2): 0.045,
    (2, 2): 0.011,
}
PARAGRAPH_BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.85,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.04,
    (1, 2): 0.04,
    (3, 1): 0.01,
    (1, 3): 0.01,
}
VARIANCE = 6.8  # Gale & Church's variance per unit of length, after scaling English by the ratio


@dataclass(frozen=True)
class Bead:
    """A run of zh items paired with a run of en items (either may be empty)."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    cost: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class SentenceBead:
    """Sentences addressed as (paragraph index, sentence index) on each side."""

    zh: tuple[tuple[int, int], ...]
    en: tuple[tuple[int, int], ...]

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class DocumentAlignment:
    paragraphs: list[Bead]
    sentences: list[SentenceBead]


_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_ZH_NUM = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def zh_numeral_value(text: str) -> int | None:
    """一九五八 → 1958, 二十五 → 25, 三千 → 3000; None for a lone 一 (too common to be an anchor)."""
    if len(text) < 2 and text not in "十百千万亿" and text not in "二两三四五六七八九":
        return None
    if all(ch in _ZH_DIGIT for ch in text):
        return int("".join(str(_ZH_DIGIT[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _ZH_DIGIT:
            digit = _ZH_DIGIT[ch]
        elif ch in ("万", "亿"):
            total += (section + digit) * _ZH_UNIT[ch]
            section, digit = 0, 0
        else:
            section += (digit or 1) * _ZH_UNIT[ch]
            digit = 0
    return total + section + digit


def anchors_zh(text: str) -> Counter[str]:
    found: Counter[str] = Counter(m.group(0).replace(",", "") for m in _DIGITS.finditer(text))
    for m in _ZH_NUM.finditer(text):
        value = zh_numeral_value(m.group(0))
        if value is not None:
            found[str(value)] += 1
    found.update(w.lower() for w in _LATIN.findall(text))
    return found


def anchors_en(text: str) -> Counter[str]:
    found: Counter[str] = Counter(m.group(0).replace(",", "") for m in _DIGITS.finditer(text))
    found.update(w.lower() for w in _LATIN.findall(text))
    return found


def _normal_sf(x: float) -> float:
    """Two-sided tail probability of a standard normal deviate."""
    return math.erfc(abs(x) / math.sqrt(2))


def _bead_cost(lz: float, le: float, prior: float, ratio: float) -> float:
    le_scaled = le / ratio
    mean = (lz + le_scaled) / 2
    if mean == 0:
        return -math.log(prior)
    delta = (le_scaled - lz) / math.sqrt(VARIANCE * mean)
    return -math.log(prior) - math.log(max(_normal_sf(delta), 1e-300))


def _anchor_cost(zh: Counter[str], en: Counter[str]) -> float:
    if not zh and not en:
        return 0.0
    shared = sum((zh & en).values())
    # English words are anchors only when the Chinese side has them too, so only numbers count as missing.
    numbers_en = Counter({k: v for k, v in en.items() if k[0].isdigit()})
    missing = sum((zh - en).values()) + sum((numbers_en - zh).values())
    return 0.5 * missing - 1.5 * shared


def align_lengths(
    zh_texts: Sequence[str],
    en_texts: Sequence[str],
    beads: dict[tuple[int, int], float],
    ratio: float | None = None,
) -> list[Bead]:
    """Minimum-cost monotone segmentation of both sequences into beads."""
    n, m = len(zh_texts), len(en_texts)
    lz = [len(t) for t in zh_texts]
    le = [len(t) for t in en_texts]
    if ratio is None:
        ratio = (sum(le) / sum(lz)) if sum(lz) and sum(le) else 1.0
    az = [anchors_zh(t) for t in zh_texts]
    ae = [anchors_en(t) for t in en_texts]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for (dz, de), prior in beads.items():
                ni, nj = i + dz, j + de
                if ni > n or nj > m:
                    continue
                c = _bead_cost(sum(lz[i:ni]), sum(le[j:nj]), prior, ratio)
                if dz and de:
                    c += _anchor_cost(sum(az[i:ni], Counter()), sum(ae[j:nj], Counter()))
                total = here + c
                if total < cost[ni][nj]:
                    cost[ni][nj] = total
                    back[ni][nj] = (dz, de)
    out: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        dz, de = step
        out.append(Bead(tuple(range(i - dz, i)), tuple(range(j - de, j)), cost[i][j] - cost[i - dz][j - de]))
        i, j = i - dz, j - de
    out.reverse()
    return out


def align_sentences(zh: Sequence[str], en: Sequence[str], ratio: float | None = None) -> list[Bead]:
    return align_lengths(zh, en, SENTENCE_BEADS, ratio)


def align_paragraphs(zh: Sequence[str], en: Sequence[str], ratio: float | None = None) -> list[Bead]:
    """1:1 when the counts match (the translator kept the paragraphs), otherwise by length."""
    if len(zh) == len(en):
        return [Bead((k,), (k,)) for k in range(len(zh))]
    return align_lengths(zh, en, PARAGRAPH_BEADS, ratio)


def align_document(zh: Sequence[Sequence[str]], en: Sequence[Sequence[str]]) -> DocumentAlignment:
    """Align paragraphs (lists of sentences) and then the sentences inside each paragraph group."""
    zh_len = sum(len(s) for p in zh for s in p)
    en_len = sum(len(s) for p in en for s in p)
    ratio = en_len / zh_len if zh_len and en_len else 1.0
    paragraphs = align_paragraphs(["".join(p) for p in zh], [" ".join(p) for p in en], ratio)
    sentences: list[SentenceBead] = []
    for bead in paragraphs:
        zh_ids = [(p, k) for p in bead.zh for k in range(len(zh[p]))]
        en_ids = [(p, k) for p in bead.en for k in range(len(en[p]))]
        inner = align_sentences([zh[p][k] for p, k in zh_ids], [en[p][k] for p, k in en_ids], ratio)
        for b in inner:
            sentences.append(SentenceBead(tuple(zh_ids[i] for i in b.zh), tuple(en_ids[j] for j in b.en)))
    return DocumentAlignment(paragraphs, sentences)
