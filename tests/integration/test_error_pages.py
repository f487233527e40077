import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_unknown_page_shows_own_404_page_when_signed_in(dev_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = dev_client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'aria-label="Main navigation"' in content


def test_form_post_without_csrf_token_shows_try_again_page_when_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()


def test_server_error_page_renders_without_context_when_something_failed():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
