"""Assignment of reviews needing a reply: from a console card, the bulk bar and the API, with
event rows and the assignee's email (the inquiries' rules, catalog.assignment), the Mine /
Unassigned / Team tabs of the console, and 404s for another account or an app not given."""

import pytest

from reviews.models import Review, ReviewEvent
from tests.factories import AppFactory, MembershipFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.accounts.roles import Role
from voc_portal.catalog.models import AppAccess
from voc_portal.mail.models import OutboundEmail

from .conftest import api_client, web_client

pytestmark = pytest.mark.django_db


def _events(review, kind):
    return list(ReviewEvent.objects.filter(review=review, kind=kind).order_by("id"))


def test_assigning_a_review_from_its_card_writes_events_and_emails_the_assignee_once(team):
    agent, admin = team.members[Role.AGENT], team.members[Role.ADMIN]
    review = ReviewFactory(app=team.app)
    client = web_client(agent)

    first = client.post(f"/reviews/{review.pk}/assign/", {"assignee": admin.pk})
    again = client.post(f"/reviews/{review.pk}/assign/", {"assignee": admin.pk})
    mine = client.post(f"/reviews/{review.pk}/assign/", {"assignee": "me"})
    cleared = client.post(f"/reviews/{review.pk}/assign/", {"assignee": ""})

    assert [r.status_code for r in (first, again, mine, cleared)] == [302] * 4
    assigned = _events(review, "assigned")
    assert [e.data["to_member"] for e in assigned] == [admin.pk, agent.pk]
    assert assigned[1].data["from_member"] == admin.pk and assigned[0].actor_id == agent.user_id
    assert len(_events(review, "unassigned")) == 1
    sent = OutboundEmail.objects.filter(kind="review_assigned")
    assert [m.to_email for m in sent] == [admin.user.email]  # not told of their own choice
    assert "Alex Agent" in sent[0].body_text and team.app.title in sent[0].subject
    assert Review.objects.get(pk=review.pk).assignee_id is None


def test_review_assignment_refuses_non_answering_foreign_and_unseen_members(team, other_developer):
    owner, reader = team.members[Role.OWNER], team.members[Role.READ_ONLY]
    review = ReviewFactory(app=team.app)
    foreign_review = ReviewFactory(app=other_developer.app)
    client = web_client(owner)

    assert client.post(f"/reviews/{review.pk}/assign/", {"assignee": reader.pk}).status_code == 400
    assert (
        client.post(f"/reviews/{review.pk}/assign/", {"assignee": other_developer.pk}).status_code
        == 400
    )
    assert client.post(f"/reviews/{review.pk}/assign/", {"assignee": "x1"}).status_code == 400
    assert (
        client.post(f"/reviews/{foreign_review.pk}/assign/", {"assignee": "me"}).status_code == 404
    )
    restricted = MembershipFactory(account=team.account, role=Role.AGENT, all_apps=False)
    AppAccess.objects.create(membership=restricted, app=team.other_app)
    refused = client.post(f"/reviews/{review.pk}/assign/", {"assignee": restricted.pk})
    assert refused.status_code == 400
    assert (
        web_client(restricted).post(f"/reviews/{review.pk}/assign/", {"assignee": "me"}).status_code
        == 404
    )
    assert not ReviewEvent.objects.filter(kind__in=["assigned", "unassigned"]).exists()


def test_bulk_assign_to_me_on_the_console_reports_done_and_skipped(team, other_developer):
    agent = team.members[Role.AGENT]
    reviews = [ReviewFactory(app=team.app) for _n in range(3)]
    reviews[0].assignee = agent
    reviews[0].save(update_fields=["assignee"])
    foreign = ReviewFactory(app=other_developer.app)
    ids = [r.pk for r in reviews] + [foreign.pk]

    response = web_client(agent).post(
        "/reviews/bulk/", {"action": "assign_me", "ids": ids}, follow=True
    )

    text = response.content.decode()
    assert "2 assigned to you, 2 skipped: already yours (1); not found (1)" in text
    assert set(Review.objects.filter(assignee=agent).values_list("pk", flat=True)) == {
        r.pk for r in reviews
    }
    assert Review.objects.get(pk=foreign.pk).assignee_id is None
    assert ReviewEvent.objects.filter(kind="assigned").count() == 2


