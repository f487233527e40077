"""inquiry_create when queueing the members' emails fails: moved out of test_services.py because
it swaps a function of the module that writes messages (inquiries.services.messages)."""

import uuid

import pytest

from inquiries.models import Message
from inquiries.services import messages as services

from .conftest import png_file
from .test_services import _create, _stored_files

pytestmark = pytest.mark.django_db


def test_create_removes_stored_files_when_the_service_fails(developer, customer, monkeypatch):
    suffix = f"orphan-{uuid.uuid4().hex[:8]}.png"

    def boom(*args, **kwargs):
        raise RuntimeError("mail queue broke")

    monkeypatch.setattr(services, "_notify_members", boom)
    with pytest.raises(RuntimeError):
        _create(developer, customer, attachments=[png_file(suffix)])
    assert Message.objects.count() == 0
    assert _stored_files(suffix) == []
