"""One Message-ID spelling for the outbox, the inbound dedupe and the tracking lookup."""

import pytest

from voc_portal.mail.message_ids import message_id_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" <Ab@X.Example>\r\n", "<Ab@x.example>"),
        ("Ab@X.Example", "<Ab@x.example>"),  # Mailgun's events: no angle brackets
        ("<<Ab@x.example>>", "<Ab@x.example>"),
        ("<Ab\r\n @x.example>", "<Ab@x.example>"),  # folded
        ("0", "<0>"),
        ("", ""),
        (None, ""),
        ("<>", ""),
    ],
)
def test_one_spelling(raw, expected):
    assert message_id_normalise(raw) == expected


def test_local_part_keeps_its_case():
    assert message_id_normalise("A@x.example") != message_id_normalise("a@x.example")
