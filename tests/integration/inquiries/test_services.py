"""Every transition of an inquiry: happy path, illegal source state, twice, after commit only."""

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from inquiries import services
from inquiries.models import Category, InquiryEvent, Message, Status
from tests.factories import MembershipFactory, PurchaseFactory, UserFactory
from tests.factories.inquiries import ReplyTemplateFactory
from voc_portal.core.errors import DomainError, InvalidTransition, NotFound
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.reply_tokens import reply_address, reply_token_parse
from voc_portal.mail.services import outbound_email_send

from .conftest import pdf_file, png_file

pytestmark = pytest.mark.django_db

Kind = InquiryEvent.Kind


def _create(developer, customer, **kwargs):
    values = {
        "customer": customer,
        "app": developer.app,
        "category": Category.OTHER,
        "subject": "Where is my item?",
        "body": "I bought gems but they did not arrive.",
    }
    values.update(kwargs)
    return services.inquiry_create(**values)


# --- create --------------------------------------------------------------------------------------


def test_create_starts_clock_one_when_customer_contacts_seller(
    developer, customer, purchase, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):
        inquiry = _create(developer, customer, purchase=purchase)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER
    assert inquiry.clock == 1
    assert inquiry.account_id == developer.account_id
    assert inquiry.awaiting_since >= before
    assert inquiry.due_at == inquiry.awaiting_since + settings.VOC_ANSWER_DEADLINE
    assert inquiry.first_response_at is None
    assert "Where is my item?" in inquiry.search_text
    assert "gems" in inquiry.search_text
    message = inquiry.messages.get()
    assert (message.author_kind, message.via, message.author_id) == (
        "customer",
        "web",
        customer.user_id,
    )
    assert list(inquiry.events.values_list("kind", "clock")) == [(Kind.CREATED, 1)]


def test_create_queues_one_email_per_notified_member_when_committed(
    developer, customer, django_capture_on_commit_callbacks
):
    korean = MembershipFactory(account=developer.account, user=UserFactory(language="ko"))
    MembershipFactory(account=developer.account, notify_inquiries=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inquiry = _create(developer, customer)
    emails = OutboundEmail.objects.filter(kind="inquiry_new").order_by("to_user_id")
    assert [e.to_user_id for e in emails] == [developer.user_id, korean.user_id]
    # one send per row, registered for after commit: the two members and the customer's
    # acknowledgment (inquiry_ack)
    assert len(callbacks) == 3
    dev_email, ko_email = emails
    assert dev_email.reply_to == reply_address(inquiry_id=inquiry.pk, user_id=developer.user_id)
    assert reply_token_parse(ko_email.reply_to).user_id == korean.user_id
    assert ko_email.language == "ko"
    assert f"/inquiries/{inquiry.pk}/" in dev_email.body_text
    assert "I bought gems" in dev_email.body_text
    assert "I bought gems" in dev_email.body_html
    assert "Where is my item?" in dev_email.subject


def test_create_stores_and_sends_nothing_when_transaction_rolls_back(
    developer, customer, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _create(developer, customer)
        raise RuntimeError("the caller failed after the service")
    assert callbacks == []
    assert OutboundEmail.objects.count() == 0
    assert Message.objects.count() == 0


def test_create_rejects_purchase_when_it_belongs_to_another_customer(developer, customer):
    foreign = PurchaseFactory(app=developer.app)  # someone else's purchase of the same app
    with pytest.raises(DomainError) as exc:
        _create(developer, customer, purchase=foreign)
    assert exc.value.code == "foreign_purchase"
    assert Message.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_create_rejects_purchase_when_it_is_of_another_app(developer, other_developer, customer):
    other_app_purchase = PurchaseFactory(customer=customer, app=other_developer.app)
    with pytest.raises(DomainError) as exc:
        _create(developer, customer, purchase=other_app_purchase)
    assert exc.value.code == "foreign_purchase"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("subject", "Two\r\nBcc: evil@example.com", "invalid_subject"),
        ("subject", "x" * 151, "invalid_subject"),
        ("subject", "   ", "invalid_subject"),
        ("body", "", "invalid_body"),
        ("body", "y" * 5001, "invalid_body"),
        ("category", "complaint", "invalid_category"),
    ],
)
def test_create_stores_nothing_when_input_is_bad(developer, customer, field, value, code):
    with pytest.raises(DomainError) as exc:
        _create(developer, customer, **{field: value})
    assert exc.value.code == code
    assert Message.objects.count() == 0


