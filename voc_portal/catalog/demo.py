"""The shared demo rows and the context handed to each app's demo hook.

`manage.py seed_demo` (voc_portal.demo, run by `make run`) creates the shared rows here
(developer accounts, members, apps, customers, purchases, the three fixed logins) and then, for
each module in voc_portal.demo.DEMO_HOOKS, calls `module.seed(ctx)` so each app adds its own
demo rows (inquiries, reviews, refunds).

Writing a hook (e.g. `inquiries/demo.py`)::

    from voc_portal.catalog.demo import DemoContext

    def seed(ctx: DemoContext) -> int:
        if Inquiry.objects.filter(app__in=ctx.apps).exists():
            return 0                         # idempotent: a second run changes nothing
        rnd = ctx.random                     # seeded: same choices on every fresh database
        app = ctx.apps_of(ctx.accounts[0])[0]
        customer = ctx.users["customer"].customer
        ...                                  # create rows; prefer services where they exist
        return created_count                 # rows created (0 → "nothing changed")

Rules for hooks: idempotent (check first, or get_or_create on natural keys); use `ctx.random`
and `ctx.now` only (never `random` or `timezone.now()` directly) so data is reproducible; send
no email (write no outbox rows) unless the demo is meant to show them; run in their own
transaction (the command wraps each hook in `transaction.atomic()`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from voc_portal.accounts.models import Customer, DeveloperAccount, Language, Membership, User
from voc_portal.accounts.ops import ops_group_sync
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.demo_logins import DEMO_LOGINS

DEMO_SEED = 2026


@dataclass
class DemoContext:
    """What the shared seed created, for the app hooks.

    accounts   the 3 developer accounts, fixed order: [Starlight Games (dev@demo.voc owns it),
               Hangang Labs (dev@demo.voc is also a member: the account switcher), Bluebird Studio]
    apps       ~10 apps over those accounts, fixed order; free and paid; Korean and English titles
    customers  ~50 customers, fixed order; customers[0] is customer@demo.voc (language en);
               about half prefer Korean
    purchases  every demo purchase (completed and a few cancelled), fixed order
    users      named users: "developer", "developer2", "developer3", "ops", "customer"
    random     random.Random seeded with 2026, already advanced by the shared seed
    now        one timestamp for the whole run; put demo dates relative to it
    """

    accounts: list[DeveloperAccount]
    apps: list[App]
    customers: list[Customer]
    purchases: list[Purchase]
    users: dict[str, User]
    random: random.Random
    now: datetime
    created: dict[str, int] = field(default_factory=dict)

    def apps_of(self, account: DeveloperAccount) -> list[App]:
        return [a for a in self.apps if a.account_id == account.pk]

    def purchases_of(self, customer: Customer, app: App | None = None) -> list[Purchase]:
        return [
            p
            for p in self.purchases
            if p.customer_id == customer.pk and (app is None or p.app_id == app.pk)
        ]

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


# --- The shared rows ---------------------------------------------------------------------------

ACCOUNTS = [
    ("Starlight Games", "support@starlight.demo.voc"),
    ("Hangang Labs", "help@hangang.demo.voc"),
    ("Bluebird Studio", "cs@bluebird.demo.voc"),
]
# (email, name, language, [(account index, role)])
DEVELOPERS = [
    ("dev@demo.voc", "Jiwoo Han", "en", [(0, "owner"), (1, "agent")]),
    ("minji@demo.voc", "김민지", "ko", [(1, "owner")]),
    ("sam@demo.voc", "Sam Carter", "en", [(2, "owner"), (0, "agent")]),
]
# (account index, title, package, price, in-app items [(name, price)])
APPS = [
    (0, "Starlight Puzzle", "com.starlight.puzzle", 0, [("Gem pack 100", 1100), ("No ads", 3300)]),
    (0, "별빛 요리왕", "com.starlight.cooking", 2500, [("레시피 묶음", 1200)]),
    (0, "Starlight Chess Pro", "com.starlight.chess", 4900, []),
    (0, "별빛 캘린더", "com.starlight.calendar", 0, [("프리미엄 1개월", 2900)]),
    (1, "한강 러닝", "kr.hangang.running", 0, [("프리미엄 1년", 24000), ("코스 팩", 1900)]),
    (1, "Hangang Notes", "kr.hangang.notes", 3300, []),
    (1, "한강 가계부", "kr.hangang.budget", 1100, [("클라우드 백업", 2200)]),
    (2, "Bluebird Weather", "io.bluebird.weather", 0, [("Radar maps", 1500)]),
    (2, "파랑새 영어단어", "io.bluebird.vocab", 5500, [("TOEIC 단어장", 3900)]),
    (2, "Bluebird Photo Lab", "io.bluebird.photolab", 7700, [("Film filters", 2500)]),
]
KO_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신"]
KO_GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지유", "현우", "채원", "유진"]
EN_GIVEN = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Chloe", "Daniel"]
EN_FAMILY = ["Kim", "Smith", "Lee", "Brown", "Park", "Wilson", "Taylor", "Choi", "Clark", "Moore"]
CUSTOMER_COUNT = 50


def _user(email: str, *, full_name: str, language: str, password_hash: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": full_name, "language": language, "password": password_hash, **extra},
    )
    user._demo_created = created  # type: ignore[attr-defined]
    return user


def seed_shared(rnd: random.Random, now: datetime, *, password_hash: str) -> DemoContext:
    """Creates what is missing of the shared demo rows; existing rows are left untouched."""
    ctx = DemoContext([], [], [], [], {}, rnd, now)

    for name, support_email in ACCOUNTS:
        account, created = DeveloperAccount.objects.get_or_create(
            name=name, defaults={"support_email": support_email}
        )
        ctx.accounts.append(account)
        ctx.count("developer accounts", created)

    for i, (email, full_name, language, roles) in enumerate(DEVELOPERS):
        user = _user(email, full_name=full_name, language=language, password_hash=password_hash)
        ctx.users["developer" if i == 0 else f"developer{i + 1}"] = user
        ctx.count("users", user._demo_created)
        for account_index, role in roles:
            _, created = Membership.objects.get_or_create(
                account=ctx.accounts[account_index], user=user, defaults={"role": role}
            )
            ctx.count("memberships", created)

    ops = _user(
        DEMO_LOGINS["ops"],
        full_name="Ops Desk",
        language="ko",
        password_hash=password_hash,
        is_staff=True,
    )
    ctx.users["ops"] = ops
    ctx.count("users", ops._demo_created)
    group = ops_group_sync()
    if not ops.groups.filter(pk=group.pk).exists():
        ops.groups.add(group)
        ctx.count("group memberships")

    items_by_app: dict[int, list[tuple[str, int]]] = {}
    for account_index, title, package, price, items in APPS:
        app, created = App.objects.get_or_create(
            package_name=package,
            defaults={
                "account": ctx.accounts[account_index],
                "title": title,
                "price": price,
                "description": f"{title} — demo app.",
                "created_at": now - timedelta(days=400 - 30 * len(ctx.apps)),
            },
        )
        ctx.apps.append(app)
        ctx.count("apps", created)
        items_by_app[app.pk] = ([(title, price)] if price else []) + items

    for n in range(CUSTOMER_COUNT):
        _seed_customer(ctx, n, items_by_app, password_hash)
    return ctx


def _seed_customer(ctx: DemoContext, n: int, items_by_app, password_hash: str) -> None:
    rnd = ctx.random
    # Every random draw happens whether or not the row exists, so the sequence never shifts.
    korean = n % 2 == 1
    if korean:
        name = rnd.choice(KO_FAMILY) + rnd.choice(KO_GIVEN)
    else:
        name = f"{rnd.choice(EN_GIVEN)} {rnd.choice(EN_FAMILY)}"
    number = f"10{rnd.randrange(10**7, 10**8)}"
    email = DEMO_LOGINS["customer"] if n == 0 else f"customer{n:02d}@demo.voc"
    if n == 0:
        name = "Alex Morgan"
    language = Language.KO if korean else Language.EN
    user = _user(email, full_name=name, language=language, password_hash=password_hash)
    ctx.count("users", user._demo_created)
    customer, created = Customer.objects.get_or_create(
        user=user,
        defaults={"customer_number": number, "created_at": ctx.now - timedelta(days=300 - n)},
    )
    ctx.customers.append(customer)
    ctx.count("customers", created)
    if n == 0:
        ctx.users["customer"] = user

    # customer@demo.voc buys from every app of the first account (dev@demo.voc's).
    apps = ctx.apps_of(ctx.accounts[0]) if n == 0 else rnd.sample(ctx.apps, rnd.randint(1, 3))
    for app in apps:
        items = items_by_app[app.pk]
        for k in range(1 if n else 2):
            if not items:
                continue
            item_name, amount = items[rnd.randrange(len(items))]
            ctx.purchases.append(_seed_purchase(ctx, customer, app, item_name, amount, n, k))


def _seed_purchase(ctx, customer, app, item_name, amount, n, k) -> Purchase:
    rnd = ctx.random
    purchased_at = (ctx.now - timedelta(minutes=rnd.randrange(60, 150 * 24 * 60))).replace(
        second=0, microsecond=0
    )
    cancelled = rnd.random() < 0.08 and n != 0
    stamp = purchased_at.astimezone(timezone.get_default_timezone())
    serial = f"{n:03d}{ctx.apps.index(app):02d}{k}"
    tid = f"ONES{stamp:%Y%m%d%H%M%S}{serial}"
    txid = f"TX{rnd.getrandbits(120):030x}"
    receipt = f"{stamp:%Y%m%d}-{rnd.randrange(10**7, 10**8)}"
    purchase, created = Purchase.objects.get_or_create(
        customer=customer,
        app=app,
        tid__endswith=serial,
        defaults={
            "item_name": item_name,
            "tid": tid,
            "txid": txid,
            "receipt_number": receipt,
            "purchased_at": purchased_at,
            "amount": amount,
            "state": Purchase.State.CANCELLED if cancelled else Purchase.State.COMPLETED,
            "cancelled_at": purchased_at + timedelta(hours=2) if cancelled else None,
        },
    )
    ctx.count("purchases", created)
    return purchase
