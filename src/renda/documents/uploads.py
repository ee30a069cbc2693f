"""The one checker for every uploaded file: case attachments, deputies' activity evidence, portal
covers and attachments, and the Excel imports.

A file is accepted only when its extension is on the list *and* its whole structure is what the
extension promises:

- PDF: starts with ``%PDF-``, ends with ``%%EOF`` (nothing hidden after it), parses with pypdf, has
  at least one page, and carries no JavaScript, launch actions or embedded files;
- Word / Excel (.docx / .xlsx): a zip archive with nothing before, between or after its entries,
  holding only the parts of an Office package (``[Content_Types].xml``, ``_rels/``, ``docProps/``,
  ``customXml/`` and the ``word/`` or ``xl/`` parts: XML, relationships, pictures, fonts, printer
  settings), no macros, ActiveX or embedded OLE objects (an embedded chart workbook must pass this
  same check), not too large once unpacked, and it opens with python-docx / openpyxl;
- legacy .doc / .xls (OLE compound files) cannot be validated beyond their container, so they are
  refused with a message asking for .docx / .xlsx;
- images (PNG, JPEG, GIF): Pillow reads them as the format the extension names, ``verify()`` and a
  full ``load()`` succeed, the pixel count and frame count are bounded (decompression bombs), and a
  PNG or GIF has nothing after its end marker.

Every refusal is a ``ValidationFailed`` naming the field, with a Chinese message. ``UploadField``
runs the same check in a form, so the message appears next to the field.

Files are stored under random names (``random_name``); the original name stays in a model field
for display and for the download's ``Content-Disposition``.
"""

from __future__ import annotations

import io
import logging
import os
import posixpath
import re
import secrets
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.errors import ValidationFailed

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# extension → content type of everything we accept.
ALLOWED_TYPES: dict[str, str] = {
    ".pdf": PDF_TYPE,
    ".docx": DOCX_TYPE,
    ".xlsx": XLSX_TYPE,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
DOCUMENT_EXTENSIONS = frozenset(ALLOWED_TYPES)
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif"})
XLSX_ONLY = frozenset({".xlsx"})
LEGACY_OFFICE = frozenset({".doc", ".xls", ".ppt", ".docm", ".xlsm", ".dotm", ".xltm"})

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL = b"PK\x03\x04"
ZIP_EOCD = b"PK\x05\x06"

MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: any phone photo, not a decompression bomb
MAX_GIF_FRAMES = 300
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an Office package may unpack to at most 200 MB
MAX_RATIO = 500  # … and no part may inflate more than 500 times (zeros inflate ~1000 times)
MAX_PARTS = 5000

# The folder of the main parts and the main part of each Office package we accept.
OOXML_MAIN = {".docx": ("word/", "word/document.xml"), ".xlsx": ("xl/", "xl/workbook.xml")}
OOXML_COMMON_PREFIXES = ("_rels/", "docprops/", "customxml/")
OOXML_PART_EXTENSIONS = frozenset(
    {
        ".xml", ".rels", ".vml", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff",
        ".emf", ".wmf", ".svg", ".odttf", ".fntdata", ".ttf",
    }
)  # fmt: skip
OOXML_EMBEDDABLE = frozenset({".docx", ".xlsx"})
MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"vbadata", b"activex")


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the original file name, cleaned for display
    ext: str
    content_type: str
    size: int


def _refuse(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, field=field)


def clean_name(raw: str) -> str:
    """The original name for display: no folders, no control characters, at most 255 characters."""
    name = os.path.basename(str(raw).replace("\\", "/")).strip()
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name


def random_name(original: str) -> str:
    """A stored file name that cannot be guessed: 32 random hex digits and the (known) extension."""
    ext = os.path.splitext(str(original))[1].lower()
    return secrets.token_hex(16) + (ext if ext in ALLOWED_TYPES else "")


def content_type_for(name: str) -> str:
    return ALLOWED_TYPES.get(os.path.splitext(str(name))[1].lower(), "application/octet-stream")


def _read_all(upload: Any) -> bytes:
    upload.seek(0)
    if hasattr(upload, "chunks"):
        data = b"".join(upload.chunks())
    else:
        data = upload.read()
    upload.seek(0)
    if isinstance(data, str):  # pragma: no cover - text-mode file objects
        data = data.encode("utf-8")
    return data


