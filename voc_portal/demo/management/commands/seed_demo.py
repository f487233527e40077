"""`manage.py seed_demo`: the demo data of `make run`. Idempotent: a second run changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from voc_portal.core.demo_logins import format_logins
from voc_portal.demo.seed import seed_all


class Command(BaseCommand):
    help = "Create the demo developer accounts, apps, customers, purchases and each app's rows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, **options):
        ctx = seed_all()
        created = {what: n for what, n in ctx.created.items() if n}
        if created:
            summary = ", ".join(f"{n} {what}" for what, n in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {summary}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        if not options["quiet_logins"]:
            self.stdout.write(format_logins(settings.SITE_URL))
