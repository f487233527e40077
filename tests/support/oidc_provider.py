"""Run the store's OpenID Connect provider (node-oidc-provider, tests/support/oidc/) for a test.

A real provider in its own process, speaking the real protocol over HTTP: discovery, the
authorization endpoint with its login and consent screens, the token endpoint (PKCE checked),
JWKS and user info. `make oidc-deps` (part of `make browser-deps`) installs it from its lock.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent / "oidc"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OIDCProvider:
    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str, accounts: dict):
        if not (HERE / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError("node-oidc-provider is not installed: run `make oidc-deps`")
        self.client_id, self.client_secret = client_id, client_secret
        self.redirect_uri, self.accounts = redirect_uri, accounts
        self.port = _free_port()
        self.issuer = f"http://localhost:{self.port}"
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> OIDCProvider:
        env = {
            **os.environ,
            "OIDC_PORT": str(self.port),
            "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret,
            "OIDC_REDIRECT_URIS": self.redirect_uri,
            "OIDC_ACCOUNTS": json.dumps(self.accounts),
        }
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not installed (see .ci/run: nodejs)")
        self._process = subprocess.Popen(
            [node, "provider.mjs"], cwd=HERE, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self._process.stdout], [], [], 0.2)
            if ready and self._process.stdout.readline().startswith("listening"):
                return self
            if self._process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("the OIDC provider did not start")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        self._process = None

    def settings(self) -> dict[str, str]:
        """mozilla-django-oidc's settings for this provider, from its discovery document."""
        url = f"{self.issuer}/.well-known/openid-configuration"
        discovery = requests.get(url, timeout=10).json()
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": discovery["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": discovery["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": discovery["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": discovery["jwks_uri"],
        }
