"""The portal's HTML sanitiser: nh3 (the binding of the Rust ``ammonia`` crate) with our allow-list.

ammonia parses with html5ever (the browser's parsing algorithm), keeps only the listed tags and
attributes, drops ``script``/``style`` and the like with their content, and re-serialises. On top
of its scheme check, every ``href``/``src`` goes through ``_safe_url``: images may only point to our
own paths, links to our own paths or to http(s)/mailto. "Our own path" means one ``/`` followed by
something that is neither ``/`` nor ``\\`` — browsers read ``//host`` and ``/\\host`` alike as
another origin.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "span", "div",
}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
DROP_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "textarea",
}
LINK_SCHEMES = {"http", "https", "mailto"}
NUMERIC_ATTRS = {"colspan", "rowspan", "width", "height"}
LINK_REL = "noopener noreferrer nofollow"

# What a browser removes from a URL before reading it (WHATWG URL: tab and newlines anywhere,
# C0 controls and spaces at both ends).
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))


def _same_origin_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url


def _safe_url(value: str, *, images: bool) -> bool:
    url = _URL_IGNORED.sub("", value).strip(_URL_EDGES)
    if _same_origin_path(url):
        return True
    if images:
        return False
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in LINK_SCHEMES or "\\" in url:
        return False
    if scheme.lower() == "mailto":
        return bool(rest)
    return rest.startswith("//") and len(rest) > 2 and rest[2] not in "/\\"


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src"):
        return value if _safe_url(value, images=attr == "src") else None
    if attr in NUMERIC_ATTRS:
        return value if value.isdigit() else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROP_CONTENT,
    attributes=ALLOWED_ATTRS,
    attribute_filter=_attribute_filter,
    url_schemes=LINK_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)
_TEXT = nh3.Cleaner(tags=set(), clean_content_tags=DROP_CONTENT, attributes={}, link_rel=None)


def sanitize_html(value: str) -> str:
    """Return ``value`` with only the allowed tags and attributes (comments and doctypes dropped)."""
    return _CLEANER.clean(value.replace("\x00", "")).strip()


def plain_text(value: str) -> str:
    """The text of an HTML fragment (for summaries and search); text of separate elements stays apart."""
    text = _TEXT.clean(value.replace("\x00", "").replace("<", " <"))
    return " ".join(html.unescape(text).split())
