"""A zh–en word-association table learned from the corpus being aligned (no outside data); the
bilingual dictionary (`dictionary.py`) fills the same kind of table.

Chinese is tokenised into character unigrams and bigrams (no word segmenter: it would cost more time
than the whole aligner, and Dice over bigrams finds the words that matter for alignment, such as names
and terms); English into lower-case content words cut to six letters (a cheap stemmer). The table holds,
for each Chinese token, the English tokens it is associated with and a weight in (0, 1]: the Dice
coefficient of their co-occurrence in sentence pairs a first, length-and-anchor alignment was confident
about (after Moore 2002).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FORMAT_LINE = "# teiedit-align-model 1"
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_EN_WORD3 = re.compile(r"(?<![a-z])[a-z]{3,}")  # on lower-cased text: runs of three letters or more
STEM = 6
EN_STOP = frozenset(
    """the a an and or but of to in on at by for with from as is are was were be been being it its this that
    these those he she they we you i his her their our your my me him them us not no so than then there here
    have has had do does did will would shall should can could may might must which who whom whose what when
    where why how all any some such into out up down over also very just only more most other one""".split()
)
MIN_PAIR_COUNT = 2  # a pair seen once proves nothing: every word of a sentence co-occurs once with every other
MIN_DICE = 0.4
TOP_PER_TOKEN = 2  # English partners kept per Chinese token (more let chance pairs in)


class DictionaryError(ValueError):
    """A line of a CC-CEDICT file that cannot be read (raised by `dictionary.parse_cedict`)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


def zh_tokens(text: str) -> set[str]:
    """Character unigrams and bigrams of the runs of Chinese characters."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run)
        out.update(map(operator.add, run, run[1:]))  # the bigrams, built in C
    return out


# Irregular English forms → their base form, so that a text's "said", "won", "built", "children" meet a
# dictionary's "to say", "to win", "to build", "child" (the suffix rules below cannot find them). Forms
# that are also common words of their own are left out: left (direction), saw (tool), rose, fell, found
# (to found), lay, bore, ground, lives/leaves, people.
_IRREGULAR_BY_BASE = {
    "say": "said", "make": "made", "take": "took taken", "give": "gave given", "tell": "told",
    "think": "thought", "bring": "brought", "buy": "bought", "begin": "began begun", "win": "won",
    "lose": "lost", "hold": "held", "build": "built", "sell": "sold", "pay": "paid", "meet": "met",
    "keep": "kept", "know": "knew known", "grow": "grew grown", "write": "wrote written",
    "speak": "spoke spoken", "choose": "chose chosen", "fight": "fought", "teach": "taught",
    "catch": "caught", "feel": "felt", "lead": "led", "run": "ran", "see": "seen", "get": "got gotten",
    "come": "came", "become": "became", "stand": "stood", "understand": "understood", "send": "sent",
    "spend": "spent", "mean": "meant", "hear": "heard", "drive": "drove driven", "rise": "risen",
    "eat": "ate eaten", "break": "broke broken", "forget": "forgot forgotten",
    "show": "shown", "throw": "threw thrown", "draw": "drew drawn", "fly": "flew flown",
    "wear": "wore worn", "sing": "sang sung", "drink": "drank drunk", "swim": "swam", "sit": "sat",
    "sleep": "slept", "fall": "fallen", "strike": "struck", "seek": "sought", "sink": "sank sunk",
    "steal": "stole stolen", "hide": "hid hidden", "ride": "rode ridden", "shake": "shook shaken",
    "freeze": "froze frozen", "wake": "woke woken", "weep": "wept", "sweep": "swept", "lend": "lent",
    "bend": "bent", "feed": "fed", "flee": "fled", "dig": "dug", "hang": "hung", "shoot": "shot",
    "tear": "tore torn", "swear": "swore sworn", "undertake": "undertook undertaken",
    "overcome": "overcame", "withdraw": "withdrew withdrawn", "arise": "arose arisen",
    "man": "men", "woman": "women", "child": "children", "foot": "feet", "tooth": "teeth",
    "mouse": "mice", "goose": "geese", "wife": "wives", "knife": "knives", "thief": "thieves",
}  # fmt: skip
IRREGULAR = {form: base for base, forms in _IRREGULAR_BY_BASE.items() for form in forms.split()}


def en_stem(word: str) -> str:
    """A lower-case word's stem: -ing, -ed and a plural or verbal -s dropped (when the word is long
    enough to keep a stem), then cut to six letters. The dictionary's glosses are base forms ("to
    scold", "kid") and texts inflect them ("scolded", "kids"): without this they never met. An
    irregular form (`IRREGULAR`) is its base form, cut the same way."""
    base = IRREGULAR.get(word)
    if base is not None:
        return base[:STEM]
    n = len(word)
    if n > 5 and word.endswith("ing"):
        word = word[:-3]
    elif n > 4 and word.endswith("ed"):
        word = word[:-2]
    elif n > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:STEM]


def en_tokens(text: str) -> set[str]:
    """Lower-case content words (of three letters or more, not stop words), stemmed (`en_stem`)."""
    return {en_stem(w) for w in _EN_WORD3.findall(text.lower()) if w not in EN_STOP}


@dataclass
class CooccurrenceCounts:
    """Counts over sentence pairs: how often each token, and each zh–en token pair, occurs."""

    pairs: int = 0
    zh: Counter[str] = field(default_factory=Counter)
    en: Counter[str] = field(default_factory=Counter)
    both: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, zh: set[str], en: set[str]) -> None:
        self.pairs += 1
        self.zh.update(zh)
        self.en.update(en)
        self.both.update((z, e) for z in zh for e in en)

    def table(self, min_count: int = MIN_PAIR_COUNT) -> LexicalTable:
        """Dice coefficients of the pairs seen at least `min_count` times, best partners per zh token."""
        by_zh: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (z, e), c in self.both.items():
            if c < min_count:
                continue
            dice = 2 * c / (self.zh[z] + self.en[e])
            if dice >= MIN_DICE:
                by_zh[z].append((dice, e))
        weights: dict[str, dict[str, float]] = {}
        for z, found in by_zh.items():
            found.sort(key=lambda x: (-x[0], x[1]))
            weights[z] = {e: round(d, 3) for d, e in found[:TOP_PER_TOKEN]}
        return LexicalTable(weights)


@dataclass
class LexicalTable:
    """zh token → {en token: association weight in (0, 1]}; a dictionary's table also carries its
    transliteration characters (character → sound code, see `names.py`) for the name anchors."""

    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    transliteration: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(v) for v in self.weights.values())

    def en_vocabulary(self) -> frozenset[str]:
        """English tokens that have a partner (computed once per table)."""
        cached = self.__dict__.get("_en_vocabulary")
        if cached is None:
            cached = frozenset(e for partners in self.weights.values() for e in partners)
            self.__dict__["_en_vocabulary"] = cached
        return cached

    def zh_vocabulary(self) -> frozenset[str]:
        """Chinese tokens that have a partner (computed once per table)."""
        cached = self.__dict__.get("_zh_vocabulary")
        if cached is None:
            cached = frozenset(z for z, partners in self.weights.items() if partners)
            self.__dict__["_zh_vocabulary"] = cached
        return cached

    def merged(self, other: LexicalTable) -> LexicalTable:
        """The larger weight of the two tables for each pair."""
        out = {z: dict(v) for z, v in self.weights.items()}
        for z, partners in other.weights.items():
            mine = out.setdefault(z, {})
            for e, w in partners.items():
                if w > mine.get(e, 0.0):
                    mine[e] = w
        return LexicalTable(out, {**self.transliteration, **other.transliteration})

    def to_bytes(self) -> bytes:
        """Deterministic text: one `zh<TAB>en<TAB>weight` line per pair, sorted."""
        lines = [FORMAT_LINE]
        for z in sorted(self.weights):
            for e in sorted(self.weights[z]):
                lines.append(f"{z}\t{e}\t{self.weights[z][e]:.3f}")
        return ("\n".join(lines) + "\n").encode("utf-8")

    @classmethod
    def from_file(cls, path: Path) -> LexicalTable:
        text = Path(path).read_text("utf-8")
        lines = text.splitlines()
        if not lines or lines[0].strip() != FORMAT_LINE:
            raise ValueError(f"{path}:1: not a teiedit alignment model (expected {FORMAT_LINE!r})")
        weights: dict[str, dict[str, float]] = {}
        for no, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            parts = line.split("\t")
            try:
                z, e, w = parts
                weights.setdefault(z, {})[e] = float(w)
            except ValueError:
                raise ValueError(f"{path}:{no}: expected zh<TAB>en<TAB>weight, got {line!r}") from None
        return cls(weights)


class TokenisedPairs:
    """Sentence pairs kept as text and tokenised afresh on every pass (`count_pairs` makes two): the token
    sets of a whole corpus's sentences would not fit in memory, its texts are there already."""

    def __init__(self, texts: Sequence[tuple[str, str]]) -> None:
        self.texts = texts

    def __iter__(self) -> Iterator[tuple[set[str], set[str]]]:
        for zh, en in self.texts:
            yield zh_tokens(zh), en_tokens(en)


