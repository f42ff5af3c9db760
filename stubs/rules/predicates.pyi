from collections.abc import Callable
from typing import Any, overload

class Predicate:
    """A permission predicate; combine with ``&``, ``|``, ``^`` and ``~``, call with ``test``."""

    fn: Callable[..., object]
    num_args: int
    var_args: bool
    name: str
    bind: bool
    def __init__(self, fn: Predicate | Callable[..., object], name: str | None = None, bind: bool = False) -> None: ...
    # Calls the wrapped function as it is; ``test`` is the way to evaluate a predicate.
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def test(self, obj: object = ..., target: object = ...) -> bool: ...
    def __and__(self, other: Predicate) -> Predicate: ...
    def __or__(self, other: Predicate) -> Predicate: ...
    def __xor__(self, other: Predicate) -> Predicate: ...
    def __invert__(self) -> Predicate: ...

# ``@predicate`` on a function, or ``@predicate("name", bind=True)`` that returns the decorator.
@overload
def predicate(fn: Callable[..., object], name: str | None = None, *, bind: bool = False) -> Predicate: ...
@overload
def predicate(
    fn: str | None = None, name: str | None = None, *, bind: bool = False
) -> Callable[[Callable[..., object]], Predicate]: ...

always_allow: Predicate
always_deny: Predicate
is_authenticated: Predicate
