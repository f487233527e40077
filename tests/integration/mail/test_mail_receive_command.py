"""manage.py mail_receive: the reply-by-email pipeline without a provider (demo, ops)."""

import pytest
from django.core.management import CommandError, call_command

from inquiries import services as inquiry_services
from inquiries.models import Category, Message, Status
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_inquiry(developer, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        inquiry = inquiry_services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.OTHER,
            subject="Where is my save game?",
            body="It vanished after the update.",
        )
        reply = inquiry_services.inquiry_reply(
            inquiry=inquiry, author=developer.user, body="It is in Settings > Cloud."
        )
    return inquiry, reply


def test_answer_adds_customer_followup_when_customer_replies_to_reply_email(
    answered_inquiry, capsys, django_capture_on_commit_callbacks
):
    inquiry, reply = answered_inquiry
    with django_capture_on_commit_callbacks(execute=False):
        call_command("mail_receive", answer=reply.email_id, body="Found it, thank you!")
    followup = Message.objects.filter(inquiry=inquiry, via=Message.Via.EMAIL).get()
    assert followup.author_kind == Message.Author.CUSTOMER
    assert followup.body == "Found it, thank you!"  # the quoted reply is stripped
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER  # a new clock
    assert f"stored message {followup.pk}" in capsys.readouterr().out


def test_raw_message_file_is_refused_when_sender_is_wrong(answered_inquiry, tmp_path):
    _, reply = answered_inquiry
    email = OutboundEmail.objects.get(pk=reply.email_id)
    raw = (
        f"From: someone@else.example\r\nTo: {email.reply_to}\r\nSubject: Re\r\n"
        "Message-ID: <x1@else.example>\r\n\r\nHello\r\n"
    )
    path = tmp_path / "reply.eml"
    path.write_text(raw)
    with pytest.raises(CommandError, match="wrong_sender"):
        call_command("mail_receive", str(path))
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()
