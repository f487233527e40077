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
from .demo_texts import FOLLOWUPS, NOTES, SCENARIOS, TEMPLATES
from .models import Category, Inquiry, InquiryEvent, Message, ReplyTemplate, Status


def _texts(texts: dict, language: str, variant: int, *, app: App, item: str) -> tuple[str, ...]:
    """The scenario in the customer's language, the app's variant, with app and item filled."""
    options = texts.get(language) or texts["en"]
    subject, body, reply = options[variant % len(options)]
    return subject, body.format(app=app.title, item=item), reply.format(app=app.title)


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


def _answer(inquiry: Inquiry, reply: Message, index: int) -> None:
    """The answer came a few hours after the question, not seconds; its email was delivered."""
    later = timedelta(hours=3 + index)
    Message.objects.filter(pk=reply.pk).update(created_at=F("created_at") + later)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        first_response_at=F("first_response_at") + later,
        last_message_at=F("last_message_at") + later,
        closed_at=F("closed_at") + later,
    )
    reply.refresh_from_db()
    _deliver(reply)


def _seed_app(
    app: App, people: list[tuple[Customer, Purchase | None]], author, variant: int
) -> int:
    made = 0
    for index, (age, category, outcome, texts) in enumerate(SCENARIOS):
        customer, purchase = people[index % len(people)]
        language = customer.user.language
        item = purchase.item_name if purchase is not None else app.title
        subject, body, answer = _texts(texts, language, variant, app=app, item=item)
        inquiry = services.inquiry_create(
            customer=customer,
            app=app,
            category=category,
            subject=subject,
            body=body,
            purchase=purchase if category == Category.REFUND or index % 2 else None,
        )
        if outcome == "awaiting_note":
            # The team's own note, in the author's language.
            note = NOTES.get(author.language, NOTES["en"])
            services.inquiry_note_add(inquiry=inquiry, author=author, body=note)
        reply = None
        if answer:
            reply = services.inquiry_reply(inquiry=inquiry, author=author, body=answer)
        if outcome == "closed":
            services.inquiry_close(inquiry=inquiry, actor=author)
        _age(inquiry, age)
        if reply is not None:
            _answer(inquiry, reply, index)
        if outcome == "followup":
            # The customer writes again today: a new clock starts now.
            services.inquiry_customer_followup(
                inquiry=inquiry, customer=customer, body=FOLLOWUPS.get(language, FOLLOWUPS["en"])
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
        for name, body in TEMPLATES.get(author.user.language, TEMPLATES["en"]):
            ReplyTemplate.objects.get_or_create(account=account, name=name, defaults={"body": body})
        apps = ctx.apps_of(account)[: 2 if position == 0 else 1]
        for app_index, app in enumerate(apps):
            people = _people(ctx, app, demo_customer if position == 0 and app_index == 0 else None)
            if not people:
                continue
            made += _seed_app(app, people, author.user, variant=position + app_index)
    return made


__all__ = ["Status", "seed"]
