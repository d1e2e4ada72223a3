"""The aligner's compiled lexical evidence: the kernel tokeniser finds exactly the tokens the set-based
tokenisers of `lexicon.py` find, and the hash tables behind it look every token up right."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED
from teiedit.align import _A, _B
from teiedit.alignlex import compiled, known_tokens, lexical_hits, stem_key
from teiedit.lexicon import EN_STOP, LexicalTable, en_tokens, zh_tokens
from teiedit.parse import parse_article
from teiedit.segment import split_article


def _table_for(zh: list[str], en: list[str]) -> LexicalTable:
    """A table that knows every token of the texts (each zh token partnered with every third en token)
    plus a few it will not find."""
    zt = sorted(set().union(*map(zh_tokens, zh)))
    et = sorted(set().union(*map(en_tokens, en))) or ["zzz"]
    weights = {z: {et[(k + d) % len(et)]: 0.5 for d in range(0, len(et), 3)} for k, z in enumerate(zt)}
    weights["鑫鑫"] = {"absent": 0.5}
    weights["x"] = {"latin": 0.5}  # not a Chinese token: never found
    return LexicalTable(weights)


def _expected(zh, en, table):
    c = compiled(table)
    zv, ev = set(c.zh_names), set(c.en_names)
    return [zh_tokens(t) & zv for t in zh], [en_tokens(t) & ev for t in en]


def test_kernel_tokens_equal_the_set_tokenisers_on_the_seed():
    zh_p, en_p = split_article(parse_article(SEED)[0])
    zh = [s for p in zh_p for s in p]
    en = [s for p in en_p for s in p]
    table = _table_for(zh, en)
    got = known_tokens(zh, en, table)
    assert got == _expected(zh, en, table)
    assert sum(map(len, got[0])) > 500 and sum(map(len, got[1])) > 200  # the test saw real tokens


def test_edge_cases_of_the_tokenisers():
    zh = ["中文，abc中", "", "豈豈\u3400\u9fff\uf900\ufaff", "中\n国", "一二三四五六七八九十"]
    en = ["İstanbul is ÉCOLE naïve", "aaa-bbb ccc's, THE the theirs", "x" * 20, "", "should shoulder",
          "government governs; café résumé", "line\nbreak",
          "He said the children won; mice understood. saids understoodness overcame undertaken"]  # fmt: skip
    table = _table_for(zh, en)
    got = known_tokens(zh, en, table)
    assert got == _expected(zh, en, table)
    assert "国" in got[0][3] and "中国" not in got[0][3]  # a newline inside a sentence breaks a run
    assert "should" in got[1][4]  # from "shoulder": "should" alone is a stop word
    assert got[1][5] >= {"govern", "caf", "sum"}
    # irregular forms are their base forms; a longer word that starts like one is not
    assert got[1][7] >= {"say", "child", "win", "mouse", "unders", "overco", "undert"}
    assert "said" in got[1][7] and "unders" in got[1][7]  # "saids" → said; "understoodness" → unders


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet="中国人民的一是了在有和大这主义社会豈\u3400 ，。a1\n", max_size=30), min_size=1, max_size=5
    ),
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzTHE shoulder-é'\n", max_size=60), min_size=1, max_size=5),
)
def test_kernel_tokens_equal_the_set_tokenisers_on_random_text(zh, en):
    table = _table_for([*zh, "中国人民"], [*en, "the people"])
    assert known_tokens(zh, en, table) == _expected(zh, en, table)


def test_stem_keys_are_distinct_and_stop_words_fit():
    words = ["a", "z", "aa", "az", "za", "zzzzzz", "abc", "abcd", "abcdef"]
    assert len({stem_key(w) for w in words}) == len(words)
    assert max(stem_key(w) for w in words) < 2**31  # the hash tables hold int32 keys
    assert all(len(w) <= 6 for w in EN_STOP)


def test_lexical_evidence_prefers_the_translation():
    zh = ["他骂了那个孩子。", "老鼠跑进了厨房。"]
    en = ["The mice ran into the kitchen.", "He scolded the child."]  # (mice: the irregular plural of mouse)
    table = LexicalTable(
        {"骂": {"scold": 0.5}, "孩子": {"child": 0.5}, "老鼠": {"mouse": 0.5}, "厨房": {"kitchen": 0.5}}
    )
    hits = lexical_hits(zh, en, table, _A, _B)
    one = list(zip(_A.tolist(), _B.tolist(), strict=True)).index((1, 1))
    llr = hits.llr[:, :, one]
    # the 1-1 bead of zh 0 with en 1 (ending at node (1, 2)) beats zh 0 with en 0 (ending at (1, 1))
    assert llr[1, 2] > 0 > llr[1, 1]
    assert llr[2, 1] > 0 > llr[2, 2]
    assert np.isfinite(hits.llr).all()


def test_a_table_overlaid_on_a_compiled_one_is_the_merged_table():
    """A document's own pairs go on top of the dictionary as compiled arrays (no recompiling): the
    evidence is the same as from `LexicalTable.merged`."""
    zh_p, en_p = split_article(parse_article(SEED)[0])
    zh = [s for p in zh_p for s in p]
    en = [s for p in en_p for s in p]
    base = _table_for(zh[:12], en[:12])
    zt = sorted(set().union(*map(zh_tokens, zh)))
    et = sorted(set().union(*map(en_tokens, en)))
    # new zh tokens, new en stems, stronger and weaker weights for pairs the base has
    mine = {z: {et[(7 * k) % len(et)]: 0.9, et[(7 * k + 1) % len(et)]: 0.3} for k, z in enumerate(zt[::2])}
    mine["鑫鑫"] = {"newword": 0.7}
    mine["鑫"] = {"absent": 0.6}
    other = LexicalTable(mine)
    overlaid = compiled(base).overlaid(other)
    merged = base.merged(other)
    assert known_tokens(zh, en, overlaid) == known_tokens(zh, en, merged)
    a, b = lexical_hits(zh, en, overlaid, _A, _B), lexical_hits(zh, en, merged, _A, _B)
    assert a.rates_en == b.rates_en and a.rates_zh == b.rates_zh
    assert np.allclose(a.llr, b.llr, rtol=0, atol=1e-12)
    assert len(compiled(base).zh_names) < len(overlaid.zh_names)  # the base is left as it was
