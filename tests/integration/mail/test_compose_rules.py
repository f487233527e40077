"""What a stored row says (voc_portal.mail.services.compose): one thread in mail clients (the
last reference answered, all of them kept), a given Message-ID kept (tests/mutation/config.toml)."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from voc_portal.accounts.models import public_display_name
from voc_portal.mail import services
from voc_portal.mail.services import render_email
from voc_portal.mail.services.compose import customer_name

pytestmark = pytest.mark.django_db


def test_the_row_answers_the_last_reference_and_keeps_them_all_in_order(queue_email):
    email = queue_email(references=["<a@x>", "<b@x>", "<c@x>"])
    assert email.headers == {"In-Reply-To": "<c@x>", "References": "<a@x> <b@x> <c@x>"}

    services.outbound_email_send(email_id=email.pk)
    assert mail.outbox[0].extra_headers["In-Reply-To"] == "<c@x>"


def test_a_row_without_references_carries_no_thread_headers(queue_email):
    assert queue_email().headers == {}


def test_a_given_message_id_is_kept(queue_email):
    assert queue_email(message_id="<given.1@example.com>").message_id == "<given.1@example.com>"


def test_without_can_reply_an_email_says_it_cannot_be_answered():
    """The safe default: no caller can promise a reply address by forgetting the argument."""
    from tests.integration.mail.email_samples import samples

    template, context, _reply = samples()["inquiry_reminder"]
    assert "cannot receive replies" in render_email(template, context, "en").body_text
    answered = render_email(template, context, "en", can_reply=True).body_text
    assert "cannot receive replies" not in answered


@pytest.mark.parametrize(
    ("full_name", "greeted"),
    [("  Jane Doe ", public_display_name("Jane Doe")), ("", ""), ("  ", "")],
)
def test_a_customer_is_greeted_by_their_public_name_or_not_at_all(full_name, greeted):
    user = UserFactory(full_name=full_name)
    assert customer_name(user) == greeted
    assert greeted != user.email  # never the address
