"""What a stored row says (voc_portal.mail.services.compose): one thread in mail clients (the
last reference answered, all of them kept), a given Message-ID kept (tests/mutation/config.toml)."""

import pytest
from django.core import mail

from voc_portal.mail import services

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
