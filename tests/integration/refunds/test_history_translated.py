"""Refund history reads in the reader's language: state labels, consent facts, no raw codes."""

import pytest
from django.urls import reverse

from refunds import services
from refunds.models import RefundEvent
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory

pytestmark = pytest.mark.django_db


def _history(html: str) -> str:
    return html.split('<ul class="events">', 1)[1].split("</ul>", 1)[0]


def test_refund_history_shows_korean_labels_when_the_reader_reads_korean(dev_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    RefundEvent.objects.create(
        refund=refund, kind=RefundEvent.Kind.TRANSITION, from_state="", to_state="submitted"
    )
    RefundEvent.objects.create(
        refund=refund,
        kind=RefundEvent.Kind.CONSENT_REQUESTED,
        from_state="submitted",
        to_state="submitted",
        note="Asked the customer for consent",
    )
    services.refund_start_review(refund=refund, actor=OpsUserFactory())
    dev_client.cookies.load({"django_language": "ko"})
    history = _history(dev_client.get(reverse("refunds:detail", args=[refund.pk])).content.decode())
    for raw in ("submitted", "in_review", "— →", "Asked the customer"):
        assert raw not in history
    assert "접수 → 검토 중" in history
    assert "고객에게 개인정보 제공 동의 요청" in history


def test_admin_case_uses_state_words_not_dates_when_korean(admin_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    services.refund_start_review(refund=refund, actor=OpsUserFactory())
    admin_client.cookies.load({"django_language": "ko"})
    html = admin_client.get(
        reverse("admin:refunds_refundrequest_change", args=[refund.pk])
    ).content.decode()
    events = html.split('id="refund-case"', 1)[1]
    assert "<th>이전 상태</th><th>변경 상태</th>" in events
    assert "시작일" not in events and "종료일" not in events
    # The cells carry their column's name for the phone layout (cards).
    assert 'data-label="이전 상태">접수</td><td data-label="변경 상태">검토 중</td>' in events
