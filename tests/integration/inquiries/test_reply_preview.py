"""The reply box's email preview: the customer's mail for the text, rendered by the mail layer,
nothing stored or sent; another account's inquiry is a 404, a blank text a 400."""

import pytest
from django.core import mail

from inquiries.models import Message
from tests.factories import AppFactory, CustomerFactory, MembershipFactory
from tests.factories.refunds import awaiting_inquiry
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    membership = MembershipFactory(account__name="Starlight Games")
    app = AppFactory(account=membership.account, title="Starlight Puzzle")
    customer = CustomerFactory(user__language="ko")
    inquiry = awaiting_inquiry(app=app, customer=customer, subject="Gems gone")
    return membership, inquiry


def _url(inquiry):
    return f"/inquiries/{inquiry.pk}/reply/preview/"


def test_preview_renders_the_customer_mail_in_their_language_when_posted(client, thread):
    membership, inquiry = thread
    client.force_login(membership.user)
    answer = client.post(_url(inquiry), {"body": "Gems restored <script>x</script>"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Gems restored &lt;script&gt;x&lt;/script&gt;" in page  # escaped, never run
    assert "<script>" not in page
    assert "Subject:" in page  # the subject line on top (in the reader's language)
    assert "Starlight Puzzle" in page
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy
    assert not Message.objects.filter(inquiry=inquiry, author_kind="developer").exists()
    assert not OutboundEmail.objects.exists() and mail.outbox == []


def test_preview_is_refused_when_blank_or_another_accounts_inquiry(client, thread):
    membership, inquiry = thread
    client.force_login(membership.user)
    assert client.post(_url(inquiry), {"body": "  "}).status_code == 400
    stranger = MembershipFactory()
    client.force_login(stranger.user)
    assert client.post(_url(inquiry), {"body": "Hello"}).status_code == 404
