import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inquiries import services
from inquiries.models import Category


@pytest.fixture
def inquiry(developer, customer, purchase, django_capture_on_commit_callbacks):
    """A fresh inquiry from `customer` about `developer.app`, committed (emails queued)."""
    with django_capture_on_commit_callbacks(execute=False):
        return services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.ERROR,
            subject="The game crashes on start",
            body="Since the last update the app closes right after the logo.",
            purchase=purchase,
        )


def png_file(name="shot.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_file(name="receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
