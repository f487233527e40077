"""The store integration's settings (voc_portal.store, docs/store-integration.md), imported by
base.py once it has loaded the environment (.env included)."""

import environ

env = environ.Env()

# The store's signing keys, "id:secret" (secret >= 32 characters), at most two for rotation.
VOC_STORE_API_KEYS = env.list("VOC_STORE_API_KEYS", default=[])
# A signed request is good for this many seconds either side of its timestamp, and only once.
VOC_STORE_REPLAY_WINDOW = env.int("VOC_STORE_REPLAY_WINDOW", default=300)
# The largest Store API body (the bulk import); spooled to disk beyond 1 MB.
VOC_STORE_MAX_BODY_BYTES = env.int("VOC_STORE_MAX_BODY_BYTES", default=256 * 1024 * 1024)
# The store's billing endpoint, called when ops approve a cancellation (voc_portal.store.billing).
# Empty: no billing is called and an approval cancels the purchase at once.
VOC_STORE_BILLING_URL = env("VOC_STORE_BILLING_URL", default="")
# The key of VOC_STORE_API_KEYS the billing call is signed with (empty: the first one).
VOC_STORE_BILLING_KEY_ID = env("VOC_STORE_BILLING_KEY_ID", default="")
# Seconds to connect / to wait for billing's answer; then the attempt counts as failed.
VOC_STORE_BILLING_CONNECT_TIMEOUT = env.float("VOC_STORE_BILLING_CONNECT_TIMEOUT", default=5.0)
VOC_STORE_BILLING_READ_TIMEOUT = env.float("VOC_STORE_BILLING_READ_TIMEOUT", default=20.0)
# Backoff between attempts: base * 2^(n-1) seconds, capped; a call is retried until confirmed.
VOC_STORE_BILLING_RETRY_BASE_SECONDS = env.float(
    "VOC_STORE_BILLING_RETRY_BASE_SECONDS", default=30.0
)
VOC_STORE_BILLING_RETRY_MAX_SECONDS = env.float(
    "VOC_STORE_BILLING_RETRY_MAX_SECONDS", default=3600.0
)
# A claimed call whose worker died is taken again after this long (> the task's time limit).
VOC_STORE_BILLING_LEASE_SECONDS = env.int("VOC_STORE_BILLING_LEASE_SECONDS", default=120)

# --- Customer sign-in through the store's OpenID Connect provider (voc_portal.store.oidc) -----
# mozilla-django-oidc's own setting names. Empty client id: no store sign-in.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # the store's `sub` is a customer number the store sent us first
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10.0)
OIDC_AUTHENTICATE_CLASS = "voc_portal.store.oidc.StoreOIDCAuthenticateView"
OIDC_CALLBACK_CLASS = "voc_portal.store.oidc.StoreOIDCCallbackView"
# Off: customers sign in only through the store (their local passwords no longer work).
VOC_CUSTOMER_PASSWORDS = env.bool("VOC_CUSTOMER_PASSWORDS", default=True)
