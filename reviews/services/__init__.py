"""Every write to reviews, official replies and rating aggregates: the app's public interface.

The aggregate (AppRating) changes in the same transaction as the review, by one conditional
F() UPDATE per change; the review row itself is locked (SELECT ... FOR UPDATE) before its old
rating is read, so concurrent edits cannot double-count. Every change writes a ReviewEvent in
that transaction too.
"""

from .assignment import review_assign
from .authoring import NotAPurchaser, review_create, review_delete, review_update
from .bulk import REVIEW_BULK_ACTIONS, review_bulk_apply
from .moderation import review_hide, review_restore
from .ratings import app_rating_recompute
from .replies import (
    PrivateDataInReply,
    ReplyChanged,
    reply_privacy_check,
    review_reply_delete,
    review_reply_publish,
    review_reply_update_or_create,
)
from .reply_templates import review_reply_template_delete, review_reply_template_save

__all__ = [
    "REVIEW_BULK_ACTIONS",
    "NotAPurchaser",
    "PrivateDataInReply",
    "ReplyChanged",
    "app_rating_recompute",
    "reply_privacy_check",
    "review_assign",
    "review_bulk_apply",
    "review_create",
    "review_delete",
    "review_hide",
    "review_reply_delete",
    "review_reply_publish",
    "review_reply_template_delete",
    "review_reply_template_save",
    "review_reply_update_or_create",
    "review_restore",
    "review_update",
]
