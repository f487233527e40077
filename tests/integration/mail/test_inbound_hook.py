"""The mail transport hands inbound email to whichever app is connected, and knows none itself."""

import pytest
from anymail.inbound import AnymailInboundMessage

from inquiries.inbound import inbound_email_route
from voc_portal.mail.hooks import inbound_email_received
from voc_portal.mail.inbound import InboundReceipt, InboundRejected, inbound_email_deliver

RAW = b"From: a@example.com\r\nTo: b@example.com\r\nMessage-ID: <h1@example.com>\r\n\r\nHello\r\n"


@pytest.fixture
def without_inquiries():
    """For one test, the inquiries flow is not connected (as if inquiries were not installed)."""
    inbound_email_received.disconnect(inbound_email_route)
    yield
    inbound_email_received.connect(inbound_email_route)


def test_deliver_returns_the_receipt_when_a_receiver_takes_the_email(without_inquiries):
    receipt = InboundReceipt(answer={"stored": 1}, summary="stored 1")

    def not_mine(*, message, **kwargs):
        return None

    def mine(*, message, **kwargs):
        return receipt

    inbound_email_received.connect(not_mine)
    inbound_email_received.connect(mine)
    try:
        assert inbound_email_deliver(message=AnymailInboundMessage.parse_raw_mime_bytes(RAW)) == (
            receipt
        )
    finally:
        inbound_email_received.disconnect(not_mine)
        inbound_email_received.disconnect(mine)


def test_deliver_refuses_as_unknown_recipient_when_no_receiver_takes_it(without_inquiries):
    def not_mine(*, message, **kwargs):
        return None

    inbound_email_received.connect(not_mine)
    try:
        with pytest.raises(InboundRejected) as refused:
            inbound_email_deliver(message=AnymailInboundMessage.parse_raw_mime_bytes(RAW))
    finally:
        inbound_email_received.disconnect(not_mine)
    assert refused.value.code == "unknown_recipient"


def test_deliver_fails_loudly_when_no_receiver_is_connected(without_inquiries):
    # A 5xx, so the provider delivers the email again once the wiring is fixed.
    with pytest.raises(RuntimeError):
        inbound_email_deliver(message=AnymailInboundMessage.parse_raw_mime_bytes(RAW))
