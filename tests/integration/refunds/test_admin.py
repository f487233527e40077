"""Ops in Django admin: the queue, the case page and the service buttons."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from refunds.models import PaymentIdentifierView, RefundEvent, RefundRequest, State
from tests.factories import OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry
from voc_portal.catalog.models import Purchase
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(db):
    user = OpsUserFactory()
    user.groups.add(Group.objects.get(name="Operations"))
    return user


@pytest.fixture
def ops_client(client, ops):
    client.force_login(ops)
    return client


def _url(name, refund):
    return reverse(f"admin:{name}", args=[refund.pk])


def test_operations_group_has_the_permissions_ops_need():
    # The refunds data migration creates the group; voc_portal.accounts.ops re-syncs it after
    # every migrate (owned by the accounts helper), so this checks what the queue needs.
    perms = set(
        Group.objects.get(name="Operations").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    needed = {
        ("refunds", "view_refundrequest"),
        ("refunds", "change_refundrequest"),
        ("refunds", "view_overdueinquiry"),
        ("inquiries", "view_inquiry"),
        ("catalog", "view_purchase"),
    }
    assert needed <= perms


def test_queue_offers_no_raw_add_or_delete_even_for_ops(ops_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    assert ops_client.get(reverse("admin:refunds_refundrequest_add")).status_code == 403
    delete = reverse("admin:refunds_refundrequest_delete", args=[refund.pk])
    assert ops_client.post(delete, {"post": "yes"}).status_code == 403
    assert RefundRequest.objects.filter(pk=refund.pk).exists()


def test_queue_lists_oldest_first_and_finds_by_tid(ops_client, developer, customer):
    older = RefundRequestFactory(purchase=PurchaseFactory(customer=customer, app=developer.app))
    newer = RefundRequestFactory(purchase=PurchaseFactory(customer=customer, app=developer.app))
    changelist = reverse("admin:refunds_refundrequest_changelist")

    response = ops_client.get(changelist)
    rows = list(response.context["cl"].result_list)
    assert rows == [older, newer]
    found = ops_client.get(changelist, {"q": newer.purchase.tid}).context["cl"].result_list
    assert list(found) == [newer]
    for query in ("state=submitted", "source=escalation", "age=old", "overdue=yes"):
        assert ops_client.get(f"{changelist}?{query}").status_code == 200


def test_case_page_shows_thread_purchase_and_audits_identifiers(
    ops_client, ops, developer, purchase
):
    inquiry = awaiting_inquiry(app=developer.app, customer=purchase.customer, purchase=purchase)
    inquiry.messages.create(author_kind="customer", body="Please refund my gems.")
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry)

    response = ops_client.get(_url("refunds_refundrequest_change", refund))

    assert response.status_code == 200
    assert "Please refund my gems." in response.text
    assert purchase.tid in response.text
    assert PaymentIdentifierView.objects.filter(user=ops, where="admin").count() == 1


def test_ops_approve_cancels_purchase_and_logs_when_case_in_review(ops_client, ops, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    ops_client.post(_url("refunds_assign", refund))

    response = ops_client.post(_url("refunds_approve", refund), {"comment": "OK"})

    assert response.status_code == 302
    refund.refresh_from_db()
    purchase.refresh_from_db()
    assert (refund.state, refund.assigned_to, refund.decision_note) == (State.APPROVED, ops, "OK")
    assert purchase.state == Purchase.State.CANCELLED
    assert LogEntry.objects.filter(object_id=str(refund.pk), user=ops).count() == 2
    assert OutboundEmail.objects.filter(kind="refund_approved").exists()


def test_ops_reject_requires_a_reason(ops_client, purchase):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)

    ops_client.post(_url("refunds_reject", refund), {"reason": ""})
    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW

    ops_client.post(_url("refunds_reject", refund), {"reason": "Item was used."})
    refund.refresh_from_db()
    assert (refund.state, refund.decision_note) == (State.REJECTED, "Item was used.")


def test_ops_ask_for_information_moves_case_to_needs_info(ops_client, purchase):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    ops_client.post(_url("refunds_info", refund), {"note": "Which device?"})
    refund.refresh_from_db()
    assert refund.state == State.NEEDS_INFO


def test_illegal_button_shows_error_and_changes_nothing(ops_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)  # submitted: not yet in review

    response = ops_client.post(_url("refunds_approve", refund), follow=True)

    assert "cannot become" in response.text
    refund.refresh_from_db()
    assert refund.state == State.SUBMITTED
    assert not RefundEvent.objects.exists()


def test_buttons_are_forbidden_without_change_permission(client, purchase):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)  # staff, but not in the Operations group

    viewer.user_permissions.add(Permission.objects.get(codename="view_refundrequest"))
    client.force_login(viewer)
    refund = RefundRequestFactory(purchase=purchase, in_review=True)

    assert client.post(_url("refunds_approve", refund)).status_code == 403
    assert client.get(_url("refunds_approve", refund)).status_code in (403, 405)
    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW


def test_developer_and_customer_have_no_admin_access(dev_client, customer_client, purchase):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    for c in (dev_client, customer_client):
        response = c.post(_url("refunds_approve", refund))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert RefundRequest.objects.get().state == State.IN_REVIEW


def test_overdue_inquiries_without_case_are_visible_to_ops(ops_client, developer, customer):
    import datetime

    from inquiries.escalation import inquiry_escalation_sweep

    flagged = awaiting_inquiry(
        app=developer.app, customer=customer, due_in=-datetime.timedelta(hours=1)
    )
    inquiry_escalation_sweep()

    response = ops_client.get(reverse("admin:refunds_overdueinquiry_changelist"))

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [r.pk for r in rows] == [flagged.pk]
    assert rows[0]._has_case is False


def test_admin_cannot_set_consent_or_identifiers_when_posting_the_change_form(ops_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    ops_client.post(
        _url("refunds_refundrequest_change", refund),
        {"consent": "on", "tid": purchase.tid, "state": "approved"},
    )
    refund.refresh_from_db()
    assert (refund.consent, refund.tid, refund.state) == (False, "", State.SUBMITTED)
