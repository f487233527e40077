"""Every email leaves through the outbox (issue 12): only the outbox's send step may hand a
message to Django's mail API. A module that calls send_mail, mail_admins or an EmailMessage of
its own would send outside the outbox: no row, no retry, no /mail/dev/, no recipient language."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("voc_portal", "inquiries", "reviews", "refunds", "insights")
ALLOWED = {"voc_portal/mail/services/send.py"}  # the outbox's send step


def _uses_django_mail(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == "django.core.mail" or a.name.startswith("django.core.mail.")
                   for a in node.names):  # fmt: skip
                return True
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "django.core.mail" or node.module.startswith("django.core.mail."):
                return True
            if node.module == "django.core" and any(a.name == "mail" for a in node.names):
                return True
    return False


def test_only_the_outbox_send_step_uses_djangos_mail_api():
    users = sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if _uses_django_mail(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert users == sorted(ALLOWED)  # and the scan does see the send step's import
