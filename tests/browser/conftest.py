"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the whole session (starting Chromium is the slow part); each test gets a fresh
context, so no cookie or storage leaks from one journey into the next. Where Chromium is
missing the tests skip, unless REQUIRE_SERVICES=1 (CI), where a missing browser is a failure.
"""

import contextlib
import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from school.immutable_rows import ImmutableRows

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_SCRIPT = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


IMMUTABLE_VERSIONS = ImmutableRows(
    table="workshops_planversion",
    message="workshops_planversion: a submitted plan version cannot be changed or deleted",
)
IMMUTABLE_CHECK_INS = ImmutableRows(
    table="workshops_checkinversion",
    message="workshops_checkinversion: a submitted check-in cannot be changed or deleted",
)


class _LiveServerGate:
    """Wraps the live server's application: counts the requests it is serving, and once closed
    answers 503 without touching the database.

    A page closed at the end of a test may still send its last autosave (the editor saves when
    its tab is hidden). On SQLite the live server shares the test's in-memory database, and a
    request still running when the database is cleared and flushed makes the flush fail (a
    table locked there is not waited for: SQLITE_LOCKED, not SQLITE_BUSY). So at the end of a
    test the gate closes, the requests in flight are waited for, and only then is the database
    touched; a request arriving later is refused rather than raced.

    On that shared database the live server's request threads also share one connection, so
    two requests at once (a room polling while a guest joins) would run in one transaction, or
    fail on a table the other locked: there, requests are served one at a time."""

    def __init__(self, application, *, one_at_a_time: bool):
        self.application = application
        self.condition = threading.Condition()
        self.serving = threading.Lock() if one_at_a_time else contextlib.nullcontext()
        self.in_flight = 0
        self.is_open = True

    def __call__(self, environ, start_response):
        with self.condition:
            if not self.is_open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"the test has ended"]
            self.in_flight += 1
        try:
            # Served whole here, so that "in flight" covers the response's body too.
            with self.serving:
                response = self.application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()
        finally:
            with self.condition:
                self.in_flight -= 1
                self.condition.notify_all()

    def open(self) -> None:
        with self.condition:
            self.is_open = True

    def close_and_wait(self, timeout: float = 30.0) -> None:
        with self.condition:
            self.is_open = False
            if not self.condition.wait_for(lambda: self.in_flight == 0, timeout=timeout):
                pytest.fail(f"{self.in_flight} request(s) still served after {timeout} s")


@pytest.fixture(scope="session")
def _live_server_gate(live_server):
    server = live_server.thread.httpd
    shared = any(
        override.is_in_memory_db() for override in live_server.thread.connections_override.values()
    )
    gate = _LiveServerGate(server.get_app(), one_at_a_time=shared)
    server.set_app(gate)
    return gate


@pytest.fixture(autouse=True)
def _submitted_versions_cleared(request):
    """Journeys submit plans (and check-ins), and the database refuses to delete a submitted
    version. The flush after a transactional test deletes row by row on SQLite (PostgreSQL
    truncates, which the triggers do not see), so the versions are cleared here, with the
    triggers lifted for that moment only, once the live server has stopped serving."""
    uses_live_server = "live_server" in request.fixturenames
    gate = request.getfixturevalue("_live_server_gate") if uses_live_server else None
    if gate is not None:
        gate.open()
    yield
    if gate is not None:
        gate.close_and_wait()
    if connection.vendor == "sqlite":
        _clear_submitted_versions()


@transaction.atomic
def _clear_submitted_versions():
    from workshops.models import PeerComment, PlanShare

    PeerComment.objects.all().delete()
    PlanShare.objects.all().delete()
    with connection.cursor() as cursor:
        # Check-ins report on plan versions, so they go first, their versions first of all.
        for statement in IMMUTABLE_CHECK_INS.sqlite_backward():
            cursor.execute(statement)
        cursor.execute("DELETE FROM workshops_checkinversion")
        cursor.execute("DELETE FROM workshops_checkin")
        for statement in IMMUTABLE_CHECK_INS.sqlite_forward():
            cursor.execute(statement)
        for statement in IMMUTABLE_VERSIONS.sqlite_backward():
            cursor.execute(statement)
        cursor.execute("DELETE FROM workshops_planversion")
        for statement in IMMUTABLE_VERSIONS.sqlite_forward():
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _fresh_site_root_paths():
    # Wagtail caches the site's root paths; pages made in a test must be found by URL.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests."
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    # calls from a thread with a running loop; the tests' own ORM calls are synchronous anyway.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Opens a fresh browser context (its own cookies: one person, or nobody) on the live
    server; each is closed after the test. For journeys where several people take turns."""
    opened = []

    violations = []

    def open_context():
        context = browser.new_context(
            base_url=live_server.url, locale="ja-JP", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        # Chromium reports every Content-Security-Policy violation on the console.
        context.on("console", lambda message: _record_csp_violation(message, violations))
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


def _record_csp_violation(message, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        page = message.page.url if message.page else "?"
        violations.append(f"{page}: {message.text}")


@pytest.fixture
def browser_context(new_context):
    return new_context()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


def log_in(page, *, email: str, password: str) -> None:
    """Through the real log-in form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("input[name='username']", email)
    page.fill("input[name='password']", password)
    with page.expect_navigation():
        # The header's language switcher is a form too: press the log-in form's own button.
        page.locator("form:has(input[name='password']) [type='submit']").click()
    if "/accounts/login/" in page.url:
        screenshot(page, "log-in-failed")
        errors = page.locator(".invalid-feedback, .alert").all_inner_texts()
        pytest.fail(f"log-in failed for {email}: {errors}")


def screenshot(page, name: str) -> Path:
    """A full-page screenshot in tests/browser/screenshots/ (git-ignored), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_serious_axe_violations(page, *, exclude: tuple[str, ...] = ()) -> None:
    """Runs axe-core (vendored, static/vendor/axe/) on the page; fails listing every serious or
    critical violation with the elements it found it on. `exclude`: CSS selectors of markup that
    is not ours (Wagtail's own widgets), each with the reason at the call."""
    # From the site's own static files, as the Content-Security-Policy allows scripts (an
    # inline copy of axe would be refused, and reported as a violation).
    assert AXE_SCRIPT.exists()
    page.add_script_tag(url=settings.STATIC_URL + "vendor/axe/axe.min.js")
    # Colours are read as drawn: a message still fading in (Wagtail's messages do) measures as a
    # paler mix of its colour and the page's, so every finite animation is first brought to its
    # end (waiting would take 25 s on Wagtail's pulsing badges).
    results = page.evaluate(
        """async (exclude) => {
            for (const animation of document.getAnimations()) {
                if (animation.effect?.getComputedTiming().endTime !== Infinity) {
                    animation.finish();
                }
            }
            return await axe.run(
                {include: [document], exclude: exclude.map((selector) => [selector])},
                {resultTypes: ['violations']},
            );
        }""",
        list(exclude),
    )
    blocking = [v for v in results["violations"] if v.get("impact") in AXE_BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '')}" for node in v["nodes"]
        )
        for v in blocking
    )
    assert not blocking, f"axe found serious accessibility problems on {page.url}:\n{report}"
