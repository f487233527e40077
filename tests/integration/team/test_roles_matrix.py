"""Every role by every team write, on the web and over the API: allowed exactly as
accounts.roles says (one table), refused with a 403 otherwise, and a refusal changes nothing."""

import pytest

from inquiries.models import InquiryEvent, Message
from voc_portal.accounts.models import DeveloperAccount, Invitation
from voc_portal.accounts.roles import Action, Role, role_allows
from voc_portal.replies.models import ReplyTemplate

from .conftest import api_client, inquiry_new, web_client

pytestmark = pytest.mark.django_db


def _writes(team, inquiry):
    """What each write leaves behind: a count that grows only when it happened."""
    return (
        Message.objects.filter(inquiry=inquiry).count(),
        InquiryEvent.objects.filter(inquiry=inquiry).count(),
        ReplyTemplate.objects.filter(account=team.account).count(),
        Invitation.objects.filter(account=team.account).count(),
        DeveloperAccount.objects.get(pk=team.account.pk).round_robin,
    )


# action -> (path, data) for one role's attempt on its own fresh inquiry `i` (`n`: unique text).
WEB = {
    Action.INQUIRY_REPLY: lambda t, i, n: (f"/inquiries/{i.pk}/reply/", {"body": "Hello"}),
    Action.INQUIRY_NOTE: lambda t, i, n: (f"/inquiries/{i.pk}/note/", {"body": "FYI"}),
    Action.INQUIRY_CLOSE: lambda t, i, n: (f"/inquiries/{i.pk}/close/", {}),
    Action.INQUIRY_ASSIGN: lambda t, i, n: (
        f"/inquiries/{i.pk}/assign/",
        {"assignee": t.members[Role.AGENT].pk},
    ),
    Action.TEMPLATE_MANAGE: lambda t, i, n: ("/inquiries/templates/new/", {"name": n, "body": n}),
    Action.MEMBER_MANAGE: lambda t, i, n: (
        "/settings/members/",
        {"action": "invite", "email": f"{n}@studio.example", "role": "agent"},
    ),
    Action.SETTINGS_MANAGE: lambda t, i, n: (
        "/settings/members/",
        {"action": "round_robin", "enabled": "1"},
    ),
}

API = {
    Action.INQUIRY_REPLY: lambda t, i, n: (f"/api/v1/inquiries/{i.pk}/reply/", {"body": "Hi"}),
    Action.INQUIRY_NOTE: lambda t, i, n: (f"/api/v1/inquiries/{i.pk}/notes/", {"body": "FYI"}),
    Action.INQUIRY_CLOSE: lambda t, i, n: (f"/api/v1/inquiries/{i.pk}/close/", {}),
    Action.INQUIRY_ASSIGN: lambda t, i, n: (
        f"/api/v1/inquiries/{i.pk}/assign/",
        {"assignee": t.members[Role.AGENT].pk},
    ),
    Action.MEMBER_MANAGE: lambda t, i, n: (
        "/api/v1/invitations/",
        {"email": f"{n}@studio.example", "role": "agent"},
    ),
}


def _attempt(team, action, role, post):
    """One role tries the write; returns (status, whether anything changed)."""
    DeveloperAccount.objects.filter(pk=team.account.pk).update(round_robin=False)
    inquiry = inquiry_new(team.app)
    path, data = post.table[action](team, inquiry, f"{role}-{action}".replace(".", "-"))
    before = _writes(team, inquiry)
    response = post(team.members[role], path, data)
    return response, _writes(team, inquiry) != before


def _web(membership, path, data):
    return web_client(membership).post(path, data)


def _api(membership, path, data):
    return api_client(membership).post(path, data, format="json")


_web.table, _api.table = WEB, API


CASES = [pytest.param(_web, a, id=f"web-{a}") for a in WEB] + [
    pytest.param(_api, a, id=f"api-{a}") for a in API
]


@pytest.mark.parametrize(("post", "action"), CASES)
def test_write_is_allowed_only_when_the_role_table_says_so(team, post, action):
    for role in Role:
        response, changed = _attempt(team, action, role, post)
        if role_allows(role, action):
            assert response.status_code in (200, 201, 302), (role, response.content[:300])
            assert changed, role
        else:
            assert response.status_code == 403, (role, response.status_code)
            assert not changed, role
            if post is _api:
                assert response.json()["code"] == "role_forbids"


def test_read_only_member_sees_the_thread_and_may_draft_but_has_no_send_button_when_viewing(team):
    response = web_client(team.members[Role.READ_ONLY]).get(f"/inquiries/{team.inquiry.pk}/")

    assert response.status_code == 200
    assert b"data-read-only" in response.content
    assert b"Send reply" not in response.content
    assert b'data-draft-key="inquiry-' in response.content
