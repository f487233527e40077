"""If-Match as the reply services read it: the rule of the API's check_if_match, on a value."""

from types import SimpleNamespace

import pytest

from reviews.etags import if_match_holds, official_reply_etag
from reviews.models import OfficialReply
from voc_portal.api.errors import PreconditionFailed
from voc_portal.api.etags import check_if_match

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
        ("*", None, False),
        (TAG, None, False),
        ("", TAG, False),
    ],
)
def test_if_match_holds_when_it_names_the_current_tag(header, current, holds):
    assert if_match_holds(header, current) is holds


def _api_allows(header, current) -> bool:
    request = SimpleNamespace(headers={} if header is None else {"If-Match": header})
    try:
        check_if_match(request, current)
    except PreconditionFailed:
        return False
    return True


@pytest.mark.parametrize("header", [None, "", "*", TAG, f"W/{TAG}", f'"x", {TAG}', '"x"', ","])
@pytest.mark.parametrize("current", [TAG, None])
def test_if_match_holds_agrees_with_the_api_check_when_given_the_same_header(header, current):
    assert if_match_holds(header, current) is _api_allows(header, current)
