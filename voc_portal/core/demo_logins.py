"""The fixed demo logins (no Django imports: devstack prints them before Django starts)."""

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - a published demo login, for local use only

DEMO_LOGINS = {
    "developer": "dev@demo.voc",
    "ops": "ops@demo.voc",
    "customer": "customer@demo.voc",
}


def format_logins(base_url: str = "") -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    labels = {
        "developer": ("Developer", "/login/"),
        "ops": ("Ops", "/admin/"),
        "customer": ("Customer", "/login/"),
    }
    for key, email in DEMO_LOGINS.items():
        label, path = labels[key]
        where = f"  at {base_url.rstrip('/')}{path}" if base_url else ""
        lines.append(f"  {label:<10} {email:<20}{where}")
    return "\n".join(lines)
