# The two tables below read best as one write per line, however long.
# ruff: noqa: E501
"""Every role by every team write, on the web and over the API: allowed exactly as
accounts.roles says (one table), refused otherwise, and a refusal changes nothing.

A single write refused by a role is a 403; a bulk request answers with its summary and skips
every item the role may not change ("1 skipped: …"), so its refusal is "nothing changed"."""

import pytest

from inquiries import services
from inquiries.models import InquiryEvent, Message
from reviews.models import OfficialReply, ReviewEvent, ReviewReplyTemplate
from tests.factories import MembershipFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.accounts import team as team_services
from voc_portal.accounts.models import DeveloperAccount, Invitation, Membership
from voc_portal.accounts.roles import Action, Role, role_allows
from voc_portal.api.models import ApiToken
from voc_portal.api.services import api_token_create
from voc_portal.replies.models import ReplyTemplate
from voc_portal.savedviews.models import SavedView

from .conftest import api_client, inquiry_new, web_client

pytestmark = pytest.mark.django_db


def _writes(team):
    """What the writes leave behind: a fingerprint that changes only when one happened."""
    account = team.account
    return (
        Message.objects.filter(inquiry__account=account).count(),
        InquiryEvent.objects.filter(inquiry__account=account).count(),
        ReviewEvent.objects.filter(review__app__account=account).count(),
        OfficialReply.objects.filter(account=account).count(),
        ReplyTemplate.objects.filter(account=account).count(),
        sorted(Invitation.objects.filter(account=account).values_list("pk", "revoked_at")),
        sorted(Membership.objects.filter(account=account).values_list("pk", "role", "all_apps")),
        ApiToken.objects.filter(revoked_at__isnull=False).count(),
        sorted(SavedView.objects.filter(account=account).values_list("pk", "name")),
        DeveloperAccount.objects.get(pk=account.pk).round_robin,
    )


# --- what each write needs: a fresh object of the team's, made before the attempt -----------


def _closed_inquiry(t, n):
    inquiry = inquiry_new(t.app)
    return services.inquiry_close(inquiry=inquiry, actor=t.members[Role.OWNER].user).pk


def _teammate(t, n=""):
    return MembershipFactory(account=t.account, role=Role.AGENT)


def _invitation(t, n):
    owner = t.members[Role.OWNER]
    return team_services.invitation_create(membership=owner, email=f"{n}@x.example", role="agent")


def _shared_view(t, n):
    owner = _teammate(t).user
    view = SavedView.objects.create(
        account=t.account, owner=owner, kind="inbox", name=n, query="", shared=True
    )
    return view.pk


MAKE = {
    "inquiry": lambda t, n: inquiry_new(t.app).pk,
    "closed": _closed_inquiry,
    "review": lambda t, n: ReviewFactory(app=t.app).pk,
    "template": lambda t, n: (
        ReviewReplyTemplate.objects.create(account=t.account, name=n, body="Thank you!").pk
    ),
    "invitation": lambda t, n: _invitation(t, n).pk,
    "member": lambda t, n: _teammate(t).pk,
    "token": lambda t, n: api_token_create(membership=_teammate(t), name="phone").token.pk,
    "view": _shared_view,
    "agent": lambda t, n: t.members[Role.AGENT].pk,
    "app": lambda t, n: t.app.pk,
    "n": lambda t, n: n,
}


def _fill(value, made: dict):
    """ "{review}" is the fresh review's id (an int); "/reviews/{review}/" a path with it."""
    if isinstance(value, dict):
        return {k: _fill(v, made) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, made) for v in value]
    if isinstance(value, str) and value[1:-1] in made and value == "{" + value[1:-1] + "}":
        return made[value[1:-1]]
    return value.format(**made) if isinstance(value, str) else value


def _build(t, n, path, data):
    wanted = {name for name in MAKE if "{" + name + "}" in repr((path, data))}
    made = {name: MAKE[name](t, n) for name in sorted(wanted)}
    return _fill(path, made), _fill(data, made)


