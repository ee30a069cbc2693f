"""The smoke test that ``scripts/ci-nginx-smoke`` runs through nginx (not collected by pytest).

It runs with the same environment as the app processes (so it can find a demo file and its readers in
the database, and make a change whose live push must reach the streams) and speaks HTTPS to nginx
only: sign-in, a page, a static file (nginx's own), a file download behind the permission check
(nginx's internal redirect), the live push (an event stream through nginx receiving a change made by
another process), and the protected metrics endpoint counting the requests of both app processes.

    python tests/ops/smoke_through_nginx.py --port 8443 --host renda.test --cafile tls/renda.crt
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import ssl
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")

CHECKS: list[str] = []
APP_REQUESTS = [0]  # requests nginx passed to an app process (not its own static or 404 answers)
NGINX_ONLY = ("/static/", "/media/", "/_protected_media/")


def ok(what: str) -> None:
    CHECKS.append(what)
    print(f"  ok  {what}", flush=True)


def fail(what: str) -> None:
    print(f"FAIL  {what}", flush=True)
    raise SystemExit(1)


def expect(condition: bool, what: str) -> None:
    ok(what) if condition else fail(what)


class Browser:
    """An HTTPS client with a cookie jar, speaking to nginx on 127.0.0.1 under the site's host name."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext) -> None:
        self.host, self.port, self.context = host, port, context
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{host}:{port}"

    def connection(self, timeout: float = 30) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=timeout)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Host": f"{self.host}:{self.port}", "User-Agent": "renda-smoke/1"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(extra or {})
        return h

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        if not path.startswith(NGINX_ONLY):
            APP_REQUESTS[0] += 1
        conn = self.connection()
        conn.request(method, path, body=body, headers=self.headers(headers))
        response = conn.getresponse()
        data = response.read()
        self._keep(response)
        conn.close()
        return response, data

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str]):
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )

    def sign_in(self, username: str, password: str) -> None:
        response, page = self.get("/login/")
        expect(response.status == 200, f"GET /login/ answers 200 ({username})")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        expect(token is not None, "the sign-in form carries its CSRF token")
        response, _ = self.post_form(
            "/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()},
        )
        expect(
            response.status == 302 and "/login/" not in (response.getheader("Location") or ""),
            f"{username} signs in through nginx (302 to {response.getheader('Location')})",
        )
        set_cookie = ", ".join(response.headers.get_all("Set-Cookie") or [])
        expect("sessionid=" in set_cookie and "Secure" in set_cookie, "…with a Secure session cookie")


def pick_file_and_readers():
    """A stored file that is not public, a demo account that may read it and one that may not:
    a meeting's unpublished document (or else a case file), with its checked view's address."""
    from django.contrib.auth.models import AnonymousUser

    from renda.cases.models import Attachment
    from renda.cases.selectors import get_case_attachment_for
    from renda.core.errors import NotFoundError
    from renda.core.models import User
    from renda.demo import ACCOUNTS
    from renda.meetings.models import MeetingDocument
    from renda.meetings.selectors import get_document_for

    names = [a.username for a in ACCOUNTS if not a.totp_base32]
    users = list(User.objects.filter(username__in=names, is_active=True, must_change_password=False))
    kinds = [
        (MeetingDocument.objects.order_by("pk"), get_document_for, "/meetings/documents/{}/"),
        (Attachment.objects.order_by("pk"), get_case_attachment_for, "/cases/attachments/{}/"),
    ]
    for rows, getter, url in kinds:

        def may(user, pk, getter=getter) -> bool:
            try:
                getter(user, pk)
                return True
            except NotFoundError:
                return False

        for row in rows[:300]:
            if may(AnonymousUser(), row.pk) or not row.file or not row.file.storage.exists(row.file.name):
                continue
            readers = [u for u in users if may(u, row.pk)]
            others = [u for u in users if not may(u, row.pk)]
            if readers and others:
                return url.format(row.pk), row, readers[0], others[0]
    fail("the demo has a stored file with a reader and a non-reader")


