"""The bilingual dictionary: the packaged CC-CEDICT by default, a user's file, gloss cleaning, the
compiled cache."""

import json

import pytest

from conftest import DATA, NS, SEED
from teiedit.config import EditionConfig, load_config
from teiedit.dictionary import (
    PACKAGED,
    clean_senses,
    dictionary_file,
    dictionary_for,
    load_dictionary,
    packaged_path,
)
from teiedit.lexicon import DictionaryError

USER = """# a user's dictionary
離婚 离婚 [li2 hun1] /to divorce/divorced from (one's spouse)/
老鼠 老鼠 [lao3 shu3] /rat/mouse/CL:隻|只[zhi1]/
國 国 [Guo2] /surname Guo/
國 国 [guo2] /country/nation/state/
駡 骂 [ma4] /variant of 罵|骂[ma4]/
罵 骂 [ma4] /to scold/to curse/
擔心 担心 [dan1 xin1] /anxious/worried/uneasy/to worry/to be anxious/
行 行 [xing2] /to walk/to go/capable/
行 行 [hang2] /row/line/profession/
的 的 [de5] /of; ~'s (possessive particle)/
的 的 [di1] /(coll.) taxi; cab/
的 的 [di2] /really and truly/
的 的 [di4] /aim; clear/
"""


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEIEDIT_CACHE", str(folder))
    return folder


def test_the_packaged_dictionary_is_the_default(cache):
    assert EditionConfig().align_dictionary == PACKAGED
    assert packaged_path().name.endswith(".txt.gz")
    table = dictionary_for(PACKAGED)
    assert table is not None and len(table.weights) > 50_000
    assert "divorc" in table.weights["离婚"]
    assert "china" in table.weights["中国"]
    assert "taxi" not in table.weights.get("的", {})  # one rare sense of a function word
    assert "surnam" not in table.weights["国"]
    assert list(cache.glob("dictionary-*.marshal"))  # compiled once


def test_config_turns_the_dictionary_off_or_names_a_file(tmp_path):
    for value, expected in (("false", ""), ('""', ""), ("true", PACKAGED), ('"my.u8"', "my.u8")):
        path = tmp_path / "edition.toml"
        path.write_text(f"[edition]\nalign_dictionary = {value}\n", "utf-8")
        assert load_config(path).align_dictionary == expected
    assert dictionary_for("") is None and dictionary_for(False) is None
    assert dictionary_file("") == ""


def test_user_dictionary_is_cleaned_and_weighted(tmp_path, cache):
    path = tmp_path / "user.u8"
    path.write_text(USER, "utf-8")
    table = dictionary_for(str(path))
    assert table is not None
    assert set(table.weights["国"]) == {"countr", "nation", "state"}  # no surname
    assert set(table.weights["骂"]) == {"scold", "curse"}  # no variant-of, no pinyin
    assert set(table.weights["老鼠"]) == {"rat", "mouse"}  # no classifier
    # a headword's senses are its readings (entries); the glosses of one entry are synonyms, each a full hit
    assert set(table.weights["担心"].values()) == {0.5} and "worry" in table.weights["担心"]
    assert table.weights["骂"]["scold"] == table.weights["国"]["nation"] == 0.5
    # a word of one reading in two weighs less; one of one reading in four (的's taxi) is dropped
    assert 0.3 < table.weights["行"]["walk"] < table.weights["国"]["nation"]
    assert table.weights["行"]["walk"] == table.weights["行"]["row"]
    assert "taxi" not in table.weights.get("的", {}) and "really" not in table.weights.get("的", {})


def test_gloss_cleaning_small_cases():
    assert clean_senses("surname Li") == []
    assert clean_senses("variant of 罵|骂[ma4]") == []
    assert clean_senses("see 的士[di1 shi4]") == []
    assert clean_senses("CL:個|个[ge4]") == []
    assert clean_senses("plural marker for pronouns") == []
    assert clean_senses("old variant of 國|国[guo2]") == []
    assert clean_senses("country; nation") == [{"countr"}, {"nation"}]
    assert clean_senses("tractor (for farming)") == [{"tracto"}]
    # descriptions of the character or word, not translations
    assert clean_senses('"one" radical in Chinese characters (Kangxi radical 1)') == []
    assert clean_senses("refers to the philosophical schools of pre-Han China") == []


def test_malformed_user_dictionary_is_a_clear_error(tmp_path, cache):
    path = tmp_path / "bad.u8"
    path.write_text(USER + "农民 [nong2 min2] farmer\n", "utf-8")
    line = USER.count("\n") + 1  # the appended line
    with pytest.raises(DictionaryError, match=rf"bad.u8:{line}: not a CC-CEDICT entry") as info:
        dictionary_for(str(path))
    assert info.value.line == line


