from teiedit.segment import split_en_sentences, split_zh_sentences


def test_zh_splits_after_end_marks_and_keeps_closing_quotes():
    assert split_zh_sentences("他说：“好！”然后走了。真的吗？") == ["他说：“好！”", "然后走了。", "真的吗？"]


def test_zh_does_not_split_on_semicolon():
    assert split_zh_sentences("过去迟缓；现在及时了。") == ["过去迟缓；现在及时了。"]


def test_zh_paragraph_end_ends_a_sentence_without_mark():
    assert split_zh_sentences("第一句。没有句号的结尾") == ["第一句。", "没有句号的结尾"]


def test_en_splits_before_capital_digit_or_quote():
    text = 'It rained. 10 men came. "Stop!" he said. He left! (Then) again? "Yes."'
    assert split_en_sentences(text) == [
        "It rained.",
        "10 men came.",
        '"Stop!" he said.',
        "He left!",
        "(Then) again?",
        '"Yes."',
    ]


def test_en_keeps_abbreviations_and_initials():
    text = "Mr. Smith met Dr. Li on Jan. 5 at No. 2 St. James. The U.S. delegation, e.g. Gen. Ma, left."
    assert split_en_sentences(text) == [
        "Mr. Smith met Dr. Li on Jan. 5 at No. 2 St. James.",
        "The U.S. delegation, e.g. Gen. Ma, left.",
    ]


def test_en_abbreviation_ends_a_sentence_before_a_sentence_opener():
    text = (
        "It was shown on the Sci-Fi Channel in the U.S. That material also got onto the website. "
        "The U.S. Postal Service ships it, and Acme Inc. The firm said so, in Jan. 1958 or on Main St. Then "
        "Mr. The Rock arrived, e.g. The Times."
    )
    assert split_en_sentences(text) == [
        "It was shown on the Sci-Fi Channel in the U.S.",
        "That material also got onto the website.",
        "The U.S. Postal Service ships it, and Acme Inc.",
        "The firm said so, in Jan. 1958 or on Main St.",
        "Then Mr. The Rock arrived, e.g. The Times.",
    ]


def test_en_does_not_split_before_lower_case():
    assert split_en_sentences("He said no. and then yes.") == ["He said no. and then yes."]


def test_no_character_is_lost():
    text = 'A first one.  A second one?   "A third!" Last'
    joined = "".join(split_en_sentences(text)).replace(" ", "")
    assert joined == text.replace(" ", "")
