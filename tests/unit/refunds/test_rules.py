"""Pure rules: the refund transition table, reminder windows, masking."""

from datetime import timedelta

import pytest

from inquiries.escalation import reminder_windows
from refunds.models import OPEN_STATES, TRANSITIONS, State, can_transition
from voc_portal.catalog.masking import mask_identifier


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (State.SUBMITTED, State.IN_REVIEW, True),
        (State.SUBMITTED, State.APPROVED, False),
        (State.IN_REVIEW, State.APPROVED, True),
        (State.IN_REVIEW, State.REJECTED, True),
        (State.IN_REVIEW, State.NEEDS_INFO, True),
        (State.NEEDS_INFO, State.IN_REVIEW, True),
        (State.NEEDS_INFO, State.APPROVED, False),
        (State.APPROVED, State.IN_REVIEW, False),
        (State.REJECTED, State.IN_REVIEW, False),
    ],
)
def test_transition_is_allowed_only_when_declared(source, target, allowed):
    assert can_transition(source, target) is allowed


def test_decided_states_are_final_when_declared():
    assert TRANSITIONS[State.APPROVED] == TRANSITIONS[State.REJECTED] == frozenset()
    assert set(OPEN_STATES) == {State.SUBMITTED, State.IN_REVIEW, State.NEEDS_INFO}


def test_reminder_windows_do_not_overlap_when_24h_and_6h(settings):
    settings.VOC_REMINDERS_BEFORE = [timedelta(hours=6), timedelta(hours=24)]
    assert reminder_windows() == [
        (timedelta(hours=24), timedelta(hours=6)),
        (timedelta(hours=6), timedelta(0)),
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("TID000012345678", "••••5678"), ("1234", "••••"), ("", ""), (None, "")],
)
def test_identifier_shows_only_last_four_when_masked(value, shown):
    assert mask_identifier(value) == shown
