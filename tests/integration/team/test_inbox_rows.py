"""The inbox rows (built in Python, inquiries/templatetags/inbox_rows.py) for each kind of row and
member: overdue and escalated, assigned or not, with the assign form or the assignee's name."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries import services
from inquiries.models import Inquiry
from voc_portal.accounts.roles import Role

from .conftest import inquiry_new, web_client

pytestmark = pytest.mark.django_db


def _row(html: str, inquiry: Inquiry) -> str:
    start = html.index(f'<tr data-inquiry="{inquiry.pk}"')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def rows(team):
    owner, agent = team.members[Role.OWNER], team.members[Role.AGENT]
    late = inquiry_new(team.app, subject="Late <b>& bold</b>")
    services.inquiry_assign(membership=owner, inquiry=late, assignee=agent)
    past = timezone.now() - timedelta(hours=2)
    Inquiry.objects.filter(pk=late.pk).update(due_at=past, escalated_at=past)
    return late, team.inquiry  # the second: awaiting, not due, unassigned


def test_a_member_who_assigns_gets_a_form_per_row_when_listed(team, rows):
    late, fresh = rows

    html = web_client(team.members[Role.OWNER]).get("/inquiries/?app=" + str(team.app.pk))

    page = html.content.decode()
    row = _row(page, late)
    assert 'class="is-overdue"' in row and '<span class="badge badge-danger">' in row
    assert '<span class="badge badge-danger" title="' in row  # the escalation badge
    assert "Late &lt;b&gt;&amp; bold&lt;/b&gt;" in row and "<b>" not in row
    agent = team.members[Role.AGENT]
    assert f'<option value="{agent.pk}" selected>Alex Agent</option>' in row
    assert f'action="/inquiries/{late.pk}/assign/"' in row
    assert 'name="csrfmiddlewaretoken" value="' in row
    assert f'<input type="hidden" name="next" value="/inquiries/?app={team.app.pk}">' in row
    assert f'<a href="/inquiries/{late.pk}/">' in row
    other = _row(page, fresh)
    assert "is-overdue" not in other and "badge-danger" not in other
    assert " selected>" not in other.split("</option>", 1)[1]  # "Unassigned" stays chosen


def test_a_read_only_member_sees_names_not_forms_when_listed(team, rows):
    late, fresh = rows

    page = web_client(team.members[Role.READ_ONLY]).get("/inquiries/").content.decode()

    assert '<td data-label="' in _row(page, late)
    assert 'class="assignee">Alex Agent</td>' in _row(page, late)
    assert "<form" not in _row(page, late)
    assert 'class="assignee"><span class="muted">' in _row(page, fresh)
