"""The Store API's OpenAPI schema is a contract of its own, pinned like the developer API's.

A deliberate change regenerates it in the same commit:
`manage.py spectacular --custom-settings voc_portal.store.views.schema.STORE_SCHEMA_SETTINGS
--file tests/integration/store/openapi.yml`.
"""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

PUBLISHED = Path(__file__).with_name("openapi.yml")
DEVELOPER_API = Path(__file__).parents[1] / "api" / "openapi.yml"


def test_the_store_schema_is_byte_for_byte_the_published_one(tmp_path):
    generated = tmp_path / "schema.yml"
    call_command(
        "spectacular",
        "--custom-settings",
        "voc_portal.store.views.schema.STORE_SCHEMA_SETTINGS",
        "--file",
        str(generated),
    )
    assert generated.read_bytes() == PUBLISHED.read_bytes()


def test_the_two_schemas_do_not_overlap():
    store = yaml.safe_load(PUBLISHED.read_text())["paths"]
    developer = yaml.safe_load(DEVELOPER_API.read_text())["paths"]
    assert all(p.startswith("/store-api/v1/") for p in store)
    assert not any(p.startswith("/store-api/") for p in developer)


@pytest.mark.django_db
def test_the_schema_is_served_without_credentials():
    response = Client().get("/store-api/v1/schema/")
    assert response.status_code == 200
    assert b"VOC Portal Store API" in response.content
