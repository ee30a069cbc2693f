"""Every main page, as each role sees it, on a desktop (1280 px) and on a phone (390 px).

Each demo role signs in once; the pages are its navigation's entries plus the main pages reached
from them (a suggestion, a deputy, a station, an opinion, the deputies' tabs …), and for the
public the portal's pages. On each page, at both widths, the test checks:

* nothing is wider than the screen (``document.documentElement.scrollWidth`` against the
  viewport's width — not ``innerWidth``, which a phone browser widens to fit an overflowing page);
* no text is squeezed to one or two characters per line;
* the page is of a reasonable height on a phone;
* no console error, no failed request (HTTP ≥ 400) for the page or anything it loads;
* no raw code (``case.create``), ``None``, ``True``/``False`` or ``{'`` in the visible text;
* no English word outside a short allow-list of brand names and units.

Screenshots go to ``test-results/every-page/`` (git-ignored): ``<role>-<page>-desktop.png`` and
``…-phone.png`` (full page); ``problems.txt`` there lists what failed. One browser, one context per role and width, one demo load.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.demo import DEMO_AS_OF
from renda.demo.accounts import ACCOUNTS, STATION_OF_KEEPER

from .test_foundation import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock(DEMO_AS_OF)]

SHOTS = Path(settings.BASE_DIR) / "test-results" / "every-page"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# A phone page taller than this is a list that should paginate or collapse.
MAX_PHONE_HEIGHT = 16000

ROLES = [
    "staff",
    "leader",
    "deputy",
    "unitclerk",
    "unitleader",
    "keeper",
    "sysadmin",
    "secadmin",
    "auditadmin",
]

# Pages reached from the navigation: the first link on any visited page whose path matches one of
# these is visited too (once per pattern and role), as a newcomer clicking around would.
FOLLOW = [
    r"^/cases/\d+/$",
    r"^/cases/\d+/do/[a-z_]+/$",  # a step's form without JavaScript (the buttons' links)
    *(rf"^/suggestions/{tab}/$" for tab in ["review", "invitations", "key", "requests"]),
    r"^/deputies/\d+/$",
    *(
        rf"^/deputies/{tab}/$"
        for tab in ["composition", "activities", "ranking", "checks", "verify", "meeting-requests"]
    ),
    r"^/deputies/activities/\d+/$",
    r"^/liaison/stations/\d+/$",
    r"^/liaison/(days|receptions|my-duty)/$",
    r"^/users/\d+/$",
    r"^/audit/\d+/$",
    r"^/portal/editor/\d+/$",
    r"^/security/(users/\d+|policy|lockouts)/$",
    r"^/notifications/$",
    r"^/meetings/\d+/$",
    # the detail pages of the oversight, legislation, livelihood, tasks, budget and compliance work
    r"^/oversight/(opinions|plans|inspections|evaluations|rectifications|filings|appointments|reports)/\d+/$",
    r"^/legislation/projects/\d+/$",
    r"^/livelihood/\d+/$",
    r"^/tasks/\d+/$",
    r"^/compliance/rules/[A-Z0-9]+/$",
    r"^/budget/departments/\d+/$",
    r"^/dashboard/$",
]
PUBLIC_START = [
    "/portal/",
    "/liaison/opinion/",
    "/liaison/track/",
    "/liaison/public/stations/",
    "/meetings/public/",
    "/livelihood/public/",
    "/legislation/public/",
    "/elections/public/",
    "/oversight/resolutions/public/",
    "/oversight/filings/library/",
    "/search/",
]
PUBLIC_FOLLOW = [
    r"^/portal/(c/\d+/)?channel/[\w-]+/$",
    r"^/portal/(c/\d+/)?articles/\d+/$",
    r"^/portal/(c/\d+/)?deputies/$",
    r"^/portal/(c/\d+/)?deputies/\d+/$",
    r"^/portal/(c/\d+/)?suggestions/$",
    r"^/portal/(c/\d+/)?suggestions/\d+/$",
    r"^/portal/(c/\d+/)?reports/$",
    r"^/portal/(c/\d+/)?stations/$",
    r"^/portal/(c/\d+/)?congresses/$",
    r"^/portal/(c/\d+/)?open-data/$",
    r"^/liaison/public/stations/\d+/$",
    r"^/meetings/public/\d+/$",
]
MAX_PAGES_PER_ROLE = 40
# Visited for every role that reaches them; the other patterns once, by the first role.
MAIN_DETAILS = {
    r"^/cases/\d+/$",
    r"^/deputies/\d+/$",
    r"^/liaison/stations/\d+/$",
}

# Words of the interface that may be in Latin letters: brand names, formats, units, standards.
ENGLISH_OK = {
    "renda",
    "pdf",
    "excel",
    "word",
    "wps",
    "csv",
    "json",
    "xlsx",
    "docx",
    "api",
    "url",
    "http",
    "https",
    "id",
    "sms",
    "qr",
    "totp",
    "ip",
    "popolo",
    "openapi",
    "token",
    "png",
    "jpg",
    "svg",
    "zip",
    "utf",
    "bom",
}
FILE_SUFFIXES = {
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "csv",
    "json",
    "png",
    "jpg",
    "jpeg",
    "svg",
    "zip",
    "txt",
}

# Problems another engineer is fixing at the same time (the lead removes an entry after merging
# that fix). Each entry: (path regex, problem regex, the issue item).
KNOWN_ELSEWHERE: list[tuple[str, str, str]] = [
    # (path pattern, problem pattern, the issue item fixing it): findings another change is fixing.
    # Empty: the audit viewer, the case timeline and the portal report were fixed in the same batch.
]

CODE = re.compile(r"(?<![\w@/.:-])([a-z_]+\.[a-z_]+(?:#\d+)?)(?![\w/-])")
HEX = re.compile(r"\b[0-9a-f]{8,}(…|\.\.\.)?")  # a hash or the start of one
RAW = [
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\b(True|False)\b"), "True/False"),
    (re.compile(r"\{'"), "{'"),
    (re.compile(r"-{9}"), "Django 的默认空选项 ---------"),
]
# Latin-letter tokens; those with digits are reference numbers (JY2026-0001) and pass.
WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9_-]*")
PHRASES_OK = ["CC BY"]  # the open-data licence

# The interface's text: visible text nodes, plus the placeholders, titles and labels a user or a
# screen reader meets, leaving out what is data in Latin letters by nature: <code> and elements
# marked translate="no" (user names, tracking codes). Hashes are dropped by HEX below.
TEXT_JS = """() => {
  const skip = 'script, style, noscript, template, code, kbd, samp, pre, [translate="no"]';
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    const t = n.textContent.trim();
    if (!t || !el || el.closest(skip) || !el.checkVisibility()) continue;
    parts.push(t);
  }
  for (const select of document.querySelectorAll('select')) {
    if (!select.closest(skip) && select.checkVisibility()) {
      for (const option of select.options) parts.push(option.textContent.trim());
    }
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (el.closest(skip)) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) {
      const v = (el.getAttribute(a) || '').trim();
      if (v) parts.push(v);
    }
  }
  return parts.join('\\n');
}"""

# The active tab of a tab bar that scrolls sideways must be in sight.
HIDDEN_TAB_JS = """() => [...document.querySelectorAll('.nav-tabs .nav-link.active, .nav-pills .nav-link.active')]
  .filter(a => { const bar = a.closest('.nav'); const r = a.getBoundingClientRect(), b = bar.getBoundingClientRect();
    return a.checkVisibility() && (r.left < b.left - 1 || r.right > b.right + 1); })
  .map(a => a.textContent.trim())"""

SQUEEZED_JS = """() => {
  const out = [];
  const root = document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let n;
  while ((n = walker.nextNode())) {
    const text = n.textContent.replace(/\\s+/g, '');
    if (text.length < 3) continue;
    const el = n.parentElement;
    if (!el || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'absolute' && el.offsetWidth <= 1) continue;
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    const lines = new Set(rects.map(r => Math.round(r.top)));
    if (lines.size < 3) continue;
    const fs = parseFloat(style.fontSize);
    if (rects.every(r => r.width < fs * 2.6)) out.push(text.slice(0, 24));
  }
  return out.slice(0, 5);
}"""


TIMES = {"goto": 0.0, "check": 0.0, "shot": 0.0, "demo": 0.0, "links": 0.0}


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    pages: int = 0

    def add(self, role: str, url: str, problem: str) -> None:
        path = urlsplit(url).path
        for path_re, problem_re, _issue in KNOWN_ELSEWHERE:
            if re.search(path_re, path) and re.search(problem_re, problem):
                self.known.append(f"{role} {path}: {problem}")
                return
        self.problems.append(f"{role} {url}: {problem}")


def _slug(url: str) -> str:
    parts = urlsplit(url)
    slug = (parts.path.strip("/") or "home").replace("/", "_")
    if parts.query:
        slug += "_" + re.sub(r"\W+", "-", parts.query)[:30]
    return slug


def _local_path(href: str, base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme and not href.startswith(base):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Visitor:
    """One role at one width: visits pages and records what is wrong on each."""

    def __init__(self, context, role: str, width_name: str, findings: Findings, base: str) -> None:
        self.page = context.new_page()
        self.role = role
        self.width_name = width_name
        self.findings = findings
        self.base = base
        self.errors: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(f"控制台错误: {m.text[:160]}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"脚本异常: {str(e)[:160]}"))
        self.page.on(
            "response",
            lambda r: (
                self.errors.append(f"请求失败 {r.status}: {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )

    def visit(self, url: str, viewport: dict, *, links: bool = True) -> list[str]:
        """Load ``url``, check it and return the links on it (paths on this site) if asked."""
        self.errors.clear()
        t0 = time.monotonic()
        response = self.page.goto(url, wait_until="load")
        TIMES["goto"] += time.monotonic() - t0
        where = f"[{self.width_name}]"
        if response is None or response.status >= 400:
            self.findings.add(self.role, url, f"{where} 页面状态 {response.status if response else '无响应'}")
        self.findings.pages += 1
        t0 = time.monotonic()
        self.check(url, viewport)
        TIMES["check"] += time.monotonic() - t0
        t0 = time.monotonic()
        for error in self.errors:
            self.findings.add(self.role, url, f"{where} {error}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        # The desktop as the screen shows it, the phone the whole page (to judge its length).
        self.page.screenshot(
            path=str(SHOTS / f"{self.role}-{_slug(url)}-{self.width_name}.png"),
            full_page=self.width_name == "phone",
        )
        TIMES["shot"] += time.monotonic() - t0
        if not links:
            return []
        t0 = time.monotonic()
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        TIMES["links"] += time.monotonic() - t0
        return [p for h in hrefs if (p := _local_path(h, self.base))]

    def check(self, url: str, viewport: dict) -> None:
        where = f"[{self.width_name}]"
        add = lambda problem: self.findings.add(self.role, url, f"{where} {problem}")  # noqa: E731
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            add(f"页面宽 {width}px,超出屏幕 {viewport['width']}px")
        if self.width_name == "phone":
            height = self.page.evaluate("document.documentElement.scrollHeight")
            if height > MAX_PHONE_HEIGHT:
                add(f"页面高 {height}px,应分页或折叠")
        hidden_tabs = self.page.evaluate(HIDDEN_TAB_JS)
        if hidden_tabs:
            add(f"当前标签在标签栏外,看不到: {hidden_tabs}")
        squeezed = self.page.evaluate(SQUEEZED_JS)
        if squeezed:
            add(f"文字被挤成每行一两个字: {squeezed}")
        if self.width_name != "desktop":
            return  # the text is the same at both widths
        text = HEX.sub(" ", self.page.evaluate(TEXT_JS))
        for match in CODE.finditer(text):
            code = match.group(1)
            if code.rsplit(".", 1)[-1].split("#")[0] in FILE_SUFFIXES:
                continue
            add(f"界面上有原始代码 {code!r}: …{text[max(0, match.start() - 20) : match.end() + 20]!r}…")
        for pattern, label in RAW:
            for match in pattern.finditer(text):
                add(f"界面上有 {label}: …{text[max(0, match.start() - 20) : match.end() + 20]!r}…")
        for phrase in PHRASES_OK:
            text = text.replace(phrase, "")
        words = {
            w
            for w in WORD.findall(text)
            if len(w) > 1 and w.lower() not in ENGLISH_OK and not any(c.isdigit() for c in w)
        }
        if words:
            add(f"界面上有英文: {sorted(words)[:12]}")


def _crawl(
    visitor: Visitor, start: list[str], follow: list[str], viewport: dict, done: set[str]
) -> list[str]:
    """Visit ``start`` and the first link to each ``follow`` pattern; return the pages visited.

    The main detail pages are visited for every role; the other patterns (secondary tabs and
    pages) only by the first role that reaches them, whose patterns are added to ``done``.
    """
    queue = list(dict.fromkeys(start))
    seen_patterns: set[str] = set(done)
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.append(url)
        for link in visitor.visit(url, viewport):
            path = urlsplit(link).path
            for pattern in follow:
                if pattern not in seen_patterns and re.search(pattern, path):
                    seen_patterns.add(pattern)
                    if pattern not in MAIN_DETAILS:
                        done.add(pattern)
                    if link not in visited and link not in queue:
                        queue.append(link)
    return visited


def _nav_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#renda-nav nav a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h != "#"]


def _organisation_tree_unfolds(page) -> None:
    """The county government's 35 departments start folded; its arrow unfolds and folds them."""
    page.goto("/organizations/")
    department = page.locator("#organization-tree tr", has_text="县教育局")
    government = page.locator("#organization-tree tr", has_text="示例县人民政府").first
    assert department.is_hidden()
    government.locator("[data-tree-toggle]").click()
    assert department.is_visible()
    government.locator("[data-tree-toggle]").click()
    assert department.is_hidden()
    page.get_by_role("button", name="全部展开").click()
    assert department.is_visible()


