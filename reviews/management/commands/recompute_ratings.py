"""Recount every app's rating figures from its reviews, report any drift, and fix it."""

from django.core.management.base import BaseCommand

from reviews.services import app_rating_recompute
from voc_portal.catalog.models import App


class Command(BaseCommand):
    help = "Recompute app rating aggregates from the reviews; report and fix any drift."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report drift; change nothing (exit 1)."
        )

    def handle(self, *args, check: bool = False, **options):
        drifted = 0
        for app in App.objects.order_by("id").iterator():
            drift = app_rating_recompute(app=app, fix=not check)
            if not drift:
                continue
            drifted += 1
            parts = ", ".join(f"{k} {old} -> {new}" for k, (old, new) in sorted(drift.items()))
            verb = "drift" if check else "fixed"
            self.stdout.write(f"{verb}: {app.package_name} (app {app.pk}): {parts}")
        if drifted:
            self.stdout.write(f"{drifted} app(s) with drift" + ("" if check else ", fixed."))
            if check:
                raise SystemExit(1)
        else:
            self.stdout.write("No drift: every app's rating matches its reviews.")
