import json
import re

import pytest
from lxml import etree

from conftest import DATA, NS, SAFE_PARSER, SEED
from teiedit.align import (
    AlignerOptions,
    align_document,
    align_paragraphs,
    align_sentences,
    learn_table,
)
from teiedit.anchors import anchors_en, anchors_zh, zh_numeral_value
from teiedit.dictionary import parse_cedict as load_cedict
from teiedit.lexicon import DictionaryError, LexicalTable, en_stem, en_tokens, zh_tokens


def bead_f1(gold: set, found: set) -> tuple[float, float, float]:
    tp = len(gold & found)
    p, r = tp / len(found), tp / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_seed_matches_hand_checked_gold(seed_tei):
    gold = json.loads((DATA / "seed_gold_alignment.json").read_text("utf-8"))["beads"]
    gold_set = {(tuple(b["zh"]), tuple(b["en"])) for b in gold}
    found = set()
    for link in seed_tei.iterfind(".//t:linkGrp[@type='alignment']/t:link", NS):
        ids = [t[1:] for t in link.get("target").split()]
        found.add((tuple(i for i in ids if i.startswith("zh")), tuple(i for i in ids if i.startswith("en"))))
    assert len(gold_set) == 24
    assert bead_f1(gold_set, found) == (1.0, 1.0, 1.0)


def test_one_to_two_split_is_found():
    zh = ["今年全省粮食总产量比去年增加了百分之十，棉花增加了百分之五。", "会议于三日闭幕。"]
    en = [
        "This year the province's total grain output rose by ten per cent over last year.",
        "Cotton output rose by five per cent.",
        "The meeting closed on the third.",
    ]
    beads = align_sentences(zh, en)
    assert [(b.zh, b.en) for b in beads] == [((0,), (0, 1)), ((1,), (2,))]
    assert [b.kind for b in beads] == ["1-2", "1-1"]


# A dictionary such as a user's CC-CEDICT file (or a table learned from a whole run) would supply:
# every content word of the three sentences is known, as in a real table.
MEETING_TABLE = LexicalTable(
    {
        z: {en_stem(e): 0.5}
        for z, e in {
            "会议": "meeting", "北京": "beijing", "代表": "delegates", "讨论": "discussed", "计划": "plan",
            "决议": "resolution", "天气": "weather", "河流": "rivers", "交通": "traffic", "生产": "production",
            "很冷": "cold", "气温": "temperature", "零下": "below", "影响": "affected", "开幕": "opened",
            "全国": "country", "出席": "attended", "今年": "year", "明年": "next", "工作": "work", "通过": "passed",
        }.items()
    }
)  # fmt: skip


def test_omitted_sentence_becomes_one_to_zero():
    # the lexicon shows that the weather sentence has no counterpart (by length alone it would be merged)
    zh = [
        "会议于三日在北京开幕，来自全国各地的代表共一千二百人出席了会议。",
        "天气很冷，气温降到零下二十度，许多河流都结了冰，交通受到了很大的影响。",
        "代表们讨论了今年的生产计划和明年的工作安排，并通过了决议。",
        "大会还听取了关于农业生产的报告。",
        "许多代表在会上发了言。",
        "他们一致认为，明年的任务更加繁重。",
        "会议于十日闭幕。",
    ]
    en = [
        "The meeting opened in Beijing on the third, attended by 1,200 delegates from all over the country.",
        "The delegates discussed this year's production plan and next year's work, and passed a resolution.",
        "The congress also heard a report on agricultural production.",
        "Many delegates spoke at the meeting.",
        "They agreed that next year's tasks would be even heavier.",
        "The meeting closed on the tenth.",
    ]
    beads = align_sentences(zh, en, AlignerOptions(table=MEETING_TABLE))
    assert [(b.zh, b.en) for b in beads] == [((0,), (0,)), ((1,), ())] + [((i + 1,), (i,)) for i in range(1, 6)]
    assert beads[1].kind == "1-0"


