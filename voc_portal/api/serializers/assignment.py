"""Assignment as the API shows and takes it, for inquiries and reviews alike."""

from __future__ import annotations

from rest_framework import serializers

from voc_portal.accounts.models import DeveloperAccount, Membership
from voc_portal.catalog.assignment import assignee_lookup

from ..idempotency import IDEMPOTENCY_PARAMETER
from ..schema import errors


class AssigneeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The member's id (GET /api/v1/members/).")
    name = serializers.CharField(source="user.get_full_name")


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A member id (GET /api/v1/members/), or null to unassign.",
    )


def assign_schema(*, operation_id: str, response, tag: str) -> dict:
    """The schema of POST …/{id}/assign/ for an item shown as `response`."""
    return {
        "operation_id": operation_id,
        "summary": "Assign to a member (or null: unassign); the assignee is told by email",
        "parameters": [IDEMPOTENCY_PARAMETER],
        "request": AssignSerializer,
        "responses": {200: response, **errors(400, 403, 404, 422)},
        "tags": [tag],
    }


def assignee_from_request(request, account: DeveloperAccount) -> Membership | None:
    """The body's assignee: a member of the account (another's id is a 404), or None."""
    data = AssignSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return assignee_lookup(account, data.validated_data["assignee"])
