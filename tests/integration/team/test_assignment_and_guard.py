"""Assignment (by a member, by round-robin; events and emails; the inbox views and their
counts), per-app access and tenancy on every new URL, presence, the stale-reply hold, mentions,
and a read-only member's reply by email."""

import pytest
from django.core.cache import cache

from inquiries import presence, services
from inquiries.models import InquiryEvent, Message
from tests.support import mailgun
from voc_portal.accounts.roles import Role
from voc_portal.catalog.models import AppAccess
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.reply_tokens import reply_address

from .conftest import api_client, inquiry_new, web_client

pytestmark = pytest.mark.django_db


def test_round_robin_gives_new_inquiries_in_turn_to_members_who_answer_when_on(team):
    team.account.round_robin = True
    team.account.save(update_fields=["round_robin"])
    answering = {team.members[r].pk for r in (Role.OWNER, Role.ADMIN, Role.AGENT)}

    got = [inquiry_new(team.app).assignee_id for _ in range(4)]

    assert set(got[:3]) == answering and got[3] == got[0]
    event = InquiryEvent.objects.filter(kind="assigned").latest("id")
    assert event.actor is None and event.data["rule"] == "round_robin"
    assert OutboundEmail.objects.filter(kind="inquiry_assigned").count() == 4


def test_assigning_writes_an_event_and_emails_the_assignee_once_when_assigned(team):
    owner, agent = team.members[Role.OWNER], team.members[Role.AGENT]

    for _ in range(2):  # the second is a no-op: no event, no email
        services.inquiry_assign(membership=owner, inquiry=team.inquiry, assignee=agent)
    services.inquiry_assign(membership=owner, inquiry=team.inquiry, assignee=None)

    kinds = list(
        team.inquiry.events.filter(kind__in=["assigned", "unassigned"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["assigned", "unassigned"]
    sent = OutboundEmail.objects.filter(kind="inquiry_assigned")
    assert [e.to_email for e in sent] == [agent.user.email]
    with pytest.raises(Exception, match="Choose a member"):
        services.inquiry_assign(
            membership=owner, inquiry=team.inquiry, assignee=team.members[Role.READ_ONLY]
        )


def test_mine_unassigned_and_team_views_count_and_filter_when_listed(
    team, django_assert_max_num_queries
):
    agent, owner = team.members[Role.AGENT], team.members[Role.OWNER]
    mine, theirs = inquiry_new(team.app), inquiry_new(team.app)
    services.inquiry_assign(membership=agent, inquiry=mine, assignee=agent)
    services.inquiry_assign(membership=agent, inquiry=theirs, assignee=owner)
    client = web_client(agent)
    for _ in range(3):
        inquiry_new(team.app)

    with django_assert_max_num_queries(14):
        page = client.get("/inquiries/?assigned=mine")

    counts = page.context["counts"]
    assert (counts["assigned_mine"], counts["assigned_team"], counts["assigned_unassigned"]) == (
        1,
        1,
        4,
    )
    assert [i.pk for i in page.context["page"].items] == [mine.pk]
    assert b'data-assigned-tab="mine"' in page.content
    api = api_client(agent)
    with django_assert_max_num_queries(8):
        listed = api.get("/api/v1/inquiries/?assigned=unassigned")
    assert len(listed.json()["results"]) == 4
    assert (
        api.get("/api/v1/inquiries/?assigned=mine").json()["results"][0]["assignee"]["id"]
        == agent.pk
    )


@pytest.mark.parametrize(
    "path",
    [
        "/inquiries/{pk}/",
        "/inquiries/{pk}/assign/",
        "/inquiries/{pk}/presence/",
        "/inquiries/{pk}/reply/",
    ],
)
def test_new_urls_are_404_for_another_account_and_for_an_app_not_given_when_opened(
    team, other_developer, path
):
    foreign = inquiry_new(other_developer.app)
    agent = team.members[Role.AGENT]
    agent.all_apps = False
    agent.save(update_fields=["all_apps"])
    AppAccess.objects.create(membership=agent, app=team.other_app)
    client = web_client(agent)
    data = {"assignee": "me", "body": "x"}

    for inquiry in (foreign, team.inquiry):  # team.inquiry is about an app agent was not given
        url = path.format(pk=inquiry.pk)
        response = client.get(url) if url.endswith(f"/{inquiry.pk}/") else client.post(url, data)
        assert response.status_code == 404, url
    allowed = inquiry_new(team.other_app)
    assert client.get(f"/inquiries/{allowed.pk}/").status_code == 200
    assert [i.pk for i in client.get("/inquiries/").context["page"].items] == [allowed.pk]


def test_api_assign_and_thread_are_404_outside_the_members_apps_or_account_when_asked(
    team, other_developer
):
    agent = team.members[Role.AGENT]
    agent.all_apps = False
    agent.save(update_fields=["all_apps"])
    api = api_client(agent)
    foreign = inquiry_new(other_developer.app)

    for inquiry in (foreign, team.inquiry):
        assert api.get(f"/api/v1/inquiries/{inquiry.pk}/").status_code == 404
        assert (
            api.post(
                f"/api/v1/inquiries/{inquiry.pk}/assign/", {"assignee": None}, format="json"
            ).status_code
            == 404
        )
    assert api.get("/api/v1/inquiries/").json()["results"] == []
    owner_api = api_client(team.members[Role.OWNER])
    other_member = other_developer.pk
    response = owner_api.post(
        f"/api/v1/inquiries/{team.inquiry.pk}/assign/", {"assignee": other_member}, format="json"
    )
    assert response.status_code == 404


def test_presence_shows_who_else_is_viewing_or_typing_and_fails_open_when_cache_breaks(
    team, monkeypatch
):
    agent, owner = team.members[Role.AGENT], team.members[Role.OWNER]
    cache.clear()
    web_client(owner).post(f"/inquiries/{team.inquiry.pk}/presence/", {"typing": "1"})

    seen = web_client(agent).post(f"/inquiries/{team.inquiry.pk}/presence/", {"typing": "0"}).json()

    assert seen["others"] == [{"name": "Olivia Owner", "typing": True}]

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(presence.cache, "get_many", broken)
    monkeypatch.setattr(presence.cache, "set", broken)
    response = web_client(agent).post(f"/inquiries/{team.inquiry.pk}/presence/", {"typing": "1"})
    assert response.status_code == 200 and response.json()["others"] == []
    assert web_client(agent).get(f"/inquiries/{team.inquiry.pk}/").status_code == 200


def test_reply_from_a_stale_page_is_held_with_who_replied_and_sent_anyway_when_confirmed(team):
    agent, owner = team.members[Role.AGENT], team.members[Role.OWNER]
    client = web_client(agent)
    version = client.get(f"/inquiries/{team.inquiry.pk}/").context["thread_version"]
    services.inquiry_reply(inquiry=team.inquiry, author=owner.user, body="Owner answered first")

    held = client.post(
        f"/inquiries/{team.inquiry.pk}/reply/", {"body": "Me too", "version": version}
    )

    assert held.status_code == 409
    assert b"Olivia Owner replied" in held.content and b"Send anyway" in held.content
    assert not Message.objects.filter(body="Me too").exists()
    new_version = held.context["reply_form"].data["version"]
    sent = client.post(
        f"/inquiries/{team.inquiry.pk}/reply/",
        {"body": "Me too", "version": new_version, "send_anyway": "1"},
    )
    assert sent.status_code == 302 and Message.objects.filter(body="Me too").exists()


def test_api_reply_with_a_stale_if_match_is_412_with_who_replied_when_a_teammate_answered(team):
    agent, owner = team.members[Role.AGENT], team.members[Role.OWNER]
    api = api_client(agent)
    etag = api.get(f"/api/v1/inquiries/{team.inquiry.pk}/")["ETag"]
    services.inquiry_reply(inquiry=team.inquiry, author=owner.user, body="Owner answered first")
    path = f"/api/v1/inquiries/{team.inquiry.pk}/reply/"

    stale = api.post(path, {"body": "Me too"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_thread"
    assert stale.json()["details"]["replied_by"] == "Olivia Owner"
    fresh = api.get(f"/api/v1/inquiries/{team.inquiry.pk}/")["ETag"]
    assert api.post(path, {"body": "Me too"}, format="json", HTTP_IF_MATCH=fresh).status_code == 201


def test_mention_in_a_note_emails_only_members_of_the_account_when_named(team, other_developer):
    owner = team.members[Role.OWNER]
    agent = team.members[Role.AGENT]
    outsider = other_developer.user.email.split("@")[0]
    handle = agent.user.email.split("@")[0]

    services.inquiry_note_add(
        inquiry=team.inquiry, author=owner.user, body=f"@{handle} and @{outsider}, look."
    )

    sent = OutboundEmail.objects.filter(kind="inquiry_mention")
    assert [e.to_email for e in sent] == [agent.user.email]


def test_read_only_members_email_reply_is_refused_with_a_notice_when_answered_by_email(
    team, settings, client
):
    settings.VOC_INBOUND_PROVIDER = "mailgun"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": mailgun.WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": mailgun.SIGNING_KEY,
    }
    reader = team.members[Role.READ_ONLY].user
    data = mailgun.inbound_post_data(
        to=reply_address(inquiry_id=team.inquiry.pk, user_id=reader.pk),
        from_=reader.email,
        body="I would say yes.",
        message_id="<ro1@studio.example>",
    )

    response = client.post(
        "/mail/inbound/mailgun/",
        data,
        HTTP_AUTHORIZATION=mailgun.basic_auth(mailgun.WEBHOOK_SECRET),
    )

    assert response.status_code == 406
    assert not Message.objects.filter(body__contains="I would say yes").exists()
    notice = OutboundEmail.objects.get(kind="inquiry_reply_refused")
    assert notice.to_email == reader.email and "read-only" in notice.body_text
