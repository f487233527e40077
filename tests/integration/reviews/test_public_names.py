"""One rule for customer names (docs/privacy.md), through HTTP: wherever a developer or visitor
sees a customer, only Customer.public_name appears; never the full name, the email, its local
part or another form. Every reply-template variable is rendered into a published reply."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from inquiries import services as inquiry_services
from reviews import services
from reviews.models import OfficialReply
from tests.factories import CustomerFactory, PurchaseFactory
from tests.factories.inquiries import ReplyTemplateFactory
from tests.factories.reviews import ReviewReplyTemplateFactory
from voc_portal.api.services import api_token_create

pytestmark = pytest.mark.django_db

# Every variable a review-reply template knows (reviews.forms help text), and an inquiry's.
REVIEW_VARIABLES = "{customer_name} | {app}"
INQUIRY_VARIABLES = "{customer_name} | {app} | {inquiry_no}"


@pytest.fixture(params=[("Jane Doe", "Jane D."), ("이승원", "이*원"), ("", "Customer")])
def reviewer(request, developer):
    full_name, public = request.param
    customer = CustomerFactory(user__full_name=full_name, user__email="jane.doe.1987@example.com")
    PurchaseFactory(customer=customer, app=developer.app)
    customer.expected_public_name = public
    return customer


def _other_forms(customer) -> list[str]:
    user = customer.user
    forms = [user.email, user.email.split("@")[0], user.get_short_name(), user.get_full_name()]
    return [f for f in forms if f and f != customer.public_name]


def test_public_name_is_the_one_rule(reviewer):
    assert reviewer.public_name == reviewer.expected_public_name


def test_every_variable_renders_only_the_public_name_on_public_pages(reviewer, developer):
    review = services.review_create(customer=reviewer, app=developer.app, rating=5, body="Good")
    template = ReviewReplyTemplateFactory(account=developer.account, body=REVIEW_VARIABLES)
    dev = Client()
    dev.force_login(developer.user)

    console = dev.get(reverse("reviews:console")).text
    dev.post(
        reverse("reviews:reply_publish", args=[review.pk]), {"body": "", "template": template.pk}
    )

    reply = OfficialReply.objects.get()
    assert reply.body == f"{reviewer.public_name} | {developer.app.title}"
    public = Client().get(reverse("reviews:app_detail", args=[developer.app.package_name])).text
    api = APIClient()
    secret = api_token_create(membership=developer, name="t").secret
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    api = api.get("/api/v1/reviews/")
    assert api.status_code == 200 and str(review.pk) in api.content.decode()
    for page in (public, console, reply.body, api.content.decode()):
        for other in _other_forms(reviewer):
            assert other not in page
    assert reviewer.public_name in public and reviewer.public_name in console


def test_inquiry_template_variables_and_history_show_only_the_public_name(reviewer, developer):
    inquiry = inquiry_services.inquiry_create(
        customer=reviewer, app=developer.app, category="error", subject="Crash", body="It crashes."
    )
    template = ReplyTemplateFactory(account=developer.account, body=INQUIRY_VARIABLES)
    dev = Client()
    dev.force_login(developer.user)

    page = dev.get(reverse("inquiries:detail", args=[inquiry.pk]), {"template": template.pk}).text
    text = inquiry_services.reply_template_render(template=template, inquiry=inquiry)

    assert text == f"{reviewer.public_name} | {developer.app.title} | {inquiry.number}"
    assert reviewer.public_name in page
    for other in _other_forms(reviewer):
        assert other not in page  # the thread, the History list and the prefilled reply
