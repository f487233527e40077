from tests.integration.api.conftest import (  # noqa: F401 (fixtures)
    _fresh_anonymous_throttle,
    api,
    issued_token,
)