def test_one_to_three_split_is_found():
    zh = [
        "一九五八年春天，河北省的农民比去年提前十天开始春耕，全省已有三千多个合作社参加了这一运动，"
        "各县修好了一千二百部水车，并且新打了四百五十眼井。",
        "会议于三日闭幕。",
    ]
    en = [
        "In the spring of 1958 the farmers of Hebei began ploughing ten days earlier than last year.",
        "More than 3,000 cooperatives in the province have joined the campaign.",
        "The counties have repaired 1,200 water wheels and sunk 450 new wells.",
        "The meeting closed on the third.",
    ]
    beads = align_sentences(zh, en)
    assert [(b.zh, b.en) for b in beads] == [((0,), (0, 1, 2)), ((1,), (3,))]
    assert beads[0].kind == "1-3"


def test_merged_pair_is_two_to_one():
    zh = ["今年全省共有合作社三千个。", "其中一千二百个已经实现了机械化。", "会议于三日闭幕。"]
    en = [
        "This year the province has 3,000 cooperatives, of which 1,200 have already been mechanised.",
        "The meeting closed on the third.",
    ]
    beads = align_sentences(zh, en)
    assert [(b.zh, b.en) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]


def test_numbers_decide_between_equally_long_alternatives():
    # by length alone the middle sentence could go either way; its number says where it belongs
    zh = ["第一队有社员一百二十人。", "第二队有社员三百四十人。", "第三队有社员五百六十人。"]
    en = ["The first team has 120 members and the second team has 340 members.", "The third team has 560 members."]
    beads = align_sentences(zh, en)
    assert [(b.zh, b.en) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]


def test_quotation_marks_decide_where_a_line_of_dialogue_goes():
    # by length the quoted shout would join the long narrative sentence; only the second one quotes
    zh = ["他慢慢地走进了那间屋子，看了看，发现屋里没有人，只有桌上点着一支蜡烛。", "“快出来。”他喊道。"]
    en = ["He walked slowly into the room and looked round.", "'Come out.'", "he shouted."]
    options = AlignerOptions(use_lexicon=False)
    assert [(b.zh, b.en) for b in align_sentences(zh, en, options)] == [((0,), (0,)), ((1,), (1, 2))]
    unquoted = [zh[0], zh[1].replace("“", "").replace("”", "")], [en[0], en[1].strip("'"), en[2]]
    assert [(b.zh, b.en) for b in align_sentences(*unquoted, options)] == [((0,), (0, 1)), ((1,), (2,))]
    # the marks count only when both versions quote: with unquoted Chinese the English quotes are neutral
    half = unquoted[0], en
    assert [(b.zh, b.en) for b in align_sentences(*half, options)] == [((0,), (0, 1)), ((1,), (2,))]


def test_exclamations_are_anchors_like_questions():
    assert anchors_zh("快出来！")["q:!"] == 1 and anchors_en("Come out!")["q:!"] == 1
    assert "q:!" not in anchors_en("Come out.")


def test_english_quotation_marks_are_not_apostrophes():
    quoted = ["'You're hopeless!' cried Trinket.", 'He said: "go".', "'Go away,' he said.", "off!'", "“Yes.”"]
    plain = ["He didn't go.", "the boys' books", "rock and roll", "It's 5 o'clock."]
    assert all("q:quote" in anchors_en(t) for t in quoted)
    assert not any("q:quote" in anchors_en(t) for t in plain)


def test_paragraphs_one_to_one_when_counts_match_and_by_length_otherwise():
    assert [b.kind for b in align_paragraphs(["甲", "乙"], ["A", "B"])] == ["1-1", "1-1"]
    zh = ["一" * 40, "二" * 40, "三" * 40]
    en = ["x" * 240, "y" * 120]
    assert [(b.zh, b.en) for b in align_paragraphs(zh, en, ratio=3.0)] == [((0, 1), (0,)), ((2,), (1,))]


