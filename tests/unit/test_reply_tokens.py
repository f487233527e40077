from voc_portal.mail.reply_tokens import ReplyToken, reply_address, reply_token_parse


def test_reply_address_parses_back_when_untouched(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=12, user_id=34)
    assert len(address.split("@")[0]) <= 64
    assert reply_token_parse(address) == ReplyToken(inquiry_id=12, user_id=34)
    assert reply_token_parse(address.upper()) == ReplyToken(inquiry_id=12, user_id=34)


def test_reply_token_parse_refuses_when_ids_are_moved(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=12, user_id=34)
    forged = address.replace("reply+12-", "reply+13-")
    assert reply_token_parse(forged) is None


def test_reply_token_parse_refuses_when_domain_or_shape_is_wrong(settings):
    settings.VOC_REPLY_DOMAIN = "reply.example.com"
    address = reply_address(inquiry_id=1, user_id=2)
    assert reply_token_parse(address.replace("reply.example.com", "evil.example.com")) is None
    assert reply_token_parse("reply+x@reply.example.com") is None
    assert reply_token_parse("") is None
