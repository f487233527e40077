import pytest
from django.urls import reverse

from reviews import services
from reviews.models import OfficialReply
from tests.factories import CustomerFactory, PurchaseFactory
from tests.factories.reviews import OfficialReplyFactory, ReviewFactory, ReviewReplyTemplateFactory
from voc_portal.core.errors import DomainError


def _review(app, **kw):
    customer = CustomerFactory()
    PurchaseFactory(customer=customer, app=app)
    return ReviewFactory(app=app, customer=customer, **kw)


@pytest.mark.django_db
def test_apply_template_replies_to_each_and_skips_replied_and_foreign(developer, other_developer):
    template = ReviewReplyTemplateFactory(
        account=developer.account, body="Thanks, {customer_name}!"
    )
    fresh = [_review(developer.app) for _ in range(2)]
    replied = _review(developer.app)
    OfficialReplyFactory(review=replied)
    foreign = _review(other_developer.app)
    result = services.review_bulk_apply(
        account=developer.account,
        actor=developer.user,
        action="apply_template",
        ids=[r.pk for r in fresh] + [replied.pk, foreign.pk],
        params={"template": template.pk},
    )
    assert result.summary() == "2 replied, 2 skipped: already replied (1); not found (1)"
    bodies = dict(OfficialReply.objects.values_list("review_id", "body"))
    assert bodies[fresh[0].pk] == f"Thanks, {fresh[0].customer.public_name}!"
    assert foreign.pk not in bodies


@pytest.mark.django_db
def test_apply_template_each_reply_still_passes_the_privacy_guard(developer):
    template = ReviewReplyTemplateFactory(
        account=developer.account, body="Write to support@example.com or call 010-1234-5678."
    )
    review = _review(developer.app)
    result = services.review_bulk_apply(
        account=developer.account,
        actor=developer.user,
        action="apply_template",
        ids=[review.pk],
        params={"template": template.pk},
    )
    assert result.done == [] and result.skipped_count == 1
    assert not OfficialReply.objects.filter(review=review).exists()


@pytest.mark.django_db
def test_apply_template_refuses_another_accounts_template(developer, other_developer):
    template = ReviewReplyTemplateFactory(account=other_developer.account)
    with pytest.raises(DomainError) as exc:
        services.review_bulk_apply(
            account=developer.account,
            actor=developer.user,
            action="apply_template",
            ids=[_review(developer.app).pk],
            params={"template": template.pk},
        )
    assert exc.value.status == 404


@pytest.mark.django_db
def test_console_bulk_bar_posts_and_reports(dev_client, developer, django_assert_max_num_queries):
    template = ReviewReplyTemplateFactory(account=developer.account, body="Thank you!")
    reviews = [_review(developer.app) for _ in range(3)]
    with django_assert_max_num_queries(14):
        html = dev_client.get(reverse("reviews:console")).content.decode()
    assert html.count('form="review-bulk" data-bulk-item') == 3
    response = dev_client.post(
        reverse("reviews:bulk"),
        {"action": "apply_template", "template": template.pk, "ids": [r.pk for r in reviews]},
        follow=True,
    )
    assert "3 replied" in response.content.decode()
    assert OfficialReply.objects.filter(review__in=reviews).count() == 3
