import pytest

from reviews.models import render_reply_template
from reviews.privacy import EMAIL, PAYMENT, PHONE, find_private_data
from voc_portal.accounts.models import Customer, User


@pytest.mark.parametrize(
    ("text", "kind", "fragment"),
    [
        ("Write to support@studio.example please", EMAIL, "support@studio.example"),
        # The guard names the part as it reads it, after normalising ("(at)" is an "@").
        ("mail kim.minsu (at) gmail . com", EMAIL, "kim.minsu@gmail . com"),
        ("전화 010-1234-5678 로 주세요", PHONE, "010-1234-5678"),
        ("call 01012345678", PHONE, "01012345678"),
        ("call +82 10-1234-5678 today", PHONE, "+82 10-1234-5678"),
        ("our office +1 (415) 555-0132", PHONE, "+1 (415) 555-0132"),
        ("Seoul office 02-123-4567", PHONE, "02-123-4567"),
        ("Your TID: T20240615ABCD1234 was refunded", PAYMENT, "TID: T20240615ABCD1234"),
        ("txid 9f8e7d6c5b4a", PAYMENT, "txid 9f8e7d6c5b4a"),
        ("receipt no. R0000012345", PAYMENT, "receipt no. R0000012345"),
        ("영수증 번호 R0000012345 확인", PAYMENT, "영수증 번호 R0000012345"),
        ("approval 123456789012345", PAYMENT, "123456789012345"),
        ("reference PAYX2024Q1BB77 done", PAYMENT, "PAYX2024Q1BB77"),
    ],
)
def test_guard_names_the_offending_part_when_reply_has_private_data(text, kind, fragment):
    findings = find_private_data(text)
    assert [(f.kind, f.fragment) for f in findings] == [(kind, fragment)]


def test_guard_finds_customer_identifier_when_written_without_label():
    findings = find_private_data("We refunded abc-77-xyz yesterday", identifiers=["ABC-77-XYZ"])
    assert [(f.kind, f.fragment) for f in findings] == [(PAYMENT, "abc-77-xyz")]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks! Version 2.4.1 fixes the crash on Android 14.",
        "업데이트 감사합니다. 3월 15일 배포 예정입니다.",
        "We released the fix on 2024-06-15 for 1,000 users.",
        "Price stays at 3,300 won.",
    ],
)
def test_guard_passes_when_reply_has_no_private_data(text):
    assert find_private_data(text) == []


def test_guard_lists_every_part_in_order_when_several_are_present():
    text = "Mail a@b.co or call 010-2222-3333"
    assert [f.kind for f in find_private_data(text)] == [EMAIL, PHONE]


def test_template_variables_are_filled_with_the_public_display_name_only():
    # Changed on purpose (issue 10): this asserted that {customer_name} is whatever name the
    # caller passed (the full name or the email's local part). A reply is public, so the
    # template now takes the customer and fills in only Customer.public_name.
    customer = Customer(user=User(email="jane.doe.1987@example.com", full_name="Jane Doe"))
    assert (
        render_reply_template(
            "Hi {customer_name}, thanks for {app} {x}", customer=customer, app="Memo"
        )
        == "Hi Jane D., thanks for Memo {x}"
    )
    nameless = Customer(user=User(email="jane.doe.1987@example.com", full_name=""))
    assert "jane" not in render_reply_template("Hi {customer_name}", customer=nameless, app="M")