def test_document_alignment_covers_every_sentence_once_in_order():
    zh = [["一句。", "二句。"], ["三句。"]]
    en = [["One.", "Two."], ["Three."]]
    doc = align_document(zh, en)
    flat_zh = [i for b in doc.sentences for i in b.zh]
    flat_en = [i for b in doc.sentences for i in b.en]
    assert flat_zh == [(0, 0), (0, 1), (1, 0)]
    assert flat_en == [(0, 0), (0, 1), (1, 0)]


def test_chinese_numerals_become_anchors():
    assert zh_numeral_value("一九五八") == 1958
    assert zh_numeral_value("二十五") == 25
    assert zh_numeral_value("一千二百") == 1200
    assert zh_numeral_value("三万") == 30000
    assert zh_numeral_value("二十万") == 200_000
    assert anchors_zh("一九五八年有1200人")["n:1958"] == 1
    assert anchors_zh("一九五八年有1200人")["n:1200"] == 1


@pytest.mark.parametrize(
    ("zh", "en", "key"),
    [
        ("一九五八年", "in 1958", "n:1958"),
        ("二十万人", "200,000 people", "n:200000"),
        ("3.5亿斤", "350 million jin", "n:350000000"),
        ("增加了百分之十五", "rose by fifteen per cent", "n:15"),
        ("一千二百部", "twelve hundred", "n:1200"),
        ("十月一日", "on October 1", "n:10"),
        ("二十五个", "twenty-five", "n:25"),
    ],
)
def test_chinese_numerals_match_digits_and_number_words(zh, en, key):
    assert key in anchors_zh(zh)
    assert key in anchors_en(en)


def test_words_that_only_look_like_numerals_are_not_anchors():
    assert not [k for k in anchors_zh("这十分重要，千万不要忘记，一个人也不能少。") if k.startswith("n:")]


def test_english_anchors_keep_only_the_latin_words_asked_for():
    text = "On May 3 two thousand Soviet experts met Mao in Moscow?"
    full = anchors_en(text)
    only = anchors_en(text, latin=frozenset({"moscow"}))
    assert "w:soviet" in full and "w:moscow" in full
    assert "w:moscow" in only and not [k for k in only if k.startswith("w:") and k != "w:moscow"]
    # numbers (digits, number words, months) and questions do not depend on the filter
    assert {k: c for k, c in full.items() if not k.startswith("w:")} == {
        k: c for k, c in only.items() if not k.startswith("w:")
    }
    assert {"n:3", "n:2000", "n:5", "q:?"} <= set(only)


def test_anchors_of_sentences_the_quick_checks_let_through():
    """Each anchor kind is found however the sentence gets past the cheap pre-checks (ASCII or not,
    digits of any script, a Latin word among few or many asked for)."""
    assert anchors_en("In ١٩٥٨ the café opened.")["n:1958"] == 1  # non-ASCII text, other digits
    assert anchors_en("Über 1,200 men came.")["n:1200"] == 1
    assert anchors_en('He said "Stop" and left.')["q:quote"] == 1
    assert anchors_en("Ich sagte „Halt“ und ging.")["q:quote"] == 1
    assert "q:quote" not in anchors_en("The people's communes grew.")
    many = frozenset(f"word{k}" for k in range(40)) | {"moscow"}
    for latin in (frozenset({"moscow"}), many):
        assert anchors_en("They met in Moscow, in MOSCOW.", latin)["w:moscow"] == 2
        assert not anchors_en("They met in Peking.", latin)
    assert anchors_zh("他说：“好。”")["q:quote"] == 1 and "q:quote" not in anchors_zh("他说好。")
    assert anchors_zh("（二）生产")["s:list2"] == 1 and anchors_zh("3．生产")["s:list3"] == 1
    assert anchors_zh("我们用Linux。")["w:linux"] == 1
    assert anchors_zh("你好吗？")["q:?"] == 1 and not anchors_zh("他们在一起工作。")


