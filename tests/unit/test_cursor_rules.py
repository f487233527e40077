"""Cursors: only what the list issued decodes; lists, unknown dicts and bad values are refused."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import signing

from voc_portal.core import pagination
from voc_portal.core.pagination import (
    MAX_CURSOR_LENGTH,
    InvalidCursor,
    clamp_page_size,
    decode_cursor,
    encode_cursor,
)


def _forged(values, scope="s"):
    """What a client could only make with the secret key: the checks after the signature."""
    return pagination._signer(scope).sign_object(values, serializer=pagination._CompactJSON)


def test_every_kind_of_value_round_trips():
    values = [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), date(2026, 1, 2), Decimal("1.50")]
    values += [True, 7, "x", None, 1.5]
    assert decode_cursor(encode_cursor(values, "s"), len(values), "s") == values


@pytest.mark.parametrize(
    "value",
    [
        [1],  # a list inside the key
        {"dt": "2026-01-02T03:04:05+00:00", "d": "2026-01-02"},  # two tags
        {},
        {"x": "1"},  # unknown tag
        {"x": "2026-01-02T03:04:05+00:00"},  # unknown tags are refused whatever they carry
        {"a": "2026-01-02"},
        {"da": "1.5"},
        {"dt": 5},  # a tag whose value is not a string
        {"dt": "yesterday"},
        {"dt": "2026-13-45T00:00:00"},
        {"d": "2026-02-30"},
        {"dec": "NaN"},
        {"dec": "Infinity"},
        {"dec": "one"},
        float("inf"),
    ],
)
def test_forged_key_values_are_refused(value):
    with pytest.raises(InvalidCursor):
        decode_cursor(_forged([value]), 1, "s")


def test_cursor_must_fit_the_ordering_and_be_a_list():
    with pytest.raises(InvalidCursor):
        decode_cursor(_forged([1, 2]), 1, "s")
    with pytest.raises(InvalidCursor):
        decode_cursor(_forged({"a": 1}), 1, "s")
    assert decode_cursor(_forged([1]), 1, "s") == [1]


def test_cursor_of_another_scope_or_too_long_or_not_a_string_is_refused():
    cursor = encode_cursor([1], "a")
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, 1, "b")
    for bad in ("", None, 5, "x" * (MAX_CURSOR_LENGTH + 1)):
        with pytest.raises(InvalidCursor):
            decode_cursor(bad, 1, "a")
    long_but_ok = encode_cursor(["y" * 600], "a")
    assert len(long_but_ok) <= MAX_CURSOR_LENGTH
    assert decode_cursor(long_but_ok, 1, "a") == ["y" * 600]


def test_page_size_is_clamped_between_1_and_100():
    assert [clamp_page_size(x) for x in ("1", "100", "101", "-3", 7.9)] == [1, 100, 100, 1, 7]
    assert clamp_page_size("abc", default=9) == 9


def test_cursor_signature_is_scoped_by_salt_and_separator():
    cursor = encode_cursor([1], "s")
    assert "." in cursor and ":" not in cursor
    with pytest.raises(signing.BadSignature):
        signing.Signer(salt="voc_portal.core.pagination.cursor:t", sep=".").unsign(cursor)


def test_page_or_first_says_whether_the_cursor_was_refused():
    def fetch(cursor):
        if cursor == "bad":
            raise InvalidCursor("no")
        return cursor

    assert pagination.page_or_first(fetch, "good") == ("good", False)
    assert pagination.page_or_first(fetch, "") == (None, False)
    assert pagination.page_or_first(fetch, "bad") == (None, True)


def test_row_compare_takes_only_comparison_operators():
    for op in ("<", ">", "<=", ">=", "="):
        assert pagination.RowCompare(["a"], op, [1]).op == op
    with pytest.raises(ValueError):
        pagination.RowCompare(["a"], "; DROP", [1])


def test_signed_cursor_longer_than_the_limit_or_shorter_than_the_ordering_is_refused():
    long_one = encode_cursor(["y" * 900], "s")
    assert len(long_one) > MAX_CURSOR_LENGTH
    with pytest.raises(InvalidCursor):
        decode_cursor(long_one, 1, "s")
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor([1], "s"), 2, "s")


def test_a_cursor_of_exactly_the_limit_decodes():
    at_limit = next(
        c for n in range(600, 800) if len(c := encode_cursor(["y" * n], "s")) == MAX_CURSOR_LENGTH
    )
    assert decode_cursor(at_limit, 1, "s")[0].startswith("y")


def test_a_signed_payload_that_is_not_json_is_refused():
    """Only a holder of the secret key could sign it; still a 400, never a 500."""
    signed = pagination._signer("s").sign(signing.b64_encode(b"[1, oops").decode())
    with pytest.raises(InvalidCursor):
        decode_cursor(signed, 1, "s")
