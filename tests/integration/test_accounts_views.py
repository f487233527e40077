import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory, OpsUserFactory, UserFactory
from tests.factories.accounts import PASSWORD
from voc_portal.accounts.middleware import SESSION_KEY
from voc_portal.accounts.models import Membership
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_redirects_to_home_when_credentials_are_right(client, developer):
    response = _login(client, developer.user.email.upper())
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(developer.user.pk)


def test_login_shows_form_error_when_password_is_wrong(client, developer):
    response = _login(client, developer.user.email, "wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"correct email address and password" in response.content


def test_login_page_labels_the_field_as_email_when_rendered(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'type="email"' in response.content
    assert b"Email address" in response.content


def test_login_sets_language_cookie_when_user_prefers_korean(client):
    user = UserFactory(language="ko")
    response = _login(client, user.email)
    assert response.cookies["django_language"].value == "ko"


def test_logout_signs_out_when_posted(client, developer):
    client.force_login(developer.user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_is_refused_when_requested_with_get(client, developer):
    client.force_login(developer.user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_login_locks_out_with_429_when_failures_reach_the_limit(client, developer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, developer.user.email, "nope").status_code == 200
    response = _login(client, developer.user.email, "nope")
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    # Even the right password is refused while locked out.
    response = _login(client, developer.user.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_flow_sets_new_password_when_link_is_followed(client, customer):
    response = client.post(reverse("accounts:password_reset"), {"email": customer.user.email})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    # The email is an outbox row like every other (sent by a worker, listed at /mail/dev/).
    assert mail.outbox == []
    message = OutboundEmail.objects.get(kind="password_reset")
    assert message.to_email == customer.user.email
    assert "Reset your VOC Portal password" in message.subject
    assert message.body_html
    link = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", message.body_text).group(1)

    response = client.get(link)  # Django swaps the token for a session key and redirects.
    assert response.status_code == 302
    set_password_url = response.url
    response = client.get(set_password_url)
    assert b"new_password1" in response.content
    response = client.post(
        set_password_url,
        {"new_password1": "a brand new secret 42", "new_password2": "a brand new secret 42"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    customer.user.refresh_from_db()
    assert customer.user.check_password("a brand new secret 42")
    # The link works once.
    response = client.get(link, follow=True)
    assert b"invalid or has already been used" in response.content


def test_password_reset_email_is_in_users_language_when_requested_in_another(client, customer):
    customer.user.language = "ko"
    customer.user.save(update_fields=["language"])

    client.post(
        reverse("accounts:password_reset"),
        {"email": customer.user.email},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    message = OutboundEmail.objects.get(kind="password_reset")
    assert message.language == "ko"
    assert "Reset your VOC Portal password" not in message.subject
    assert "/password-reset/" in message.body_text


def test_password_reset_sends_nothing_when_email_is_unknown(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_home_redirects_to_the_ops_queue_when_user_is_ops_staff(client):
    client.force_login(OpsUserFactory())
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse("admin:refunds_refundrequest_changelist")


@pytest.mark.parametrize("kind", ["developer", "customer"])
def test_home_answers_without_error_when_user_is_developer_or_customer(client, kind, request):
    user = request.getfixturevalue(kind).user
    client.force_login(user)
    response = client.get(reverse("accounts:home"), follow=True)
    assert response.status_code == 200


def test_home_redirects_to_login_when_anonymous(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


def test_switch_account_changes_current_account_when_user_is_member(client, developer):
    second = MembershipFactory(user=developer.user)
    client.force_login(developer.user)
    response = client.post(
        reverse("accounts:switch_account"), {"account": second.account_id, "next": "/settings/"}
    )
    assert response.status_code == 302
    assert response.url == "/settings/"
    assert client.session[SESSION_KEY] == second.account_id


def test_switch_account_is_404_when_account_is_foreign(client, developer, other_developer):
    client.force_login(developer.user)
    response = client.post(
        reverse("accounts:switch_account"), {"account": other_developer.account_id}
    )
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_switch_account_is_404_when_account_is_not_a_number(client, developer):
    client.force_login(developer.user)
    assert client.post(reverse("accounts:switch_account"), {"account": "x"}).status_code == 404


def test_switch_account_ignores_next_when_it_points_off_site(client, developer):
    client.force_login(developer.user)
    response = client.post(
        reverse("accounts:switch_account"),
        {"account": developer.account_id, "next": "https://evil.example/"},
    )
    assert response.url == reverse("accounts:home")


def test_header_lists_accounts_when_user_has_several_memberships(client, developer):
    second = MembershipFactory(user=developer.user)
    client.force_login(developer.user)
    response = client.get(reverse("accounts:settings"))
    content = response.content.decode()
    assert 'name="account"' in content
    assert developer.account.name in content and second.account.name in content


def test_header_has_no_switcher_when_user_has_one_membership(dev_client):
    response = dev_client.get(reverse("accounts:settings"))
    assert 'name="account"' not in response.content.decode()


def test_settings_toggles_inquiry_emails_when_member_unticks_an_account(client, developer):
    second = MembershipFactory(user=developer.user)
    client.force_login(developer.user)
    response = client.post(
        reverse("accounts:settings"),
        {"section": "notifications", f"notify_{second.account_id}": "on"},
    )
    assert response.status_code == 302
    developer.refresh_from_db()
    second.refresh_from_db()
    assert developer.notify_inquiries is False
    assert second.notify_inquiries is True


def test_settings_cannot_touch_foreign_memberships_when_posting_their_ids(
    dev_client, other_developer
):
    dev_client.post(
        reverse("accounts:settings"),
        {"section": "notifications", f"notify_{other_developer.account_id}": ""},
    )
    assert Membership.objects.get(pk=other_developer.pk).notify_inquiries is True


def test_settings_saves_profile_and_language_when_valid(customer_client, customer):
    response = customer_client.post(
        reverse("accounts:settings"),
        {"section": "profile", "full_name": "김민지", "language": "ko"},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ko"
    customer.user.refresh_from_db()
    assert (customer.user.full_name, customer.user.language) == ("김민지", "ko")


def test_settings_shows_errors_when_language_is_invalid(customer_client):
    response = customer_client.post(
        reverse("accounts:settings"), {"section": "profile", "full_name": "x", "language": "fr"}
    )
    assert response.status_code == 400
    assert b"errorlist" in response.content


def test_settings_requires_sign_in_when_anonymous(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_language_switch_serves_korean_when_chosen(client):
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/login/"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:login"))
    assert response.content.decode().count('lang="ko"') == 1


def test_pages_render_in_korean_when_language_cookie_is_korean(client, developer):
    client.cookies["django_language"] = "ko"
    response = client.get(reverse("accounts:login"))
    content = response.content.decode()
    assert "로그인" in content and "비밀번호를 잊으셨나요?" in content
    client.force_login(developer.user)
    content = client.get(reverse("accounts:settings")).content.decode()
    assert "이메일 알림" in content and "로그아웃" in content


def test_lockout_page_says_when_to_try_again_when_locked_out(client, developer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, developer.user.email, "nope")
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"try again {minutes} minutes after the last failed attempt" in response.content.decode()


def test_password_reset_clears_the_lockout_when_the_link_is_used(client, developer, settings):
    typed = developer.user.email.upper()  # attempts are keyed by what was typed
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, typed, "nope")
    assert _login(client, typed).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": developer.user.email})
    # The reset email is an outbox row (sent by a worker), like every other email.
    body = OutboundEmail.objects.get(kind="password_reset").body_text
    link = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", body).group(1)
    set_password_url = client.get(link).url
    new = "a brand new secret 42"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302

    response = _login(client, typed, new)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
