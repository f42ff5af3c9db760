"""The test profile with a password hasher that takes as long as the real one (PBKDF2, about 0.2 s
here) without its CPU: for the server of a proof where the time a sign-up spends hashing matters
(test_signup_concurrency.py), on a machine whose two cores other tests share."""

import time

from django.contrib.auth.hashers import MD5PasswordHasher

from config.settings import *  # noqa: F403


class SlowHasher(MD5PasswordHasher):
    """MD5 (fast, for tests) after waiting 0.2 s, like a real hasher keeps the request busy."""

    algorithm = "slow_md5"
    delay = 0.2

    def encode(self, password: str, salt: str) -> str:
        time.sleep(self.delay)
        return super().encode(password, salt)


PASSWORD_HASHERS = ["kosilab.accounts.tests.settings_slow_hasher.SlowHasher"]
