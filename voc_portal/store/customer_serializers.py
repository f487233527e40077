"""Shapes of the store app's customer endpoints (what a customer sees of their threads)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from inquiries.models import Category


class InquiryIn(serializers.Serializer):
    """Also as multipart/form-data, with up to three files in `attachments`."""

    app_id = serializers.CharField(max_length=64, help_text="The store's id of the app.")
    category = serializers.ChoiceField(choices=Category.values)
    subject = serializers.CharField()
    body = serializers.CharField()
    purchase_id = serializers.CharField(
        required=False, allow_blank=True, help_text="The store's id of one of my purchases."
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class FollowupIn(serializers.Serializer):
    body = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return reverse("store:me_attachment", args=[attachment.pk])


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    author_kind = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentOut(many=True, source="attachments.all")


class InquirySummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    app_title = serializers.CharField(source="app.title")
    category = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField()


class InquiryOut(InquirySummaryOut):
    messages = serializers.SerializerMethodField()

    def get_messages(self, inquiry) -> MessageOut(many=True):  # type: ignore[valid-type]
        return MessageOut(self.context["thread"], many=True).data


class ReplyOut(serializers.Serializer):
    body = serializers.CharField()
    account = serializers.CharField(source="account.name")
    updated_at = serializers.DateTimeField()


class ReviewIn(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    body = serializers.CharField()


class ReviewOut(serializers.Serializer):
    id = serializers.IntegerField()
    app_title = serializers.CharField(source="app.title")
    package_name = serializers.CharField(source="app.package_name")
    rating = serializers.IntegerField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    hidden = serializers.SerializerMethodField()
    hidden_reason = serializers.CharField()
    official_reply = serializers.SerializerMethodField()

    def get_hidden(self, review) -> bool:
        return review.hidden_at is not None

    def get_official_reply(self, review) -> ReplyOut(allow_null=True):  # type: ignore[valid-type]
        reply = getattr(review, "reply", None)
        return ReplyOut(reply).data if reply is not None else None
