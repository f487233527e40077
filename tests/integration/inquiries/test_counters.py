"""The inquiry counters (inquiries.counters): kept by every writer in its own transaction, equal
to a live count after any mix of changes, and the recompute command finds and fixes drift."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from inquiries import services
from inquiries.counters import InquiryCounter, inquiry_counters_recompute
from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Category, Inquiry, Status
from inquiries.selectors import InboxFilters, inquiry_counts_for_member, inquiry_dashboard
from inquiries.selectors_inbox import ASSIGNED_VIEWS, STATES, assigned_q, state_q
from tests.factories.accounts import CustomerFactory, MembershipFactory
from tests.factories.catalog import AppFactory
from tests.factories.inquiries import InquiryFactory


@pytest.fixture
def busy_account(developer):
    """Inquiries of two apps in every state, moved by the services, the bulk actions and the
    sweep, with two members assigned; plus another account's."""
    second_app = AppFactory(account=developer.account)
    teammate = MembershipFactory(account=developer.account, role="agent")
    customer = CustomerFactory()
    made = [
        services.inquiry_create(
            customer=customer, app=app, category=category, subject="문의", body="환불 부탁드립니다"
        )
        for app, category in itertools.product(
            [developer.app, second_app], [Category.REFUND, Category.ERROR, Category.OTHER]
        )
    ]
    user = developer.user
    services.inquiry_reply(inquiry=made[0], author=user, body="처리했습니다")
    services.inquiry_reply(inquiry=made[1], author=user, body="확인 중입니다")
    services.inquiry_close(inquiry=made[1], actor=user)
    services.inquiry_reopen(inquiry=made[1], actor=user)
    services.inquiry_close(inquiry=made[2], actor=user)
    services.inquiry_customer_followup(inquiry=made[0], customer=customer, body="아직이요")
    services.inquiry_assign(membership=developer, inquiry=made[3], assignee=teammate)
    services.inquiry_assign(membership=developer, inquiry=made[4], assignee=developer)
    services.inquiry_bulk_apply(
        account=developer.account, actor=user, action="close", ids=[made[4].pk, made[5].pk]
    )
    services.inquiry_bulk_apply(
        account=developer.account, actor=user, action="assign_me", ids=[made[0].pk, made[3].pk]
    )
    Inquiry.objects.filter(pk=made[3].pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert inquiry_escalation_sweep() == 1  # the set-based claim (one UPDATE … RETURNING)
    InquiryFactory(app=developer.app, overdue=True)
    InquiryFactory(app=second_app, escalated=True, category=Category.ERROR)
    InquiryFactory(app=developer.app, closed=True).delete()
    InquiryFactory(status=Status.AWAITING_DEVELOPER)  # another account's
    return developer, second_app


def test_counters_equal_a_recount_when_every_kind_of_writer_changed_inquiries(busy_account):
    assert inquiry_counters_recompute(fix=False) == []
    assert InquiryCounter.objects.filter(n__lt=0).count() == 0


def test_tab_counts_from_counters_equal_the_live_count_whatever_the_filters(busy_account):
    developer, second_app = busy_account
    for state, assigned, by_app, category in itertools.product(
        [None, *STATES], [None, *ASSIGNED_VIEWS], [False, True], [None, "error"]
    ):
        app_id = second_app.pk if by_app else None
        filters = InboxFilters(state=state, assigned=assigned, app_id=app_id, category=category)
        counts = inquiry_counts_for_member(
            account=developer.account, filters=filters, membership=developer
        )
        live = Inquiry.objects.filter(account=developer.account)
        live = live.filter(app_id=app_id) if app_id else live
        live = live.filter(category=category) if category else live
        within = assigned_q(assigned, developer)
        expected = live.aggregate(
            all=Count("id", filter=within),
            **{s: Count("id", filter=within & state_q(s)) for s in STATES},
            **{
                f"assigned_{v}": Count("id", filter=state_q(state) & assigned_q(v, developer))
                for v in ASSIGNED_VIEWS
            },
        )
        expected["overdue"] = live.filter(
            within, status=Status.AWAITING_DEVELOPER, due_at__lte=timezone.now()
        ).count()
        assert {k: counts[k] for k in expected} == expected, filters


def test_dashboard_open_awaiting_and_escalated_come_from_counters(busy_account):
    developer, _ = busy_account
    board = inquiry_dashboard(account=developer.account, now=timezone.now())
    live = Inquiry.objects.filter(account=developer.account)
    assert board.total.open == live.exclude(status=Status.CLOSED).count()
    assert board.total.awaiting == live.filter(status=Status.AWAITING_DEVELOPER).count()
    assert (
        board.total.escalated
        == live.filter(status=Status.AWAITING_DEVELOPER, escalated_at__isnull=False).count()
    )
    assert board.total.overdue == 3  # the swept one and the two made overdue
    assert sum(row.open for row in board.apps) == board.total.open


def test_counts_without_search_are_one_query_whatever_the_filters(
    busy_account, django_assert_num_queries
):
    developer, second_app = busy_account
    filters = InboxFilters(state="awaiting", assigned="mine", app_id=second_app.pk)
    with django_assert_num_queries(1):
        inquiry_counts_for_member(account=developer.account, filters=filters, membership=developer)


def test_recompute_command_reports_and_fixes_drift(busy_account):
    developer, _ = busy_account
    # A write that bypasses the triggers (as a restore or a bug could) leaves the counters wrong.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            Inquiry.objects.filter(account=developer.account).update(category=Category.OTHER)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("recompute_inquiry_counters", "--check", stdout=out)
    assert "drift: account" in out.getvalue()
    assert inquiry_counters_recompute(fix=False)  # --check changed nothing
    out = io.StringIO()
    call_command("recompute_inquiry_counters", stdout=out)
    assert "fixed" in out.getvalue()
    mine = Inquiry.objects.filter(account=developer.account).count()
    counts = inquiry_counts_for_member(
        account=developer.account, filters=InboxFilters(category=Category.OTHER)
    )
    assert counts["all"] == mine
    out = io.StringIO()
    call_command("recompute_inquiry_counters", stdout=out)
    assert "No drift" in out.getvalue()