def test_chinese_thousands_separators_and_fullwidth_digits():
    assert "n:1200" in anchors_zh("全县修好水车１，２００部。")
    assert "n:1200" in anchors_zh("全县修好水车1，200部。")
    assert not [k for k in anchors_zh("一个人，一些事，一一说明。") if k.startswith("n:")]


def _synthetic_corpus() -> list[tuple[list[list[str]], list[list[str]]]]:
    """Six tiny articles, sentence for sentence, in which 拖拉机 always comes with "tractor"."""
    pairs = [
        ("公社买了一台新拖拉机。", "The commune bought a new tractor."),
        ("拖拉机在田里工作了十天。", "The tractor worked in the fields for ten days."),
        ("社员们都来看拖拉机。", "All the members came to see the tractor."),
        ("今年的小麦长得很好。", "This year the wheat grew well."),
        ("老王学会了开拖拉机。", "Old Wang learned to drive the tractor."),
        ("水库已经修好了。", "The reservoir has been finished."),
        ("妇女们在晒棉花。", "The women are drying cotton."),
        ("拖拉机手受到了表扬。", "The tractor driver was praised."),
    ]
    docs = []
    for k in range(6):
        chosen = [pairs[(k + d) % len(pairs)] for d in range(5)]
        docs.append(([[z for z, _ in chosen]], [[e for _, e in chosen]]))
    return docs


def test_lexicon_is_learned_from_the_corpus_itself():
    table = learn_table(_synthetic_corpus())
    assert "tracto" in table.weights.get("拖拉", {})
    assert max(table.weights["拖拉"], key=table.weights["拖拉"].get) == "tracto"
    again = LexicalTable.from_file  # round trip through the persisted format
    assert table.to_bytes() == learn_table(_synthetic_corpus()).to_bytes()
    assert again is not None


def test_pruned_pair_counting_gives_the_same_table_as_counting_every_pair():
    from teiedit.lexicon import CooccurrenceCounts, count_pairs

    pairs = []
    for zh, en in _synthetic_corpus():
        pairs += [(zh_tokens(z), en_tokens(e)) for z, e in zip(zh[0], en[0], strict=True)]
    every = CooccurrenceCounts()
    for z, e in pairs:
        every.add(z, e)
    pruned = count_pairs(pairs)
    assert pruned.table().to_bytes() == every.table().to_bytes()
    assert sum(pruned.both.values()) < sum(every.both.values())


def test_model_file_round_trip(tmp_path):
    table = learn_table(_synthetic_corpus())
    path = tmp_path / "model.tsv"
    path.write_bytes(table.to_bytes())
    assert LexicalTable.from_file(path).weights == table.weights
    path.write_text("# teiedit-align-model 1\n拖拉\ttracto\n", "utf-8")
    with pytest.raises(ValueError, match=r"model.tsv:2: expected zh<TAB>en<TAB>weight"):
        LexicalTable.from_file(path)


CEDICT = """# CC-CEDICT
# a comment line
中國 中国 [Zhong1 guo2] /China/Middle Kingdom/
拖拉機 拖拉机 [tuo1 la1 ji1] /tractor/CL:部[bu4],臺|台[tai2]/
水車 水车 [shui3 che1] /waterwheel/water wagon (for firefighting)/
"""


def test_cedict_dictionary_is_loaded(tmp_path):
    path = tmp_path / "cedict.u8"
    path.write_text(CEDICT, "utf-8")
    table = load_cedict(path)
    assert "china" in table.weights["中国"]
    assert "waterw" in table.weights["水车"]
    assert "拖拉机" not in table.weights  # three characters: not a token the aligner sees


def test_malformed_dictionary_line_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "cedict.u8"
    path.write_text(CEDICT + "农民 [nong2 min2] farmer\n", "utf-8")
    with pytest.raises(DictionaryError, match=r"cedict.u8:6: not a CC-CEDICT entry") as info:
        load_cedict(path)
    assert info.value.line == 6