def test_create_stores_attachments_when_files_are_images_or_pdf(developer, customer):
    inquiry = _create(developer, customer, attachments=[png_file(), pdf_file()])
    files = list(inquiry.messages.get().attachments.order_by("id"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("shot.png", "image/png"),
        ("receipt.pdf", "application/pdf"),
    ]
    assert files[0].file.read(8) == b"\x89PNG\r\n\x1a\n"


# --- reply ---------------------------------------------------------------------------------------


def test_reply_stops_clock_and_emails_customer_when_member_answers(
    inquiry, developer, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.inquiry_reply(
            inquiry=inquiry, author=developer.user, body="Fixed in 1.2"
        )
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert inquiry.awaiting_since is None and inquiry.due_at is None
    assert inquiry.first_response_at == message.created_at
    assert inquiry.last_message_at == message.created_at
    assert "Fixed in 1.2" in inquiry.search_text
    assert len(callbacks) == 1
    email = OutboundEmail.objects.get(kind="inquiry_reply")
    assert message.email_id == email.pk
    assert email.dedupe_key == f"inquiry-reply:{message.pk}"
    assert email.to_email == customer.user.email
    assert email.reply_to == reply_address(inquiry_id=inquiry.pk, user_id=customer.user_id)
    assert [e.kind for e in inquiry.events.order_by("id")] == [Kind.CREATED, Kind.ANSWERED]

    outbound_email_send(email_id=email.pk)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert "Fixed in 1.2" in sent.body
    assert sent.reply_to == [email.reply_to]
    assert sent.extra_headers["Message-ID"] == email.message_id
    assert f"/my/inquiries/{inquiry.pk}/" in sent.body


def test_reply_is_emailed_in_customer_language_when_customer_prefers_korean(
    developer, django_capture_on_commit_callbacks
):
    from tests.factories import CustomerFactory

    korean = CustomerFactory(korean=True)
    inquiry = _create(developer, korean)
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="확인했습니다")
    email = OutboundEmail.objects.get(kind="inquiry_reply")
    assert email.language == "ko"
    assert "확인했습니다" in email.body_text


def test_reply_threads_email_when_earlier_replies_exist(inquiry, developer, customer):
    first = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="First answer")
    services.inquiry_customer_followup(
        inquiry=inquiry, customer=customer, body="Still broken", inbound_message_id="<c1@mail.test>"
    )
    second = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Second answer")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email.headers == {}
    assert second.email.headers["In-Reply-To"] == "<c1@mail.test>"
    assert second.email.headers["References"] == f"{first.email.message_id} <c1@mail.test>"


def test_reply_keeps_status_and_first_response_when_already_answered(inquiry, developer):
    first = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="One")
    second = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="And another")
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert inquiry.first_response_at == first.created_at
    assert inquiry.last_message_at == second.created_at
    assert inquiry.events.filter(kind=Kind.ANSWERED).count() == 1
    assert OutboundEmail.objects.filter(kind="inquiry_reply").count() == 2


def test_reply_stores_one_message_when_same_inbound_email_arrives_twice(inquiry, developer):
    one = services.inquiry_reply(
        inquiry=inquiry,
        author=developer.user,
        body="By mail",
        via="email",
        inbound_message_id="x@1",
    )
    two = services.inquiry_reply(
        inquiry=inquiry,
        author=developer.user,
        body="By mail",
        via="email",
        inbound_message_id="x@1",
    )
    assert one.pk == two.pk
    assert OutboundEmail.objects.filter(kind="inquiry_reply").count() == 1


