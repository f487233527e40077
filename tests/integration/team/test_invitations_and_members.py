"""Invitations (signed, single-use, expiring, revocable; through the outbox) and members:
roles, removal (tokens and reply addresses stop working), the last owner."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from voc_portal.accounts import team as team_services
from voc_portal.accounts.models import Invitation, Membership
from voc_portal.accounts.roles import Role
from voc_portal.api.models import ApiToken
from voc_portal.core.errors import Conflict, NotFound
from voc_portal.mail.models import OutboundEmail

from .conftest import api_client, web_client

pytestmark = pytest.mark.django_db


def _link(email: str) -> str:
    row = OutboundEmail.objects.filter(kind="invitation", to_email=email).latest("id")
    return re.search(r"https?://\S+/invitations/\S+/", row.body_text).group(0)


def test_invitee_signs_up_through_the_emailed_link_and_joins_once_when_new(team, client):
    owner = team.members[Role.OWNER]
    web_client(owner).post(
        "/settings/members/", {"action": "invite", "email": "Nia@Studio.example", "role": "agent"}
    )
    path = "/" + _link("nia@studio.example").split("/", 3)[3]

    page = client.get(path)
    assert page.status_code == 200 and b"Sign up and join" in page.content
    response = client.post(path, {"full_name": "Nia Kim", "password": "a long pass phrase 42"})

    assert response.status_code == 302
    joined = Membership.objects.get(account=team.account, user__email="nia@studio.example")
    assert joined.role == Role.AGENT
    # The new member is signed in by the sign-up, and the session holds on the next page.
    assert client.get("/inquiries/").status_code == 200
    assert (
        client.post(path, {"full_name": "X", "password": "a long pass phrase 42"}).status_code
        == 409
    )


def test_signed_in_user_joins_and_a_forged_revoked_or_expired_link_is_refused_when_opened(team):
    owner = team.members[Role.OWNER]
    user = UserFactory(email="sam@studio.example")
    invitation = team_services.invitation_create(
        membership=owner, email=user.email, role="read_only"
    )
    token = team_services.invitation_token(invitation)

    with pytest.raises(NotFound):
        team_services.invitation_for_token(token[:-2] + "xx")
    membership = team_services.invitation_accept(token=token, user=user)
    assert membership.role == Role.READ_ONLY
    with pytest.raises(Conflict):
        team_services.invitation_accept(token=token, user=user)

    revoked = team_services.invitation_create(membership=owner, email="r@x.example", role="agent")
    team_services.invitation_revoke(membership=owner, invitation=revoked)
    expired = team_services.invitation_create(membership=owner, email="e@x.example", role="agent")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    for closed in (revoked, expired):
        closed.refresh_from_db()
        with pytest.raises(Conflict):
            team_services.invitation_for_token(team_services.invitation_token(closed))


def test_invitation_email_is_in_the_invitees_language_when_they_have_an_account(team):
    owner = team.members[Role.OWNER]  # writes English
    korean = UserFactory(email="jiwoo@studio.example", language="ko")

    team_services.invitation_create(membership=owner, email=korean.email, role="agent")
    team_services.invitation_create(membership=owner, email="new@studio.example", role="agent")

    rows = OutboundEmail.objects.filter(kind="invitation")
    assert rows.get(to_email=korean.email).language == "ko"
    assert rows.get(to_email=korean.email).to_user_id == korean.pk
    assert rows.get(to_email="new@studio.example").language == owner.user.language == "en"


def test_pending_invitations_are_listed_and_revocable_on_the_members_page_when_owner(
    team, django_assert_max_num_queries
):
    owner = team.members[Role.OWNER]
    for n in range(3):
        team_services.invitation_create(membership=owner, email=f"p{n}@x.example", role="agent")
    client = web_client(owner)

    with django_assert_max_num_queries(12):
        page = client.get("/settings/members/")

    assert page.status_code == 200
    assert page.content.count(b"data-invitation=") == 3
    assert page.content.count(b"data-member=") == 4
    pending = Invitation.objects.filter(email="p0@x.example").get()
    client.post("/settings/members/", {"action": "revoke", "invitation": pending.pk})
    pending.refresh_from_db()
    assert pending.revoked_at is not None


def test_removed_member_loses_api_tokens_and_assignments_when_removed(team):
    owner, agent = team.members[Role.OWNER], team.members[Role.AGENT]
    api = api_client(agent)
    team.inquiry.assignee = agent
    team.inquiry.save(update_fields=["assignee"])
    assert api.get("/api/v1/members/").status_code == 200

    response = web_client(owner).post(
        "/settings/members/", {"action": "remove", "member": agent.pk}
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(membership_id=agent.pk).exists()
    assert api.get("/api/v1/members/").status_code == 401
    team.inquiry.refresh_from_db()
    assert team.inquiry.assignee_id is None


def test_last_owner_can_neither_be_demoted_nor_leave_when_alone(team):
    owner = team.members[Role.OWNER]
    client = web_client(owner)

    demote = client.post(
        "/settings/members/", {"action": "role", "member": owner.pk, "role": "agent"}
    )
    leave = client.post("/settings/members/", {"action": "remove", "member": owner.pk})

    assert demote.status_code == 409 and leave.status_code == 409
    owner.refresh_from_db()
    assert owner.role == Role.OWNER
    team_services.membership_role_set(
        membership=owner, target=team.members[Role.ADMIN], role="owner"
    )
    team_services.membership_remove(membership=owner, target=owner)  # another owner remains
    assert not Membership.objects.filter(pk=owner.pk).exists()


def test_members_and_invitations_are_the_token_accounts_only_when_listed_over_the_api(
    team, other_developer, django_assert_max_num_queries
):
    owner = team.members[Role.OWNER]
    team_services.invitation_create(membership=owner, email="p@x.example", role="agent")
    api = api_client(owner)

    with django_assert_max_num_queries(6):
        members = api.get("/api/v1/members/")
    invitations = api.get("/api/v1/invitations/")

    assert {m["id"] for m in members.json()} == {m.pk for m in team.members.values()}
    assert [i["email"] for i in invitations.json()] == ["p@x.example"]
    foreign = Invitation.objects.create(
        account=other_developer.account,
        email="f@x.example",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert api.delete(f"/api/v1/invitations/{foreign.pk}/").status_code == 404
    assert api_client(team.members[Role.ADMIN]).get("/api/v1/invitations/").status_code == 403
