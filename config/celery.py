"""The Celery app. Settings come from Django settings with the CELERY_ prefix.

Without a broker (the embedded default) tasks run in-process: ``CELERY_TASK_ALWAYS_EAGER`` is then
set explicitly in settings, never as a silent fallback for a misconfigured broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sociaal_invorderen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
