"""The README's API section shows real paths and the real response shapes."""

import json
import re
from pathlib import Path

from django.urls import resolve

from inquiries.api.serializers import InquirySerializer, MessageSerializer
from voc_portal.api.errors import api_not_found

README = Path(__file__).resolve().parents[3] / "README.md"


def _api_section() -> str:
    text = README.read_text()
    return text[text.index("## API") :]


def test_readme_curl_paths_resolve_to_api_views_when_read():
    paths = re.findall(r"\$BASE(/api/v1/[^\s\"?]*)", _api_section())
    assert len(paths) >= 2
    for path in paths:
        assert resolve(path).func is not api_not_found, path


def test_readme_examples_have_the_serializers_fields_when_read():
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", _api_section(), re.S)]
    listing, reply = blocks
    assert set(listing["results"][0]) == set(InquirySerializer.Meta.fields)
    assert set(listing) == {"results", "next_cursor", "next"}
    assert set(reply) == set(MessageSerializer.Meta.fields)
