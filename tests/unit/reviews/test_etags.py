"""If-Match: the one rule (voc_portal.api.etags) the reply and refund services both apply."""

import pytest

from reviews.etags import official_reply_etag
from reviews.models import OfficialReply
from voc_portal.api.etags import if_match_check, if_match_holds
from voc_portal.core.errors import PreconditionFailed, PreconditionRequired

TAG = official_reply_etag(OfficialReply(pk=7, version=2))


def test_etag_changes_when_version_or_row_changes():
    assert official_reply_etag(OfficialReply(pk=7, version=2)) == TAG
    assert official_reply_etag(OfficialReply(pk=7, version=3)) != TAG
    assert official_reply_etag(OfficialReply(pk=8, version=2)) != TAG
    assert official_reply_etag(None) is None


@pytest.mark.parametrize(
    ("header", "current", "holds"),
    [
        (None, TAG, True),
        (None, None, True),
        (TAG, TAG, True),
        (f'"other", {TAG}', TAG, True),
        (f"W/{TAG}", TAG, True),
        ("*", TAG, True),
        ('"other"', TAG, False),
        ('""', TAG, False),
        ("*", None, False),
        (TAG, None, False),
        ("", TAG, False),
    ],
)
def test_if_match_holds_when_it_names_the_current_tag(header, current, holds):
    assert if_match_holds(header, current) is holds


def _outcome(header, current, required):
    try:
        if_match_check(header, current, required=required)
    except PreconditionRequired:
        return 428
    except PreconditionFailed:
        return 412
    return "ok"


@pytest.mark.parametrize(
    ("header", "current", "required", "outcome"),
    [
        (None, TAG, True, 428),  # an edit without If-Match
        ("", TAG, True, 428),  # an empty one names no version
        ("  ", None, True, 428),  # ... and is never valid where one is asked for
        (None, None, True, "ok"),  # creating: there is no ETag to send yet
        ('""', TAG, True, 412),  # a tag, just never ours
        ('"x"', TAG, True, 412),
        ("*", None, True, 412),
        (TAG, TAG, True, "ok"),
        (None, TAG, False, "ok"),  # a web form: no ETag protocol
        ("", TAG, False, "ok"),
        ('"x"', TAG, False, 412),
    ],
)
def test_if_match_check_answers_428_or_412_per_the_rule(header, current, required, outcome):
    assert _outcome(header, current, required) == outcome
