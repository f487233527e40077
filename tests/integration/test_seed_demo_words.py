"""The demo reads like a real store (issues 15 item 7, 20 item 5): each customer writes in their
language and is answered in it, review replies fit the stars, templates exist, ops write Korean,
and dev@demo.voc starts in the account of the README tour (customer@demo.voc's purchases)."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from inquiries.models import Inquiry, Message, ReplyTemplate, Status
from refunds.models import RefundRequest
from reviews.demo import REPLIES
from reviews.models import OfficialReply, Review, ReviewReplyTemplate
from voc_portal.accounts.models import DeveloperAccount
from voc_portal.core.demo_logins import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_each_customer_writes_and_is_answered_in_their_language_when_seeded(seeded):
    inquiries = Inquiry.objects.select_related("customer__user").prefetch_related("messages")
    assert inquiries.count() > 20
    for inquiry in inquiries:
        korean = inquiry.customer.user.language == "ko"
        assert bool(HANGUL.search(inquiry.subject)) == korean, inquiry.subject
        for message in inquiry.messages.all():
            if message.author_kind in ("customer", "developer") and not message.is_internal:
                assert bool(HANGUL.search(message.body)) == korean, message.body
    # Varied per app: the same scenario reads differently on the first two apps.
    first, second = DeveloperAccount.objects.get(name="Starlight Games").apps.order_by("id")[:2]
    assert set(first.inquiries.values_list("subject", flat=True)) != set(
        second.inquiries.values_list("subject", flat=True)
    )


def test_every_account_has_an_inquiry_in_every_state_when_seeded(seeded):
    for account in DeveloperAccount.objects.all():
        states = set(Inquiry.objects.filter(account=account).values_list("status", flat=True))
        assert states == set(Status.values), account.name


def test_review_replies_fit_the_stars_and_templates_exist_when_seeded(seeded):
    replies = OfficialReply.objects.select_related("review__customer__user")
    assert replies.count() > 5
    for reply in replies.exclude(review__edited_at__isnull=False):
        language = reply.review.customer.user.language
        assert reply.body in REPLIES[language][reply.review.rating], reply.body
    for account in DeveloperAccount.objects.all():
        assert ReviewReplyTemplate.objects.filter(account=account).count() == 2
        assert ReplyTemplate.objects.filter(account=account).count() == 3
    hidden = Review.objects.get(hidden_at__isnull=False)
    assert HANGUL.search(hidden.hidden_reason)


def test_ops_words_are_korean_when_seeded(seeded):
    typed = RefundRequest.objects.exclude(reason="")
    assert typed.exists()
    assert all(HANGUL.search(r.reason) for r in typed)
    assert all(HANGUL.search(r.decision_note) for r in typed.exclude(decision_note=""))
    notes = Message.objects.filter(is_internal=True).select_related("author")
    assert notes.exists()
    for note in notes:  # the team's own notes, in the author's language
        assert bool(HANGUL.search(note.body)) == (note.author.language == "ko"), note.body


def test_developer_starts_in_the_account_of_the_tour_when_signing_in(seeded, client):
    client.post(
        reverse("accounts:login"),
        {"username": DEMO_LOGINS["developer"], "password": DEMO_PASSWORD},
    )
    page = client.get(reverse("inquiries:inbox")).content.decode()
    tour = Inquiry.objects.filter(customer__user__email=DEMO_LOGINS["customer"]).first()
    assert tour is not None and tour.account.name == "Starlight Games"
    assert tour.subject in page
