"""The SAML 2.0 identity provider: a small WSGI app around pysaml2's ``saml2.server.Server``.

Started by ``serve.py`` in a subprocess; it needs the ``xmlsec1`` binary (Debian: ``xmlsec1``).
"""
