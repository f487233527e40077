"""Every write to the refund queue: the app's public interface (`from refunds.services import …`).

One service per transition; each locks, guards, logs and queues its emails in one transaction.
  filing       refund_request_file (web form and API), refund_submit
  transitions  start review, approve, reject, ask for / answer information, assign
  billing      the store's billing call's outcome on an approved case: failing, confirmed
  consent      the customer's consent link: send, read, answer
  shared       the row lock, the version (If-Match) check, event rows, member emails
"""

from voc_portal.core.errors import Conflict, DomainError, InvalidTransition, NotFound

from .billing import BY_BILLING, BY_NOTIFICATION, refund_billing_confirmed, refund_billing_failing
from .consent import (
    CONSENT_SALT,
    ConsentLinkExpired,
    ConsentLinkInvalid,
    ConsentLinkNotYours,
    ConsentLinkUsed,
    consent_link_ttl,
    consent_request_answer,
    consent_request_from_token,
    consent_request_send,
    consent_token,
)
from .filing import RefundFilingInvalid, refund_request_file, refund_submit
from .shared import RefundChanged
from .transitions import (
    refund_answer_info,
    refund_approve,
    refund_assign,
    refund_reject,
    refund_request_info,
    refund_start_review,
    refund_transition,
)

__all__ = [
    "BY_BILLING",
    "BY_NOTIFICATION",
    "CONSENT_SALT",
    "Conflict",
    "ConsentLinkExpired",
    "ConsentLinkInvalid",
    "ConsentLinkNotYours",
    "ConsentLinkUsed",
    "DomainError",
    "InvalidTransition",
    "NotFound",
    "RefundChanged",
    "RefundFilingInvalid",
    "consent_link_ttl",
    "consent_request_answer",
    "consent_request_from_token",
    "consent_request_send",
    "consent_token",
    "refund_answer_info",
    "refund_approve",
    "refund_assign",
    "refund_billing_confirmed",
    "refund_billing_failing",
    "refund_reject",
    "refund_request_file",
    "refund_request_info",
    "refund_start_review",
    "refund_submit",
    "refund_transition",
]
