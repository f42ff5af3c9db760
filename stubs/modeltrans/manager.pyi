# The parts of django-modeltrans (0.10) this project uses; the package ships no types. Its app
# swaps the managers of translated models for MultilingualManager, which the Django plugin of mypy
# looks up by name.
from typing import TypeVar

from django.db.models import Manager, Model, QuerySet

_T = TypeVar("_T", bound=Model)

class MultilingualQuerySet(QuerySet[_T]): ...
class MultilingualManager(Manager[_T]): ...
