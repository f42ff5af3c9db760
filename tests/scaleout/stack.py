"""Several app servers behind a load balancer, started for the scale-out test (``test_scaleout.py``).

One PostgreSQL database made for the run (``kosilab_scaleout_<random>``, migrated once by
``manage.py release``, dropped at the end), Redis databases 7 (cache: rate limits, kept pages,
sessions) and 8 (the RQ task queue), two gunicorn app servers in the production profile, two RQ
workers, and nginx (Debian's binary, unprivileged: its own prefix, temp folders, pid and logs in a
temp folder, ``daemon off``) balancing round robin over the two servers. Every process has a
``KOSILAB_VAR_DIR`` of its own, so nothing is shared through the local disk by accident: mails are
files in the var folder of the worker that sent them.

Everything is started in a process group of its own and stopped (group by group) by
:meth:`Stack.close`, also when a start fails half-way.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookies
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis

from kosilab.core.tests.live import free_port

ROOT = Path(__file__).resolve().parents[2]
# KOSILAB_NGINX names another binary; /usr/sbin (Debian's place) is not on every PATH.
NGINX = os.environ.get("KOSILAB_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
# Only these two Redis databases: the others belong to other test runs on the same Redis.
REDIS_CACHE_DB = 7
REDIS_QUEUE_DB = 8
SECRET_KEY = "scaleout-" + "k" * 60
# Any 32 letters: Django accepts a CSRF token that equals the cookie's secret.
CSRF_TOKEN = "s" * 32


# --- HTTP through the balancer ---------------------------------------------------------------


@dataclass
class Reply:
    status: int  # 0: no answer at all (connection failed)
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    upstream: str = ""  # the app server nginx used last (X-Upstream), "" when nginx answered itself
    started: float = 0.0
    ended: float = 0.0
    content: bytes = b""


def request(
    base: str,
    method: str,
    path: str,
    *,
    body: dict | None = None,
    cookies: dict[str, str] | None = None,
    source: str = "127.0.0.1",
    timeout: float = 60,
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> Reply:
    """One request without following redirects. ``source`` is the client's own address (any of
    127.0.0.0/8), which the app must see through nginx's X-Forwarded-For."""
    url = urllib.parse.urlsplit(base)
    started = time.monotonic()
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout, source_address=(source, 0))
    # The CSRF cookie is always this fixed token (the one the header repeats), whatever a server set.
    jar = {**(cookies or {}), "csrftoken": CSRF_TOKEN}
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        "X-CSRFToken": CSRF_TOKEN,
        "Accept-Language": "en",
        "Host": f"{url.hostname}:{url.port}",
    }
    payload: str | bytes | None = None
    if files:
        payload, headers["Content-Type"] = _multipart(body or {}, files)
    elif body is not None:
        payload = urllib.parse.urlencode(body, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        content = response.read()
        text = content.decode("utf-8", "replace")
        found = {k.lower(): v for k, v in response.getheaders()}
        set_cookies = response.msg.get_all("Set-Cookie") or []
        if set_cookies:
            found["set-cookie"] = "\n".join(set_cookies)
        # X-Upstream lists every server nginx tried ("a, b" after a retry): the last one answered.
        upstream = found.get("x-upstream", "").split(",")[-1].strip()
        return Reply(response.status, text, found, upstream, started, time.monotonic(), content)
    except OSError as error:
        return Reply(0, repr(error), started=started, ended=time.monotonic())
    finally:
        conn.close()


def _multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A form with files as a browser sends it; ``files``: field -> (file name, content, type)."""
    boundary = "----kosilab" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """A client that keeps its cookies, as a browser does (Secure flags aside: plain HTTP here)."""

    def __init__(self, base: str, source: str = "127.0.0.1") -> None:
        self.base = base
        self.source = source
        self.cookies: dict[str, str] = {}

    def go(self, method: str, path: str, body: dict | None = None) -> Reply:
        reply = request(self.base, method, path, body=body, cookies=self.cookies, source=self.source)
        for line in reply.headers.get("set-cookie", "").splitlines():
            cookie = http.cookies.SimpleCookie(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply


# --- Processes -------------------------------------------------------------------------------


def _base_env() -> dict[str, str]:
    """The environment without this test run's own settings (test profile, its database, its Redis)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KOSILAB_", "DATABASE_", "REDIS_"))}


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            out.write(f"\n=== start {time.strftime('%H:%M:%S')}: {' '.join(self.command)}\n")
            out.flush()
            # A session (process group) of its own: a stop reaches gunicorn's workers and RQ's work horses too.
            self.process = subprocess.Popen(  # noqa: S603 - fixed commands of this test
                self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40) -> float:
        """Stop it (SIGTERM: gracefully; SIGKILL: the whole group at once, as a dying machine), wait
        until the whole group is gone; returns the seconds that took."""
        started = time.monotonic()
        if self.process is None:
            return 0.0
        if sig == signal.SIGKILL:
            self.signal_group(signal.SIGKILL)
        else:
            self.process.send_signal(sig)  # the master (gunicorn, rqworker) stops its children itself
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.process.wait(timeout=10)
        # Orphans of the group (a work horse, a gunicorn worker) must not outlive their master.
        deadline = time.monotonic() + 10
        while _group_alive(self.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _group_alive(self.process.pid):
            self.signal_group(signal.SIGKILL)
        return time.monotonic() - started

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux: from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (name) state ppid ...": the name may hold spaces and brackets, so split after its end.
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class AppServer(Process):
    port: int = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90) -> float:
        """Wait until /health/ready/ of this server (asked directly, not through nginx) answers 200."""
        started = time.monotonic()
        deadline = started + timeout
        last = ""
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"{self.name} exited:\n{self.tail()}")
            reply = request(f"http://{self.address}", "GET", "/health/ready/", timeout=5)
            if reply.status == 200:
                return time.monotonic() - started
            last = f"{reply.status} {reply.text[:200]}"
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready within {timeout} s (last answer: {last}):\n{self.tail()}")

    def warm_up(self, pages: tuple[str, ...] = ("/", "/events/", "/labs/", "/accounts/login/")) -> float:
        """Ask each page a few times at once, directly: a fresh worker loads URLs, templates and
        translations at its first requests (seconds on a busy machine), which /health/ready/ does
        not; without this, the first requests after the server is put back wait for that."""
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            replies = list(pool.map(lambda path: request(f"http://{self.address}", "GET", path), pages * 2))
        failed = [(r.status, r.text[:200]) for r in replies if r.status != 200]
        if failed:
            raise RuntimeError(f"{self.name} failed its warm-up: {failed}")
        return time.monotonic() - started


