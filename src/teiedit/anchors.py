"""Anchors: things a Chinese sentence and its English translation share whatever the wording.

Numbers in every written form (1958, 一九五八, 二十万, 3.5亿 ↔ 350 million, 百分之十 ↔ 10 per cent,
March ↔ 三月), words in Latin script, question marks, quoted titles 《…》 ↔ quotation marks, and list
markers (一、 ↔ 1. / First,). Each anchor is a key with a weight; small numbers are weak evidence
(一 and 十 are everywhere in Chinese), so they weigh less.

Keys: ``n:<value>`` numbers (count as missing when one side lacks them), ``w:<word>`` Latin words
(missing only when the Chinese side has one the English lacks: English is all Latin script),
``q:?`` questions (missing both ways), ``s:…`` shared-only hints (a bonus when both sides have them,
never a penalty).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Container, Sequence
from functools import lru_cache

import numpy as np

from .jit import jit, kernel_lines

_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_HAS_FULLWIDTH = re.compile("[０-９．％]")

# Chinese: an Arabic or Chinese numeral, then optional 万/亿 multipliers; 百分之 before it (percent) is dropped.
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千万亿]+)([万亿]*)")
# words that look like numerals but are not numbers, and 百分之 (percent: the number after it counts) (十分 "very", 千万 "by all means", 万一 "in case", 一一 "one by one")
_ZH_NOT_NUMBER = re.compile(
    r"百分之|分之|十分(?!之)|千万(?![\d〇零一二两三四五六七八九十百千万亿元人吨斤个])|万一|一一|万万"
)
_ZH_LIST = re.compile(r"^[（(]?([一二三四五六七八九十]{1,2}|\d{1,2})[、）).．]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_ZH_ONE_ONLY = re.compile(r"[^\d〇零二两三四五六七八九十百千万亿]*")

_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_EN_SMALL = {
    w: k
    for k, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * k for k, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_EN_ORDINAL = {
    w: k for k, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)
}
_EN_MONTH = {
    w: k
    for k, w in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
_EN_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion)\b)*", re.IGNORECASE)
_NUMBER_WORDS = frozenset({*_EN_SMALL, *_EN_TENS, *_EN_ORDINAL, *_EN_MONTH})
# the runs of ASCII letters of lower-cased text, found in C: bytes with everything else blanked, split
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_NUMBER_WORD_BYTES = frozenset(w.encode("ascii") for w in _NUMBER_WORDS)
# ... and, for a whole document at once, by a kernel (`anchors_en_all`): the number words as base-27 keys
# of their letters (a = 1), sorted
_NUMBER_WORD_KEYS = np.array(sorted(functools.reduce(lambda k, c: 27 * k + ord(c) - 96, w, 0) for w in _NUMBER_WORDS))
_NUMBER_WORD_LONGEST = max(map(len, _NUMBER_WORDS))
_HAS_DIGIT = re.compile(r"\d")
# an empty Counter without Counter.__init__ (which only empties it, in Python: 0.39 µs against 0.08, and
# the aligner makes one for every sentence of both versions)
_new_counter = functools.partial(Counter.__new__, Counter)
_EN_RARE = re.compile("[\\d“”‘’'\"]")  # what the digit and quotation tests look for (`_EN_QUOTE_MARK`)
_EN_RARE_ASCII = re.compile("[0-9'\"]")  # ... in ASCII text
_EN_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_EN_LIST = re.compile(r"^\(?(\d{1,2})[.)]\s|^(First|Second|Third|Fourth|Fifth|Firstly|Secondly|Thirdly)\b")
_LIST_WORDS = {"first": 1, "firstly": 1, "second": 2, "secondly": 2, "third": 3, "thirdly": 3, "fourth": 4, "fifth": 5}

# Dialogue: a sentence with quotation marks. In literary text a quoted Chinese sentence is translated by
# quoted English (97% of the 1–n beads of the MAC dev chapters, against 6% for unquoted Chinese), so a
# quote on one side of a bead only is evidence against it. Key "q:quote" (counted both ways, once per
# sentence); the aligner uses it only when both versions of the document quote at all (some
# translations drop the marks on one side: the Chinese of the Time articles has none).
QUOTE = "q:quote"
_ZH_QUOTE = re.compile(r"[“”「」『』\"]")
# English: curly double quotes anywhere; straight or single ones only where they open (after a space or
# a dash, before a letter) or close (after punctuation, before a space or the end; or ending the
# sentence), not apostrophes (don't, the boys' books)
_EN_QUOTE_MARK = re.compile("[“”‘’'\"]")
_OPENS_AFTER = frozenset("([—–-")
_CLOSES_AFTER = frozenset(".!?,;:…—–-")
_CLOSES_BEFORE = frozenset(")]—–-")


def _en_quoted(text: str) -> bool:
    """Whether an English sentence has quotation marks (see above). Each mark is looked at with its two
    neighbours (a regular expression with look-behinds at every position cost ~13 µs a sentence)."""
    for m in _EN_QUOTE_MARK.finditer(text):
        i = m.start()
        mark = text[i]
        if mark in "“”":
            return True
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        opens_here = not before or before.isspace() or before in _OPENS_AFTER
        if mark != "’" and opens_here and after and (after.isalnum() or after in "_.…"):
            return True  # opens
        if mark != "‘" and before:
            if before in _CLOSES_AFTER and (not after or after.isspace() or after in _CLOSES_BEFORE):
                return True  # closes after punctuation
            if not after and (before.isalnum() or before == "_"):
                return True  # ends the sentence
    return False


STRONG = 1.0
QUOTE_WEIGHT = STRONG  # as much as a number: one side quoting alone costs anchor_missing
WEAK = 0.3  # numbers below 13 (一, 十, "one", months, ordinals): too common to be decisive


def _number_key(value: float) -> str:
    if value == int(value):
        return f"n:{int(value)}"
    return f"n:{value:.4g}"


@lru_cache(maxsize=8192)
def weight(key: str) -> float:
    """How much one occurrence of an anchor counts."""
    if key.startswith("n:"):
        try:
            return WEAK if float(key[2:]) < 13 else STRONG
        except ValueError:  # pragma: no cover - keys are made here
            return STRONG
    if key.startswith("s:"):
        return 0.3
    if key in ("q:?", "q:!"):
        return 0.4
    if key == QUOTE:
        return QUOTE_WEIGHT
    return STRONG


def zh_numeral_value(text: str) -> int | None:
    """一九五八 → 1958, 二十五 → 25, 三千 → 3000, 二十万 → 200000; None for a lone 一 (not an anchor)."""
    if text == "一" or not text:
        return None
    if all(ch in _ZH_DIGIT for ch in text):
        return int("".join(str(_ZH_DIGIT[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _ZH_DIGIT:
            digit = _ZH_DIGIT[ch]
        elif ch in ("万", "亿"):
            total = (total + section + digit) * _ZH_UNIT[ch] if ch == "亿" else total + (section + digit) * _ZH_UNIT[ch]
            section, digit = 0, 0
        else:
            section += (digit or 1) * _ZH_UNIT[ch]
            digit = 0
    return total + section + digit


def _zh_scale(units: str) -> int:
    scale = 1
    for ch in units:
        scale *= _ZH_UNIT[ch]
    return scale


def _zh_numbers_only(text: str) -> str:
    """The text with look-alikes of numerals masked (十分, 万一 …) and thousands separators removed."""
    if _ZH_ONE_ONLY.fullmatch(text):  # no numeral but 一 (一个, 一些 …): nothing to find
        return ""
    masked = _ZH_NOT_NUMBER.sub(lambda m: "□" * len(m.group(0)), text)
    return masked.replace(",", "").replace("，", "")  # 1，200 = 1200


# One scan for what most sentences lack (a numeral other than 一, a Latin letter, a quotation mark): the
# sentences without any skip the scans for each (an article's anchors were a third of its alignment time).
_ZH_RARE = re.compile(r"[\d０-９〇零二两三四五六七八九十百千万亿A-Za-z“”「」『』\"]")


def anchors_zh(text: str) -> Counter[str]:
    """Anchor keys of a Chinese sentence, with their counts."""
    found: Counter[str] = _new_counter()
    rare = _ZH_RARE.search(text) is not None
    if rare:
        _zh_numbers_and_words(text, found)
    if "？" in text or "?" in text:
        found["q:?"] += 1
    if "！" in text or "!" in text:
        found["q:!"] += 1
    if rare and _ZH_QUOTE.search(text):
        found[QUOTE] = 1
    if "《" in text:
        found["s:title"] += 1
    m = _ZH_LIST.match(text)
    if m:
        marker = m.group(1)
        value = int(marker) if marker.isdigit() else zh_numeral_value(marker) or 1
        found[f"s:list{value}"] += 1
    return found


def _zh_numbers_and_words(text: str, found: Counter[str]) -> None:
    """The numbers and Latin words of a Chinese sentence that has a character of `_ZH_RARE`."""
    if _HAS_FULLWIDTH.search(text):  # (translate is slow on non-ASCII text: only when needed)
        text = text.translate(_FULLWIDTH)
    for m in _ZH_NUMBER.finditer(_zh_numbers_only(text)):
        head, units = m.group(1), m.group(2)
        if head[0].isdigit():
            value: float | None = float(head) * _zh_scale(units)
        else:
            whole = zh_numeral_value(head + units)
            value = None if whole is None else float(whole)
        if value is not None:
            found[_number_key(value)] += 1
    if _LATIN.search(text):
        found.update("w:" + w.lower() for w in _LATIN.findall(text))


def _en_word_numbers(words: list[str]) -> list[float]:
    """Runs of number words (two hundred thousand, twenty-five) → values; months and ordinals too."""
    out: list[float] = []
    total, current, in_number = 0.0, 0.0, False
    for raw in [*words, ""]:
        w = raw.lower()
        if w in _EN_SMALL or w in _EN_TENS:
            current += _EN_SMALL.get(w, 0) + _EN_TENS.get(w, 0)
            in_number = True
            continue
        if "-" in w and all(p in _EN_SMALL or p in _EN_TENS for p in w.split("-")):
            current += sum(_EN_SMALL.get(p, 0) + _EN_TENS.get(p, 0) for p in w.split("-"))
            in_number = True
            continue
        if in_number and w in _EN_SCALE:
            if w == "hundred":
                current *= 100
            else:
                total += current * _EN_SCALE[w]
                current = 0
            continue
        if in_number and w == "and":
            continue
        if in_number:
            out.append(total + current)
            total, current, in_number = 0.0, 0.0, False
        if w in _EN_ORDINAL:
            out.append(float(_EN_ORDINAL[w]))
        elif raw in ("March", "May") or (w in _EN_MONTH and w not in ("march", "may")):
            out.append(float(_EN_MONTH[w]))
    return out


# What the whole-document passes flag (bits of one int per sentence): a number word; anything else
# that can make an anchor (then the sentence takes the per-sentence path, which decides)
_NUMBER_WORD, _OTHER = 1, 2
_EN_LIST_WORDS = ("First", "Second", "Third", "Fourth", "Fifth")  # (`_EN_LIST`'s words start so)


def _en_flags_py(text, count, keys, longest):  # pragma: no cover - compiled
    """Per sentence of `text` (`count` sentences as lower-cased UTF-8 bytes, a newline after each and
    none inside): _NUMBER_WORD when one of its runs of ASCII letters is a number word (`keys`, base-27, sorted: what
    `anchors_en` finds by blanking the other bytes and splitting), _OTHER when it has a byte any other
    anchor needs (a digit, a quotation mark or apostrophe, ? or !, or any non-ASCII byte: a curly quote,
    a digit of another script)."""
    out = np.zeros(count, dtype=np.int64)
    s = 0
    key = 0
    length = 0
    for p in range(text.shape[0]):
        b = text[p]
        if 97 <= b <= 122:
            if length < longest:
                key = key * 27 + (np.int64(b) - 96)
            length += 1
            continue
        if 3 <= length <= longest:
            k = np.searchsorted(keys, key)
            if k < keys.shape[0] and keys[k] == key:
                out[s] |= 1
        key = 0
        length = 0
        if b == 10:
            s += 1
        elif b >= 128 or 48 <= b <= 57 or b == 39 or b == 34 or b == 63 or b == 33:
            out[s] |= 2
    return out


def _zh_flags_py(cp, count, plain):  # pragma: no cover - compiled
    """Per sentence of `cp` (`count` sentences as code points, a newline after each and none inside):
    _OTHER when it has a character some anchor needs, or may need: anything but a CJK ideograph that `plain` allows
    (not a numeral of `_ZH_RARE`), ASCII other than letters, digits, quotation marks, ? and !, and the
    common punctuation below; or when it opens with （, ( or 一 (a list marker, `_ZH_LIST`)."""
    out = np.zeros(count, dtype=np.int64)
    s = 0
    start = True
    for p in range(cp.shape[0]):
        c = cp[p]
        if c == 10:
            s += 1
            start = True
            continue
        if start and (c == 0xFF08 or c == 40 or c == 0x4E00):
            out[s] |= 2
        start = False
        if 0x3400 <= c <= 0x9FFF:
            if not plain[c - 0x3400]:
                out[s] |= 2
        elif c < 128:
            if (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 34 or c == 63 or c == 33:
                out[s] |= 2
        elif not (
            c == 0x3001 or c == 0x3002 or c == 0x3000 or c == 0xFF0C or c == 0xFF1B or c == 0xFF1A
            or c == 0xFF08 or c == 0xFF09 or c == 0x300B or c == 0x2014 or c == 0x2026 or c == 0xB7
        ):  # fmt: skip
            out[s] |= 2
    return out


# the CJK ideographs (from U+3400) that make no anchor themselves: all but the numerals of `_ZH_RARE`
_ZH_PLAIN = np.ones(0x9FFF - 0x3400 + 1, dtype=np.bool_)
for _ch in "零二两三四五六七八九十百千万亿":
    _ZH_PLAIN[ord(_ch) - 0x3400] = False


@functools.cache
def _flag_kernels() -> tuple[object, object]:
    """The compiled `_en_flags_py` and `_zh_flags_py`, once per process."""
    return jit(_en_flags_py), jit(_zh_flags_py)


def anchors_en_all(texts: Sequence[str], latin: Container[str] | None = None) -> list[Counter[str]]:
    """`anchors_en` of each sentence of a document, what most sentences lack (a number word, a digit, a
    quotation mark …) looked for in all of them by one compiled pass: a sentence with none of it, when
    no Latin word is asked for, has no anchor; the others take `anchors_en` (per sentence, the tests
    cost more than the anchors of a typical article)."""
    if not texts:
        return []
    flags = _flag_kernels()[0](
        np.frombuffer(kernel_lines(texts).lower().encode("utf-8", "replace"), dtype=np.uint8),
        len(texts),
        _NUMBER_WORD_KEYS,
        _NUMBER_WORD_LONGEST,
    )
    plain_ok = latin is not None and not latin  # (no Latin word asked for: `latin` empty, not None)
    return [
        _new_counter()
        if plain_ok and not f and not t.startswith(_EN_LIST_WORDS)
        else anchors_en(t, latin, bool(f & _NUMBER_WORD))
        for t, f in zip(texts, flags.tolist(), strict=True)
    ]


def anchors_zh_all(texts: Sequence[str]) -> list[Counter[str]]:
    """`anchors_zh` of each sentence of a document, the characters an anchor needs looked for in all of
    them by one compiled pass: a sentence with none has no anchor, the others take `anchors_zh`."""
    if not texts:
        return []
    flags = _flag_kernels()[1](
        np.frombuffer(kernel_lines(texts).encode("utf-32-le", "replace"), dtype=np.uint32), len(texts), _ZH_PLAIN
    )
    return [anchors_zh(t) if f else _new_counter() for t, f in zip(texts, flags.tolist(), strict=True)]


def anchors_en(text: str, latin: Container[str] | None = None, number_words: bool | None = None) -> Counter[str]:
    """Anchor keys of an English sentence, with their counts. With `latin`, only the Latin words in it are
    reported (the aligner passes the Chinese side's: no other English word can be shared). `number_words`:
    whether a run of its letters is a number word, when the caller knows (`anchors_en_all`)."""
    found: Counter[str] = _new_counter()
    # a digit or a quotation mark (or apostrophe) at all? (ASCII text, most of it, by a cheaper pattern)
    rare = (_EN_RARE_ASCII if text.isascii() else _EN_RARE).search(text) is not None
    if rare and _HAS_DIGIT.search(text):
        for m in _EN_DIGITS.finditer(text):
            parts = m.group(0).replace(",", "").split()
            value = float(parts[0])
            for scale in parts[1:]:
                value *= _EN_SCALE[scale.lower()]
            found[_number_key(value)] += 1
    # number words, months and ordinals are all ≥ 3 letters: the Latin words show whether any is there
    # (the runs of letters, found cheaply, rule out most sentences first)
    lower = text.lower()
    if number_words is None:
        number_words = not _NUMBER_WORD_BYTES.isdisjoint(lower.encode("ascii", "replace").translate(_LETTERS_ONLY).split())
    if number_words:
        latin_words = [w.lower() for w in _LATIN.findall(text)]
        if not _NUMBER_WORDS.isdisjoint(part for w in latin_words for part in w.split("-")):
            words = _EN_WORDS.findall(_EN_DIGITS.sub(" ", text))
            for value in _en_word_numbers(words):
                found[_number_key(value)] += 1
    if latin is None:
        found.update(map("w:".__add__, map(str.lower, _LATIN.findall(text))))
    elif latin and (len(latin) > 16 or any(w in lower for w in latin)):  # (a word found is a substring)
        found.update("w:" + w for w in map(str.lower, _LATIN.findall(text)) if w in latin)
    if "?" in text:
        found["q:?"] += 1
    if "!" in text:
        found["q:!"] += 1
    if rare and _en_quoted(text):
        found[QUOTE] = 1
    if rare and ("“" in text or '"' in text or "‘" in text):
        found["s:title"] += 1
    m = _EN_LIST.match(text)
    if m:
        value = int(m.group(1)) if m.group(1) else _LIST_WORDS[m.group(2).lower()]
        found[f"s:list{value}"] += 1
    return found


def counted_zh(key: str) -> bool:
    """Keys whose absence on the English side is evidence against a pairing."""
    return key[0] in "nwq"


def counted_en(key: str) -> bool:
    """Keys whose absence on the Chinese side is evidence against (English words are not: all English is Latin)."""
    return key[0] in "nq"
