"""Review rows written directly (no aggregate upkeep): for constraint and display tests.

Tests of behaviour write reviews through reviews.services so the aggregates stay true.
"""

import factory
from django.utils import timezone

from reviews.models import OfficialReply, Review, ReviewReplyTemplate

from .accounts import CustomerFactory
from .catalog import AppFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    app = factory.SubFactory(AppFactory)
    customer = factory.SubFactory(CustomerFactory)
    rating = 4
    body = factory.Sequence(lambda n: f"Review text number {n}.")

    class Params:
        hidden = factory.Trait(hidden_at=factory.LazyFunction(timezone.now), hidden_reason="Abuse")
        deleted = factory.Trait(deleted_at=factory.LazyFunction(timezone.now))


class OfficialReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialReply

    review = factory.SubFactory(ReviewFactory)
    account = factory.LazyAttribute(lambda o: o.review.app.account)
    body = "Thank you for your review."


class ReviewReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewReplyTemplate

    account = factory.SubFactory("tests.factories.accounts.DeveloperAccountFactory")
    name = factory.Sequence(lambda n: f"Template {n}")
    body = "Thank you {customer_name} for reviewing {app}!"
