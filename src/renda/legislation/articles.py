"""Draft text cut into articles (第一条、第二条……) and the comparison of two versions article by article."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMERAL = "零〇一二两三四五六七八九十百"
ARTICLE_RE = re.compile(rf"^\s*第([{NUMERAL}]+)条[\s　]*")
CHAPTER_RE = re.compile(rf"^\s*第([{NUMERAL}]+)[章节][\s　]*\S*")


def chinese_to_int(text: str) -> int:
    """``"二十三"`` → 23, ``"一百零五"`` → 105, ``"十"`` → 10."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[ch]
    return total + current


def int_to_chinese(n: int) -> str:
    names = "零一二三四五六七八九"
    if n < 10:
        return names[n]
    if n < 20:
        return "十" + (names[n % 10] if n % 10 else "")
    if n < 100:
        return names[n // 10] + "十" + (names[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    out = names[hundreds] + "百"
    if rest == 0:
        return out
    if rest < 10:
        return out + "零" + names[rest]
    return out + (names[rest // 10] + "十" + (names[rest % 10] if rest % 10 else ""))


def heading_of(number: int) -> str:
    return f"第{int_to_chinese(number)}条"


@dataclass
class ParsedArticle:
    number: int
    heading: str
    chapter: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines).strip()


class ParseError(ValueError):
    pass


def parse_articles(text: str) -> list[ParsedArticle]:
    """Cut ``text`` at each line beginning 第X条; chapter lines (第X章) name the chapter of what follows.

    The numbers must run 1, 2, 3 … without gaps or repeats (else :class:`ParseError` says where).
    Text before the first article is article 0 (the title and preamble) when not empty."""
    articles: list[ParsedArticle] = []
    preamble = ParsedArticle(number=0, heading="")
    chapter = ""
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        m = ARTICLE_RE.match(line)
        if m:
            number = chinese_to_int(m.group(1))
            expected = len(articles) + 1
            if number != expected:
                raise ParseError(
                    f"第{int_to_chinese(expected)}条之后应为{heading_of(expected)},实为{m.group(0).strip()}"
                )
            art = ParsedArticle(number=number, heading=heading_of(number), chapter=chapter)
            rest = line[m.end() :].strip()
            if rest:
                art.lines.append(rest)
            articles.append(art)
            continue
        if CHAPTER_RE.match(line) and not ARTICLE_RE.match(line):
            chapter = line.strip()
            continue
        target = articles[-1] if articles else preamble
        if line.strip() or target.lines:
            target.lines.append(line.strip())
    if preamble.text:
        return [preamble, *articles]
    return articles


@dataclass
class ArticleChange:
    number: int
    heading: str
    kind: str  # "added", "removed", "changed", "same"
    old: str
    new: str

    @property
    def kind_label(self) -> str:
        return {"added": "新增", "removed": "删除", "changed": "修改", "same": "未改"}[self.kind]

    @property
    def inline(self) -> SafeString:
        return inline_diff(self.old, self.new)


def inline_diff(old: str, new: str) -> SafeString:
    """Character-level diff: deletions in ``<del>``, insertions in ``<ins>`` (text escaped)."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped


def compare(old: dict[int, tuple[str, str]], new: dict[int, tuple[str, str]]) -> list[ArticleChange]:
    """``{number: (heading, text)}`` of two versions → one row per article number in either."""
    rows = []
    for number in sorted(set(old) | set(new)):
        if number not in old:
            heading, text = new[number]
            rows.append(ArticleChange(number, heading or "序言", "added", "", text))
        elif number not in new:
            heading, text = old[number]
            rows.append(ArticleChange(number, heading or "序言", "removed", text, ""))
        else:
            heading, text = new[number]
            kind = "same" if old[number][1] == text else "changed"
            rows.append(ArticleChange(number, heading or "序言", kind, old[number][1], text))
    return rows
