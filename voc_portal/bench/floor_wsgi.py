"""The bench's WSGI entry for the floor rows (bench/floor.py): `/bench/floor/raw/` skips Django,
the rest goes through it with bench.floor's URLconf in front of the project's."""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voc_portal.settings.production")
django.setup()
settings.ROOT_URLCONF = "voc_portal.bench.floor"
_django = get_wsgi_application()


def raw(environ, start_response):
    """The WSGI floor: gunicorn and the network, nothing else."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench/floor/raw/":
        return raw(environ, start_response)
    return _django(environ, start_response)
