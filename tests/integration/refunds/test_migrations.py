"""The data migrations of issues 9 and 10, run forward on a database with old-shape rows.

refunds.0003 gives existing events a kind; refunds.0004 records consent O on the purchase
(voc_portal.catalog) and copies the identifier audit there; refunds.0005 drops the old table.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_KIND = [("refunds", "0002_operations_group")]
BEFORE_MOVE = [
    ("refunds", "0003_refundevent_kind_and_data"),
    ("catalog", "0002_purchase_consent_and_identifier_audit"),
]


@pytest.fixture
def migrate():
    """migrate(targets) -> the historical apps at those targets; the test ends on the latest."""

    def to(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor.loader.project_state(targets).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _shop(apps):
    """A developer, a customer and three purchases of the developer's app, in the old shape."""
    User = apps.get_model("accounts", "User")
    developer = User.objects.create(email="dev@example.com", full_name="Dev")
    account = apps.get_model("accounts", "DeveloperAccount").objects.create(name="Acme")
    customer_user = User.objects.create(email="buyer@example.com", full_name="Buyer")
    customer = apps.get_model("accounts", "Customer").objects.create(
        user=customer_user, customer_number="1000001"
    )
    app = apps.get_model("catalog", "App").objects.create(
        account=account, title="Puzzle", package_name="com.example.puzzle", price=1100
    )
    Purchase = apps.get_model("catalog", "Purchase")
    purchases = [
        Purchase.objects.create(
            customer=customer,
            app=app,
            item_name=f"Gems {n}",
            purchased_at=timezone.now() - datetime.timedelta(days=n + 1),
            amount=1100,
            tid=f"TID{n}",
            txid=f"TX{n}",
            receipt_number=f"R{n}",
        )
        for n in range(3)
    ]
    return developer, account, customer, purchases


def _refund(apps, *, account, purchase, developer, consent, **extra):
    return apps.get_model("refunds", "RefundRequest").objects.create(
        account=account,
        app=purchase.app,
        purchase=purchase,
        source="developer_contact",
        state="in_review",
        consent=consent,
        consent_at=timezone.now() if consent else None,
        customer_number="1000001",
        purchased_at=purchase.purchased_at,
        purchased_item=purchase.item_name,
        tid=purchase.tid if consent else "",
        created_by=developer,
        **extra,
    )


def test_events_get_a_kind_when_migrated_forward(migrate):
    old = migrate(BEFORE_KIND)
    developer, account, _, purchases = _shop(old)
    refund = _refund(
        old, account=account, purchase=purchases[0], developer=developer, consent=False
    )
    rows = [
        ("", "submitted", ""),
        ("submitted", "in_review", "Assigned to Ops"),
        ("in_review", "in_review", "Assigned to Ops Two"),
        ("in_review", "in_review", "Asked the customer for consent"),
        ("in_review", "in_review", "The customer consented"),
        ("in_review", "in_review", "The customer declined consent"),
        ("in_review", "in_review", "Answered late at 2026-01-02 10:00 KST"),
        ("in_review", "in_review", "Something else"),
    ]
    OldEvent = old.get_model("refunds", "RefundEvent")
    for from_state, to_state, note in rows:
        OldEvent.objects.create(refund=refund, from_state=from_state, to_state=to_state, note=note)

    new = migrate([("refunds", "0003_refundevent_kind_and_data")])

    events = new.get_model("refunds", "RefundEvent").objects.order_by("id")
    assert [(e.kind, e.data) for e in events] == [
        ("transition", {}),
        ("transition", {}),
        ("assigned", {}),
        ("consent_requested", {}),
        ("consent_answered", {"consented": True}),
        ("consent_answered", {"consented": False}),
        ("answered_late", {}),
        ("note", {}),
    ]
    assert [(e.from_state, e.to_state, e.note) for e in events] == rows


