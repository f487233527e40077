# Issue 10: a developer's O on the refund form is a statement, not the customer's consent.
# Their PurchaseConsent rows (source developer_form) are kept as history and no longer
# unmask (voc_portal.catalog.models.UNMASKING_SOURCES); here the refund requests they filed
# lose the "consent given at" time, which now means the customer's answer to the link only.

from django.db import migrations
from django.db.models import Exists, OuterRef


def forwards(apps, schema_editor):
    RefundRequest = apps.get_model("refunds", "RefundRequest")
    ConsentRequest = apps.get_model("refunds", "ConsentRequest")
    answered = ConsentRequest.objects.filter(refund=OuterRef("pk"), consented=True)
    RefundRequest.objects.filter(consent_at__isnull=False).exclude(Exists(answered)).update(
        consent_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("refunds", "0006_consent_at_label"),
        ("catalog", "0003_consent_from_the_customer_only"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
