"""The request and answer of every bulk endpoint (inquiries, reviews): one shape."""

from rest_framework import serializers

from voc_portal.core.bulk import BULK_MAX, PK_MAX


class BulkRequestSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="A registered action, e.g. close, reopen.")
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=PK_MAX),
        min_length=1,
        max_length=BULK_MAX,
        help_text="Ids outside your account are skipped as not found.",
    )


class BulkSkippedSerializer(serializers.Serializer):
    reason = serializers.CharField()
    ids = serializers.ListField(child=serializers.IntegerField())


class BulkResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    done = serializers.ListField(child=serializers.IntegerField())
    skipped = BulkSkippedSerializer(many=True)
    summary = serializers.CharField(help_text='e.g. "12 closed, 1 skipped: already closed".')


def bulk_result_data(result) -> dict:
    return {
        "action": result.action,
        "done": result.done,
        "skipped": [{"reason": r, "ids": ids} for r, ids in result.skipped.items()],
        "summary": result.summary(),
    }
