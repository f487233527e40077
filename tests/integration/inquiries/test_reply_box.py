"""The thread's reply box: templates filled in for the page, own ids, "Send and close"."""

import re

import pytest
from django.urls import reverse

from inquiries.models import Message, Status
from tests.factories.inquiries import ReplyTemplateFactory

pytestmark = pytest.mark.django_db


def test_reply_and_note_boxes_have_distinct_ids_when_the_thread_is_shown(dev_client, inquiry):
    html = dev_client.get(reverse("inquiries:detail", args=[inquiry.pk])).content.decode()
    ids = re.findall(r'<textarea[^>]* id="([^"]+)"', html)
    assert ids == ["id_reply_body", "id_note_body"]
    assert 'for="id_reply_body"' in html and 'for="id_note_body"' in html
    assert 'data-target="id_reply_body"' in html


def test_template_options_carry_the_filled_in_text_when_the_thread_is_shown(
    dev_client, inquiry, developer, django_assert_max_num_queries
):
    for n in range(3):
        ReplyTemplateFactory(
            account=developer.account, body=f"Dear {{customer_name}} {n} ({{app}})"
        )
    url = reverse("inquiries:detail", args=[inquiry.pk])
    with django_assert_max_num_queries(40) as few:
        dev_client.get(url)
    baseline = len(few.captured_queries)  # read now: every request resets the query log
    for n in range(3, 9):
        ReplyTemplateFactory(account=developer.account, body=f"Dear {{customer_name}} {n}")
    with django_assert_max_num_queries(baseline):
        html = dev_client.get(url).content.decode()
    expected = f'data-body="Dear {inquiry.customer.public_name} 0 ({inquiry.app.title})"'
    assert expected in html


def test_send_and_close_sends_the_reply_and_closes_when_asked(dev_client, inquiry):
    response = dev_client.post(
        reverse("inquiries:reply", args=[inquiry.pk]), {"body": "Fixed in 1.2.", "and_close": "1"}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CLOSED
    reply = Message.objects.get(inquiry=inquiry, author_kind=Message.Author.DEVELOPER)
    assert (reply.body, reply.is_internal) == ("Fixed in 1.2.", False)


def test_send_reply_keeps_the_inquiry_open_when_not_asked_to_close(dev_client, inquiry):
    dev_client.post(reverse("inquiries:reply", args=[inquiry.pk]), {"body": "Looking into it."})
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED


def test_send_and_close_closes_nothing_when_the_reply_is_invalid(dev_client, inquiry):
    response = dev_client.post(
        reverse("inquiries:reply", args=[inquiry.pk]), {"body": "", "and_close": "1"}
    )
    assert response.status_code == 400
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER
