"""Access requests and the audit report, through admin: ops export one customer's data as
JSON; ops filter the unmasked-identifier views and export them as CSV."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inquiries import services as inquiry_services
from reviews import services as review_services
from tests.factories import CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.catalog.models import PaymentIdentifierView

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops_client(client):
    client.force_login(OpsUserFactory())
    return client


def _customer_with_data(app, n=1):
    customer = CustomerFactory()
    for i in range(n):
        purchase = PurchaseFactory(customer=customer, app=app, item_name=f"Gems {i}")
        RefundRequestFactory(purchase=purchase)
    inquiry_services.inquiry_create(
        customer=customer, app=app, category="error", subject="Crash", body="It crashes."
    )
    review_services.review_create(customer=customer, app=app, rating=2, body="Crashes a lot")
    return customer


def _export(ops_client, customer):
    return ops_client.post(
        reverse("admin:accounts_customer_changelist"),
        {"action": "export_data", "_selected_action": [customer.pk]},
    )


def test_ops_export_one_customers_data_as_json(ops_client, developer):
    customer = _customer_with_data(developer.app)
    other = _customer_with_data(developer.app)

    response = _export(ops_client, customer)

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'customer-{customer.customer_number}.json"')
    data = json.loads(response.content)
    assert data["customer"]["email"] == customer.user.email
    assert [p["tid"] for p in data["purchases"]] == [customer.purchases.get().tid]
    assert data["inquiries"][0]["messages"][0]["body"] == "It crashes."
    assert data["reviews"][0]["body"] == "Crashes a lot"
    assert len(data["refund_requests"]) == 1
    assert other.user.email not in response.content.decode()


def test_export_costs_the_same_queries_for_many_rows(ops_client, developer):
    small, large = _customer_with_data(developer.app, 1), _customer_with_data(developer.app, 30)
    with CaptureQueriesContext(connection) as few:
        _export(ops_client, small)
    with CaptureQueriesContext(connection) as many:
        _export(ops_client, large)
    assert len(many) == len(few)


def test_export_is_refused_for_developers_and_for_several_customers(client, developer):
    customer = _customer_with_data(developer.app)
    client.force_login(developer.user)
    assert _export(client, customer).status_code == 302  # to the admin sign-in
    client.force_login(OpsUserFactory())
    both = client.post(
        reverse("admin:accounts_customer_changelist"),
        {"action": "export_data", "_selected_action": [customer.pk, CustomerFactory().pk]},
        follow=True,
    )
    assert "Choose exactly one customer." in both.content.decode()


def test_audit_report_filters_and_exports_csv(ops_client, developer, purchase):
    for where in ("web", "api", "admin"):
        PaymentIdentifierView.objects.create(user=developer.user, purchase=purchase, where=where)
    url = reverse("admin:refunds_paymentidentifierview_changelist")

    listed = ops_client.get(url, {"where__exact": "api"})
    assert listed.status_code == 200 and "1 payment identifier view" in listed.content.decode()
    selected = list(PaymentIdentifierView.objects.exclude(where="web").values_list("pk", flat=True))
    response = ops_client.post(url, {"action": "export_csv", "_selected_action": selected})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["viewed_at", "user", "purchase", "refund", "where"]
    assert sorted(r[4] for r in rows[1:]) == ["admin", "api"]
    assert {r[1] for r in rows[1:]} == {developer.user.email}
