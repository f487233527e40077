"""Provider webhooks: inbound email (handed to its app, see inbound.py) and delivery tracking.

Anymail's stock views answer 200 whatever a signal handler does, so we subclass the provider's
views: anymail still checks basic auth (ANYMAIL["WEBHOOK_SECRET"]) and the provider's signature
and parses the post, and we answer a refused email with a 4xx and a JSON error body.
"""

from __future__ import annotations

import logging

from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import tracking
from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from voc_portal.core.errors import DomainError

from .inbound import inbound_email_deliver

logger = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


class _VerifiedWebhookMixin:
    """Check auth and signature (403 with a JSON body), then parse the events (400 if misrouted)."""

    def verified_events(self, request: HttpRequest):
        if not getattr(self, "webhook_signing_key", b"x"):
            # A provider without its signing key configured would accept any signature.
            return None, _error(403, "webhook_not_configured", "Webhook signing key is not set.")
        try:
            self.run_validators(request)
        except AnymailWebhookValidationFailure as exc:
            logger.warning("mail webhook refused: %s", exc)
            return None, _error(403, "invalid_signature", "Invalid signature or credentials.")
        try:
            return self.parse_events(request), None
        except (AnymailConfigurationError, KeyError, ValueError) as exc:
            return None, _error(400, "invalid_payload", str(exc)[:200])


class MailgunInboundView(_VerifiedWebhookMixin, MailgunInboundWebhookView):
    # Mailgun retries every answer but 200 and 406 for 8 hours; a refused email (forged, replayed,
    # wrong sender, empty…) will never be accepted, so it gets 406 with the reason in the body.
    # Signature failures stay 403 (retrying helps once a rotated key is configured), and a
    # server error stays 5xx, so Mailgun tries again later and no customer email is lost.
    refusal_status = 406

    def post(self, request, *args, **kwargs):
        events, error = self.verified_events(request)
        if error:
            return error
        try:
            receipt = inbound_email_deliver(message=events[0].message)
        except DomainError as exc:
            logger.info("inbound email refused: %s %s", exc.code, exc.message)
            return _error(self.refusal_status, exc.code, exc.message)
        return JsonResponse(receipt.answer)


class MailgunTrackingView(_VerifiedWebhookMixin, MailgunTrackingWebhookView):
    def post(self, request, *args, **kwargs):
        events, error = self.verified_events(request)
        if error:
            return error
        for event in events:
            tracking.send(sender=self.__class__, event=event, esp_name=self.esp_name)
        return HttpResponse()


INBOUND_VIEWS = {"mailgun": MailgunInboundView}
TRACKING_VIEWS = {"mailgun": MailgunTrackingView}


def _provider_view(views: dict, provider: str):
    # Only the configured provider's endpoint exists; anything else is a 404.
    if provider != settings.VOC_INBOUND_PROVIDER or provider not in views:
        raise Http404
    # Built per request so the provider settings are read when used (keys may rotate).
    return views[provider].as_view()


@csrf_exempt
def inbound_webhook(request: HttpRequest, provider: str):
    return _provider_view(INBOUND_VIEWS, provider)(request)


@csrf_exempt
def tracking_webhook(request: HttpRequest, provider: str):
    return _provider_view(TRACKING_VIEWS, provider)(request)
