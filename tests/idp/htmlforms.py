"""Read the providers' HTML forms without a browser: the login forms and the SAML auto-post form.

``submit_login(session, page, email, password)`` fills a provider's login page (found by its
labels) and posts it with a ``requests.Session``, as a person with a browser would.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests


@dataclass
class Form:
    action: str  # absolute
    method: str  # lower case
    fields: dict[str, str] = field(default_factory=dict)  # name -> value of every named input
    labels: dict[str, str] = field(default_factory=dict)  # label text -> name of the input it labels


class _FormParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms: list[Form] = []
        self._names_by_id: dict[str, str] = {}
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._labels: list[tuple[str, str, Form]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.base_url, attributes.get("action", ""))
            self.forms.append(Form(action=action, method=attributes.get("method", "get").lower()))
        elif tag in ("input", "button", "textarea", "select") and self.forms and attributes.get("name"):
            if tag == "input" or tag == "textarea":
                self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")
            if attributes.get("id"):
                self._names_by_id[attributes["id"]] = attributes["name"]
        elif tag == "label":
            self._label_for = attributes.get("for", "")
            self._label_text = []

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self._label_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_for is not None and self.forms:
            self._labels.append((" ".join("".join(self._label_text).split()), self._label_for, self.forms[-1]))
            self._label_for = None

    def close(self) -> None:
        super().close()
        for text, for_id, form in self._labels:
            if for_id in self._names_by_id:
                form.labels[text] = self._names_by_id[for_id]


def forms(html: str, base_url: str) -> list[Form]:
    """Every form of the page, with absolute actions."""
    parser = _FormParser(base_url)
    parser.feed(html)
    parser.close()
    return parser.forms


def the_form(page: requests.Response) -> Form:
    found = forms(page.text, page.url)
    assert len(found) == 1, f"expected one form on {page.url}, found {len(found)}:\n{page.text[:2000]}"
    return found[0]


def submit_login(
    session: requests.Session, page: requests.Response, email: str, password: str, *, allow_redirects: bool = False
) -> requests.Response:
    """Fill the fields labelled "Email address" and "Password" of the page's form and post it."""
    form = the_form(page)
    assert form.method == "post", form
    data = dict(form.fields)
    data[form.labels["Email address"]] = email
    data[form.labels["Password"]] = password
    return session.post(form.action, data=data, allow_redirects=allow_redirects, timeout=10)
