import datetime

import factory
from django.utils import timezone

from voc_portal.catalog.models import App, Purchase

from .accounts import CustomerFactory, DeveloperAccountFactory


class AppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = App

    account = factory.SubFactory(DeveloperAccountFactory)
    title = factory.Sequence(lambda n: f"App {n}")
    package_name = factory.Sequence(lambda n: f"com.example.app{n}")
    price = 3300

    class Params:
        free = factory.Trait(price=0)


class PurchaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purchase

    customer = factory.SubFactory(CustomerFactory)
    app = factory.SubFactory(AppFactory)
    item_name = factory.LazyAttribute(lambda o: o.app.title)
    purchased_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    amount = factory.LazyAttribute(lambda o: o.app.price)
    tid = factory.Sequence(lambda n: f"TID{n:012d}")
    txid = factory.Sequence(lambda n: f"TX-{n:016d}")
    receipt_number = factory.Sequence(lambda n: f"R{n:010d}")

    class Params:
        cancelled = factory.Trait(state=Purchase.State.CANCELLED, cancelled_at=timezone.now())
