"""Demo refund queue for `make run`: the 3-day rule's case(s) plus developer requests in every
state, made through the services (events and emails included). Hook for voc_portal/demo (seed_demo).
"""

from __future__ import annotations

from inquiries.escalation import inquiry_escalation_sweep
from voc_portal.catalog.models import Purchase

from . import services
from .models import RefundRequest


def seed(ctx) -> int:
    if RefundRequest.objects.filter(app__in=ctx.apps).exists():
        return 0
    escalated = inquiry_escalation_sweep(now=ctx.now)  # the demo's past-due inquiry, if any
    ops = ctx.users.get("ops")
    developer = ctx.users.get("developer")
    account = ctx.accounts[0]
    taken = set(RefundRequest.objects.values_list("purchase_id", flat=True))
    paid = [
        p
        for p in ctx.purchases
        if p.app.account_id == account.pk
        and p.amount > 0
        and p.state == Purchase.State.COMPLETED
        and p.pk not in taken
    ][:5]
    made = 0
    plans = ["submitted", "in_review", "needs_info", "approved", "rejected"]
    for purchase, plan in zip(paid, plans, strict=False):
        consent = plan in ("in_review", "approved")
        refund = services.refund_submit(
            account=account,
            actor=developer,
            purchase=purchase,
            consent=consent,
            reason="The customer was charged twice and asked for a refund.",
            tid=purchase.tid if consent else "",
            txid=purchase.txid if consent else "",
            receipt_number=purchase.receipt_number if consent else "",
        )
        if plan != "submitted" and ops is not None:
            refund = services.refund_assign(refund=refund, actor=ops, assignee=ops)
            if plan == "needs_info":
                services.refund_request_info(
                    refund=refund, actor=ops, note="Which payment method was charged twice?"
                )
            elif plan == "approved":
                services.refund_approve(refund=refund, actor=ops, note="Duplicate charge.")
            elif plan == "rejected":
                services.refund_reject(
                    refund=refund, actor=ops, reason="The item was used after purchase."
                )
        made += 1
    ctx.count("refund requests", made + escalated)
    return made + escalated
