"""Beads and the paragraph groups the sentence beads join (`teiedit.beads`)."""

import random

from teiedit.beads import SentenceBead, _connected_groups, _fold_one_sided, _monotone_groups, paragraph_groups


def test_a_paragraph_with_no_counterpart_joins_its_neighbours_group():
    """Only one-sided beads in a paragraph (an untranslated paragraph): it joins the group before it (the
    first, the one after), so no paragraph of either version is left out of the paragraph pairing."""
    zh = [["标题"], ["甲。", "乙。"], ["编者按。"], ["丙。"]]
    en = [["Title"], ["A. B."], ["C."]]
    beads = [
        SentenceBead(((0, 0),), ()),  # the Chinese title, untranslated
        SentenceBead(((1, 0),), ((0, 0),)),
        SentenceBead(((1, 1),), ((1, 0),)),
        SentenceBead(((2, 0),), ()),  # an untranslated editor's note
        SentenceBead(((3, 0),), ((2, 0),)),
    ]
    groups = [(g.zh, g.en) for g in paragraph_groups(zh, en, beads)]
    assert groups == [((0, 1, 2), (0, 1)), ((3,), (2,))]


def _random_monotone_beads(rng, nz_par: int, ne_par: int) -> tuple[list, list, list]:
    """Paragraphs of 0–3 sentences a side and beads over them in reading order, one-sided ones included."""
    zh = [["句。"] * rng.choice((0, 1, 1, 2, 3)) for _ in range(nz_par)]
    en = [["S."] * rng.choice((0, 1, 1, 2, 3)) for _ in range(ne_par)]
    zs = [(p, k) for p in range(nz_par) for k in range(len(zh[p]))]
    es = [(q, k) for q in range(ne_par) for k in range(len(en[q]))]
    beads, i, j = [], 0, 0
    while i < len(zs) or j < len(es):
        a = min(rng.choice((0, 1, 1, 1, 2)), len(zs) - i)
        b = min(rng.choice((0, 1, 1, 1, 2)), len(es) - j)
        if a == 0 and b == 0:
            continue
        beads.append(SentenceBead(tuple(zs[i : i + a]), tuple(es[j : j + b])))
        i, j = i + a, j + b
    return zh, en, beads


def test_paragraph_groups_in_one_sweep_are_the_connected_components():
    """The sweep the aligner's beads take (`_monotone_groups`) gives the groups of the general
    union-find (`_connected_groups`) whenever it answers, empty paragraphs and one-sided beads included."""
    rng = random.Random(17)
    answered = 0
    for _ in range(3000):
        zh, en, beads = _random_monotone_beads(rng, rng.randint(1, 6), rng.randint(1, 6))
        fast = _monotone_groups(len(zh), len(en), beads)
        if fast is not None:
            answered += 1
            assert _fold_one_sided(fast) == _fold_one_sided(_connected_groups(zh, en, beads)), beads
    assert answered > 2000  # (the sweep is the common case, not the exception)
    # out of reading order: the sweep declines
    crossed = [SentenceBead(((1, 0),), ((0, 0),)), SentenceBead(((0, 0),), ((1, 0),))]
    assert _monotone_groups(2, 2, crossed) is None
    assert [(g.zh, g.en) for g in paragraph_groups([["甲。"], ["乙。"]], [["A."], ["B."]], crossed)] == [
        ((1,), (0,)),
        ((0,), (1,)),
    ]
