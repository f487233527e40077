"""No database: the clock label, masking, template variables, attachment sniffing, transitions."""

import io
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inquiries.attachments import BadAttachment, attachment_check, attachment_check_all
from inquiries.models import TRANSITIONS, Inquiry, Status
from inquiries.templatetags.inquiry_tags import clock_text, delivery_label, duration
from voc_portal.catalog.masking import mask_identifier

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("due_in", "text"),
    [
        (timedelta(days=2, hours=5, minutes=10), "2 days 5 h left"),
        (timedelta(days=1), "1 day left"),
        (timedelta(hours=3, minutes=59), "3 h left"),
        (timedelta(minutes=25), "25 min left"),
        (-timedelta(hours=3), "overdue by 3 h"),
        (-timedelta(days=1, hours=2), "overdue by 1 day 2 h"),
    ],
)
def test_clock_text_reads_like_a_person_when_due_date_is_set(due_in, text):
    assert clock_text(SimpleNamespace(due_at=NOW + due_in), NOW) == text


def test_clock_text_is_empty_when_nothing_awaits():
    assert clock_text(SimpleNamespace(due_at=None), NOW) == ""


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("queued", "Queued"),
        ("sending", "Sending"),
        ("sent", "Sent"),
        ("delivered", "Delivered"),
        ("bounced", "Not delivered"),
        ("failed", "Not delivered"),
    ],
)
def test_delivery_label_shows_bounced_as_not_delivered_when_email_failed(status, label):
    assert delivery_label(SimpleNamespace(status=status)) == label


def test_duration_shows_minutes_when_under_an_hour():
    assert duration(timedelta(minutes=42)) == "42 min"
    assert duration(timedelta(hours=30)) == "1 day 6 h"
    assert duration(None) == ""


@pytest.mark.parametrize(
    ("value", "masked"),
    [("TID000000001234", "••••1234"), ("abc", "••••"), ("", ""), (None, "")],
)
def test_mask_identifier_shows_last_four_when_value_is_long_enough(value, masked):
    assert mask_identifier(value) == masked


def _png(fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue())


@pytest.mark.parametrize(
    ("fmt", "ctype"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_attachment_check_accepts_image_when_content_is_allowed_format(fmt, ctype):
    assert attachment_check(_png(fmt)).content_type == ctype


def test_attachment_check_refuses_image_when_format_is_not_allowed():
    with pytest.raises(BadAttachment):
        attachment_check(_png("BMP"))


def test_attachment_check_refuses_truncated_image_when_content_is_broken():
    data = _png().read()
    with pytest.raises(BadAttachment):
        attachment_check(SimpleUploadedFile("cut.png", data[:30]))


def test_attachment_check_uses_content_not_name_when_pdf_is_named_png():
    checked = attachment_check(SimpleUploadedFile("scan.png", b"%PDF-1.7\n..."))
    assert checked.content_type == "application/pdf"
    assert checked.storage_name.endswith("-scan.png")


def test_attachment_check_all_refuses_when_more_than_three_files():
    with pytest.raises(BadAttachment):
        attachment_check_all([_png() for _ in range(4)])


def test_transitions_allow_reopen_to_answered_but_not_answered_to_itself_when_checked():
    assert Status.ANSWERED in TRANSITIONS[Status.CLOSED]
    assert Status.CLOSED not in TRANSITIONS[Status.CLOSED]
    assert Inquiry(status=Status.ANSWERED).can_transition(Status.AWAITING_DEVELOPER)
    assert not Inquiry(status=Status.CLOSED).can_transition(Status.CLOSED)
