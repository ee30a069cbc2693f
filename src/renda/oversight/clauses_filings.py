"""The reviewer's help on a document's text: splitting it into articles, flagging the articles that
create penalties, licences, compulsory measures or fees or restrict citizens' rights (the rules are
data: ``ClauseRule`` rows, regular expressions), and comparing two versions article by article.
Also reading the text out of an uploaded .docx or .pdf."""

from __future__ import annotations

import difflib
import io
import logging
import re
from dataclasses import dataclass
from typing import Any

ARTICLE = re.compile(r"(?m)^\s*(第[一二三四五六七八九十百零〇\d]+条)")
MAX_FLAGS = 200


@dataclass(frozen=True)
class Article:
    label: str  # 第三条, or 序言 for what comes before the first article
    text: str


def split_articles(text: str) -> list[Article]:
    """The document's articles ("第N条 …"); a text without articles is split into paragraphs."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return []
    marks = list(ARTICLE.finditer(text))
    if not marks:
        paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
        return [Article(f"第{i}段", p) for i, p in enumerate(paras, start=1)]
    out: list[Article] = []
    head = text[: marks[0].start()].strip()
    if head:
        out.append(Article("序言", head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append(Article(m.group(1), text[m.start() : end].strip()))
    return out


# The default rules (the same list the migration seeds): put back if the table lost them (a flushed
# test database, a hand-cleaned table), so review never silently flags nothing.
DEFAULT_CLAUSE_RULES = [
    ("penalty-fine", "penalty", "设定罚款", r"(处|并处|可处)[^。;]{0,20}(罚款|罚金)"),
    (
        "penalty-revoke",
        "penalty",
        "吊销许可证照、责令停产停业",
        r"(吊销|暂扣)[^。;]{0,10}(许可证|执照|证照)|责令停产停业|责令关闭",
    ),
    ("penalty-confiscate", "penalty", "没收违法所得、非法财物", r"没收[^。;]{0,10}(违法所得|非法财物|工具)"),
    (
        "licence",
        "licence",
        "设定行政许可或审批",
        r"(须|应当|必须)[^。;]{0,20}(经|报)[^。;]{0,20}(批准|审批|许可|核准)|(许可证|审批)制度",
    ),
    ("compulsory-seize", "compulsory", "查封、扣押、冻结等强制措施", r"查封|扣押|冻结|强制(拆除|清除|执行)"),
    ("fee", "fee", "设定收费项目", r"(收取|缴纳|征收)[^。;]{0,20}(费|保证金|押金)"),
    (
        "rights-restrict",
        "rights",
        "限制公民权利",
        r"(不得|禁止|限制)[^。;]{0,20}(通行|居住|迁徙|经营|就业|入学|出行)|取消[^。;]{0,10}资格",
    ),
    (
        "rights-duty",
        "rights",
        "增加公民、法人义务",
        r"(公民|居民|群众|经营者|企业)[^。;]{0,20}(必须|应当)[^。;]{0,20}(缴纳|提供|承担|购买)",
    ),
]


def _ensure_defaults() -> None:
    from .models.filings import ClauseRule

    if ClauseRule.objects.filter(congress__isnull=True).exists():
        return
    for code, category, label, pattern in DEFAULT_CLAUSE_RULES:
        ClauseRule.objects.get_or_create(
            congress=None, code=code, defaults={"category": category, "label": label, "pattern": pattern}
        )


def rules_for(congress_id: int) -> list[Any]:
    """The active rules of a congress: the defaults and its own (its own code replaces a default)."""
    from .models.filings import ClauseRule

    _ensure_defaults()
    by_code: dict[str, Any] = {r.code: r for r in ClauseRule.objects.filter(congress__isnull=True)}
    by_code.update({r.code: r for r in ClauseRule.objects.filter(congress_id=congress_id)})
    return [r for r in by_code.values() if r.is_active]


@dataclass(frozen=True)
class Flag:
    rule_code: str
    category: str
    label: str
    article: str
    clause: str
    start: int
    end: int


def flag_text(text: str, rules: list[Any]) -> list[Flag]:
    """Every (article, rule) pair where the rule matches, with the first match's place in the article."""
    flags: list[Flag] = []
    compiled = []
    for rule in rules:
        try:
            compiled.append((rule, re.compile(rule.pattern)))
        except re.error:
            logging.getLogger("renda.oversight").warning("clause rule %s has a broken pattern", rule.code)
    for article in split_articles(text):
        for rule, pattern in compiled:
            m = pattern.search(article.text)
            if m and m.end() > m.start():
                flags.append(
                    Flag(
                        rule.code, rule.category, rule.label, article.label, article.text, m.start(), m.end()
                    )
                )
                if len(flags) >= MAX_FLAGS:
                    return flags
    return flags


