# Types for django-ratelimit (ships none). Only what KoSI-Lab uses (kosilab/core/ratelimit.py).

ALL: tuple[None]
UNSAFE: list[str]
VERSION: tuple[int, int, int]
__version__: str
