"""Settings for the test suite: the ``test`` profile of config.settings."""

import os

os.environ["KOSILAB_ENV"] = "test"

from config.settings import *  # noqa: F403
