# Consent O and the identifier audit move to voc_portal.catalog (facts about a purchase):
# - one catalog.PurchaseConsent per consented refund request (by the customer's link when a
#   consent request was answered O, else by the developer's form);
# - every refunds.PaymentIdentifierView row is copied, ids kept, `refund` as plain `refund_id`.
# refunds.0005 then drops the old table.

from django.core.management.color import no_style
from django.db import migrations

BATCH = 2000


def _bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def copy_audit(apps, schema_editor):
    Old = apps.get_model("refunds", "PaymentIdentifierView")
    New = apps.get_model("catalog", "PaymentIdentifierView")
    fields = ("id", "user_id", "purchase_id", "refund_id", "where", "created_at")
    rows = [New(**row) for row in Old.objects.order_by("id").values(*fields).iterator()]
    _bulk(New, rows)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)


def copy_audit_back(apps, schema_editor):
    Old = apps.get_model("refunds", "PaymentIdentifierView")
    New = apps.get_model("catalog", "PaymentIdentifierView")
    RefundRequest = apps.get_model("refunds", "RefundRequest")
    existing = set(RefundRequest.objects.values_list("id", flat=True))
    fields = ("id", "user_id", "purchase_id", "refund_id", "where", "created_at")
    rows = []
    for row in New.objects.order_by("id").values(*fields).iterator():
        if row["refund_id"] not in existing:
            row["refund_id"] = None  # the old column was a foreign key
        rows.append(Old(**row))
    _bulk(Old, rows)
    New.objects.all().delete()


def record_consents(apps, schema_editor):
    RefundRequest = apps.get_model("refunds", "RefundRequest")
    ConsentRequest = apps.get_model("refunds", "ConsentRequest")
    PurchaseConsent = apps.get_model("catalog", "PurchaseConsent")
    by_link: dict[int, object] = {}
    answered = ConsentRequest.objects.filter(consented=True, used_at__isnull=False)
    for refund_id, used_at in answered.order_by("used_at", "id").values_list("refund_id", "used_at"):
        by_link.setdefault(refund_id, used_at)
    rows = []
    consented = RefundRequest.objects.filter(consent=True).order_by("id")
    for refund in consented.values("id", "purchase_id", "consent_at", "created_at", "created_by_id"):
        if refund["id"] in by_link:
            source, given_at, given_by = "customer_link", by_link[refund["id"]], None
        else:
            source = "developer_form"
            given_at = refund["consent_at"] or refund["created_at"]
            given_by = refund["created_by_id"]
        rows.append(
            PurchaseConsent(
                purchase_id=refund["purchase_id"],
                source=source,
                given_at=given_at,
                given_by_id=given_by,
            )
        )
    _bulk(PurchaseConsent, rows)


def forget_consents(apps, schema_editor):
    # refunds_refundrequest.consent still holds the fact the rows were made from.
    apps.get_model("catalog", "PurchaseConsent").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("refunds", "0003_refundevent_kind_and_data"),
        ("catalog", "0002_purchase_consent_and_identifier_audit"),
    ]

    operations = [
        migrations.RunPython(copy_audit, copy_audit_back),
        migrations.RunPython(record_consents, forget_consents),
    ]
