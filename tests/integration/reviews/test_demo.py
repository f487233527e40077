import random

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from reviews.models import OUTDATED_Q, AppRating, Review
from reviews.selectors import app_rating_recount
from voc_portal.catalog.demo import DEMO_SEED, seed_shared
from voc_portal.demo.seed import run_hooks
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_demo_seeds_reviews_replies_outdated_and_hidden_when_run_twice():
    ctx = seed_shared(random.Random(DEMO_SEED), timezone.now(), password_hash=make_password("x"))
    assert run_hooks(ctx, hooks=("reviews.demo",)) == ["reviews.demo"]
    reviewed_apps = Review.objects.values("app").distinct().count()
    assert reviewed_apps >= len(ctx.apps) * 0.7
    assert Review.objects.filter(reply__isnull=False).exists()
    first_account = ctx.accounts[0]
    assert Review.objects.filter(OUTDATED_Q).get().app.account == first_account
    assert Review.objects.filter(hidden_at__isnull=False).get().app.account == first_account
    assert set(Review.objects.values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    assert Review.objects.filter(body__regex=r"[가-힣]").exists()
    assert Review.objects.filter(body__regex=r"^[A-Za-z]").exists()
    for rating in AppRating.objects.all():
        recount = app_rating_recount(app_id=rating.app_id)
        assert {k: getattr(rating, k) for k in recount} == recount
    assert not OutboundEmail.objects.filter(kind="review_reply").exists()
    before = Review.objects.count()
    run_hooks(ctx, hooks=("reviews.demo",))
    assert Review.objects.count() == before
