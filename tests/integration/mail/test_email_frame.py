"""Every email kind in one frame: Korean without English leaks or particle fallbacks, the text
part derived from the HTML without double escaping, the footer true to the reply address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import translation

from tests.integration.mail.email_samples import HOSTILE, samples
from voc_portal.core import formats
from voc_portal.mail.services import render_email

# Latin words a Korean email may keep (KOREAN.md, issue 20): identifiers, the brand, the time zone.
ALLOWED = {"TID", "TXID", "API", "HTML", "VOC", "KST", "Re", "O", "X"}
_STRIP = [
    re.compile(r"https?://\S+"),  # addresses of pages
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email addresses
    re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|\{\w+\}"),  # placeholders left unfilled
]
_WORD = re.compile(r"[A-Za-z]+")
# Particle fallbacks a well-built Korean sentence never needs (KOREAN.md, mechanics 4).
FALLBACKS = ("(를)", "(가)", "(은)", "(과)", "(으)로", "을(를)", "이(가)")


def english_leaks(text: str) -> list[str]:
    """Latin words left in a Korean text, after addresses, placeholders and ALLOWED."""
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in ALLOWED]


def _variants() -> dict[str, tuple[str, dict, bool]]:
    """Every sample, plus the branches the samples do not take by default."""
    all_ = samples()
    extra = {}
    for name, change in {
        "refund_changed_filed": {
            "from_state": "",
            "to_state": "접수",
            "to_state_code": "submitted",
        },
        "refund_changed_needs_info": {"to_state": "추가 정보 요청", "to_state_code": "needs_info"},
        "refund_changed_consent_o": {"consent_answer": True, "from_state": "검토 중"},
        "refund_changed_consent_x": {"consent_answer": False, "from_state": "검토 중"},
    }.items():
        template, context, reply = all_["refund_changed"]
        extra[name] = (template, {**context, **change}, reply)
    template, context, reply = all_["review_reply"]
    extra["review_reply_changed"] = (template, {**context, "changed": True}, reply)
    template, context, reply = all_["inquiry_reply"]
    extra["inquiry_reply_no_name"] = (template, {**context, "recipient_name": ""}, reply)
    return {**all_, **extra}


@pytest.mark.parametrize("kind", sorted(_variants()))
def test_email_in_korean_has_no_english_word_and_no_particle_fallback(kind):
    template, context, reply = _variants()[kind]
    email = render_email(template, context, "ko", can_reply=reply)
    for part in (email.subject, email.body_text):
        assert english_leaks(part) == [], (kind, part)
        assert not [f for f in FALLBACKS if f in part], (kind, part)
    assert '<html lang="ko">' in email.body_html
    assert email.body_text.count("VOC 포털 드림") == 1 and "감사합니다." in email.body_text


def test_english_leak_checker_finds_a_leftover_word_and_keeps_allowed_ones():
    text = "결제 식별 정보(TID, TXID) https://voc.example/a?b=Cd %(name)s hello@example.com Store"
    assert english_leaks(text) == ["Store"]


@pytest.mark.parametrize("kind", sorted(samples()))
def test_every_email_has_the_frame_in_english_too(kind):
    template, context, reply = samples()[kind]
    email = render_email(template, context, "en", can_reply=reply)
    html = email.body_html
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    # inlined on the text cells (css-inline writes the names in single quotes)
    assert "font-family: 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR'" in html
    assert "@media (max-width: 620px)" in html  # the phone layout stays in a <style> block
    assert 'class="button"' in html and "background: #ff3d3d" in html  # inlined button
    assert "VOC Portal" in email.body_text.splitlines()[0]  # header
    assert "You get this email because" in email.body_text  # why
    assert "<!--" not in html and "<" not in email.body_text.replace("<script>", "")
    assert english_leaks(email.body_text)  # really English (the checker is not blind)


def test_text_part_reads_hostile_input_as_typed_and_html_escapes_it_once():
    template, context, reply = samples()["refund_rejected"]
    email = render_email(template, {**context, "reason": HOSTILE}, "ko", can_reply=reply)
    assert '<script>alert("x")</script> & 1. step' in email.body_text
    assert "- dash" in email.body_text and "\\" not in email.body_text
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#x27;", "&#34;"):
        assert entity not in email.body_text
    assert "<script>" not in email.body_html and "&lt;script&gt;" in email.body_html


@pytest.mark.parametrize(
    ("kind", "reply", "says"),
    [
        ("inquiry_reply", True, "이 메일에 회신하시면 판매자에게 전달됩니다."),
        ("inquiry_new", True, "이 메일에 회신하면 고객에게 답변으로 전달됩니다."),
        ("refund_approved", False, "이 메일은 발신 전용입니다."),
        ("inquiry_reminder", False, "이 메일은 발신 전용입니다."),
    ],
)
def test_footer_matches_the_reply_address(kind, reply, says):
    template, context, _ = samples()[kind]
    text = render_email(template, context, "ko", can_reply=reply).body_text
    assert says in text
    assert ("회신하시면" in text or "회신하면" in text) is reply


def test_greeting_uses_the_public_name_or_customer_never_a_number():
    template, context, reply = samples()["inquiry_reply"]
    named = render_email(template, context, "ko", can_reply=reply).body_text
    unnamed = render_email(template, {**context, "recipient_name": ""}, "ko").body_text
    assert "이*원 고객님, 안녕하세요." in named
    assert unnamed.splitlines()[4] == "고객님, 안녕하세요."
    template, context, reply = samples()["inquiry_new"]
    to_developer = render_email(template, context, "ko", can_reply=reply).body_text
    assert "이*원 고객님이" in to_developer and not re.search(r"고객 \d+님", to_developer)


def test_refund_approved_says_when_the_money_returns_in_business_days():
    template, context, reply = samples()["refund_approved"]
    text = render_email(template, {**context, "refund_days": 5}, "ko", can_reply=reply).body_text
    assert "5영업일 이내에 환불됩니다" in text and "결제 금액: 24,000원" in text
    text = render_email(template, {**context, "refund_days": 5}, "en").body_text
    assert "within 5 business days" in text and "₩24,000" in text


def test_rejection_gives_the_next_step():
    template, context, reply = samples()["refund_rejected"]
    text = render_email(template, context, "ko", can_reply=reply).body_text
    assert "사유: 이미 환불된 구매입니다." in text
    assert "판매자에게 문의하기" in text and "다시 검토를 요청할 수 있습니다" in text


def test_consent_request_states_what_the_privacy_act_requires():
    template, context, reply = samples()["consent_request"]
    text = render_email(template, context, "ko", can_reply=reply).body_text
    for line in (
        "제공받는 자: VOC 포털 스토어 운영팀, 판매자(스튜디오 하늘)",
        "제공 목적: 구매 확인 및 환불(구매 취소) 처리",
        "제공 항목: 이 구매의 TID, TXID, 결제 영수증 번호",
        "보유 및 이용 기간: 환불 요청이 처리된 후 365일 동안 보관하며, 그 후 파기합니다.",
        "동의 거부 권리 및 거부 시 불이익: 동의를 거부하실 수 있습니다.",
    ):
        assert line in text


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("ko", 24000, "24,000원"),
        ("en", 24000, "₩24,000"),
        ("ko", "4900.00", "4,900원"),
        ("ko", None, ""),
    ],
)
def test_won_formats_amounts_in_the_active_language(language, amount, expected):
    with translation.override(language):
        assert formats.won_text(amount) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(hours=5), "5시간"),
        (timedelta(hours=5, minutes=59), "5시간"),
        (timedelta(days=2, hours=3), "2일 3시간"),
        (timedelta(days=3), "3일"),
        (timedelta(minutes=25), "25분"),
    ],
)
def test_durations_in_korean_never_say_zero_minutes(delta, expected):
    with translation.override("ko"):
        assert formats.duration_text(delta) == expected


def test_korean_dates_read_as_a_korean_store_writes_them():
    from tests.integration.mail.email_samples import AT

    with translation.override("ko"):
        assert formats.datetime_text(AT) == "2026년 12월 1일(화) 오후 3:05"
    with translation.override("en"):
        assert formats.datetime_text(AT) == "Tue 1 Dec 2026, 3:05 PM"
