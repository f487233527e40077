"""The OpenAPI schema is a contract: moving code must not change a byte of it.

`openapi.yml` beside this file is the schema as published; a deliberate API change regenerates
it (`manage.py spectacular --file tests/integration/api/openapi.yml`) in the same commit.
"""

from pathlib import Path

from django.core.management import call_command
from django.utils import translation

PUBLISHED = Path(__file__).with_name("openapi.yml")


def test_schema_is_byte_for_byte_the_published_one(tmp_path):
    generated = tmp_path / "schema.yml"

    # Published in English: a Korean page rendered earlier in this thread must not change it.
    with translation.override("en"):
        call_command("spectacular", "--file", str(generated))

    assert generated.read_bytes() == PUBLISHED.read_bytes()