def _allowed_text(allowed: Iterable[str]) -> str:
    allowed = set(allowed)
    if allowed == IMAGE_EXTENSIONS:
        return _("只能上传PNG、JPG或GIF图片。")
    if allowed == XLSX_ONLY:
        return _("请上传 .xlsx 格式的 Excel 文件。")
    return _("只能上传PDF、Word(.docx)、Excel(.xlsx)或图片(PNG、JPG、GIF)文件。")


# --- PDF -----------------------------------------------------------------------------------------


def _check_pdf(data: bytes, field: str) -> None:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject

    bad = _("无法读取文件,它已损坏或不是真正的PDF文件。")
    if not data.startswith(b"%PDF-"):
        raise _refuse(bad, field)
    if not data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        raise _refuse(bad, field)
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # a damaged file is our message, not a log line
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _refuse(_("该PDF文件设有打开密码,无法检查其内容,请取消密码后再上传。"), field)
            pages = list(reader.pages)
            if not pages:
                raise _refuse(bad, field)
            root = reader.trailer["/Root"].get_object()
            names = root.get("/Names")
            names = names.get_object() if names is not None else {}
            if "/JavaScript" in names or "/JavaScript" in root or "/AA" in root:
                raise _refuse(_("该PDF文件含有脚本,无法上传。"), field)
            if "/EmbeddedFiles" in names or reader.attachments:
                raise _refuse(_("该PDF文件内嵌了其他文件,无法上传。"), field)

            def risky(action: Any) -> bool:
                if isinstance(action, IndirectObject):
                    action = action.get_object()
                return isinstance(action, DictionaryObject) and action.get("/S") in (
                    "/JavaScript",
                    "/Launch",
                    "/ImportData",
                )

            if risky(root.get("/OpenAction")):
                raise _refuse(_("该PDF文件含有脚本或启动程序的动作,无法上传。"), field)
            for page in pages:
                if "/AA" in page:
                    raise _refuse(_("该PDF文件含有脚本或启动程序的动作,无法上传。"), field)
                for annot in page.get("/Annots") or []:
                    annot = annot.get_object()
                    if risky(annot.get("/A")) or "/AA" in annot or annot.get("/Subtype") == "/FileAttachment":
                        raise _refuse(_("该PDF文件含有脚本或启动程序的动作,无法上传。"), field)
    except ValidationFailed:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on broken input
        raise _refuse(bad, field) from None
    finally:
        pypdf_log.setLevel(level)


# --- Office Open XML -----------------------------------------------------------------------------


def _zip_is_tight(data: bytes, zf: zipfile.ZipFile) -> bool:
    """Nothing before the first entry, between entries, or after the end record (no hidden payload)."""
    if len(data) < 22 or data[-22:-18] != ZIP_EOCD or data[-2:] != b"\x00\x00":
        return False  # the end record must be the last 22 bytes: no comment, nothing appended
    infos = sorted(zf.infolist(), key=lambda i: i.header_offset)
    offset = 0
    for info in infos:
        if info.header_offset != offset:
            return False
        head = data[offset : offset + 30]
        if len(head) < 30 or head[:4] != ZIP_LOCAL:
            return False
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        offset += 30 + name_len + extra_len + info.compress_size
        if info.flag_bits & 0x08:  # a data descriptor follows, with or without its signature
            offset += 16 if data[offset : offset + 4] == b"PK\x07\x08" else 12
    cd_size, cd_offset = struct.unpack("<II", data[-10:-2])
    return offset == cd_offset and cd_offset + cd_size == len(data) - 22


