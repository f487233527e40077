"""Provider webhooks: inbound email (handed to its app, see inbound.py) and delivery tracking.

Anymail's stock views answer 200 whatever a signal handler does, so we subclass the provider's
views: anymail still checks basic auth (ANYMAIL["WEBHOOK_SECRET"]) and the provider's signature
and parses the post, and we answer a refused email with a 4xx and a JSON error body.

Before parsing, every post must be fresh and its token unused (webhook_replay): the signature
covers only timestamp + token, so without that a captured post could be replayed with any body.
"""

from __future__ import annotations

import json
import logging

from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
from anymail.signals import tracking
from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from voc_portal.core.errors import DomainError

from .inbound import inbound_email_deliver
from .webhook_replay import WebhookReplayed, webhook_freshness_claim, webhook_token_release

logger = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


# What a malformed (but signed) payload raises inside anymail's parsers: a 400, not a 500.
_MALFORMED = (AttributeError, LookupError, TypeError, ValueError, OverflowError, OSError)


class _VerifiedWebhookMixin:
    """Check auth and signature (403 with a JSON body), freshness and the one-time token (406),
    then parse the events (400 if malformed or misrouted)."""

    # Mailgun retries every answer but 200 and 406 for 8 hours; a replay will never be accepted.
    refusal_status = 406
    claimed_token: object = None

    def verified_events(self, request: HttpRequest):
        if not getattr(self, "webhook_signing_key", b"x"):
            # A provider without its signing key configured would accept any signature.
            return None, _error(403, "webhook_not_configured", "Webhook signing key is not set.")
        try:
            self.run_validators(request)
        except AnymailWebhookValidationFailure as exc:
            logger.warning("mail webhook refused: %s", exc)
            return None, _error(403, "invalid_signature", "Invalid signature or credentials.")
        except _MALFORMED:
            return None, _error(400, "invalid_payload", "The signature block is malformed.")
        timestamp, token = self._signature_fields(request)
        provider = self.esp_name.lower()
        try:
            webhook_freshness_claim(provider=provider, timestamp=timestamp, token=token)
        except WebhookReplayed as exc:
            logger.warning("mail webhook refused: %s", exc.code)
            return None, _error(self.refusal_status, exc.code, exc.message)
        self.claimed_token = token
        try:
            return self.checked_events(self.parse_events(request)), None
        except (AnymailConfigurationError, *_MALFORMED) as exc:
            return None, _error(400, "invalid_payload", str(exc)[:200])

    def checked_events(self, events: list) -> list:
        return events

    def release_token(self) -> None:
        """After a server error: the provider retries this post, with the same token maybe."""
        webhook_token_release(provider=self.esp_name.lower(), token=self.claimed_token)

    @staticmethod
    def _signature_fields(request: HttpRequest) -> tuple[object, object]:
        # The validators checked the shape already: a JSON object with a "signature" object
        # (tracking webhooks), or form fields (inbound routes, legacy tracking).
        if request.content_type == "application/json":
            block = json.loads(request.body.decode("utf-8"))["signature"]
            return block.get("timestamp"), block.get("token")
        return request.POST.get("timestamp"), request.POST.get("token")


class MailgunInboundView(_VerifiedWebhookMixin, MailgunInboundWebhookView):
    # A refused email (forged, replayed, wrong sender, empty…) will never be accepted, so it gets
    # 406 with the reason in the body. Signature failures stay 403 (retrying helps once a rotated
    # key is configured), and a server error stays 5xx (its token released), so Mailgun tries
    # again later and no customer email is lost.

    def post(self, request, *args, **kwargs):
        events, error = self.verified_events(request)
        if error:
            return error
        try:
            receipt = inbound_email_deliver(message=events[0].message)
        except DomainError as exc:
            logger.info("inbound email refused: %s %s", exc.code, exc.message)
            return _error(self.refusal_status, exc.code, exc.message)
        except Exception:
            self.release_token()
            raise
        return JsonResponse(receipt.answer)


class MailgunTrackingView(_VerifiedWebhookMixin, MailgunTrackingWebhookView):
    def checked_events(self, events: list) -> list:
        for event in events:
            for name in ("message_id", "description", "mta_response"):
                if not isinstance(getattr(event, name), str | None):
                    raise ValueError(f"{name} must be a string")
        return events

    def post(self, request, *args, **kwargs):
        events, error = self.verified_events(request)
        if error:
            return error
        try:
            for event in events:
                tracking.send(sender=self.__class__, event=event, esp_name=self.esp_name)
        except Exception:
            self.release_token()
            raise
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
