"""Browser tests: a real Chromium, driven through Playwright against pytest-django's live server.

Every page a test loads and every htmx swap it causes is checked with axe-core against WCAG 2.1
A and AA (``ui.check_a11y()``); a test that leaves a page or swap unchecked errors in teardown.
The same check fails on server errors, broken assets (style sheet, htmx), requests to other
origins and JavaScript errors.

Without Chromium the tests are skipped and the run ends with a loud banner; with
``KOSILAB_REQUIRE_BROWSER=1`` (as in CI) they fail instead. ``KOSILAB_CHROMIUM`` names another
Chromium binary.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyotp
import pytest

from kosilab.actors.services import profile_update
from kosilab.core.sectors import Sector
from kosilab.core.tests.factories import PASSWORD, TOTP_SECRET, OrganisationFactory, UserFactory

NOT_RUN = "BROWSER TESTS DID NOT RUN"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# Reports every settled htmx swap to the test (see UI.__init__ and UI.htmx).
SWAP_REPORTER = """
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail && event.detail.target;
  window.kosilabSwapped(target && target.id ? "#" + target.id : String(target && target.tagName));
});
"""
ASSETS_LOADED = """
() => ({
  css: [...document.styleSheets].some(
    (sheet) => (sheet.href || "").endsWith("/static/kosilab/site.css") && sheet.cssRules.length > 0
  ),
  htmx: typeof window.htmx === "object" && typeof window.htmx.version === "string",
})
"""
HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"


# --- Chromium -------------------------------------------------------------------------------


def chromium_path() -> str | None:
    configured = os.environ.get("KOSILAB_CHROMIUM")
    candidates = (
        [configured]
        if configured
        else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    )
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _browser_unavailable(reason: str) -> None:
    message = f"{NOT_RUN}: {reason}"
    if os.environ.get("KOSILAB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}. KOSILAB_REQUIRE_BROWSER=1 requires them to run.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run; each test gets its own context (see ``new_ui``)."""
    path = chromium_path()
    if path is None:
        _browser_unavailable(
            "Chromium was not found (looked for /usr/bin/chromium and `chromium` on the PATH; "
            "install it with `apt-get install chromium` or set KOSILAB_CHROMIUM)"
        )
    try:
        import axe_playwright_python  # noqa: F401  (its axe-core runs in every check)
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _browser_unavailable(f"{error.name} is not installed (make install-dev)")
    # Playwright's sync API keeps an asyncio loop running in this thread; without this, Django
    # refuses ORM calls from the test (SynchronousOnlyOperation). Only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        except Exception as error:
            _browser_unavailable(f"Chromium at {path} did not start: {error}")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NOT_RUN in str(r.longrepr)]
    if not skipped:
        return
    reason = str(skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else skipped[0].longrepr)
    reason = reason.removeprefix("Skipped: ")
    terminalreporter.write_sep("!", f"{NOT_RUN}: {len(skipped)} SKIPPED", red=True, bold=True)
    terminalreporter.write_line(reason, red=True, bold=True)
    terminalreporter.write_line(
        "The pages were NOT checked in a browser nor with axe-core. "
        "Set KOSILAB_REQUIRE_BROWSER=1 to turn this into a failure (as CI does).",
        red=True,
        bold=True,
    )
    terminalreporter.write_sep("!", NOT_RUN, red=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- The page under test --------------------------------------------------------------------


@functools.cache
def axe_script() -> str:
    """axe-core as bundled with axe-playwright-python (the version its ``Axe().run`` injects)."""
    from axe_playwright_python.sync_playwright import Axe

    return str(Axe().axe_script)


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.1 A/AA, axe-core) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target: {', '.join(str(t) for t in node['target'])}")
            lines.append(f"      html: {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      why:  {summary}")
    return "\n".join(lines)


def is_final_htmx_response(response: Any) -> bool:
    # htmx is the only source of XMLHttpRequests here. A redirect is followed inside the request
    # (Playwright's ``request.headers`` then lacks the hx- headers); htmx swaps the final response.
    return response.request.resource_type in {"xhr", "fetch"} and not 300 <= response.status < 400


