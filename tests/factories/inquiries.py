import datetime

import factory
from django.conf import settings
from django.utils import timezone

from inquiries.models import Category, Inquiry, Message, ReplyTemplate, Status

from .accounts import CustomerFactory
from .catalog import AppFactory


class InquiryFactory(factory.django.DjangoModelFactory):
    """An inquiry awaiting the developer since `created_at` (clock 1), with no messages.

    Traits: answered, closed, overdue (awaiting, due in the past), escalated (overdue + flagged).
    For threads use the services; this factory is for lists and figures with explicit times.
    """

    class Meta:
        model = Inquiry

    app = factory.SubFactory(AppFactory)
    account = factory.LazyAttribute(lambda o: o.app.account)
    customer = factory.SubFactory(CustomerFactory)
    category = Category.OTHER
    subject = factory.Sequence(lambda n: f"Question {n}")
    status = Status.AWAITING_DEVELOPER
    created_at = factory.LazyFunction(timezone.now)
    last_message_at = factory.LazyAttribute(lambda o: o.created_at)
    awaiting_since = factory.LazyAttribute(lambda o: o.created_at)
    due_at = factory.LazyAttribute(lambda o: o.created_at + settings.VOC_ANSWER_DEADLINE)
    search_text = factory.LazyAttribute(lambda o: o.subject)

    class Params:
        answered = factory.Trait(
            status=Status.ANSWERED,
            awaiting_since=None,
            due_at=None,
            first_response_at=factory.LazyAttribute(
                lambda o: o.created_at + datetime.timedelta(hours=5)
            ),
        )
        closed = factory.Trait(
            status=Status.CLOSED,
            awaiting_since=None,
            due_at=None,
            closed_at=factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(hours=1)),
        )
        overdue = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=4))
        )
        escalated = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=4)),
            escalated_at=factory.LazyFunction(timezone.now),
        )


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    inquiry = factory.SubFactory(InquiryFactory)
    author_kind = Message.Author.CUSTOMER
    body = factory.Sequence(lambda n: f"Message text {n}")


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    account = factory.SubFactory("tests.factories.accounts.DeveloperAccountFactory")
    name = factory.Sequence(lambda n: f"Template {n}")
    body = "Hello {customer_name}, thanks for writing about {app} (#{inquiry_no})."
