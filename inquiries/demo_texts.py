"""The demo inquiries' words: per language (the customer's) and per app variant.

Customers write in their own language and the developer answers that very question in it;
Korean follows ../shared/KOREAN.md (합니다체, 고객님, never 반말). Used by inquiries.demo.
"""

from __future__ import annotations

from datetime import timedelta

from .models import Category

# Saved replies in the owner's language (KOREAN.md: 합니다체, 고객님, never 반말).
TEMPLATES = {
    "ko": [
        (
            "감사 인사",
            "{customer_name}님, 안녕하세요. {app}에 문의해 주셔서 감사합니다. "
            "문의 #{inquiry_no} 내용을 확인하고 있으며, 곧 답변드리겠습니다.",
        ),
        (
            "업데이트 안내",
            "{customer_name}님, 불편을 드려 죄송합니다. 최신 버전의 {app}에서 이 문제를 "
            "수정했습니다. 스토어에서 업데이트하신 뒤에도 같은 문제가 있으면 알려 주세요.",
        ),
        (
            "환불 안내",
            "{customer_name}님, {app} 환불 요청을 스토어 운영팀에 전달했습니다. "
            "처리 결과는 이메일로 알려 드립니다. (문의 #{inquiry_no})",
        ),
    ],
    "en": [
        (
            "Thanks for writing",
            "Hello {customer_name}, thank you for contacting us about {app}. "
            "We are looking into inquiry #{inquiry_no} and will answer shortly.",
        ),
        (
            "Update fixes it",
            "Hi {customer_name}, sorry for the trouble: the latest update of {app} fixes this. "
            "Please update from the store and tell us if it still happens.",
        ),
        (
            "Refund passed to the store",
            "Hello {customer_name}, we passed your {app} refund request to store operations. "
            "You will get their decision by email (inquiry #{inquiry_no}).",
        ),
    ],
}

