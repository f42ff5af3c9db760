"""Start the test identity providers from tests: ``pytest_plugins = ["tests.idp.fixtures"]``.

Each provider is a subprocess on 127.0.0.1 and a free port, with a temporary directory of its own
(config, keys, database, ``provider.log``), so parallel runs (SQLite and PostgreSQL side by side,
pytest-xdist) never share anything. The subprocess gets none of the project's settings: its
environment loses ``DJANGO_SETTINGS_MODULE``, ``DATABASE_URL``, ``REDIS_URL`` and every
``KOSILAB_*``/``PYTEST_*`` variable. It follows the test process's clock when that one is moved
(KOSILAB_TEST_CLOCK), so tokens and assertions are fresh on the test's clock.

Factories, to start a provider once the live server's address is known::

    provider = start_oidc_provider(users, redirect_uris=[live_server.url + "/accounts/oidc/kosilab/login/callback/"])
    idp = start_saml_idp(users, sp_entity_id=..., acs_url=...)

or through the fixtures ``oidc_provider_factory`` / ``saml_idp_factory`` (the same functions;
everything they started is stopped at teardown). Both objects are context managers too.
README.md beside this file says what each provider serves and releases.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Self

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0  # seconds; a start takes 1–2 s here, more when CI runs two suites on two cores
LOG_TAIL_LINES = 40
# Variables that would point a subprocess at the project's settings, databases or test session.
_DROPPED_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PYTHONSTARTUP")
_DROPPED_PREFIXES = ("KOSILAB_", "PYTEST_", "DJANGO_")


@dataclass
class IdpUser:
    email: str
    password: str
    name: str
    groups: list[str] = field(default_factory=list)


class ProviderStartError(RuntimeError):
    """The provider did not come up; the message ends with the tail of its log."""


class _ProviderProcess:
    """One provider subprocess: its temporary directory, its log, its start and stop."""

    def __init__(self, kind: str, module: str, config: dict[str, Any]) -> None:
        self.kind = kind
        self.workdir = Path(tempfile.mkdtemp(prefix=f"kosilab-idp-{kind}-"))
        self.config_path = self.workdir / "config.json"
        self.log_path = self.workdir / "provider.log"
        self.config_path.write_text(json.dumps({**config, "clock_offset": _clock_offset()}), encoding="utf-8")
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command, our own test server
                [sys.executable, "-m", module, "--port", "0", "--config", str(self.config_path)],
                cwd=REPO_ROOT,
                env=_subprocess_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.stopped = False

    def wait_until_ready(self, probe: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
        """Wait for ready.json, then until ``probe(ready)`` (a URL) answers 200; return ready.json."""
        try:
            return self._wait_until_ready(probe)
        except BaseException:  # interrupted (Ctrl+C) or failed: leave nothing running
            self.stop()
            raise

    def _wait_until_ready(self, probe: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        ready_path = self.workdir / "ready.json"
        ready: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail(f"exited with status {self.process.returncode} while starting")
            if ready is None and ready_path.exists():
                ready = json.loads(ready_path.read_text(encoding="utf-8"))
            if ready is not None:
                try:
                    with requests.Session() as http:
                        http.trust_env = False  # straight to 127.0.0.1, whatever proxy the environment names
                        if http.get(probe(ready), timeout=5).status_code == 200:
                            return ready
                except requests.RequestException:
                    pass
            time.sleep(0.05)
        self._fail(f"did not answer within {STARTUP_TIMEOUT:.0f} s")

    def log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-LOG_TAIL_LINES:])

    def _fail(self, what: str) -> NoReturn:
        tail = self.log_tail()
        self.stop()
        raise ProviderStartError(f"The {self.kind} test provider {what}. Last lines of its log:\n{tail}")

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


class _Provider:
    _process: _ProviderProcess

    @property
    def log_path(self) -> Path:
        """The provider's log (requests, errors); gone after stop()."""
        return self._process.log_path

    def log_tail(self) -> str:
        return self._process.log_tail()

    def stop(self) -> None:
        """Stop the subprocess and remove its temporary directory; safe to call twice."""
        self._process.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class OidcProvider(_Provider):
    """A running OpenID Connect provider (django-oauth-toolkit); see README.md for its claims."""

    def __init__(
        self, process: _ProviderProcess, ready: dict[str, Any], client_id: str, client_secret: str, users: list[IdpUser]
    ) -> None:
        self._process = process
        self.issuer: str = ready["issuer"]
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"
        self.client_id = client_id
        self.client_secret = client_secret
        self.users = users

    def __repr__(self) -> str:
        return f"<OidcProvider {self.issuer} client_id={self.client_id!r}>"