def count_pairs(pairs: Iterable[tuple[set[str], set[str]]], min_count: int = MIN_PAIR_COUNT) -> CooccurrenceCounts:
    """Counts over tokenised sentence pairs (iterated twice), for a table with `min_count` and `MIN_DICE`.

    Only pairs that can reach the table are counted, which spares most of the (zh × en) products of each
    sentence pair: both tokens must occur at least `min_count` times, and their counts may differ by a
    factor of at most 2 / MIN_DICE - 1 (Dice = 2c / (c_zh + c_en) with c ≤ the smaller count), so tokens
    are grouped by the binary order of magnitude of their counts and only nearby groups are paired.
    """
    counts = CooccurrenceCounts()
    for zh, en in pairs:
        counts.pairs += 1
        counts.zh.update(zh)
        counts.en.update(en)
    # |floor(log2 a) - floor(log2 b)| ≤ ceil(log2 r) whenever a / b ≤ r
    reach = math.ceil(math.log2(2 / MIN_DICE - 1))
    zh_band = {z: c.bit_length() for z, c in counts.zh.items() if c >= min_count}
    en_band = {e: c.bit_length() for e, c in counts.en.items() if c >= min_count}
    for zh, en in pairs:
        by_band: dict[int, list[str]] = defaultdict(list)
        for e in en:
            band = en_band.get(e)
            if band is not None:
                by_band[band].append(e)
        if not by_band:
            continue
        zh_by_band: dict[int, list[str]] = defaultdict(list)
        for z in zh:
            band = zh_band.get(z)
            if band is not None:
                zh_by_band[band].append(z)
        for band, zs in zh_by_band.items():
            for near in range(band - reach, band + reach + 1):
                es = by_band.get(near)
                if es:
                    counts.both.update(itertools.product(zs, es))
    return counts


def train_counts(pairs: Iterable[tuple[str, str]]) -> CooccurrenceCounts:
    counts = CooccurrenceCounts()
    for zh, en in pairs:
        counts.add(zh_tokens(zh), en_tokens(en))
    return counts