def _check_ooxml(data: bytes, ext: str, field: str, *, depth: int = 0) -> None:
    bad = _("无法读取文件,它已损坏或不是真正的Word/Excel文件。")
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            _("该Office文件设有密码或是旧版格式,无法检查其内容,请取消密码并另存为 .docx/.xlsx 后再上传。"),
            field,
        )
    if not data.startswith(ZIP_LOCAL):
        raise _refuse(bad, field)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error):
        raise _refuse(bad, field) from None
    if not infos or len(infos) > MAX_PARTS or not _zip_is_tight(data, zf):
        raise _refuse(bad, field)
    folder, main = OOXML_MAIN[ext]
    present = {i.filename.lower() for i in infos}
    if "[content_types].xml" not in present or main not in present:
        raise _refuse(bad, field)  # not a package of the kind its extension names
    names: set[str] = set()
    total = 0
    for info in infos:
        raw = info.filename
        name = raw.lower()
        if raw.startswith("/") or "\\" in raw or ".." in raw.split("/") or name in names:
            raise _refuse(bad, field)
        names.add(name)
        if info.flag_bits & 0x01:
            raise _refuse(_("该Office文件设有密码,无法检查其内容,请取消密码后再上传。"), field)
        if info.is_dir():
            continue
        total += info.file_size
        if total > MAX_UNPACKED_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise _refuse(_("该文件解压后过大,无法上传。"), field)
        base = name.rsplit("/", 1)[-1]
        part_ext = "." + base.rsplit(".", 1)[-1] if "." in base else ""
        if "vbaproject" in base or "vbadata" in base or "/activex/" in f"/{name}":
            raise _refuse(_("该文件含有宏或控件,无法上传,请另存为不含宏的 .docx/.xlsx 文件。"), field)
        if name == "[content_types].xml":
            continue
        if not (name.startswith(OOXML_COMMON_PREFIXES) or name.startswith(folder)):
            raise _refuse(
                _("该文件含有不属于Word/Excel文档的内容(%(n)s),无法上传。") % {"n": raw[:80]}, field
            )
        if "/embeddings/" in f"/{name}":
            if part_ext not in OOXML_EMBEDDABLE or depth > 0:
                raise _refuse(_("该文件内嵌了其他程序或文件(%(n)s),无法上传。") % {"n": raw[:80]}, field)
            continue
        if part_ext == ".bin" and "/printersettings/" in f"/{name}":
            continue
        if part_ext not in OOXML_PART_EXTENSIONS:
            raise _refuse(
                _("该文件含有不属于Word/Excel文档的内容(%(n)s),无法上传。") % {"n": raw[:80]}, field
            )
    try:
        types = zf.read(next(i for i in infos if i.filename.lower() == "[content_types].xml")).lower()
        if any(m in types for m in MACRO_MARKERS):
            raise _refuse(_("该文件含有宏或控件,无法上传,请另存为不含宏的 .docx/.xlsx 文件。"), field)
        if zf.testzip() is not None:
            raise _refuse(bad, field)
        for info in infos:
            if "/embeddings/" in f"/{info.filename.lower()}":
                inner = os.path.splitext(info.filename.lower())[1]
                _check_ooxml(zf.read(info), inner, field, depth=depth + 1)
        if depth == 0:
            _open_office(data, ext)
    except ValidationFailed:
        raise
    except Exception:  # noqa: BLE001 - zipfile / lxml / openpyxl raise many kinds on broken input
        raise _refuse(bad, field) from None


def _open_office(data: bytes, ext: str) -> None:
    """The package opens in the library the project itself uses for that format."""
    if ext == ".docx":
        import docx

        docx.Document(io.BytesIO(data))
    else:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            if not wb.sheetnames:
                raise ValueError("no sheet")
        finally:
            wb.close()


# --- images --------------------------------------------------------------------------------------

IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}


def _check_image(data: bytes, ext: str, field: str) -> None:
    from PIL import Image, UnidentifiedImageError

    bad = _("无法读取图片,它已损坏或不是真正的%(f)s图片。") % {"f": IMAGE_FORMATS[ext]}
    if ext == ".png" and not data.endswith(b"IEND\xaeB`\x82"):
        raise _refuse(bad, field)
    if ext == ".gif" and not data.rstrip(b"\x00").endswith(b";"):
        raise _refuse(bad, field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[ext]]) as img:
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _refuse(_("图片尺寸过大(超过4000万像素),无法上传。"), field)
                if getattr(img, "n_frames", 1) > MAX_GIF_FRAMES:
                    raise _refuse(_("动图帧数过多,无法上传。"), field)
                img.verify()
            with Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[ext]]) as img:
                img.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("图片尺寸过大(超过4000万像素),无法上传。"), field) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, struct.error):
        raise _refuse(bad, field) from None


# --- the checker ---------------------------------------------------------------------------------


