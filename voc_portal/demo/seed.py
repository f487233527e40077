"""`manage.py seed_demo`: the shared demo rows (catalog.demo), then each app's demo hook.

This app sits on top with the project wiring: it is the one place that knows every domain app.
"""

from __future__ import annotations

import importlib
import random
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from voc_portal.catalog.demo import DEMO_SEED, DemoContext, seed_shared
from voc_portal.core.demo_logins import DEMO_PASSWORD

DEMO_HOOKS = ("inquiries.demo", "reviews.demo", "refunds.demo")


def run_hooks(ctx: DemoContext, hooks=DEMO_HOOKS) -> list[str]:
    """Calls `seed(ctx)` of each importable hook module; returns the names that ran."""
    ran = []
    for name in hooks:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name in (name, name.rpartition(".")[0]):
                continue  # that app has no demo data (yet)
            raise
        with transaction.atomic():
            created = module.seed(ctx) or 0
        ctx.count(f"{name.partition('.')[0]} rows", int(created))
        ran.append(name)
    return ran


def seed_all(*, now: datetime | None = None) -> DemoContext:
    rnd = random.Random(DEMO_SEED)
    now = now or timezone.now()
    with transaction.atomic():
        ctx = seed_shared(rnd, now, password_hash=make_password(DEMO_PASSWORD))
    run_hooks(ctx)
    return ctx
