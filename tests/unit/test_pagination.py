from datetime import UTC, datetime

import pytest

from voc_portal.core.pagination import (
    InvalidCursor,
    clamp_page_size,
    decode_cursor,
    encode_cursor,
)


def test_cursor_round_trips_when_values_are_mixed_types():
    values = [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), 42, "abc", None]
    assert decode_cursor(encode_cursor(values), 4) == values


@pytest.mark.parametrize(
    "bad", ["%%%", "bm90IGpzb24", encode_cursor([1, 2, 3]), "W3sieCI6MX1d", "WzEsMl0"]
)
def test_decode_cursor_raises_invalid_cursor_when_garbage(bad):
    with pytest.raises(InvalidCursor):
        decode_cursor(bad, 2)


@pytest.mark.parametrize(("raw", "expected"), [(None, 25), ("x", 25), ("0", 1), ("500", 100)])
def test_clamp_page_size_bounds_when_input_is_odd(raw, expected):
    assert clamp_page_size(raw) == expected
