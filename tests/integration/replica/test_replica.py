"""The replica router against a real streaming standby (conftest.py): routed reads are served by
the standby, writes and transactions by the primary, and a member who just replied reads their
own reply from the primary until the standby has replayed it, while a teammate's reads stay on
the standby."""

import csv
import io

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from inquiries import services
from inquiries.models import Category, Inquiry, Message
from tests.factories import AppFactory, CustomerFactory, MembershipFactory, PurchaseFactory
from voc_portal.api.services import api_token_create
from voc_portal.core.routers import REPLICA, read_alias, reading_from_replica

# Committed for real (the standby replays only commits); flushed after each test, on the pair.
pytestmark = [
    pytest.mark.usefixtures("replica_pair"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


@pytest.fixture
def team(replica_pair):
    """Two members of one account and an inquiry awaiting them, replayed on the standby."""
    owner = MembershipFactory()
    teammate = MembershipFactory(account=owner.account)
    app = AppFactory(account=owner.account)
    customer = CustomerFactory()
    inquiry = services.inquiry_create(
        customer=customer,
        app=app,
        category=Category.ERROR,
        subject="The game crashes on start",
        body="Since the last update the app closes right after the logo.",
        purchase=PurchaseFactory(customer=customer, app=app),
    )
    replica_pair.wait_replayed()
    return owner, teammate, inquiry


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _inbox(client) -> tuple[int, int]:
    """The inbox's "awaiting" count and how many statements the standby answered for it."""
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("inquiries:inbox"))
    assert response.status_code == 200
    return response.context["counts"]["awaiting"], len(on_replica)


def test_routed_reads_are_served_by_the_standby_when_opted_in(team):
    _, _, inquiry = team
    assert _in_recovery(DEFAULT_DB_ALIAS) is False
    assert router.db_for_read(Inquiry) == DEFAULT_DB_ALIAS  # nothing is routed by default
    with reading_from_replica(user=None) as alias:
        assert alias == REPLICA == router.db_for_read(Inquiry)
        assert _in_recovery(router.db_for_read(Inquiry)) is True
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert Inquiry.objects.get(pk=inquiry.pk).subject == "The game crashes on start"
        assert len(on_replica) == 1
        # Inside a transaction (a service's row lock, its reads) everything stays on the primary.
        with transaction.atomic():
            assert router.db_for_read(Inquiry) == DEFAULT_DB_ALIAS
            assert Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        assert router.db_for_write(Inquiry) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Inquiry) == DEFAULT_DB_ALIAS


def test_the_dashboard_and_its_raw_sql_figures_are_read_from_the_standby(team):
    owner, _, _ = team
    client = _client(owner.user)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("inquiries:dashboard"))
    assert response.status_code == 200
    statements = [q["sql"] for q in on_replica]
    assert any("ROLLUP" in sql for sql in statements)  # the due-soon figures' own cursor
    assert any("inquiries_inquirycounter" in sql for sql in statements)


def test_a_member_reads_their_reply_from_the_primary_until_the_standby_replays_it(
    team, replica_pair
):
    owner, teammate, inquiry = team
    owner_client, teammate_client = _client(owner.user), _client(teammate.user)
    assert _inbox(owner_client)[0] == 1
    assert _inbox(owner_client)[1] > 1  # read from the standby

    replica_pair.pause_replay()
    try:
        response = owner_client.post(
            reverse("inquiries:reply", kwargs={"pk": inquiry.pk}), {"body": "Fixed in 1.2."}
        )
        assert response.status_code == 302
        # The writer: the standby only answers "not replayed yet"; the page is the primary's.
        awaiting, on_replica = _inbox(owner_client)
        assert (awaiting, on_replica) == (0, 1)
        # A teammate wrote nothing: their inbox comes from the standby, which is behind.
        awaiting, on_replica = _inbox(teammate_client)
        assert awaiting == 1 and on_replica > 1
    finally:
        replica_pair.resume_replay()
    replica_pair.wait_replayed()
    # Replayed: the writer is back on the standby, and it shows the reply to everyone.
    awaiting, on_replica = _inbox(owner_client)
    assert awaiting == 0 and on_replica > 1
    assert _inbox(teammate_client)[0] == 0


def test_a_reply_through_the_api_holds_the_member_on_the_primary_too(team, replica_pair):
    owner, _, inquiry = team
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(membership=owner, name='phone').secret}"
    )
    web = _client(owner.user)
    replica_pair.wait_replayed()
    replica_pair.pause_replay()
    try:
        response = api.post(
            f"/api/v1/inquiries/{inquiry.pk}/reply/", {"body": "On its way."}, format="json"
        )
        assert response.status_code == 201, response.content
        assert Message.objects.filter(inquiry=inquiry, body="On its way.").exists()
        assert _inbox(web) == (0, 1)
        # The CSV export, streamed after its view returned, read the alias chosen then.
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            body = b"".join(web.get(reverse("inquiries:export")).streaming_content)
        header, row = csv.reader(io.StringIO(body.decode("utf-8-sig")))
        assert len(on_replica) == 1
        assert dict(zip(header, row, strict=True))["first_response_at"]  # the primary's row
    finally:
        replica_pair.resume_replay()


def test_reads_fall_back_to_the_primary_when_the_standby_is_down(team, replica_pair):
    owner, _, _ = team
    replica_pair.run("pg_ctl", "-D", str(replica_pair.root / "standby"), "-m", "fast", "stop")
    connections[REPLICA].close()
    assert read_alias(user_id=owner.user.pk) == DEFAULT_DB_ALIAS
    response = _client(owner.user).get(reverse("inquiries:inbox"))
    assert response.status_code == 200 and response.context["counts"]["awaiting"] == 1
