import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Review
from tests.factories import AppFactory, CustomerFactory, OpsUserFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def _url(app):
    return reverse("reviews:app_detail", args=[app.package_name])


def _save_url(app):
    return reverse("reviews:review_save", args=[app.package_name])


def _reviews(app, n, *, reply_account=None):
    out = []
    for i in range(n):
        customer = CustomerFactory()
        PurchaseFactory(customer=customer, app=app)
        review = services.review_create(
            customer=customer, app=app, rating=(i % 5) + 1, body=f"Review {i}"
        )
        if reply_account is not None:
            services.review_reply_publish(
                review=review, account=reply_account, author=None, body=f"Reply {i}"
            )
        out.append(review)
    return out


def test_app_page_shows_figures_and_official_reply_when_visitor_not_signed_in(client, developer):
    _reviews(developer.app, 3, reply_account=developer.account)
    response = client.get(_url(developer.app))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Official response" in html and developer.account.name in html
    assert "Reply 2" in html and "2.0" in html  # average of 1,2,3
    assert "Sign in to review" in html
    assert response.context["rating"].count == 3


def test_app_page_orders_by_rating_when_highest_or_lowest_asked(client, developer):
    _reviews(developer.app, 5)
    highest = client.get(_url(developer.app), {"order": "highest"}).context["page"].items
    lowest = client.get(_url(developer.app), {"order": "lowest"}).context["page"].items
    assert [r.rating for r in highest] == [5, 4, 3, 2, 1]
    assert [r.rating for r in lowest] == [1, 2, 3, 4, 5]


def test_app_page_paginates_with_cursor_when_more_reviews_than_a_page(client, developer):
    _reviews(developer.app, 5)
    first = client.get(_url(developer.app), {"page_size": 2})
    cursor = first.context["page"].next_cursor
    second = client.get(_url(developer.app), {"page_size": 2, "cursor": cursor})
    ids = [r.pk for r in first.context["page"].items + second.context["page"].items]
    assert len(set(ids)) == 4
    assert client.get(_url(developer.app), {"cursor": "garbage!"}).status_code == 400


def test_app_page_query_count_does_not_grow_when_page_size_grows(
    client, developer, customer, django_assert_max_num_queries
):
    _reviews(developer.app, 30, reply_account=developer.account)
    PurchaseFactory(customer=customer, app=developer.app)
    client.force_login(customer.user)
    with django_assert_max_num_queries(12) as small:
        client.get(_url(developer.app), {"page_size": 2})
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(_url(developer.app), {"page_size": 30})
    assert len(response.context["page"].items) == 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_customer_without_purchase_sees_explanation_when_opening_app_page(
    customer_client, developer
):
    html = customer_client.get(_url(developer.app)).content.decode()
    assert "Only customers who bought this app, including free apps, can review it." in html
    assert 'name="body"' not in html


def test_post_answers_403_with_explanation_when_customer_has_no_purchase(
    customer_client, developer
):
    response = customer_client.post(_save_url(developer.app), {"rating": 5, "body": "Great"})
    assert response.status_code == 403
    assert "including free apps" in response.content.decode()
    assert not Review.objects.exists()


def test_post_redirects_to_sign_in_when_visitor_is_anonymous(client, developer):
    response = client.post(_save_url(developer.app), {"rating": 5, "body": "Great"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_developer_gets_explanation_not_error_when_posting_a_review(dev_client, developer):
    response = dev_client.post(_save_url(developer.app), {"rating": 5, "body": "Great"})
    assert response.status_code == 403
    assert "Only store customers can review apps." in response.content.decode()


def test_purchaser_creates_edits_and_deletes_review_when_posting(customer_client, purchase):
    app = purchase.app
    response = customer_client.post(_save_url(app), {"rating": 5, "body": "Lovely"})
    assert response.status_code == 302
    review = Review.objects.get()
    customer_client.post(_save_url(app), {"rating": 2, "body": "Less lovely"})
    review.refresh_from_db()
    assert (review.rating, review.body) == (2, "Less lovely") and review.edited_at
    html = customer_client.get(_url(app)).content.decode()
    assert "Edit your review" in html
    customer_client.post(reverse("reviews:review_delete", args=[app.package_name]))
    review.refresh_from_db()
    assert review.deleted_at is not None


def test_bad_input_answers_400_form_error_when_rating_missing_or_body_too_long(
    customer_client, purchase
):
    assert customer_client.post(_save_url(purchase.app), {"body": "x"}).status_code == 400
    response = customer_client.post(_save_url(purchase.app), {"rating": 9, "body": "x"})
    assert response.status_code == 400
    response = customer_client.post(_save_url(purchase.app), {"rating": 3, "body": "x" * 2001})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_html_and_script_shown_as_text_when_in_review_and_reply(client, developer, purchase):
    review = services.review_create(
        customer=purchase.customer,
        app=developer.app,
        rating=1,
        body='<script>alert("x")</script><b>bold</b>',
    )
    services.review_reply_publish(
        review=review,
        account=developer.account,
        author=developer.user,
        body="<img src=x onerror=alert(1)> sorry",
    )
    html = client.get(_url(developer.app)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; sorry" in html


def test_hidden_review_gone_for_public_but_shown_to_author_with_reason_when_ops_hide(
    client, customer, purchase
):
    review = services.review_create(
        customer=customer, app=purchase.app, rating=1, body="Hidden words here"
    )
    services.review_hide(review=review, actor=OpsUserFactory(), reason="Personal attack")
    public = client.get(_url(purchase.app)).content.decode()
    assert "Hidden words here" not in public
    client.force_login(customer.user)
    own = client.get(_url(purchase.app)).content.decode()
    assert "Hidden words here" in own and "Personal attack" in own


def test_app_list_shows_apps_with_ratings_when_visitor_browses(
    client, developer, django_assert_max_num_queries
):
    _reviews(developer.app, 2)
    AppFactory(free=True, title="Free Thing")
    with django_assert_max_num_queries(3):
        response = client.get(reverse("reviews:app_list"))
    html = response.content.decode()
    assert developer.app.title in html and "Free Thing" in html and "Free" in html


def test_unknown_app_answers_404_when_package_name_does_not_exist(client, db):
    assert client.get("/apps/com.nope.none/").status_code == 404


def test_author_still_sees_and_can_delete_review_when_purchase_was_cancelled(
    customer_client, purchase
):
    review = services.review_create(
        customer=purchase.customer, app=purchase.app, rating=2, body="Meh"
    )
    purchase.state, purchase.cancelled_at = "cancelled", timezone.now()
    purchase.save()
    html = customer_client.get(_url(purchase.app)).content.decode()
    assert "Meh" in html and "including free apps" in html and "Delete review" in html
    customer_client.post(reverse("reviews:review_delete", args=[purchase.app.package_name]))
    review.refresh_from_db()
    assert review.deleted_at is not None


def test_contact_seller_shown_only_when_a_customer_is_signed_in(client, customer, developer):
    contact = reverse("inquiries:create", args=[developer.app.package_name])
    assert contact not in client.get(_url(developer.app)).content.decode()
    client.force_login(customer.user)
    assert contact in client.get(_url(developer.app)).content.decode()