# (action, name, method, path, data, bulk): every team write. A bulk request answers with its
# summary, so a role's refusal there is a skipped item, not a 403.
WEB = [
    (Action.INQUIRY_REPLY, "reply", "post", "/inquiries/{inquiry}/reply/", {"body": "Hi"}),
    (Action.INQUIRY_NOTE, "note", "post", "/inquiries/{inquiry}/note/", {"body": "FYI"}),
    (Action.INQUIRY_CLOSE, "close", "post", "/inquiries/{inquiry}/close/", {}),
    (Action.INQUIRY_REOPEN, "reopen", "post", "/inquiries/{closed}/reopen/", {}),
    (Action.INQUIRY_ASSIGN, "assign", "post", "/inquiries/{inquiry}/assign/", {"assignee": "{agent}"}),
    (Action.INQUIRY_CLOSE, "bulk-close", "post", "/inquiries/bulk/", {"action": "close", "ids": ["{inquiry}"]}, True),
    (Action.INQUIRY_ASSIGN, "bulk-assign-me", "post", "/inquiries/bulk/", {"action": "assign_me", "ids": ["{inquiry}"]}, True),
    (Action.REVIEW_REPLY, "review-reply", "post", "/reviews/{review}/reply/", {"body": "Thank you!"}),
    (Action.REVIEW_REPLY, "review-bulk-template", "post", "/reviews/bulk/", {"action": "apply_template", "template": "{template}", "ids": ["{review}"]}, True),
    (Action.REVIEW_ASSIGN, "review-assign", "post", "/reviews/{review}/assign/", {"assignee": "{agent}"}),
    (Action.REVIEW_ASSIGN, "review-bulk-assign-me", "post", "/reviews/bulk/", {"action": "assign_me", "ids": ["{review}"]}, True),
    (Action.TEMPLATE_MANAGE, "inquiry-template", "post", "/inquiries/templates/new/", {"name": "{n}", "body": "{n}"}),
    (Action.TEMPLATE_MANAGE, "review-template", "post", "/reviews/templates/", {"name": "{n}", "body": "{n}"}),
    (Action.MEMBER_MANAGE, "invite", "post", "/settings/members/", {"action": "invite", "email": "{n}@studio.example", "role": "agent"}),
    (Action.MEMBER_MANAGE, "revoke-invitation", "post", "/settings/members/", {"action": "revoke", "invitation": "{invitation}"}),
    (Action.MEMBER_MANAGE, "role", "post", "/settings/members/", {"action": "role", "member": "{member}", "role": "read_only"}),
    (Action.MEMBER_MANAGE, "remove", "post", "/settings/members/", {"action": "remove", "member": "{member}"}),
    (Action.MEMBER_APPS_MANAGE, "app-access", "post", "/settings/members/{member}/apps/", {"scope": "some", "apps": ["{app}"]}),
    (Action.SETTINGS_MANAGE, "round-robin", "post", "/settings/members/", {"action": "round_robin", "enabled": "1"}),
    (Action.TOKEN_MANAGE, "revoke-teammates-token", "post", "/settings/tokens/{token}/revoke/", {}),
    (Action.SHARED_VIEW_MANAGE, "rename-shared-view", "post", "/views/{view}/rename/", {"name": "{n}!"}),
]  # fmt: skip

