"""Start the SAML 2.0 test IdP: ``python -m tests.idp.saml.serve --port 0 --config FILE``.

The config (written by ``tests/idp/fixtures.py``) names the users, the SP's entity ID and its ACS
URL. Every start generates a new key and self-signed certificate, writes the SP's metadata beside
the config, and serves ``app.SamlIdpApp`` with a threaded WSGI server on 127.0.0.1 until SIGTERM.
"""

from __future__ import annotations

import shutil
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from tests.idp import serving
from tests.idp.saml import app


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    args = serving.parse_args("SAML 2.0 test identity provider (pysaml2)")
    config = serving.load_config(args.config)
    serving.follow_test_clock(config)
    serving.stop_on_sigterm()
    workdir = args.config.parent
    serving.exit_with_parent(workdir)

    xmlsec_binary = shutil.which("xmlsec1")
    if xmlsec_binary is None:
        raise SystemExit("xmlsec1 is missing: pysaml2 signs with it (Debian: apt-get install xmlsec1)")

    server = ThreadingWSGIServer((serving.HOST, args.port), WSGIRequestHandler)
    port = server.server_address[1]
    base_url = f"http://{serving.HOST}:{port}"

    key_pem, cert_pem = app.generate_key_and_certificate("KoSI-Lab SAML test IdP")
    key_file, cert_file, sp_metadata_file = workdir / "idp-key.pem", workdir / "idp-cert.pem", workdir / "sp.xml"
    key_file.write_text(key_pem, encoding="ascii")
    cert_file.write_text(cert_pem, encoding="ascii")
    sp_metadata_file.write_text(app.sp_metadata_xml(config["sp_entity_id"], config["acs_url"]), encoding="utf-8")

    idp_config = app.idp_config(
        base_url=base_url,
        key_file=key_file,
        cert_file=cert_file,
        sp_metadata_file=sp_metadata_file,
        xmlsec_binary=xmlsec_binary,
    )
    users = [
        app.User(email=user["email"], password=user["password"], name=user["name"], groups=tuple(user["groups"]))
        for user in config["users"]
    ]
    server.set_app(app.SamlIdpApp(idp_config, users, log=log))
    serving.write_ready(
        args.config,
        port=port,
        entity_id=idp_config.entityid,
        metadata_url=f"{base_url}/metadata",
        sso_url=f"{base_url}/sso/redirect",
        sso_post_url=f"{base_url}/sso/post",
        x509cert=app.pem_body(cert_pem),
    )
    log(f"SAML test IdP: {base_url}/metadata")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
