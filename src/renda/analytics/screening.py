"""Screening (敏感词筛查): each congress's sensitive-word list, matched with Aho-Corasick.

Nothing is ever altered: a public submission is accepted as written and its matches are stored
(``ScreeningResult``) for staff to review; a publication whose public text matches is held until
staff confirm it (仍然公开), and both the hold and the confirmation are recorded and audited.
The matcher is ``pyahocorasick`` (one C automaton per congress, built once and rebuilt when the
list changes: a cheap count/last-change query tells every process when to rebuild).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

import ahocorasick
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of

from .models_screening import ScreeningResult, ScreeningSource, SensitiveWord, WordCategory

MAX_WORD = 50
CONFIRM_FIELD = "confirm_sensitive"


@dataclass(frozen=True)
class Match:
    word: str
    category: str
    start: int
    end: int

    @property
    def category_label(self) -> str:
        return str(WordCategory(self.category).label) if self.category in WordCategory.values else ""


# --- permission -------------------------------------------------------------------------------------------


def staff_congress_ids(actor: Any) -> list[int]:
    """The congresses whose list ``actor`` keeps: where they are congress staff."""
    return sorted(scope_of(actor).congress_ids_with(Role.STAFF))


def can_screen(actor: Any, congress_id: int) -> bool:
    return scope_of(actor).has_in(congress_id, Role.STAFF)


def ensure_can_screen(actor: Any, congress_id: int) -> None:
    if not can_screen(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以管理敏感词筛查。"))


# --- the matcher ------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case-folded with the same length (offsets into the folded text are offsets into ``text``)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class _Matcher:
    def __init__(self, words: list[tuple[str, str]]):
        self.automaton: Any = None
        if words:
            a = ahocorasick.Automaton()
            for word, category in words:
                key = _fold(word)
                if key:
                    a.add_word(key, (word, category))
            a.make_automaton()
            self.automaton = a

    def find(self, text: str) -> list[Match]:
        if self.automaton is None or not text:
            return []
        out = []
        # iter_long: leftmost-longest, never overlapping (so highlighting is unambiguous)
        for end, (word, category) in self.automaton.iter_long(_fold(text)):
            out.append(Match(word=word, category=category, start=end - len(word) + 1, end=end + 1))
        return out


_CACHE: dict[int, tuple[tuple[Any, ...], _Matcher]] = {}
_LOCK = threading.Lock()


def _stamp(congress_id: int) -> tuple[Any, ...]:
    agg = SensitiveWord.objects.filter(congress_id=congress_id).aggregate(n=Count("id"), at=Max("updated_at"))
    return (agg["n"], agg["at"])


def matcher_for(congress_id: int) -> _Matcher:
    """The congress's automaton: cached, rebuilt when a word was added, edited or (de)activated."""
    stamp = _stamp(congress_id)
    cached = _CACHE.get(congress_id)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    words = list(
        SensitiveWord.objects.filter(congress_id=congress_id, is_active=True).values_list("word", "category")
    )
    matcher = _Matcher(words)
    with _LOCK:
        _CACHE[congress_id] = (stamp, matcher)
    return matcher


def invalidate(congress_id: int) -> None:
    with _LOCK:
        _CACHE.pop(congress_id, None)


def screen_text(congress: Any, text: str) -> list[Match]:
    """Every match of the congress's active list in ``text`` (leftmost-longest, in order)."""
    congress_id = getattr(congress, "pk", congress)
    return matcher_for(congress_id).find(text or "")


def highlight(text: str, matches: list[dict[str, Any]] | list[Match]) -> SafeString:
    """``text`` escaped, each match wrapped in ``<mark>`` (with the category as a tooltip)."""
    spans = sorted(
        (
            (m["start"], m["end"], m.get("category", ""))
            if isinstance(m, dict)
            else (m.start, m.end, m.category)
        )
        for m in matches
    )
    out, pos = [], 0
    for start, end, category in spans:
        if start < pos or end > len(text):
            continue
        label = str(WordCategory(category).label) if category in WordCategory.values else ""
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="renda-sensitive" title="{escape(label)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped, only <mark> is added


# --- the word list ------------------------------------------------------------------------------------------


