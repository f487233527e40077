# The inbox order within one app, built CONCURRENTLY: a big inquiries table stays writable.

import datetime

import django.db.models.functions.comparison
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("inquiries", "0006_reply_templates_to_replies"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="inquiry",
            index=models.Index(
                models.F("app"),
                django.db.models.functions.comparison.Coalesce(
                    "due_at",
                    models.Value(datetime.datetime(9999, 1, 1, 0, 0, tzinfo=datetime.UTC)),
                ),
                models.OrderBy(models.F("last_message_at"), descending=True),
                models.F("id"),
                name="inquiry_app_urgency_idx",
            ),
        ),
    ]
