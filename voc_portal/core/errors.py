"""Domain errors raised by services. Views turn them into form errors or JSON error bodies."""


class DomainError(Exception):
    """A rule said no. `code` is stable (API clients match on it); `message` is for people."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        field: str | None = None,
        details: dict | None = None,
    ):
        super().__init__(message or self.__class__.__doc__ or self.code)
        # Facts a client can act on (e.g. who replied since a stale read); JSON-serialisable.
        self.details = details or {}
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        if code:
            self.code = code
        self.field = field


class NotFound(DomainError):
    """Not found."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    """You may not do this."""

    code = "permission_denied"
    status = 403


class Conflict(DomainError):
    """The object is not in a state that allows this."""

    code = "conflict"
    status = 409


class InvalidTransition(Conflict):
    """This change of state is not allowed from the current state."""

    code = "invalid_transition"


class PreconditionFailed(DomainError):
    """This object was changed since you read it. Reload and retry."""

    code = "precondition_failed"
    status = 412


class PreconditionRequired(DomainError):
    """Send the ETag you last read as If-Match; without it a change could overwrite another."""

    code = "precondition_required"
    status = 428
