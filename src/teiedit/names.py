"""Foreign names written in Chinese characters against their Latin spelling: an alignment anchor.

A translator writes "Korine" as 克莱恩 (kè lái ēn) and "DiCaprio" as 迪卡普里奥: no dictionary lists
most such names, and the length model cannot tell which of two neighbouring sentences holds them. Both
spellings keep the name's consonants in order, so each is reduced to a sequence of sound classes and a
Latin name is looked for in the Chinese as a regular expression over them:

- a Chinese character becomes two symbols: the class of its pinyin initial (P for b/p, T for d/t, K for
  g/k, L for l/r and for 尔 er, J for j/q/zh/ch, X for x/sh, S for z/c/s, … `_` for none: 奥 ao, 伊 yi)
  and its coda (`n` for a nasal final -n/-ng, `-` otherwise); only *transliteration characters* do, the
  rest become `|-`, a barrier, so that 这里 or 特别 cannot spell a name;
- a Latin name becomes the classes of its consonants (vowels dropped, doubled letters once, "ch" either
  J, K or X, "th" T or S, a coda r, l or h optional because 马丁 drops Martin's r) and matches when the
  Chinese has those classes in order, zero-initial characters and unmatched codas in between.

Which characters are transliteration characters, and how each is read, comes from the dictionary
(`dictionary.py`, compiled once with it): a character's reading is its first CC-CEDICT reading, and it
is a transliteration character when it occurs in at least three of the dictionary's own proper-noun
entries whose Latin gloss this matcher recognises (亨利·哈德逊 "Henry Hudson"), and in those for at
least a tenth of all its multi-character headwords (斯, 克, 尔, 莱, 迪 are; 中, 国, 的 are not).

Measured on ../shared/align-dev (README "Alignment"): strict F1 on `mag` 0.954 → 0.956, `mac-dev`
unchanged (its English spells Chinese names in pinyin; a pinyin matcher tried alongside cost it 0.003).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# An English word that can be a name: capitalised (DiCaprio, McDonald as one word), at least 3 letters.
NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")
MIN_CONSONANTS = 3  # a name of fewer sound classes (Bush, Obama) matches too much by chance
BARRIER = "|-"  # the code of a character that is no transliteration character (and between sentences)

# pinyin initial → class (longest first); y, w and none are the zero classes `_` and W
_INITIALS = (
    ("zh", "J"), ("ch", "J"), ("sh", "X"), ("b", "P"), ("p", "P"), ("m", "M"), ("f", "F"), ("d", "T"),
    ("t", "T"), ("n", "N"), ("l", "L"), ("r", "L"), ("g", "K"), ("k", "K"), ("h", "H"), ("j", "J"),
    ("q", "J"), ("x", "X"), ("z", "S"), ("c", "S"), ("s", "S"), ("y", "_"), ("w", "W"),
)  # fmt: skip
_VOWELS = frozenset("aeiouy")
_SKIP = "[n-]?(?:_[n-])*"  # an unmatched coda, then zero-initial characters
# a match starts where a character's code does: after a coda symbol (n, -) or at the start, never after
# an initial (A–Z, _, the barrier's |) — else a match from inside a code could hide one on a character
_ON_A_CHARACTER = "(?<![A-Z_|])"


def syllable_code(syllable: str) -> str:
    """The two symbols of one toneless pinyin syllable: initial class and coda (er → L, ên → `_n`)."""
    syllable = syllable.lower().replace("u:", "v")
    if syllable == "er":
        return "L-"
    initial, cls = next(((i, c) for i, c in _INITIALS if syllable.startswith(i)), ("", "_"))
    rest = syllable[len(initial) :]
    return cls + ("n" if rest.endswith(("n", "ng")) else "-")


def latin_classes(name: str) -> list[tuple[str, bool]]:
    """The sound classes of a Latin name, in order, each with whether the Chinese may leave it out."""
    w = re.sub(r"(.)\1", r"\1", name.lower())
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(w):
        c, nx = w[i], w[i + 1 : i + 2]
        vowel_before = i > 0 and w[i - 1] in _VOWELS
        coda = vowel_before and nx not in _VOWELS  # (nx "" at the end: a coda too)
        front = nx in ("e", "i", "y")  # k, g, c, s before these: 基 ji, 吉 ji, 西 xi
        two, three = w[i : i + 2], w[i : i + 3]
        step = 2
        if three in ("tch", "sch"):
            out.append(("J" if three == "tch" else "XJS", False))
            step = 3
        elif two == "sh":
            out.append(("XJ", False))
        elif two == "ch":
            out.append(("JKX", False))
        elif two == "th":
            out.append(("TS", False))
        elif two == "ph":
            out.append(("F", False))
        elif two == "gh":
            pass  # silent (Brighton) or f (Hugh's rough): no class either way
        elif two == "wh":
            out.append(("WH", False))
        elif two == "ck":
            out.append(("K", False))
        elif two == "ng" and i > 0:
            out.append(("N", False))
        else:
            step = 1
            if c in _VOWELS:
                pass
            elif c == "r":
                out.append(("L", coda))
            elif c == "l":
                out.append(("L", coda and nx != ""))
            elif c == "h":
                out.append(("HX", True))
            elif c == "w":
                if not coda:  # (Hawkins, Newton: a vowel)
                    out.append(("W", False))
            elif c == "m" and coda and nx:
                out.append(("m", False))  # before a consonant: Trump 特朗普, an m or a nasal coda
            elif c in "dt" and (nx in ("s", "z") or w[i + 1 :] == "es"):
                out.append(("T", True))  # Watson 沃森, Gates 盖茨: the t of "ts" may go (not Tuscan's)
            elif c == "x":
                out += [("K", False), ("SX", False)]
            else:
                cls = {
                    "b": "P", "p": "P", "m": "M", "f": "F", "v": "FW", "d": "T", "t": "T", "n": "N",
                    "k": "K", "q": "K", "g": "KJ", "j": "J_", "s": "SX", "z": "SX",
                }.get(c)  # fmt: skip
                if c == "c":
                    cls = "SXJ" if front else "K"
                elif c in "kq" and front:
                    cls = "KJ"
                elif c in "sz" and front:
                    cls = "SXJ"
                if cls:
                    out.append((cls, False))
        i += step
    merged: list[tuple[str, bool]] = []
    for cls, optional in out:
        if merged and merged[-1][0] == cls:
            merged[-1] = (cls, merged[-1][1] and optional)
            continue
        merged.append((cls, optional))
    return merged


@lru_cache(maxsize=4096)
def latin_pattern(name: str) -> re.Pattern[str] | None:
    """The expression a name's Chinese spelling matches over `encode`d text (None: too short to tell)."""
    classes = latin_classes(name)
    if sum(1 for _, optional in classes if not optional) < MIN_CONSONANTS:
        return None
    parts = [_ON_A_CHARACTER, "(?:_[n-])*"]
    for k, (cls, optional) in enumerate(classes):
        # N: a nasal coda (克莱恩's 恩 ēn, 肯 kěn) or an initial n, perhaps both (肯尼 Kenn)
        # m: an m before a consonant, which Chinese often writes as a nasal coda
        if cls == "N":
            body = "(?:_?n|N)N?"
        elif cls == "m":
            body = "(?:_?n|M)"
        else:
            body = f"[{cls}]"
        piece = ("" if k == 0 else _SKIP) + body
        parts.append(f"(?:{piece})?" if optional else piece)
    return re.compile("".join(parts))


