"""Documents that exercise what teiedit's schema admits, for running through every output.

Deterministic (a seeded `random.Random`): each document is the seed article's TEI with a choice of the
header's optional and repeatable parts (respStmts with name, persName or orgName, one or several, and
one or two resp; no, one or several authors; editors; notesStmt; editionStmt), the standOff lists in
some order around the alignment linkGrp (listPerson, listPlace, listOrg, listBibl, a scholar's own
linkGrp), each name-like element (name, persName, orgName, placeName, rs) and notes and phrase markup
inside sentences, and 1-0 / 0-1 beads. `Variant.credits` and `Variant.texts` say what every output
must then show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SEED_TEI = ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml"
T = "http://www.tei-c.org/ns/1.0"
NS = {"t": T}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAME_LIKE = ("name", "persName", "orgName")
PHRASE = ("hi", "emph", "rs", "name", "persName", "placeName", "orgName", "term", "foreign", "seg")
PEOPLE = [f"{g} {f}" for f in ("Chen", "Li", "Zhang", "Wang", "Liu", "Zhao", "Sun", "Zhou") for g in ("Wei", "Na", "Min")]
ORGS = ["Institute of Modern History", "Press Archive Group", "Translation Bureau"]
ROLES = ["Proofreading", "Annotation", "Revision of the translation", "Encoding review"]


def _e(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{T}}}{tag}")
    for k, v in attrs.items():
        el.set(XML_LANG if k == "lang" else XML_ID if k == "id" else k, v)
    el.text = text
    return el


@dataclass
class Variant:
    name: str
    tree: etree._ElementTree
    credits: list[tuple[str, list[str]]] = field(default_factory=list)  # (role, names) of every respStmt
    authors: int = 1

    def bytes(self) -> bytes:
        return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8")


def _seed() -> etree._ElementTree:
    return etree.parse(str(SEED_TEI), etree.XMLParser(resolve_entities=False, no_network=True))


def _credits(title_stmt: etree._Element, rng: random.Random, people: list[str]) -> None:
    before = title_stmt.findall("t:respStmt", NS)[-1]
    for k in range(rng.randint(1, 3)):
        r = _e("respStmt", id=f"resp-extra-{k}")
        for role in rng.sample(ROLES, rng.randint(1, 2)):
            r.append(_e("resp", role))
        for n in range(rng.randint(1, 3)):
            kind = rng.choice(NAME_LIKE)
            who = rng.choice(ORGS) if kind == "orgName" else people.pop()
            r.append(_e(kind, who, id=f"agent-{k}-{n}"))
        before.addnext(r)
        before = r


def _authors(title_stmt: etree._Element, count: int, people: list[str]) -> None:
    for a in title_stmt.findall("t:author", NS):
        title_stmt.remove(a)
    anchor = title_stmt.findall("t:title", NS)[-1]
    for _ in range(count):
        who = people.pop()
        a = _e("author")
        a.append(_e("persName", who.replace(" ", ""), lang="zh-Hans"))
        a.append(_e("persName", who, lang="en"))
        anchor.addnext(a)
        anchor = a


def _stand_off(tree: etree._ElementTree, rng: random.Random) -> None:
    so = tree.find("t:standOff", NS)
    person = _e("listPerson")
    p = _e("person", id="person-jing-yu")
    p.append(_e("persName", "Jing Yu", lang="en"))
    person.append(p)
    place = _e("listPlace")
    pl = _e("place", id="place-shanghai")
    pl.append(_e("placeName", "Shanghai", lang="en"))
    place.append(pl)
    org = _e("listOrg")
    o = _e("org", id="org-mill")
    o.append(_e("orgName", "Shanghai No. 2 Cotton Mill", lang="en"))
    org.append(o)
    bibl = _e("listBibl")
    bibl.append(_e("bibl", "People's Daily, 10 February 1958, p. 5.", id="bibl-source"))
    own = _e("linkGrp", type="note-links")
    own.append(_e("link", type="see-also", target="#zh-p1-s1 #en-p1-s1"))
    parts = rng.sample([person, place, org, bibl, own], rng.randint(1, 5))
    before = rng.randint(0, len(parts))
    alignment = so.find("t:linkGrp[@type='alignment']", NS)
    for el in parts[:before]:
        alignment.addprevious(el)
    for el in reversed(parts[before:]):
        alignment.addnext(el)


def _phrases(tree: etree._ElementTree, rng: random.Random) -> None:
    """Wrap a word of some sentences in phrase markup (nested once), and give some a note."""
    sentences = tree.findall(".//t:body//t:s", NS)
    for s in rng.sample(sentences, min(12, len(sentences))):
        if len(s) or not s.text or len(s.text) < 6:
            continue
        text = s.text
        cut = rng.randint(1, len(text) // 2)
        tag = rng.choice(PHRASE)
        outer = _e(tag, text[cut : cut + 3])
        if rng.random() < 0.4:  # nested: hi inside it
            inner = _e("hi", outer.text, rend="italic")
            outer.text = None
            outer.append(inner)
        s.text = text[:cut]
        s.append(outer)
        outer.tail = text[cut + 3 :]
        if rng.random() < 0.5:
            note = _e("note", f"Editorial note on {s.get(XML_ID)}.", type="editorial")
            note.set("place", "foot")
            s.append(note)


def _one_sided_beads(tree: etree._ElementTree) -> None:
    """Split the last 1-1 bead into a 1-0 and a 0-1 bead, each side pointing at a gap anchor."""
    links = tree.findall(".//t:standOff/t:linkGrp[@type='alignment']/t:link[@type='1-1']", NS)
    link = links[-1]
    zh, en = link.get("target").split()
    zs = tree.xpath("//t:s[@xml:id = $i]", namespaces=NS, i=zh[1:])[0]
    es = tree.xpath("//t:s[@xml:id = $i]", namespaces=NS, i=en[1:])[0]
    gap_en = _e("anchor", id=f"gap-{en[1:]}", type="alignment-gap")
    gap_zh = _e("anchor", id=f"gap-{zh[1:]}", type="alignment-gap")
    es.addnext(gap_en)
    gap_en.tail, es.tail = es.tail, None
    zs.addprevious(gap_zh)
    link.set("type", "1-0")
    link.set("target", f"{zh} #{gap_en.get(XML_ID)}")
    other = _e("link", type="0-1", target=f"#{gap_zh.get(XML_ID)} {en}", cert="0.40")
    link.addnext(other)


def _header_extras(tree: etree._ElementTree, rng: random.Random, people: list[str]) -> None:
    fd = tree.find("t:teiHeader/t:fileDesc", NS)
    ts = fd.find("t:titleStmt", NS)
    if rng.random() < 0.5:
        ts.append(_e("editor", people.pop()))
    if rng.random() < 0.5:
        notes = _e("notesStmt")
        notes.append(_e("note", "Checked against the printed page."))
        fd.find("t:sourceDesc", NS).addprevious(notes)
    if rng.random() < 0.5:
        ed = _e("editionStmt")
        ed.append(_e("edition", "Second revised edition"))
        fd.find("t:publicationStmt", NS).addprevious(ed)


def variants(seed: int = 14, count: int = 6) -> list[Variant]:
    """`count` documents, each a different choice; the first three are the issue's shapes on their own."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        tree = _seed()
        people = PEOPLE[:]
        rng.shuffle(people)
        root = tree.getroot()
        doc_id = root.get(XML_ID)
        ts = tree.find("t:teiHeader/t:fileDesc/t:titleStmt", NS)
        authors = [0, 2, 1][k % 3] if k < 3 else rng.randint(0, 3)
        _authors(ts, authors, people)
        _credits(ts, rng, people)
        if k == 0:  # the first crash of the issue: a second name in the teiedit respStmt
            ts.findall("t:respStmt", NS)[1].append(_e("name", "The teiedit editors"))
        if k in (2, 4):  # a translator who is known (the seed's is not recorded): one person, or two
            translation = ts.findall("t:respStmt", NS)[0]
            for unknown in translation.findall("t:name[@type='unknown']", NS):
                translation.remove(unknown)
            for _n in range(k // 2):
                translation.append(_e("persName", people.pop()))
        _stand_off(tree, rng)
        _phrases(tree, rng)
        if k % 2 == 1:
            _one_sided_beads(tree)
        _header_extras(tree, rng, people)
        credits = [  # (role, the names credited: a name[@type='unknown'] credits nobody)
            ("; ".join(r.findtext("t:resp", "", NS) for _ in [0]), [" ".join("".join(n.itertext()).split()) for n in r
                                                                  if etree.QName(n).localname in NAME_LIKE
                                                                  and n.get("type") != "unknown"])
            for r in ts.findall("t:respStmt", NS)
        ]  # fmt: skip
        root.set(XML_ID, doc_id)
        out.append(Variant(f"admissible-{k}", tree, credits, authors))
    return out


def write(folder: Path, seed: int = 14, count: int = 6) -> list[tuple[Path, Variant]]:
    """The variants as files of one folder (each keeps the seed's id: one folder per variant is safest
    for outputs named by id, so each goes into its own subfolder)."""
    written = []
    for v in variants(seed, count):
        sub = folder / v.name
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / SEED_TEI.name
        path.write_bytes(v.bytes())
        written.append((path, v))
    return written