def _opinions() -> None:
    """The demo has no citizens' opinions yet: two arrive at the keeper's station through the public
    form; staff accept the second and send it to the clerk's unit."""
    from renda.core.models import Organization, User
    from renda.liaison import services

    station = Organization.objects.get(name=STATION_OF_KEEPER)
    topic = services.liaison_setting(station.congress_id).topics[0]
    services.opinion_submit(
        channel="portal",
        station=station,
        title="人民路北段路灯不亮",
        body="人民路北段的路灯坏了两周,晚上出行不便。",
        topic=topic,
        submitter_phone="13800000001",
        client_ip="10.0.0.1",
    )
    second = services.opinion_submit(
        channel="portal",
        station=station,
        title="城关小学门前缺少护学岗",
        body="上学放学时段门前车辆多,希望增设护学岗。",
        topic=topic,
        submitter_phone="13800000002",
        client_ip="10.0.0.2",
    ).opinion
    staff = User.objects.get(username="staff")
    accepted = services.opinion_screen(actor=staff, opinion=second, accept=True)
    clerk_unit = next(a for a in ACCOUNTS if a.username == "unitclerk").organization
    services.opinion_route(
        actor=staff,
        opinion=accepted,
        unit=Organization.objects.get(congress=station.congress, name=clerk_unit),
    )