DEPLOY = ROOT / "deploy"

# The balancer of the test: the shipped site configuration's upstream and proxy location
# (deploy/nginx/kosilab.conf), on plain HTTP (TLS is not what is proven here), everything in {prefix}.
NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstreams '$msec $request_method $uri $status up=$upstream_addr upstatus=$upstream_status';
    access_log {prefix}/access.log upstreams;
    client_body_temp_path {prefix}/temp/client_body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;

{upstream}
    server {{
        listen 127.0.0.1:{port};
        {body_size}
{location}
    }}
}}
"""


def shipped_nginx(first: str, second: str, down: str | None = None) -> dict[str, str]:
    """The parts of deploy/nginx/kosilab.conf the test's balancer runs: the upstream block with the
    test's two servers in place of 127.0.0.1:8001 and :8002 (``down``: that one marked down), the
    upload size limit and the ``location /`` that passes requests on, plus an X-Upstream header
    telling the test which server answered."""
    site = (DEPLOY / "nginx" / "kosilab.conf").read_text()
    upstream = _block(site, "upstream kosilab")
    for shipped, address in (("127.0.0.1:8001", first), ("127.0.0.1:8002", second)):
        line = re.search(rf"^\s*server {re.escape(shipped)}([^;]*);", upstream, re.MULTILINE)
        if line is None:
            raise RuntimeError(f"deploy/nginx/kosilab.conf has no server {shipped} in its upstream")
        marked = line.group(0).replace(shipped, address)
        if address == down:
            marked = marked[:-1] + " down;"
        upstream = upstream.replace(line.group(0), marked)
    location = _block(site, "location / {", after="listen 443")
    location = location.replace(
        "proxy_pass http://kosilab;", "proxy_pass http://kosilab;\n        add_header X-Upstream $upstream_addr always;"
    )
    body_size = re.search(r"^\s*(client_max_body_size [^;]+;)", site, re.MULTILINE)
    if body_size is None:
        raise RuntimeError("deploy/nginx/kosilab.conf sets no client_max_body_size")
    return {"upstream": upstream, "location": location, "body_size": body_size.group(1)}


def _block(text: str, opening: str, after: str = "") -> str:
    """The block ``opening ... { ... }`` (braces counted) that first follows ``after`` in ``text``."""
    begin = text.index(opening, text.index(after) if after else 0)
    depth = 0
    for at in range(text.index("{", begin), len(text)):
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        if depth == 0:
            return text[begin : at + 1]
    raise RuntimeError(f"{opening!r} is not closed")


def _exec_start(unit: str, instance: str = "") -> list[str]:
    """The words of the ExecStart of deploy/systemd/``unit`` (continuation lines joined, ``%i`` as
    ``instance``)."""
    lines = (DEPLOY / "systemd" / unit).read_text().splitlines()
    at = next((i for i, line in enumerate(lines) if line.startswith("ExecStart=")), None)
    if at is None:
        raise RuntimeError(f"deploy/systemd/{unit} has no ExecStart")
    command = lines[at].removeprefix("ExecStart=")
    while command.endswith("\\"):
        at += 1
        command = command[:-1] + " " + lines[at]
    return shlex.split(command.replace("%i", instance))


def shipped_gunicorn(address: str, name: str) -> list[str]:
    """gunicorn's options from deploy/systemd/kosilab-web@.service, bound to ``address``."""
    words = _exec_start("kosilab-web@.service")
    if words[1] != "config.wsgi":
        raise RuntimeError(f"the app server unit starts {words[:2]}, not gunicorn config.wsgi")
    options = words[2:]
    for flag, value in (("--bind", address), ("--name", name)):
        options[options.index(flag) + 1] = value
    return options


