"""Every page of the journeys, rendered in Korean with Korean sample data, has no English left
(KOREAN.md, mechanics 8): customer, developer and ops, through the test client (no browser).

The sample data is Korean, so any English word on a page came from the portal itself: a
template, a label, a code shown raw, or prose stored by code.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Category
from inquiries.services import inquiry_create, inquiry_note_add, inquiry_reply
from inquiries.services.templates import reply_template_save
from refunds import services as refunds
from refunds.models import RefundRequest
from reviews.services import review_create, review_reply_publish
from reviews.services.reply_templates import review_reply_template_save
from tests.factories import (
    AppFactory,
    CustomerFactory,
    DeveloperAccountFactory,
    MembershipFactory,
    OpsUserFactory,
    PurchaseFactory,
    UserFactory,
)
from tests.factories.refunds import awaiting_inquiry
from tests.support.korean import english_leaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """One Korean store: a developer account, its app, a customer's purchases, an answered
    inquiry, an escalated one with its cancellation case, a review with an official reply."""
    account = DeveloperAccountFactory(name="한빛소프트")
    member = MembershipFactory(account=account, user=UserFactory(full_name="김개발", language="ko"))
    app = AppFactory(account=account, title="퍼즐 왕국", package_name="kr.hanbit.puzzle")
    customer = CustomerFactory(user=UserFactory(full_name="이하늘", language="ko"))
    purchase = PurchaseFactory(customer=customer, app=app, item_name="보석 100개")
    asked = inquiry_create(
        customer=customer,
        app=app,
        category=Category.ERROR,
        subject="보석이 들어오지 않았습니다",
        body="어제 보석 100개를 구매했는데 아직 지급되지 않았습니다.",
        purchase=purchase,
    )
    inquiry_reply(
        inquiry=asked, author=member.user, body="불편을 드려 죄송합니다. 지금 지급했습니다."
    )
    inquiry_note_add(inquiry=asked, author=member.user, body="결제 기록 확인 완료")
    late = awaiting_inquiry(
        app=app,
        customer=customer,
        purchase=PurchaseFactory(customer=customer, app=app, item_name="광고 제거"),
        due_in=-datetime.timedelta(hours=2),
        subject="환불해 주세요",
    )
    inquiry_escalation_sweep()
    ops = OpsUserFactory(full_name="박운영", language="ko", is_superuser=True)
    case = RefundRequest.objects.get(inquiry=late)
    refunds.refund_assign(refund=case, actor=ops, assignee=ops)
    refunds.consent_request_send(refund=case, actor=ops)
    review = review_create(customer=customer, app=app, rating=2, body="광고가 너무 많아요.")
    review_reply_publish(
        review=review, account=account, author=member.user, body="의견 감사합니다. 줄이겠습니다."
    )
    reply_template_save(account_id=account.pk, name="사과", body="{customer_name}님, 죄송합니다.")
    review_reply_template_save(account=account, name="감사", body="소중한 리뷰 감사합니다.")
    return {
        "member": member,
        "customer": customer,
        "ops": ops,
        "app": app,
        "asked": asked,
        "late": late,
        "case": case,
    }


def _pages(shop) -> dict[str, list[str]]:
    app, asked, case = shop["app"], shop["asked"], shop["case"]
    return {
        "anonymous": [
            reverse("accounts:login"),
            reverse("accounts:password_reset"),
            reverse("reviews:app_list"),
            reverse("reviews:app_detail", args=[app.package_name]),
        ],
        "customer": [
            reverse("reviews:app_list"),
            reverse("reviews:app_detail", args=[app.package_name]),
            reverse("inquiries:create", args=[app.package_name]),
            reverse("inquiries:my_list"),
            reverse("inquiries:my_detail", args=[asked.pk]),
            reverse("inquiries:my_detail", args=[shop["late"].pk]),
            reverse("accounts:settings"),
        ],
        "member": [
            reverse("inquiries:dashboard"),
            reverse("inquiries:inbox"),
            reverse("inquiries:detail", args=[asked.pk]),
            reverse("inquiries:detail", args=[shop["late"].pk]),
            reverse("inquiries:template_list"),
            reverse("inquiries:template_create"),
            reverse("reviews:console"),
            reverse("reviews:templates"),
            reverse("refunds:list"),
            reverse("refunds:detail", args=[case.pk]),
            reverse("refunds:create"),
            reverse("accounts:settings"),
            reverse("api:tokens"),
        ],
        "ops": [
            reverse("admin:refunds_refundrequest_changelist"),
            reverse("admin:refunds_refundrequest_change", args=[case.pk]),
            reverse("admin:refunds_overdueinquiry_changelist"),
            reverse("admin:inquiries_inquiry_changelist"),
            reverse("admin:reviews_review_changelist"),
        ],
    }


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies.load({"django_language": "ko"})
    return client


def test_every_journey_page_has_no_english_when_read_in_korean(shop, django_assert_max_num_queries):
    users = {
        "anonymous": None,
        "customer": shop["customer"].user,
        "member": shop["member"].user,
        "ops": shop["ops"],
    }
    # Names the sample data itself gives in Latin letters (none but the reply address domain).
    allowed = {"reply", "voc", "example"}
    # English that Django admin and django-otp write without gettext: the search icon's and the
    # boolean icons' alt text, and the otp model names ("TOTP devices", "static devices").
    untranslatable = {"Search", "True", "False", "TOTP", "Static", "static", "devices"}
    leaks: dict[str, list[str]] = {}
    for who, paths in _pages(shop).items():
        client = _client(users[who])
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (who, path)
            extra = allowed | untranslatable if who == "ops" else allowed
            found = english_leaks(response.content.decode(), allowed=extra)
            if found:
                leaks[f"{who} {path}"] = found
    assert leaks == {}, "\n".join(f"{page}: {' '.join(words)}" for page, words in leaks.items())


def test_english_leaks_finds_english_and_skips_what_is_allowed_when_given_text():
    page = (
        "<html><head><title>문의</title><style>.x{color:red}</style></head><body>"
        "<p>TID와 TXID, API 문서: https://voc.example/api/docs/ dev@demo.voc</p>"
        '<input type="submit" value="Send reply"><input name="q" value="검색어 Hello">'
        "<p>%(name)s님 {app} ONE store 결제 영수증 번호 R1001</p>"
        '<span aria-label="Close menu">닫기</span><p>Waiting for the developer</p></body></html>'
    )
    assert english_leaks(page) == [
        "Waiting",
        "for",
        "the",
        "developer",
        "Send",
        "reply",
        "Close",
        "menu",
    ]
    assert english_leaks("고객님, 안녕하세요. HTML 버전") == []
