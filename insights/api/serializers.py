"""The dashboard summary's figures as the API shows them."""

from rest_framework import serializers

from voc_portal.api.serializers.apps import AppSerializer


class FiguresSerializer(serializers.Serializer):
    open = serializers.IntegerField(help_text="Not closed.")
    awaiting = serializers.IntegerField(help_text="Awaiting the developer.")
    due_within_24h = serializers.IntegerField()
    overdue = serializers.IntegerField()
    escalated = serializers.IntegerField()
    median_first_response_seconds = serializers.FloatField(
        allow_null=True, help_text="Over inquiries created in the last 30 days."
    )
    answered_in_time_share = serializers.FloatField(
        allow_null=True, help_text="0 to 1, over the last 30 days' decided inquiries."
    )
    average_rating = serializers.FloatField(allow_null=True)
    rating_count = serializers.IntegerField()


class AppFiguresSerializer(FiguresSerializer):
    app = AppSerializer()


class SummarySerializer(serializers.Serializer):
    total = FiguresSerializer()
    apps = AppFiguresSerializer(many=True)
    since = serializers.DateTimeField(help_text="Start of the 30-day window.")
