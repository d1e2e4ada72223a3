"""Writes tests/data/invalid/: the seed's TEI with ONE typical mistake each (committed).

tests/test_validate.py asserts, for each file, the exact problems (code, line, message) it must yield, and
that these files are what this script writes from the committed seed TEI today (rerun it when the encoder
changes the seed, then update the expected lines there).
"""

import re
from pathlib import Path

from teiedit.schemaloc import relocate_schemas

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


def element(seed: str, pattern: str) -> str:
    """The one element of the seed matching `pattern` (a regular expression), as written there: links and
    the conversion change are found by what identifies them, not by their @cert or @when, which a new
    aligner or year rewrites."""
    found = re.findall(pattern, seed)
    if len(found) != 1:
        raise ValueError(f"the seed TEI holds {len(found)} elements matching {pattern!r}, not one")
    return found[0]


def cases(seed: str) -> dict[str, list[tuple[str, str]]]:
    """Case name -> its (old, new) string edits of the seed; each old string must occur there once."""
    link_1 = element(seed, r'<link [^>]*target="#zh-p1-s1 #en-p1-s1"/>')
    link_2 = element(seed, r'<link [^>]*target="#zh-p2-s1 #en-p2-s1"/>')
    change = element(seed, r'<change type="conversion" who="#teiedit" when="[^"]*">')
    return {
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
        "bad_when": [(change, re.sub(r'when="[^"]*"', 'when="2026-02-30"', change))],
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
            (link_1, link_1.replace('type="1-1"', 'type="2-0"').replace("#zh-p1-s1 #en-p1-s1", "#zh-p1-s1 #zh-p2-s1")),
            (link_2, link_2.replace('type="1-1"', 'type="0-2"').replace("#zh-p2-s1 #en-p2-s1", "#en-p1-s1 #en-p2-s1")),
        ],
        # a link whose type does not match its targets
        "link_type_mismatch": [(link_1, link_1.replace('type="1-1"', 'type="2-1"'))],
        # a link that lists the English sentence first
        "link_order": [(link_1, link_1.replace("#zh-p1-s1 #en-p1-s1", "#en-p1-s1 #zh-p1-s1"))],
        # a certainty that is not a probability
        "cert_out_of_range": [(link_1, re.sub(r'cert="[^"]*"', 'cert="1.5"', link_1))],
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


def documents(seed: str = SEED) -> dict[str, bytes]:
    """File name -> the bytes this script writes for it (tests compare them with the committed files)."""
    out = {}
    for name, edits in cases(seed).items():
        text = seed
        for old, new in edits:
            if text.count(old) != 1:
                raise ValueError(f"{name}: the seed TEI holds {text.count(old)} copies of {old!r}, not one")
            text = text.replace(old, new)
        out[f"{name}.xml"] = relocate_schemas(text.encode("utf-8"), "../../../schema")  # opens with its schemas
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in documents().items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
