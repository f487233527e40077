"""The store-scale data set, written by PostgreSQL itself (generate_series, INSERT … SELECT).

SCALE=1: 1,000 developer accounts with 2 apps each, 200,000 customers (the first 100,000 write
inquiries; the big app's 200,000 reviews need one customer each: one review per customer and
app), 1,000,000 inquiries (27% awaiting, 20,000 of them past due), ~2,000,000 messages in
Korean and English, 250,000 purchases, and one app with 200,000 reviews. Account 1 is the bench
developer's: ~1,000 inquiries like every other account (issue 19 measures the big account), and
the big app. Every denormalised value is written from the
same expressions as its source rows: `search_text` (subject + every message body, in order),
`last_message_at` (the last message), the clock fields, and AppRating (from the counted reviews).
"""

from __future__ import annotations

import time

from django.db import connection

from inquiries.counters import RECOUNT_SQL
from inquiries.counters import TABLE as COUNTER_TABLE
from inquiries.escalation_queue import FILL_SQL as ESCALATION_QUEUE_FILL_SQL

from .publisher import (
    publisher_people_sql,
    publisher_reviews_sql,
    publisher_seed_columns,
    publisher_sizes,
)
from .text import (
    BODY_PHRASES,
    CLOSING_PHRASES,
    REPLY_PHRASES,
    SUBJECTS,
    sql_array,
    sql_doc_array,
)

# Every table the generator owns, emptied first (the bench database is the generator's alone).
TABLES = [
    "refunds_refundevent",
    "refunds_refundrequest",
    "api_idempotencyrecord",
    "api_apitoken",
    "mail_outboundemail",
    "inquiries_inquiryevent",
    "inquiries_inquirycounter",
    "inquiries_escalationdue",
    "inquiries_message",
    "inquiries_inquiry",
    "reviews_reviewevent",
    "reviews_apprating",
    "reviews_review",
    "catalog_purchase",
    "catalog_app",
    "accounts_customer",
    "accounts_membership",
    "accounts_developeraccount",
    "accounts_user",
    "django_session",
]


def sizes(scale: float) -> dict[str, int]:
    n = max(int(1_000_000 * scale), 1000)
    return {
        "accounts": max(int(1000 * scale), 10),
        "customers": max(int(200_000 * scale), 200),
        "inquiry_customers": max(int(100_000 * scale), 100),
        "inquiries": n,
        "reviews": max(int(200_000 * scale), 200),
        # g % overdue_every = 0 is past due: exactly 20,000 of 1,000,000.
        "overdue_every": 50,
        **publisher_sizes(scale),
    }


def _h(expr: str, salt: int, mod: int) -> str:
    """A pseudo-random 0..mod-1 from an integer column (hashint8 is PostgreSQL's own hash)."""
    return f"(abs(hashint8(({expr})::bigint * 7919 + {salt})) % {mod})"


def _pick(phrases: list[str], salt: int) -> str:
    """One of `phrases`, chosen per row by the hash of g."""
    return f"({sql_array(phrases)})[1 + {_h('g', salt, len(phrases))}]"


def _pick_doc(phrases: list[str], salt: int) -> str:
    """The search vector of the phrase _pick(phrases, salt) chose for the same row."""
    return f"({sql_doc_array(phrases)})[1 + {_h('g', salt, len(phrases))}]"


