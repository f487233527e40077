"""Filing a refund request: "Help > Contact Us" (web form and API alike) and the inquiry button."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inquiries.models import Inquiry
from inquiries.selectors import inquiry_get_for_member
from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.catalog.models import Purchase
from voc_portal.core.errors import Conflict, DomainError, NotFound

from ..models import RefundEvent, RefundRequest, Source, State
from ..selectors import purchase_find_for_account
from .shared import refund_event_write

IDENTIFIERS = ("tid", "txid", "receipt_number")


class RefundFilingInvalid(DomainError):
    """The request does not match a purchase of your apps."""

    status = 400

    def __init__(self, errors: dict[str | None, tuple[str, str]]):
        """`errors`: field (None: the request as a whole) -> (message, code)."""
        field, (message, code) = next(iter(errors.items()))
        super().__init__(message, code=code, field=field)
        # The same problems as a form error, every field with its code (forms and the API show it).
        self.error = ValidationError(
            {
                name or NON_FIELD_ERRORS: [ValidationError(text, code=rule)]
                for name, (text, rule) in errors.items()
            }
        )


def refund_request_file(
    *,
    account: DeveloperAccount,
    actor: User,
    consent: bool,
    customer_number: str,
    purchased_at: datetime,
    purchased_item: str,
    reason: str,
    tid: str = "",
    txid: str = "",
    receipt_number: str = "",
    inquiry_id: int | None = None,
) -> RefundRequest:
    """A developer's request as the form gives it: find the purchase it means, then submit.

    The purchase is the account's own matching customer number, minute and item; identifiers
    given must be that purchase's. Raises RefundFilingInvalid (which fields, with codes), Http404
    for an inquiry of another account, and refund_submit's errors.
    """
    purchase = purchase_find_for_account(
        account=account,
        customer_number=customer_number,
        purchased_at=purchased_at,
        item=purchased_item,
    )
    if purchase is None:
        message = _(
            "No purchase of your apps matches this customer number, date and time, and item."
        )
        raise RefundFilingInvalid({None: (message, "no_purchase")})
    given = {"tid": tid, "txid": txid, "receipt_number": receipt_number}
    mismatched = {
        name: (_("This does not match the purchase."), "identifier_mismatch")
        for name, value in given.items()
        if value and value.strip() != getattr(purchase, name)
    }
    if mismatched:
        raise RefundFilingInvalid(mismatched)
    inquiry = None
    if inquiry_id:
        inquiry = inquiry_get_for_member(user=actor, account=account, pk=inquiry_id)
    return refund_submit(
        account=account,
        actor=actor,
        purchase=purchase,
        source=Source.INQUIRY if inquiry else Source.DEVELOPER_CONTACT,
        consent=consent,
        reason=reason,
        inquiry=inquiry,
        **given,
    )


def _submit_check(
    *,
    account: DeveloperAccount,
    purchase: Purchase,
    inquiry: Inquiry | None,
    consent: bool,
    identifiers: dict[str, str],
) -> None:
    if purchase.app.account_id != account.pk:
        raise NotFound(_("No such purchase."))
    if inquiry is not None and inquiry.account_id != account.pk:
        raise NotFound(_("No such inquiry."))
    if not consent and any(identifiers.values()):
        raise DomainError(
            _("Payment identifiers can only be given with consent (O)."), code="consent_required"
        )
    if any(value and value != getattr(purchase, name) for name, value in identifiers.items()):
        raise DomainError(_("This does not match the purchase."), code="identifier_mismatch")
    if purchase.state != Purchase.State.COMPLETED:
        raise Conflict(_("This purchase is already cancelled."), code="purchase_cancelled")


def _refund_create(**fields) -> RefundRequest:
    """The row, the event and the emails.

    The developer's O/X is recorded on the request as the form states it, but it is the
    developer's statement, not the customer's consent: no consent time, nothing recorded on
    the purchase, nothing unmasked (only the customer's answer to the link does that).
    """
    refund = RefundRequest.objects.create(consent_at=None, **fields)
    refund_event_write(
        refund,
        kind=RefundEvent.Kind.TRANSITION,
        from_state="",
        to_state=State.SUBMITTED,
        actor=refund.created_by,
        notify=True,
    )
    return refund


def refund_submit(
    *,
    account: DeveloperAccount,
    actor: User | None,
    purchase: Purchase,
    source: str = Source.DEVELOPER_CONTACT,
    consent: bool,
    reason: str = "",
    inquiry: Inquiry | None = None,
    tid: str = "",
    txid: str = "",
    receipt_number: str = "",
) -> RefundRequest:
    """A developer files a refund request for a purchase of one of the account's apps.

    `consent` is the developer's statement (the seed's O/X); identifiers they give were told
    them by the customer and are checked by refund_request_file. Neither unmasks anything.
    """
    given = {"tid": tid, "txid": txid, "receipt_number": receipt_number}
    identifiers = {name: value.strip() for name, value in given.items()}
    _submit_check(
        account=account,
        purchase=purchase,
        inquiry=inquiry,
        consent=consent,
        identifiers=identifiers,
    )
    try:
        with transaction.atomic():
            refund = _refund_create(
                account=account,
                app=purchase.app,
                purchase=purchase,
                inquiry=inquiry,
                source=source,
                consent=consent,
                customer_number=purchase.customer.customer_number,
                purchased_at=purchase.purchased_at,
                purchased_item=purchase.item_name,
                reason=reason,
                created_by=actor,
                **identifiers,
            )
    except IntegrityError as exc:
        if "refund_one_open_per_purchase" in str(exc):
            raise Conflict(
                _("There is already an open refund request for this purchase."),
                code="refund_already_open",
            ) from exc
        raise
    return refund
