"""Project tools run by `make check` (architecture contracts), with their tests."""