def _people_steps(s: dict[str, int]) -> list[tuple[str, str]]:
    a, c = s["accounts"], s["customers"]
    return [
        (
            "users",
            f"""INSERT INTO accounts_user (id, password, is_superuser, email, full_name, language,
                is_active, is_staff, date_joined)
            SELECT g, '!', false,
                   CASE WHEN g <= {a} THEN 'dev' || g || '@bench.example'
                        ELSE 'customer' || (g - {a}) || '@bench.example' END,
                   CASE WHEN g % 3 = 0 THEN 'Kim ' || g ELSE '김' || g END,
                   CASE WHEN g % 3 = 0 THEN 'en' ELSE 'ko' END, true, false,
                   now() - interval '400 days'
            FROM generate_series(1, {a + c}) g""",
        ),
        (
            "accounts",
            f"""INSERT INTO accounts_developeraccount (id, name, support_email, created_at)
            SELECT g, 'Studio ' || g, 'support' || g || '@bench.example',
                   now() - interval '400 days'
            FROM generate_series(1, {a}) g;
            INSERT INTO accounts_membership (id, role, notify_inquiries, created_at, account_id,
                user_id)
            SELECT g, 'owner', true, now() - interval '400 days', g, g
            FROM generate_series(1, {a}) g;
            INSERT INTO accounts_customer (id, customer_number, created_at, user_id)
            SELECT g, 'C' || lpad(g::text, 9, '0'), now() - interval '400 days', {a} + g
            FROM generate_series(1, {c}) g;
            INSERT INTO catalog_app (id, title, package_name, description, price, created_at,
                account_id)
            SELECT g, CASE WHEN g % 2 = 0 THEN '별빛 일기 ' || g ELSE 'Pocket Ledger ' || g END,
                   'com.bench.app' || g, '', CASE WHEN g % 2 = 0 THEN 0 ELSE 3300 END,
                   now() - interval '400 days', (g + 1) / 2
            FROM generate_series(1, {2 * a}) g""",
        ),
        ("the big publisher (account, 20 members, 50 apps)", publisher_people_sql(s)),
    ]


def _seed_steps(s: dict[str, int]) -> list[tuple[str, str]]:
    a, ci, n = s["accounts"], s["inquiry_customers"], s["inquiries"]
    total = n + s["publisher_inquiries"]  # the big publisher's rows are g > n
    mine, publisher_app, publisher_assignee = publisher_seed_columns(s, _h)
    subj, body, reply, close = SUBJECTS, BODY_PHRASES, REPLY_PHRASES, CLOSING_PHRASES
    pick, doc = _pick, _pick_doc
    return [
        (
            "seed rows (one per inquiry, the expressions every table below reads)",
            f"""CREATE UNLOGGED TABLE bench_seed AS
            SELECT *, CASE WHEN {mine} THEN {publisher_app} ELSE 2 * account_id - app_half
                   END AS app_id,
                   CASE WHEN {mine} THEN {publisher_assignee} END AS assignee_id
            FROM (SELECT g,
                   CASE WHEN {mine} THEN {a + 1} ELSE 1 + {_h("g", 2, a)} END AS account_id,
                   {_h("g", 3, 2)} AS app_half,
                   1 + {_h("g", 4, ci)} AS customer_id,
                   CASE WHEN g % {s["overdue_every"]} = 0 THEN 'overdue'
                        WHEN {_h("g", 5, 100)} < 26 THEN 'awaiting'
                        WHEN {_h("g", 5, 100)} < 76 THEN 'answered' ELSE 'closed' END AS kind,
                   now() - interval '365 days' * ({total} - g)::float / {total}
                         - interval '1 hour' * {_h("g", 6, 24)} AS created_at,
                   interval '1 minute' * (30 + {_h("g", 7, 2000)}) AS reply_after,
                   interval '1 hour' * (1 + {_h("g", 8, 60)}) AS waiting,
                   {pick(subj, 9)} AS subject,
                   {pick(body, 10)} || ' ' || {pick(body, 11)} || ' (#' || g || ')' AS body1,
                   {pick(reply, 12)} AS body2,
                   {pick(close, 13)} AS body3,
                   (CASE {_h("g", 14, 4)} WHEN 0 THEN 'error' WHEN 1 THEN 'refund'
                         WHEN 2 THEN 'maintenance' ELSE 'other' END) AS category,
                   -- The same texts' search vectors (see _pick_doc): the number is one word.
                   {doc(subj, 9)} AS subject_doc,
                   {doc(body, 10)} || {doc(body, 11)} || (g || ':1')::tsvector AS body1_doc,
                   {doc(reply, 12)} AS body2_doc,
                   {doc(close, 13)} AS body3_doc
            FROM generate_series(1, {total}) g) AS seed;
            UPDATE bench_seed SET created_at = now() - interval '72 hours' - waiting * 3
            WHERE kind = 'overdue';
            UPDATE bench_seed SET created_at = now() - waiting WHERE kind = 'awaiting'""",
        ),
    ]


