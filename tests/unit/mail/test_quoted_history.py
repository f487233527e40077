"""Quoted-history stripping for replies written in English and Korean mail clients."""

import pytest

from voc_portal.mail.inbound import quoted_history_strip

NEW = "Thanks, the update fixed it.\nOne more question about billing."


@pytest.mark.parametrize(
    "separator",
    [
        # Gmail (English), on one line and wrapped over two lines
        "On Tue, Nov 24, 2026 at 3:00 PM Studio <reply+1-2-abc@reply.voc.example> wrote:",
        "On Tue, Nov 24, 2026 at 3:00 PM Studio Support <\nreply+1-2-abc@reply.voc.example> wrote:",
        # Apple Mail (English)
        "On 24 Nov 2026, at 15:00, Studio <support@studio.example> wrote:",
        # Gmail (Korean)
        "2026년 11월 24일 (화) 오후 3:00, 스튜디오 <reply+1-2-abc@reply.voc.example>님이 작성:",
        # Apple Mail (Korean)
        "2026. 11. 24. 오후 3:00, 스튜디오 <support@studio.example> 작성:",
        # Outlook / Naver
        "-----Original Message-----\nFrom: Studio <support@studio.example>\nSent: Tuesday",
        "-----원본 메시지-----\n보낸 사람: 스튜디오 <support@studio.example>\n받는 사람: 나",
        "________________________________\nFrom: Studio <support@studio.example>\nSent: Tuesday",
        # Outlook header block without the rule (English and Korean)
        "From: Studio <support@studio.example>\nSent: Tuesday, November 24, 2026 3:00 PM",
        "보낸 사람: 스튜디오 <support@studio.example>\n보낸 날짜: 2026년 11월 24일 오후 3:00",
    ],
)
def test_strip_keeps_only_new_text_when_client_adds_a_separator(separator):
    text = f"{NEW}\n\n{separator}\n> Old answer\n> more old text\nold unquoted text\n"
    assert quoted_history_strip(text) == NEW


def test_strip_drops_quoted_lines_when_reply_is_inline():
    text = "> Did the update help?\nYes it did.\n> Anything else?\nNo, thanks.\r\n"
    assert quoted_history_strip(text) == "Yes it did.\nNo, thanks."


def test_strip_drops_signature_when_sig_dashes_present():
    assert quoted_history_strip("고맙습니다.\n-- \n홍길동\n010-0000-0000") == "고맙습니다."


def test_strip_keeps_korean_text_when_no_history():
    text = "앱이 계속 종료됩니다.\n\n갤럭시 S24, 안드로이드 15에서 발생합니다."
    assert quoted_history_strip(text) == text


def test_strip_keeps_ordinary_lines_when_they_only_look_like_headers():
    text = "From: my experience the app is great.\nOn Monday it crashed though."
    assert quoted_history_strip(text) == text


def test_strip_returns_empty_when_mail_is_only_quoted_history():
    text = "\n\nOn Tue, Nov 24, 2026 at 3:00 PM Studio <a@b.example> wrote:\n> Hi\n"
    assert quoted_history_strip(text) == ""
