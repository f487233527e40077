"""Lists built as plain dicts (issue 13) answer exactly what their DRF serializer would.

The API inbox builds its rows with inquiry_list_data, not InquirySerializer (the schema's). Each
kind of row is here: awaiting, answered, closed, escalated, assigned, on a free app; in Seoul
time and in UTC (DRF writes UTC as "Z").
"""

import json

import pytest
from django.utils import timezone

from inquiries import selectors, services
from inquiries.api.serializers import InquirySerializer, inquiry_list_data
from inquiries.models import Inquiry
from inquiries.selectors import InboxFilters
from tests.factories import AppFactory, CustomerFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/inquiries/"


def _inquiry(app, subject: str) -> Inquiry:
    return services.inquiry_create(
        customer=CustomerFactory(), app=app, category="error", subject=subject, body="Body."
    )


@pytest.fixture
def varied(developer):
    free_app = AppFactory(account=developer.account, price=0)
    _inquiry(developer.app, "awaiting <b>&</b>")
    answered = _inquiry(free_app, "answered")
    services.inquiry_reply(inquiry=answered, author=developer.user, body="Fixed.")
    closed = _inquiry(developer.app, "closed")
    services.inquiry_close(inquiry=closed, actor=developer.user)
    escalated = _inquiry(developer.app, "escalated")
    Inquiry.objects.filter(pk=escalated.pk).update(escalated_at=timezone.now())
    assigned = _inquiry(free_app, "assigned")
    services.inquiry_assign(membership=developer, inquiry=assigned, assignee=developer)
    return developer


def _items(membership):
    page = selectors.inquiry_list_for_member(
        account=membership.account,
        filters=InboxFilters(),
        cursor=None,
        page_size=25,
        membership=membership,
    )
    return page.items


@pytest.mark.parametrize("zone", ["Asia/Seoul", "UTC"])
def test_plain_inbox_rows_equal_the_serializers_when_built(varied, zone):
    items = _items(varied)
    assert len(items) == 5
    with timezone.override(zone):
        plain = inquiry_list_data(items)
        drf = InquirySerializer(items, many=True).data

    assert json.dumps(plain) == json.dumps(drf)
    assert {row["status"] for row in plain} == {"awaiting", "answered", "closed"}
    assert any(row["assignee"] for row in plain) and any(row["is_escalated"] for row in plain)
    assert any(row["app"]["is_free"] for row in plain)


def test_api_inbox_answers_the_serializers_json_when_listed(api, varied):
    response = api.get(LIST)

    assert response.status_code == 200
    expected = json.loads(json.dumps(InquirySerializer(_items(varied), many=True).data))
    assert response.json()["results"] == expected


def test_api_inbox_query_count_does_not_grow_when_rows_are_assigned(
    api, varied, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as few:
        assert len(api.get(LIST).json()["results"]) == 5
    for i in range(10):
        row = _inquiry(varied.app, f"more {i}")
        services.inquiry_assign(membership=varied, inquiry=row, assignee=varied)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(LIST).json()["results"]) == 15
