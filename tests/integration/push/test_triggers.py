"""Which events push what, to whom, in which language — through the real services and sweeps."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep, inquiry_reminder_sweep
from inquiries.models import Category
from inquiries.services import inquiry_assign, inquiry_create
from reviews.services import review_create
from tests.factories import MembershipFactory
from tests.factories.refunds import awaiting_inquiry
from tests.integration.push.conftest import send_all, subscribe
from voc_portal.push.models import PushMessage
from voc_portal.push.services import notification_settings_update

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _received(service, info) -> list[dict]:
    return [r.json() for r in service.for_endpoint(info["endpoint"])]


def _korean(membership):
    membership.user.language = "ko"
    membership.user.save(update_fields=["language"])


def test_new_inquiry_is_pushed_to_each_member_in_their_language(developer, customer, push_service):
    colleague = MembershipFactory(account=developer.account)
    _korean(colleague)
    _, mine = subscribe(developer, push_service)
    _, theirs = subscribe(colleague, push_service)

    inquiry = inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="Crash on start",
        body="It closes.",
    )
    send_all()

    no, app = f"{inquiry.pk:06d}", developer.app.title
    url, tag = f"/app/#/inquiries/{inquiry.pk}", f"inquiry-{inquiry.pk}"
    assert _received(push_service, mine) == [
        {"title": f"[{app}] New inquiry #{no}", "body": "Crash on start", "url": url, "tag": tag}
    ]
    assert _received(push_service, theirs) == [
        {"title": f"[{app}] 새 문의 #{no}", "body": "Crash on start", "url": url, "tag": tag}
    ]


def test_new_inquiry_is_not_pushed_when_the_member_turned_the_kind_off(
    developer, customer, push_service
):
    subscribe(developer, push_service)
    notification_settings_update(membership=developer, kinds={"inquiry_created": False})

    inquiry_create(
        customer=customer, app=developer.app, category=Category.ERROR, subject="S", body="B"
    )

    assert not PushMessage.objects.exists()


def test_reminders_are_pushed_once_at_24h_and_6h_when_the_sweep_runs(
    developer, customer, push_service
):
    _korean(developer)
    _, info = subscribe(developer, push_service)
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=72 * HOUR)
    start = timezone.now()

    with time_machine.travel(start + 49 * HOUR, tick=False):
        inquiry_reminder_sweep()
        inquiry_reminder_sweep()
        send_all()
    with time_machine.travel(start + 67 * HOUR, tick=False):
        inquiry_reminder_sweep()
        send_all()

    no = f"{inquiry.pk:06d}"
    titles = [p["title"] for p in _received(push_service, info)]
    assert titles == [
        f"문의 #{no} 답변 기한이 24시간 남았습니다",
        f"문의 #{no} 답변 기한이 6시간 남았습니다",
    ]
    assert _received(push_service, info)[0]["url"] == f"/app/#/inquiries/{inquiry.pk}"


def test_escalation_is_pushed_once_when_the_sweep_runs_twice(developer, customer, push_service):
    _, info = subscribe(developer, push_service)
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    assert inquiry_escalation_sweep() == 1
    assert inquiry_escalation_sweep() == 0
    send_all()

    [push] = _received(push_service, info)
    assert push["title"] == f"Inquiry #{inquiry.pk:06d} was escalated to store operations"
    assert push["body"] == f"[{developer.app.title}] {inquiry.subject}"
    assert push["url"] == f"/app/#/inquiries/{inquiry.pk}"


def test_assignment_is_pushed_to_the_assignee_only_when_someone_else_assigns(
    developer, customer, push_service
):
    colleague = MembershipFactory(account=developer.account)
    _, mine = subscribe(developer, push_service)
    _, theirs = subscribe(colleague, push_service)
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=10 * HOUR)

    inquiry_assign(membership=developer, inquiry=inquiry, assignee=colleague)
    inquiry_assign(membership=developer, inquiry=inquiry, assignee=colleague)  # no change
    inquiry_assign(membership=developer, inquiry=inquiry, assignee=developer)  # self: no push
    send_all()

    assert _received(push_service, mine) == []
    [push] = _received(push_service, theirs)
    assert push["title"].startswith(f"[{developer.app.title}] Assigned to you: #{inquiry.pk:06d}")
    assert push["body"] == f"Assigned by {developer.user.get_full_name()}."


@pytest.mark.parametrize(("rating", "pushed"), [(1, True), (2, True), (3, False), (5, False)])
def test_new_review_is_pushed_only_when_it_has_two_stars_or_fewer(
    developer, customer, purchase, push_service, rating, pushed
):
    _korean(developer)
    _, info = subscribe(developer, push_service)

    review = review_create(customer=customer, app=developer.app, rating=rating, body="Crashes.")
    send_all()

    expected = [
        {
            "title": f"[{developer.app.title}] 새 리뷰: 별점 {rating}/5",
            "body": "Crashes.",
            "url": f"/app/#/reviews/{review.pk}",
            "tag": f"review-{review.pk}",
        }
    ]
    assert _received(push_service, info) == (expected if pushed else [])


def test_other_accounts_are_never_pushed_when_an_inquiry_arrives(
    developer, other_developer, customer, push_service
):
    _, theirs = subscribe(other_developer, push_service)

    inquiry_create(
        customer=customer, app=developer.app, category=Category.ERROR, subject="S", body="B"
    )
    send_all()

    assert _received(push_service, theirs) == []
