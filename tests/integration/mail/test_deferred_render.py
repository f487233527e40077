"""Deferred emails (EmailSpec.deferred): stored unrendered, rendered by the sender on its first
claim, and the same email as one rendered when it was queued."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import (
    EmailSpec,
    context_dump,
    context_load,
    outbound_email_queue,
    outbound_email_queue_many,
    outbound_email_send,
    render_email,
    stored_render,
)

Status = OutboundEmail.Status
pytestmark = pytest.mark.django_db

DUE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _context(n: int = 1) -> dict:
    return {
        "inquiry_no": f"{n:06d}",
        "subject": "환불 문의 <script>",
        "app_title": "Hangul Notes",
        "account_name": "Acme Studio",
        "due_at": DUE,
        "escalated_at": DUE + datetime.timedelta(minutes=5),
        "thread_url": f"https://voc.example/inquiries/{n}/",
        "audience": "member",
        "recipient_name": "Mina",
    }


def _spec(n: int = 1, **overrides) -> EmailSpec:
    values = {
        "kind": "inquiry_escalated",
        "template": "inquiry_escalated",
        "to_email": f"member{n}@example.com",
        "dedupe_key": f"deferred:{n}",
        "language": "ko",
        "context": _context(n),
        "deferred": True,
    }
    return EmailSpec(**{**values, **overrides})


def test_context_comes_back_as_it_went_in_when_it_holds_dates_and_durations():
    context = {
        "at": DUE,
        "day": DUE.date(),
        "left": datetime.timedelta(hours=5, minutes=3),
        "amount": Decimal("4900.50"),
        "rows": [{"no": "000001", "due_at": DUE}, ("a", 1, None, True, 1.5)],
    }
    stored = context_dump(context)
    assert stored["at"] == {"$datetime": "2026-03-02T09:00:00+00:00"}
    assert context_load(stored) == {
        **context,
        "rows": [context["rows"][0], ["a", 1, None, True, 1.5]],
    }


def test_deferred_spec_is_refused_when_its_context_holds_a_model_instance():
    user = UserFactory()
    with pytest.raises(TypeError, match="User"):
        outbound_email_queue_many(specs=[_spec(context={"user": user})])
    assert not OutboundEmail.objects.exists()


def test_deferred_row_is_stored_unrendered_and_sent_rendered_when_first_claimed():
    assert outbound_email_queue_many(specs=[_spec()]) == 1
    row = OutboundEmail.objects.get()
    assert (row.subject, row.body_text, row.body_html) == ("", "", "")
    assert row.template == "inquiry_escalated" and not row.is_rendered
    assert row.message_id and row.language == "ko"

    sent = outbound_email_send(email_id=row.pk)

    eager = render_email("inquiry_escalated", _context(), "ko")
    assert sent.status == Status.SENT
    assert (sent.subject, sent.body_text, sent.body_html) == (
        eager.subject,
        eager.body_text,
        eager.body_html,
    )
    assert sent.is_rendered
    [message] = mail.outbox
    assert message.subject == eager.subject and "000001" in message.subject
    assert message.body == eager.body_text
    assert message.extra_headers["Message-ID"] == row.message_id
    assert "2026-03-02" in message.body and "&lt;script&gt;" in sent.body_html


def test_deferred_and_eager_specs_store_the_same_row_once_sent():
    outbound_email_queue(spec=_spec(1, deferred=False))
    outbound_email_queue(spec=_spec(2, deferred=False, context=_context(1)))
    outbound_email_queue_many(specs=[_spec(3, context=_context(1))])
    eager, _, deferred = OutboundEmail.objects.order_by("pk")
    assert eager.is_rendered and eager.template == ""

    deferred = outbound_email_send(email_id=deferred.pk)

    fields = ["subject", "body_text", "body_html", "language", "headers", "from_email"]
    assert [getattr(deferred, f) for f in fields] == [getattr(eager, f) for f in fields]


def test_retry_sends_the_text_rendered_at_the_first_claim(flaky_provider):
    flaky_provider.VOC_TEST_EMAIL_FAILURES = 1  # the first send answers 503
    outbound_email_queue_many(specs=[_spec()])
    row = OutboundEmail.objects.get()

    first = outbound_email_send(email_id=row.pk)
    assert first.status == Status.QUEUED and first.is_rendered
    OutboundEmail.objects.filter(pk=row.pk).update(next_attempt_at=first.created_at)
    OutboundEmail.objects.filter(pk=row.pk).update(subject="stored at the first claim")
    second = outbound_email_send(email_id=row.pk)

    assert second.status == Status.SENT
    assert [m.subject for m in mail.outbox] == ["stored at the first claim"]


def test_deferred_row_fails_without_sending_when_its_template_cannot_render():
    outbound_email_queue_many(specs=[_spec(template="no_such_template")])
    row = OutboundEmail.objects.get()

    sent = outbound_email_send(email_id=row.pk)

    assert sent.status == Status.FAILED
    assert sent.last_error.startswith("render: TemplateDoesNotExist")
    assert not mail.outbox
    assert outbound_email_send(email_id=row.pk) is None  # failed stays failed


def test_queueing_a_deferred_key_again_stores_nothing_new():
    assert outbound_email_queue_many(specs=[_spec()]) == 1
    assert outbound_email_queue_many(specs=[_spec(to_email="other@example.com")]) == 0
    assert OutboundEmail.objects.get().to_email == "member1@example.com"


@override_settings(DEBUG=True)
def test_dev_mailbox_shows_a_deferred_row_rendered_when_not_sent_yet(
    client, django_assert_max_num_queries
):
    outbound_email_queue_many(specs=[_spec(n) for n in range(1, 6)])
    subject = render_email("inquiry_escalated", _context(3), "ko").subject

    with django_assert_max_num_queries(3):
        response = client.get(reverse("mail:dev_mailbox"))
    assert response.status_code == 200
    assert subject in response.content.decode()

    row = OutboundEmail.objects.get(dedupe_key="deferred:3")
    response = client.get(reverse("mail:dev_message", args=[row.pk]))
    assert subject in response.content.decode()
    assert "Hangul Notes" in response.content.decode()
    html = client.get(reverse("mail:dev_message_html", args=[row.pk])).content.decode()
    assert html == stored_render(row).body_html and "000003" in html
    row.refresh_from_db()
    assert not row.is_rendered  # reading it stores nothing


def test_admin_shows_a_deferred_row_rendered_when_not_sent_yet(admin_client):
    outbound_email_queue_many(specs=[_spec()])
    row = OutboundEmail.objects.get()
    subject = stored_render(row).subject

    listing = admin_client.get(reverse("admin:mail_outboundemail_changelist"))
    page = admin_client.get(reverse("admin:mail_outboundemail_change", args=[row.pk]))
    html = admin_client.get(reverse("admin:mail_outboundemail_html", args=[row.pk]))

    assert subject in listing.content.decode()
    assert "Hangul Notes" in page.content.decode()
    assert "000001" in html.content.decode()