def highlighted(flag: Any) -> tuple[str, str, str]:
    """(before, match, after) of a stored flag's clause, for the template to mark the match."""
    c = flag.clause
    return c[: flag.match_start], c[flag.match_start : flag.match_end], c[flag.match_end :]


# --- comparing versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleDiff:
    label: str
    change: str  # same, changed, added, removed
    old: str
    new: str
    segments: list[tuple[str, str]]  # (op, text): op in equal, insert, delete


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level changes, with a stray one- or two-character match inside a change folded into
    it (so "并处五千元以上……罚款" → "予以警告" reads as one replacement, not around a shared "以")."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chunks: list[list[str]] = []  # [kind, old text, new text]; kind "equal" or "change"
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        kind = "equal" if op == "equal" else "change"
        if chunks and chunks[-1][0] == kind == "change":
            chunks[-1][1] += old[a1:a2]
            chunks[-1][2] += new[b1:b2]
        else:
            chunks.append([kind, old[a1:a2], new[b1:b2]])
    merged: list[list[str]] = []
    i = 0
    while i < len(chunks):
        c = chunks[i]
        if (
            c[0] == "equal" and len(c[1]) <= 2 and merged and merged[-1][0] == "change"
            and i + 1 < len(chunks) and chunks[i + 1][0] == "change"
        ):  # fmt: skip
            nxt = chunks[i + 1]
            merged[-1][1] += c[1] + nxt[1]
            merged[-1][2] += c[2] + nxt[2]
            i += 2
            continue
        merged.append(list(c))
        i += 1
    out: list[tuple[str, str]] = []
    for kind, a, b in merged:
        if kind == "equal":
            out.append(("equal", a))
        else:
            if a:
                out.append(("delete", a))
            if b:
                out.append(("insert", b))
    return out


def compare(old_text: str, new_text: str) -> list[ArticleDiff]:
    """The two versions article by article: articles are paired by their text (difflib over the
    list of articles, so a new article in the middle does not make every later one "changed")."""
    old = split_articles(old_text)
    new = split_articles(new_text)

    def body(a: Article) -> str:
        return a.text[len(a.label) :].strip() if a.text.startswith(a.label) else a.text

    matcher = difflib.SequenceMatcher(None, [body(a) for a in old], [body(a) for a in new], autojunk=False)
    out: list[ArticleDiff] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(a1, a2), range(b1, b2), strict=True):
                out.append(
                    ArticleDiff(new[j].label, "same", old[i].text, new[j].text, [("equal", new[j].text)])
                )
            continue
        pairs = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for k in range(pairs):
            o, n = old[a1 + k], new[b1 + k]
            out.append(ArticleDiff(n.label, "changed", o.text, n.text, _segments(o.text, n.text)))
        for i in range(a1 + pairs, a2):
            out.append(ArticleDiff(old[i].label, "removed", old[i].text, "", [("delete", old[i].text)]))
        for j in range(b1 + pairs, b2):
            out.append(ArticleDiff(new[j].label, "added", "", new[j].text, [("insert", new[j].text)]))
    return out


# --- reading the text of an upload ------------------------------------------------------------------


def extract_text(upload: Any, ext: str) -> str:
    """The text of a checked .docx or .pdf ('' for images or when nothing can be read)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if ext == ".docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            return "\n".join(p.text for p in document.paragraphs if p.text.strip())
        if ext == ".pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            return "\n".join((page.extract_text() or "") for page in reader.pages).strip()
    except Exception:  # noqa: BLE001 - a file that passed the checks but yields no text
        return ""
    return ""