def check_file(
    upload: Any, *, max_mb: int, allowed: Iterable[str] = DOCUMENT_EXTENSIONS, field: str = "file"
) -> CheckedUpload:
    """Check one upload completely; return what was found or raise ``ValidationFailed``."""
    if upload is None or not getattr(upload, "name", ""):
        raise _refuse(_("请选择要上传的文件。"), field)
    allowed = frozenset(allowed)
    name = clean_name(upload.name)
    ext = os.path.splitext(name)[1].lower()
    if ext in LEGACY_OFFICE and ext not in allowed:
        raise _refuse(
            _(
                "不能上传旧版或含宏的Office文件(%(e)s),无法检查其内容是否安全;请在Word/WPS中另存为 .docx 或 .xlsx 后上传。"
            )
            % {"e": ext},
            field,
        )
    if ext not in allowed or ext not in ALLOWED_TYPES:
        raise _refuse(_allowed_text(allowed), field)
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise _refuse(_("文件为空。"), field)
    if size > max_mb * 1024 * 1024:
        raise _refuse(_("文件不能超过%(n)sMB。") % {"n": max_mb}, field)
    cached = getattr(upload, "_renda_checked", None)
    if isinstance(cached, CheckedUpload) and cached.ext == ext and cached.size == size:
        return cached  # the same upload object already passed the same checks in its form
    data = _read_all(upload)
    if len(data) != size or len(data) > max_mb * 1024 * 1024:
        raise _refuse(_("文件不能超过%(n)sMB。") % {"n": max_mb}, field)
    if ext == ".pdf":
        _check_pdf(data, field)
    elif ext in OOXML_MAIN:
        _check_ooxml(data, ext, field)
    else:
        _check_image(data, ext, field)
    checked = CheckedUpload(name=name, ext=ext, content_type=ALLOWED_TYPES[ext], size=size)
    try:
        upload._renda_checked = checked
    except AttributeError:  # pragma: no cover - objects without a __dict__
        pass
    return checked


def check_upload(
    upload: Any, max_mb: int, *, allowed: Iterable[str] = DOCUMENT_EXTENSIONS, field: str = "file"
) -> tuple[str, str]:
    """(original name, content type) of an upload that passed ``check_file``."""
    checked = check_file(upload, max_mb=max_mb, allowed=allowed, field=field)
    return checked.name, checked.content_type


class UploadField(forms.FileField):
    """A form's file field that runs the checker, so a refusal shows next to the field."""

    default_error_messages = {
        "required": gettext_lazy("请选择要上传的文件。"),
        "empty": gettext_lazy("文件为空。"),
        "invalid": gettext_lazy("没有收到文件,请重新选择。"),
    }

    def __init__(self, *, max_mb: int = 20, allowed: Iterable[str] = DOCUMENT_EXTENSIONS, **kwargs: Any):
        self.max_mb = max_mb
        self.allowed = frozenset(allowed)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            try:
                check_file(upload, max_mb=self.max_mb, allowed=self.allowed)
            except ValidationFailed as exc:
                raise forms.ValidationError(exc.message, code="bad_file") from None
        return upload


# --- showing a refusal next to a small upload form that answers with a redirect ------------------

UPLOAD_ERROR_KEY = "renda_upload_error"


def remember_upload_error(request: Any, where: str, message: str) -> None:
    """Keep a refusal for the page the upload form redirects back to (``where`` names that form)."""
    request.session[UPLOAD_ERROR_KEY] = {"where": where, "message": str(message)}


def pop_upload_error(request: Any, where: str) -> str:
    """The refusal kept for the form ``where``, once; an empty string when there is none."""
    kept = request.session.get(UPLOAD_ERROR_KEY)
    if not isinstance(kept, dict) or kept.get("where") != where:
        return ""
    request.session.pop(UPLOAD_ERROR_KEY, None)
    return str(kept.get("message", ""))


def mark_invalid(field: Any, message: str, error_id: str) -> None:
    """Give a bound form's file widget the invalid look and point it at its message."""
    if message:
        attrs = field.field.widget.attrs
        attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
        attrs["aria-describedby"] = error_id
        attrs["aria-invalid"] = "true"


# --- data migrations: files stored before random names -------------------------------------------

_RANDOM_BASE = re.compile(r"^[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")


def has_random_name(stored: str) -> bool:
    return bool(_RANDOM_BASE.match(posixpath.basename(stored or "")))


def rename_to_random(model: Any, field_name: str) -> int:
    """Move every stored file of ``model.<field_name>`` whose name is not random yet to a random
    name in the same folder (used by data migrations); returns how many were moved."""
    moved = 0
    for obj in model.objects.exclude(**{field_name: ""}).iterator():
        field_file = getattr(obj, field_name)
        old = field_file.name
        if not old or has_random_name(old):
            continue
        storage = field_file.storage
        if not storage.exists(old):
            continue  # nothing on disk to expose; the row keeps its (dead) name
        new = posixpath.join(posixpath.dirname(old), random_name(old))
        with storage.open(old, "rb") as fh:
            saved = storage.save(new, fh)
        model.objects.filter(pk=obj.pk).update(**{field_name: saved})
        storage.delete(old)
        moved += 1
    return moved
