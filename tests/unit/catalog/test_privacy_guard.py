# ruff: noqa: RUF001  (full-width characters are the point of these rows)
"""The one privacy guard (voc_portal.catalog.privacy): a table of evasions it must see through,
and a table of innocent texts it must let pass. Both sides (replies, reviews) use this guard;
tests/integration/reviews/test_privacy_guard_http.py sends rows of these tables through HTTP."""

import pytest

from voc_portal.catalog.privacy import (
    EMAIL,
    MESSENGER,
    PAYMENT,
    PHONE,
    REDACTED,
    find_private_data,
    redact,
)

# The customer's own identifiers, as the guard is given them for a reply or review.
IDENTIFIERS = ["TID000000000123", "TX-0000000000000456", "R0000000789"]

EVASIONS = [
    # emails
    ("Write to jane.doe.1987@example.com", EMAIL),
    ("메일 주세요 jane@example.co.kr", EMAIL),
    ("jane\u200b@example.com", EMAIL),  # zero-width space inside
    ("jane@\u200bexample\u200b.com", EMAIL),
    ("jane\uff20example\uff0ecom", EMAIL),  # full-width at sign and dot
    ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", EMAIL),  # all full-width
    ("jane (at) example (dot) com", EMAIL),
    ("jane [at] example [dot] com", EMAIL),
    ("jane at example dot com", EMAIL),
    ("jane at example.com", EMAIL),
    ("jane 골뱅이 example.com", EMAIL),
    ("j a n e @ e x a m p l e . c o m", EMAIL),  # spaced out
    ("jane @ example . com", EMAIL),
    ("jane\u00ad@example.com", EMAIL),  # soft hyphen
    ("JANE@EXAMPLE.COM 로 연락", EMAIL),
    # phone numbers
    ("010-1234-5678로 전화 주세요", PHONE),
    ("01012345678", PHONE),
    ("010 1234 5678", PHONE),
    ("010.1234.5678", PHONE),
    ("０１０-１２３４-５６７８", PHONE),  # full-width digits
    ("0\u200b10-1234-5678", PHONE),  # zero-width space inside
    ("공일공-1234-5678", PHONE),  # Korean number words
    ("공일공 일이삼사 오육칠팔", PHONE),
    ("영일영-일이삼사-오육칠팔", PHONE),
    ("0 1 0 1 2 3 4 5 6 7 8", PHONE),  # spaced out
    ("+82 10 1234 5678", PHONE),
    ("+82-10-1234-5678", PHONE),
    ("82-10-1234-5678", PHONE),  # the country code without its plus
    ("82-2-1234-5678", PHONE),  # ... 11 digits, the shortest such number
    ("82/10/1234/5678", PHONE),  # slashes: libphonenumber's matcher misses these
    ("82/2/1234/5678", PHONE),
    ("(02) 123-4567", PHONE),
    ("02-1234-5678 고객센터", PHONE),
    ("031-123-4567", PHONE),
    ("call +1 650 253 0000 now", PHONE),
    # payment identifiers of that customer, and identifier-shaped text
    ("Your TID is TID000000000123", PAYMENT),
    ("tid000000000123 확인했습니다", PAYMENT),  # another case
    ("TID 0000 0000 0123", PAYMENT),  # spaces inside
    ("T I D 0 0 0 0 0 0 0 0 0 1 2 3", PAYMENT),
    ("TX 0000000000000456", PAYMENT),
    ("영수증 R 000 000 0789", PAYMENT),
    ("R\u200b0000000789", PAYMENT),
    ("영수증번호: A1B2C3D4E5", PAYMENT),  # labelled
    ("승인번호 12345678", PAYMENT),
    ("1234 5678 9012 3456", PAYMENT),  # card-like
    ("1234 5678 9012", PAYMENT),  # 12 digits, the shortest unlabelled payment number
    ("+1234 5678 9012 3456 7890", PAYMENT),  # a plus, but too long for any phone number
    ("My code T2024061512345678 failed", PAYMENT),  # unlabelled, identifier-shaped
    # messenger IDs
    ("카톡 ID: jane_doe", MESSENGER),
    ("카카오톡 아이디는 jane1987", MESSENGER),
    ("카톡으로 jane1987 추가해주세요", MESSENGER),
    ("kakao: janedoe", MESSENGER),
    ("라인 아이디 jane.doe", MESSENGER),
    ("LINE ID: janedoe", MESSENGER),
    ("My LINE ID: janedoe", MESSENGER),  # a word before it, not glued to it
    ("친구추가는카톡 아이디 jane1987", MESSENGER),  # Korean runs words together
    ("텔레그램 @janedoe", MESSENGER),
    ("Telegram: @jane_doe", MESSENGER),
    ("ｋａｋａｏｔａｌｋ ｉｄ ｊａｎｅ", MESSENGER),  # full-width
    ("카\u200b톡 ID: jane_doe", MESSENGER),
    ("open.kakao.com/o/sAbCdEf 로 오세요", MESSENGER),
    ("t.me/janedoe", MESSENGER),
]

