"""Feed one inbound email to the reply-by-email pipeline without a provider.

    python manage.py mail_receive message.eml           # a raw RFC 822 message (or - for stdin)
    python manage.py mail_receive --answer 42 --body "Thanks, that fixed it."

`--answer` writes the reply a person would send to outbox email 42: from its recipient, to its
reply address, in its thread. Good for the local demo and for re-injecting a message an operator
pulled from the provider's log. The same checks as the webhook apply (minus the provider signature,
which only a provider can make).
"""

from __future__ import annotations

import sys
import uuid
from email.message import EmailMessage

from anymail.inbound import AnymailInboundMessage
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from voc_portal.core.errors import DomainError
from voc_portal.mail.inbound import inbound_email_deliver
from voc_portal.mail.models import OutboundEmail


def reply_to_outbound(email: OutboundEmail, body: str) -> bytes:
    if not email.reply_to:
        raise CommandError(f"Outbox email {email.pk} has no reply address.")
    message = EmailMessage()
    message["From"] = email.to_email
    message["To"] = email.reply_to
    message["Subject"] = f"Re: {email.subject}"
    message["Message-ID"] = f"<{uuid.uuid4().hex}@mail-receive.{settings.VOC_REPLY_DOMAIN}>"
    message["In-Reply-To"] = email.message_id
    message["References"] = email.message_id
    quoted = "\n".join(f"> {line}" for line in email.body_text.splitlines())
    message.set_content(
        f"{body}\n\nOn {email.created_at:%a, %d %b %Y}, VOC Portal wrote:\n{quoted}\n"
    )
    return message.as_bytes()


class Command(BaseCommand):
    help = "Receive one inbound email (a file, stdin, or --answer <outbox id>) as reply by email."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="raw RFC 822 message; - for stdin")
        parser.add_argument("--answer", type=int, help="reply to this outbox email's recipient")
        parser.add_argument("--body", default="", help="the reply's text (with --answer)")

    def handle(self, *args, path=None, answer=None, body="", **options):
        if answer is not None:
            email = OutboundEmail.objects.filter(pk=answer).first()
            if email is None:
                raise CommandError(f"No outbox email {answer}.")
            if not body.strip():
                raise CommandError("Give the reply's text with --body.")
            raw = reply_to_outbound(email, body)
        elif path == "-":
            raw = sys.stdin.buffer.read()
        elif path:
            with open(path, "rb") as source:
                raw = source.read()
        else:
            raise CommandError("Give a message file, - for stdin, or --answer <outbox id>.")
        message = AnymailInboundMessage.parse_raw_mime_bytes(raw)
        try:
            receipt = inbound_email_deliver(message=message)
        except DomainError as exc:
            raise CommandError(f"refused ({exc.code}): {exc.message}") from exc
        self.stdout.write(receipt.summary)
