"""Start the OpenID Connect test provider: ``python -m tests.idp.oidc.serve --port 0 --config FILE``.

The config (written by ``tests/idp/fixtures.py``) names the users, the client and its redirect
URIs. Every start generates a new RSA key (RS256), creates a new SQLite database beside the
config (tables straight from the models), creates the users, their groups and the client, and serves the project with
Django's threaded WSGI server on 127.0.0.1 until SIGTERM.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.idp import serving


def generate_rsa_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def create_users_and_client(config: dict[str, Any]) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    from tests.idp.oidc.claims import split_name

    for entry in config["users"]:
        given, family = split_name(entry["name"])
        user = User.objects.create_user(
            username=entry["email"],
            email=entry["email"],
            password=entry["password"],
            first_name=given,
            last_name=family,
        )
        for group_name in entry["groups"]:
            group, _ = Group.objects.get_or_create(name=group_name)
            user.groups.add(group)

    Application.objects.create(
        name="KoSI-Lab",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    args = serving.parse_args("OpenID Connect test provider (django-oauth-toolkit)")
    config = serving.load_config(args.config)
    serving.follow_test_clock(config)
    serving.stop_on_sigterm()
    workdir = args.config.parent
    serving.exit_with_parent(workdir)

    # The socket first: its port is part of the issuer, which the settings need.
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    server = ThreadedWSGIServer((serving.HOST, args.port), WSGIRequestHandler)
    port = server.server_address[1]
    issuer = f"http://{serving.HOST}:{port}"

    key_file = workdir / "oidc-signing-key.pem"
    key_file.write_text(generate_rsa_key_pem(), encoding="ascii")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.idp.oidc.settings"
    os.environ["KOSILAB_IDP_OIDC_ISSUER"] = issuer
    os.environ["KOSILAB_IDP_OIDC_DATABASE"] = str(workdir / "oidc.sqlite3")
    os.environ["KOSILAB_IDP_OIDC_KEY_FILE"] = str(key_file)
    os.environ["KOSILAB_IDP_OIDC_PKCE_REQUIRED"] = "1" if config.get("require_pkce") else "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    create_users_and_client(config)

    server.set_app(get_wsgi_application())
    serving.write_ready(args.config, port=port, issuer=issuer)
    print(f"OpenID Connect test provider: {issuer}/.well-known/openid-configuration", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