INNOCENT = [
    "정말 유용한 앱입니다. 매일 사용하고 있어요!",
    "업데이트 후에 로그인이 안 돼요. 확인 부탁드립니다.",
    "Great app, but it crashes when I open the settings.",
    "Thanks for the review! We fixed this in version 2.3.10.",
    "버전 2.3.10에서 수정되었습니다.",
    "Version 10.0.1 (build 2024) is out.",
    "가격이 4,900원인데 조금 비싸요.",
    "The premium plan costs 12,000원 a year, about $9.99.",
    "2024-06-15에 구매했어요.",
    "We will release it on 2024.07.01 or 2024/07/15.",
    "이 앱 덕분에 일이 쉬워졌어요. 이사 갈 때도 썼어요.",
    "온라인 매장에서도 똑같이 동작합니다.",
    "The line chart in the stats screen is wrong.",
    "I use it at home and at work.",
    "Meet me at the office. Then we talk.",
    "오늘 오후 3시 30분에 다시 시도해 볼게요.",
    "별점 5점 드립니다. 100% 만족!",
    "Telegram is great for chat, this app is not.",
    "카톡 알림이 너무 많이 와요.",
    "Level 42 is too hard; I tried 15 times.",
    "삼일절에 업데이트가 나왔네요.",
    "공지사항을 확인해 주세요.",
    "Download size is 123 MB, 1,234,567 downloads so far.",
    "Order total 12345678901 points.",  # 11 digits: not a phone number, too short for payment
    "After the update the reopen chat: button is missing.",  # "open chat" inside a word
    "Error code E1001 appears after step 3.",
    "We replied on 15/06/2024 at 10:30.",
    "{customer_name}님, {app}을 이용해 주셔서 감사합니다.",
]


def test_the_tables_are_as_large_as_the_issue_asks():
    assert len(EVASIONS) >= 40 and len(INNOCENT) >= 20


@pytest.mark.parametrize(("text", "kind"), EVASIONS, ids=[t for t, _ in EVASIONS])
def test_evasion_is_found_and_named(text, kind):
    findings = find_private_data(text, identifiers=IDENTIFIERS)
    assert findings, text
    assert findings[0].kind == kind, findings
    assert findings[0].fragment  # the message names the part


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_text_passes(text):
    assert find_private_data(text, identifiers=IDENTIFIERS) == []


def test_each_part_is_named_once_and_in_the_order_of_the_text():
    """Two detectors see the same phone number; an email carries digits: one finding each."""
    text = "Call 010-1234-5678 or mail jane.doe.1987@example.com, or 010-9876-5432."
    findings = find_private_data(text)
    assert [(f.kind, f.fragment) for f in findings] == [
        (PHONE, "010-1234-5678"),
        (EMAIL, "jane.doe.1987@example.com"),
        (PHONE, "010-9876-5432"),
    ]


@pytest.mark.parametrize(("identifier", "found"), [("7Q9Z", True), ("7Q9", False)])
def test_known_identifiers_count_from_four_characters(identifier, found):
    """Shorter ones would flag ordinary words and numbers."""
    findings = find_private_data(f"code {identifier} here", identifiers=[identifier])
    assert [(f.kind, f.fragment) for f in findings] == ([(PAYMENT, identifier)] if found else [])


def test_redact_replaces_every_finding():
    text = "mail jane@example.com or call 010-1234-5678 please"
    assert redact(text) == f"mail {REDACTED} or call {REDACTED} please"