# (age, category, outcome, {language: [(subject, body, reply or ""), ...per app variant]})
# The customer writes in their own language; the developer answers that question in it.
SCENARIOS = [
    (
        timedelta(hours=2),
        Category.ERROR,
        "awaiting",
        {
            "ko": [
                (
                    "앱이 실행되자마자 꺼져요",
                    "업데이트 후 {app} 로고 화면에서 바로 종료됩니다. 갤럭시 S23을 사용합니다.",
                    "",
                ),
                (
                    "화면이 하얗게 멈춥니다",
                    "{app} 앱을 열면 흰 화면에서 더 진행되지 않습니다. 재설치해도 같습니다.",
                    "",
                ),
            ],
            "en": [
                (
                    "The app closes right after it opens",
                    "Since the update {app} quits on the logo screen (Galaxy S23).",
                    "",
                ),
                (
                    "Stuck on a white screen",
                    "{app} shows a white screen and never loads. Reinstalling did not help.",
                    "",
                ),
            ],
        },
    ),
    (
        timedelta(days=2, hours=3),
        Category.REFUND,
        "awaiting",
        {
            "ko": [
                (
                    "결제가 두 번 되었습니다",
                    "{item} 상품을 한 번 샀는데 결제 내역에 두 건이 있습니다. 한 건 환불 "
                    "부탁드립니다.",
                    "",
                ),
                (
                    "실수로 구매했습니다",
                    "아이가 {item} 상품을 잘못 눌러 구매했습니다. 사용하지 않았으니 환불 "
                    "가능할까요?",
                    "",
                ),
            ],
            "en": [
                (
                    "Charged twice",
                    "I bought {item} once but my card shows two charges. Please refund one.",
                    "",
                ),
                (
                    "Bought by mistake",
                    "My child bought {item} by accident; it was never used. Can it be refunded?",
                    "",
                ),
            ],
        },
    ),
    (
        timedelta(days=2, hours=18),
        Category.MAINTENANCE,
        "awaiting_note",
        {
            "ko": [
                (
                    "기기 간 동기화가 안 됩니다",
                    "태블릿에서 저장한 {app} 기록이 월요일부터 휴대폰에 나타나지 않습니다.",
                    "",
                ),
                (
                    "백업 기능을 개선해 주세요",
                    "{app} 백업이 수동으로만 됩니다. 자동 백업이 있으면 좋겠습니다.",
                    "",
                ),
            ],
            "en": [
                (
                    "Sync between devices stopped",
                    "My {app} progress on the tablet has not reached my phone since Monday.",
                    "",
                ),
                (
                    "Please improve backups",
                    "{app} only backs up by hand. An automatic backup would help.",
                    "",
                ),
            ],
        },
    ),
    (
        timedelta(days=3, hours=4),
        Category.REFUND,
        "awaiting",
        {
            "ko": [
                (
                    "결제했는데 아이템이 없습니다",
                    "어제 {item} 상품을 결제했는데 앱에 들어오지 않았습니다.",
                    "",
                ),
                ("구독이 적용되지 않아요", "{item} 결제 후에도 {app}에 광고가 계속 나옵니다.", ""),
            ],
            "en": [
                (
                    "Paid but nothing arrived",
                    "I paid for {item} yesterday and nothing changed in the app.",
                    "",
                ),
                (
                    "Subscription not applied",
                    "After paying for {item} I still see ads in {app}.",
                    "",
                ),
            ],
        },
    ),
    (
        timedelta(days=4),
        Category.ERROR,
        "answered",
        {
            "ko": [
                (
                    "특정 화면에서 앱이 종료됩니다",
                    "{app}에서 상점 화면을 열 때마다 앱이 꺼집니다.",
                    "불편을 드려 죄송합니다. 2.4.1 버전에서 상점 화면 오류를 수정했습니다. "
                    "업데이트 후에도 같은 문제가 있으면 알려 주세요.",
                ),
                (
                    "알림이 오지 않습니다",
                    "{app} 알림을 켜 두었는데 알림이 전혀 오지 않습니다.",
                    "확인해 주셔서 감사합니다. 휴대폰 설정 > 배터리에서 {app}의 절전 예외를 켜 "
                    "주시면 알림이 정상적으로 옵니다.",
                ),
            ],
            "en": [
                (
                    "The app closes on one screen",
                    "{app} crashes every time I open the shop.",
                    "Sorry about that. Version 2.4.1 fixes the shop crash; please update and tell "
                    "us if it still happens.",
                ),
                (
                    "No notifications",
                    "Notifications are on for {app}, yet none arrive.",
                    "Thanks for the report. Please allow {app} in Settings > Battery so the "
                    "system does not hold its notifications.",
                ),
            ],
        },
    ),
    (
        timedelta(days=6),
        Category.OTHER,
        "answered",
        {
            "ko": [
                (
                    "다크 모드 지원 계획이 있나요?",
                    "밤에 {app} 앱을 쓰면 눈이 부셔요. 다크 모드가 나오면 좋겠습니다.",
                    "좋은 의견 감사합니다. 다크 모드는 다음 달 업데이트에 넣을 예정입니다.",
                ),
                (
                    "태블릿에서도 쓸 수 있나요?",
                    "{app} 앱을 태블릿에서도 같은 계정으로 쓰고 싶습니다.",
                    "네, 같은 계정으로 로그인하시면 태블릿에서도 사용하실 수 있습니다. 구매 "
                    "내역도 그대로 적용됩니다.",
                ),
            ],
            "en": [
                (
                    "Any plans for a dark mode?",
                    "{app} is very bright at night. A dark mode would be great.",
                    "Thank you for the idea. Dark mode is planned for next month's update.",
                ),
                (
                    "Can I use it on a tablet?",
                    "I would like to use {app} on my tablet with the same account.",
                    "Yes: sign in with the same account on the tablet and your purchases come "
                    "with you.",
                ),
            ],
        },
    ),
    (
        timedelta(days=9),
        Category.MAINTENANCE,
        "closed",
        {
            "ko": [
                (
                    "위젯을 추가해 주세요",
                    "홈 화면에서 {app} 오늘 일정을 바로 보는 위젯이 있으면 좋겠습니다.",
                    "제안해 주셔서 감사합니다. 위젯을 개발 계획에 추가했습니다.",
                ),
                (
                    "글자 크기를 키울 수 있으면 좋겠어요",
                    "{app} 글자가 작아서 읽기 어렵습니다.",
                    "의견 감사합니다. 다음 업데이트에서 설정 > 글자 크기 메뉴를 추가하겠습니다.",
                ),
            ],
            "en": [
                (
                    "Please add a widget",
                    "A home-screen widget with today's items from {app} would be great.",
                    "Thank you for the suggestion; we added a widget to our plans.",
                ),
                (
                    "Bigger text, please",
                    "The text in {app} is small and hard to read.",
                    "Thanks for telling us. The next update adds Settings > Text size.",
                ),
            ],
        },
    ),
    (
        timedelta(days=12),
        Category.ERROR,
        "followup",
        {
            "ko": [
                (
                    "로그인이 안 됩니다",
                    "비밀번호를 맞게 입력해도 {app}에 로그인되지 않습니다.",
                    "비밀번호 재설정 메일을 보내 드렸습니다. 메일의 링크로 새 비밀번호를 설정해 "
                    "주세요.",
                ),
                (
                    "계정이 초기화되었습니다",
                    "{app}에 다시 로그인했더니 기록이 모두 사라졌습니다.",
                    "불편을 드려 죄송합니다. 서버에 남은 기록을 복구해 드렸습니다. 앱을 다시 "
                    "실행해 확인해 주세요.",
                ),
            ],
            "en": [
                (
                    "Cannot sign in",
                    "{app} refuses my password although it is right.",
                    "We sent you a password reset email; please set a new password from its link.",
                ),
                (
                    "My account was reset",
                    "After signing in to {app} again all my progress was gone.",
                    "Sorry for the trouble. We restored your progress from the server; please "
                    "restart the app.",
                ),
            ],
        },
    ),
]
FOLLOWUPS = {
    "ko": "답변 감사합니다. 그런데 아직 해결되지 않았습니다. 다시 확인해 주세요.",
    "en": "Thanks, but it is still not solved. Could you look again?",
}
NOTES = {
    "ko": "서버 팀에 동기화 로그 확인을 요청했습니다.",
    "en": "Asked the backend team to check the sync logs.",
}
