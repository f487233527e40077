import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_and_filters_inquiries_when_ops_search(admin_client, inquiry):
    url = reverse("admin:inquiries_inquiry_changelist")
    response = admin_client.get(url, {"q": inquiry.customer.customer_number, "status": "awaiting"})
    assert response.status_code == 200
    assert inquiry.subject in response.content.decode()
    assert admin_client.get(url, {"escalated": "yes"}).status_code == 200


def test_admin_shows_thread_read_only_when_ops_open_inquiry(admin_client, inquiry):
    url = reverse("admin:inquiries_inquiry_change", args=[inquiry.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "right after the logo" in response.content.decode()
    assert admin_client.get(reverse("admin:inquiries_inquiry_add")).status_code == 403
