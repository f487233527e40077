"""The demo reads like a real store (issues 15 item 7, 20 item 5): each customer writes in their
language and is answered in it, review replies fit the stars, templates exist, ops write Korean,
and dev@demo.voc starts in the account of the README tour (customer@demo.voc's purchases)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from inquiries.models import Inquiry, Message, ReplyTemplate, Status
from refunds.models import RefundRequest
from reviews.demo import REPLIES
from reviews.models import OfficialReply, Review, ReviewReplyTemplate
from voc_portal.accounts.models import DeveloperAccount
from voc_portal.catalog.models import Purchase
from voc_portal.core.demo_logins import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db
HANGUL = re.compile(r"[가-힣]")


def test_demo_reads_like_a_store_when_seeded(client):
    """One seed (it takes a while) for every check below."""
    call_command("seed_demo", stdout=StringIO())
    _each_customer_writes_and_is_answered_in_their_language()
    _every_account_has_an_inquiry_in_every_state()
    _review_replies_fit_the_stars_and_templates_exist()
    _ops_words_are_korean()
    _developer_starts_in_the_account_of_the_tour(client)


def _each_customer_writes_and_is_answered_in_their_language():
    inquiries = Inquiry.objects.select_related("customer__user").prefetch_related("messages")
    assert inquiries.count() > 20
    items = {p.app_id: [] for p in Purchase.objects.all()}
    for app_id, item in Purchase.objects.values_list("app_id", "item_name"):
        items[app_id].append(item)
    for inquiry in inquiries:
        korean = inquiry.customer.user.language == "ko"
        assert bool(HANGUL.search(inquiry.subject)) == korean, inquiry.subject
        # Names (Korean app titles, item names) are not the language of the sentence.
        names = sorted([inquiry.app.title, *items.get(inquiry.app_id, [])], key=len, reverse=True)
        for message in inquiry.messages.all():
            if message.author_kind in ("customer", "developer") and not message.is_internal:
                text = message.body
                for name in names:
                    text = text.replace(name, "")
                assert bool(HANGUL.search(text)) == korean, message.body
    # Varied per app: the same scenario reads differently on the first two apps.
    first, second = DeveloperAccount.objects.get(name="Starlight Games").apps.order_by("id")[:2]
    assert set(first.inquiries.values_list("subject", flat=True)) != set(
        second.inquiries.values_list("subject", flat=True)
    )


def _every_account_has_an_inquiry_in_every_state():
    for account in DeveloperAccount.objects.all():
        states = set(Inquiry.objects.filter(account=account).values_list("status", flat=True))
        assert states == set(Status.values), account.name


def _review_replies_fit_the_stars_and_templates_exist():
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


def _ops_words_are_korean():
    typed = RefundRequest.objects.exclude(reason="")
    assert typed.exists()
    assert all(HANGUL.search(r.reason) for r in typed)
    assert all(HANGUL.search(r.decision_note) for r in typed.exclude(decision_note=""))
    notes = Message.objects.filter(is_internal=True).select_related("author")
    assert notes.exists()
    for note in notes:  # the team's own notes, in the author's language
        assert bool(HANGUL.search(note.body)) == (note.author.language == "ko"), note.body


def _developer_starts_in_the_account_of_the_tour(client):
    client.post(
        reverse("accounts:login"),
        {"username": DEMO_LOGINS["developer"], "password": DEMO_PASSWORD},
    )
    page = client.get(reverse("inquiries:inbox")).content.decode()
    tour = Inquiry.objects.filter(customer__user__email=DEMO_LOGINS["customer"]).first()
    assert tour is not None and tour.account.name == "Starlight Games"
    assert tour.subject in page
