import random

import pytest
from django.db import IntegrityError, transaction

from reviews import services
from reviews.models import AppRating, OfficialReply, Review, ReviewVersion
from reviews.selectors import app_rating_recount
from tests.factories import AppFactory, CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.reviews import OfficialReplyFactory, ReviewFactory
from voc_portal.core.errors import DomainError, InvalidTransition
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _rating(app) -> dict:
    row = AppRating.objects.get(app=app)
    return {k: getattr(row, k) for k in app_rating_recount(app_id=app.pk)}


# --- who may review ------------------------------------------------------------------------------


def test_create_refused_when_customer_has_no_purchase(developer, customer):
    with pytest.raises(DomainError) as exc:
        services.review_create(customer=customer, app=developer.app, rating=5, body="Great")
    assert exc.value.code == "not_a_purchaser"
    assert not Review.objects.exists()


def test_create_refused_when_only_purchase_is_cancelled(developer, customer):
    PurchaseFactory(customer=customer, app=developer.app, cancelled=True)
    with pytest.raises(DomainError) as exc:
        services.review_create(customer=customer, app=developer.app, rating=5, body="Great")
    assert exc.value.code == "not_a_purchaser"


def test_create_allowed_when_customer_got_a_free_app(customer):
    app = AppFactory(free=True)
    PurchaseFactory(customer=customer, app=app, amount=0)
    review = services.review_create(customer=customer, app=app, rating=3, body="OK for free")
    assert review.pk and _rating(app)["count"] == 1


def test_second_create_refused_when_live_review_exists(review):
    with pytest.raises(DomainError) as exc:
        services.review_create(customer=review.customer, app=review.app, rating=1, body="again")
    assert exc.value.code == "already_reviewed"


# --- database-held rules -------------------------------------------------------------------------


def test_database_refuses_second_review_when_same_customer_and_app(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(app=review.app, customer=review.customer)


def test_database_refuses_second_reply_when_review_already_has_one(review):
    OfficialReplyFactory(review=review)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialReplyFactory(review=review)


@pytest.mark.parametrize("rating", [0, 6])
def test_database_refuses_rating_when_outside_1_to_5(rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(rating=rating)


def test_database_refuses_body_when_too_long_or_blank():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(body="x" * 2001)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(body="   ")


def test_database_refuses_hidden_review_when_reason_missing():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(hidden_at="2026-01-01T00:00:00Z", hidden_reason="")


# --- edits, versions, outdated -------------------------------------------------------------------


def test_update_keeps_earlier_version_and_sets_edited_at_when_text_changes(review):
    assert review.edited_at is None
    updated = services.review_update(
        review=review, customer=review.customer, rating=2, body="Crashes since update"
    )
    assert updated.edited_at is not None
    version = ReviewVersion.objects.get(review=review)
    assert (version.rating, version.body) == (4, "Works well on my phone.")
    assert _rating(review.app)["count_2"] == 1 and _rating(review.app)["count_4"] == 0


def test_update_changes_nothing_when_text_and_rating_are_the_same(review):
    services.review_update(review=review, customer=review.customer, rating=4, body=review.body)
    review.refresh_from_db()
    assert review.edited_at is None and not ReviewVersion.objects.exists()


def test_review_is_outdated_when_edited_after_the_reply(review, developer):
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Thanks!"
    )
    fresh = Review.objects.select_related("reply").get(pk=review.pk)
    assert not fresh.is_outdated
    services.review_update(review=review, customer=review.customer, rating=1, body="Broken now")
    fresh = Review.objects.select_related("reply").get(pk=review.pk)
    assert fresh.is_outdated
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Fixed in 2.1"
    )
    fresh = Review.objects.select_related("reply").get(pk=review.pk)
    assert not fresh.is_outdated


def test_delete_is_soft_and_uncounted_when_author_deletes(review):
    services.review_delete(review=review, customer=review.customer)
    review.refresh_from_db()
    assert review.deleted_at is not None
    assert _rating(review.app)["count"] == 0
    # deleting twice changes nothing
    services.review_delete(review=review, customer=review.customer)
    assert _rating(review.app)["count"] == 0


def test_create_revives_row_and_keeps_old_text_when_review_was_deleted(review):
    services.review_delete(review=review, customer=review.customer)
    again = services.review_create(
        customer=review.customer, app=review.app, rating=5, body="Back again"
    )
    assert again.pk == review.pk and again.deleted_at is None
    assert ReviewVersion.objects.filter(review=review, body="Works well on my phone.").exists()
    assert _rating(review.app) == {**_rating(review.app), "count": 1, "sum": 5, "count_5": 1}


def test_update_refused_when_review_belongs_to_someone_else(review):
    from voc_portal.core.errors import NotFound

    with pytest.raises(NotFound):
        services.review_update(review=review, customer=CustomerFactory(), rating=1, body="x")


# --- hide / restore ------------------------------------------------------------------------------


