"""The deployment files of deploy/ (docs/deployment.md) are what they claim: nginx accepts its
configuration, and the systemd units start commands this code base has."""

from __future__ import annotations

import configparser
import gc
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing; .ci/run installs it (apt-get install nginx).", pytrace=False)
        pytest.skip("nginx is not installed on this machine (apt-get install nginx)")
    return found


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = _nginx()
    subprocess.run(  # noqa: S603
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=lab.example.org", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "kosilab.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/lab.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/lab.example.org/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(  # noqa: S603
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def systemd_unit(name: str) -> configparser.ConfigParser:
    """deploy/systemd/``name``, parsed (also by kosilab/site/tests/test_periodic.py)."""
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "systemd" / name).read_text())
    return unit


def test_the_backup_unit_runs_the_backup_and_its_check():
    start = systemd_unit("kosilab-backup.service")["Service"]["ExecStart"]
    assert "manage.py backup " in start and "deploy/verify-backup.sh " in start
    assert {"backup", "restore"} <= set(get_commands())


def test_the_app_server_unit_runs_the_wsgi_application_behind_the_balancer():
    unit = systemd_unit("kosilab-web@.service")
    start = unit["Service"]["ExecStart"]
    assert "gunicorn config.wsgi" in start and "--bind 127.0.0.1:800%i" in start
    upstream = (DEPLOY / "nginx" / "kosilab.conf").read_text()
    assert "server 127.0.0.1:8001" in upstream and "server 127.0.0.1:8002" in upstream
    assert systemd_unit("kosilab-backup.timer")["Timer"]["OnCalendar"]
    assert (DEPLOY / "verify-backup.sh").stat().st_mode & 0o111  # executable, as the backup unit calls it


def test_the_app_server_unit_loads_the_gunicorn_settings_of_the_code(monkeypatch):
    """The unit's command line, parsed by gunicorn itself: it reads config/gunicorn.py (no control
    socket shared by the servers of a host; workers skip the final garbage collections on exit)."""
    from gunicorn.app.wsgiapp import WSGIApplication

    from config.gunicorn import worker_exit

    start = systemd_unit("kosilab-web@.service")["Service"]["ExecStart"].replace("\\\n", " ").replace("%i", "1")
    words = shlex.split(start)
    assert words[0] == "/srv/kosilab/.venv/bin/gunicorn"
    monkeypatch.chdir(settings.BASE_DIR)  # the unit's WorkingDirectory
    monkeypatch.setattr(sys, "argv", ["gunicorn", *words[1:]])
    config = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
    assert (config.workers, config.bind, config.graceful_timeout) == (4, ["127.0.0.1:8001"], 30)
    assert config.control_socket_disable is True
    # gunicorn executes the file itself (a module object of its own): the same function, by its code.
    assert config.worker_exit.__code__.co_code == worker_exit.__code__.co_code
    assert (
        Path(config.worker_exit.__code__.co_filename).resolve()
        == Path(settings.BASE_DIR, "config", "gunicorn.py").resolve()
    )


def test_a_stopping_worker_leaves_its_objects_to_the_operating_system():
    from config.gunicorn import worker_exit

    assert gc.get_freeze_count() == 0
    try:
        worker_exit(None, None)
        assert gc.get_freeze_count() > 10_000  # the loaded app: no final collection walks them
    finally:
        gc.unfreeze()