def _inquiry_steps(s: dict[str, int]) -> list[tuple[str, str]]:
    a = s["accounts"]
    return [
        (
            "purchases (every 4th inquiry names one)",
            """INSERT INTO catalog_purchase (id, item_name, purchased_at, amount, tid, txid,
                receipt_number, state, app_id, customer_id)
            SELECT g, 'Premium', created_at - interval '1 day', 3300, 'TID' || g, 'TX' || g,
                   'R' || g, 'completed', app_id, customer_id
            FROM bench_seed WHERE g % 4 = 0""",
        ),
        (
            "inquiries",
            """INSERT INTO inquiries_inquiry (id, category, subject, status, clock, awaiting_since,
                due_at, first_response_at, escalated_at, created_at, last_message_at, closed_at,
                search_text, search_vector, account_id, app_id, customer_id, purchase_id,
                assignee_id)
            SELECT g, category, subject,
                   CASE WHEN kind IN ('awaiting', 'overdue') THEN 'awaiting' ELSE kind END, 1,
                   CASE WHEN kind IN ('awaiting', 'overdue') THEN created_at END,
                   CASE WHEN kind IN ('awaiting', 'overdue') THEN created_at + interval '72 hours'
                   END,
                   CASE WHEN kind IN ('answered', 'closed') THEN created_at + reply_after END,
                   NULL, created_at,
                   CASE WHEN kind = 'closed' THEN created_at + reply_after * 2
                        WHEN kind = 'answered' THEN created_at + reply_after
                        ELSE created_at END,
                   CASE WHEN kind = 'closed' THEN created_at + reply_after * 2 END,
                   subject || E'\\n' || body1
                     || CASE WHEN kind IN ('answered', 'closed') THEN E'\\n' || body2 ELSE '' END
                     || CASE WHEN kind = 'closed' THEN E'\\n' || body3 ELSE '' END,
                   subject_doc || body1_doc
                     || CASE WHEN kind IN ('answered', 'closed') THEN body2_doc ELSE '' END
                     || CASE WHEN kind = 'closed' THEN body3_doc ELSE '' END,
                   account_id, app_id, customer_id,
                   CASE WHEN g % 4 = 0 THEN g END, assignee_id
            FROM bench_seed""",
        ),
        (
            "messages",
            f"""INSERT INTO inquiries_message (author_kind, via, is_internal, body, created_at,
                author_id, inquiry_id, code, data)
            SELECT m.*, '', '{{}}'::jsonb FROM (
                SELECT 'customer', 'web', false, body1, created_at, {a} + customer_id, g
                FROM bench_seed
                UNION ALL
                SELECT 'developer', 'web', false, body2, created_at + reply_after,
                       CASE WHEN assignee_id IS NOT NULL THEN {s["customers"]} + assignee_id
                            WHEN g > {s["inquiries"]} THEN {a + s["customers"] + 1}
                            ELSE account_id END, g
                FROM bench_seed WHERE kind IN ('answered', 'closed')
                UNION ALL
                SELECT 'customer', 'email', false, body3, created_at + reply_after * 2,
                       {a} + customer_id, g
                FROM bench_seed WHERE kind = 'closed'
            ) AS m""",
        ),
    ]


def _counter_steps() -> list[tuple[str, str]]:
    # The load runs with triggers off (session_replication_role): the recount the inquiry
    # counters' triggers would have kept (inquiries.counters).
    return [
        (
            "inquiry counters",
            f"INSERT INTO {COUNTER_TABLE} (account_id, app_id, category, status, is_escalated,"
            f" assignee_id, n) {RECOUNT_SQL.format(where='')}",
        ),
        # ...and the escalation sweep's queue its triggers would have kept.
        ("escalation queue", ESCALATION_QUEUE_FILL_SQL),
    ]


