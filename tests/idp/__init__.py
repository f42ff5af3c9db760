"""Two real identity providers for the single sign-on tests, each started as a subprocess.

``tests/idp/fixtures.py`` starts them (a pytest plugin); ``README.md`` beside this file documents
what they serve, the claims and attributes they release, and what CI needs.
"""
