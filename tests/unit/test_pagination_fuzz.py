"""The cursor decoder refuses anything it did not issue, and only with InvalidCursor."""

import base64
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voc_portal.core.pagination import InvalidCursor, decode_cursor, encode_cursor

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


def _unsigned(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=1200))
def test_decode_cursor_raises_only_invalid_cursor_when_text_is_arbitrary(text):
    with pytest.raises(InvalidCursor):
        decode_cursor(text, 2, "scope")


@settings(max_examples=300, deadline=None, database=None)
@given(json_values, st.integers(min_value=1, max_value=4))
def test_decode_cursor_refuses_unsigned_json_when_crafted(value, length):
    # The probe's cursors: base64 JSON that decodes, with the wrong types for the ordering.
    with pytest.raises(InvalidCursor):
        decode_cursor(_unsigned(value), length, "scope")


@settings(max_examples=200, deadline=None, database=None)
@given(json_values)
def test_decode_cursor_refuses_tampered_payload_when_signature_is_kept(value):
    good = encode_cursor([1, 2], "scope")
    _, signature = good.rsplit(".", 1)
    with pytest.raises(InvalidCursor):
        decode_cursor(f"{_unsigned(value)}.{signature}", 2, "scope")


key_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=50),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(key_values, min_size=1, max_size=4))
def test_cursor_round_trips_when_issued_for_the_same_scope(values):
    cursor = encode_cursor(values, "scope")
    assert decode_cursor(cursor, len(values), "scope") == values
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, len(values), "another-scope")


def test_the_probe_cursors_are_invalid_when_not_issued_here():
    for crafted in ["W3siZHQiOiAiMjAyNi0wMS0wMVQwMDowMDowMCswMDowMCJ9LCAiYWJjIl0", "WzUsIDVd"]:
        with pytest.raises(InvalidCursor):
            decode_cursor(crafted, 2, "scope")


def test_cursor_decodes_when_signed_with_a_fallback_key(settings):
    values = [datetime(2026, 1, 1, tzinfo=UTC), date(2026, 2, 3), Decimal("1.50")]
    cursor = encode_cursor(values, "scope")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    assert decode_cursor(cursor, 3, "scope") == values