def test_reply_is_refused_when_author_is_not_a_member(inquiry, other_developer):
    with pytest.raises(NotFound):
        services.inquiry_reply(inquiry=inquiry, author=other_developer.user, body="Hi")
    assert inquiry.messages.count() == 1
    assert not OutboundEmail.objects.filter(kind="inquiry_reply").exists()


def test_reply_is_refused_when_inquiry_is_closed(inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    with pytest.raises(InvalidTransition):
        services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Late")
    assert inquiry.messages.count() == 1
    assert not OutboundEmail.objects.filter(kind="inquiry_reply").exists()


def test_reply_records_answered_late_when_clock_was_escalated(inquiry, developer):
    escalated_at = timezone.now() - timedelta(hours=2)
    type(inquiry).objects.filter(pk=inquiry.pk).update(escalated_at=escalated_at)
    message = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Sorry!")
    late = inquiry.events.get(kind=Kind.ANSWERED_LATE)
    assert late.clock == 1
    assert late.data["answered_at"] == message.created_at.isoformat()
    assert inquiry.events.filter(kind=Kind.ANSWERED).exists()


def test_reply_sends_nothing_when_transaction_rolls_back(
    inquiry, developer, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Rolled back")
        raise RuntimeError
    assert callbacks == []
    assert not OutboundEmail.objects.filter(kind="inquiry_reply").exists()
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER


# --- notes ---------------------------------------------------------------------------------------


def test_note_never_touches_clock_or_email_when_added(
    inquiry, developer, django_capture_on_commit_callbacks
):
    due_at, last = inquiry.due_at, inquiry.last_message_at
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = services.inquiry_note_add(inquiry=inquiry, author=developer.user, body="VIP user")
    inquiry.refresh_from_db()
    assert note.is_internal and note.email_id is None
    assert callbacks == []
    assert (inquiry.status, inquiry.due_at, inquiry.last_message_at) == (
        Status.AWAITING_DEVELOPER,
        due_at,
        last,
    )
    assert "VIP user" in inquiry.search_text


def test_note_is_refused_when_author_is_not_a_member(inquiry, other_developer):
    with pytest.raises(NotFound):
        services.inquiry_note_add(inquiry=inquiry, author=other_developer.user, body="Hi")


# --- follow-ups ----------------------------------------------------------------------------------


def test_followup_keeps_due_at_when_inquiry_is_already_awaiting(inquiry, customer, developer):
    due_at = inquiry.due_at
    services.inquiry_customer_followup(inquiry=inquiry, customer=customer, body="Any news?")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.clock, inquiry.due_at) == (Status.AWAITING_DEVELOPER, 1, due_at)
    assert OutboundEmail.objects.filter(kind="inquiry_followup").count() == 1


def test_followup_starts_new_clock_when_inquiry_was_answered(inquiry, customer, developer):
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Try reinstalling")
    type(inquiry).objects.filter(pk=inquiry.pk).update(escalated_at=timezone.now())
    message = services.inquiry_customer_followup(
        inquiry=inquiry, customer=customer, body="Did not help"
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER
    assert inquiry.clock == 2
    assert inquiry.escalated_at is None
    assert inquiry.awaiting_since == message.created_at
    assert inquiry.due_at == message.created_at + settings.VOC_ANSWER_DEADLINE


def test_followup_reopens_with_new_clock_when_inquiry_was_closed(inquiry, customer, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_customer_followup(inquiry=inquiry, customer=customer, body="Me again")
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.clock, inquiry.closed_at) == (
        Status.AWAITING_DEVELOPER,
        2,
        None,
    )
    assert inquiry.events.filter(kind=Kind.REOPENED, clock=2).exists()


def test_followup_is_refused_when_customer_does_not_own_inquiry(inquiry):
    from tests.factories import CustomerFactory

    with pytest.raises(NotFound):
        services.inquiry_customer_followup(inquiry=inquiry, customer=CustomerFactory(), body="Hi")
    assert inquiry.messages.count() == 1


def test_followup_stores_one_message_when_same_inbound_email_arrives_twice(inquiry, customer):
    for _ in range(2):
        services.inquiry_customer_followup(
            inquiry=inquiry, customer=customer, body="By mail", inbound_message_id="<m@x>"
        )
    assert inquiry.messages.filter(inbound_message_id="<m@x>").count() == 1
    assert OutboundEmail.objects.filter(kind="inquiry_followup").count() == 1


# --- close / reopen ------------------------------------------------------------------------------


def test_close_ends_clock_when_inquiry_is_awaiting(inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CLOSED
    assert inquiry.due_at is None and inquiry.closed_at is not None
    assert inquiry.events.filter(kind=Kind.CLOSED).count() == 1


def test_close_is_refused_when_run_twice(inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    with pytest.raises(InvalidTransition):
        services.inquiry_close(inquiry=inquiry, actor=developer.user)
    assert inquiry.events.filter(kind=Kind.CLOSED).count() == 1


def test_close_is_refused_when_actor_is_not_a_member(inquiry, other_developer):
    with pytest.raises(NotFound):
        services.inquiry_close(inquiry=inquiry, actor=other_developer.user)


def test_reopen_goes_back_to_answered_when_developer_spoke_last(inquiry, developer):
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Done")
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_reopen(inquiry=inquiry, actor=developer.user)
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.clock, inquiry.due_at) == (Status.ANSWERED, 1, None)


def test_reopen_starts_new_clock_when_customer_spoke_last(inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_reopen(inquiry=inquiry, actor=developer.user)
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.clock) == (Status.AWAITING_DEVELOPER, 2)
    assert inquiry.due_at > timezone.now() + settings.VOC_ANSWER_DEADLINE - timedelta(minutes=1)


def test_reopen_is_refused_when_inquiry_is_not_closed(inquiry, developer):
    with pytest.raises(InvalidTransition):
        services.inquiry_reopen(inquiry=inquiry, actor=developer.user)


def test_reopen_is_refused_when_run_twice(inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_reopen(inquiry=inquiry, actor=developer.user)
    with pytest.raises(InvalidTransition):
        services.inquiry_reopen(inquiry=inquiry, actor=developer.user)
    assert inquiry.events.filter(kind=Kind.REOPENED).count() == 1


# --- templates -----------------------------------------------------------------------------------


def test_template_render_fills_variables_when_known_and_leaves_other_braces(inquiry, developer):
    template = ReplyTemplateFactory(
        account=developer.account,
        body="Hi {customer_name}, about {app} #{inquiry_no}: {unknown} {app",
    )
    text = services.reply_template_render(template=template, inquiry=inquiry)
    assert text == (
        f"Hi {inquiry.customer.public_name}, about {developer.app.title} #{inquiry.number}: "
        "{unknown} {app"
    )


def _stored_files(suffix: str) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob(f"*{suffix}")] if root.exists() else []


def test_create_keeps_stored_files_when_the_service_succeeds(developer, customer):
    suffix = f"kept-{uuid.uuid4().hex[:8]}.png"
    _create(developer, customer, attachments=[png_file(suffix)])
    assert len(_stored_files(suffix)) == 1


def test_reply_email_escapes_html_when_body_contains_markup(inquiry, developer):
    services.inquiry_reply(
        inquiry=inquiry, author=developer.user, body='<script>alert("x")</script> & more'
    )
    email = OutboundEmail.objects.get(kind="inquiry_reply")
    assert "<script>" not in email.body_html
    assert "&lt;script&gt;" in email.body_html
    assert '<script>alert("x")</script> & more' in email.body_text


def test_new_inquiry_subject_stays_one_line_when_rendered(developer, customer):
    _create(developer, customer, subject="Tabs\tand   spaces & <b>")
    email = OutboundEmail.objects.get(kind="inquiry_new")
    assert "\n" not in email.subject
    assert "& <b>" in email.subject  # a plain-text header: not HTML-escaped


def test_followup_drops_nul_characters_when_email_text_carries_them(inquiry, customer):
    message = services.inquiry_customer_followup(
        inquiry=inquiry,
        customer=customer,
        body="by\x00 mail",
        via="email",
        inbound_message_id="n@1",
    )
    message.refresh_from_db()
    assert message.body == "by mail"
