import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env


def test_env_reads_typed_values_with_defaults():
    env = Env({"A": "yes", "B": "12", "C": "a, b,,c", "D": "text"})
    assert env.boolean("A") is True
    assert env.boolean("MISSING", default=True) is True
    assert env.integer("B", 0) == 12
    assert env.items("C") == ["a", "b", "c"]
    assert env.string("D") == "text"
    assert env.string("MISSING", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("source", "call"),
    [
        ({}, lambda env: env.string("REQUIRED")),
        ({"X": "maybe"}, lambda env: env.boolean("X")),
        ({"X": "ten"}, lambda env: env.integer("X", 1)),
    ],
)
def test_env_refuses_missing_or_malformed_values_with_a_clear_message(source, call):
    with pytest.raises(ImproperlyConfigured, match=r"X|REQUIRED"):
        call(Env(source))


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_variable_set_to_nothing_counts_as_not_set(blank):
    env = Env({"X": blank})
    assert env.string("X", "sqlite:///var/kosilab.sqlite3") == "sqlite:///var/kosilab.sqlite3"
    assert env.boolean("X", default=True) is True  # "EMAIL_USE_TLS=" keeps TLS on
    assert env.integer("X", 30) == 30
    assert env.choice("X", ["self", "third-party"], "self") == "self"
    assert env.items("X", ["localhost"]) == ["localhost"]
    assert env.date("X") is None
    with pytest.raises(ImproperlyConfigured, match=r"The environment variable X must be set\."):
        env.string("X")
