from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from voc_portal.accounts.models import Customer, Membership, User
from voc_portal.accounts.ops import OPS_GROUP
from voc_portal.catalog.demo import DemoContext
from voc_portal.catalog.models import App, Purchase
from voc_portal.core.demo_logins import DEMO_LOGINS, DEMO_PASSWORD
from voc_portal.demo.seed import run_hooks

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("accounts", "catalog", "mail", "inquiries", "reviews", "refunds")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_changes_nothing_when_run_twice():
    first = _seed()
    counts = _counts()
    purchases = list(Purchase.objects.order_by("tid").values_list("tid", "txid", "receipt_number"))
    second = _seed()
    assert "Demo data created" in first
    assert "nothing changed" in second
    assert _counts() == counts
    assert (
        list(Purchase.objects.order_by("tid").values_list("tid", "txid", "receipt_number"))
        == purchases
    )
    for email in DEMO_LOGINS.values():
        assert email in second
    assert DEMO_PASSWORD in second


def test_seed_demo_creates_the_promised_shape_when_database_is_empty():
    _seed()
    assert Membership.objects.values("account").distinct().count() == 3
    assert 8 <= App.objects.count() <= 12
    assert App.objects.filter(price=0).exists() and App.objects.filter(price__gt=0).exists()
    assert App.objects.filter(title__regex=r"[가-힣]").exists()
    assert 45 <= Customer.objects.count() <= 60
    languages = set(Customer.objects.values_list("user__language", flat=True))
    assert languages == {"ko", "en"}
    assert Purchase.objects.filter(state=Purchase.State.CANCELLED).exists()
    assert not Customer.objects.filter(purchases__isnull=True).exists()
    developer = User.objects.get(email=DEMO_LOGINS["developer"])
    assert developer.memberships.count() == 2  # shows the account switcher
    ops = User.objects.get(email=DEMO_LOGINS["ops"])
    assert ops.is_staff and not ops.is_superuser
    assert ops.groups.filter(name=OPS_GROUP).exists()
    customer = User.objects.get(email=DEMO_LOGINS["customer"]).customer
    assert customer.purchases.filter(app__account__memberships__user=developer).exists()
    assert not User.objects.filter(is_staff=True).exclude(pk=ops.pk).exists()


def test_seed_demo_logins_sign_in_when_using_the_demo_password(client):
    _seed()
    for email in DEMO_LOGINS.values():
        response = client.post(
            reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        client.post(reverse("accounts:logout"))


def test_run_hooks_skips_missing_modules_and_calls_seed_when_module_exists(monkeypatch):
    import sys
    import types

    calls = []
    module = types.ModuleType("fake_demo_hook")
    module.seed = lambda ctx: calls.append(ctx) or 3
    monkeypatch.setitem(sys.modules, "fake_demo_hook", module)
    ctx = DemoContext([], [], [], [], {}, None, None)
    ran = run_hooks(ctx, hooks=("no_such_app.demo", "fake_demo_hook"))
    assert ran == ["fake_demo_hook"]
    assert calls == [ctx]
    assert ctx.created == {"fake_demo_hook rows": 3}


def test_format_logins_lists_every_demo_login_and_the_password_when_printed():
    from voc_portal.core.demo_logins import format_logins

    text = format_logins("http://127.0.0.1:8000/")
    assert DEMO_PASSWORD in text
    for email in DEMO_LOGINS.values():
        assert email in text
    assert "http://127.0.0.1:8000/admin/" in text