def encode(text: str, codes: dict[str, str]) -> str:
    """Two symbols per character: a transliteration character's code, any other character's barrier."""
    return "".join(codes.get(ch, BARRIER) for ch in text)


_RUNS: list[tuple[dict[str, str], re.Pattern[str]]] = []  # (codes, runs of its characters): the last one


def _runs_of(codes: dict[str, str]) -> re.Pattern[str]:
    """Runs of two or more transliteration characters (built once per table, kept for the last one)."""
    if not _RUNS or _RUNS[0][0] is not codes:
        chars = "".join(re.escape(ch) for ch in sorted(codes))
        _RUNS[:] = [(codes, re.compile(f"[{chars}]{{2,}}"))]
    return _RUNS[0][1]


def name_keys(zh: Sequence[str], en: Sequence[str], codes: dict[str, str]) -> tuple[list[set[str]], list[set[str]]]:
    """For each sentence, the names (lower case) of the English that its own text spells: an English
    sentence's capitalised words that some Chinese sentence spells, and the Chinese sentences that do.
    Only runs of transliteration characters are encoded and searched (a newspaper article has a few: the
    patterns' optional parts made searching whole sentences cost more than the rest of the alignment)."""
    zk: list[set[str]] = [set() for _ in zh]
    ek: list[set[str]] = [set() for _ in en]
    if not codes:
        return zk, ek
    runs = _runs_of(codes)
    spans = [(i, encode(m.group(0), codes)) for i, s in enumerate(zh) for m in runs.finditer(s)]
    # only runs with room for MIN_CONSONANTS classes (initials other than _, nasal codas) can spell a name
    spans = [(i, t) for i, t in spans if len(t) // 2 - t.count("_") + t.count("n") >= MIN_CONSONANTS]
    if not spans:
        return zk, ek
    found: dict[str, set[int]] = {}  # name → the Chinese sentences that spell it
    for w in set(NAME.findall("\n".join(en))):  # (one scan of the whole English: most articles have no hit)
        pattern = latin_pattern(w)
        if pattern is not None:
            hits = {i for i, text in spans if pattern.search(text)}
            if hits:
                found[w] = hits
    if not found:
        return zk, ek
    for j, s in enumerate(en):
        for w in found.keys() & set(NAME.findall(s)):
            ek[j].add(w.lower())
            for i in found[w]:
                zk[i].add(w.lower())
    return zk, ek


def derive_codes(
    readings: dict[str, str], proper: Sequence[tuple[str, str, str]], headword_counts: dict[str, int]
) -> dict[str, str]:
    """The transliteration characters and their codes, from a dictionary: `readings` (character → its
    first toneless pinyin syllable), `proper` ((simplified headword, toneless pinyin, first gloss) of the
    proper-noun entries) and `headword_counts` (character → how many multi-character headwords have it).
    See the module's docstring for the rule."""
    every = {ch: syllable_code(r) for ch, r in readings.items() if r}
    seen: dict[str, int] = {}
    for head, pinyin, gloss in proper:
        head = head.replace("·", "")
        if len(head) < 2:
            continue
        plain = pinyin.replace(" ", "").replace("·", "").lower()
        text = encode(head, every)
        for word in NAME.findall(gloss):
            if word.lower() in plain:
                break  # a Chinese name or place in pinyin (北京 Beijing): no transliteration
            pattern = latin_pattern(word)
            if pattern is None:
                continue
            m = pattern.search(text)
            if m is not None:
                span = head[m.start() // 2 : (m.end() + 1) // 2]
                if len(span) >= 2:
                    for ch in set(span):
                        seen[ch] = seen.get(ch, 0) + 1
    return {
        ch: every[ch]
        for ch, n in sorted(seen.items())
        if ch in every and n >= 3 and n >= 0.1 * headword_counts.get(ch, n)
    }