def test_links_carry_type_and_cert(seed_tei):
    links = seed_tei.findall(".//t:standOff/t:linkGrp[@type='alignment']/t:link", NS)
    assert len(links) == 24
    for link in links:
        assert link.get("type") == "1-1"
        assert re.fullmatch(r"(0|1)\.\d\d", link.get("cert")), link.get("cert")
        assert 0.0 <= float(link.get("cert")) <= 1.0


def test_seed_with_certs_is_valid_tei(seed_tei, tei_all):
    assert tei_all.validate(seed_tei), tei_all.error_log.last_error


def test_output_is_byte_identical_between_runs(seed_tei_bytes):
    from teiedit.config import EditionConfig
    from teiedit.convert import tei_bytes
    from teiedit.parse import parse_article

    article, _ = parse_article(SEED)
    assert tei_bytes(article, EditionConfig()) == seed_tei_bytes
    table = learn_table(_synthetic_corpus())
    once = tei_bytes(article, EditionConfig(), AlignerOptions(table=table))
    assert once == tei_bytes(article, EditionConfig(), AlignerOptions(table=learn_table(_synthetic_corpus())))


def test_output_with_a_model_is_identical_whatever_the_string_hash_seed(tmp_path):
    """Sets of tokens iterate in a per-process order (PYTHONHASHSEED): the alignment must not depend on it."""
    import os
    import subprocess
    import sys

    model = tmp_path / "model.tsv"
    model.write_bytes(learn_table(_synthetic_corpus()).to_bytes())
    script = (
        "import sys\n"
        "from teiedit.align import AlignerOptions\n"
        "from teiedit.config import EditionConfig\n"
        "from teiedit.convert import tei_bytes\n"
        "from teiedit.lexicon import LexicalTable\n"
        "from teiedit.parse import parse_article\n"
        "article, _ = parse_article(sys.argv[1])\n"
        "options = AlignerOptions(table=LexicalTable.from_file(sys.argv[2]))\n"
        "sys.stdout.buffer.write(tei_bytes(article, EditionConfig(), options))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script, str(SEED), str(model)], capture_output=True, env=env)
        assert run.returncode == 0, run.stderr.decode()
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert b'cert="' in outputs[0]


def test_config_points_at_a_model_and_convert_loads_it(tmp_path, monkeypatch):
    from teiedit.config import load_config
    from teiedit.convert import aligner_options

    model = tmp_path / "model.tsv"
    model.write_bytes(learn_table(_synthetic_corpus()).to_bytes())
    cedict = tmp_path / "cedict.u8"
    cedict.write_text(CEDICT, "utf-8")
    config_path = tmp_path / "edition.toml"
    config_path.write_text(f'[edition]\nalign_model = "{model}"\nalign_dictionary = "{cedict}"\n', "utf-8")
    config = load_config(config_path)
    options = aligner_options(config)
    assert options.table is not None
    assert "tracto" in options.table.weights["拖拉"]
    assert "china" in options.table.weights["中国"]
    assert aligner_options(config) is options  # loaded once per process


def test_align_train_command_writes_a_model(tmp_path):
    from click.testing import CliRunner

    from teiedit.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    out = tmp_path / "model.tsv"
    result = CliRunner().invoke(main, ["align-train", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# teiedit-align-model 1\n")
    assert "1 articles" in result.output


def _tei_with_certs(tmp_path, certs: dict[int, str]):
    """The seed's TEI with some links' @cert changed (index → value), and each link's line."""
    from teiedit.config import EditionConfig
    from teiedit.convert import tei_bytes
    from teiedit.parse import parse_article

    article, _ = parse_article(SEED)
    tree = etree.fromstring(tei_bytes(article, EditionConfig()), SAFE_PARSER)
    links = tree.findall(".//t:standOff/t:linkGrp[@type='alignment']/t:link", NS)
    for k, cert in certs.items():
        links[k].set("cert", cert)
    path = tmp_path / "doc.xml"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    reread = etree.parse(str(path), SAFE_PARSER)
    lines = [ln.sourceline for ln in reread.iterfind(".//t:standOff/t:linkGrp/t:link", NS)]
    return path, lines


def test_align_report_lists_worst_first_with_lines(tmp_path):
    from click.testing import CliRunner

    from teiedit.cli import main

    path, lines = _tei_with_certs(tmp_path, {3: "0.41", 10: "0.20", 20: "0.95"})
    result = CliRunner().invoke(main, ["align-report", str(path), "--below", "0.5"])
    assert result.exit_code == 0, result.output
    out = [ln for ln in result.output.splitlines() if ln.startswith(str(path))]
    assert out[0].startswith(f"{path}:{lines[10]}: cert 0.20 1-1: ")
    assert out[1].startswith(f"{path}:{lines[3]}: cert 0.41 1-1: ")
    block = result.output.split(out[0], 1)[1].split(str(path), 1)[0]
    assert "  zh: " in block and "  en: " in block and "why: low certainty (0.20)" in block
    assert "before: line " in block and "after: line " in block and "fix: " in block
    assert not any(f":{lines[20]}:" in ln for ln in out)


def test_align_report_json_and_fail_below(tmp_path):
    import json as json_module

    from click.testing import CliRunner

    from teiedit.cli import main

    path, lines = _tei_with_certs(tmp_path, {5: "0.30"})
    result = CliRunner().invoke(main, ["align-report", str(path), "--format", "json", "--below", "0.5"])
    assert result.exit_code == 0
    data = json_module.loads(result.output)
    assert data[0]["line"] == lines[5] and data[0]["cert"] == 0.3 and data[0]["kind"] == "1-1"
    failing = CliRunner().invoke(main, ["align-report", str(path), "--fail-below", "0.5"])
    assert failing.exit_code == 1
    passing = CliRunner().invoke(main, ["align-report", str(path), "--fail-below", "0.2"])
    assert passing.exit_code == 0


def test_align_report_gives_reasons_numbers_that_disagree_and_omissions(tmp_path):
    from teiedit.alignreport import review_file

    tei = f"""<TEI xmlns="{NS['t']}"><text><body>
<div type="original"><p><s xml:id="zh-p1-s1">全县修好水车一千二百部。</s><s xml:id="zh-p1-s2">天气很冷。</s></p></div>
<div type="translation"><p><s xml:id="en-p1-s1">The county repaired 1,700 water wheels.</s></p></div>
</body></text><standOff><linkGrp type="alignment">
<link type="1-1" cert="0.97" target="#zh-p1-s1 #en-p1-s1"/>
<link type="1-0" cert="0.88" target="#zh-p1-s2"/>
</linkGrp></standOff></TEI>"""
    path = tmp_path / "r.xml"
    path.write_text(tei, "utf-8")
    beads, problems = review_file(path, 0.5)
    assert not problems
    by_line = {b.line: b for b in beads}
    assert "numbers differ (1200 vs 1700)" in by_line[5].reasons
    assert any("no counterpart (1-0)" in r for r in by_line[6].reasons)


def test_very_long_texts_align_paragraph_groups_first(monkeypatch):
    import teiedit.align as align_module

    zh = [["河北农民提前十天开始春耕。", "已有三千多个合作社参加。"], ["会议于三日闭幕。"], ["全县修好水车一千二百部。"]]
    en = [
        ["Farmers in Hebei began ploughing ten days early.", "More than 3,000 cooperatives joined."],
        ["The meeting closed on the third."],
        ["The county repaired 1,200 water wheels."],
    ]
    whole = align_document(zh, en)
    monkeypatch.setattr(align_module, "MAX_LATTICE_CELLS", 4)
    grouped = align_document(zh, en)
    assert [(b.zh, b.en) for b in grouped.sentences] == [(b.zh, b.en) for b in whole.sentences]
    assert [(b.zh, b.en) for b in grouped.paragraphs] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_convert_reports_a_missing_model_as_a_problem(tmp_path):
    from click.testing import CliRunner

    from teiedit.cli import main

    config_path = tmp_path / "edition.toml"
    config_path.write_text(f'[edition]\nalign_model = "{tmp_path / "absent.tsv"}"\n', "utf-8")
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path / "out"), "--config", str(config_path)])
    assert result.exit_code == 1
    assert "alignment model:" in result.output and "[align-model]" in result.output


