# The parts of django-modeltrans (0.10) this project uses; the package ships no types.
from collections.abc import Sequence
from typing import Any

from django.db.models import JSONField

class TranslationField(JSONField[Any]):
    fields: tuple[str, ...]
    def __init__(
        self,
        fields: Sequence[str] | None = ...,
        required_languages: Sequence[str] | dict[str, Sequence[str]] | None = ...,
        virtual_fields: bool = ...,
        fallback_language_field: str | None = ...,
        *args: Any,
        **kwargs: Any,
    ) -> None: ...
