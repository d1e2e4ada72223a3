"""Writes tests/data/invalid/: the seed's TEI with ONE typical mistake each (run once; committed).

tests/test_validate.py asserts, for each file, the exact problems (code, line, message) it must yield.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml").read_text("utf-8")
OUT = ROOT / "tests" / "data" / "invalid"

EN_TITLE = '        <title type="main" xml:lang="en">Integrating with the Masses in Production</title>\n'
EN_P1_S1 = '<s xml:id="en-p1-s1">Party and mass cadres'
EN_P2_S1 = (
    '<s xml:id="en-p2-s1">The main activity of the working masses in factories and mines is production, and the '
    "problems that the party and mass work of enterprises need to solve mainly revolve around various ideological "
    "and practical problems that arise around production activities.</s>"
)
LINK_1 = '<link type="1-1" target="#zh-p1-s1 #en-p1-s1"/>'
LINK_2 = '<link type="1-1" target="#zh-p2-s1 #en-p2-s1"/>'

CASES: dict[str, list[tuple[str, str]]] = {
    # a translation paragraph points at an original paragraph that does not exist
    "dangling_corresp": [('<p xml:id="en-p2" corresp="#zh-p2">', '<p xml:id="en-p2" corresp="#zh-p2 #zh-p7">')],
    # a name points at an entity that no list defines
    "dangling_ref": [(EN_P1_S1, '<s xml:id="en-p1-s1"><persName ref="#nobody">Party</persName> and mass cadres')],
    # a note reuses the id of a paragraph
    "duplicate_id": [(EN_P1_S1, '<s xml:id="en-p1-s1"><note xml:id="en-p2">A note.</note>Party and mass cadres')],
    # a sentence added to the translation but not to the alignment
    "unaligned_sentence": [
        ("production, integrating with the masses in production, and promptly discovering and addressing problems is "
         "a good way to closely connect with the masses.</s>",
         "production, integrating with the masses in production, and promptly discovering and addressing problems is "
         "a good way to closely connect with the masses.</s>\n          <s xml:id=\"en-p1-s2\">An added sentence.</s>"),
    ],
    # the English title is gone from the header
    "missing_english_title": [(EN_TITLE, "")],
    # an impossible date on a change
    "bad_when": [('<change type="conversion" who="#teiedit">', '<change type="conversion" who="#teiedit" when="2026-02-30">')],
    # a language used but not declared in langUsage
    "undeclared_language": [(EN_P1_S1, '<s xml:id="en-p1-s1"><foreign xml:lang="ru">Party</foreign> and mass cadres')],
    # an element the schema does not admit
    "unknown_element": [(EN_P1_S1, '<s xml:id="en-p1-s1"><highlight>Party</highlight> and mass cadres')],
    # an end tag is missing
    "not_well_formed": [(EN_P2_S1, EN_P2_S1[: -len("</s>")])],
    # a sentence with no text
    "empty_s": [(EN_P2_S1, '<s xml:id="en-p2-s1"> </s>')],
    # a paragraph with no sentence
    "empty_p": [
        ('<p xml:id="en-p2" corresp="#zh-p2">', '<p xml:id="en-p1b" corresp="#zh-p1"/>\n        <p xml:id="en-p2" corresp="#zh-p2">')
    ],
    # links pairing Chinese with Chinese and English with English
    "link_zh_with_zh": [
        (LINK_1, '<link type="2-0" target="#zh-p1-s1 #zh-p2-s1"/>'),
        (LINK_2, '<link type="0-2" target="#en-p1-s1 #en-p2-s1"/>'),
    ],
    # a link whose type does not match its targets
    "link_type_mismatch": [(LINK_1, '<link type="2-1" target="#zh-p1-s1 #en-p1-s1"/>')],
    # a link that lists the English sentence first
    "link_order": [(LINK_1, '<link type="1-1" target="#en-p1-s1 #zh-p1-s1"/>')],
    # a certainty that is not a probability
    "cert_out_of_range": [(LINK_1, '<link type="1-1" target="#zh-p1-s1 #en-p1-s1" cert="1.5"/>')],
    # the source date in the header disagrees with the document id
    "source_date_mismatch": [
        ('<date when="1958-02-10" xml:lang="zh-Hans">1958年2月10日</date>',
         '<date when="1958-02-11" xml:lang="zh-Hans">1958年2月11日</date>')
    ],
    # an original paragraph no translation paragraph covers
    "uncovered_paragraph": [('<p xml:id="en-p3" corresp="#zh-p3">', '<p xml:id="en-p3" corresp="#zh-p2">')],
    # a translation paragraph pointing at a sentence instead of an original paragraph
    "corresp_not_original": [('<p xml:id="en-p1" corresp="#zh-p1">', '<p xml:id="en-p1" corresp="#zh-p1 #en-p2-s1">')],
    # a paragraph without its id
    "missing_p_id": [('<p xml:id="en-p4" corresp="#zh-p4">', '<p corresp="#zh-p4">')],
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, edits in CASES.items():
        text = SEED
        for old, new in edits:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        (OUT / f"{name}.xml").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
