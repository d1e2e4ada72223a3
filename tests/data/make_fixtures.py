"""Writes the converter's input-variant fixtures (committed; tests/test_parse.py checks they are in step).

Each file shows one case of the input format that the converter accepts or rejects. The texts are
written for these tests, not taken from any source.
"""

from pathlib import Path

HERE = Path(__file__).parent / "articles"

EN_HEAD = "Title: Spring Ploughing Begins Early in Hebei\nAuthor: {author}\nDate: {date}\nPage: {page}\n\n"
EN_TITLE = "\u3000\u3000Spring Ploughing Begins Early in Hebei\n{subtitle}{author_line}\n"
EN_BODY = [
    "\u3000\u3000Farmers in Hebei began spring ploughing ten days earlier than last year. More than 3,000 "
    "cooperatives have joined the campaign.",
    '\u3000\u3000"We must not miss the season!" said Mr. Wang, the head of a cooperative. The county has '
    "repaired 1,200 water wheels.",
    "\u3000\u3000Each team now keeps a record of its work in the fields.",
]
ZH_BODY = [
    "    河北农民比去年提前十天开始春耕。已有三千多个合作社参加了这一运动。",
    "    “我们决不能误了农时！”合作社主任王同志说。全县已修好水车一千二百部。",
    "    现在每个小队都记下了自己在田间的工作。",
]


def article(
    author: str = "Li Ming",
    author_zh: str = "李明",
    date: str = "1958-03-02",
    page: str = "2",
    date_zh: str = "1958-03-02",
    page_zh: str = "第2版()",
    column: str = "专栏：",
    subtitle: str = "",
    subtitle_zh: str = "",
    en_body: list[str] | None = None,
    zh_body: list[str] | None = None,
    separator: str = "<hr /> \n\nOriginal: \n\n\n",
) -> str:
    en_body = EN_BODY if en_body is None else en_body
    zh_body = ZH_BODY if zh_body is None else zh_body
    text = EN_HEAD.format(author=author, date=date, page=page)
    text += EN_TITLE.format(
        subtitle=f"\u3000\u3000{subtitle}\n" if subtitle else "",
        author_line=f"\u3000\u3000{author}\n" if author else "",
    )
    text += "".join(p + "\n\n" for p in en_body) + "\n\n" + separator
    zh = ["### 河北春耕提前开始"]
    if subtitle_zh:
        zh.append(subtitle_zh)
    if author_zh:
        zh.append(author_zh)
    zh += [date_zh, page_zh, column, "", "\u3000\u3000河北春耕提前开始"]
    if subtitle_zh:
        zh.append("\u3000\u3000" + subtitle_zh)
    if author_zh:
        zh.append("\u3000\u3000" + author_zh)
    text += "\n".join(zh + zh_body) + "\n"
    return text


def files() -> dict[str, bytes]:
    """File name -> its bytes (tests/test_parse.py compares them with the committed files)."""
    return {
        "accept_plain.txt": article().encode(),
        "accept_crlf_bom.txt": b"\xef\xbb\xbf" + article().replace("\n", "\r\n").encode(),
        "accept_trailing_whitespace.txt": "".join(line + " \t\n" for line in article().split("\n")).encode(),
        "accept_no_author.txt": article(author="", author_zh="").encode(),
        "accept_missing_author_header.txt": article(author="", author_zh="").replace("Author: \n", "").encode(),
        "accept_several_authors.txt": article(author="Li Ming; Zhang Hua", author_zh="李明、张华").encode(),
        "accept_section_column.txt": article(page_zh="第2版(农业)", column="专栏：农村通讯").encode(),
        "accept_subtitle.txt": article(subtitle="A Report from Baoding", subtitle_zh="——保定通讯").encode(),
        "accept_merged_paragraphs.txt": article(
            en_body=[EN_BODY[0] + " " + EN_BODY[1].lstrip("\u3000"), EN_BODY[2]]
        ).encode(),
        "accept_split_paragraphs.txt": article(
            en_body=[
                "\u3000\u3000Farmers in Hebei began spring ploughing ten days earlier than last year.",
                "\u3000\u3000More than 3,000 cooperatives have joined the campaign.",
                *EN_BODY[1:],
            ]
        ).encode(),
        "warn_header_mismatch.txt": article(date="1958-03-03", page="3").encode(),
        "reject_missing_translation.txt": article(en_body=[]).encode(),
        "reject_missing_original.txt": article().split("<hr />")[0].encode(),
        "reject_empty_body.txt": article(zh_body=[]).encode(),
        "reject_invalid_date.txt": article(date="1958-02-30", date_zh="1958-02-30").encode(),
        "reject_not_utf8.txt": article().encode("utf-8").replace("河北农民".encode(), "河北农民".encode("gb18030")),
    }


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, data in files().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