def _clean_word(word: Any) -> str:
    value = " ".join(str(word or "").split())
    if not value:
        raise ValidationFailed(_("请填写敏感词。"), field="word")
    if len(value) > MAX_WORD:
        raise ValidationFailed(_("敏感词不能超过%(n)s个字。") % {"n": MAX_WORD}, field="word")
    return value


def _clean_category(category: Any) -> str:
    value = str(category or "").strip()
    if value in WordCategory.values:
        return value
    for choice in WordCategory:
        if value == str(choice.label):
            return choice.value
    raise ValidationFailed(_("请从列表中选择类别。"), field="category")


def _word_state(w: SensitiveWord) -> dict[str, Any]:
    return {"word": w.word, "category": w.category, "note": w.note, "is_active": w.is_active}


def _clean_fields(word: str, category: str, note: str) -> tuple[str, str, str, dict[str, str]]:
    """The word, its category and note as stored, with every field's Chinese error (all at once)."""
    errors: dict[str, str] = {}
    try:
        word = _clean_word(word)
    except ValidationFailed as exc:
        errors["word"] = exc.message
    try:
        category = _clean_category(category)
    except ValidationFailed as exc:
        errors["category"] = exc.message
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = _("说明不能超过200个字。")
    return word, category, note, errors


def word_add(*, actor: Any, congress: Any, word: str, category: str, note: str = "") -> SensitiveWord:
    ensure_can_screen(actor, congress.pk)
    word, category, note, errors = _clean_fields(word, category, note)
    if not errors and SensitiveWord.objects.filter(congress=congress, word=word).exists():
        errors["word"] = _("该敏感词已在列表中。")
    if errors:
        first = next(iter(errors))
        raise ValidationFailed(errors[first], field=first, fields=errors)
    try:
        with transaction.atomic():
            w = SensitiveWord.objects.create(
                congress=congress, word=word, category=category, note=note, created_by=actor
            )
            record_event(
                actor=actor, action="screening.word_add", target=w, congress=congress, after=_word_state(w)
            )
    except IntegrityError:
        raise ValidationFailed(_("该敏感词已在列表中。"), field="word") from None
    invalidate(congress.pk)
    return w


def word_update(
    *, actor: Any, word_obj: SensitiveWord, word: str, category: str, note: str = "", is_active: bool = True
) -> SensitiveWord:
    ensure_can_screen(actor, word_obj.congress_id)
    word, category, note, errors = _clean_fields(word, category, note)
    if (
        "word" not in errors
        and SensitiveWord.objects.filter(congress_id=word_obj.congress_id, word=word)
        .exclude(pk=word_obj.pk)
        .exists()
    ):
        errors["word"] = _("该敏感词已在列表中。")
    if errors:
        first = next(iter(errors))
        raise ValidationFailed(errors[first], field=first, fields=errors)
    before = _word_state(word_obj)
    with transaction.atomic():
        word_obj.word, word_obj.category, word_obj.note, word_obj.is_active = (
            word,
            category,
            note,
            bool(is_active),
        )
        word_obj.save()
        after = _word_state(word_obj)
        if before != after:
            action = "screening.word_edit"
            if before["is_active"] and not after["is_active"]:
                action = "screening.word_deactivate"
            elif not before["is_active"] and after["is_active"]:
                action = "screening.word_activate"
            record_event(
                actor=actor,
                action=action,
                target=word_obj,
                congress=word_obj.congress,
                before=before,
                after=after,
            )
    invalidate(word_obj.congress_id)
    return word_obj


def word_set_active(*, actor: Any, word_obj: SensitiveWord, active: bool) -> SensitiveWord:
    return word_update(
        actor=actor,
        word_obj=word_obj,
        word=word_obj.word,
        category=word_obj.category,
        note=word_obj.note,
        is_active=active,
    )


@dataclass
class ImportRow:
    row: int
    word: str
    status: str  # "added" / "exists" / "reactivated" / "error"
    message: str = ""

    @property
    def status_label(self) -> str:
        return {
            "added": _("已添加"),
            "exists": _("已在列表中,未改动"),
            "reactivated": _("已重新启用"),
            "error": _("未导入"),
        }[self.status]