def _review_steps(s: dict[str, int]) -> list[tuple[str, str]]:
    a, c, r = s["accounts"], s["customers"], s["reviews"]
    body, pick = BODY_PHRASES, _pick
    return [
        (
            "reviews (the big app, then 20 on every other app)",
            f"""INSERT INTO reviews_review (rating, body, created_at, updated_at, deleted_at,
                hidden_at, hidden_reason, app_id, customer_id)
            SELECT rating, {pick(body, 20)} || ' ★' || rating, t, t,
                   CASE WHEN {_h("g", 21, 200)} = 0 THEN t + interval '1 day' END,
                   CASE WHEN {_h("g", 22, 100)} = 0 THEN t + interval '2 days' END,
                   CASE WHEN {_h("g", 22, 100)} = 0 THEN 'Spam' ELSE '' END, app_id, g
            FROM (
                SELECT g, 1 AS app_id,
                       now() - interval '700 days' * ({r} - g)::float / {r}
                             - interval '1 minute' * {_h("g", 23, 600)} AS t,
                       CASE WHEN {_h("g", 24, 100)} < 50 THEN 5 WHEN {_h("g", 24, 100)} < 70 THEN 4
                            WHEN {_h("g", 24, 100)} < 80 THEN 3 WHEN {_h("g", 24, 100)} < 88 THEN 2
                            ELSE 1 END AS rating
                FROM generate_series(1, {r}) g
            ) big;
            INSERT INTO reviews_review (rating, body, created_at, updated_at, hidden_reason,
                app_id, customer_id)
            SELECT 1 + {_h("app * 100 + k", 25, 5)}, 'Good app, 좋아요 ' || k,
                   now() - interval '1 day' * k, now() - interval '1 day' * k, '', app,
                   1 + (app * 20 + k) % {c}
            FROM generate_series(2, {2 * a + 50}) app, generate_series(1, 20) k
            WHERE app <> {2 * a + 1};
            {publisher_reviews_sql(s, _h, pick(body, 20))}""",
        ),
        (
            "app ratings (from the counted reviews)",
            """INSERT INTO reviews_apprating (count, sum, count_1, count_2, count_3, count_4,
                count_5, updated_at, app_id)
            SELECT count(*), sum(rating), count(*) FILTER (WHERE rating = 1),
                   count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
                   count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5), now(),
                   app_id
            FROM reviews_review WHERE deleted_at IS NULL AND hidden_at IS NULL GROUP BY app_id""",
        ),
        (
            "sequences",
            """DROP TABLE bench_seed;
            SELECT setval(pg_get_serial_sequence(t, 'id'), coalesce(max_id, 1))
            FROM (VALUES
                ('accounts_user', (SELECT max(id) FROM accounts_user)),
                ('accounts_developeraccount', (SELECT max(id) FROM accounts_developeraccount)),
                ('accounts_membership', (SELECT max(id) FROM accounts_membership)),
                ('accounts_customer', (SELECT max(id) FROM accounts_customer)),
                ('catalog_app', (SELECT max(id) FROM catalog_app)),
                ('catalog_purchase', (SELECT max(id) FROM catalog_purchase)),
                ('inquiries_inquiry', (SELECT max(id) FROM inquiries_inquiry))
            ) AS v(t, max_id)""",
        ),
    ]


def _steps(s: dict[str, int]) -> list[tuple[str, str]]:
    return [
        *_people_steps(s),
        *_seed_steps(s),
        *_inquiry_steps(s),
        *_counter_steps(),
        *_review_steps(s),
    ]


def _drop_indexes(cursor, tables: list[str]) -> list[str]:
    """Non-unique secondary indexes of the big tables: rebuilt once after the load (faster)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.tablename = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary""",
        [tables],
    )
    rows = cursor.fetchall()
    for name, _ in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def generate(*, scale: float) -> dict[str, int]:
    s = sizes(scale)
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Rows are consistent by construction: foreign-key triggers off for the load (superuser).
        cursor.execute(
            "SET synchronous_commit = off; SET maintenance_work_mem = '1GB';"
            " SET session_replication_role = replica"
        )
        cursor.execute("DROP TABLE IF EXISTS bench_seed")
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        indexes = _drop_indexes(
            cursor, ["inquiries_inquiry", "inquiries_message", "reviews_review"]
        )
        for label, sql in _steps(s):
            t0 = time.monotonic()
            cursor.execute(sql)
            print(f"  {label}: {time.monotonic() - t0:.1f} s", flush=True)
        t0 = time.monotonic()
        for definition in indexes:
            t1 = time.monotonic()
            cursor.execute(definition)
            if time.monotonic() - t1 > 5:
                print(f"    {time.monotonic() - t1:.1f} s: {definition[:90]}", flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
        print(f"  {len(indexes)} indexes: {time.monotonic() - t0:.1f} s", flush=True)
    t0 = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE: {time.monotonic() - t0:.1f} s", flush=True)
    print(f"generated SCALE={scale} in {time.monotonic() - started:.1f} s: {s}", flush=True)
    return s
