"""What the load run needs from the generated data: a signed-in developer, an API token, ids."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce

from inquiries.models import INBOX_NOT_DUE, Inquiry, Status
from inquiries.selectors import INBOX_ORDERING
from reviews.models import Review
from reviews.selectors import PUBLIC_ORDERS
from voc_portal.accounts.backends import PASSWORD_BACKEND
from voc_portal.accounts.middleware import SESSION_KEY as ACCOUNT_SESSION_KEY
from voc_portal.accounts.models import DeveloperAccount, Membership, User
from voc_portal.api.services import api_token_create
from voc_portal.catalog.models import App
from voc_portal.core.pagination import cursor_scope, encode_cursor

BENCH_ACCOUNT_ID = 1
PUBLISHER_NAME = "Big Publisher"  # bench.publisher writes it
REPLY_IDS_FILE = "/tmp/voc-bench-reply-ids.txt"
INBOX_ORDERING_FIELDS = [f.lstrip("-") for f in INBOX_ORDERING]


@dataclass
class BenchFixtures:
    session_key: str
    token: str
    thread_id: int
    big_app_package: str
    api_deep_cursor: str
    review_deep_newest: str
    review_deep_lowest: str
    reply_ids_file: str
    # The big publisher's owner (issue 19) and its top app.
    publisher_session_key: str = ""
    publisher_top_app: int = 0


def _session(user: User, account_id: int = BENCH_ACCOUNT_ID) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = PASSWORD_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[ACCOUNT_SESSION_KEY] = account_id
    store.create()
    return store.session_key


def _deep_review_cursor(order: str, depth: float) -> str:
    """The sort key of the row `depth` of the way down the big app's public list."""
    ordering = PUBLIC_ORDERS[order]
    qs = Review.objects.counted().filter(app_id=1).order_by(*ordering)
    offset = int(qs.count() * depth)
    row = qs.values(*[f.lstrip("-") for f in ordering])[offset]
    return encode_cursor([row[f.lstrip("-")] for f in ordering], cursor_scope(qs, ordering))


def _deep_inbox_cursor(account: DeveloperAccount, depth: float) -> str:
    """The inbox sort key of the row `depth` of the way down the account's inbox (and API list)."""
    qs = (
        Inquiry.objects.filter(account=account)
        .annotate(due_key=Coalesce("due_at", Value(INBOX_NOT_DUE, output_field=DateTimeField())))
        .order_by(*INBOX_ORDERING)
    )
    row = qs.values(*INBOX_ORDERING_FIELDS)[int(qs.count() * depth)]
    return encode_cursor([row[f] for f in INBOX_ORDERING_FIELDS], cursor_scope(qs, INBOX_ORDERING))


def fixtures_make() -> BenchFixtures:
    user = User.objects.get(pk=BENCH_ACCOUNT_ID)
    user.set_password("bench-only-password")
    user.save(update_fields=["password"])
    account = DeveloperAccount.objects.get(pk=BENCH_ACCOUNT_ID)
    membership = Membership.objects.get(account=account, user=user)
    token = api_token_create(membership=membership, name="bench").secret
    thread_id = (
        Inquiry.objects.filter(account=account, status=Status.CLOSED).order_by("-id").first().pk
    )
    ids = Inquiry.objects.filter(account=account, status=Status.AWAITING_DEVELOPER).values_list(
        "pk", flat=True
    )
    with open(REPLY_IDS_FILE, "w") as f:
        f.write("\n".join(str(pk) for pk in ids))
    return BenchFixtures(
        session_key=_session(user),
        token=token,
        thread_id=thread_id,
        big_app_package="com.bench.app1",
        api_deep_cursor=_deep_inbox_cursor(account, 0.9),
        review_deep_newest=_deep_review_cursor("newest", 0.9),
        review_deep_lowest=_deep_review_cursor("lowest", 0.9),
        reply_ids_file=REPLY_IDS_FILE,
        **_publisher(),
    )


def _publisher() -> dict:
    """The big publisher: the account with the most inquiries, signed in as its owner."""
    account = DeveloperAccount.objects.get(name=PUBLISHER_NAME)
    owner = Membership.objects.select_related("user").get(account=account, role="owner")
    top_app = App.objects.filter(account=account).order_by("id").first()
    return {
        "publisher_session_key": _session(owner.user, account.pk),
        "publisher_top_app": top_app.pk,
    }
