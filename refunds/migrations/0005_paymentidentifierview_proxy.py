# The old audit table goes (its rows are in catalog_paymentidentifierview since 0004); the
# model of the same name becomes a proxy of the catalog's, so the content type, ops'
# refunds.view_paymentidentifierview permission and the admin URL stay the same.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("refunds", "0004_consent_and_identifier_audit_to_catalog"),
        ("catalog", "0002_purchase_consent_and_identifier_audit"),
    ]

    operations = [
        migrations.DeleteModel(
            name="PaymentIdentifierView",
        ),
        migrations.CreateModel(
            name="PaymentIdentifierView",
            fields=[],
            options={
                "verbose_name": "payment identifier view",
                "verbose_name_plural": "payment identifier views",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("catalog.paymentidentifierview",),
        ),
    ]
