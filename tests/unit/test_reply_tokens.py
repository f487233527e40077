import base64
import hashlib
import hmac
from datetime import date, timedelta

from voc_portal.mail.reply_tokens import reply_address, reply_token_expired, reply_token_parse


def test_reply_address_parses_back_when_untouched(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=12, user_id=34)
    assert len(address.split("@")[0]) <= 64
    token = reply_token_parse(address)
    assert (token.inquiry_id, token.user_id, token.version) == (12, 34, 2)
    assert reply_token_parse(address.upper()) == token


def test_reply_token_parse_refuses_when_ids_are_moved(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=12, user_id=34)
    forged = address.replace("reply+v2-12-", "reply+v2-13-")
    assert reply_token_parse(forged) is None


def test_reply_token_parse_refuses_when_domain_or_shape_is_wrong(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=1, user_id=2)
    assert reply_token_parse(address.replace("reply.example.com", "evil.example.com")) is None
    assert reply_token_parse("reply+x@reply.example.com") is None
    assert reply_token_parse("") is None


def test_reply_token_parse_refuses_when_issue_day_is_moved(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=1, user_id=2, today=date(2026, 1, 1))
    day = (date(2026, 1, 1) - date(1970, 1, 1)).days
    assert reply_token_parse(address.replace(f"-{day}-", f"-{day + 200}-")) is None


def test_reply_token_survives_key_rotation_when_old_key_is_a_fallback(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=5, user_id=6)
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "rotated-" + "k" * 50
    assert reply_token_parse(address) is None
    settings.SECRET_KEY_FALLBACKS = [old]
    assert reply_token_parse(address).inquiry_id == 5


def test_reply_token_expires_after_max_age(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    settings.VOC_REPLY_TOKEN_MAX_AGE_DAYS = 180
    token = reply_token_parse(reply_address(inquiry_id=1, user_id=2, today=date(2026, 1, 1)))
    assert not reply_token_expired(token, today=date(2026, 6, 30))
    assert reply_token_expired(token, today=date(2026, 7, 1))


def test_first_format_token_is_accepted_and_judged_by_the_fallback_date(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    digest = hmac.new(settings.SECRET_KEY.encode(), b"voc-reply:7:8", hashlib.sha256).digest()
    signature = base64.b32encode(digest).decode().lower()[:20]
    token = reply_token_parse(f"reply+7-8-{signature}@reply.example.com")
    assert (token.inquiry_id, token.user_id, token.version, token.issued_on) == (7, 8, 1, None)
    today = date(2026, 7, 1)
    assert not reply_token_expired(token, issued_fallback=today, today=today)
    assert reply_token_expired(token, issued_fallback=today - timedelta(days=181), today=today)
    assert reply_token_expired(token, today=today)
