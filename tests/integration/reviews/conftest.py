import pytest

from reviews import services


@pytest.fixture
def review(purchase):
    """The customer's review of the developer's app, written through the service."""
    return services.review_create(
        customer=purchase.customer, app=purchase.app, rating=4, body="Works well on my phone."
    )
