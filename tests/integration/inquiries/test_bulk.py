import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inquiries import services
from inquiries.models import InquiryEvent, Status
from tests.factories.inquiries import InquiryFactory
from voc_portal.core.errors import DomainError


def _close(developer, ids):
    return services.inquiry_bulk_apply(
        account=developer.account, actor=developer.user, action="close", ids=ids
    )


@pytest.mark.django_db
def test_bulk_close_reports_closed_and_skipped_with_reasons(developer, other_developer):
    open_ = [InquiryFactory(app=developer.app) for _ in range(3)]
    closed = InquiryFactory(app=developer.app, closed=True)
    foreign = InquiryFactory(app=other_developer.app)
    result = _close(developer, [i.pk for i in open_] + [closed.pk, foreign.pk, 999999])
    assert result.summary() == "3 closed, 3 skipped: already closed (1); not found (2)"
    assert sorted(result.done) == sorted(i.pk for i in open_)
    # The same service as the single close: state and one event row per item.
    assert set(InquiryEvent.objects.filter(kind="closed").values_list("inquiry_id", flat=True)) == {
        i.pk for i in open_
    }
    foreign.refresh_from_db()
    assert foreign.status == Status.AWAITING_DEVELOPER


@pytest.mark.django_db
def test_bulk_reopen_skips_what_is_not_closed(developer):
    closed = InquiryFactory(app=developer.app, closed=True)
    waiting = InquiryFactory(app=developer.app)
    result = services.inquiry_bulk_apply(
        account=developer.account,
        actor=developer.user,
        action="reopen",
        ids=[closed.pk, waiting.pk],
    )
    assert result.summary() == "1 reopened, 1 skipped: not closed"
    closed.refresh_from_db()
    assert closed.status != Status.CLOSED


@pytest.mark.django_db
def test_bulk_refuses_unknown_actions_and_empty_or_bad_ids(developer):
    with pytest.raises(DomainError) as exc:
        services.inquiry_bulk_apply(
            account=developer.account, actor=developer.user, action="delete", ids=[1]
        )
    assert exc.value.code == "bulk_action_unknown"
    for ids, code in (([], "bulk_ids_empty"), (["x"], "bulk_ids_invalid")):
        with pytest.raises(DomainError) as exc:
            _close(developer, ids)
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        _close(developer, list(range(1, 202)))
    assert exc.value.code == "bulk_ids_too_many"


@pytest.mark.django_db
def test_bulk_queries_are_one_load_plus_the_services_own_per_item(developer):
    """Fixed part: one query loads every id; per item only the single close's own queries
    (member check, SAVEPOINT, row lock, UPDATE, event INSERT, RELEASE)."""

    def count(n):
        ids = [InquiryFactory(app=developer.app).pk for _ in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert len(_close(developer, ids).done) == n
        return len(ctx.captured_queries)

    one, two, ten = count(1), count(2), count(10)
    per_item = two - one
    with CaptureQueriesContext(connection) as single:
        services.inquiry_close(inquiry=InquiryFactory(app=developer.app), actor=developer.user)
    assert per_item <= len(single.captured_queries) + 2  # the service's own, + its savepoint
    assert ten == one + 9 * per_item
    assert one - per_item <= 3  # the batch's fixed cost: load + transaction


@pytest.mark.django_db
def test_bulk_close_from_the_inbox_says_what_happened(dev_client, developer, other_developer):
    mine = InquiryFactory(app=developer.app)
    foreign = InquiryFactory(app=other_developer.app)
    response = dev_client.post(
        reverse("inquiries:bulk"),
        {"action": "close", "ids": [mine.pk, foreign.pk], "next": "/inquiries/?state=awaiting"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/inquiries/?state=awaiting"
    assert "1 closed, 1 skipped: not found" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == Status.AWAITING_DEVELOPER


@pytest.mark.django_db
def test_bulk_post_with_nothing_selected_is_a_400(dev_client):
    response = dev_client.post(reverse("inquiries:bulk"), {"action": "close"})
    assert response.status_code == 400
    assert "Select at least one item." in response.content.decode()


@pytest.mark.django_db
def test_inbox_shows_the_bulk_bar_with_a_checkbox_per_row(
    dev_client, developer, django_assert_max_num_queries
):
    for _ in range(5):
        InquiryFactory(app=developer.app)
    with django_assert_max_num_queries(10):
        html = dev_client.get(reverse("inquiries:inbox")).content.decode()
    assert html.count('form="inquiry-bulk" data-bulk-item') == 5
    assert 'value="close"' in html and "data-bulk-all" in html


@pytest.mark.django_db
def test_bulk_assign_to_me_uses_the_assignment_service(developer, other_developer):
    mine = InquiryFactory(app=developer.app, assignee=developer)
    free = [InquiryFactory(app=developer.app) for _ in range(2)]
    foreign = InquiryFactory(app=other_developer.app)
    result = services.inquiry_bulk_apply(
        account=developer.account,
        actor=developer.user,
        action="assign_me",
        ids=[mine.pk, *(i.pk for i in free), foreign.pk],
    )
    assert result.summary() == "2 assigned to you, 2 skipped: already yours (1); not found (1)"
    assert {i.pk for i in free} == set(
        InquiryEvent.objects.filter(kind="assigned").values_list("inquiry_id", flat=True)
    )
    foreign.refresh_from_db()
    assert foreign.assignee_id is None
