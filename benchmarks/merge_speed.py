"""CPU time of the three-way merge of a re-conversion into a hand-edited TEI, per merged article.

    .venv/bin/python benchmarks/merge_speed.py [-n 40] [--runs 3] [--profile merge|convert]

The corpus: the seed article(s) plus N synthetic ones (`generate_corpus.generate`), each converted,
then edited as a scholar does (a note added, a link reviewed by a person declared in a new respStmt,
a name marked up), then its source corrected (one English word changed): the case issue 13 names.
Timed, in one process, best of `--runs`: the merge itself (`merge.merge_tei`, the aligner options
loaded once, as a build worker has them), and the whole `convert_file` of an edited article (parse,
segment, align, encode the new conversion, merge, validate the merged file, write it and its base),
against the conversion alone (`convert.tei_bytes`). CPU time, not wall time: the machine may be shared.
With --profile merge|convert, the top functions by own time (cProfile) of the merge or of convert_file.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from teiedit.basefile import read_base
from teiedit.config import EditionConfig
from teiedit.convert import aligner_options, convert_file, tei_bytes
from teiedit.merge import merge_tei
from teiedit.parse import parse_article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate

ROOT = Path(__file__).resolve().parent.parent
T = "http://www.tei-c.org/ns/1.0"
NS = {"t": T}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def edit_tei(path: Path) -> None:
    """What a scholar adds: a person in the header, one reviewed link, a note, a marked-up name."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    ts = root.find("t:teiHeader/t:fileDesc/t:titleStmt", NS)
    resp = etree.SubElement(ts, f"{{{T}}}respStmt")
    etree.SubElement(resp, f"{{{T}}}resp").text = "Alignment review"
    who = etree.SubElement(resp, f"{{{T}}}persName")
    who.text, _ = "J. Doe", who.set(XML_ID, "ed-jdoe")
    link = root.find("t:standOff/t:linkGrp/t:link", NS)
    link.set("resp", "#ed-jdoe")
    link.attrib.pop("cert", None)
    s = root.find("t:text/t:body/t:div[@type='translation']//t:s", NS)
    note = etree.SubElement(s.getparent(), f"{{{T}}}note")
    note.text = "Checked against the print."
    words = (s.text or "").split(" ", 1)
    if len(words) == 2:  # the first word as a name
        s.text = ""
        name = etree.Element(f"{{{T}}}name")
        name.text, name.tail = words[0], " " + words[1]
        s.insert(0, name)
    path.write_bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))


def correct_source(path: Path) -> None:
    """One English word changed in the source (before the separator): a typo fixed."""
    text = path.read_text("utf-8")
    english, rest = text.split("<hr />", 1)
    head, body = english.split("\n\n", 1)
    body, n = re.subn(r"\b(the)\b", "the very", body, count=1)
    if not n:
        body = body.replace(".", " indeed.", 1)
    path.write_text(head + "\n\n" + body + "<hr />" + rest, "utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=40, help="synthetic articles besides the seeds")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", choices=["merge", "convert"], help="profile the merge, or the whole convert_file")
    args = ap.parse_args(argv)
    config = EditionConfig()
    options = aligner_options(config)
    with tempfile.TemporaryDirectory(prefix="teiedit-merge-bench-") as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        seeds.mkdir()
        for s in sorted((ROOT / "seeds").glob("*.txt")):
            shutil.copy(s, seeds / s.name)
        generate(args.n, seeds, sorted((ROOT / "seeds").glob("*.txt")))
        sources = sorted(seeds.glob("*.txt"))
        cases = []
        for source in sources:
            target = convert_file(source, work / "tei", config).target
            assert target is not None
            edit_tei(target)
            correct_source(source)
            article, _ = parse_article(source)
            assert article is not None
            theirs = tei_bytes(article, config, options)
            cases.append((source, target, read_base(target), target.read_bytes(), theirs))
        sentences = sum(b.count(b"<s ") for *_, b in cases)

        def timed(fn) -> float:  # best CPU ms per article over the runs
            best = float("inf")
            for _ in range(args.runs):
                t0 = time.process_time()
                fn()
                best = min(best, time.process_time() - t0)
            return best / len(cases) * 1000

        def merges() -> None:
            for _, _, base, ours, theirs in cases:
                result = merge_tei(base, ours, theirs, options=options)
                assert not result.conflicts and result.changed

        def conversions() -> None:
            for source, *_ in cases:
                tei_bytes(parse_article(source)[0], config, options)

        def edited_converts() -> None:  # the whole convert of an edited article, from the same state
            for source, target, base, ours, _ in cases:
                target.write_bytes(ours)
                (target.parent / ".teiedit-base" / f"{target.name}.gz").write_bytes(__import__("gzip").compress(base))
                status = convert_file(source, work / "tei", config, merge_dir=work / "merge").status.name
                assert status == "MERGED", status

        merges()  # warm up (the validator is compiled on the first merged file, below)
        edited_converts()
        m, c, e = timed(merges), timed(conversions), timed(edited_converts)
        print(f"{len(cases)} edited articles ({sentences / len(cases):.0f} sentences each on average), best of {args.runs}:")
        print(f"  merge_tei                    {m:7.2f} ms CPU per article")
        print(f"  conversion alone (tei_bytes) {c:7.2f} ms")
        print(f"  convert_file of an edited article (conversion + merge + validation + writes) {e:7.2f} ms")
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            (merges if args.profile == "merge" else edited_converts)()
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
