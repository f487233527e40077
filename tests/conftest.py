import pytest
from django.core import mail
from django.utils import translation

from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    PurchaseFactory,
)
from tests.factories.accounts import PASSWORD


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    """Django's test setup swaps EMAIL_BACKEND for locmem; send through anymail's test backend
    instead, so every test exercises the anymail code path production uses."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Korean leaves Korean active in this thread (LocaleMiddleware activates it
    and nothing deactivates it): each test starts from the default language again."""
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def developer(db):
    """A member (owner) of one developer account, with one paid app."""
    membership = MembershipFactory()
    membership.app = AppFactory(account=membership.account)
    return membership


@pytest.fixture
def other_developer(db):
    membership = MembershipFactory()
    membership.app = AppFactory(account=membership.account)
    return membership


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def purchase(developer, customer):
    return PurchaseFactory(customer=customer, app=developer.app)


@pytest.fixture
def dev_client(client, developer):
    client.force_login(developer.user)
    return client


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer.user)
    return client
