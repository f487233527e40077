"""Property-based tests over our own OpenAPI schema (schemathesis), against the WSGI app.

Every generated request must get a non-5xx answer whose status, content type, headers and body
match the schema. The stateful run follows the schema's links (list -> detail -> reply -> ...)
so it reaches real objects, not only random ids.
"""

import json
import os

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi import checks as openapi_checks

from refunds import services as refund_services
from reviews import services as review_services
from tests.factories import CustomerFactory, OpsUserFactory, PurchaseFactory
from voc_portal.api.services import api_token_create

from .test_inquiries import make_inquiry

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]
MAX_EXAMPLES = int(os.environ.get("VOC_SCHEMATHESIS_EXAMPLES", "12"))


@pytest.fixture
def seeded(db, developer, other_developer):
    """A token, some inquiries and reviews in our account, and another account's data."""
    secret = api_token_create(membership=developer, name="schemathesis").secret
    for n in range(3):
        make_inquiry(developer.app, subject=f"Question {n}")
        customer = CustomerFactory()
        PurchaseFactory(customer=customer, app=developer.app)
        review_services.review_create(
            customer=customer, app=developer.app, rating=n + 2, body=f"Review {n}"
        )
    make_inquiry(other_developer.app)
    # Refund requests: one just submitted, one where ops asked for information.
    for purchase in PurchaseFactory.create_batch(2, app=developer.app):
        refund = refund_services.refund_submit(
            account=developer.account, actor=developer.user, purchase=purchase, consent=False
        )
    ops = OpsUserFactory()
    refund_services.refund_start_review(refund=refund, actor=ops)
    refund_services.refund_request_info(refund=refund, actor=ops, note="Which build?")
    return secret


@pytest.fixture(autouse=True)
def _generous_rates_and_any_host():
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "100000/min"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates},
        ALLOWED_HOSTS=["*"],
    ):
        # As Django's test client does: a request must not close the test's DB connection.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            yield
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def _load_schema():
    """The schema exactly as /api/schema/ serves it, loaded without a request at import time.

    (schemathesis.pytest.from_fixture would fetch it per test, but its lazy loader does not work
    with pytest 9 yet; the generator is what the endpoint runs, so nothing differs.)
    """
    generator = SchemaGenerator()
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(generator.get_schema(public=True)))
    )
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_per_schema_and_never_5xx_when_fuzzed(case, seeded):
    _authorize(case, seeded)
    case.call_and_validate(checks=CHECKS)


def _authorize(case, secret):
    # Generated headers may include a made-up Authorization; ours wins.
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
def test_api_answers_per_schema_when_links_are_followed_statefully(seeded):
    machine = schema.as_state_machine()

    class Machine(machine):
        # Each scenario starts from the seeded data: its writes roll back at its end, so the
        # next scenario (and Hypothesis' replay of a failing one) sees the same database.
        def setup(self):
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def before_call(self, case):
            _authorize(case, seeded)

        def validate_response(self, response, case, additional_checks=(), **kwargs):
            case.validate_response(response, checks=CHECKS)

    Machine.TestCase.settings = hypothesis_settings(
        max_examples=int(os.environ.get("VOC_STATEFUL_EXAMPLES", "15")),
        stateful_step_count=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    Machine.run()
