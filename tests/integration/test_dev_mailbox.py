import pytest
from django.test import override_settings
from django.urls import reverse

from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _email(n: int, **extra) -> OutboundEmail:
    defaults = {
        "dedupe_key": f"dev:{n}",
        "message_id": f"<{n}@voc.example>",
        "kind": "test",
        "to_email": f"person{n}@example.com",
        "subject": f"Subject {n}",
        "body_text": f"Text body {n}",
        "body_html": f"<p>HTML body {n}</p>",
    }
    return OutboundEmail.objects.create(**{**defaults, **extra})


@override_settings(DEBUG=True)
def test_dev_mailbox_lists_stored_emails_when_debug_is_on(client, django_assert_max_num_queries):
    for n in range(30):
        _email(n)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("mail:dev_mailbox"), {"size": 10})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Subject 29" in content and "Subject 19" not in content
    cursor = response.context["page"].next_cursor
    with django_assert_max_num_queries(3):
        response = client.get(reverse("mail:dev_mailbox"), {"size": 25, "cursor": cursor})
    assert "Subject 19" in response.content.decode()


@override_settings(DEBUG=True)
def test_dev_mailbox_filters_by_recipient_when_asked(client):
    _email(1)
    _email(2)
    response = client.get(reverse("mail:dev_mailbox"), {"to": "PERSON2@example.com"})
    assert [e.to_email for e in response.context["page"].items] == ["person2@example.com"]


@override_settings(DEBUG=True)
def test_dev_mailbox_is_404_when_cursor_is_garbage(client):
    assert client.get(reverse("mail:dev_mailbox"), {"cursor": "!!"}).status_code == 404


@override_settings(DEBUG=True)
def test_dev_message_shows_text_and_frames_html_when_debug_is_on(client):
    email = _email(7)
    response = client.get(reverse("mail:dev_message", args=[email.pk]))
    assert response.status_code == 200
    assert b"Text body 7" in response.content
    assert reverse("mail:dev_message_html", args=[email.pk]).encode() in response.content
    response = client.get(reverse("mail:dev_message_html", args=[email.pk]))
    assert response.content == b"<p>HTML body 7</p>"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("name", ["mail:dev_mailbox", "mail:dev_message", "mail:dev_message_html"])
def test_dev_mailbox_is_404_when_debug_is_off(client, name):
    email = _email(1)
    args = [] if name == "mail:dev_mailbox" else [email.pk]
    assert client.get(reverse(name, args=args)).status_code == 404
