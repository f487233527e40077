"""Seed the fuzz database: one developer with a token, reviews, inquiries, refund requests, and
another account's data (a foreign id must stay a 404). Prints the token's secret, nothing else."""

from __future__ import annotations

import django


def seed() -> str:
    from refunds import services as refund_services
    from reviews import services as review_services
    from tests.factories import (
        AppFactory,
        CustomerFactory,
        MembershipFactory,
        OpsUserFactory,
        PurchaseFactory,
    )
    from tests.integration.api.test_inquiries import make_inquiry
    from voc_portal.api.services import api_token_create

    developer, other = MembershipFactory(), MembershipFactory()
    developer.app = AppFactory(account=developer.account)
    other.app = AppFactory(account=other.account)
    secret = api_token_create(membership=developer, name="fuzz").secret
    for n in range(3):
        make_inquiry(developer.app, subject=f"Question {n}")
        customer = CustomerFactory()
        PurchaseFactory(customer=customer, app=developer.app)
        review_services.review_create(
            customer=customer, app=developer.app, rating=n + 2, body=f"Review {n}"
        )
    make_inquiry(other.app)
    ops = OpsUserFactory()
    for purchase in PurchaseFactory.create_batch(3, app=developer.app):
        refund = refund_services.refund_submit(
            account=developer.account, actor=developer.user, purchase=purchase, consent=False
        )
    refund_services.refund_start_review(refund=refund, actor=ops)
    refund_services.refund_request_info(refund=refund, actor=ops, note="Which build?")
    return secret


if __name__ == "__main__":
    django.setup()
    print(seed())
