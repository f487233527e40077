"""Per-account/app/category/state/assignee inquiry counts kept by triggers (inquiries.counters)."""

import django.db.models.deletion
from django.db import migrations, models

from inquiries.counters import RECOUNT_SQL, TABLE, TRIGGER_DROP_SQL, TRIGGER_SQL


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_admin_labels_in_korean"),
        ("catalog", "0006_admin_labels_in_korean"),
        ("inquiries", "0014_search_vector_bigrams"),
    ]

    # The counters start from a recount of the inquiries, then the triggers keep them (both in
    # this migration's transaction, so no write falls between).
    operations = [
        migrations.CreateModel(
            name="InquiryCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("category", models.CharField(max_length=12, verbose_name="category")),
                ("status", models.CharField(max_length=10, verbose_name="state")),
                ("is_escalated", models.BooleanField(verbose_name="escalated")),
                ("n", models.IntegerField(default=0, verbose_name="number of inquiries")),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.developeraccount",
                        verbose_name="developer account",
                    ),
                ),
                (
                    "app",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.app",
                        verbose_name="app",
                    ),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.membership",
                        verbose_name="assignee",
                    ),
                ),
            ],
            options={
                "verbose_name": "inquiry counter",
                "verbose_name_plural": "inquiry counters",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("account", "app", "category", "status", "is_escalated", "assignee"),
                        name="inquiry_counter_key",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(
            f"INSERT INTO {TABLE} (account_id, app_id, category, status, is_escalated,"
            f" assignee_id, n) {RECOUNT_SQL.format(where='')}",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(TRIGGER_SQL, TRIGGER_DROP_SQL),
    ]
