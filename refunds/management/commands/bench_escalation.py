"""Benchmark the escalation sweep: `manage.py bench_escalation --total 200000 --due 10000`.

Creates a throw-away developer account with `total` inquiries, `due` of them past due (each tied
to a paid purchase, so every escalation also opens a refund case and emails one member), runs
`inquiry_escalation_sweep` once, prints the time, and deletes what it created. Not a test: run
it against a scratch database (it escalates every due inquiry it finds there).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep_detailed
from inquiries.models import Category, Inquiry, InquiryEvent, Message, Status
from refunds.models import RefundEvent, RefundRequest, Source
from voc_portal.accounts.models import Customer, DeveloperAccount, Membership, User
from voc_portal.catalog.models import App, Purchase
from voc_portal.mail.models import OutboundEmail

CHUNK = 5000


class Command(BaseCommand):
    help = "Measure the escalation sweep over N due inquiries among a larger table."

    def add_arguments(self, parser):
        parser.add_argument("--total", type=int, default=200_000)
        parser.add_argument("--due", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--members", type=int, default=1, help="members emailed per escalation (0: none)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the generated rows")

    def handle(self, *args, total, due, batch_size, members, keep, **options):
        tag = f"bench{int(time.time())}"
        t0 = time.perf_counter()
        account, app = self._seed(tag, total=total, due=due, members=members)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE inquiries_inquiry")
        self.stdout.write(
            f"seeded {total} inquiries ({due} due) in {time.perf_counter() - t0:.1f}s"
        )

        start = time.perf_counter()
        result = inquiry_escalation_sweep_detailed(batch_size=batch_size)
        elapsed = time.perf_counter() - start
        rate = result.escalated / elapsed if elapsed else 0
        cases = RefundRequest.objects.filter(account=account, source=Source.ESCALATION).count()
        self.stdout.write(
            f"sweep: escalated {result.escalated}, opened {cases} cases, in "
            f"{elapsed:.2f}s ({rate:.0f}/s, batch size {batch_size}, {members} member emails each)"
        )
        again = time.perf_counter()
        second = inquiry_escalation_sweep_detailed(batch_size=batch_size)
        self.stdout.write(
            f"second sweep (nothing due): {second.escalated} in {time.perf_counter() - again:.3f}s"
        )
        if not keep:
            self._cleanup(account, app)

    def _seed(self, tag: str, *, total: int, due: int, members: int):
        now = timezone.now()
        with transaction.atomic():
            account = DeveloperAccount.objects.create(name=f"Bench {tag}")
            for m in range(members):
                member = User.objects.create_user(f"{tag}-{m}@bench.example", full_name="Member")
                Membership.objects.create(account=account, user=member)
            app = App.objects.create(
                account=account, title=f"Bench {tag}", package_name=f"com.{tag}.app", price=1100
            )
            cust_user = User.objects.create_user(f"{tag}-customer@bench.example")
            customer = Customer.objects.create(user=cust_user, customer_number=tag[-20:])
        for offset in range(0, total, CHUNK):
            with transaction.atomic():
                size = min(CHUNK, total - offset)
                purchases = []
                due_here = max(0, min(size, due - offset))
                if due_here:
                    purchases = Purchase.objects.bulk_create(
                        [
                            Purchase(
                                customer=customer,
                                app=app,
                                item_name="Gems",
                                purchased_at=now - timedelta(days=5),
                                amount=1100,
                                tid=f"{tag}T{offset + n}",
                                txid=f"{tag}X{offset + n}",
                                receipt_number=f"{tag}R{offset + n}",
                            )
                            for n in range(due_here)
                        ]
                    )
                rows = []
                for n in range(size):
                    i = offset + n
                    if n < due_here:
                        status, due_at = Status.AWAITING_DEVELOPER, now - timedelta(minutes=i + 1)
                    elif i % 2:
                        status, due_at = Status.AWAITING_DEVELOPER, now + timedelta(minutes=i)
                    else:
                        status, due_at = Status.ANSWERED, None
                    rows.append(
                        Inquiry(
                            account=account,
                            app=app,
                            customer=customer,
                            purchase=purchases[n] if n < due_here else None,
                            category=Category.REFUND,
                            subject=f"Bench {i}",
                            status=status,
                            awaiting_since=due_at - timedelta(hours=72) if due_at else None,
                            due_at=due_at,
                        )
                    )
                Inquiry.objects.bulk_create(rows)
        return account, app

    def _cleanup(self, account, app):
        with transaction.atomic():
            inquiries = Inquiry.objects.filter(account=account)
            refunds = RefundRequest.objects.filter(account=account)
            RefundEvent.objects.filter(refund__in=refunds).delete()
            refunds.delete()
            InquiryEvent.objects.filter(inquiry__in=inquiries).delete()
            Message.objects.filter(inquiry__in=inquiries).delete()
            inquiries.delete()
            Purchase.objects.filter(app=app).delete()
            users = list(account.members.all())
            OutboundEmail.objects.filter(to_user__in=users).delete()
            customer = Customer.objects.filter(
                purchases__isnull=True, user__email__endswith="@bench.example"
            )
            cust_users = list(User.objects.filter(customer__in=customer))
            customer.delete()
            app.delete()
            account.delete()
            for user in users + cust_users:
                user.delete()
        self.stdout.write("bench rows deleted")
