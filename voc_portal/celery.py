import os

from celery import Celery

from voc_portal.core import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voc_portal.settings.local")

# Before any broker connection: a worker must survive a Redis outage (voc_portal/core/broker.py).
broker.install()

app = Celery("voc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
