"""Demo refund queue for `make run`: the 3-day rule's case(s) plus developer requests in every
state, made through the services (events and emails included). Hook for voc_portal/demo (seed_demo).
"""

from __future__ import annotations

from inquiries.escalation import inquiry_escalation_sweep
from voc_portal.catalog.models import Purchase

from . import services
from .models import RefundRequest

# Words for store operations are Korean (the ops user's language, KOREAN.md mechanics 9): the
# developer's reason to ops, ops' question, decision note and rejection reason.
REASONS = [
    "고객이 같은 상품을 두 번 결제해 한 건의 환불을 요청했습니다.",
    "고객이 결제 후 아이템을 받지 못했다고 합니다. 지급 기록이 없어 환불을 요청합니다.",
    "미성년 자녀가 실수로 결제했으며 아이템은 사용하지 않았습니다.",
]
ASK_INFO = "두 번 결제된 결제 수단과 두 번째 결제의 결제 영수증 번호를 알려 주세요."
APPROVE_NOTE = "중복 결제를 확인했습니다."
REJECT_REASON = "구매 후 아이템을 이미 사용하셔서 환불할 수 없습니다. 문의는 판매자에게 해 주세요."


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
    for index, (purchase, plan) in enumerate(zip(paid, plans, strict=False)):
        consent = plan in ("in_review", "approved")
        refund = services.refund_submit(
            account=account,
            actor=developer,
            purchase=purchase,
            consent=consent,
            reason=REASONS[index % len(REASONS)],
            tid=purchase.tid if consent else "",
            txid=purchase.txid if consent else "",
            receipt_number=purchase.receipt_number if consent else "",
        )
        if plan != "submitted" and ops is not None:
            refund = services.refund_assign(refund=refund, actor=ops, assignee=ops)
            if plan == "needs_info":
                services.refund_request_info(refund=refund, actor=ops, note=ASK_INFO)
            elif plan == "approved":
                services.refund_approve(refund=refund, actor=ops, note=APPROVE_NOTE)
            elif plan == "rejected":
                services.refund_reject(refund=refund, actor=ops, reason=REJECT_REASON)
        made += 1
    ctx.count("refund requests", made + escalated)
    return made + escalated
