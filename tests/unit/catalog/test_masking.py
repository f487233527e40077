"""Payment identifiers are masked to their last four characters; short ones entirely."""

import pytest

from voc_portal.catalog.masking import MASK, mask_identifier


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("1", MASK),
        ("1234", MASK),  # four characters: all of it would be the visible part
        ("12345", f"{MASK}2345"),
        ("  T2024061512345678 ", f"{MASK}5678"),
    ],
)
def test_identifier_shows_only_its_last_four_characters(value, shown):
    assert mask_identifier(value) == shown
    assert MASK == "\u2022" * 4