def _long_document(paragraphs: int) -> tuple[list[list[str]], list[list[str]], dict, int]:
    """The seed's sentence pairs (sentence for sentence, see the gold) recombined into `paragraphs`
    one-sentence paragraphs a side; the translator merged two paragraphs in one place and left one out
    in another. Returns (zh, en, the Chinese paragraph of each one-sentence English paragraph, the
    omitted Chinese paragraph)."""
    from teiedit.parse import parse_article
    from teiedit.segment import split_article

    article, _ = parse_article(SEED)
    zh_s, en_s = split_article(article)
    pairs = list(zip([s for p in zh_s for s in p], [s for p in en_s for s in p], strict=True))
    zh = [[pairs[k % len(pairs)][0]] for k in range(paragraphs)]
    en = [([pairs[k % len(pairs)][1]], k) for k in range(paragraphs)]
    en[10:12] = [([en[10][0][0], en[11][0][0]], -1)]  # two paragraphs merged into one
    omitted = paragraphs // 2
    del en[omitted - 1]  # (index shifted by the merge) an omitted paragraph: a 1-0 bead
    expected = {q: k for q, (_, k) in enumerate(en) if k >= 0}
    return zh, [p for p, _ in en], expected, omitted


def test_a_very_long_article_never_builds_a_lattice_above_the_limit(monkeypatch):
    """1,200 paragraphs a side: neither the sentence nor the paragraph lattice may be built whole (the
    paragraph-level DP was O(P_zh·P_en): 10,000 paragraphs a side took GBs); the banded path cuts the
    article into chunks, each aligned by the full aligner, and the alignment is still right."""
    import teiedit.align as align_module

    zh, en, expected, omitted = _long_document(1200)
    real = align_module._align_flat  # (every lattice is built there: align_flat's and align_document's)
    largest = [0]

    def bounded(z, e, *args, **kw):
        largest[0] = max(largest[0], len(z) * len(e))
        assert len(z) * len(e) <= align_module.MAX_LATTICE_CELLS, (len(z), len(e))
        return real(z, e, *args, **kw)

    monkeypatch.setattr(align_module, "_align_flat", bounded)
    result = align_document(zh, en)
    assert 0 < largest[0] <= align_module.MAX_LATTICE_CELLS
    found = {b.en[0][0]: b.zh[0][0] for b in result.sentences if len(b.en) == 1 and len(b.zh) == 1}
    wrong = {q: (k, found.get(q)) for q, k in expected.items() if found.get(q) != k}
    assert len(wrong) <= 4, wrong  # (the sentences next to the merge and the omission may be paired 2-1)
    assert ((omitted, 0),) in [b.zh for b in result.sentences if not b.en]