def read_events(browser: Browser, path: str, wanted: int, found: list, started: threading.Event, timeout=60):
    """Read ``wanted`` SSE messages (``id:`` lines) from ``path``; append (id, event, data)."""
    conn = browser.connection(timeout=timeout)
    APP_REQUESTS[0] += 1
    conn.request("GET", path, headers=browser.headers({"Accept": "text/event-stream"}))
    response = conn.getresponse()
    found.append(("status", response.status, response.getheader("Content-Type")))
    started.set()
    message: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and sum(1 for f in found if f[0] == "event") < wanted:
            line = response.fp.readline()
            if not line:
                break
            line = line.decode().rstrip("\n")
            if not line:
                if "id" in message:
                    found.append(("event", message["id"], message.get("event"), message.get("data")))
                message = {}
                continue
            key, _sep, value = line.partition(": ")
            message[key] = value
    except TimeoutError:
        pass
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="renda.test")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--metrics-token", default=os.environ.get("RENDA_METRICS_TOKEN", ""))
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    context = ssl.create_default_context(cafile=args.cafile)
    password = settings.RENDA["DEMO_PASSWORD"]
    anonymous = Browser(args.host, args.port, context)

    print("through nginx (TLS, two app processes):", flush=True)
    response, body = anonymous.get("/healthz")
    expect(response.status == 200, "GET /healthz answers 200 over TLS, certificate verified")
    expect(bool(response.getheader("X-Request-ID")), "the answer carries nginx's request id")
    hsts = response.getheader("Strict-Transport-Security") or ""
    expect("max-age=" in hsts, "HSTS is sent")

    # Static files: nginx's own (the app always adds X-Request-ID; nginx's static location does not).
    static = Path(settings.STATIC_ROOT) / "vendor" / "htmx" / "htmx.min.js"
    response, body = anonymous.get("/static/vendor/htmx/htmx.min.js")
    expect(response.status == 200 and body == static.read_bytes(), "a static file is served with its bytes")
    expect(
        response.getheader("X-Request-ID") is None and response.getheader("ETag") is not None,
        "…by nginx from collectstatic's folder, not by the app",
    )

    url, att, reader, other = pick_file_and_readers()
    stored = att.file.name
    wanted = Path(att.file.path).read_bytes()
    print(f"file {url} ({att.original_name}), reader {reader.username}, not {other.username}")

    # Never from a public folder.
    for path in (f"/media/{stored}", f"/_protected_media/{stored}", f"/static/../media/{stored}"):
        response, body = anonymous.get(path)
        expect(response.status == 404 and wanted not in body, f"GET {path[:40]}… is 404")
    response, body = anonymous.get(url)
    expect(response.status in (302, 403, 404) and wanted not in body, "anonymous: the file is refused")

    alice = Browser(args.host, args.port, context)
    alice.sign_in(reader.username, password)
    response, page = alice.get("/")
    expect(response.status == 200 and "退出".encode() in page, "the home page renders for the signed-in user")
    response, body = alice.get(url)
    expect(response.status == 200 and body == wanted, "the reader gets the file's exact bytes")
    expect(response.getheader("X-Accel-Redirect") is None, "…sent by nginx (the internal path stays hidden)")
    disposition = response.getheader("Content-Disposition") or ""
    expect("filename*=UTF-8''" in disposition, f"…under its original name ({disposition[:60]})")
    expect(response.getheader("X-Content-Type-Options") == "nosniff", "…with nosniff")
    expect("sandbox" in (response.getheader("Content-Security-Policy") or ""), "…and a sandboxing CSP")
    expect("no-store" in (response.getheader("Cache-Control") or ""), "…and no-store")

    bob = Browser(args.host, args.port, context)
    bob.sign_in(other.username, password)
    response, body = bob.get(url)
    expect(
        response.status in (403, 404) and wanted not in body, f"another user gets {response.status}, no bytes"
    )

    # The live push: two streams (nginx spreads them over both processes), a change made by a third
    # process (PostgreSQL NOTIFY), both streams hear it.
    meeting, staff = pick_meeting_and_staff()
    print(f"meeting #{meeting.pk}, staff {staff.username}")
    carol = alice if staff.pk == reader.pk else Browser(args.host, args.port, context)
    if carol is not alice:
        carol.sign_in(staff.username, password)
    streams = []
    for _ in range(2):
        found: list = []
        started = threading.Event()
        t = threading.Thread(
            target=read_events, args=(carol, f"/meetings/{meeting.pk}/events/", 2, found, started)
        )
        t.start()
        started.wait(30)
        streams.append((t, found))
    for _t, found in streams:
        expect(found and found[0][1] == 200 and "text/event-stream" in (found[0][2] or ""), "a stream opens")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(any(f[0] == "event" for f in s[1]) for s in streams):
        time.sleep(0.1)
    expect(all(any(f[0] == "event" for f in found) for _t, found in streams), "each stream gets its snapshot")
    time.sleep(1.0)  # the listener threads are in place (LISTEN before the first snapshot)
    from renda.meetings import services as meeting_services

    changed_at = time.monotonic()
    meeting_services.minutes_update(
        actor=staff, meeting=meeting, summary="冒烟测试:经 nginx 推送的会议纪要更新。"
    )
    for t, _found in streams:
        t.join(30)
    delays = time.monotonic() - changed_at
    for _t, found in streams:
        events = [f for f in found if f[0] == "event"]
        expect(
            len(events) == 2 and events[1][1] != events[0][1],
            f"a stream receives the pushed change ({events[-1][2]})",
        )
        json.loads(events[1][3])
    print(f"     push reached both streams within {delays:.2f} s")

    # Metrics, protected, summed over both processes.
    response, _ = anonymous.get("/metrics")
    expect(response.status == 403, "GET /metrics without the token is refused")
    if args.metrics_token:
        response, body = anonymous.get("/metrics", Authorization=f"Bearer {args.metrics_token}")
        expect(response.status == 200, "GET /metrics with the token answers")
        total = sum(
            float(line.rsplit(" ", 1)[1])
            for line in body.decode().splitlines()
            if line.startswith("renda_http_requests_total{")
        )
        expect(
            total >= APP_REQUESTS[0] - 1,  # all but this scrape, counted once it is answered
            f"the scrape counts the requests of both processes ({total:.0f} ≥ {APP_REQUESTS[0] - 1} sent)",
        )
        expect(
            b"renda_task_queue_depth" in body and b"renda_cases_overdue" in body, "database figures present"
        )
    print(f"{len(CHECKS)} checks passed")


def pick_meeting_and_staff():
    """A meeting still open (scheduled or in progress), and a demo staff account of its congress."""
    from renda.core.models import User
    from renda.core.scopes import scope_of
    from renda.demo import ACCOUNTS
    from renda.meetings.choices import MeetingState
    from renda.meetings.models import Meeting

    names = [a.username for a in ACCOUNTS if not a.totp_base32]
    staff = list(User.objects.filter(username__in=names, is_active=True, must_change_password=False))
    # not a closed or cancelled one: its stream ends after the first snapshot (nothing more to push)
    meetings = Meeting.objects.filter(state__in=[MeetingState.IN_PROGRESS, MeetingState.SCHEDULED]).order_by(
        "state", "-pk"
    )
    for meeting in meetings[:200]:
        for user in staff:
            if scope_of(user).has_in(meeting.congress_id, "staff"):
                return meeting, user
    fail("the demo has a meeting and a staff account of its congress")


if __name__ == "__main__":
    main()
