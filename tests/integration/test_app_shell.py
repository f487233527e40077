"""/app/: the shell, manifest, service worker and offline page the portal serves for the app."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_shell_loads_only_its_own_module_under_the_strict_csp(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/app/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts == ['<script type="module" src="/static/pwa/js/main.js">']
    assert 'rel="manifest" href="/app/manifest.webmanifest"' in page


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/app/manifest.webmanifest")
    data = json.loads(response.content)

    assert response["Content-Type"] == "application/manifest+json"
    assert (data["start_url"], data["scope"], data["display"]) == ("/app/", "/app/", "standalone")
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_worker_is_served_from_the_app_scope_with_every_asset_to_precache(client):
    response = client.get("/app/sw.js")
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.VOC_APP = ").rstrip(";"))

    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert {"/app/", "/app/offline/", "/static/pwa/js/main.js"} <= set(config["assets"])
    assert "/static/pwa/sw.js" not in config["assets"]
    assert all(finders.find(a.removeprefix("/static/")) for a in config["assets"][2:])
    assert 'addEventListener("push"' in body and 'addEventListener("notificationclick"' in body


def test_the_offline_page_is_readable_in_both_languages(client):
    page = client.get("/app/offline/").content.decode()

    assert "오프라인 상태입니다" in page and "You are offline" in page


def test_the_shell_refuses_a_post(client):
    assert client.post("/app/").status_code == 405