def test_the_banded_path_widens_its_band_to_the_exact_best_path(monkeypatch):
    """The band is searched again, twice as wide, while the best path touches its edge: 300 English
    units added at the start put the path far off the first band; the result is the path the full
    lattice finds, and the chunks cut along it cover both texts, in order, within their cell budget."""
    import itertools

    from teiedit import longalign

    lz = [40.0 + (k * 7) % 23 for k in range(1_500)]
    le = [90.0 + (k * 11) % 31 for k in range(300)] + [x * 2.5 for x in lz]
    widths: list[int] = []
    real_band = longalign._band
    monkeypatch.setattr(longalign, "_band", lambda *a: widths.append(a[3]) or real_band(*a))
    banded = longalign.banded_path(lz, le)
    assert len(widths) >= 2 and widths[0] == longalign.START_WIDTH  # widened
    monkeypatch.setattr(longalign, "START_WIDTH", 2_000)  # the whole lattice
    assert longalign.banded_path(lz, le) == banded
    assert banded[-1] == (1_500, 1_800)
    pieces = longalign.chunks(lz, le, [1] * len(lz), [1] * len(le), 20_000)
    assert pieces[0][0::2] == (0, 0) and pieces[-1][1::2] == (1_500, 1_800)
    assert all(a[1] == b[0] and a[3] == b[2] for a, b in itertools.pairwise(pieces))
    assert max((z1 - z0) * (e1 - e0) for z0, z1, e0, e1 in pieces) <= 20_000


