"""Demo reviews: most apps get reviews with a realistic star spread in Korean and English,
some with official replies, one outdated reply and one review hidden by ops.

Reviews go through the services (so the rating aggregates are exact) and are then back-dated
over the last 12 weeks so the console chart has a shape (their events with them). Official
replies are written as rows, with their event rows, (not through review_reply_publish) so
seeding queues no emails.
"""

from __future__ import annotations

from datetime import timedelta

from voc_portal.catalog.demo import DemoContext
from voc_portal.catalog.models import Purchase

from . import services
from .models import OfficialReply, Review, ReviewEvent, ReviewReplyTemplate

STAR_WEIGHTS = [(5, 40), (4, 28), (3, 15), (2, 8), (1, 9)]

BODIES = {
    "en": {
        5: [
            "Exactly what I needed. Smooth and no crashes so far.",
            "Love it! The latest update made it even faster.",
            "Best app in its category, worth every won.",
        ],
        4: [
            "Very good overall, a few small UI quirks.",
            "Works well. Would love a dark mode.",
            "Solid app, sync is sometimes slow.",
        ],
        3: [
            "It's okay. Too many notifications for my taste.",
            "Decent, but the free version feels limited.",
        ],
        2: [
            "Crashes now and then on my Galaxy phone.",
            "The last update removed a feature I used every day.",
        ],
        1: [
            "Does not open after the update. Please fix!",
            "Charged twice for the same item and no answer yet.",
        ],
    },
    "ko": {
        5: [
            "정말 만족합니다. 군더더기 없이 깔끔해요.",
            "업데이트 후 더 빨라졌어요. 강력 추천!",
            "매일 쓰는 앱입니다. 개발자님 감사해요.",
        ],
        4: [
            "전반적으로 좋아요. 다크 모드가 있으면 좋겠어요.",
            "잘 쓰고 있어요. 가끔 동기화가 늦어요.",
        ],
        3: [
            "나쁘지 않은데 광고가 조금 많아요.",
            "기능은 괜찮지만 무료 버전은 제한이 많네요.",
        ],
        2: [
            "가끔 앱이 멈춰요. 확인 부탁드립니다.",
            "지난 업데이트 이후로 불편해졌어요.",
        ],
        1: [
            "업데이트 후 실행이 안 됩니다. 빨리 고쳐주세요!",
            "결제가 두 번 됐는데 답변이 없어요.",
        ],
    },
}

# Official replies that fit the review: thanks for praise, a plan for a wish, an apology and a
# fix for a complaint (KOREAN.md: 합니다체, never 반말). Keyed by language, then by stars.
_THANKS = {
    "en": [
        "Thank you for the kind words! We're glad the app helps you every day.",
        "Thanks a lot for the five stars. More is coming in the next update.",
    ],
    "ko": [
        "소중한 리뷰 감사합니다! 더 좋은 앱으로 보답하겠습니다.",
        "좋게 봐 주셔서 감사합니다. 다음 업데이트도 기대해 주세요.",
    ],
}
_PLAN = {
    "en": [
        "Thanks for the feedback. A dark mode is on our plan for the next release.",
        "Thank you. We are making sync faster and fewer notifications the default.",
    ],
    "ko": [
        "의견 감사합니다. 말씀하신 기능은 다음 업데이트에 반영하겠습니다.",
        "소중한 의견 감사합니다. 알림과 광고 빈도를 줄이도록 개선하고 있습니다.",
    ],
}
_SORRY = {
    "en": [
        "Sorry about the trouble. Version 2.3 fixes this crash; please update and let us know.",
        "We are sorry. Please use Contact seller on this page so we can check your purchase.",
    ],
    "ko": [
        "불편을 드려 죄송합니다. 2.3 버전에서 수정했으니 업데이트 후 확인해 주세요.",
        "불편을 드려 죄송합니다. 이 페이지의 '판매자에게 문의하기'로 알려 주시면 결제 내역을 "
        "확인해 드리겠습니다.",
    ],
}
REPLIES = {
    language: {5: _THANKS[language], 4: _PLAN[language], 3: _PLAN[language]}
    | {2: _SORRY[language], 1: _SORRY[language]}
    for language in ("en", "ko")
}
# Saved review replies for each developer account, in its owner's language.
TEMPLATES = {
    "ko": [
        ("감사 인사", "{customer_name}님, {app} 리뷰를 남겨 주셔서 감사합니다."),
        (
            "오류 사과",
            "불편을 드려 죄송합니다. 최신 버전의 {app}에서 수정했으니 업데이트해 주세요.",
        ),
    ],
    "en": [
        ("Thank you", "Thank you for reviewing {app}, {customer_name}!"),
        ("Sorry, fixed", "Sorry for the trouble. The latest version of {app} fixes it."),
    ],
}
_OUTDATED = {"en": " / Update: the problem came back.", "ko": " / 추가: 다시 같은 문제가 생겼어요."}
_HIDDEN = {
    "en": "This developer is a scammer, call me at 010-0000-0000 for the truth!!!",
    "ko": "이 개발자 사기꾼입니다. 010-0000-0000으로 연락 주세요!!!",
}
# Ops write in Korean (the ops user's language).
HIDDEN_REASON = "인신공격과 전화번호가 있어 숨겼습니다 (스토어 리뷰 정책 3.2)."


