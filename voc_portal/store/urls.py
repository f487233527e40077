"""/store-api/v1/… (namespace "store"); the project's urls.py mounts it with a JSON 404 after."""

from django.urls import path, re_path

from .views import customer, imports, schema, sync

ID = r"(?P<store_id>[A-Za-z0-9._:-]{1,64})"

app_name = "store"
urlpatterns = [
    path("schema/", schema.StoreSchemaView.as_view(), name="schema"),
    re_path(rf"^developers/{ID}/$", sync.DeveloperUpsertView.as_view(), name="developer"),
    re_path(rf"^apps/{ID}/$", sync.AppUpsertView.as_view(), name="app"),
    re_path(rf"^customers/{ID}/$", sync.CustomerUpsertView.as_view(), name="customer"),
    re_path(rf"^purchases/{ID}/$", sync.PurchaseUpsertView.as_view(), name="purchase"),
    re_path(rf"^purchases/{ID}/consents/$", sync.ConsentView.as_view(), name="consent"),
    path("payment-notifications/", sync.PaymentNotificationView.as_view(), name="notification"),
    path("import/purchases/", imports.PurchaseImportView.as_view(), name="import"),
    # The store app, for the customer named in X-Store-Customer-Number.
    path("me/inquiries/", customer.MyInquiriesView.as_view(), name="me_inquiries"),
    path("me/inquiries/<int:pk>/", customer.MyInquiryView.as_view(), name="me_inquiry"),
    path(
        "me/inquiries/<int:pk>/messages/",
        customer.MyInquiryFollowupView.as_view(),
        name="me_followup",
    ),
    path("me/attachments/<int:pk>/", customer.MyAttachmentView.as_view(), name="me_attachment"),
    path("me/reviews/", customer.MyReviewsView.as_view(), name="me_reviews"),
    re_path(
        r"^me/apps/(?P<app_id>[A-Za-z0-9._:-]{1,64})/review/$",
        customer.MyReviewView.as_view(),
        name="me_review",
    ),
]
