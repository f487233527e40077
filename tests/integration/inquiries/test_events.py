"""Event rows in the shared shape: a transition names its states, a fact leaves them blank."""

import pytest

from inquiries import services
from inquiries.models import InquiryEvent, Status

pytestmark = pytest.mark.django_db

Kind = InquiryEvent.Kind


def _states(inquiry) -> list[tuple[str, str, str]]:
    rows = InquiryEvent.objects.filter(inquiry=inquiry).order_by("created_at", "id")
    return list(rows.values_list("kind", "from_state", "to_state"))


def test_transitions_record_from_and_to_state_when_inquiry_changes_status(inquiry, developer):
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Try version 2.1.")
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_reopen(inquiry=inquiry, actor=developer.user)
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    services.inquiry_customer_followup(
        inquiry=inquiry, customer=inquiry.customer, body="It crashes again."
    )
    assert _states(inquiry) == [
        (Kind.CREATED, "", Status.AWAITING_DEVELOPER),
        (Kind.ANSWERED, Status.AWAITING_DEVELOPER, Status.ANSWERED),
        (Kind.CLOSED, Status.ANSWERED, Status.CLOSED),
        (Kind.REOPENED, Status.CLOSED, Status.ANSWERED),
        (Kind.CLOSED, Status.ANSWERED, Status.CLOSED),
        (Kind.REOPENED, Status.CLOSED, Status.AWAITING_DEVELOPER),
    ]