def test_hide_uncounts_and_restore_counts_again_when_ops_act(review):
    ops = OpsUserFactory()
    services.review_hide(review=review, actor=ops, reason="Insults")
    review.refresh_from_db()
    assert review.hidden_reason == "Insults" and review.hidden_by == ops
    assert _rating(review.app)["count"] == 0
    with pytest.raises(InvalidTransition):
        services.review_hide(review=review, actor=ops, reason="again")
    services.review_restore(review=review, actor=ops)
    assert _rating(review.app)["count"] == 1
    with pytest.raises(InvalidTransition):
        services.review_restore(review=review, actor=ops)


def test_hide_refused_when_reason_is_blank(review):
    with pytest.raises(DomainError) as exc:
        services.review_hide(review=review, actor=OpsUserFactory(), reason="  ")
    assert exc.value.code == "reason_required"


# --- official replies ----------------------------------------------------------------------------


def test_reply_emails_customer_once_per_version_when_posted_and_changed(
    review, developer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        reply = services.review_reply_publish(
            review=review, account=developer.account, author=developer.user, body="Thank you!"
        )
    first = OutboundEmail.objects.get(dedupe_key=f"review-reply:{reply.pk}:v1")
    assert first.to_email == review.customer.user.email and "Thank you!" in first.body_text
    # the same text again: no new version, no new email
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Thank you!"
    )
    assert OutboundEmail.objects.filter(kind="review_reply").count() == 1
    # Once the first email went out, a change is a new email that says "updated" (edits in a
    # burst before that are one email: tests/integration/mail/test_email_flows.py).
    OutboundEmail.objects.filter(pk=first.pk).update(status=OutboundEmail.Status.SENT)
    reply = services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Fixed in 2.0"
    )
    assert reply.version == 2
    second = OutboundEmail.objects.get(dedupe_key=f"review-reply:{reply.pk}:v2")
    assert "updated" in second.subject


def test_reply_email_is_in_customer_language_when_customer_is_korean(developer):
    from django.utils import translation

    customer = CustomerFactory(korean=True)
    PurchaseFactory(customer=customer, app=developer.app)
    review = services.review_create(customer=customer, app=developer.app, rating=5, body="좋아요")
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="감사합니다"
    )
    email = OutboundEmail.objects.get(kind="review_reply")
    assert email.language == "ko"
    assert translation.get_language() in ("en", "en-us")


def test_reply_refused_when_too_long(review, developer, settings):
    settings.VOC_OFFICIAL_REPLY_MAX_LENGTH = 20
    with pytest.raises(DomainError) as exc:
        services.review_reply_publish(
            review=review, account=developer.account, author=developer.user, body="x" * 21
        )
    assert exc.value.code == "too_long"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("Mail us at help@studio.example", "help@studio.example"),
        ("Call 010-1234-5678", "010-1234-5678"),
        ("Call +82 10 1234 5678", "+82 10 1234 5678"),
        ("Your receipt number R99887766 is refunded", "receipt number R99887766"),
    ],
)
def test_reply_refused_and_part_named_when_private_data(review, developer, body, named):
    with pytest.raises(DomainError) as exc:
        services.review_reply_publish(
            review=review, account=developer.account, author=developer.user, body=body
        )
    assert exc.value.code == "private_data"
    assert named in exc.value.message
    assert not OfficialReply.objects.exists()


def test_reply_refused_when_it_quotes_this_customers_purchase_identifier(review, developer):
    purchase = review.customer.purchases.get()
    body = f"We checked {purchase.txid.lower()} for you"
    with pytest.raises(DomainError) as exc:
        services.review_reply_publish(
            review=review, account=developer.account, author=developer.user, body=body
        )
    assert purchase.txid.lower() in exc.value.message


def test_reply_delete_removes_the_reply_when_developer_deletes(review, developer):
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Thanks"
    )
    services.review_reply_delete(review=review, account=developer.account)
    assert not OfficialReply.objects.exists()


# --- aggregates ----------------------------------------------------------------------------------


def test_aggregates_equal_a_recount_when_random_mix_of_changes():
    rng = random.Random(20260524)
    apps = [AppFactory(), AppFactory(free=True)]
    customers = [CustomerFactory() for _ in range(8)]
    for c in customers:
        for app in apps:
            PurchaseFactory(customer=c, app=app)
    ops = OpsUserFactory()
    for _ in range(300):
        app, customer = rng.choice(apps), rng.choice(customers)
        live = Review.objects.filter(app=app, customer=customer, deleted_at__isnull=True).first()
        step = rng.choice(["create", "edit", "delete", "hide", "restore"])
        try:
            if live is None or step == "create":
                services.review_create(
                    customer=customer, app=app, rating=rng.randint(1, 5), body="b"
                )
            elif step == "edit":
                services.review_update(
                    review=live, customer=customer, rating=rng.randint(1, 5), body="e"
                )
            elif step == "delete":
                services.review_delete(review=live, customer=customer)
            elif step == "hide":
                services.review_hide(review=live, actor=ops, reason="r")
            else:
                services.review_restore(review=live, actor=ops)
        except DomainError:
            pass  # already reviewed / already hidden / not hidden: refused, nothing changes
    assert Review.objects.filter(hidden_at__isnull=False).exists()
    assert Review.objects.filter(deleted_at__isnull=False).exists()
    for app in apps:
        assert _rating(app) == app_rating_recount(app_id=app.pk)
        assert services.app_rating_recompute(app=app, fix=False) == {}
