"""The review console says why its numbers differ and refuses an inverted date range."""

import re

import pytest
from django.urls import reverse

from reviews import services
from tests.factories import CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db


def test_console_explains_hidden_reviews_when_all_and_per_star_figures_differ(
    dev_client, developer
):
    reviews = []
    for rating in (5, 4, 4, 1):
        customer = CustomerFactory()
        PurchaseFactory(customer=customer, app=developer.app)
        reviews.append(
            services.review_create(customer=customer, app=developer.app, rating=rating, body="ok")
        )
    services.review_hide(review=reviews[-1], actor=OpsUserFactory(), reason="Abuse")
    html = dev_client.get(reverse("reviews:console")).content.decode()
    figures = html.split("<caption>Reviews per star</caption>", 1)[1].split("</table>", 1)[0]
    per_star = sum(int(n) for n in re.findall(r'<td class="num">(\d+)</td>', figures))
    hidden = re.search(r'data-count="hidden">(\d+)<', html).group(1)
    total = re.search(r'value=""[^>]*> All <span class="badge badge-muted">(\d+)<', html).group(1)
    assert (per_star, int(hidden), int(total)) == (3, 1, 4)
    assert per_star + int(hidden) == int(total)
    assert "1 review hidden by store operations is not included" in html


def test_console_shows_no_hidden_note_when_nothing_is_hidden(dev_client, developer):
    ReviewFactory(app=developer.app)
    assert "data-hidden-note" not in dev_client.get(reverse("reviews:console")).content.decode()


def test_console_says_the_range_is_inverted_when_from_is_after_to(dev_client, developer):
    ReviewFactory(app=developer.app)
    response = dev_client.get(
        reverse("reviews:console"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "The start date is after the end date" in response.content.decode()


def test_console_accepts_a_range_when_from_is_before_to(dev_client, developer):
    response = dev_client.get(
        reverse("reviews:console"), {"date_from": "2026-04-01", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
