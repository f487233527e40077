"""Inquiries over the API: inbox filters and pages, thread, reply, note, close, reopen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries import services
from inquiries.models import Inquiry, Message
from tests.factories import CustomerFactory
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_send

pytestmark = pytest.mark.django_db

LIST = "/api/v1/inquiries/"


def make_inquiry(app, customer=None, **kwargs) -> Inquiry:
    return services.inquiry_create(
        customer=customer or CustomerFactory(),
        app=app,
        category=kwargs.pop("category", "error"),
        subject=kwargs.pop("subject", "The app crashes"),
        body=kwargs.pop("body", "It crashes on start."),
        **kwargs,
    )


def test_inbox_lists_only_the_token_accounts_inquiries_when_listed(api, developer, other_developer):
    mine = make_inquiry(developer.app)
    make_inquiry(other_developer.app)

    response = api.get(LIST)

    assert response.status_code == 200
    assert [i["id"] for i in response.json()["results"]] == [mine.pk]
    item = response.json()["results"][0]
    assert item["status"] == "awaiting" and item["due_at"] is not None
    assert item["app"]["package_name"] == developer.app.package_name


def test_inbox_filters_due_within_24h_when_asked(api, developer):
    soon = make_inquiry(developer.app, subject="soon")
    later = make_inquiry(developer.app, subject="later")
    Inquiry.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(hours=5))

    ids = [i["id"] for i in api.get(LIST, {"due_within_24h": "true"}).json()["results"]]

    assert ids == [soon.pk]
    assert later.pk not in ids


def test_inbox_searches_subject_and_messages_when_q_given(api, developer):
    hit = make_inquiry(developer.app, subject="Payment failed", body="card declined")
    make_inquiry(developer.app, subject="Crash")

    ids = [i["id"] for i in api.get(LIST, {"q": "declined"}).json()["results"]]

    assert ids == [hit.pk]


def test_inbox_walks_pages_with_the_cursor_when_there_are_more(api, developer):
    made = {make_inquiry(developer.app).pk for _ in range(5)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"page_size": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get(LIST, params).json()
        seen += [i["id"] for i in body["results"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
        assert "cursor=" in body["next"]
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"cursor": "not-a-cursor"}, "invalid_cursor"),
        ({"cursor": "WzFd"}, "invalid_cursor"),
        ({"state": "nonsense"}, "invalid"),
        ({"app": "x"}, "invalid"),
        ({"due_within_24h": "maybe"}, "invalid"),
    ],
)
def test_inbox_answers_400_when_a_parameter_is_bad(api, developer, params, code):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_inbox_query_count_does_not_grow_when_page_size_grows(
    api, developer, django_assert_max_num_queries
):
    for _ in range(12):
        make_inquiry(developer.app)
    with django_assert_max_num_queries(3):
        small = api.get(LIST, {"page_size": 2})
    with django_assert_max_num_queries(3):
        large = api.get(LIST, {"page_size": 12})
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 12


def test_detail_shows_the_thread_with_notes_when_requested(api, developer):
    inquiry = make_inquiry(developer.app, body="Hello")
    services.inquiry_note_add(inquiry=inquiry, author=developer.user, body="check logs")

    body = api.get(f"{LIST}{inquiry.pk}/").json()

    assert [(m["author_kind"], m["is_internal"], m["body"]) for m in body["messages"]] == [
        ("customer", False, "Hello"),
        ("developer", True, "check logs"),
    ]
    assert "tid" not in str(body).lower()


def test_detail_query_count_does_not_grow_when_thread_grows(
    api, developer, django_assert_max_num_queries
):
    inquiry = make_inquiry(developer.app)
    for n in range(6):
        services.inquiry_reply(inquiry=inquiry, author=developer.user, body=f"reply {n}")
    # token, (last used), inquiry, thread, attachments, purchases, consents, (audit insert)
    with django_assert_max_num_queries(8):
        response = api.get(f"{LIST}{inquiry.pk}/")
    assert len(response.json()["messages"]) == 7


def test_reply_is_recorded_via_api_and_emailed_when_posted(api, developer):
    inquiry = make_inquiry(developer.app)

    response = api.post(f"{LIST}{inquiry.pk}/reply/", {"body": "Fixed in 1.2"}, format="json")

    assert response.status_code == 201
    message = Message.objects.get(pk=response.json()["id"])
    assert (message.via, message.author, message.is_internal) == ("api", developer.user, False)
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.due_at is None
    assert response.json()["email_status"] == "queued"
    sent = outbound_email_send(email_id=message.email_id)
    assert sent.status == OutboundEmail.Status.SENT


def test_reply_answers_400_with_field_errors_when_body_is_blank(api, developer):
    inquiry = make_inquiry(developer.app)

    response = api.post(f"{LIST}{inquiry.pk}/reply/", {"body": "   "}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
    assert "body" in response.json()["fields"]
    assert not Message.objects.filter(inquiry=inquiry, author_kind="developer").exists()


def test_reply_answers_400_parse_error_when_json_is_malformed(api, developer):
    inquiry = make_inquiry(developer.app)
    response = api.post(
        f"{LIST}{inquiry.pk}/reply/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_reply_answers_409_when_inquiry_is_closed(api, developer):
    inquiry = make_inquiry(developer.app)
    services.inquiry_close(inquiry=inquiry, actor=developer.user)

    response = api.post(f"{LIST}{inquiry.pk}/reply/", {"body": "hi"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_note_is_internal_and_not_emailed_when_posted(api, developer):
    inquiry = make_inquiry(developer.app)

    response = api.post(f"{LIST}{inquiry.pk}/notes/", {"body": "VIP"}, format="json")

    assert response.status_code == 201
    assert response.json()["is_internal"] is True
    assert response.json()["email_status"] is None
    assert response.json()["via"] == "api"
    inquiry.refresh_from_db()
    assert inquiry.status == "awaiting"


def test_close_then_reopen_changes_state_when_posted(api, developer):
    inquiry = make_inquiry(developer.app)

    closed = api.post(f"{LIST}{inquiry.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = api.post(f"{LIST}{inquiry.pk}/close/")
    assert again.status_code == 409
    reopened = api.post(f"{LIST}{inquiry.pk}/reopen/")
    assert reopened.status_code == 200 and reopened.json()["status"] == "awaiting"


def test_reopen_answers_409_when_inquiry_is_open(api, developer):
    inquiry = make_inquiry(developer.app)
    response = api.post(f"{LIST}{inquiry.pk}/reopen/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_inbox_filters_by_own_app_when_app_given(api, developer):
    from tests.factories import AppFactory

    other_app = AppFactory(account=developer.account)
    mine = make_inquiry(developer.app)
    make_inquiry(other_app)

    ids = [i["id"] for i in api.get(LIST, {"app": developer.app.pk}).json()["results"]]

    assert ids == [mine.pk]
