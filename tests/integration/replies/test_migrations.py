"""Saved replies of inquiries and reviews move into the one replies table, each with its kind."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inquiries.models import ReplyTemplate
from reviews.models import ReviewReplyTemplate
from tests.factories import DeveloperAccountFactory
from voc_portal.replies.models import ReplyTemplate as SavedReply

BEFORE = [
    ("inquiries", "0005_inquiryevent_states_backfill"),
    ("reviews", "0002_review_event"),
    ("replies", "0001_initial"),
]
AFTER = [
    ("inquiries", "0006_reply_templates_to_replies"),
    ("reviews", "0003_reply_templates_to_replies"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_both_kinds_of_template_move_with_their_text_when_migrated_forward_with_data():
    account = DeveloperAccountFactory()
    old = _migrate(BEFORE)
    try:
        old.get_model("inquiries", "ReplyTemplate").objects.create(
            account_id=account.pk, name="Thanks", body="Thanks {customer_name}"
        )
        old.get_model("reviews", "ReviewReplyTemplate").objects.create(
            account_id=account.pk, name="Thanks", body="Thank you for rating {app}"
        )
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = SavedReply.objects.order_by("kind").values_list("account_id", "kind", "name", "body")
    assert list(rows) == [
        (account.pk, "inquiry", "Thanks", "Thanks {customer_name}"),
        (account.pk, "review", "Thanks", "Thank you for rating {app}"),
    ]
    assert [t.body for t in ReplyTemplate.objects.all()] == ["Thanks {customer_name}"]
    assert [t.body for t in ReviewReplyTemplate.objects.all()] == ["Thank you for rating {app}"]