def test_every_page_fits_desktop_and_phone(playwright_browser, live_server):
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    _opinions()
    TIMES["demo"] = time.monotonic() - started
    accounts = {a.username: a for a in ACCOUNTS}
    findings = Findings()
    coverage: dict[str, list[str]] = {}
    done: set[str] = set()

    def new_context(viewport: dict, **extra):
        phone = viewport is PHONE
        context = playwright_browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            **extra,
        )
        context.set_default_timeout(15000)
        return context

    for role in [*ROLES, "public"]:
        desktop = new_context(DESKTOP)
        visitor = Visitor(desktop, role, "desktop", findings, live_server.url)
        if role == "public":
            start, follow = PUBLIC_START, PUBLIC_FOLLOW
        else:
            sign_in(visitor.page, accounts[role])
            start, follow = ["/", *_nav_links(visitor.page)], FOLLOW
        pages = _crawl(visitor, start, follow, DESKTOP, done)
        coverage[role] = pages
        if role == "staff":
            _organisation_tree_unfolds(visitor.page)
        # The phone signs in with the same session (a TOTP code may be used only once).
        phone = new_context(PHONE, storage_state=desktop.storage_state())
        desktop.close()
        phone_visitor = Visitor(phone, role, "phone", findings, live_server.url)
        for url in pages:
            phone_visitor.visit(url, PHONE, links=False)
        phone.close()

    seconds = time.monotonic() - started
    summary = "\n".join(f"{role}: {len(pages)} 页 {pages}" for role, pages in coverage.items())
    print(f"\n{findings.pages} page views in {seconds:.0f}s {TIMES}\n{summary}")
    (SHOTS / "problems.txt").write_text(
        f"{findings.pages} page views in {seconds:.0f}s {TIMES}\n"
        + "\n".join(findings.problems)
        + "\n\nKNOWN_ELSEWHERE:\n"
        + "\n".join(findings.known),
        encoding="utf-8",
    )
    if findings.known:
        print("KNOWN_ELSEWHERE:\n" + "\n".join(findings.known))
    assert not findings.problems, f"{len(findings.problems)} problems:\n" + "\n".join(findings.problems)
    # Each role reached more than its home page, and the main detail pages were among them.
    assert all(len(pages) > 1 for pages in coverage.values()), summary
    reached = {urlsplit(u).path for pages in coverage.values() for u in pages}
    for detail in [
        r"^/cases/\d+/$",
        r"^/deputies/\d+/$",
        r"^/liaison/stations/\d+/$",
        r"^/portal/(c/\d+/)?suggestions/\d+/$",
        r"^/portal/(c/\d+/)?deputies/\d+/$",
    ]:
        assert any(re.search(detail, p) for p in reached), f"no page matched {detail}:\n{summary}"