def _rows_from_file(upload: Any) -> list[tuple[int, list[str]]]:
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same error to the user
            raise ValidationFailed(_("无法读取该Excel文件,请检查文件格式。"), field="file") from None
        sheet = book.worksheets[0]
        rows = []
        for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v).strip() for v in values[:3]]
            rows.append((n, cells))
        book.close()
        return rows
    if name.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationFailed(_("无法识别文本文件的编码,请保存为UTF-8。"), field="file")
        rows = []
        for n, line in enumerate(text.splitlines(), start=1):
            parts = [p.strip() for p in line.replace("\t", ",").replace(",", ",").split(",")]
            rows.append((n, parts[:3]))
        return rows
    raise ValidationFailed(_("请上传.txt(每行一个词)或.xlsx文件。"), field="file")


def words_import(*, actor: Any, congress: Any, upload: Any, default_category: str) -> list[ImportRow]:
    """Import a list (词语[,类别[,说明]] per line or row): every row reported, nothing skipped silently."""
    ensure_can_screen(actor, congress.pk)
    default_category = _clean_category(default_category)
    rows = _rows_from_file(upload)
    report: list[ImportRow] = []
    existing = {w.word: w for w in SensitiveWord.objects.filter(congress=congress)}
    seen: set[str] = set()
    with transaction.atomic():
        for n, cells in rows:
            cells = cells + ["", "", ""]
            raw, raw_category, note = cells[0], cells[1], cells[2]
            if not raw.strip() or (n == 1 and raw.strip() in ("词语", "敏感词")):
                continue
            try:
                word = _clean_word(raw)
                category = _clean_category(raw_category) if raw_category else default_category
            except ValidationFailed as exc:
                report.append(ImportRow(n, raw[: MAX_WORD + 5], "error", exc.message))
                continue
            if word in seen:
                report.append(ImportRow(n, word, "error", _("与文件中前面的行重复。")))
                continue
            seen.add(word)
            old = existing.get(word)
            if old is not None and old.is_active:
                report.append(ImportRow(n, word, "exists"))
            elif old is not None:
                old.is_active = True
                old.save(update_fields=["is_active", "updated_at"])
                report.append(ImportRow(n, word, "reactivated"))
            else:
                SensitiveWord.objects.create(
                    congress=congress, word=word, category=category, note=note[:200], created_by=actor
                )
                report.append(ImportRow(n, word, "added"))
        counts = {
            s: sum(1 for r in report if r.status == s) for s in ("added", "reactivated", "exists", "error")
        }
        record_event(
            actor=actor,
            action="screening.import",
            target=None,
            congress=congress,
            after={"file": getattr(upload, "name", ""), **counts},
        )
    invalidate(congress.pk)
    return report


# --- results ------------------------------------------------------------------------------------------


def _store(
    *, congress: Any, target: Any, source: str, kind_label: str, title: str, texts: dict[str, str]
) -> ScreeningResult | None:
    """Screen ``texts``; store (or refresh) the result when anything matched. The target is untouched."""
    found = []
    for field, text in texts.items():
        for m in screen_text(congress, text):
            found.append(
                {"field": field, "word": m.word, "category": m.category, "start": m.start, "end": m.end}
            )
    ct = ContentType.objects.get_for_model(type(target))
    existing = ScreeningResult.objects.filter(content_type=ct, object_id=target.pk, source=source).first()
    if not found:
        return existing
    words = ",".join(dict.fromkeys(m["word"] for m in found))[:500]
    if existing is not None and existing.texts == texts and existing.matches == found:
        return existing
    result, _created = ScreeningResult.objects.update_or_create(
        content_type=ct,
        object_id=target.pk,
        source=source,
        defaults={
            "congress_id": getattr(congress, "pk", congress),
            "kind_label": str(kind_label)[:60],
            "title": (title or "")[:300],
            "texts": texts,
            "matches": found,
            "words": words,
            "categories": "," + ",".join(sorted({m["category"] for m in found})) + ",",
            "created_at": clock.now(),
            "reviewed_by": None,
            "reviewed_at": None,
            "review_note": "",
            "publish_confirmed": False,
        },
    )
    return result


def screen_submission(
    *, congress: Any, target: Any, kind_label: Any, title: str, texts: dict[str, str]
) -> None:
    """A public submission: accepted as written; its matches, if any, go to staff for review."""
    result = _store(
        congress=congress,
        target=target,
        source=ScreeningSource.SUBMISSION,
        kind_label=kind_label,
        title=title,
        texts=texts,
    )
    if result is not None and result.reviewed_at is None:
        record_event(
            actor=None,
            action="screening.flag",
            target=target,
            congress=congress,
            after={"words": result.words.split(",")},
        )


