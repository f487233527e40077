"""Aggregates stay exact when many reviews change at once (real transactions, real threads)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from reviews import services
from reviews.models import AppRating, Review
from reviews.selectors import app_rating_recount
from tests.factories import AppFactory, CustomerFactory, PurchaseFactory
from voc_portal.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connection.close()

    return run


def test_aggregate_matches_recount_when_reviews_are_written_concurrently():
    app = AppFactory()
    customers = [CustomerFactory() for _ in range(12)]
    for c in customers:
        PurchaseFactory(customer=c, app=app)

    @_in_thread
    def write(i):
        customer = customers[i % len(customers)]
        try:
            review = services.review_create(
                customer=customer, app=app, rating=(i % 5) + 1, body=f"r{i}"
            )
        except DomainError:
            review = Review.objects.get(app=app, customer=customer)
        services.review_update(review=review, customer=customer, rating=5 - (i % 5), body=f"e{i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(36)))

    rating = AppRating.objects.get(app=app)
    recount = app_rating_recount(app_id=app.pk)
    assert {k: getattr(rating, k) for k in recount} == recount
    assert rating.count == 12
