import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import OfficialReply, Review, ReviewReplyTemplate
from tests.factories import AppFactory, CustomerFactory, OpsUserFactory, PurchaseFactory
from tests.factories.reviews import ReviewReplyTemplateFactory
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db
CONSOLE = "/reviews/"


def _review(app, rating=4, body="Nice app"):
    customer = CustomerFactory()
    PurchaseFactory(customer=customer, app=app)
    return services.review_create(customer=customer, app=app, rating=rating, body=body)


def test_console_requires_a_developer_when_customer_or_anonymous(client, customer):
    assert client.get(CONSOLE).status_code == 302
    client.force_login(customer.user)
    assert client.get(CONSOLE).status_code == 403


def test_console_lists_only_own_account_reviews_when_other_account_has_reviews(
    dev_client, developer, other_developer
):
    _review(developer.app, body="mine")
    _review(other_developer.app, body="theirs")
    response = dev_client.get(CONSOLE)
    assert [r.body for r in response.context["page"].items] == ["mine"]


def test_console_counts_per_filter_when_reviews_differ(dev_client, developer):
    a = _review(developer.app, rating=5, body="Fast and beautiful")
    b = _review(developer.app, rating=1, body="앱이 자꾸 멈춰요")
    _review(developer.app, rating=1, body="Crashes on start")
    services.review_reply_publish(
        review=a, account=developer.account, author=developer.user, body="Thanks"
    )
    services.review_reply_publish(
        review=b, account=developer.account, author=developer.user, body="죄송합니다"
    )
    services.review_update(review=b, customer=b.customer, rating=2, body="앱이 가끔 멈춰요")
    counts = dev_client.get(CONSOLE).context["counts"]
    assert (counts.total, counts.replied, counts.unreplied, counts.outdated) == (3, 2, 1, 1)
    assert counts.stars == {1: 1, 2: 1, 3: 0, 4: 0, 5: 1}

    def bodies(**params):
        return {r.body for r in dev_client.get(CONSOLE, params).context["page"].items}

    assert bodies(state="outdated") == {"앱이 가끔 멈춰요"}
    assert bodies(state="unreplied") == {"Crashes on start"}
    assert bodies(stars=["5", "2"]) == {"Fast and beautiful", "앱이 가끔 멈춰요"}
    assert bodies(q="멈춰") == {"앱이 가끔 멈춰요"}
    assert bodies(q="crashes") == {"Crashes on start"}
    assert bodies(q="beautifull") == {"Fast and beautiful"}  # a typo, found by word similarity
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert bodies(date_from=tomorrow) == set()
    assert len(bodies(date_to=tomorrow)) == 3


def test_console_query_count_does_not_grow_when_page_size_grows(
    dev_client, developer, django_assert_max_num_queries
):
    second_app = AppFactory(account=developer.account)
    for i in range(30):
        review = _review(developer.app if i % 2 else second_app, rating=(i % 5) + 1)
        if i % 3 == 0:
            services.review_reply_publish(
                review=review, account=developer.account, author=developer.user, body="Thanks"
            )
    ReviewReplyTemplateFactory(account=developer.account)
    with django_assert_max_num_queries(15) as small:
        dev_client.get(CONSOLE, {"page_size": 2})
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = dev_client.get(CONSOLE, {"page_size": 30})
    assert len(response.context["page"].items) == 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_console_shows_figures_and_chart_when_reviews_exist(dev_client, developer):
    a = _review(developer.app, rating=5)
    _review(developer.app, rating=3)
    services.review_reply_publish(
        review=a, account=developer.account, author=developer.user, body="Thanks"
    )
    response = dev_client.get(CONSOLE)
    figures = response.context["figures"]
    assert figures.reply_rate == 0.5 and figures.average == 4.0
    assert len(figures.weeks) == 12 and figures.weeks[-1].average == 4.0
    html = response.content.decode()
    assert "<svg" in html and "<polyline" not in html  # one week of data: a dot, no line
    assert "chart-point" in html and "50%" in html


