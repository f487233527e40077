"""Which send errors are worth retrying."""

import smtplib

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

from voc_portal.mail.services import is_transient_error


def api_error(status):
    response = requests.Response()
    response.status_code = status
    response.reason = "x"
    return AnymailAPIError("provider said no", status_code=status, response=response)


@pytest.mark.parametrize(
    "exc",
    [
        api_error(500),
        api_error(503),
        api_error(429),
        AnymailAPIError("connection reset"),
        TimeoutError(),
        ConnectionRefusedError(),
        smtplib.SMTPServerDisconnected(),
        smtplib.SMTPResponseException(421, b"try later"),
        smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"greylisted")}),
    ],
)
def test_error_is_transient_when_provider_or_network_is_briefly_down(exc):
    assert is_transient_error(exc) is True


@pytest.mark.parametrize(
    "exc",
    [
        api_error(400),
        api_error(401),
        AnymailRecipientsRefused(),
        smtplib.SMTPResponseException(554, b"rejected"),
        smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}),
    ],
)
def test_error_is_permanent_when_no_retry_can_fix_it(exc):
    assert is_transient_error(exc) is False