def test_console_mine_unassigned_and_team_tabs_count_and_filter(
    team, django_assert_max_num_queries
):
    agent, admin = team.members[Role.AGENT], team.members[Role.ADMIN]
    mine = ReviewFactory(app=team.app, assignee=agent)
    theirs = ReviewFactory(app=team.app, assignee=admin)
    nobodys = ReviewFactory(app=team.app)
    client = web_client(agent)

    pages = {}
    for tab in ("mine", "unassigned", "team"):
        pages[tab] = client.get("/reviews/", {"assigned": tab})
    assert [r.pk for r in pages["mine"].context["page"].items] == [mine.pk]
    assert [r.pk for r in pages["unassigned"].context["page"].items] == [nobodys.pk]
    assert [r.pk for r in pages["team"].context["page"].items] == [theirs.pk]
    tabs = {t["key"]: t["count"] for t in pages["mine"].context["assignment_tabs"]}
    assert tabs == {"mine": 1, "unassigned": 1, "team": 1}
    assert b'data-assigned-tab="mine"' in pages["mine"].content
    assert f'id="assignee-{mine.pk}"'.encode() in pages["mine"].content

    with django_assert_max_num_queries(30) as few:
        client.get("/reviews/")
    for _n in range(8):
        ReviewFactory(app=team.app, assignee=MembershipFactory(account=team.account))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/reviews/")


def test_console_shows_only_the_apps_a_restricted_member_was_given(team):
    agent = team.members[Role.AGENT]
    agent.all_apps = False
    agent.save(update_fields=["all_apps"])
    AppAccess.objects.create(membership=agent, app=team.other_app)
    given = ReviewFactory(app=team.other_app)
    ReviewFactory(app=team.app)

    page = web_client(agent).get("/reviews/")

    assert [r.pk for r in page.context["page"].items] == [given.pk]
    assert page.context["counts"].total == 1


def test_api_assigns_a_review_filters_by_assignment_and_404s_foreign_ids(
    team, other_developer, django_assert_max_num_queries
):
    agent = team.members[Role.AGENT]
    api = api_client(agent)
    review = ReviewFactory(app=team.app)
    ReviewFactory(app=team.app)
    foreign = ReviewFactory(app=other_developer.app)

    response = api.post(
        f"/api/v1/reviews/{review.pk}/assign/", {"assignee": agent.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["assignee"] == {"id": agent.pk, "name": "Alex Agent"}
    with django_assert_max_num_queries(8):
        listed = api.get("/api/v1/reviews/", {"assigned": "mine"}).json()
    assert [r["id"] for r in listed["results"]] == [review.pk]
    assert listed["counts"]["assigned"] == {"mine": 1, "unassigned": 1, "team": 0}
    assert api.get("/api/v1/reviews/", {"assigned": "x"}).status_code == 400
    foreign_review = api.post(
        f"/api/v1/reviews/{foreign.pk}/assign/", {"assignee": agent.pk}, format="json"
    )
    foreign_member = api.post(
        f"/api/v1/reviews/{review.pk}/assign/", {"assignee": other_developer.pk}, format="json"
    )
    assert foreign_review.status_code == 404 and foreign_member.status_code == 404
    cleared = api.post(f"/api/v1/reviews/{review.pk}/assign/", {"assignee": None}, format="json")
    assert cleared.json()["assignee"] is None
    agent.all_apps = False  # given no app: the team's reviews are as foreign as another's
    agent.save(update_fields=["all_apps"])
    restricted = api_client(agent)
    assert restricted.get("/api/v1/reviews/").json()["results"] == []
    assert restricted.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    unseen = restricted.post(
        f"/api/v1/reviews/{review.pk}/assign/", {"assignee": None}, format="json"
    )
    assert unseen.status_code == 404


def test_api_review_list_is_a_fixed_number_of_queries_whatever_the_assignees(
    team, django_assert_max_num_queries
):
    api = api_client(team.members[Role.AGENT])
    ReviewFactory(app=team.app)
    with django_assert_max_num_queries(8) as few:
        api.get("/api/v1/reviews/")
    other_app = AppFactory(account=team.account)
    for _n in range(6):
        ReviewFactory(app=other_app, assignee=MembershipFactory(account=team.account))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/reviews/").json()["results"]) == 7


def _card(html: str, review) -> str:
    start = html.index(f'id="review-{review.pk}"')
    return html[start : html.index("</li>", start)]


def test_console_cards_carry_the_picker_for_assigners_and_the_name_for_readers(team):
    """The cards' assignee cell (catalog.assignee_cells, built once per page in Python)."""
    owner, agent = team.members[Role.OWNER], team.members[Role.AGENT]
    mine = ReviewFactory(app=team.app, assignee=agent)
    free = ReviewFactory(app=team.app)

    page = web_client(owner).get(f"/reviews/?app={team.app.pk}").content.decode()

    card = _card(page, mine)
    assert f'<option value="{agent.pk}" selected>Alex Agent</option>' in card
    assert f'action="/reviews/{mine.pk}/assign/"' in card
    assert 'name="csrfmiddlewaretoken" value="' in card
    assert f'<input type="hidden" name="next" value="/reviews/?app={team.app.pk}">' in card
    assert (
        " selected>" not in _card(page, free).split('name="assignee"', 1)[1].split("</select>")[0]
    )
    read = web_client(team.members[Role.READ_ONLY]).get("/reviews/").content.decode()
    assert 'class="assignee">Alex Agent</p>' in _card(read, mine)
    assert 'class="assignee"><span class="muted">' in _card(read, free)
    assert "assign/" not in _card(read, free)
