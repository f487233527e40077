"""Thin views: read through selectors, write through services, turn DomainErrors into 4xx.

`customer` (store side), `developer` (dashboard, inbox, thread), `templates` (saved replies),
`files` (serving attachments to either side).
"""

from .assignment import InquiryAssignView, InquiryPresenceView
from .bulk import InquiryBulkView
from .customer import InquiryCreateView, MyAttachmentView, MyInquiryDetailView, MyInquiryListView
from .developer import (
    AttachmentView,
    DashboardView,
    InboxView,
    InquiryCloseView,
    InquiryDetailView,
    InquiryNoteView,
    InquiryReopenView,
    InquiryReplyView,
    MemberInquiryMixin,
)
from .export import InquiryExportView
from .preview import InquiryReplyPreviewView
from .templates import ReplyTemplateDeleteView, ReplyTemplateEditView, ReplyTemplateListView

__all__ = [
    "AttachmentView",
    "DashboardView",
    "InboxView",
    "InquiryAssignView",
    "InquiryBulkView",
    "InquiryCloseView",
    "InquiryCreateView",
    "InquiryDetailView",
    "InquiryExportView",
    "InquiryNoteView",
    "InquiryPresenceView",
    "InquiryReopenView",
    "InquiryReplyPreviewView",
    "InquiryReplyView",
    "MemberInquiryMixin",
    "MyAttachmentView",
    "MyInquiryDetailView",
    "MyInquiryListView",
    "ReplyTemplateDeleteView",
    "ReplyTemplateEditView",
    "ReplyTemplateListView",
]
