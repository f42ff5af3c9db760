import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _refuse_unprepared_release() -> None:
    """In production, stop before serving if ``manage.py release`` has not been run (see kosilab/core/release.py)."""
    from django.conf import settings

    if settings.PRODUCTION:
        from kosilab.core.release import check_release

        check_release()


_refuse_unprepared_release()
