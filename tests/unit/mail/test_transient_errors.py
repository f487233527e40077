"""Which send errors are worth retrying, and which leave the outcome unknown (the provider may
have taken the message: the next attempt asks it first instead of sending a second copy)."""

import smtplib

import pytest
import requests
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

from voc_portal.mail.services import is_transient_error
from voc_portal.mail.services.retry import is_ambiguous_error


def api_error(status):
    response = requests.Response()
    response.status_code = status
    response.reason = "x"
    return AnymailAPIError("provider said no", status_code=status, response=response)


def status_on_response_only(status):
    """An error that carries the provider's answer but no status_code of its own."""
    response = requests.Response()
    response.status_code = status
    response.reason = "x"
    return AnymailAPIError("provider said no", response=response)


@pytest.mark.parametrize(
    "exc",
    [
        api_error(500),
        api_error(503),
        api_error(429),
        api_error(408),
        api_error(425),
        AnymailAPIError("connection reset"),
        TimeoutError(),
        ConnectionRefusedError(),
        smtplib.SMTPServerDisconnected(),
        smtplib.SMTPResponseException(421, b"try later"),
        smtplib.SMTPResponseException(499, b"just below 5xx"),
        smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"greylisted")}),
        smtplib.SMTPRecipientsRefused({"a@b.example": (499, b"just below 5xx")}),
    ],
)
def test_error_is_transient_when_provider_or_network_is_briefly_down(exc):
    assert is_transient_error(exc) is True


@pytest.mark.parametrize(
    "exc",
    [
        api_error(400),
        api_error(401),
        *(api_error(status) for status in (407, 409, 424, 426, 499)),  # next to the listed ones
        status_on_response_only(400),
        AnymailRecipientsRefused(),
        smtplib.SMTPResponseException(554, b"rejected"),
        smtplib.SMTPResponseException(500, b"syntax error"),
        smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}),
        smtplib.SMTPRecipientsRefused({"a@b.example": (500, b"syntax error")}),
    ],
)
def test_error_is_permanent_when_no_retry_can_fix_it(exc):
    assert is_transient_error(exc) is False


@pytest.mark.parametrize(
    ("exc", "ambiguous"),
    [
        (requests.ReadTimeout(), True),  # sent, no answer read
        (requests.ConnectionError(), True),  # reset or dropped mid-request
        (smtplib.SMTPServerDisconnected(), True),  # the SMTP connection died after DATA
        (requests.ConnectTimeout(), False),  # never connected: nothing was sent
        (api_error(503), False),  # an answer
        (AnymailAPIError("raised before the request"), False),
        (smtplib.SMTPResponseException(451, b"try later"), False),  # an SMTP answer (an OSError)
        (smtplib.SMTPRecipientsRefused({"a@b.example": (450, b"later")}), False),
        (ValueError("bad header"), False),
    ],
)
def test_outcome_is_unknown_only_when_the_request_may_have_reached_the_provider(exc, ambiguous):
    assert is_ambiguous_error(exc) is ambiguous
