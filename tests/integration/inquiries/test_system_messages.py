"""System messages are codes with parameters, rendered in the reader's language; a refund
decision reaches the linked inquiry's thread; old English escalation rows are migrated."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Message, SystemCode
from refunds import services as refund_services
from tests.factories import AppFactory, CustomerFactory, OpsUserFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry

HOUR = datetime.timedelta(hours=1)


def _system(inquiry):
    return Message.objects.filter(inquiry=inquiry, author_kind=Message.Author.SYSTEM).order_by("id")


@pytest.mark.django_db
def test_escalation_message_is_a_code_shown_in_korean_when_the_reader_reads_korean(
    developer, purchase, dev_client
):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=HOUR
    )
    with time_machine.travel(timezone.now() + 2 * HOUR, tick=False):
        assert inquiry_escalation_sweep() == 1
    message = _system(inquiry).get()
    assert message.code == SystemCode.ESCALATED
    assert set(message.data) == {"at"}
    with translation.override("ko"):
        assert message.text.endswith("스토어 운영팀으로 이관되었습니다.")
    with translation.override("en"):
        assert message.text.startswith("Escalated to store operations at ")

    url = reverse("inquiries:detail", args=[inquiry.pk])
    dev_client.cookies.load({"django_language": "ko"})
    korean = dev_client.get(url).content.decode()
    assert "스토어 운영팀으로 이관되었습니다." in korean
    assert "Escalated to store operations at" not in korean


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_refund_decision_adds_a_system_message_to_the_linked_inquiry_when_decided(
    developer, purchase, decision
):
    inquiry = awaiting_inquiry(app=developer.app, customer=purchase.customer, purchase=purchase)
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, in_review=True)
    ops = OpsUserFactory()
    if decision == "approve":
        refund_services.refund_approve(refund=refund, actor=ops)
    else:
        refund_services.refund_reject(refund=refund, actor=ops, reason="Used for 30 days")

    message = _system(inquiry).get()
    approved = decision == "approve"
    assert message.code == (SystemCode.REFUND_APPROVED if approved else SystemCode.REFUND_REJECTED)
    assert message.data["item"] == purchase.item_name
    assert not message.is_internal
    with translation.override("ko"):
        text = message.text
    assert purchase.item_name in text
    assert ("승인했습니다" in text) if approved else ("사유: Used for 30 days" in text)
    inquiry.refresh_from_db()
    assert inquiry.last_message_at == message.created_at


@pytest.mark.django_db
def test_refund_decision_adds_nothing_when_the_case_has_no_inquiry(purchase):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    refund_services.refund_approve(refund=refund, actor=OpsUserFactory())
    assert not Message.objects.filter(author_kind=Message.Author.SYSTEM).exists()


@pytest.mark.django_db
def test_customer_sees_the_refund_outcome_on_their_thread_when_ops_approved(
    developer, purchase, customer_client
):
    inquiry = awaiting_inquiry(app=developer.app, customer=purchase.customer, purchase=purchase)
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, in_review=True)
    refund_services.refund_approve(refund=refund, actor=OpsUserFactory())
    page = customer_client.get(reverse("inquiries:my_detail", args=[inquiry.pk]))
    assert "Store operations approved the cancellation of" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_english_escalation_rows_become_codes_when_migrated_forward():
    app, customer = AppFactory(), CustomerFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("inquiries", "0008_inquiry_figures_idx")])
    old = executor.loader.project_state([("inquiries", "0008_inquiry_figures_idx")]).apps
    try:
        Inquiry = old.get_model("inquiries", "Inquiry")
        OldMessage = old.get_model("inquiries", "Message")
        inquiry = Inquiry.objects.create(
            account_id=app.account_id,
            app_id=app.pk,
            customer_id=customer.pk,
            category="other",
            subject="Old row",
            status="closed",
        )
        kw = {"inquiry_id": inquiry.pk, "via": "system", "author_kind": "system"}
        OldMessage.objects.create(
            body="Escalated to store operations at 2026-01-02 10:00 KST.", **kw
        )
        OldMessage.objects.create(body="Hello", inquiry_id=inquiry.pk, author_kind="customer")
        MigrationExecutor(connection).migrate([("inquiries", "0009_message_system_code")])
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    system, customer_message = Message.objects.order_by("id")
    assert system.code == "escalated"
    assert system.data == {"at": system.created_at.isoformat()}
    assert (customer_message.code, customer_message.data) == ("", {})
