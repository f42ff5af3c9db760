"""Settings of the throughput benchmark (bench/throughput.py): the project's settings, one URL more.

Everything (middleware, templates, sessions, the production profile chosen by ``KOSILAB_ENV``) is
``config.settings``; only the URLs come from ``bench/urls.py``, which adds the bare reference view
in front of the project's URLs, so that the reference passes through exactly the same stack.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
