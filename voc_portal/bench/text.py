"""Inquiry and review text, mixed Korean and English as a Korean store's customers write it."""

SUBJECTS = [
    "결제가 두 번 되었어요",
    "앱이 실행되지 않습니다",
    "환불 요청드립니다",
    "업데이트 후 로그인이 안 돼요",
    "구독 해지 방법 문의",
    "아이템이 지급되지 않았습니다",
    "Login fails after the update",
    "Refund for a double charge",
    "App crashes on start",
    "동기화 오류가 계속 발생합니다",
    "Premium features not unlocked",
    "광고 제거 구매 후에도 광고가 나와요",
    "Cannot restore my purchase",
    "데이터가 사라졌어요",
    "알림이 오지 않습니다",
    "Dark mode request",
]

BODY_PHRASES = [
    "어제 결제했는데 카드에서 두 번 청구되었습니다.",
    "앱을 실행하면 바로 종료됩니다. 갤럭시 S23, 안드로이드 14 사용 중입니다.",
    "환불 부탁드립니다. 실수로 구매했어요.",
    "I was charged twice for the premium upgrade yesterday.",
    "After the latest update the app crashes on the splash screen.",
    "로그인 버튼을 눌러도 아무 반응이 없습니다.",
    "Please refund my subscription, I cancelled before the renewal date.",
    "구매한 아이템이 인벤토리에 보이지 않습니다.",
    "동기화 중 오류 코드 E1024가 표시됩니다.",
    "The restore purchase button says no purchases found.",
    "광고 제거를 구매했는데 여전히 배너 광고가 나옵니다.",
    "My notes disappeared after reinstalling the app.",
    "영수증 첨부합니다. 확인 부탁드립니다.",
    "Notifications stopped working on my tablet.",
    "다크 모드 지원 계획이 있나요?",
    "The payment went through but the app still shows the free plan.",
    "백업 파일을 불러오면 앱이 멈춥니다.",
    "Could you add an export to CSV?",
    "결제 내역에는 있는데 앱에서는 미구매로 나옵니다.",
    "I get a network error even on Wi-Fi.",
]

REPLY_PHRASES = [
    "불편을 드려 죄송합니다. 확인 후 중복 결제 건은 취소 처리해 드렸습니다.",
    "안녕하세요, 문의 주셔서 감사합니다. 최신 버전(2.4.1)으로 업데이트 부탁드립니다.",
    "Thanks for reaching out. We have restored your purchase; please restart the app.",
    "We are sorry for the trouble. A fix is in version 2.4.2, out this week.",
    "환불은 스토어 정책에 따라 3영업일 이내에 처리됩니다.",
    "Could you send us the order number from your receipt?",
    "아이템을 다시 지급해 드렸습니다. 확인 부탁드립니다.",
    "The sync issue is fixed on our servers; it should work now.",
]

CLOSING_PHRASES = [
    "해결되었습니다. 감사합니다!",
    "Thank you, it works now.",
    "빠른 답변 감사합니다.",
    "All good, thanks for the quick help.",
]


def sql_array(phrases: list[str]) -> str:
    """An SQL text[] literal (single quotes doubled): the phrases are constants of this module."""
    quoted = ", ".join("'" + p.replace("'", "''") + "'" for p in phrases)
    return f"ARRAY[{quoted}]::text[]"


def sql_doc_array(phrases: list[str]) -> str:
    """The phrases' search vectors (core.search.search_document) as an SQL tsvector[] literal,
    index for index with sql_array: the generator concatenates them (tsvector || shifts the
    right side's positions), so an inquiry's vector costs no tokenising per row."""
    from voc_portal.core.search import search_document

    return sql_array([search_document(p) for p in phrases]).replace("::text[]", "::tsvector[]")
