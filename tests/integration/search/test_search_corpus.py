"""Korean and English search through the tsvector documents, on the real PostgreSQL.

Each query's expected hits are written out by hand; for terms of three or more characters the
index must also agree with what `UPPER(text) LIKE UPPER('%term%')` found before (the old search),
except where the module says it differs on purpose (a Latin term inside a word).
"""

import pytest
from django.db import connection

from voc_portal.core.search import search_document, search_query

CORPUS = {
    "refund-obj": "환불을 요청합니다. 결제가 두 번 되었어요.",
    "refund-subj": "환불이 안 돼요",
    "refund-request": "환불 요청 드립니다",
    "pay-error-ios": "iOS 결제 오류가 납니다 (error code 0x13)",
    "pay-done": "결제했는데 아이템이 안 들어왔어요",
    "ad": "광고가 너무 많아요. 광고 제거 상품은 없나요?",
    "ad-once": "광고 보고 설치했어요",
    "coupon": "쿠폰 코드 입력이 안 됩니다",
    "en-refund": "I would like a refund for my purchase, please.",
    "en-refunded": "Was I refunded? I was charged twice.",
    "en-crash": "The app crashes on Android 14 when I open the shop",
    "mixed-crash": "앱이 Android에서 자꾸 꺼져요",
    "one-syllable": "앱 삭제 후 복구",
    "fullwidth": "\uff21\uff30\uff30 오류",  # full-width APP: NFKC makes it app
    "hanja": "払い戻し 希望",
}

# query → the documents it must find (and nothing else).
EXPECTED = {
    "환불": {"refund-obj", "refund-subj", "refund-request"},
    "환불을": {"refund-obj"},
    "환불 요청": {"refund-obj", "refund-request"},
    "결제": {"refund-obj", "pay-error-ios", "pay-done"},
    "오류": {"pay-error-ios", "fullwidth"},
    "iOS 결제 오류": {"pay-error-ios"},
    "광고": {"ad", "ad-once"},
    "쿠폰": {"coupon"},
    "앱": {"mixed-crash", "one-syllable"},
    "요청합니다": {"refund-obj"},
    "refund": {"en-refund", "en-refunded"},
    "REFUNDED": {"en-refunded"},
    "android": {"en-crash", "mixed-crash"},
    "app": {"en-crash", "fullwidth"},
    "払い": {"hanja"},
    "없는말": set(),
}


