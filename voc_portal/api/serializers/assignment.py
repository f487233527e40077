"""Assignment as the API shows and takes it, for inquiries and reviews alike."""

from __future__ import annotations

from rest_framework import serializers


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
