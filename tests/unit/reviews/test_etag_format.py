"""ETags are quoted 32-hex strong tags of the kind, the id and the change time."""

from datetime import UTC, datetime

from voc_portal.api.etags import etag_for, if_match_holds


def test_etag_is_a_quoted_32_hex_digest_of_kind_and_parts():
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    tag = etag_for("refund", 7, at)
    assert len(tag) == 34 and tag[0] == tag[-1] == '"'
    int(tag[1:-1], 16)
    assert tag == etag_for("refund", 7, at)
    assert tag != etag_for("refund", 7, at.replace(second=6))
    assert tag != etag_for("review", 7, at)
    assert etag_for("refund", 7, at.isoformat()) == tag  # a datetime counts as its ISO form


def test_blank_entries_in_a_list_are_ignored():
    tag = etag_for("refund", 1)
    assert if_match_holds(f" , {tag} ,", tag)
    assert not if_match_holds(" , ", tag)


def test_if_match_is_documented_as_required_except_for_a_first_edit():
    from voc_portal.api.etags import IF_MATCH_EDIT_PARAMETER, IF_MATCH_PARAMETER

    assert IF_MATCH_PARAMETER.required is True
    assert IF_MATCH_EDIT_PARAMETER.required is False
