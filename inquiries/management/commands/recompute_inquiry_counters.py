"""Recount the inquiry counters (inquiries.counters) from the inquiries; report drift, fix it."""

from django.core.management.base import BaseCommand

from inquiries.counters import inquiry_counters_recompute


class Command(BaseCommand):
    help = "Recompute the per-account/app/state inquiry counters; report and fix any drift."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report drift; change nothing (exit 1)."
        )

    def handle(self, *args, check: bool = False, **options):
        drift = inquiry_counters_recompute(fix=not check)
        verb = "drift" if check else "fixed"
        for account, app, category, status, escalated, assignee, stored, actual in drift:
            key = f"account {account}, app {app}, {category}, {status}"
            key += ", escalated" if escalated else ""
            key += f", assignee {assignee}" if assignee else ", unassigned"
            self.stdout.write(f"{verb}: {key}: {stored} -> {actual}")
        if drift:
            self.stdout.write(f"{len(drift)} counter(s) with drift" + ("" if check else ", fixed."))
            if check:
                raise SystemExit(1)
        else:
            self.stdout.write("No drift: every inquiry counter matches the inquiries.")
