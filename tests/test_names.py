"""Foreign names in characters against their Latin spelling (names.py): the sound-class matcher, the
transliteration characters derived from a dictionary, and the anchor they give the aligner."""

import pytest

from teiedit.align import AlignerOptions, align_sentences
from teiedit.dictionary import PACKAGED, dictionary_for, load_dictionary, packaged_path
from teiedit.lexicon import LexicalTable
from teiedit.names import derive_codes, encode, latin_classes, latin_pattern, name_keys, syllable_code

# readings of the characters these tests use (toneless pinyin), as a dictionary would give them
READINGS = {
    "克": "ke", "莱": "lai", "恩": "en", "迪": "di", "卡": "ka", "普": "pu", "里": "li", "奥": "ao",
    "布": "bu", "坎": "kan", "南": "nan", "特": "te", "威": "wei", "切": "qie", "尔": "er", "林": "lin",
    "顿": "dun", "马": "ma", "丁": "ding", "沃": "wo", "森": "sen", "朗": "lang", "密": "mi", "肯": "ken", "尼": "ni", "服": "fu",
    "困": "kun", "难": "nan", "这": "zhe", "别": "bie",
}  # fmt: skip
CODES = {ch: syllable_code(r) for ch, r in READINGS.items()}


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEIEDIT_CACHE", str(folder))
    return folder


def spells(name: str, chinese: str) -> bool:
    pattern = latin_pattern(name)
    return pattern is not None and pattern.match(encode(chinese, CODES)) is not None  # (from the first character)


def test_syllable_codes_keep_the_initial_class_and_the_nasal_coda():
    assert [syllable_code(s) for s in ("ke", "lai", "en", "er", "zhang", "qie", "lü")] == [
        "K-", "L-", "_n", "L-", "Jn", "J-", "L-",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "chinese"),
    [
        ("Korine", "克莱恩"),  # r ~ l, the final n a coda
        ("DiCaprio", "迪卡普里奥"),  # a vowel syllable at the end
        ("Buchanan", "布坎南"),  # ch read as k
        ("Twitchell", "特威切尔"),  # tch, 尔 for the l
        ("Clinton", "克林顿"),
        ("Martin", "马丁"),  # the coda r left out
        ("Watson", "沃森"),  # the t of ts left out
        ("Kennedy", "肯尼迪"),  # nn as coda and initial
        ("Trump", "特朗普"),  # the m before p a nasal coda
    ],
)
def test_names_match_their_transliterations(name, chinese):
    assert spells(name, chinese), (latin_classes(name), encode(chinese, CODES))


@pytest.mark.parametrize(
    ("name", "chinese"), [("Korine", "克服困难"), ("Clinton", "迪卡普里奥"), ("Twitchell", "特别")]
)
def test_other_words_do_not(name, chinese):
    assert not spells(name, chinese)


def test_a_match_starts_on_a_character_and_is_not_hidden_by_one_inside_a_code():
    """Hamilton's h may go: from inside 克's code (its coda) the rest would match too, and a search
    that took that match and then dropped it for starting mid-character missed 密尔顿."""
    pattern = latin_pattern("Hamilton")
    assert pattern is not None
    text = encode("克密尔顿", CODES)
    m = pattern.search(text)
    assert m is not None and m.start() == 2  # 密, the second character
    for name, chinese in (("Kennedy", "克肯尼迪"), ("Korine", "迪克莱恩"), ("Hamilton", "克林密尔顿")):
        found = latin_pattern(name)
        assert found is not None
        assert all(m.start() % 2 == 0 for m in found.finditer(encode(chinese, CODES)))


def test_short_names_are_not_looked_for():
    assert latin_pattern("Bush") is None and latin_pattern("Ann") is None  # fewer than 3 classes


def test_a_character_that_is_no_transliteration_character_is_a_barrier():
    codes = dict(CODES)
    del codes["莱"]
    assert encode("克莱恩", codes) == "K-|-_n"
    pattern = latin_pattern("Korine")
    assert pattern is not None and pattern.search(encode("克莱恩", codes)) is None


def test_name_keys_find_the_sentences_of_both_versions():
    zh = ["记者们采访了工人。", "克莱恩说桥修得很好。", "迪卡普里奥没有来。"]
    en = ["Reporters interviewed the workers.", "Korine said the bridge was well made.", "DiCaprio did not come."]
    zk, ek = name_keys(zh, en, CODES)
    assert zk == [set(), {"korine"}, {"dicaprio"}]
    assert ek == [set(), {"korine"}, {"dicaprio"}]
    assert name_keys(zh, ["Nobody from Korea came."], CODES) == ([set(), set(), set()], [set()])
    assert name_keys(zh, en, {}) == ([set(), set(), set()], [set(), set(), set()])


def test_transliteration_characters_are_those_of_the_dictionarys_foreign_names():
    readings = {"克": "ke", "莱": "lai", "恩": "en", "林": "lin", "顿": "dun", "中": "zhong", "国": "guo"}
    proper = [
        ("克莱恩", "Ke lai en", "Klein (name)"),
        ("克林顿", "Ke lin dun", "Clinton (name)"),
        ("莱克恩", "Lai ke en", "Laken"),
        ("莱恩克", "Lai en ke", "Lanke"),
        ("林恩克", "Lin en ke", "Lineker"),
        ("林克恩", "Lin ke en", "Linken"),
        ("中国", "Zhong guo", "China"),  # too short a Latin name to tell
        ("克中", "Ke zhong", "Kezhong"),  # a Chinese name in pinyin: no transliteration
    ]
    counts = {"克": 8, "莱": 4, "恩": 5, "林": 40, "顿": 1, "中": 900, "国": 800}
    codes = derive_codes(readings, proper, counts)
    assert set(codes) == {"克", "莱", "恩"}  # 林: in 3 of its 40 headwords only; 顿: in one name
    assert codes["克"] == "K-" and codes["恩"] == "_n"


def test_the_packaged_dictionary_carries_its_transliteration_characters(cache):
    table = dictionary_for(PACKAGED)
    assert table is not None
    codes = table.transliteration
    assert {"斯", "克", "尔", "莱", "迪", "恩"} <= set(codes)
    assert not {"中", "国", "的", "是", "这"} & set(codes)
    # cached with the table: a second load (from the compiled cache) has them too
    assert list(cache.glob("dictionary-*.marshal"))
    again = load_dictionary(packaged_path())
    assert again.transliteration == codes
    assert table.merged(LexicalTable({"猫": {"cat": 1.0}})).transliteration == codes


def test_a_name_decides_where_an_added_sentence_goes(cache):
    """Length and the dictionary's words (workers) put the added sentence with the first Chinese one;
    the name it shares with the second, spelled in characters there, puts it right."""
    dictionary = dictionary_for(PACKAGED)
    assert dictionary is not None
    zh = ["记者们在大桥旁边采访了很多工人。", "克莱恩说这座桥修得很好。"]
    en = [
        "Reporters interviewed many workers beside the bridge.",
        "Among the workers was Korine.",
        "He said the bridge had been well repaired.",
    ]
    without = LexicalTable(dictionary.weights)  # the same words, no transliteration characters
    assert [(b.zh, b.en) for b in align_sentences(zh, en, AlignerOptions(table=without))] == [
        ((0,), (0, 1)),
        ((1,), (2,)),
    ]
    assert [(b.zh, b.en) for b in align_sentences(zh, en, AlignerOptions(table=dictionary))] == [
        ((0,), (0,)),
        ((1,), (1, 2)),
    ]