@pytest.fixture
def corpus(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE search_corpus (name text, body text, doc tsvector)")
        for name, body in CORPUS.items():
            cursor.execute(
                "INSERT INTO search_corpus VALUES (%s, %s, %s::tsvector)",
                [name, body, search_document(body)],
            )
        cursor.execute("CREATE INDEX ON search_corpus USING gin (doc)")
    return connection


def _hits(sql: str, params: list) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_the_index_finds_what_a_person_expects(corpus, query, expected):
    found = _hits("SELECT name FROM search_corpus WHERE doc @@ %s::tsquery", [search_query(query)])
    assert found == expected


@pytest.mark.parametrize(
    "query", ["요청합니다", "결제가", "광고 제거", "아이템이", "refund", "android"]
)
def test_longer_terms_find_what_the_old_substring_search_found(corpus, query):
    old = _hits("SELECT name FROM search_corpus WHERE upper(body) LIKE upper(%s)", [f"%{query}%"])
    new = _hits("SELECT name FROM search_corpus WHERE doc @@ %s::tsquery", [search_query(query)])
    assert new == old


def test_more_matches_rank_first(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM search_corpus, (SELECT %s::tsquery AS q) query WHERE doc @@ q"
            " ORDER BY ts_rank(doc, q) DESC, name",
            [search_query("광고")],
        )
        assert [row[0] for row in cursor.fetchall()] == ["ad", "ad-once"]


def test_nothing_searchable_is_no_query():
    assert search_query("  ?! -- ") is None
    assert search_query("") is None


def test_a_document_is_a_literal_of_letters_and_positions():
    assert search_document("환불을 iOS") == "'환불':1 '불을':2 '을':3 'ios':4"
    # Quotes and backslashes split runs: they can never reach the literal.
    assert search_document("it's a\\b") == "'it':1 's':2 'a':3 'b':4"


@pytest.fixture
def inbox_corpus(developer):
    """The corpus as inquiries of the developer's account, written through the services (the
    first message starts the thread, a reply adds to it), and the same words in another account."""
    from inquiries import services
    from tests.factories.accounts import CustomerFactory
    from tests.factories.inquiries import InquiryFactory

    customer = CustomerFactory()
    ids = {}
    for name, body in CORPUS.items():
        inquiry = services.inquiry_create(
            customer=customer, app=developer.app, category="other", subject="문의", body=body
        )
        ids[inquiry.pk] = name
    InquiryFactory(search_text=" ".join(CORPUS.values()))  # another account's: never found
    return ids


@pytest.mark.parametrize(("query", "expected"), EXPECTED.items())
def test_the_inbox_search_finds_what_a_person_expects(inbox_corpus, developer, query, expected):
    from inquiries.selectors import InboxFilters, inquiry_counts_for_member, inquiry_list_for_member

    page = inquiry_list_for_member(
        account=developer.account, filters=InboxFilters(q=query), cursor=None, page_size=100
    )
    assert {inbox_corpus[row.pk] for row in page.items} == expected
    counts = inquiry_counts_for_member(account=developer.account, filters=InboxFilters(q=query))
    assert counts["all"] == len(expected)


def test_search_counts_stop_at_the_cap_and_say_so(inbox_corpus, developer, monkeypatch, client):
    """A common word in a big account: the tabs count the first CAP matches, never scan them all;
    past the cap All reads "2+" and the other tabs a dash."""
    from inquiries import selectors
    from inquiries.selectors import InboxFilters, inquiry_counts_for_member

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    exact = inquiry_counts_for_member(account=developer.account, filters=InboxFilters(q="광고"))
    assert (exact["all"], exact["awaiting"], str(exact["all"])) == (2, 2, "2")
    capped = inquiry_counts_for_member(account=developer.account, filters=InboxFilters(q="환불"))
    assert capped["all"] == 2 and str(capped["all"]) == "2+"
    assert capped["awaiting"] is None

    client.force_login(developer.user)
    html = client.get("/inquiries/", {"q": "환불"}).content.decode()
    assert '<span class="count">2+</span>' in html
    assert '<span class="count">\u2013</span>' in html


@pytest.mark.parametrize(("scan_rows", "through_index"), [(0, True), (10**6, False)])
def test_a_search_finds_the_same_through_the_index_or_row_by_row(
    inbox_corpus, developer, monkeypatch, scan_rows, through_index
):
    """A small scope is tested row by row, a big one through the index: the same page and
    counts, and the page and its counts share the plan."""
    from django.test.utils import CaptureQueriesContext

    from inquiries import selectors
    from inquiries.selectors import InboxFilters, inquiry_counts_for_member, inquiry_list_for_member

    monkeypatch.setattr(selectors, "SEARCH_SCAN_ROWS", scan_rows)
    for query, expected in EXPECTED.items():
        with CaptureQueriesContext(connection) as queries:
            page = inquiry_list_for_member(
                account=developer.account, filters=InboxFilters(q=query), cursor=None, page_size=100
            )
            counts = inquiry_counts_for_member(
                account=developer.account, filters=InboxFilters(q=query)
            )
        assert {inbox_corpus[row.pk] for row in page.items} == expected, query
        assert counts["all"] == len(expected), query
        if expected:
            searches = [q["sql"] for q in queries if "search_vector" in q["sql"]]
            assert len(searches) == 2, query  # the page, the counts
            assert all(("ts_match_vq(" in sql) is not through_index for sql in searches), query
