"""The portal's sanitiser (nh3/ammonia with our allow-list and URL filter) against the usual tricks."""

from __future__ import annotations

import pytest

from renda.portal.sanitize import plain_text, sanitize_html


@pytest.mark.parametrize(
    "src",
    [
        "/\\evil.example/x.png",  # browsers read /\ as // (another origin)
        "/&#92;evil.example/x.png",  # the same, written as a character reference
        "/\t/evil.example/x.png",  # tab is removed by the browser: //evil.example
        "//evil.example/x.png",
        "\\\\evil.example/x.png",
        "https://evil.example/x.png",  # images only from our own paths
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "x.png",
    ],
)
def test_image_sources_other_than_our_own_paths_are_dropped(src):
    clean = sanitize_html(f'<p><img src="{src}" alt="图"></p>')
    assert "src=" not in clean and "evil" not in clean and "javascript" not in clean


@pytest.mark.parametrize(
    "href",
    [
        "/\\evil.example/",
        "/&#92;evil.example/",
        "//evil.example/",
        "/\n/evil.example/",
        "javascript:alert(1)",
        " JaVa&#x09;ScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "https:/\\evil.example/",
        "https:evil.example",
    ],
)
def test_dangerous_links_lose_their_href(href):
    clean = sanitize_html(f'<a href="{href}">链接</a>')
    assert clean == '<a rel="noopener noreferrer nofollow">链接</a>'


def test_allowed_links_and_images_stay():
    assert (
        sanitize_html('<img src="/media/portal/a.png" alt="图">')
        == '<img src="/media/portal/a.png" alt="图">'
    )
    assert (
        sanitize_html('<a href="https://www.npc.gov.cn/" title="全国人大">好</a>')
        == '<a href="https://www.npc.gov.cn/" title="全国人大" rel="noopener noreferrer nofollow">好</a>'
    )
    assert 'href="/portal/news/"' in sanitize_html('<a href="/portal/news/">新闻</a>')
    assert 'href="mailto:rd@example.cn"' in sanitize_html('<a href="mailto:rd@example.cn">来信</a>')


def test_event_handlers_scripts_and_styles_are_removed():
    dirty = (
        '<p onclick="alert(1)" onmouseover="alert(2)" style="background:url(javascript:alert(3))">正文</p>'
        '<img src="/a.png" onerror="alert(4)">'
        "<script>alert(5)</script><style>body{display:none}</style>"
        '<svg onload="alert(6)"><circle/></svg><math><mi>x</mi></math>'
        '<iframe src="/x"></iframe><object data="/x"></object><noscript><p>x</p></noscript>'
        '<div><form action="/x"><input name="q"><button>提交</button></form></div>'
    )
    clean = sanitize_html(dirty)
    assert clean == '<p>正文</p><img src="/a.png"><div>提交</div>'


def test_structure_is_repaired_and_text_escaped():
    assert sanitize_html("<p><b>未闭合") == "<p><b>未闭合</b></p>"
    assert sanitize_html("&lt;script&gt;<unknown>文字</unknown>") == "&lt;script&gt;文字"
    assert sanitize_html("<table><tr><td colspan=2 rowspan=x>格</td></tr></table>") == (
        '<table><tbody><tr><td colspan="2">格</td></tr></tbody></table>'
    )
    assert sanitize_html("<p>a</p><!-- 注释 -->") == "<p>a</p>"


def test_plain_text():
    assert plain_text("<p>甲 &amp; 乙<script>x()</script></p><p>丙</p>") == "甲 & 乙 丙"
