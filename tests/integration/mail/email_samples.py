"""Sample data for every email kind, as its emails.py builds it (the frame and leak tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

SITE = "https://voc.example"
AT = datetime(2026, 12, 1, 6, 5, tzinfo=UTC)  # 15:05 in Seoul
HOSTILE = '<script>alert("x")</script> & 1. step\n- dash'


def _inquiry(audience: str, **extra) -> dict:
    return {
        "audience": audience,
        "inquiry_no": "001042",
        "app_title": "핏트래커",
        "account_name": "스튜디오 하늘",
        "subject": "결제 후 프리미엄이 열리지 않아요",
        "body": "어제 결제했는데 프리미엄 기능이 잠겨 있습니다.\n확인 부탁드립니다.",
        "thread_url": f"{SITE}/inquiries/1042/",
        **extra,
    }


def samples() -> dict[str, tuple[str, dict, bool]]:
    """kind → (template, context, has a reply address)."""
    purchase = {
        "app_title": "핏트래커",
        "purchased_item": "프리미엄 1년 이용권",
        "purchased_at": AT - timedelta(days=2),
        "amount": 24000,
        "app_url": f"{SITE}/apps/com.example.fit/",
    }
    member = {"recipient_name": "김개발", "customer_name": "이*원", "customer_number": "1048213377"}
    return {
        "inquiry_reply": ("inquiry_reply", _inquiry("customer", recipient_name="이*원"), True),
        "inquiry_ack": (
            "inquiry_ack",
            _inquiry(
                "customer",
                recipient_name="",
                category="환불 요청",
                created_at=AT,
                due_at=AT + timedelta(days=3),
            ),
            True,
        ),
        "inquiry_new": (
            "inquiry_new",
            _inquiry("member", category="에러문의", due_at=AT + timedelta(days=3), **member),
            True,
        ),
        "inquiry_followup": (
            "inquiry_followup",
            _inquiry("member", due_at=AT + timedelta(days=3), **member),
            True,
        ),
        "reply_address_expired": (
            "reply_address_expired",
            _inquiry("customer", recipient_name="이*원", max_age_days=180),
            True,
        ),
        "inquiry_reminder": (
            "inquiry_reminder",
            _inquiry(
                "member",
                due_at=AT + timedelta(hours=5),
                time_left=timedelta(hours=5),
                **member,
            ),
            False,
        ),
        "inquiry_escalated": (
            "inquiry_escalated",
            _inquiry("member", due_at=AT, escalated_at=AT + timedelta(minutes=2), **member),
            False,
        ),
        "ops_escalation_digest": (
            "ops_escalation_digest",
            {
                "audience": "ops",
                "count": 2,
                "inquiries": [
                    {"no": "001042", "subject": "결제 오류", "due_at": AT},
                    {"no": "001043", "subject": "환불해 주세요", "due_at": AT},
                ],
                "more": 1,
                "escalated_at": AT,
                "queue_url": f"{SITE}/admin/refunds/refundrequest/",
            },
            False,
        ),
        "refund_changed": (
            "refund_changed",
            {
                **purchase,
                "audience": "member",
                "recipient_name": "김개발",
                "account_name": "스튜디오 하늘",
                "consent_answer": None,
                "refund_no": 77,
                "customer_number": "1048213377",
                "from_state": "접수",
                "to_state": "검토 중",
                "to_state_code": "in_review",
                "note": "",
                "refund_url": f"{SITE}/refunds/77/",
            },
            False,
        ),
        "refund_approved": (
            "refund_decided",
            {
                **purchase,
                "audience": "customer",
                "recipient_name": "이*원",
                "approved": True,
                "refund_days": 3,
                "reason": "",
            },
            False,
        ),
        "refund_rejected": (
            "refund_decided",
            {
                **purchase,
                "audience": "customer",
                "recipient_name": "이*원",
                "approved": False,
                "refund_days": 3,
                "reason": "이미 환불된 구매입니다.",
            },
            False,
        ),
        "consent_request": (
            "consent_request",
            {
                **purchase,
                "audience": "customer",
                "recipient_name": "이*원",
                "developer_name": "스튜디오 하늘",
                "retention_days": 365,
                "expires_at": AT + timedelta(days=7),
                "consent_url": f"{SITE}/refunds/consent/abc.def/",
            },
            False,
        ),
        "review_reply": (
            "review_reply",
            {
                "audience": "customer",
                "recipient_name": "이*원",
                "app_title": "핏트래커",
                "account_name": "스튜디오 하늘",
                "review_body": "운동 기록이 가끔 사라져요.",
                "review_rating": 3,
                "reply_body": "불편을 드려 죄송합니다. 곧 고치겠습니다.",
                "changed": False,
                "app_url": f"{SITE}/apps/com.example.fit/",
            },
            False,
        ),
        "review_low": (
            "review_low",
            {
                "audience": "member",
                "recipient_name": "김개발",
                "account_name": "스튜디오 하늘",
                "app_title": "핏트래커",
                "review_rating": 1,
                "review_body": "업데이트 후 계속 꺼져요.",
                "review_url": f"{SITE}/reviews/?app=3#review-9",
            },
            False,
        ),
        "review_rating_drop": (
            "review_rating_drop",
            {
                "audience": "member",
                "recipient_name": "김개발",
                "account_name": "스튜디오 하늘",
                "app_title": "핏트래커",
                "average_before": "4.4",
                "average_now": "3.9",
                "days": 7,
                "console_url": f"{SITE}/reviews/?app=3",
            },
            False,
        ),
        "webhook_disabled": (
            "webhook_disabled",
            {
                "audience": "member",
                "recipient_name": "김개발",
                "account_name": "스튜디오 하늘",
                "endpoint_url": "https://hooks.example.com/voc",
                "failures": 10,
                "failing_since": AT - timedelta(days=1),
                "endpoint_page_url": f"{SITE}/settings/webhooks/4/",
            },
            False,
        ),
        "password_reset": (
            "password_reset",
            {
                "audience": "account",
                "protocol": "https",
                "domain": "voc.example",
                "uid": "MQ",
                "token": "abc-123",
                "user": {"email": "lee@example.com"},
            },
            False,
        ),
    }
