"""Demo inquiries for `make run`: every state, some 2-3 days old, one past due, replies whose
emails were delivered, internal notes and reply templates.

`seed(ctx)` is the hook called by voc_portal.demo (catalog.demo.DemoContext) after accounts, apps,
customers and purchases exist; it does nothing when demo inquiries exist already. The inquiries
go through the services (so their emails are in the outbox to read) and are then moved into the
past; replies are marked delivered.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F

from voc_portal.accounts.models import Customer, Membership
from voc_portal.catalog.models import App, Purchase
from voc_portal.mail.models import OutboundEmail

from . import services
from .models import Category, Inquiry, InquiryEvent, Message, ReplyTemplate, Status

TEMPLATES = [
    (
        "Thanks / 감사 인사",
        "안녕하세요 {customer_name}님, {app} 문의(#{inquiry_no})에 감사드립니다.\n"
        "Hello {customer_name}, thank you for contacting us about {app} (#{inquiry_no}).",
    ),
    (
        "Update fixes it",
        "Hi {customer_name}, the latest update of {app} fixes this. "
        "Please update from the store and let us know if it still happens.",
    ),
    (
        "환불 안내",
        "{customer_name}님, {app} 환불 요청을 스토어 운영팀에 전달했습니다. "
        "처리 결과는 이메일로 안내됩니다. (문의 번호 #{inquiry_no})",
    ),
]

# (age, category, subject, body, outcome)
SCENARIOS = [
    (
        timedelta(hours=2),
        Category.ERROR,
        "앱이 실행되자마자 꺼져요",
        "업데이트 후 로고 화면에서 바로 종료됩니다. 갤럭시 S23 사용 중입니다.",
        "awaiting",
    ),
    (
        timedelta(days=2, hours=3),
        Category.REFUND,
        "환불 요청드립니다",
        "실수로 보석 패키지를 두 번 결제했습니다. 한 건 환불 부탁드립니다.",
        "awaiting",
    ),
    (
        timedelta(days=2, hours=18),
        Category.MAINTENANCE,
        "Cloud save does not sync",
        "My progress on the tablet is not on my phone since Monday.",
        "awaiting_note",
    ),
    (
        timedelta(days=3, hours=4),
        Category.REFUND,
        "Charged but no coins",
        "I paid for 1,000 coins yesterday and my balance did not change.",
        "awaiting",
    ),
    (
        timedelta(days=4),
        Category.ERROR,
        "Crash on level 12",
        "The game crashes every time I open the shop on level 12.",
        "answered",
    ),
    (
        timedelta(days=6),
        Category.OTHER,
        "다크 모드 지원 계획이 있나요?",
        "밤에 사용하기 눈이 부셔서요. 다크 모드가 나오면 좋겠습니다.",
        "answered",
    ),
    (
        timedelta(days=9),
        Category.OTHER,
        "Feature idea: widgets",
        "A home-screen widget with today's tasks would be great.",
        "closed",
    ),
    (
        timedelta(days=12),
        Category.ERROR,
        "로그인이 안 됩니다",
        "비밀번호를 맞게 입력해도 로그인이 되지 않습니다.",
        "followup",
    ),
]

REPLIES = {
    "answered": "Thanks for the report! Version 2.4.1 fixes this crash — please update.",
    "closed": "Thank you, we added it to our roadmap.",
    "followup": "비밀번호 재설정 메일을 보내드렸습니다. 확인 부탁드립니다.",
}


def _age(inquiry: Inquiry, delta: timedelta) -> None:
    """Move an inquiry and everything in it `delta` into the past (demo data only)."""
    shift = {
        name: F(name) - delta
        for name in (
            "created_at",
            "last_message_at",
            "awaiting_since",
            "due_at",
            "first_response_at",
            "closed_at",
            "escalated_at",
        )
    }
    Inquiry.objects.filter(pk=inquiry.pk).update(**shift)
    Message.objects.filter(inquiry=inquiry).update(created_at=F("created_at") - delta)
    InquiryEvent.objects.filter(inquiry=inquiry).update(created_at=F("created_at") - delta)


def _deliver(message: Message) -> None:
    """Demo: the reply email went out and the provider reported it delivered."""
    OutboundEmail.objects.filter(pk=message.email_id).update(
        status=OutboundEmail.Status.DELIVERED,
        sent_at=message.created_at,
        status_changed_at=message.created_at,
        provider_message_id=f"demo-{message.email_id}",
    )


def _seed_app(app: App, people: list[tuple[Customer, Purchase | None]], author) -> int:
    made = 0
    for index, (age, category, subject, body, outcome) in enumerate(SCENARIOS):
        customer, purchase = people[index % len(people)]
        inquiry = services.inquiry_create(
            customer=customer,
            app=app,
            category=category,
            subject=subject,
            body=body,
            purchase=purchase if category == Category.REFUND or index % 2 else None,
        )
        if outcome == "awaiting_note":
            services.inquiry_note_add(
                inquiry=inquiry, author=author, body="Asked the backend team to check sync logs."
            )
        reply = None
        if outcome in REPLIES:
            reply = services.inquiry_reply(inquiry=inquiry, author=author, body=REPLIES[outcome])
        if outcome == "closed":
            services.inquiry_close(inquiry=inquiry, actor=author)
        _age(inquiry, age)
        if reply is not None:
            # The answer came a few hours after the question, not seconds.
            later = timedelta(hours=3 + index)
            Message.objects.filter(pk=reply.pk).update(created_at=F("created_at") + later)
            Inquiry.objects.filter(pk=inquiry.pk).update(
                first_response_at=F("first_response_at") + later,
                last_message_at=F("last_message_at") + later,
                closed_at=F("closed_at") + later,
            )
            reply.refresh_from_db()
            _deliver(reply)
        if outcome == "followup":
            # The customer writes again today: a new clock starts now.
            services.inquiry_customer_followup(
                inquiry=inquiry,
                customer=customer,
                body="메일을 못 받았어요. 다시 확인해 주세요.",
            )
        made += 1
    return made


def _people(
    ctx, app: App, first_customer: Customer | None
) -> list[tuple[Customer, Purchase | None]]:
    """Customers who bought `app` (with one of their purchases); the demo login comes first."""
    buyers: dict[int, tuple[Customer, Purchase | None]] = {}
    for purchase in ctx.purchases:
        if purchase.app_id == app.pk and purchase.customer_id not in buyers:
            buyers[purchase.customer_id] = (purchase.customer, purchase)
    people = list(buyers.values())
    ctx.random.shuffle(people)
    if first_customer is not None:
        people = [p for p in people if p[0].pk != first_customer.pk]
        own = ctx.purchases_of(first_customer, app)
        people.insert(0, (first_customer, own[0] if own else None))
    return people[:4]


def seed(ctx) -> int:
    """Demo inquiries on the first two apps of the first account and the first app of the
    others; customer@demo.voc writes some of them. Returns how many inquiries were made."""
    if Inquiry.objects.filter(app__in=ctx.apps).exists():
        return 0
    demo_customer = getattr(ctx.users.get("customer"), "customer", None)
    made = 0
    for position, account in enumerate(ctx.accounts):
        author = (
            Membership.objects.filter(account=account, role=Membership.Role.OWNER)
            .select_related("user")
            .order_by("id")
            .first()
        )
        if author is None:
            continue
        for name, body in TEMPLATES:
            ReplyTemplate.objects.get_or_create(account=account, name=name, defaults={"body": body})
        apps = ctx.apps_of(account)[: 2 if position == 0 else 1]
        for app_index, app in enumerate(apps):
            people = _people(ctx, app, demo_customer if position == 0 and app_index == 0 else None)
            if not people:
                continue
            made += _seed_app(app, people, author.user)
    return made


__all__ = ["Status", "seed"]
