"""The big publisher of issue 19: one account with 200,000 inquiries over 50 apps, 20 members
(inquiries assigned among them, a tenth unassigned), ~400,000 messages and 50,000 reviews on
its top app (all at SCALE=1; the generator scales them like the rest).

Its ids follow the store's: with `a` accounts and `c` customers it is account a + 1, its apps
2a + 1 … 2a + 50 (the first is the top app), its members' users a + c + 1 … a + c + 20 and
memberships a + 1 … a + 20 (the first is the owner, the load run signs in as them).
"""

from __future__ import annotations

APPS = 50
MEMBERS = 20


def publisher_sizes(scale: float) -> dict[str, int]:
    return {
        "publisher_inquiries": max(int(200_000 * scale), 1000),
        "publisher_reviews": max(int(50_000 * scale), 100),
    }


def publisher_ids(s: dict[str, int]) -> dict[str, int]:
    a, c = s["accounts"], s["customers"]
    return {
        "account": a + 1,
        "top_app": 2 * a + 1,
        "first_user": a + c + 1,
        "first_membership": a + 1,
    }


def publisher_people_sql(s: dict[str, int]) -> str:
    ids = publisher_ids(s)
    u, m, acc, app = ids["first_user"], ids["first_membership"], ids["account"], ids["top_app"]
    return f"""
    INSERT INTO accounts_user (id, password, is_superuser, email, full_name, language,
        is_active, is_staff, date_joined)
    SELECT {u} + k, '!', false, 'publisher' || k || '@bench.example', '박' || k, 'ko', true,
           false, now() - interval '400 days'
    FROM generate_series(0, {MEMBERS - 1}) k;
    INSERT INTO accounts_developeraccount (id, name, support_email, created_at)
    VALUES ({acc}, 'Big Publisher', 'support@publisher.bench.example',
            now() - interval '400 days');
    INSERT INTO accounts_membership (id, role, notify_inquiries, created_at, account_id, user_id)
    SELECT {m} + k, CASE WHEN k = 0 THEN 'owner' ELSE 'agent' END, k = 0,
           now() - interval '400 days', {acc}, {u} + k
    FROM generate_series(0, {MEMBERS - 1}) k;
    INSERT INTO catalog_app (id, title, package_name, description, price, created_at, account_id)
    SELECT {app} + k, '대형 퍼블리셔 게임 ' || (k + 1), 'com.bench.publisher' || (k + 1), '',
           CASE WHEN k % 2 = 0 THEN 0 ELSE 5500 END, now() - interval '400 days', {acc}
    FROM generate_series(0, {APPS - 1}) k"""


def publisher_seed_columns(s: dict[str, int], h) -> tuple[str, str, str]:
    """For a bench_seed row g: (is it the publisher's, its app_id, its assignee membership id),
    as SQL expressions; `h` is the generator's hash (expr, salt, mod)."""
    ids = publisher_ids(s)
    mine = f"g > {s['inquiries']}"
    app = (
        f"CASE WHEN {h('g', 30, 100)} < 20 THEN {ids['top_app']}"
        f" ELSE {ids['top_app'] + 1} + {h('g', 31, APPS - 1)} END"
    )
    assignee = (
        f"CASE WHEN {h('g', 32, 10)} = 0 THEN NULL"
        f" ELSE {ids['first_membership']} + {h('g', 33, MEMBERS)} END"
    )
    return mine, app, assignee


def publisher_reviews_sql(s: dict[str, int], h, body_pick: str) -> str:
    """The top app's reviews: one per customer, spread over two years."""
    r, app = s["publisher_reviews"], publisher_ids(s)["top_app"]
    return f"""
    INSERT INTO reviews_review (rating, body, created_at, updated_at, hidden_reason, app_id,
        customer_id)
    SELECT 1 + {h("g", 34, 5)}, {body_pick} || ' ★', t, t, '', {app}, g
    FROM (SELECT g, now() - interval '700 days' * ({r} - g)::float / {r} AS t
          FROM generate_series(1, {r}) g) AS top"""
