"""A team: one account with two apps, an inquiry, and a member of every role."""

from types import SimpleNamespace

import pytest
from django.test import Client

from inquiries import services
from inquiries.models import Category
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, UserFactory
from tests.integration.api.conftest import bearer_client
from voc_portal.accounts.roles import Role
from voc_portal.api.services import api_token_create


def inquiry_new(app, subject="The app crashes"):
    return services.inquiry_create(
        customer=CustomerFactory(),
        app=app,
        category=Category.ERROR,
        subject=subject,
        body="It crashes on start.",
    )


def web_client(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def api_client(membership):
    return bearer_client(api_token_create(membership=membership, name="t").secret)


@pytest.fixture
def team(db):
    owner = MembershipFactory(role=Role.OWNER, user=UserFactory(full_name="Olivia Owner"))
    account = owner.account
    members = {Role.OWNER: owner}
    for role, name in [
        (Role.ADMIN, "Adam Admin"),
        (Role.AGENT, "Alex Agent"),
        (Role.READ_ONLY, "Rita Reader"),
    ]:
        members[role] = MembershipFactory(
            account=account, role=role, user=UserFactory(full_name=name)
        )
    app = AppFactory(account=account)
    other_app = AppFactory(account=account)
    return SimpleNamespace(
        account=account,
        app=app,
        other_app=other_app,
        members=members,
        inquiry=inquiry_new(app),
    )
