"""Refund requests, plus the awaiting inquiries the 3-day rule tests need."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone

from inquiries.models import Category, Inquiry, Status
from refunds.models import RefundRequest, Source, State
from voc_portal.catalog.models import PurchaseConsent

from .catalog import PurchaseFactory


def awaiting_inquiry(*, app, customer, purchase=None, due_in=datetime.timedelta(hours=1), **kw):
    """An inquiry awaiting the developer that falls due `due_in` from now (negative: overdue)."""
    now = timezone.now()
    due_at = now + due_in
    return Inquiry.objects.create(
        account=app.account,
        app=app,
        customer=customer,
        purchase=purchase,
        category=kw.pop("category", Category.REFUND),
        subject=kw.pop("subject", "Please refund"),
        status=Status.AWAITING_DEVELOPER,
        awaiting_since=due_at - settings.VOC_ANSWER_DEADLINE,
        due_at=due_at,
        **kw,
    )


class RefundRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundRequest
        skip_postgeneration_save = True

    purchase = factory.SubFactory(PurchaseFactory)
    account = factory.LazyAttribute(lambda o: o.purchase.app.account)
    app = factory.LazyAttribute(lambda o: o.purchase.app)
    source = Source.DEVELOPER_CONTACT
    state = State.SUBMITTED
    consent = False
    customer_number = factory.LazyAttribute(lambda o: o.purchase.customer.customer_number)
    purchased_at = factory.LazyAttribute(lambda o: o.purchase.purchased_at)
    purchased_item = factory.LazyAttribute(lambda o: o.purchase.item_name)
    reason = "The customer asked for a refund."

    class Params:
        in_review = factory.Trait(state=State.IN_REVIEW)
        needs_info = factory.Trait(state=State.NEEDS_INFO)
        approved = factory.Trait(state=State.APPROVED)
        rejected = factory.Trait(state=State.REJECTED)
        with_consent = factory.Trait(
            consent=True,
            tid=factory.LazyAttribute(lambda o: o.purchase.tid),
            txid=factory.LazyAttribute(lambda o: o.purchase.txid),
            receipt_number=factory.LazyAttribute(lambda o: o.purchase.receipt_number),
        )

    @factory.post_generation
    def purchase_consent(obj, create, extracted, **kwargs):
        # `with_consent`: the customer answered O behind the emailed link, so the purchase
        # carries the customer's consent (voc_portal.catalog) as consent_request_answer
        # records it. A developer's own O (consent=True alone) records nothing there.
        if create and extracted is not False and obj.consent and obj.tid:
            PurchaseConsent.objects.create(
                purchase=obj.purchase,
                source=PurchaseConsent.Source.CUSTOMER_LINK,
                given_by=obj.purchase.customer.user,
                given_at=obj.consent_at or obj.created_at,
                channel="web",
            )