class UI:
    """A browser tab on the live server. Load pages with :meth:`visit`, :meth:`submit` or
    :meth:`follow`, trigger htmx with :meth:`htmx`: each of them ends with :meth:`check_a11y`.
    Anything done on ``ui.page`` directly must be followed by ``ui.check_a11y()``."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.unchecked: list[str] = []  # documents loaded and htmx swaps since the last check
        self.problems: list[str] = []  # server errors, broken assets, foreign requests, JS errors
        self.checked: list[str] = []  # what has been checked, for the test's own assertions
        self.swaps = 0
        self.allowed_origins: tuple[str, ...] = ()  # besides the live server, see allow_origin()
        page.on("load", lambda p: self.unchecked.append(f"page {p.url}"))
        page.on("response", self._response)
        page.on("request", self._request)
        page.on("requestfailed", self._request_failed)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("console", self._console)
        page.expose_function("kosilabSwapped", self._swapped)
        page.add_init_script(SWAP_REPORTER)
        page.add_init_script(axe_script())  # axe-core in every document, instead of sending it per check

    def _console(self, message: Any) -> None:
        # The browser reports what the Content-Security-Policy refused: a page wanted something it may not.
        if "Content Security Policy" in message.text:
            self.problems.append(f"refused by the Content-Security-Policy on {self.page.url}: {message.text}")

    def _swapped(self, target: str) -> None:
        self.swaps += 1
        self.unchecked.append(f"htmx swap into {target} on {self.page.url}")

    def _response(self, response: Any) -> None:
        kind = response.request.resource_type
        if response.status >= 500:
            self.problems.append(f"server error {response.status} for {response.request.method} {response.url}")
        elif response.status >= 400 and kind in {"stylesheet", "script", "image", "font", "xhr", "fetch"}:
            self.problems.append(f"{response.status} for {kind} {response.url}")

    def allow_origin(self, origin: str) -> None:
        """Let the tab visit another origin the test runs itself (a test identity provider, whose
        pages are not ours: leave them unchecked, e.g. ``ui.unchecked.clear()`` once back)."""
        self.allowed_origins += (origin.rstrip("/") + "/",)

    def _request(self, request: Any) -> None:
        # Everything comes from the installation itself: no CDN, no tracking, no third-party fonts.
        if not request.url.startswith((self.base_url + "/", "data:", "about:", "blob:", *self.allowed_origins)):
            self.problems.append(f"request to another origin: {request.url}")

    def _request_failed(self, request: Any) -> None:
        if request.resource_type != "document":  # a document request is aborted by the next navigation
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    @property
    def path(self) -> str:
        url: str = self.page.url
        return url.removeprefix(self.base_url)

    # Checks ---------------------------------------------------------------------------------

    def wait_for_htmx(self) -> None:
        self.page.wait_for_function(HTMX_IDLE)

    def check_a11y(self, *, assets: bool = True) -> None:
        """Run axe-core (WCAG 2.1 A and AA) on the page as it is now and fail on any violation."""
        self.page.wait_for_load_state("load")
        self.wait_for_htmx()
        # Colours are judged as they end, not halfway through a fade: running CSS transitions and
        # animations are finished first (an endless one cannot be and is left as it is).
        self.page.evaluate("() => document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
        if self.page.evaluate("() => typeof window.axe") != "object":
            self.page.evaluate(axe_script())
        violations = self.page.evaluate(
            "options => window.axe.run(document, options).then(r => r.violations)", AXE_OPTIONS
        )
        if assets:
            loaded = self.page.evaluate(ASSETS_LOADED)
            assert loaded == {"css": True, "htmx": True}, f"assets missing on {self.page.url}: {loaded}"
        assert not self.problems, "\n".join(self.problems)
        if violations:
            pytest.fail(format_violations(self.page.url, violations), pytrace=False)
        self.checked.append(self.path)
        self.unchecked.clear()

    # Moving around --------------------------------------------------------------------------

    def visit(self, path: str, *, status: int = 200, assets: bool = True) -> Any:
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        self.check_a11y(assets=assets)
        return response

    def follow(self, selector: str) -> None:
        """Click a link (or button) that loads another page, then check that page."""
        with self.page.expect_navigation():
            self.page.locator(selector).click()
        self.check_a11y()

    def fill(self, values: dict[str, str]) -> None:
        """Fill fields by CSS selector (e.g. ``{"#id_email": "..."}``)."""
        for selector, value in values.items():
            self.page.locator(selector).fill(value)

    def submit(self, field: str) -> None:
        """Submit the form that holds ``field`` with its submit button; a page load follows."""
        with self.page.expect_navigation():
            self.submit_button(field).click()
        self.check_a11y()

    def submit_button(self, field: str) -> Any:
        return self.page.locator(field).locator("xpath=ancestor::form[1]").locator("button[type=submit]").last

    def htmx(self, action: Callable[[], object]) -> Any:
        """Do something that sends an htmx request, wait for the swap to settle, then check."""
        swaps = self.swaps
        with self.page.expect_response(is_final_htmx_response) as info:
            action()
        response = info.value
        assert response.status == 200, f"htmx request {response.url}: HTTP {response.status}"
        for _ in range(200):  # until htmx has swapped and settled (reported through kosilabSwapped)
            if self.swaps > swaps:
                break
            self.page.wait_for_timeout(25)
        else:
            pytest.fail(f"htmx did not swap the response of {response.url}", pytrace=False)
        self.check_a11y()
        return response

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        """Log in with the password, and with a code of the authenticator app where the account has
        one (platform admins made by ``UserFactory``: ``TOTP_SECRET``)."""
        self.visit("/accounts/login/")
        self.fill({"#id_login": email, "#id_password": password})
        self.submit("#id_password")
        if self.path == "/accounts/2fa/authenticate/":
            self.fill({"#id_code": unused_totp_code(email)})
            self.submit("#id_code")
        assert self.page.locator("form[action='/accounts/logout/']").count() == 1, "not logged in"

    def html_lang(self) -> str:
        return str(self.page.locator("html").get_attribute("lang"))


_used_codes: set[tuple[str, str]] = set()


def unused_totp_code(email: str, secret: str = TOTP_SECRET) -> str:
    """A valid code (the half minute before, now or after: ``MFA_TOTP_TOLERANCE``) that this account
    has not used yet: allauth refuses a code twice, and a test may log one person in twice."""
    totp, now = pyotp.TOTP(secret), time.time()
    for moment in (now, now - 30, now + 30):
        code = totp.at(moment)
        if (email, code) not in _used_codes:
            _used_codes.add((email, code))
            return code
    pytest.fail(f"{email} logged in more than three times in a minute: no unused code left", pytrace=False)


@pytest.fixture
def new_ui(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., UI]]:
    """Make a fresh browser context (own cookies). ``language=None`` sends no language cookie."""
    _used_codes.clear()  # allauth's record of used codes is in the cache, cleared for every test
    contexts: list[Any] = []
    uis: list[UI] = []

    def make(*, language: str | None = "en", locale: str = "en-GB") -> UI:
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(10_000)
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        ui = UI(context.new_page(), live_server.url)
        uis.append(ui)
        return ui

    yield make
    try:
        call = getattr(request.node, "report_call", None)
        if call is not None and call.passed:
            unchecked = [entry for ui in uis for entry in ui.unchecked]
            assert not unchecked, f"Loaded but never checked with axe (call ui.check_a11y()): {unchecked}"
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def ui(new_ui: Callable[..., UI]) -> UI:
    """A browser tab in English (language cookie), so that flows do not depend on the German catalogue."""
    return new_ui()


# --- Data -----------------------------------------------------------------------------------


@pytest.fixture
def sector_people(transactional_db: None) -> dict[str, Any]:
    """Three active people whose organisations are in the public, business and science sectors."""
    people = {}
    for sector in (Sector.PUBLIC, Sector.BUSINESS, Sector.SCIENCE):
        organisation = OrganisationFactory(name=f"{sector.value.title()} organisation", sector=sector)
        person = UserFactory(name=f"{sector.value.title()} Person", email=f"{sector.value}@example.org")
        profile_update(profile=person.profile, by=person, organisation=organisation, visibility="public")
        people[sector.value] = person
    return people
