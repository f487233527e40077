"""Per-app access (Settings > Members > Apps) and the team's API tokens for admins: who may
change them (accounts.roles), what another account's id gets (a 404), and their pages' queries."""

import pytest

from tests.factories import AppFactory, MembershipFactory
from tests.integration.api.conftest import bearer_client
from voc_portal.accounts import team as team_services
from voc_portal.accounts.models import Membership
from voc_portal.accounts.roles import Role
from voc_portal.api.models import ApiToken
from voc_portal.api.services import api_token_create
from voc_portal.catalog.models import AppAccess

from .conftest import api_client, inquiry_new, web_client

pytestmark = pytest.mark.django_db


def _apps_url(member) -> str:
    return f"/settings/members/{member.pk}/apps/"


def test_admin_gives_an_agent_one_app_and_the_agent_sees_only_it_on_web_and_api(team):
    agent = team.members[Role.AGENT]
    other = inquiry_new(team.other_app, subject="About the other app")

    response = web_client(team.members[Role.ADMIN]).post(
        _apps_url(agent), {"scope": "some", "apps": [team.other_app.pk]}
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.all_apps is False
    assert set(AppAccess.objects.filter(membership=agent).values_list("app_id", flat=True)) == {
        team.other_app.pk
    }
    inbox = web_client(agent).get("/inquiries/")
    assert [i.pk for i in inbox.context["page"].items] == [other.pk]
    assert [i["id"] for i in api_client(agent).get("/api/v1/inquiries/").json()["results"]] == [
        other.pk
    ]
    web_client(team.members[Role.OWNER]).post(_apps_url(agent), {"scope": "all"})
    agent.refresh_from_db()
    assert agent.all_apps is True
    assert not AppAccess.objects.filter(membership=agent).exists()


def test_app_access_refuses_foreign_ids_owners_and_admins_and_an_empty_choice(
    team, other_developer
):
    admin, agent = team.members[Role.ADMIN], team.members[Role.AGENT]
    client = web_client(admin)

    assert client.get(_apps_url(other_developer)).status_code == 404
    assert client.post(_apps_url(other_developer), {"scope": "all"}).status_code == 404
    foreign_app = client.post(_apps_url(agent), {"scope": "some", "apps": [other_developer.app.pk]})
    assert foreign_app.status_code == 404
    assert client.post(_apps_url(agent), {"scope": "some", "apps": ["x"]}).status_code == 404
    empty = client.post(_apps_url(agent), {"scope": "some"})
    assert empty.status_code == 400 and "Choose at least one app." in empty.content.decode()
    owner_restricted = client.post(
        _apps_url(team.members[Role.OWNER]), {"scope": "some", "apps": [team.app.pk]}
    )
    assert owner_restricted.status_code == 409
    assert Membership.objects.filter(account=team.account, all_apps=False).count() == 0
    assert not AppAccess.objects.exists()


def test_agents_and_read_only_members_may_not_open_or_change_app_access(team):
    target = team.members[Role.READ_ONLY]
    for role in (Role.AGENT, Role.READ_ONLY):
        client = web_client(team.members[role])
        assert client.get(_apps_url(target)).status_code == 403
        assert (
            client.post(_apps_url(target), {"scope": "some", "apps": [team.app.pk]}).status_code
            == 403
        )
    target.refresh_from_db()
    assert target.all_apps is True


def test_promoting_a_restricted_agent_to_admin_gives_every_app(team):
    owner, agent = team.members[Role.OWNER], team.members[Role.AGENT]
    web_client(owner).post(_apps_url(agent), {"scope": "some", "apps": [team.app.pk]})

    web_client(owner).post(
        "/settings/members/", {"action": "role", "member": agent.pk, "role": "admin"}
    )

    agent.refresh_from_db()
    assert agent.role == Role.ADMIN and agent.all_apps is True


@pytest.mark.parametrize("apps", [2, 7])
def test_app_access_page_is_a_fixed_number_of_queries_whatever_the_apps(
    team, apps, django_assert_num_queries
):
    for _n in range(apps - 2):
        AppFactory(account=team.account)
    agent = team.members[Role.AGENT]
    client = web_client(team.members[Role.ADMIN])
    client.post(_apps_url(agent), {"scope": "some", "apps": [team.app.pk]})

    # session, user, memberships, target, its app access, the apps (a member's header looks up
    # no customer)
    with django_assert_num_queries(6):
        page = client.get(_apps_url(agent))

    assert page.content.count(b"data-app=") == apps
    assert page.content.count(b"checked") == 2  # "only these apps" and the one app


def test_admin_lists_and_revokes_a_teammates_token_and_an_agent_may_not(team, other_developer):
    admin, agent = team.members[Role.ADMIN], team.members[Role.AGENT]
    agents = api_token_create(membership=agent, name="agent's phone")
    admins = api_token_create(membership=admin, name="admin's script")
    foreign = api_token_create(membership=other_developer, name="foreign")

    page = web_client(admin).get("/settings/tokens/")
    assert b"agent&#x27;s phone" in page.content
    assert b"foreign" not in page.content
    assert b"data-team-tokens" not in web_client(agent).get("/settings/tokens/").content

    refused = web_client(agent).post(f"/settings/tokens/{admins.token.pk}/revoke/")
    foreign_try = web_client(admin).post(f"/settings/tokens/{foreign.token.pk}/revoke/")
    revoked = web_client(admin).post(f"/settings/tokens/{agents.token.pk}/revoke/")

    assert refused.status_code == 403 and foreign_try.status_code == 404
    assert revoked.status_code == 302
    assert ApiToken.objects.get(pk=admins.token.pk).revoked_at is None
    assert ApiToken.objects.get(pk=foreign.token.pk).revoked_at is None
    assert ApiToken.objects.get(pk=agents.token.pk).revoked_at is not None
    assert api_client(agent).get("/api/v1/members/").status_code == 200  # a new token works
    assert bearer_client(agents.secret).get("/api/v1/members/").status_code == 401


@pytest.mark.parametrize("members", [1, 5])
def test_tokens_page_is_a_fixed_number_of_queries_whatever_the_team_tokens(
    team, members, django_assert_num_queries
):
    admin = team.members[Role.ADMIN]
    for _n in range(members):
        api_token_create(membership=MembershipFactory(account=team.account), name="t")
    client = web_client(admin)

    # session, user, memberships, own tokens, the team's tokens with their members (a member's
    # header looks up no customer)
    with django_assert_num_queries(5):
        page = client.get("/settings/tokens/")

    assert page.content.count(b"data-token=") == members


@pytest.mark.parametrize("pending", [1, 4])
def test_invitations_api_list_is_a_fixed_number_of_queries_whatever_the_invitations(
    team, pending, django_assert_num_queries
):
    owner = team.members[Role.OWNER]
    for n in range(pending):
        team_services.invitation_create(membership=owner, email=f"q{n}@x.example", role="agent")
    api = api_client(owner)

    # token, membership with account and user, the invitations (plus the token's last use)
    with django_assert_num_queries(3):
        response = api.get("/api/v1/invitations/")

    assert len(response.json()) == pending
