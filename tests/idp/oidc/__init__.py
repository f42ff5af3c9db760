"""The OpenID Connect provider: a small Django project of its own on django-oauth-toolkit.

Started by ``serve.py`` in a subprocess; never imported into the test process's Django.
"""
