"""Writes the scholarly-edited documents of tests/data/edited/ from the seed's TEI (committed).

Each edit is what a scholar typically adds in oXygen or VS Code: names, places, dates, notes,
corrections, blocks, entity lists, header statements, a reviewed link, re-aligned beads. tests/test_schema.py
checks the results against teiedit.rng + teiedit.sch AND TEI's tei_all.rng, and that they are what this
script writes from the committed seed TEI today (rerun it when the encoder changes the seed).

The Chinese division is written as the encoder writes it, with no white space between its elements (line
breaks fall inside the tags: `</s\n  ><s ...>`), so the edits there keep its text exactly the source's.
"""

import re
from pathlib import Path

from teiedit.schemaloc import relocate_schemas

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "tei" / "rmrb-1958-02-10-p05-3fc300c7573022ed.xml").read_text("utf-8")
OUT = ROOT / "tests" / "data" / "edited"



def edit(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        if text.count(old) != 1:
            raise ValueError(f"the seed TEI holds {text.count(old)} copies of {old!r}, not one")
        text = text.replace(old, new)
    return text


def link(seed: str, target: str) -> str:
    """The seed's alignment link for `target`, as written (its @cert is whatever the aligner gave)."""
    found = re.findall(rf'      <link [^>]*target="{target}"/>', seed)
    if len(found) != 1:
        raise ValueError(f"the seed TEI holds {len(found)} links with target {target!r}, not one")
    return found[0]


def reviewed(seed: str, target: str, resp: str, type_: str = "1-1", new_target: str | None = None) -> tuple[str, str]:
    """An edit that makes the aligner's link a person's: @resp names them, no @cert (README, Reviewing)."""
    return link(seed, target), f'      <link type="{type_}" resp="{resp}" target="{new_target or target}"/>'

COMMON_HEADER = [
    # a second responsibility statement, for the scholarly editor
    ("""          <name>teiedit</name>
        </respStmt>
      </titleStmt>""", """          <name>teiedit</name>
        </respStmt>
        <respStmt xml:id="resp-ed-chen">
          <resp>Proofreading and annotation</resp>
          <persName ref="#ed-chen">Chen Wei</persName>
        </respStmt>
      </titleStmt>"""),
    ("""    </revisionDesc>""", """      <change when="2026-03-02" who="#ed-chen" type="annotation">Marked names, places, organisations and dates; added notes.</change>
    </revisionDesc>"""),
]

def documents(seed: str = SEED) -> dict[str, bytes]:
    """File name -> the bytes this script writes for it (tests compare them with the committed files)."""
    return {name: relocate_schemas(text.encode("utf-8"), "../../../schema") for name, text in (
        ("edited_inline_markup.xml", inline_markup(seed)),
        ("edited_blocks_and_header.xml", blocks_and_header(seed)),
        ("edited_realignment.xml", realignment(seed)),
    )}


def inline_markup(seed: str) -> str:
    return edit(seed, [*COMMON_HEADER,
    ("""      <sourceDesc>""", """      <notesStmt>
        <note type="editorial">The translation was checked against the printed page; corrections are marked with choice.</note>
      </notesStmt>
      <sourceDesc>"""),
    ("""<s xml:id="zh-p1-s1">基层生产单位的党群干部参加劳动生产""", """<s xml:id="zh-p1-s1"><term ref="#term-cadre">基层生产单位的党群干部</term>参加劳动生产"""),
    ("""<s xml:id="zh-p3-s1">不久以前，上海有许多工厂""", """<s xml:id="zh-p3-s1"><date when="1958">不久以前</date>，<placeName ref="#place-shanghai">上海</placeName>有许多工厂"""),
    ("""<s xml:id="zh-p3-s4">但是，根据上海国棉二厂的经验""", """<pb n="5b"
          /><s xml:id="zh-p3-s4">但是，根据<orgName ref="#org-mill-2"><placeName ref="#place-shanghai">上海</placeName>国棉二厂</orgName><note type="editorial" place="foot">上海国营第二棉纺织厂的简称。</note>的经验"""),
    ("""<s xml:id="zh-p5-s1">党中央曾经指出：基层生产单位里基层组织脱离生产人员的数目，应限制在真正需要的范围内。</s""",
     """<s xml:id="zh-p5-s1"><orgName ref="#org-cc">党中央</orgName>曾经指出：<quote source="#bibl-cc-1956">基层生产单位里基层组织脱离生产人员的数目，应限制在真正需要的范围内。</quote></s"""),
    ("""<s xml:id="zh-p5-s2">某些中小企业的党、团、工会组织""", """<s xml:id="zh-p5-s2">某些<choice><abbr>中小</abbr><expan>中型和小型</expan></choice>企业的党、团、工会组织"""),
    ("""<s xml:id="en-p1-s1">Party and mass cadres in grassroots production units participating""",
     """<s xml:id="en-p1-s1"><term ref="#term-cadre">Party and mass cadres</term> in <hi rend="italic">grassroots</hi> production units participating"""),
    ("""<s xml:id="en-p2-s4">After some branch secretaries left production, the time for work was solved, but the bitterness of work increased.</s>""",
     """<s xml:id="en-p2-s4">After some branch secretaries left production, the time for work was solved, but the <choice><sic>bitterness</sic><corr resp="#ed-chen" cert="high">frustration</corr></choice> of work increased.</s>"""),
    ("""<s xml:id="en-p2-s7">As a result, bureaucracy and subjectivism arose""", """<s xml:id="en-p2-s7">As a result, <emph>bureaucracy</emph> and <foreign xml:lang="zh-Hans">主观主义</foreign> (subjectivism) arose"""),
    ("""<s xml:id="en-p3-s1">Not long ago, many factories in Shanghai launched""", """<s xml:id="en-p3-s1"><date when="1958">Not long ago</date>, <num value="12" type="cardinal">many</num> factories in <placeName ref="#place-shanghai">Shanghai</placeName> launched"""),
    ("""<s xml:id="en-p3-s3">Some also held a skeptical attitude, asking: In the past, when branch secretaries were not separated from production, they still did not do a good job; is it possible to not be full-time at all now?</s>""",
     """<s xml:id="en-p3-s3">Some also held a skeptical attitude, asking: <q type="spoken">In the past, when branch secretaries were not separated from production, they still did not do a good job; is it possible to not be full-time at all now?</q></s>"""),
    ("""according to the experience of Shanghai State-owned Cotton Mill No. 2,""", """according to the experience of <orgName ref="#org-mill-2"><placeName ref="#place-shanghai">Shanghai</placeName> State-owned Cotton Mill <abbr>No.</abbr> 2</orgName><ptr target="#zh-p3-s4" type="original"/>,"""),
    ("""<s xml:id="en-p3-s5">They were not familiar with the production situation in the past,""", """<lb/>
          <s xml:id="en-p3-s5">They were not familiar with the <unclear reason="faded">production</unclear> situation in the past,"""),
    ("""<s xml:id="en-p4-s4">Our country has many things that require""", """<milestone unit="column" n="2"/>
          <s xml:id="en-p4-s4">Our country has <measure type="count" quantity="3" unit="item">many things</measure> that require"""),
    ("""<s xml:id="en-p4-s7">Otherwise, it will only encourage bureaucracy.</s>""",
     """<s xml:id="en-p4-s7">Otherwise, it will only encourage <seg type="keyword">bureaucracy</seg><del rend="strikethrough">!</del><add place="inline">.</add></s>"""),
    ("""<s xml:id="en-p5-s1">The Party Central Committee has pointed out: The number of personnel separated from production in grassroots organizations in grassroots production units should be limited to the extent that is truly needed.</s>""",
     """<s xml:id="en-p5-s1">The <orgName ref="#org-cc">Party Central Committee</orgName> has pointed out: <quote source="#bibl-cc-1956">The number of personnel separated from production in grassroots organizations in grassroots production units should be limited to the extent that is <supplied reason="omitted">truly</supplied> needed.</quote><note type="editorial" target="#en-p5-s1">The instruction is quoted from <title level="m">Decisions of the Eighth Party Congress</title> (<ref target="https://example.org/eighth-congress">see</ref>).</note></s>
          <bibl xml:id="bibl-cc-1956"><title level="m">Resolution on the Political Report</title>, <date when="1956-09-27">27 September 1956</date>, <biblScope unit="page">12</biblScope></bibl>"""),
    ("""<s xml:id="en-p5-s4">The question is whether the enterprise leaders are determined""", """<s xml:id="en-p5-s4">The question is whether the <said who="#person-jing-yu" direct="false">enterprise leaders</said> are determined"""),
    ("""<s xml:id="en-p5-s3">According to the existing experience of some factories, it is""", """<s xml:id="en-p5-s3">According to the existing experience of <orig>some</orig> factories, it is <reg>entirely</reg> <gap reason="illegible" quantity="1" unit="word"/>"""),
    # the editor checked the first bead and confirmed it
    reviewed(seed, "#zh-p1-s1 #en-p1-s1", "#resp-ed-chen"),
    ("""    </linkGrp>
  </standOff>""", """    </linkGrp>
    <listPerson>
      <person xml:id="person-jing-yu">
        <persName xml:lang="zh-Hans">静宇</persName>
        <persName xml:lang="en">Jing Yu</persName>
        <note>Author of the article; otherwise unidentified.</note>
      </person>
      <person xml:id="ed-chen">
        <persName>Chen Wei</persName>
        <occupation>Editor of the edition</occupation>
      </person>
    </listPerson>
    <listPlace>
      <place xml:id="place-shanghai">
        <placeName xml:lang="zh-Hans">上海</placeName>
        <placeName xml:lang="en">Shanghai</placeName>
        <location>
          <geo>31.23 121.47</geo>
        </location>
        <idno type="geonames">1796236</idno>
      </place>
    </listPlace>
    <listOrg>
      <org xml:id="org-mill-2">
        <orgName xml:lang="zh-Hans">上海国棉二厂</orgName>
        <orgName xml:lang="en">Shanghai State-owned Cotton Mill No. 2</orgName>
      </org>
      <org xml:id="org-cc">
        <orgName xml:lang="zh-Hans">中共中央</orgName>
        <orgName xml:lang="en">Central Committee of the Communist Party of China</orgName>
        <note>Referred to as 党中央 in the text.</note>
      </org>
      <org xml:id="term-cadre" type="category">
        <orgName xml:lang="en">Party and mass cadres (党群干部)</orgName>
      </org>
    </listOrg>
  </standOff>"""),
])


EDITOR = [("""    </linkGrp>
  </standOff>""", """    </linkGrp>
    <listPerson>
      <person xml:id="ed-chen">
        <persName>Chen Wei</persName>
        <occupation>Editor of the edition</occupation>
      </person>
    </listPerson>
  </standOff>""")]


def blocks_and_header(seed: str) -> str:
    return edit(seed, [*COMMON_HEADER, *EDITOR,
    ("""      <sourceDesc>
        <biblStruct>""", """      <sourceDesc>
        <biblStruct type="article">"""),
    ("""          </monogr>
        </biblStruct>""", """          </monogr>
          <note>Read from a microfilm of the Beijing edition.</note>
        </biblStruct>"""),
    ("""</bibl>
      </sourceDesc>""", """</bibl>
        <bibl type="reprint"><author>静宇</author>, <title level="a">在生产中同群众打成一片</title>, in <title level="m">党的工作经验选编</title>, <pubPlace>北京</pubPlace>: <publisher>人民出版社</publisher>, <date when="1958-06">1958</date>.</bibl>
      </sourceDesc>"""),
    ("""    <encodingDesc>
      <appInfo>""", """    <encodingDesc>
      <projectDesc>
        <p>A bilingual edition of <title level="j">People's Daily</title> articles of 1958.</p>
      </projectDesc>
      <appInfo>"""),
    ("""      <editorialDecl>
        <normalization method="silent">""", """      <editorialDecl>
        <correction status="high" method="markup">
          <p>Errors of the translation are corrected with <hi>choice</hi>, <hi>sic</hi> and <hi>corr</hi>.</p>
        </correction>
        <normalization method="silent">"""),
    ("""    <profileDesc>
      <langUsage>""", """    <profileDesc>
      <abstract>
        <p>The article argues that grassroots cadres should work in production alongside the workers.</p>
      </abstract>
      <textClass>
        <keywords scheme="http://id.loc.gov/authorities/subjects">
          <term>cadres</term>
          <term xml:lang="zh-Hans">群众路线</term>
        </keywords>
      </textClass>
      <langUsage>"""),
    ("""<s xml:id="zh-p2-s7">于是，官僚主义、主观主义由此产生，群众对领导的意见也越来越多。</s
        ></p
        ><p xml:id=""", """<s xml:id="zh-p2-s7">于是，官僚主义、主观主义由此产生，群众对领导的意见也越来越多。</s
        ></p
        ><quote type="slogan"
          ><lg type="couplet"
            ><l>干部参加劳动，</l
            ><l>群众心情舒畅。</l
          ></lg
        ></quote
        ><pb n="6"
        /><p xml:id="""),
    ("""<s xml:id="zh-p5-s4">问题在于企业领导人员是否下决心采取革命的措施，让基层干部在生产中同群众打成一片。</s
        ></p""", """<s xml:id="zh-p5-s4">问题在于企业领导人员是否下决心采取革命的措施，让基层干部在生产中同群众打成一片。</s
        ></p
        ><figure type="photograph"
          ><head>国棉二厂车间</head
          ><graphic url="images/mill-2-workshop.jpg" mimeType="image/jpeg"
          /><figDesc>A workshop of <hi>Shanghai State-owned Cotton Mill No. 2</hi> (photograph printed beside the article).</figDesc
        ></figure"""),
    ("""          <s xml:id="en-p2-s7">As a result, bureaucracy and subjectivism arose, and the masses had more and more opinions about the leadership.</s>
        </p>""", """          <s xml:id="en-p2-s7">As a result, bureaucracy and subjectivism arose, and the masses had more and more opinions about the leadership.</s>
        </p>
        <quote type="slogan">
          <lg type="couplet">
            <l>When cadres take part in labour,</l>
            <l>the masses are at ease.</l>
          </lg>
        </quote>
        <note type="editorial">The couplet is printed in a box between the second and third paragraphs; it is not part of the translation supplied with the source.</note>"""),
    ("""          <s xml:id="en-p4-s7">Otherwise, it will only encourage bureaucracy.</s>
        </p>""", """          <s xml:id="en-p4-s7">Otherwise, it will only encourage bureaucracy.</s>
        </p>
        <list type="gloss">
          <label>党群干部</label>
          <item>Party and mass cadres: officials of the Party and of the mass organisations (trade union, youth league).</item>
          <label>脱产</label>
          <item>Released from production: working full time for an organisation, not on the shop floor.</item>
        </list>
        <table rows="3" cols="2">
          <head>Full-time cadres at Cotton Mill No. 2 (editor's summary)</head>
          <row role="label">
            <cell>Year</cell>
            <cell>Full-time branch secretaries</cell>
          </row>
          <row>
            <cell>1957</cell>
            <cell><num value="14">14</num></cell>
          </row>
          <row>
            <cell>1958</cell>
            <cell><num value="0">none</num></cell>
          </row>
        </table>
        <milestone unit="section" type="end-of-argument"/>"""),
])



def realignment(seed: str) -> str:
    """The editor re-pairs the beads of paragraphs four and five (2-1, 0-1, 1-0, 1-2 links): the links are
    theirs (@resp at the re-alignment's respStmt, no @cert), the gap anchors follow README's placement."""
    by = "#resp-realign"
    return edit(seed, [*COMMON_HEADER, *EDITOR,
    reviewed(seed, "#zh-p4-s4 #en-p4-s4", by, "2-1", "#zh-p4-s4 #zh-p4-s5 #en-p4-s4"),
    reviewed(seed, "#zh-p4-s5 #en-p4-s5", by, "0-1", "#zh-gap-en-p4-s5 #en-p4-s5"),
    reviewed(seed, "#zh-p5-s3 #en-p5-s3", by, "1-0", "#zh-p5-s3 #en-gap-zh-p5-s3"),
    reviewed(seed, "#zh-p5-s4 #en-p5-s4", by, "1-2", "#zh-p5-s4 #en-p5-s3 #en-p5-s4"),
    ("""<s xml:id="zh-p4-s6">""", """<anchor xml:id="zh-gap-en-p4-s5" type="alignment-gap"
          /><s xml:id="zh-p4-s6">"""),
    ("""          <s xml:id="en-p5-s3">""", """          <anchor xml:id="en-gap-zh-p5-s3" type="alignment-gap"/>
          <s xml:id="en-p5-s3">"""),
    ("""<p xml:id="en-p5" corresp="#zh-p5">""", """<p xml:id="en-p5" corresp="#zh-p4 #zh-p5">"""),
    ("""      </titleStmt>""", """        <editor role="proofreader" ref="#ed-chen">Chen Wei</editor>
      </titleStmt>
      <editionStmt>
        <edition>Second, re-aligned version (<date when="2026-03">March 2026</date>)</edition>
        <respStmt xml:id="resp-realign">
          <resp>Re-alignment of paragraphs four and five</resp>
          <persName ref="#ed-chen">Chen Wei</persName>
        </respStmt>
      </editionStmt>"""),
    ("""<s xml:id="en-p4-s5">""", """<note type="alignment">The two Chinese sentences are rendered as one English sentence.</note>
          <gap reason="omitted" extent="one sentence"/>
          <s xml:id="en-p4-s5">"""),
    ("""        <occupation>Editor of the edition</occupation>
      </person>
    </listPerson>
  </standOff>""", """        <occupation>Editor of the edition</occupation>
        <birth when="1980">1980</birth>
        <idno type="orcid">0000-0002-1825-0097</idno>
      </person>
    </listPerson>
  </standOff>"""),
])


def main() -> None:
    for name, data in documents().items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
