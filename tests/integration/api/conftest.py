import hypothesis
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from voc_portal.api.services import api_token_create

# Property-based tests (schemathesis) keep no example database in the work tree.
hypothesis.settings.register_profile("voc-api", database=None, deadline=None)
hypothesis.settings.load_profile("voc-api")


@pytest.fixture(autouse=True)
def _fresh_anonymous_throttle():
    # Anonymous requests share one budget per address (127.0.0.1 in tests); start each test
    # with a fresh one. Token budgets are keyed by token id, new in every test.
    cache.delete("throttle_anon_127.0.0.1")


def bearer_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def issued_token(developer):
    return api_token_create(membership=developer, name="phone")


@pytest.fixture
def api(issued_token):
    """An API client holding the `developer` fixture's token."""
    return bearer_client(issued_token.secret)


@pytest.fixture
def other_api(other_developer):
    return bearer_client(api_token_create(membership=other_developer, name="other").secret)