API = [
    (Action.INQUIRY_REPLY, "reply", "post", "/api/v1/inquiries/{inquiry}/reply/", {"body": "Hi"}),
    (Action.INQUIRY_NOTE, "note", "post", "/api/v1/inquiries/{inquiry}/notes/", {"body": "FYI"}),
    (Action.INQUIRY_CLOSE, "close", "post", "/api/v1/inquiries/{inquiry}/close/", {}),
    (Action.INQUIRY_REOPEN, "reopen", "post", "/api/v1/inquiries/{closed}/reopen/", {}),
    (Action.INQUIRY_ASSIGN, "assign", "post", "/api/v1/inquiries/{inquiry}/assign/", {"assignee": "{agent}"}),
    (Action.INQUIRY_CLOSE, "bulk-close", "post", "/api/v1/inquiries/bulk/", {"action": "close", "ids": ["{inquiry}"]}, True),
    (Action.INQUIRY_ASSIGN, "bulk-assign-me", "post", "/api/v1/inquiries/bulk/", {"action": "assign_me", "ids": ["{inquiry}"]}, True),
    (Action.REVIEW_REPLY, "review-reply", "put", "/api/v1/reviews/{review}/reply/", {"body": "Thank you!"}),
    (Action.REVIEW_REPLY, "review-bulk-template", "post", "/api/v1/reviews/bulk/", {"action": "apply_template", "template": "{template}", "ids": ["{review}"]}, True),
    (Action.REVIEW_ASSIGN, "review-assign", "post", "/api/v1/reviews/{review}/assign/", {"assignee": "{agent}"}),
    (Action.REVIEW_ASSIGN, "review-bulk-assign-me", "post", "/api/v1/reviews/bulk/", {"action": "assign_me", "ids": ["{review}"]}, True),
    (Action.MEMBER_MANAGE, "invite", "post", "/api/v1/invitations/", {"email": "{n}@studio.example", "role": "agent"}),
    (Action.MEMBER_MANAGE, "revoke-invitation", "delete", "/api/v1/invitations/{invitation}/", None),
    (Action.SHARED_VIEW_MANAGE, "rename-shared-view", "patch", "/api/v1/views/{view}/", {"name": "{n}!"}),
]  # fmt: skip

# The saved views' own refusal (savedviews.services) predates the role table's code.
API_CODES = {"rename-shared-view": "permission_denied"}


def _web(membership, method, path, data):
    return getattr(web_client(membership), method)(path, data)


def _api(membership, method, path, data):
    return getattr(api_client(membership), method)(path, data, format="json")


def _attempt(team, write, role, send):
    """One role tries the write; returns (response, whether anything changed)."""
    DeveloperAccount.objects.filter(pk=team.account.pk).update(round_robin=False)
    _action, name, method, path, data = write[:5]
    path, data = _build(team, f"{role}-{name}", path, data)
    before = _writes(team)
    response = send(team.members[role], method, path, data)
    return response, _writes(team) != before


CASES = [pytest.param(_web, w, id=f"web-{w[1]}") for w in WEB] + [
    pytest.param(_api, w, id=f"api-{w[1]}") for w in API
]


@pytest.mark.parametrize(("send", "write"), CASES)
def test_write_is_allowed_only_when_the_role_table_says_so(team, send, write):
    action, name, bulk = write[0], write[1], write[5:] == (True,)
    for role in Role:
        response, changed = _attempt(team, write, role, send)
        if role_allows(role, action):
            assert response.status_code in (200, 201, 204, 302), (role, response.content[:300])
            assert changed, role
            continue
        assert not changed, role
        if bulk:
            assert response.status_code in (200, 302), (role, response.status_code)
            if send is _api:
                assert response.json()["skipped"], role
            continue
        assert response.status_code == 403, (role, response.status_code)
        if send is _api:
            assert response.json()["code"] == API_CODES.get(name, "role_forbids")


def test_every_action_of_the_role_table_has_a_write_on_the_web():
    assert {w[0] for w in WEB} == set(Action)


def test_read_only_member_sees_the_thread_and_may_draft_but_has_no_send_button_when_viewing(team):
    response = web_client(team.members[Role.READ_ONLY]).get(f"/inquiries/{team.inquiry.pk}/")

    assert response.status_code == 200
    assert b"data-read-only" in response.content
    assert b"Send reply" not in response.content
    assert b'data-draft-key="inquiry-' in response.content