def test_english_stems_meet_the_dictionarys_base_forms():
    assert en_tokens("He scolded the kids, yelling.") == {"scold", "kid", "yell"}
    assert en_tokens("to scold; a kid; to yell") == {"scold", "kid", "yell"}
    assert en_stem("glass") == "glass"[:6] and en_stem("bus") == "bus" and en_stem("used") == "used"
    assert en_stem("governments") == "govern" == en_stem("governing")
    # irregular forms meet the dictionary's base forms; look-alike words of their own are left alone
    assert en_tokens("He said the women won; they built it.") == {"say", "woman", "win", "build"}
    assert en_stem("left") == "left" and en_stem("found") == "found"


def test_anchors_of_a_whole_document_are_each_sentences_anchors():
    """`anchors_en_all` / `anchors_zh_all` (what makes an anchor looked for in all sentences by one
    compiled pass) give what `anchors_en` / `anchors_zh` give sentence by sentence: on the seed, on hard
    cases, and on the shared dev sets when they are there."""
    from conftest import ROOT
    from teiedit.anchors import anchors_en_all, anchors_zh_all
    from teiedit.parse import parse_article
    from teiedit.segment import split_article

    article, _ = parse_article(SEED)
    texts = [s for p in split_article(article)[1] for s in p]
    texts += [
        "Two-thirds of the twenty-five men came on the first of May.",
        "Someone often tends to money; one, two; ONE; Twenty\nfive.",
        "The \u212aelvin sign lowers to k; ﬁve is a ligature; seventeenth, nineteen, septembers.",
        "",
        "ten",
        "café one naïve three",
        "a lone surrogate \udc80 before two",  # (not from a file: UTF-8 decoding refuses it; the API takes it)
    ]
    dev = ROOT.parent / "shared" / "align-dev"
    for path in sorted(dev.glob("*/src/*.txt")) if dev.is_dir() else []:
        parsed, _ = parse_article(path)
        if parsed is not None:
            texts += [s for p in split_article(parsed)[1] for s in p]
    for latin in (None, frozenset({"may", "moscow"})):
        assert anchors_en_all(texts, latin) == [anchors_en(t, latin) for t in texts]
    assert anchors_en_all(["one two", "no number here"]) == [anchors_en("one two"), anchors_en("no number here")]
    assert anchors_en_all([]) == []
    hard_en = ["Firstly, we met.", "Fifth: go.", "(3) items", "He's here", "Why?", "Stop!", "Meet in Moscow", "plain words"]
    for latin in (None, frozenset(), frozenset({"moscow"})):
        assert anchors_en_all(hard_en, latin) == [anchors_en(t, latin) for t in hard_en]
    # the same for the Chinese
    zh = [s for p in split_article(article)[0] for s in p]
    zh += ["（二）生产", "(三)生产", "一、开头", "3．生产", "他说：“好。”", "「好」", "我们用Linux。", "十分好", "一个人走了。"]
    zh += ["全县修好水车１，２００部。", "你好吗？", "好！", "读《人民日报》。", "〇", "١٩٥٨年", "", "二\n三", "\udc80"]
    for path in sorted(dev.glob("*/src/*.txt")) if dev.is_dir() else []:
        parsed, _ = parse_article(path)
        if parsed is not None:
            zh += [s for p in split_article(parsed)[0] for s in p]
    assert anchors_zh_all(zh) == [anchors_zh(t) for t in zh]
    assert anchors_zh_all([]) == []