def shipped_periodic(schedule: str) -> list[str]:
    """The command deploy/systemd/kosilab-periodic@.service runs for ``schedule`` (its timer's
    instance), with this test's Python in place of the installation's."""
    python, *words = _exec_start("kosilab-periodic@.service", schedule)
    if not python.endswith("/python") or words[:2] != ["manage.py", "periodic"]:
        raise RuntimeError(f"the periodic unit runs {[python, *words]}, not manage.py periodic")
    return [sys.executable, *words]


class Stack:
    """Database, nginx, two app servers and two workers; :meth:`close` takes it all down again."""

    def __init__(self, database_url: str, extra_env: dict[str, str] | None = None) -> None:
        self.admin_url = database_url
        self.extra_env = extra_env or {}
        self.name = f"kosilab_scaleout_{secrets.token_hex(4)}"
        split = urllib.parse.urlsplit(database_url)
        self.database_url = urllib.parse.urlunsplit(split._replace(path=f"/{self.name}"))
        self.host = split.hostname or "127.0.0.1"
        self.root = Path(tempfile.mkdtemp(prefix="kosilab-scaleout-"))
        self.redis_host = os.environ.get("KOSILAB_SCALEOUT_REDIS_HOST", "127.0.0.1:6379")
        self.redis_url = f"redis://{self.redis_host}/{REDIS_CACHE_DB}"
        self.queue_url = f"redis://{self.redis_host}/{REDIS_QUEUE_DB}?socket_connect_timeout=2&socket_timeout=5"
        self.database_created = False
        self.servers: list[AppServer] = []
        self.workers: list[Process] = []
        self.nginx: Process | None = None
        self.port = 0
        self.timings: dict[str, float] = {}

    # The settings every process gets; ``var`` is its own folder.
    def env(self, var: Path) -> dict[str, str]:
        return {
            **_base_env(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KOSILAB_ENV": "production",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_DEBUG": "false",
            # Plain HTTP between the test and nginx: no redirect to https (TLS would end at the balancer).
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "KOSILAB_TASKS": "redis",
            "KOSILAB_TASKS_REDIS_URL": self.queue_url,
            # nginx is the one proxy in front: the client is the address it saw.
            "KOSILAB_TRUSTED_PROXY_COUNT": "1",
            "KOSILAB_SITE_URL": "http://127.0.0.1",
            "KOSILAB_VAR_DIR": str(var),
            **self.extra_env,
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def redis(self, db: int) -> redis.Redis:
        host, _, port = self.redis_host.partition(":")
        return redis.Redis(host=host, port=int(port or 6379), db=db, socket_connect_timeout=2)

    # --- start ---

    def start(self) -> None:
        started = time.monotonic()
        for db in (REDIS_CACHE_DB, REDIS_QUEUE_DB):
            self.redis(db).flushdb()
        self._create_database()
        self.servers = [self._app_server(name) for name in ("app-a", "app-b")]
        self.workers = [self._worker(name) for name in ("worker-1", "worker-2")]
        self._release()
        self.timings["release"] = time.monotonic() - started
        for server in self.servers:
            server.start()
        for worker in self.workers:
            worker.start()
        self._start_nginx()
        for server in self.servers:
            server.wait_ready()
        self._wait_for_balancer()
        self.timings["start"] = time.monotonic() - started

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.database_created = True

    def _var(self, name: str) -> Path:
        var = self.root / name
        var.mkdir()
        return var

    def _app_server(self, name: str) -> AppServer:
        """gunicorn as deploy/systemd/kosilab-web@.service starts it, on a free port."""
        var = self._var(name)
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", *shipped_gunicorn(f"127.0.0.1:{port}", name)]
        return AppServer(name, command, self.env(var), var / "server.log", port=port)

    def _worker(self, name: str) -> Process:
        var = self._var(name)
        command = [
            sys.executable,
            "manage.py",
            "rqworker",
            "default",
            "--with-scheduler",
            f"--name=scaleout-{name}-{secrets.token_hex(3)}",
        ]
        return Process(name, command, self.env(var), var / "worker.log")

    def _release(self) -> None:
        """``manage.py release`` once (migrations, method library, static files of server A); the
        other server collects its static files into its own var folder, at the same time."""
        first, second = self.servers
        release = subprocess.Popen(
            [sys.executable, "manage.py", "release", "--verbosity=0"],
            cwd=ROOT,
            env=first.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        collect = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
            cwd=ROOT,
            env=second.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        output, _ = release.communicate(timeout=300)
        if release.returncode != 0:
            raise RuntimeError(f"manage.py release failed:\n{output}")
        if collect.returncode != 0:
            raise RuntimeError(f"collectstatic failed:\n{collect.stdout}{collect.stderr}")

    def _start_nginx(self) -> None:
        prefix = self.root / "nginx"
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "temp" / sub).mkdir(parents=True)
        if os.geteuid() == 0:
            # Run as root, nginx's worker drops to "nobody": let it write its temp files.
            for path in [self.root, prefix, prefix / "temp", *(prefix / "temp").iterdir()]:
                path.chmod(0o777 if path.parent.name == "temp" else 0o755)
        self.port = free_port()
        conf = self._configure_nginx(down=None)
        self.nginx = Process(
            "nginx",
            [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
            {},
            prefix / "run.log",
        )
        self.nginx.env = dict(os.environ)
        self.nginx.start()

    def _configure_nginx(self, down: AppServer | None) -> Path:
        prefix = self.root / "nginx"
        first, second = self.servers
        conf = prefix / "nginx.conf"
        shipped = shipped_nginx(first.address, second.address, down=down.address if down else None)
        conf.write_text(NGINX_CONF.format(prefix=prefix, port=self.port, **shipped))
        test = subprocess.run(  # noqa: S603
            [NGINX, "-t", "-q", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
            capture_output=True,
            text=True,
        )
        if test.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{test.stderr}")
        return conf

    def route(self, *, down: AppServer | None) -> float:
        """Reload nginx with ``down`` taken out of the upstream (None: both in); returns once the
        balancer answers as configured (a reload lets the old nginx worker finish its requests)."""
        started = time.monotonic()
        self._configure_nginx(down=down)
        assert self.nginx is not None and self.nginx.process is not None
        old_workers = _children(self.nginx.process.pid)
        self.nginx.process.send_signal(signal.SIGHUP)
        expected = {server.address for server in self.servers if server is not down}
        deadline = started + 20
        seen: list[str] = []
        while time.monotonic() < deadline:
            seen = [request(self.url, "GET", "/health/live/", timeout=5).upstream for _ in range(6)]
            if set(seen) == expected:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"nginx did not take up the new upstream (last served by {seen})")
        # The old worker finishes the requests it had accepted, still by the old upstream list: a
        # request it passes to the drained server after that server's stop began would be lost
        # (measured: one 502 in 2,567 requests). Drained means: the old worker is gone.
        while old_workers & _children(self.nginx.process.pid):
            if time.monotonic() > deadline:
                raise RuntimeError("nginx's old worker did not finish its requests")
            time.sleep(0.05)
        return time.monotonic() - started

    def _wait_for_balancer(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nginx is None or not self.nginx.running:
                raise RuntimeError(f"nginx exited:\n{(self.root / 'nginx' / 'error.log').read_text()}")
            if request(self.url, "GET", "/health/ready/", timeout=5).status == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("nginx did not answer")

    def nginx_errors(self, lines: int = 20) -> str:
        """The last lines of nginx's error log (why it answered 502, when it did)."""
        try:
            return "\n".join((self.root / "nginx" / "error.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def server_named(self, upstream: str) -> str:
        for server in self.servers:
            if server.address == upstream:
                return server.name
        return upstream or "nginx"

    def periodic(self, schedule: str) -> str:
        """One run of the shipped timer ``kosilab-periodic@<schedule>`` (as systemd starts it, on one
        of the machines); returns what it printed."""
        var = self.root / "periodic"
        var.mkdir(exist_ok=True)
        done = subprocess.run(  # noqa: S603 - the shipped unit's command
            shipped_periodic(schedule), cwd=ROOT, env=self.env(var), capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py periodic {schedule} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    # --- restart ---

    def restart(self, server: AppServer) -> dict[str, float]:
        """A planned restart of one app server: take it out of the balancer (nginx reload), stop it
        gracefully (SIGTERM: it finishes what it has), start it again on its port, wait for its
        /health/ready/, put it back."""
        drained = self.route(down=server)
        stopped = server.stop(signal.SIGTERM)
        server.start()
        ready = server.wait_ready()
        warm = server.warm_up()
        back = self.route(down=None)
        return {"drained": drained, "stopped": stopped, "ready": ready, "warm": warm, "back": back}

    # --- stop ---

    def close(self) -> None:
        processes = [*self.servers, *self.workers, *([self.nginx] if self.nginx else [])]
        for process in processes:  # all at once: each takes seconds to stop gracefully
            if process.running and process.process is not None:
                process.process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        for process in processes:
            try:
                if process.running:
                    process.stop(signal.SIGTERM, timeout=30)
            except Exception:
                process.signal_group(signal.SIGKILL)
        self.timings["stop"] = time.monotonic() - started
        if self.database_created:
            import psycopg

            with psycopg.connect(self.admin_url, dbname="postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        for db in (REDIS_CACHE_DB, REDIS_QUEUE_DB):
            with contextlib.suppress(redis.RedisError):
                self.redis(db).flushdb()
        self.timings["close"] = time.monotonic() - started
        print(
            f"\nscale-out stack: processes stopped in {self.timings['stop']:.1f} s, all gone after {self.timings['close']:.1f} s"
        )
        if os.environ.get("KOSILAB_SCALEOUT_KEEP"):
            print(f"scale-out logs kept in {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)
