from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused a write. ``message`` is translated and shown to the user.

    ``field`` names the form field the message belongs to, if any.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