def _stars(rnd) -> int:
    return rnd.choices([s for s, _ in STAR_WEIGHTS], weights=[w for _, w in STAR_WEIGHTS])[0]


def _review_pairs(ctx: DemoContext) -> list[Purchase]:
    """One completed purchase per (customer, app); one of the demo customer's apps left out."""
    demo_customer = ctx.users.get("customer")
    pairs: dict[tuple[int, int], Purchase] = {}
    for purchase in ctx.purchases:
        if purchase.state == Purchase.State.COMPLETED:
            pairs.setdefault((purchase.customer_id, purchase.app_id), purchase)
    # Leave one of the demo customer's apps unreviewed, so a reviewer can try the form.
    demo_pairs = [k for k in pairs if demo_customer and k[0] == demo_customer.customer.pk]
    for key in demo_pairs[1:]:
        pairs.pop(key)
    return list(pairs.values())


def _write_reviews(ctx: DemoContext) -> list[Review]:
    rnd = ctx.random
    demo_user_id = getattr(ctx.users.get("customer"), "pk", None)
    written: list[Review] = []
    for purchase in _review_pairs(ctx):
        if purchase.customer.user_id != demo_user_id and rnd.random() > 0.8:
            continue
        language = purchase.customer.user.language
        rating = _stars(rnd)
        review = services.review_create(
            customer=purchase.customer,
            app=purchase.app,
            rating=rating,
            body=rnd.choice(BODIES.get(language, BODIES["en"])[rating]),
        )
        when = ctx.now - timedelta(days=rnd.randrange(1, 84), minutes=rnd.randrange(0, 1440))
        Review.objects.filter(pk=review.pk).update(created_at=when, updated_at=when)
        ReviewEvent.objects.filter(review=review).update(created_at=when)
        review.created_at = when
        written.append(review)
    return written


def _write_replies(ctx: DemoContext, written: list[Review]) -> int:
    rnd = ctx.random
    count = 0
    for review in written:
        if rnd.random() < 0.45:
            language = review.customer.user.language
            when = min(review.created_at + timedelta(hours=rnd.randrange(2, 72)), ctx.now)
            reply = OfficialReply.objects.create(
                review=review,
                account=review.app.account,
                author=None,
                body=rnd.choice(REPLIES.get(language, REPLIES["en"])[review.rating]),
                created_at=when,
                updated_at=when,
            )
            ReviewEvent.objects.create(
                review=review,
                kind=ReviewEvent.Kind.REPLY_PUBLISHED,
                note=reply.body,
                data={"reply_id": reply.pk, "version": reply.version},
                created_at=when,
            )
            count += 1
    return count


def _make_outdated(ctx: DemoContext, review: Review) -> None:
    """The review edited after the developer replied: the console marks it "outdated"."""
    services.review_update(
        review=review,
        customer=review.customer,
        rating=2,
        body=review.body + _OUTDATED.get(review.customer.user.language, _OUTDATED["en"]),
    )
    reply = OfficialReply.objects.get(review=review)
    replied_at = min(reply.updated_at, ctx.now - timedelta(hours=3))
    OfficialReply.objects.filter(pk=reply.pk).update(updated_at=replied_at)
    edited_at = ctx.now - timedelta(hours=1)
    Review.objects.filter(pk=review.pk).update(edited_at=edited_at, updated_at=edited_at)
    ReviewEvent.objects.filter(review=review, kind=ReviewEvent.Kind.UPDATED).update(
        created_at=edited_at
    )


def _make_hidden(ctx: DemoContext, review: Review) -> None:
    language = review.customer.user.language
    Review.objects.filter(pk=review.pk).update(body=_HIDDEN.get(language, _HIDDEN["en"]))
    review.refresh_from_db()
    services.review_hide(
        review=review,
        actor=ctx.users["ops"],
        reason=HIDDEN_REASON,
    )


def _write_templates(ctx: DemoContext) -> int:
    made = 0
    for account in ctx.accounts:
        owner = account.memberships.filter(role="owner").select_related("user").first()
        language = owner.user.language if owner else "en"
        for name, body in TEMPLATES.get(language, TEMPLATES["en"]):
            _, created = ReviewReplyTemplate.objects.get_or_create(
                account=account, name=name, defaults={"body": body}
            )
            made += created
    return made


def seed(ctx: DemoContext) -> int:
    if Review.objects.filter(app__in=ctx.apps).exists():
        return 0
    _write_templates(ctx)
    written = _write_reviews(ctx)
    created = len(written) + _write_replies(ctx, written)
    # The outdated and the hidden review are on the first account's apps (dev@demo.voc owns it).
    showcase = [r for r in written if r.app.account_id == ctx.accounts[0].pk] or written
    replied = [r for r in showcase if OfficialReply.objects.filter(review=r).exists()]
    if replied:
        _make_outdated(ctx, min(replied, key=lambda r: r.created_at))
    unreplied = [r for r in showcase if r not in replied and r.rating <= 2]
    if unreplied and ctx.users.get("ops"):
        _make_hidden(ctx, unreplied[0])
    return created
