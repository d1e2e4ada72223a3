"""Each input variant of the format (tests/data/articles/, written by make_fixtures.py)."""

import pytest

from conftest import ARTICLES, SEED, fixture_generator
from teiedit.parse import parse_article
from teiedit.problems import Level


def parsed(name: str):
    article, problems = parse_article(ARTICLES / name)
    assert article is not None, [str(p) for p in problems]
    return article, problems


def test_the_article_fixtures_are_in_step_with_make_fixtures():
    """tests/data/articles/ is exactly what make_fixtures.py writes (else: rerun it)."""
    written = fixture_generator("make_fixtures").files()
    assert sorted(written) == sorted(p.name for p in ARTICLES.iterdir())
    for name, data in written.items():
        assert (ARTICLES / name).read_bytes() == data, f"stale articles/{name}: run tests/data/make_fixtures.py"


def test_seed_header_and_paragraphs():
    article, problems = parse_article(SEED)
    assert problems == []
    assert article.title_en == "Integrating with the Masses in Production"
    assert article.title_zh == "在生产中同群众打成一片"
    assert (article.authors_en, article.authors_zh) == (("Jing Yu",), ("静宇",))
    assert (article.date, article.page, article.section, article.column) == ("1958-02-10", "5", "", "")
    assert article.source_id == "3fc300c7573022ed"
    assert len(article.en) == len(article.zh) == 5
    assert article.zh[0].text.startswith("基层生产单位") and article.zh[0].line == 34
    assert article.en[0].text.startswith("Party and mass cadres") and article.en[0].line == 9


def test_crlf_bom_and_trailing_white_space_read_like_the_plain_file():
    plain, _ = parsed("accept_plain.txt")
    for name in ("accept_crlf_bom.txt", "accept_trailing_whitespace.txt"):
        other, problems = parsed(name)
        assert problems == []
        assert [p.text for p in other.en] == [p.text for p in plain.en]
        assert [p.text for p in other.zh] == [p.text for p in plain.zh]
        assert (other.title_en, other.title_zh, other.authors_zh) == (plain.title_en, plain.title_zh, plain.authors_zh)


@pytest.mark.parametrize("name", ["accept_no_author.txt", "accept_missing_author_header.txt"])
def test_no_author(name):
    article, problems = parsed(name)
    assert problems == []
    assert article.authors_en == () and article.authors_zh == ()
    assert article.subtitles_zh == ()
    assert len(article.zh) == 3


def test_several_authors():
    article, _ = parsed("accept_several_authors.txt")
    assert article.authors_en == ("Li Ming", "Zhang Hua")
    assert article.authors_zh == ("李明", "张华")


def test_section_and_column():
    article, _ = parsed("accept_section_column.txt")
    assert (article.page, article.section, article.column) == ("2", "农业", "农村通讯")


def test_subtitle():
    article, _ = parsed("accept_subtitle.txt")
    assert article.subtitles_zh == ("——保定通讯",)
    assert article.subtitles_en == ("A Report from Baoding",)
    assert article.authors_zh == ("李明",)
    assert next(p.text for p in article.zh).startswith("河北农民")


def test_paragraph_counts_may_differ():
    merged, _ = parsed("accept_merged_paragraphs.txt")
    split, _ = parsed("accept_split_paragraphs.txt")
    assert (len(merged.zh), len(merged.en)) == (3, 2)
    assert (len(split.zh), len(split.en)) == (3, 4)


def test_header_mismatch_warns_and_the_original_wins():
    article, problems = parsed("warn_header_mismatch.txt")
    assert (article.date, article.page) == ("1958-03-02", "2")
    assert {(p.code, p.line, p.level) for p in problems} == {
        ("date-mismatch", 3, Level.WARNING),
        ("page-mismatch", 4, Level.WARNING),
    }
    assert len(article.notes) == 2 and "1958-03-03" in article.notes[0]


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("reject_missing_translation.txt", "missing-translation", 11),
        ("reject_missing_original.txt", "missing-original", 17),
        ("reject_empty_body.txt", "empty-body", 30),
        ("reject_invalid_date.txt", "bad-date", 3),
        ("reject_not_utf8.txt", "not-utf8", 30),
    ],
)
def test_rejected_variants_name_file_line_and_code(name, code, line):
    article, problems = parse_article(ARTICLES / name)
    assert article is None
    errors = [p for p in problems if p.level == Level.ERROR]
    assert errors[0].code == code and errors[0].line == line
    assert str(errors[0]).startswith(f"{ARTICLES / name}:{line}")


def test_invalid_date_in_the_original_is_reported_at_its_line():
    _, problems = parse_article(ARTICLES / "reject_invalid_date.txt")
    assert ("bad-date", 24) in {(p.code, p.line) for p in problems}


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
def test_a_character_xml_forbids_is_a_located_error(tmp_path, char):
    lines = SEED.read_text("utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("\u3000\u3000Party"))
    lines[k] = lines[k][:5] + char + lines[k][5:]  # in the text
    lines[0] = lines[0] + char  # and in the header
    source = tmp_path / "000_3fc300c7573022ed.txt"
    source.write_text("\n".join(lines), "utf-8")
    article, problems = parse_article(source)
    assert article is None
    found = [(p.line, p.col, p.code, p.level) for p in problems]
    assert found == [(1, len(lines[0]), "bad-char", Level.ERROR), (k + 1, 6, "bad-char", Level.ERROR)]
    msg = f"{source}:{k + 1}:6: error: character U+{ord(char):04X} not allowed in XML [bad-char]"
    assert str(problems[1]) == msg


def test_a_byte_order_mark_before_original_is_removed_with_a_warning(tmp_path):
    text = SEED.read_text("utf-8").replace("\nOriginal:", "\n\ufeffOriginal:")
    source = tmp_path / "000_3fc300c7573022ed.txt"
    source.write_text(text, "utf-8")
    article, problems = parse_article(source)
    assert article is not None
    assert [p.code for p in problems] == ["stray-bom"]
    assert problems[0].level == Level.WARNING