def _public_texts(case: Any) -> dict[str, str]:
    texts = {"title": case.title or "", "body": case.body or ""}
    for n, text in enumerate(case.replies.order_by("pk").values_list("text", flat=True), start=1):
        texts[f"reply{n}"] = text or ""
    return texts


def publication_held(case: Any) -> bool:
    """For automatic publication: whether the public text matches and no one has confirmed it yet.

    The hold is stored, so it appears on the 待复核 list; staff then publish with 仍然公开."""
    try:
        check_publication(actor=None, case=case, confirmed=False)
    except ValidationFailed:
        return True
    return False


def check_publication(*, actor: Any, case: Any, confirmed: bool = False) -> None:
    """Before a case goes to the portal: hold it when its public text matches, unless confirmed.

    Raises ``ValidationFailed`` on ``confirm_sensitive`` naming the words; with ``confirmed`` the
    publication goes on and the confirmation is recorded (who, when) and audited.
    """
    from renda.cases.policies import get_policy

    result = _store(
        congress=case.congress_id,
        target=case,
        source=ScreeningSource.PUBLICATION,
        kind_label=get_policy(case.kind).label,
        title=case.title,
        texts=_public_texts(case),
    )
    if result is None or not result.matches:
        return
    if result.publish_confirmed:
        return
    words = "、".join(result.words.split(","))
    if not confirmed:
        raise ValidationFailed(
            _("公开内容含敏感词:%(w)s,请修改或确认后再公开。") % {"w": words}, field=CONFIRM_FIELD
        )
    with transaction.atomic():
        result.publish_confirmed = True
        result.reviewed_by = actor
        result.reviewed_at = clock.now()
        result.review_note = _("确认仍然公开")
        result.save(update_fields=["publish_confirmed", "reviewed_by", "reviewed_at", "review_note"])
        record_event(
            actor=actor,
            action="screening.publish_confirm",
            target=case,
            congress=case.congress_id,
            after={"words": result.words.split(",")},
        )


def result_review(*, actor: Any, result_id: int, note: str = "") -> ScreeningResult:
    """已复核: staff read the flagged text; who and when are kept, the record itself is untouched."""
    result = ScreeningResult.objects.filter(pk=result_id).first()
    if result is None:
        raise NotFoundError(_("该筛查记录不存在。"))
    ensure_can_screen(actor, result.congress_id)
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationFailed(_("复核说明不能超过300个字。"), field="note")
    if result.reviewed_at is not None:
        return result
    with transaction.atomic():
        result.reviewed_by, result.reviewed_at, result.review_note = actor, clock.now(), note
        result.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record_event(
            actor=actor,
            action="screening.review",
            target=result,
            congress=result.congress_id,
            after={"words": result.words.split(","), "note": note},
        )
    return result


def result_url(result: ScreeningResult) -> str:
    from django.urls import reverse

    if result.content_type.app_label == "cases" and result.content_type.model == "case":
        return reverse("cases:detail", args=[result.object_id])
    return ""


def results_for(actor: Any, target: Any) -> list[ScreeningResult]:
    """The flags of one record, for its staff page (nothing for anyone else)."""
    ct = ContentType.objects.get_for_model(type(target))
    rows = list(
        ScreeningResult.objects.filter(content_type=ct, object_id=target.pk).select_related("reviewed_by")
    )
    return [r for r in rows if can_screen(actor, r.congress_id)]


def highlighted_fields(result: ScreeningResult) -> list[tuple[str, SafeString]]:
    """(field label, highlighted text) for each field that matched."""
    labels = {"title": _("标题"), "body": _("正文")}
    out = []
    for field, text in result.texts.items():
        ms = [m for m in result.matches if m.get("field") == field]
        if not ms:
            continue
        label = labels.get(field) or (
            _("答复%(n)s") % {"n": field[5:]} if field.startswith("reply") else field
        )
        out.append((str(label), highlight(text, ms)))
    return out


def public_matches(case: Any) -> list[Match]:
    """What the case's public text matches now (nothing stored: for the publish form's warning)."""
    out: list[Match] = []
    for text in _public_texts(case).values():
        out.extend(screen_text(case.congress_id, text))
    return out