def test_consent_and_audit_move_to_the_catalog_when_migrated_forward(migrate):
    old = migrate(BEFORE_MOVE)
    developer, account, customer, (by_form, by_link, without) = _shop(old)
    form_refund = _refund(old, account=account, purchase=by_form, developer=developer, consent=True)
    link_refund = _refund(old, account=account, purchase=by_link, developer=developer, consent=True)
    plain = _refund(old, account=account, purchase=without, developer=developer, consent=False)
    answered_at = link_refund.consent_at
    old.get_model("refunds", "ConsentRequest").objects.create(
        refund=link_refund,
        customer=customer,
        requested_by=developer,
        nonce="n1",
        expires_at=answered_at + datetime.timedelta(days=7),
        used_at=answered_at,
        consented=True,
    )
    OldView = old.get_model("refunds", "PaymentIdentifierView")
    seen = [
        OldView.objects.create(user=developer, purchase=by_form, refund=form_refund, where="web"),
        OldView.objects.create(user=developer, purchase=by_link, refund=None, where="api"),
    ]

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from refunds.models import PaymentIdentifierView
    from voc_portal.catalog.models import PurchaseConsent
    from voc_portal.catalog.selectors import purchase_consented_ids

    consents = {c.purchase_id: c for c in PurchaseConsent.objects.all()}
    assert set(consents) == {by_form.pk, by_link.pk}
    assert (consents[by_form.pk].source, consents[by_form.pk].given_by_id) == (
        "developer_form",
        developer.pk,
    )
    assert consents[by_form.pk].given_at == form_refund.consent_at
    assert (consents[by_link.pk].source, consents[by_link.pk].given_by_id) == (
        "customer_link",
        None,
    )
    assert consents[by_link.pk].given_at == answered_at
    purchase_ids = [by_form.pk, by_link.pk, without.pk]
    # refunds.0007 (issue 10): the developer's O is kept as history but unmasks nothing, and
    # its request loses the consent time; the customer's answer keeps both.
    assert purchase_consented_ids(purchase_ids=purchase_ids) == {by_link.pk}
    from refunds.models import RefundRequest

    consent_at = dict(RefundRequest.objects.values_list("pk", "consent_at"))
    assert consent_at[form_refund.pk] is None and consent_at[link_refund.pk] == answered_at
    views = list(PaymentIdentifierView.objects.order_by("id"))
    assert [(v.pk, v.user_id, v.purchase_id, v.where) for v in views] == [
        (s.pk, developer.pk, s.purchase_id, s.where) for s in seen
    ]
    assert [v.refund.pk if v.refund else None for v in views] == [form_refund.pk, None]
    assert [v.created_at for v in views] == [s.created_at for s in seen]
    assert plain.pk not in {v.refund_id for v in views}
    # New audit rows continue after the copied ids.
    later = PaymentIdentifierView.objects.create(
        user_id=developer.pk, purchase_id=without.pk, where="admin"
    )
    assert later.pk > seen[-1].pk


def test_code_written_english_becomes_codes_when_migrated_forward(migrate):
    """refunds.0008: notes older code wrote in English become kind/data; people's notes stay."""
    old = migrate([("refunds", "0007_developer_consent_is_a_statement")])
    developer, account, _, purchases = _shop(old)
    typed = _refund(old, account=account, purchase=purchases[0], developer=developer, consent=False)
    rule = _refund(old, account=account, purchase=purchases[1], developer=developer, consent=False)
    Old = old.get_model("refunds", "RefundRequest")
    Old.objects.filter(pk=rule.pk).update(
        source="escalation", reason="Inquiry #000042 was not answered within the deadline."
    )
    Old.objects.filter(pk=typed.pk).update(reason="Charged twice.")
    OldEvent = old.get_model("refunds", "RefundEvent")
    rows = [
        ("transition", "Opened by the 3-day rule", {}),
        ("transition", "Assigned to Ops Kim", {"assignee": 7}),
        ("assigned", "Assigned to Ops Lee", {"assignee": 8}),
        ("consent_requested", "Asked the customer for consent", {}),
        ("consent_answered", "The customer declined consent", {"consented": False}),
        ("answered_late", "Answered late at 2026-01-02 10:00 KST", {}),
        ("transition", "Duplicate charge.", {}),
    ]
    for kind, note, data in rows:
        OldEvent.objects.create(refund=rule, kind=kind, note=note, data=data)

    new = migrate([("refunds", "0008_code_written_notes_to_codes")])

    events = new.get_model("refunds", "RefundEvent").objects.order_by("id")
    assert [(e.note, e.data) for e in events] == [
        ("", {"code": "opened_by_rule"}),
        ("", {"assignee": 7, "assignee_name": "Ops Kim"}),
        ("", {"assignee": 8, "assignee_name": "Ops Lee"}),
        ("", {}),
        ("", {"consented": False}),
        ("", {}),
        ("Duplicate charge.", {}),
    ]
    Refund = new.get_model("refunds", "RefundRequest")
    assert Refund.objects.get(pk=rule.pk).reason == ""
    assert Refund.objects.get(pk=typed.pk).reason == "Charged twice."
