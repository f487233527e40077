"""A user's language is saved on the user (pages and mail agree): from the header switch, from
the login page's choice, from the browser at the first sign-in; new users get the store's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import PASSWORD
from voc_portal.accounts.models import User

pytestmark = pytest.mark.django_db


def _login(client, user, **headers):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, **headers
    )


def test_new_user_gets_the_store_language_when_created(settings):
    settings.VOC_DEFAULT_LANGUAGE = "ko"
    assert User.objects.create_user("new@example.com").language == "ko"
    settings.VOC_DEFAULT_LANGUAGE = "en"
    assert User.objects.create_user("other@example.com").language == "en"


def test_header_switch_saves_the_language_on_the_user_when_signed_in(client):
    member = MembershipFactory(user=UserFactory(language="en"))
    client.force_login(member.user)
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/settings/"})
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.language == "ko"
    assert client.cookies["django_language"].value == "ko"


def test_language_chosen_on_the_login_page_is_kept_when_signing_in(client):
    user = MembershipFactory(user=UserFactory(language="en")).user
    client.post(reverse("set_language"), {"language": "ko", "next": "/login/"})
    response = _login(client, user)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "ko"
    assert client.cookies["django_language"].value == "ko"
    assert 'lang="ko"' in client.get(reverse("accounts:settings")).content.decode()


def test_saved_language_is_used_when_signing_in_without_a_choice(client):
    user = MembershipFactory(user=UserFactory(language="ko", last_login=timezone.now())).user
    _login(client, user, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    user.refresh_from_db()
    # Not a first sign-in: the browser does not override what the user chose before.
    assert user.language == "ko"
    assert client.cookies["django_language"].value == "ko"


def test_browser_language_is_taken_when_signing_in_for_the_first_time(client):
    user = MembershipFactory(user=UserFactory(language="en", last_login=None)).user
    _login(client, user, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.8")
    user.refresh_from_db()
    assert user.language == "ko"
    assert client.cookies["django_language"].value == "ko"


def test_unsupported_browser_language_keeps_the_saved_one_when_signing_in_first(client):
    user = MembershipFactory(user=UserFactory(language="ko", last_login=None)).user
    _login(client, user, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    user.refresh_from_db()
    assert user.language == "ko"