def test_malformed_dictionary_is_a_problem_not_a_traceback(tmp_path, cache):
    from teiedit.convert import Status, convert_file

    bad = tmp_path / "bad.u8"
    bad.write_text("not a dictionary\n", "utf-8")
    result = convert_file(SEED, tmp_path / "out", EditionConfig(align_dictionary=str(bad)))
    assert result.status is Status.FAILED
    assert [p.code for p in result.problems] == ["align-model"]
    assert "bad.u8:1" in result.problems[0].msg


def test_cache_is_used_when_the_data_is_unchanged_and_rebuilt_when_it_changes(tmp_path, monkeypatch):
    import teiedit.dictionary as dictionary

    path = tmp_path / "user.u8"
    path.write_text(USER, "utf-8")
    folder = tmp_path / "c"
    parsed = []
    real = dictionary.parse_cedict
    monkeypatch.setattr(dictionary, "parse_cedict", lambda p: parsed.append(p) or real(p))
    first = load_dictionary(path, folder)
    assert len(parsed) == 1 and len(list(folder.iterdir())) == 1
    again = load_dictionary(path, folder)
    assert len(parsed) == 1 and again.weights == first.weights  # from the cache
    path.write_text(USER + "拖拉機 拖拉机 [tuo1 la1 ji1] /tractor/\n水車 水车 [shui3 che1] /waterwheel/\n", "utf-8")
    changed = load_dictionary(path, folder)
    assert len(parsed) == 2 and "waterw" in changed.weights["水车"]
    # a corrupt cache is rebuilt, never a traceback
    for blob in folder.iterdir():
        blob.write_bytes(b"\x00garbage")
    assert load_dictionary(path, folder).weights == changed.weights
    assert len(parsed) == 3
    assert load_dictionary(path, folder).weights == changed.weights
    assert len(parsed) == 3
    assert len(list(folder.iterdir())) == 1  # the stale caches of this dictionary were removed


def test_cache_is_rebuilt_when_the_cleaning_code_changes(tmp_path, monkeypatch):
    import teiedit.dictionary as dictionary

    path = tmp_path / "user.u8"
    path.write_text(USER, "utf-8")
    other = tmp_path / "other.u8"
    other.write_text(USER, "utf-8")
    code = tmp_path / "lexicon.py"
    code.write_text("# the stemmer, version 1\n", "utf-8")
    monkeypatch.setattr(dictionary, "_CODE", (code,))
    folder = tmp_path / "c"
    parsed = []
    real = dictionary.parse_cedict
    monkeypatch.setattr(dictionary, "parse_cedict", lambda p: parsed.append(p) or real(p))
    load_dictionary(path, folder)
    load_dictionary(other, folder)  # another dictionary's cache lives beside it
    load_dictionary(path, folder)
    assert len(parsed) == 2
    code.write_text("# the stemmer, version 2\n", "utf-8")
    load_dictionary(path, folder)
    assert len(parsed) == 3
    assert len(list(folder.iterdir())) == 2  # the new cache of `path` and the one of `other`


def test_seed_still_aligns_one_to_one_with_the_default_dictionary(seed_tei):
    gold = json.loads((DATA / "seed_gold_alignment.json").read_text("utf-8"))["beads"]
    links = seed_tei.findall(".//t:linkGrp[@type='alignment']/t:link", NS)
    assert len(gold) == len(links) == 24
    assert all(link.get("type") == "1-1" for link in links)


def test_an_added_sentence_goes_where_the_dictionary_says(cache):
    """Lengths alone put the added English sentence with the bridge; its words (wheat, cotton) belong to
    the second Chinese sentence, which only the dictionary knows."""
    from teiedit.align import AlignerOptions, align_sentences

    zh = ["工人们修好了这座被洪水冲坏的大桥。", "农民在田里种小麦和棉花。"]
    en = [
        "The workers repaired the bridge that the flood had damaged.",
        "Wheat and cotton are the main crops of the county.",
        "Farmers planted wheat and cotton in the fields.",
    ]
    length_only = [(b.zh, b.en) for b in align_sentences(zh, en, AlignerOptions(table=None))]
    assert length_only == [((0,), (0, 1)), ((1,), (2,))]
    with_dictionary = align_sentences(zh, en, AlignerOptions(table=dictionary_for(PACKAGED)))
    assert [(b.zh, b.en) for b in with_dictionary] == [((0,), (0,)), ((1,), (1, 2))]
