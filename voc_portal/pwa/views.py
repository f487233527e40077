"""The app's shell: the page, the web app manifest, the service worker and the offline page."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

ICON_SIZES = (48, 72, 96, 128, 144, 192, 256, 384, 512)
THEME_COLOR = "#1f4e8c"
BACKGROUND_COLOR = "#ffffff"
SCOPE = "/app/"


def _asset_dir() -> Path:
    return Path(settings.SITE_DIR) / "static" / "pwa"


@lru_cache(maxsize=1)
def app_assets() -> tuple[tuple[str, ...], str]:
    """Every static file of the app (what the service worker precaches) and a version: the hash
    of their contents, so a new release installs a new worker and drops the old cache."""
    root = _asset_dir()
    digest = hashlib.sha256()
    urls = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root.parent).as_posix()
        digest.update(relative.encode())
        digest.update(path.read_bytes())
        urls.append(static(relative))
    return tuple(urls), digest.hexdigest()[:16]


def _no_cache(response: HttpResponse) -> HttpResponse:
    # The browser revalidates the shell and the worker on every load: updates arrive at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def shell(request):
    return _no_cache(render(request, "pwa/app.html", {"version": app_assets()[1]}))


@require_GET
def offline(request):
    return _no_cache(render(request, "pwa/offline.html"))


@require_GET
def manifest(request):
    icons = [
        {
            "src": static(f"pwa/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in ICON_SIZES
    ]
    icons.append(
        {
            "src": static("pwa/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        # One manifest for both languages: the store's own (Korean) name first, as on the phone.
        "name": "VOC 개발자센터 (Developer Center)",
        "short_name": "개발자센터",
        "description": "Inquiries, reviews and refunds of your apps, on your phone.",
        "id": SCOPE,
        "start_url": SCOPE,
        "scope": SCOPE,
        "display": "standalone",
        "orientation": "portrait",
        "lang": "ko",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return _no_cache(response)


@require_GET
def service_worker(request):
    """static/pwa/sw.js, served from /app/ (so its scope is the app), after one line naming the
    release and the files to precache."""
    urls, version = app_assets()
    worker = static("pwa/sw.js")
    config = {
        "version": version,
        "assets": [SCOPE, f"{SCOPE}offline/", *(u for u in urls if u != worker)],
        "offline": f"{SCOPE}offline/",
    }
    source = (_asset_dir() / "sw.js").read_text(encoding="utf-8")
    body = f"self.VOC_APP = {json.dumps(config)};\n{source}"
    return _no_cache(HttpResponse(body, content_type="text/javascript; charset=utf-8"))
