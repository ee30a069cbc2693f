"""A small HTML sanitiser on the standard library's ``html.parser``: a whitelist of tags and attributes.

Everything not on the list is dropped (its text kept, except inside ``script``/``style`` and the like,
whose content is dropped too); text is re-escaped; links may only point to http(s), mailto or our own
paths; images only to our own paths (the content security policy allows nothing else anyway).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "span", "div",
}  # fmt: skip
VOID_TAGS = {"br", "img", "hr"}
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
MAX_DEPTH = 50


def _safe_url(value: str, *, images: bool) -> bool:
    v = "".join(ch for ch in value.strip() if ch > " ").lower()
    if images:
        return v.startswith("/") and not v.startswith("//")
    if v.startswith("/") and not v.startswith("//"):
        return True
    return v.startswith(("http://", "https://", "mailto:", "#"))


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        if tag not in VOID_TAGS and len(self.stack) >= MAX_DEPTH:
            return
        kept: list[str] = []
        allowed = ALLOWED_ATTRS.get(tag, set())
        for name, value in attrs:
            name = name.lower()
            if name not in allowed or value is None:
                continue
            if name in ("href", "src") and not _safe_url(value, images=name == "src"):
                continue
            if name in ("colspan", "rowspan", "width", "height") and not value.isdigit():
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a":
            kept.append(' rel="noopener noreferrer nofollow"')
        if tag == "img" and not any(k.startswith(" src=") for k in kept):
            return
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in DROP_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and self.stack and self.stack[-1] == tag.lower():
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def close_all(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def sanitize_html(value: str) -> str:
    """Return ``value`` with only the whitelisted tags and attributes (comments and doctypes dropped)."""
    parser = _Sanitizer()
    parser.feed(value.replace("\x00", ""))
    return parser.close_all().strip()


def plain_text(value: str) -> str:
    """The text of an HTML fragment (for summaries and search)."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.dropping = 0

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in DROP_CONTENT:
                self.dropping += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in DROP_CONTENT:
                self.dropping = max(0, self.dropping - 1)

        def handle_data(self, data: str) -> None:
            if not self.dropping:
                self.parts.append(data)

    p = _Text()
    p.feed(value)
    p.close()
    return " ".join(" ".join(p.parts).split())