def test_reply_posted_from_console_emails_customer_when_valid(
    dev_client, developer, django_capture_on_commit_callbacks
):
    review = _review(developer.app)
    with django_capture_on_commit_callbacks(execute=False):
        response = dev_client.post(
            reverse("reviews:reply_publish", args=[review.pk]),
            {"body": "Thank you!", "next": "/reviews/?state=unreplied"},
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/reviews/?state=unreplied")
    assert OfficialReply.objects.get().body == "Thank you!"
    assert OutboundEmail.objects.filter(kind="review_reply").count() == 1


def test_reply_refused_with_form_error_when_it_contains_a_phone_number(dev_client, developer):
    review = _review(developer.app)
    response = dev_client.post(
        reverse("reviews:reply_publish", args=[review.pk]), {"body": "Call me at 010-9999-8888"}
    )
    assert response.status_code == 400
    assert "010-9999-8888" in response.content.decode()
    assert not OfficialReply.objects.exists()


def test_reply_redirect_ignores_next_when_it_points_off_site(dev_client, developer):
    review = _review(developer.app)
    response = dev_client.post(
        reverse("reviews:reply_publish", args=[review.pk]),
        {"body": "Thanks", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith("/reviews/")


def test_reply_from_template_fills_variables_when_body_left_empty(dev_client, developer):
    review = _review(developer.app)
    template = ReviewReplyTemplateFactory(account=developer.account)
    dev_client.post(
        reverse("reviews:reply_publish", args=[review.pk]), {"body": "", "template": template.pk}
    )
    reply = OfficialReply.objects.get()
    name = review.customer.public_name  # the public display name only (docs/privacy.md)
    assert reply.body == f"Thank you {name} for reviewing {developer.app.title}!"


def test_foreign_ids_answer_404_when_developer_acts_on_other_account(
    dev_client, developer, other_developer
):
    foreign = _review(other_developer.app)
    foreign_template = ReviewReplyTemplateFactory(account=other_developer.account)
    mine = _review(developer.app)
    urls = [
        reverse("reviews:reply_publish", args=[foreign.pk]),
        reverse("reviews:reply_delete", args=[foreign.pk]),
        reverse("reviews:template_delete", args=[foreign_template.pk]),
        reverse("reviews:template_edit", args=[foreign_template.pk]),
    ]
    for url in urls:
        assert dev_client.post(url, {"body": "x", "name": "n"}).status_code == 404, url
    assert dev_client.get(urls[3]).status_code == 404
    assert (
        dev_client.post(
            reverse("reviews:reply_publish", args=[mine.pk]),
            {"body": "", "template": foreign_template.pk},
        ).status_code
        == 404
    )
    assert not OfficialReply.objects.exists()
    assert ReviewReplyTemplate.objects.filter(pk=foreign_template.pk).exists()


def test_hidden_review_shown_to_developer_with_reason_when_ops_hid_it(dev_client, developer):
    review = _review(developer.app, body="Rude words")
    services.review_hide(review=review, actor=OpsUserFactory(), reason="Harassment")
    html = dev_client.get(CONSOLE).content.decode()
    assert "Rude words" in html and "Harassment" in html and "Hidden by ops" in html


def test_reply_delete_from_console_removes_reply_when_developer_deletes(dev_client, developer):
    review = _review(developer.app)
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="Thanks"
    )
    dev_client.post(reverse("reviews:reply_delete", args=[review.pk]))
    assert not OfficialReply.objects.exists()
    assert Review.objects.filter(pk=review.pk).exists()


def test_templates_crud_when_developer_manages_them(dev_client, developer):
    url = reverse("reviews:templates")
    assert (
        dev_client.post(url, {"name": "Thanks", "body": "Thanks {customer_name}"}).status_code
        == 302
    )
    assert dev_client.post(url, {"name": "Thanks", "body": "dup"}).status_code == 400
    template = ReviewReplyTemplate.objects.get(account=developer.account)
    edit = reverse("reviews:template_edit", args=[template.pk])
    assert dev_client.post(edit, {"name": "Thanks 2", "body": "Hi {app}"}).status_code == 302
    template.refresh_from_db()
    assert (template.name, template.body) == ("Thanks 2", "Hi {app}")
    assert "Thanks 2" in dev_client.get(url).content.decode()
    dev_client.post(reverse("reviews:template_delete", args=[template.pk]))
    assert not ReviewReplyTemplate.objects.exists()


def test_console_answers_400_with_form_errors_when_filters_are_bad(
    dev_client, developer, other_developer
):
    _review(developer.app, body="mine")
    _review(other_developer.app, body="theirs")
    for params in [
        {"date_from": "not-a-date"},
        {"stars": ["9"]},
        {"app": str(other_developer.app.pk)},  # a foreign app is not a choice
        {"app": "abc"},
    ]:
        response = dev_client.get(CONSOLE, params)
        assert response.status_code == 400, params  # bad input is a 4xx with the message
        assert response.context["form"].errors, params
        assert [r.body for r in response.context["page"].items] == ["mine"], params
    assert dev_client.get(CONSOLE, {"cursor": "%%%"}).status_code == 400


def test_reply_answers_404_when_review_was_deleted_by_its_author(dev_client, developer):
    review = _review(developer.app)
    services.review_delete(review=review, customer=review.customer)
    response = dev_client.post(reverse("reviews:reply_publish", args=[review.pk]), {"body": "Hi"})
    assert response.status_code == 404


def test_console_shows_html_as_text_when_review_and_reply_contain_markup(dev_client, developer):
    review = _review(developer.app, body="<script>alert(1)</script>")
    services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body="<b>thanks</b>"
    )
    html = dev_client.get(CONSOLE).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>thanks</b>" not in html and "&lt;b&gt;thanks&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "params",
    [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_from": "9999-12-31"}],
)
def test_console_answers_200_when_date_filter_is_at_the_calendar_edge(dev_client, params):
    response = dev_client.get(reverse("reviews:console"), params)
    assert response.status_code == 200
