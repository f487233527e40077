"""Settings > Push notifications on the web: the same choice as the app's settings screen."""

import pytest
from django.urls import reverse

from tests.integration.push.conftest import subscribe
from voc_portal.push.selectors import notification_settings_get

pytestmark = pytest.mark.django_db


def test_page_shows_every_kind_on_and_the_device_count_when_opened(
    dev_client, developer, push_service, django_assert_max_num_queries
):
    subscribe(developer, push_service)
    dev_client.get(reverse("push:settings"))

    with django_assert_max_num_queries(12):
        response = dev_client.get(reverse("push:settings"))

    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("inquiry_created", "reminder", "escalated", "low_review", "assigned"):
        assert f'name="{kind}"' in html
    assert html.count("checked") == 5
    assert "1 device receives" in html
    assert reverse("push:settings") in dev_client.get(reverse("accounts:settings")).content.decode()


def test_saving_turns_off_the_unchecked_kinds_when_posted(dev_client, developer):
    response = dev_client.post(
        reverse("push:settings"), {"inquiry_created": "on", "assigned": "on"}
    )

    assert response.status_code == 302
    assert notification_settings_get(membership=developer)["kinds"] == {
        "inquiry_created": True,
        "reminder": False,
        "escalated": False,
        "low_review": False,
        "assigned": True,
    }


def test_page_is_a_404_for_customers_when_they_have_no_account(customer_client):
    assert customer_client.get(reverse("push:settings")).status_code == 404


def test_page_reads_korean_when_the_member_chose_korean(dev_client, developer):
    developer.user.language = "ko"
    developer.user.save(update_fields=["language"])

    html = dev_client.get(reverse("push:settings"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "푸시 알림 저장" in html and "답변 기한 알림" in html
