"""The catalog's App as every domain's API embeds it (inquiries, reviews, refunds, insights)."""

from rest_framework import serializers

from voc_portal.catalog.models import App


class AppSerializer(serializers.ModelSerializer):
    is_free = serializers.BooleanField(read_only=True)

    class Meta:
        model = App
        fields = ["id", "title", "package_name", "price", "is_free"]
        read_only_fields = fields


def app_data(app: App) -> dict:
    """AppSerializer(app).data as a plain dict, for lists where DRF's per-field work is the cost
    (tests/integration/api/test_plain_lists.py compares the two)."""
    return {
        "id": app.pk,
        "title": app.title,
        "package_name": app.package_name,
        "price": app.price,
        "is_free": app.is_free,
    }
