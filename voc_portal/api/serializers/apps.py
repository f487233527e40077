"""The catalog's App as every domain's API embeds it (inquiries, reviews, refunds, insights)."""

from rest_framework import serializers

from voc_portal.catalog.models import App


class AppSerializer(serializers.ModelSerializer):
    is_free = serializers.BooleanField(read_only=True)

    class Meta:
        model = App
        fields = ["id", "title", "package_name", "price", "is_free"]
        read_only_fields = fields