class SamlIdp(_Provider):
    """A running SAML 2.0 identity provider (pysaml2); see README.md for its attributes."""

    def __init__(
        self, process: _ProviderProcess, ready: dict[str, Any], sp_entity_id: str, acs_url: str, users: list[IdpUser]
    ) -> None:
        self._process = process
        self.entity_id: str = ready["entity_id"]
        self.metadata_url: str = ready["metadata_url"]
        self.sso_url: str = ready["sso_url"]  # HTTP-Redirect binding
        self.sso_post_url: str = ready["sso_post_url"]  # HTTP-POST binding
        self.x509cert: str = ready["x509cert"]  # base64 on one line, no BEGIN/END lines
        self.sp_entity_id = sp_entity_id
        self.acs_url = acs_url
        self.users = users

    def __repr__(self) -> str:
        return f"<SamlIdp {self.entity_id} for {self.sp_entity_id}>"


def start_oidc_provider(
    users: list[IdpUser],
    redirect_uris: list[str],
    client_id: str = "kosilab",
    client_secret: str | None = None,
    *,
    require_pkce: bool = False,
) -> OidcProvider:
    """Start an OpenID Connect provider with one confidential client (authorization code, RS256).

    ``redirect_uris`` are matched exactly. Without ``client_secret`` a random one is made (read it
    from ``.client_secret``). PKCE is accepted when sent and required only with ``require_pkce``.
    """
    if not redirect_uris:
        raise ValueError("The client needs at least one redirect URI.")
    client_secret = client_secret or secrets.token_urlsafe(32)
    process = _ProviderProcess(
        "oidc",
        "tests.idp.oidc.serve",
        {
            "users": [asdict(user) for user in users],
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": list(redirect_uris),
            "require_pkce": require_pkce,
        },
    )
    ready = process.wait_until_ready(lambda ready: f"{ready['issuer']}/.well-known/openid-configuration")
    return OidcProvider(process, ready, client_id, client_secret, list(users))


def start_saml_idp(users: list[IdpUser], sp_entity_id: str, acs_url: str) -> SamlIdp:
    """Start a SAML 2.0 IdP that knows one SP: ``sp_entity_id`` with its ACS at ``acs_url`` (HTTP-POST)."""
    process = _ProviderProcess(
        "saml",
        "tests.idp.saml.serve",
        {"users": [asdict(user) for user in users], "sp_entity_id": sp_entity_id, "acs_url": acs_url},
    )
    ready = process.wait_until_ready(lambda ready: ready["metadata_url"])
    return SamlIdp(process, ready, sp_entity_id, acs_url, list(users))


@pytest.fixture
def oidc_provider_factory() -> Iterator[Callable[..., OidcProvider]]:
    """``start_oidc_provider``; every provider it started is stopped at teardown."""
    started: list[OidcProvider] = []

    def start(*args: Any, **kwargs: Any) -> OidcProvider:
        provider = start_oidc_provider(*args, **kwargs)
        started.append(provider)
        return provider

    yield start
    for provider in started:
        provider.stop()


@pytest.fixture
def saml_idp_factory() -> Iterator[Callable[..., SamlIdp]]:
    """``start_saml_idp``; every IdP it started is stopped at teardown."""
    started: list[SamlIdp] = []

    def start(*args: Any, **kwargs: Any) -> SamlIdp:
        idp = start_saml_idp(*args, **kwargs)
        started.append(idp)
        return idp

    yield start
    for idp in started:
        idp.stop()


def _subprocess_environment() -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in _DROPPED_VARIABLES and not name.startswith(_DROPPED_PREFIXES)
    }
    environment["PYTHONPATH"] = str(REPO_ROOT)
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


def _clock_offset() -> float:
    """Seconds between this process's clock and the real one (non-zero under time-machine travel)."""
    if "time_machine" not in sys.modules:
        return 0.0
    from time_machine import escape_hatch

    if not escape_hatch.is_travelling():
        return 0.0
    return time.time() - escape_hatch.time.time()
