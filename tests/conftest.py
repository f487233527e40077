import pytest
from django.core import mail

from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    PurchaseFactory,
)
from tests.factories.accounts import PASSWORD


@pytest.fixture(autouse=True)
def _clear_outbox():
    mail.outbox = []


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
