"""The pages over HTTP: customer and developer flows, bad input, tenancy and query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inquiries import services
from inquiries.models import Category, Inquiry, Message, ReplyTemplate, Status
from tests.factories import CustomerFactory, PurchaseFactory
from tests.factories.inquiries import InquiryFactory, ReplyTemplateFactory
from voc_portal.mail.models import OutboundEmail

from .conftest import pdf_file, png_file

pytestmark = pytest.mark.django_db


def _contact_url(app):
    return reverse("inquiries:create", kwargs={"package_name": app.package_name})


def _post_inquiry(client, app, **overrides):
    data = {
        "category": Category.REFUND,
        "subject": "Please refund",
        "body": "I bought it by mistake.",
    }
    data.update(overrides)
    return client.post(_contact_url(app), data)


# --- customer ------------------------------------------------------------------------------------


def test_contact_page_shows_refund_notice_and_only_own_purchases_when_customer_opens_it(
    customer_client, developer, purchase
):
    stranger = PurchaseFactory(app=developer.app)
    response = customer_client.get(_contact_url(developer.app))
    assert response.status_code == 200
    html = response.content.decode()
    assert "store operations review your request" in html
    assert f'value="{purchase.pk}"' in html
    assert f'value="{stranger.pk}"' not in html
    assert purchase.tid not in html  # masked in the purchase picker too


def test_contact_creates_inquiry_with_attachments_when_form_is_valid(
    customer_client, developer, purchase
):
    response = customer_client.post(
        _contact_url(developer.app),
        {
            "category": Category.REFUND,
            "subject": "Please refund",
            "body": "I bought it by mistake.",
            "purchase": purchase.pk,
            "attachments": [png_file(), pdf_file()],
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiries:my_detail", kwargs={"pk": inquiry.pk})
    assert inquiry.purchase_id == purchase.pk
    assert inquiry.messages.get().attachments.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"body": ""},
        {"body": "x" * 5001},
        {"subject": "Hello\r\nBcc: x@example.com"},
        {"subject": "s" * 151},
        {"category": "nope"},
    ],
    ids=["empty-body", "long-body", "crlf-subject", "long-subject", "bad-category"],
)
def test_contact_stores_nothing_when_input_is_bad(customer_client, developer, overrides):
    response = _post_inquiry(customer_client, developer.app, **overrides)
    assert response.status_code == 400
    assert b"field-error" in response.content
    assert Inquiry.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_contact_stores_nothing_when_purchase_is_another_customers(customer_client, developer):
    foreign = PurchaseFactory(app=developer.app)
    response = _post_inquiry(customer_client, developer.app, purchase=foreign.pk)
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("fake.png", b"MZ\x90\x00 not an image", content_type="image/png"),
        SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
        SimpleUploadedFile("empty.png", b""),
    ],
    ids=["renamed-exe", "svg", "over-5mb", "empty"],
)
def test_contact_stores_nothing_when_attachment_is_bad(customer_client, developer, upload):
    response = _post_inquiry(customer_client, developer.app, attachments=[upload])
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


def test_contact_stores_nothing_when_more_than_three_files(customer_client, developer):
    files = [png_file(f"{i}.png") for i in range(4)]
    response = _post_inquiry(customer_client, developer.app, attachments=files)
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0


def test_contact_page_is_forbidden_when_user_is_a_developer(dev_client, developer):
    assert dev_client.get(_contact_url(developer.app)).status_code == 403


def test_my_detail_hides_internal_notes_when_customer_reads_thread(
    customer_client, inquiry, developer
):
    services.inquiry_note_add(inquiry=inquiry, author=developer.user, body="SECRET NOTE")
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Public answer")
    response = customer_client.get(reverse("inquiries:my_detail", kwargs={"pk": inquiry.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Public answer" in html
    assert "SECRET NOTE" not in html


def test_my_detail_followup_restarts_clock_when_inquiry_was_answered(
    customer_client, inquiry, developer
):
    services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Answer")
    url = reverse("inquiries:my_detail", kwargs={"pk": inquiry.pk})
    response = customer_client.post(url, {"body": "One more question"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.clock) == (Status.AWAITING_DEVELOPER, 2)


def test_my_detail_answers_404_when_inquiry_is_another_customers(client, inquiry):
    client.force_login(CustomerFactory().user)
    url = reverse("inquiries:my_detail", kwargs={"pk": inquiry.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "hijack"}).status_code == 404
    assert inquiry.messages.count() == 1


def test_my_list_shows_only_own_inquiries_when_customer_signed_in(customer_client, inquiry):
    other = InquiryFactory(subject="Someone else's question")
    html = customer_client.get(reverse("inquiries:my_list")).content.decode()
    assert inquiry.subject in html
    assert other.subject not in html


# --- developer -----------------------------------------------------------------------------------


def test_inbox_shows_clock_and_counts_when_developer_opens_it(dev_client, developer):
    now = timezone.now()
    InquiryFactory(
        app=developer.app, created_at=now - timedelta(hours=18, minutes=30), subject="Soon due"
    )
    InquiryFactory(app=developer.app, overdue=True, subject="Too late")
    InquiryFactory(app=developer.app, escalated=True, subject="Ops has it")
    InquiryFactory(subject="Foreign inquiry")
    response = dev_client.get(reverse("inquiries:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 days 5 h left" in html
    assert "overdue by 1 day" in html
    assert "escalated" in html
    assert "Foreign inquiry" not in html
    assert response.context["counts"]["overdue"] == 2


def test_inbox_searches_korean_when_query_given(dev_client, developer):
    InquiryFactory(app=developer.app, subject="환불 문의", search_text="환불 문의\n결제했어요")
    InquiryFactory(app=developer.app, subject="Login help", search_text="Login help")
    response = dev_client.get(reverse("inquiries:inbox"), {"q": "결제"})
    html = response.content.decode()
    assert "환불 문의" in html
    assert "Login help" not in html


def test_inbox_answers_400_when_cursor_is_garbage(dev_client):
    response = dev_client.get(reverse("inquiries:inbox"), {"cursor": "%%%not-base64"})
    assert response.status_code == 400


def test_inbox_next_link_leads_to_second_page_when_more_rows(dev_client, developer):
    for _ in range(4):
        InquiryFactory(app=developer.app)
    first = dev_client.get(reverse("inquiries:inbox"), {"size": 3})
    assert len(first.context["page"].items) == 3
    second = dev_client.get(first.context["next_url"])
    assert len(second.context["page"].items) == 1
    assert second.context["first_url"]


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_inbox_query_count_does_not_grow_when_page_has_more_rows(
    dev_client, developer, django_assert_max_num_queries
):
    url = reverse("inquiries:inbox") + "?size=100"
    for _ in range(5):
        InquiryFactory(app=developer.app)
    five = _count_queries(dev_client, url, django_assert_max_num_queries, 12)
    for _ in range(25):
        InquiryFactory(app=developer.app)
    thirty = _count_queries(dev_client, url, django_assert_max_num_queries, 12)
    assert thirty == five


def test_thread_query_count_does_not_grow_when_thread_has_more_messages(
    dev_client, inquiry, developer, customer, django_assert_max_num_queries
):
    url = reverse("inquiries:detail", kwargs={"pk": inquiry.pk})
    for i in range(2):
        services.inquiry_reply(inquiry=inquiry, author=developer.user, body=f"r{i}")
        services.inquiry_customer_followup(
            inquiry=inquiry, customer=customer, body=f"f{i}", attachments=[png_file()]
        )
    five = _count_queries(dev_client, url, django_assert_max_num_queries, 16)
    for i in range(12):
        services.inquiry_reply(inquiry=inquiry, author=developer.user, body=f"r{i}")
        services.inquiry_customer_followup(
            inquiry=inquiry, customer=customer, body=f"f{i}", attachments=[png_file()]
        )
        services.inquiry_note_add(inquiry=inquiry, author=developer.user, body=f"n{i}")
    assert inquiry.messages.count() >= 30
    thirty = _count_queries(dev_client, url, django_assert_max_num_queries, 16)
    assert thirty == five


def test_detail_masks_payment_identifiers_when_shown_to_developer(dev_client, inquiry, purchase):
    html = dev_client.get(reverse("inquiries:detail", kwargs={"pk": inquiry.pk})).content.decode()
    assert purchase.tid not in html
    assert purchase.txid not in html
    assert purchase.receipt_number not in html
    assert f"••••{purchase.tid[-4:]}" in html
    assert inquiry.customer.customer_number in html


def test_detail_unmasks_and_audits_identifiers_when_customer_consented(
    dev_client, developer, inquiry, purchase
):
    from refunds.models import PaymentIdentifierView
    from tests.factories.refunds import RefundRequestFactory

    RefundRequestFactory(purchase=purchase, with_consent=True)
    html = dev_client.get(reverse("inquiries:detail", kwargs={"pk": inquiry.pk})).content.decode()
    assert purchase.tid in html
    assert purchase.txid in html
    assert purchase.receipt_number in html
    audit = PaymentIdentifierView.objects.get(purchase=purchase)
    assert (audit.user, audit.where) == (developer.user, "web")


def test_detail_shows_delivery_state_when_reply_bounced(dev_client, inquiry, developer):
    message = services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Hello")
    OutboundEmail.objects.filter(pk=message.email_id).update(status="bounced")
    html = dev_client.get(reverse("inquiries:detail", kwargs={"pk": inquiry.pk})).content.decode()
    assert "Not delivered" in html


def test_detail_prefills_reply_when_template_is_picked(dev_client, inquiry, developer):
    template = ReplyTemplateFactory(account=developer.account, body="Dear {customer_name} ({app})")
    url = reverse("inquiries:detail", kwargs={"pk": inquiry.pk})
    response = dev_client.get(url, {"template": template.pk})
    assert f"Dear {inquiry.customer.public_name} ({inquiry.app.title})" in response.content.decode()


def test_detail_answers_404_when_template_is_another_accounts(dev_client, inquiry):
    foreign = ReplyTemplateFactory()
    url = reverse("inquiries:detail", kwargs={"pk": inquiry.pk})
    assert dev_client.get(url, {"template": foreign.pk}).status_code == 404


def test_reply_view_sends_reply_when_body_is_given(dev_client, inquiry):
    url = reverse("inquiries:reply", kwargs={"pk": inquiry.pk})
    response = dev_client.post(url, {"body": "We fixed it."})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert OutboundEmail.objects.filter(kind="inquiry_reply").count() == 1


def test_reply_view_stores_nothing_when_body_is_empty(dev_client, inquiry):
    response = dev_client.post(reverse("inquiries:reply", kwargs={"pk": inquiry.pk}), {"body": " "})
    assert response.status_code == 400
    assert inquiry.messages.count() == 1


def test_reply_view_answers_409_when_inquiry_is_closed(dev_client, inquiry, developer):
    services.inquiry_close(inquiry=inquiry, actor=developer.user)
    response = dev_client.post(reverse("inquiries:reply", kwargs={"pk": inquiry.pk}), {"body": "x"})
    assert response.status_code == 409
    assert inquiry.messages.count() == 1


def test_close_and_reopen_views_change_state_when_posted(dev_client, inquiry):
    dev_client.post(reverse("inquiries:close", kwargs={"pk": inquiry.pk}))
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CLOSED
    assert dev_client.post(reverse("inquiries:close", kwargs={"pk": inquiry.pk})).status_code == 409
    dev_client.post(reverse("inquiries:reopen", kwargs={"pk": inquiry.pk}))
    inquiry.refresh_from_db()
    assert inquiry.status == Status.AWAITING_DEVELOPER


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("inquiries:detail", "get", None),
        ("inquiries:reply", "post", {"body": "hi"}),
        ("inquiries:note", "post", {"body": "hi"}),
        ("inquiries:close", "post", None),
        ("inquiries:reopen", "post", None),
    ],
)
def test_developer_pages_answer_404_when_inquiry_is_another_accounts(
    client, inquiry, other_developer, name, method, data
):
    client.force_login(other_developer.user)
    url = reverse(name, kwargs={"pk": inquiry.pk})
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 404
    assert Message.objects.filter(inquiry=inquiry).count() == 1
    assert inquiry.events.count() == 1


def test_attachment_answers_404_when_file_belongs_to_another_account(
    client, developer, customer, other_developer
):
    inquiry = services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="Screenshot",
        body="See attached",
        attachments=[png_file()],
    )
    attachment = inquiry.messages.get().attachments.get()
    client.force_login(developer.user)
    ok = client.get(reverse("inquiries:attachment", kwargs={"pk": attachment.pk}))
    assert ok.status_code == 200
    assert ok["Content-Type"] == "image/png"
    client.force_login(other_developer.user)
    assert (
        client.get(reverse("inquiries:attachment", kwargs={"pk": attachment.pk})).status_code == 404
    )
    client.force_login(CustomerFactory().user)
    url = reverse("inquiries:my_attachment", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 404


def test_dashboard_shows_figures_when_developer_opens_it(dev_client, developer):
    InquiryFactory(app=developer.app, overdue=True)
    response = dev_client.get(reverse("inquiries:dashboard"))
    assert response.status_code == 200
    assert response.context["dashboard"].total.overdue == 1
    assert developer.app.title in response.content.decode()


def test_templates_crud_stays_in_account_when_developer_manages_them(
    dev_client, developer, other_developer
):
    create = dev_client.post(
        reverse("inquiries:template_create"), {"name": "Thanks", "body": "Thanks {customer_name}"}
    )
    assert create.status_code == 302
    template = ReplyTemplate.objects.get(account=developer.account)
    edit = dev_client.post(
        reverse("inquiries:template_edit", kwargs={"pk": template.pk}),
        {"name": "Thanks", "body": "Thank you, {customer_name}"},
    )
    assert edit.status_code == 302
    template.refresh_from_db()
    assert template.body == "Thank you, {customer_name}"
    foreign = ReplyTemplateFactory(account=other_developer.account)
    edit_url = reverse("inquiries:template_edit", kwargs={"pk": foreign.pk})
    assert dev_client.post(edit_url, {"name": "x", "body": "y"}).status_code == 404
    delete_url = reverse("inquiries:template_delete", kwargs={"pk": foreign.pk})
    assert dev_client.post(delete_url).status_code == 404
    assert ReplyTemplate.objects.filter(pk=foreign.pk).exists()
    dev_client.post(reverse("inquiries:template_delete", kwargs={"pk": template.pk}))
    assert not ReplyTemplate.objects.filter(pk=template.pk).exists()


def test_dashboard_query_count_does_not_grow_when_account_has_more_apps(
    dev_client, developer, django_assert_max_num_queries
):
    from tests.factories import AppFactory

    url = reverse("inquiries:dashboard")
    InquiryFactory(app=developer.app, answered=True)
    one = _count_queries(dev_client, url, django_assert_max_num_queries, 10)
    for _ in range(9):
        InquiryFactory(app=AppFactory(account=developer.account), overdue=True)
    ten = _count_queries(dev_client, url, django_assert_max_num_queries, 10)
    assert ten == one


def test_my_list_query_count_does_not_grow_when_customer_has_more_inquiries(
    customer_client, customer, developer, django_assert_max_num_queries
):
    url = reverse("inquiries:my_list")
    for _ in range(5):
        InquiryFactory(app=developer.app, customer=customer)
    five = _count_queries(customer_client, url, django_assert_max_num_queries, 8)
    for _ in range(25):
        InquiryFactory(customer=customer)
    thirty = _count_queries(customer_client, url, django_assert_max_num_queries, 8)
    assert thirty == five


def test_inbox_answers_400_when_filtering_by_another_accounts_app(
    dev_client, developer, other_developer
):
    InquiryFactory(app=other_developer.app, subject="Foreign inquiry")
    InquiryFactory(app=developer.app, subject="Own inquiry")
    response = dev_client.get(reverse("inquiries:inbox"), {"app": other_developer.app.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Foreign inquiry" not in html
    assert "Own inquiry" not in html


def test_detail_switches_account_when_inquiry_is_in_users_other_account(
    client, developer, other_developer
):
    from tests.factories import MembershipFactory

    MembershipFactory(account=other_developer.account, user=developer.user)
    theirs = InquiryFactory(app=other_developer.app, subject="From the email link")
    client.force_login(developer.user)
    client.post(reverse("accounts:switch_account"), {"account": developer.account_id})
    url = reverse("inquiries:detail", kwargs={"pk": theirs.pk})
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert "From the email link" in response.content.decode()
    assert client.session["current_account_id"] == other_developer.account_id


def test_contact_page_answers_404_when_app_does_not_exist(customer_client):
    url = reverse("inquiries:create", kwargs={"package_name": "com.nowhere.app"})
    assert customer_client.get(url).status_code == 404
    assert customer_client.post(url, {"subject": "x", "body": "y"}).status_code == 404
    assert Inquiry.objects.count() == 0


def test_my_detail_tells_customer_the_answer_date_when_awaiting(customer_client, inquiry):
    response = customer_client.get(reverse("inquiries:my_detail", kwargs={"pk": inquiry.pk}))
    assert "asked to answer by" in response.content.decode()
