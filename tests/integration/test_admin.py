import pytest
from django.urls import reverse

from tests.factories import (
    AppFactory,
    CustomerFactory,
    MembershipFactory,
    OpsUserFactory,
    PurchaseFactory,
)
from voc_portal.accounts.models import User
from voc_portal.accounts.ops import OPS_GROUP
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

MODELS = [
    ("accounts", "user"),
    ("accounts", "developeraccount"),
    ("accounts", "membership"),
    ("accounts", "customer"),
    ("catalog", "app"),
    ("catalog", "purchase"),
    ("mail", "outboundemail"),
]


@pytest.fixture
def ops_client(client):
    client.force_login(OpsUserFactory())
    return client


@pytest.fixture
def rows(purchase):
    MembershipFactory(account=purchase.app.account)
    email = OutboundEmail.objects.create(
        dedupe_key="test:1",
        message_id="<1@voc.example>",
        kind="test",
        to_email=purchase.customer.user.email,
        subject="Hello there",
        body_text="plain body",
        body_html="<p style='color:red'>html body</p>",
    )
    return {
        "user": purchase.customer.user,
        "developeraccount": purchase.app.account,
        "membership": purchase.app.account.memberships.first(),
        "customer": purchase.customer,
        "app": purchase.app,
        "purchase": purchase,
        "outboundemail": email,
    }


@pytest.mark.parametrize(("app_label", "model"), MODELS)
def test_admin_changelist_and_change_page_load_when_user_is_ops(ops_client, rows, app_label, model):
    response = ops_client.get(reverse(f"admin:{app_label}_{model}_changelist"))
    assert response.status_code == 200
    response = ops_client.get(reverse(f"admin:{app_label}_{model}_changelist"), {"q": "x"})
    assert response.status_code == 200
    response = ops_client.get(reverse(f"admin:{app_label}_{model}_change", args=[rows[model].pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["developer", "customer"])
def test_admin_redirects_to_admin_login_when_user_is_not_staff(client, request, kind):
    client.force_login(request.getfixturevalue(kind).user)
    for app_label, model in MODELS:
        response = client.get(reverse(f"admin:{app_label}_{model}_changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_ops_user_is_in_operations_group_and_not_superuser_when_created():
    user = OpsUserFactory()
    assert user.groups.filter(name=OPS_GROUP).exists()
    assert not user.is_superuser


def test_ops_user_cannot_delete_purchases_when_in_operations_group(ops_client, purchase):
    response = ops_client.get(reverse("admin:catalog_purchase_delete", args=[purchase.pk]))
    assert response.status_code == 403


def test_purchase_search_finds_row_when_searching_by_tid_txid_receipt_or_customer_number(
    ops_client,
):
    wanted = PurchaseFactory()
    other = PurchaseFactory()
    url = reverse("admin:catalog_purchase_changelist")
    for term in (
        wanted.tid,
        wanted.txid,
        wanted.receipt_number,
        wanted.customer.customer_number,
    ):
        response = ops_client.get(url, {"q": term})
        ids = [row.pk for row in response.context["cl"].result_list]
        assert ids == [wanted.pk], term
    assert other.pk not in ids


def test_purchase_payment_fields_are_read_only_when_editing(ops_client, purchase):
    response = ops_client.get(reverse("admin:catalog_purchase_change", args=[purchase.pk]))
    form = response.context["adminform"].form
    for name in ("tid", "txid", "receipt_number", "amount", "purchased_at"):
        assert name not in form.fields


def test_customer_autocomplete_answers_when_searching_customer_number(ops_client, purchase):
    customer = CustomerFactory(customer_number="C77770001")
    response = ops_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "C7777",
            "app_label": "catalog",
            "model_name": "purchase",
            "field_name": "customer",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(customer.pk)]


def test_app_autocomplete_answers_when_searching_title(ops_client):
    app = AppFactory(title="별빛 퍼즐")
    response = ops_client.get(
        reverse("admin:autocomplete"),
        {"term": "별빛", "app_label": "catalog", "model_name": "purchase", "field_name": "app"},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(app.pk)]


def test_user_admin_creates_user_by_email_when_a_superuser_adds_one(client):
    # Creating users is a superuser's job; the Operations group cannot (see the test below).
    client.force_login(OpsUserFactory(is_superuser=True))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.com",
            "full_name": "New Person",
            "language": "ko",
            "usable_password": "true",
            "password1": "a long enough secret 91",
            "password2": "a long enough secret 91",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password("a long enough secret 91") and not user.is_staff


def test_ops_user_cannot_add_users_when_in_operations_group(ops_client):
    assert ops_client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_outbound_email_is_read_only_when_ops_opens_it(ops_client, rows):
    email = rows["outboundemail"]
    url = reverse("admin:mail_outboundemail_change", args=[email.pk])
    response = ops_client.get(url)
    assert b"plain body" in response.content
    assert ops_client.post(url, {"subject": "changed"}).status_code == 403
    email.refresh_from_db()
    assert email.subject == "Hello there"
    assert ops_client.get(reverse("admin:mail_outboundemail_add")).status_code == 403


def test_outbound_email_html_is_served_sandboxed_when_ops_previews_it(ops_client, rows):
    email = rows["outboundemail"]
    response = ops_client.get(reverse("admin:mail_outboundemail_html", args=[email.pk]))
    assert response.status_code == 200
    assert b"html body" in response.content
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_outbound_email_html_is_refused_when_user_is_not_staff(customer_client, rows):
    email = rows["outboundemail"]
    response = customer_client.get(reverse("admin:mail_outboundemail_html", args=[email.pk]))
    assert response.status_code == 302


def test_operations_group_has_exactly_the_listed_permissions_when_synced():
    from django.contrib.auth.models import Group

    from voc_portal.accounts.ops import OPS_PERMISSIONS, ops_group_sync

    ops_group_sync()
    granted = set(
        Group.objects.get(name=OPS_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert granted == set(OPS_PERMISSIONS)  # every listed codename exists, nothing more


def test_ops_user_cannot_edit_users_when_in_operations_group(ops_client, customer):
    response = ops_client.post(
        reverse("admin:accounts_user_change", args=[customer.user.pk]),
        {"email": customer.user.email, "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 403
    customer.user.refresh_from_db()
    assert not customer.user.is_staff
    assert not customer.user.is_superuser
