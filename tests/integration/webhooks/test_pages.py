"""Settings > Webhooks through HTTP: create (the secret shown once), edit, delete, the test
event button, re-enabling, the delivery log; owners and admins only; another account's
endpoint is a 404 on every page; bad input is a form error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory
from voc_portal.accounts.models import Membership
from voc_portal.webhooks.models import Delivery, Endpoint, EventType

from .conftest import send_due

pytestmark = pytest.mark.django_db
LIST = reverse("webhooks:list")


def _detail(pk):
    return reverse("webhooks:detail", kwargs={"pk": pk})


def _action(pk, action):
    return reverse("webhooks:action", kwargs={"pk": pk, "action": action})


def _form(url, events=(EventType.INQUIRY_CREATED,), format="standard"):
    return {"url": url, "events": list(events), "format": format, "description": "CRM"}


def test_creating_an_endpoint_shows_its_secret_once(dev_client, developer, receiver):
    response = dev_client.post(LIST, _form(receiver.url))
    assert response.status_code == 200
    endpoint = Endpoint.objects.get(account=developer.account)
    assert endpoint.secret.encode() in response.content
    assert response["Cache-Control"] == "no-store"
    assert endpoint.events == [EventType.INQUIRY_CREATED]
    page = dev_client.get(LIST)
    assert endpoint.secret.encode() not in page.content
    assert endpoint.url.encode() in page.content
    assert endpoint.secret.encode() not in dev_client.get(_detail(endpoint.pk)).content


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "This field is required."),
        ("not a url", "https://"),
        ("ftp://example.com/hook", "https://"),
        ("http://example.com/hook", "must start with https://"),
        ("https://user:pw@example.com/hook", "https://"),
        ("https://10.0.0.5/hook", "private address"),
    ],
)
def test_a_bad_url_is_a_form_error(dev_client, developer, url, message):
    response = dev_client.post(LIST, _form(url))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_no_events_or_an_unknown_one_is_a_form_error(dev_client):
    response = dev_client.post(LIST, _form("https://example.com/h", events=()))
    assert response.status_code == 400
    assert "Choose at least one event to send." in response.content.decode()
    response = dev_client.post(LIST, _form("https://example.com/h", events=("user.deleted",)))
    assert response.status_code == 400
    assert not Endpoint.objects.exists()


def test_http_to_this_machine_is_refused_where_not_allowed(dev_client, settings, receiver):
    settings.VOC_WEBHOOK_ALLOW_HTTP_LOCAL = False
    response = dev_client.post(LIST, _form(receiver.url))
    assert response.status_code == 400 and "https://" in response.content.decode()


def test_editing_changes_url_events_and_format(dev_client, endpoint):
    response = dev_client.post(
        _detail(endpoint.pk),
        _form("https://hooks.example.com/voc", events=EventType.values[:2], format="slack"),
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.com/voc" and endpoint.format == "slack"
    assert endpoint.events == EventType.values[:2]
    bad = dev_client.post(_detail(endpoint.pk), _form("https://x.example", events=()))
    assert bad.status_code == 400


def test_the_test_button_sends_a_signed_test_event_and_the_log_shows_it(
    dev_client, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = dev_client.post(_action(endpoint.pk, "test"))
    assert response.status_code == 302
    send_due(endpoint)
    assert receiver.types() == ["webhook.test"]
    page = dev_client.get(_detail(endpoint.pk)).content.decode()
    assert "webhook.test" in page and "200" in page


def test_turning_an_endpoint_on_again_resumes_waiting_deliveries(
    dev_client, endpoint, receiver, django_capture_on_commit_callbacks
):
    Endpoint.objects.filter(pk=endpoint.pk).update(
        enabled=False, disabled_at=timezone.now(), disabled_reason="failing", failures=12
    )
    page = dev_client.get(_detail(endpoint.pk)).content.decode()
    assert "Deliveries kept failing" in page and "Turn on again" in page
    with django_capture_on_commit_callbacks(execute=True):
        dev_client.post(_action(endpoint.pk, "enable"))
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.failures == 0 and endpoint.disabled_at is None
    dev_client.post(_action(endpoint.pk, "disable"))
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_reason == "member"


def test_rotating_shows_the_new_secret_once(dev_client, endpoint):
    old = endpoint.secret
    response = dev_client.post(_action(endpoint.pk, "rotate"))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.secret.encode() in response.content


def test_deleting_removes_the_endpoint_and_its_log(dev_client, endpoint):
    response = dev_client.post(_action(endpoint.pk, "delete"))
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Endpoint.objects.exists()


def test_another_accounts_endpoint_is_a_404_on_every_page(
    dev_client, other_developer, endpoint_for
):
    theirs = endpoint_for(other_developer)
    assert dev_client.get(_detail(theirs.pk)).status_code == 404
    assert dev_client.post(_detail(theirs.pk), _form("https://x.example")).status_code == 404
    for action in ("test", "rotate", "enable", "disable", "delete"):
        assert dev_client.post(_action(theirs.pk, action)).status_code == 404
    assert theirs.url.encode() not in dev_client.get(LIST).content
    assert Endpoint.objects.filter(pk=theirs.pk).exists()
    assert not Delivery.objects.filter(endpoint=theirs).exists()


@pytest.mark.parametrize("role", [Membership.Role.AGENT, Membership.Role.READ_ONLY])
def test_agents_and_read_only_members_may_not_see_or_change_webhooks(
    client, developer, endpoint, role
):
    member = MembershipFactory(account=developer.account, role=role)
    client.force_login(member.user)
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(endpoint.pk)).status_code == 403
    assert client.post(LIST, _form("https://x.example")).status_code == 403
    assert client.post(_action(endpoint.pk, "delete")).status_code == 403
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_an_admin_may_manage_webhooks(client, developer, receiver):
    admin = MembershipFactory(account=developer.account, role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    assert client.post(LIST, _form(receiver.url)).status_code == 200


def test_the_list_page_costs_the_same_queries_for_one_endpoint_or_many(
    dev_client, developer, endpoint_for, django_assert_max_num_queries
):
    endpoint_for(developer)
    dev_client.get(LIST)
    with django_assert_max_num_queries(8) as one:
        dev_client.get(LIST)
    for _ in range(10):
        endpoint_for(developer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = dev_client.get(LIST)
    assert response.content.count(b"data-endpoint=") == 11


def test_the_detail_page_costs_the_same_queries_for_a_short_or_long_log(
    dev_client, endpoint, receiver, django_assert_max_num_queries
):
    from voc_portal.webhooks.services import webhook_test_send

    webhook_test_send(endpoint=endpoint)
    send_due(endpoint)
    dev_client.get(_detail(endpoint.pk))
    with django_assert_max_num_queries(8) as one:
        dev_client.get(_detail(endpoint.pk))
    for _ in range(5):
        webhook_test_send(endpoint=endpoint)
    send_due(endpoint)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = dev_client.get(_detail(endpoint.pk))
    assert response.content.count(b"data-attempt=") == 6


def test_settings_links_to_webhooks_for_owners_only(dev_client, client, developer):
    assert LIST.encode() in dev_client.get(reverse("accounts:settings")).content
    agent = MembershipFactory(account=developer.account, role=Membership.Role.AGENT)
    client.force_login(agent.user)
    assert LIST.encode() not in client.get(reverse("accounts:settings")).content


def test_the_webhook_pages_read_in_korean(client, developer, endpoint, receiver):
    from tests.support.korean import english_leaks
    from voc_portal.webhooks.services import webhook_test_send

    developer.user.language = "ko"
    developer.user.save(update_fields=["language"])
    client.force_login(developer.user)
    webhook_test_send(endpoint=endpoint)
    send_due(endpoint)
    receiver.go_down()
    webhook_test_send(endpoint=endpoint)
    send_due(endpoint)
    names = {*developer.account.name.split(), *developer.user.full_name.split()}
    for url in (LIST, _detail(endpoint.pk)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
        assert english_leaks(page, allowed=names) == [], url


def test_ops_see_endpoints_and_deliveries_in_admin_without_the_secrets(client, endpoint, receiver):
    from tests.factories import OpsUserFactory
    from voc_portal.webhooks.services import webhook_test_send

    webhook_test_send(endpoint=endpoint)
    send_due(endpoint)
    client.force_login(OpsUserFactory(is_superuser=True))
    for model in ("endpoint", "delivery", "deliveryattempt"):
        assert client.get(reverse(f"admin:webhooks_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk]))
    assert page.status_code == 200 and endpoint.secret.encode() not in page.content
