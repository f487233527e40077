# Consent O and the identifier audit become facts about a purchase (they lived in refunds).
# refunds.0004 copies the existing rows here.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PaymentIdentifierView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('refund_id', models.BigIntegerField(blank=True, null=True)),
                ('where', models.CharField(choices=[('web', 'Web'), ('api', 'API'), ('admin', 'Admin')], max_length=5)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('purchase', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.purchase')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'payment identifier view',
                'verbose_name_plural': 'payment identifier views',
                'indexes': [models.Index(fields=['purchase', 'created_at'], name='catalog_identifier_view_idx')],
            },
        ),
        migrations.CreateModel(
            name='PurchaseConsent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('given_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('source', models.CharField(choices=[('developer_form', 'Developer Form'), ('customer_link', 'Customer Link')], max_length=16)),
                ('given_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('purchase', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consents', to='catalog.purchase')),
            ],
            options={
                'indexes': [models.Index(fields=['purchase', 'given_at'], name='purchase_consent_idx')],
            },
        ),
    ]
