"""Attachments only through their authorising views, DEBUG or not; non-images download."""

import importlib

import pytest
from django.urls import clear_url_caches, reverse

import voc_portal.urls
from inquiries import services
from inquiries.models import Category
from tests.factories import CustomerFactory

from .conftest import pdf_file, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachments(developer, customer):
    inquiry = services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="Files",
        body="See attached",
        attachments=[png_file(), pdf_file()],
    )
    files = inquiry.messages.get().attachments.order_by("pk")
    return {f.content_type: f for f in files}


@pytest.fixture
def debug_urls(settings):
    """The URLconf as local mode (DEBUG=True) builds it."""
    settings.DEBUG = True
    importlib.reload(voc_portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(voc_portal.urls)
    clear_url_caches()


def test_media_url_serves_nothing_when_in_local_mode(client, attachments, debug_urls, settings):
    for attachment in attachments.values():
        path = settings.MEDIA_URL + attachment.file.name
        assert client.get(path).status_code == 404


def test_member_gets_image_inline_and_pdf_as_download(dev_client, attachments):
    image = dev_client.get(reverse("inquiries:attachment", args=[attachments["image/png"].pk]))
    assert image.status_code == 200
    assert image["Content-Disposition"].startswith("inline")
    pdf = dev_client.get(reverse("inquiries:attachment", args=[attachments["application/pdf"].pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"].startswith("attachment")
    assert pdf["X-Content-Type-Options"] == "nosniff"


def test_customer_gets_own_files_and_strangers_get_404(client, customer, attachments):
    pdf = attachments["application/pdf"]
    client.force_login(customer.user)
    own = client.get(reverse("inquiries:my_attachment", args=[pdf.pk]))
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment")
    client.force_login(CustomerFactory().user)
    assert client.get(reverse("inquiries:my_attachment", args=[pdf.pk])).status_code == 404


def test_other_account_gets_404_when_asking_for_the_file(client, other_developer, attachments):
    client.force_login(other_developer.user)
    for attachment in attachments.values():
        url = reverse("inquiries:attachment", args=[attachment.pk])
        assert client.get(url).status_code == 404
