# The "highest rating" order's index, built CONCURRENTLY: a big reviews table stays writable.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reviews", "0003_reply_templates_to_replies"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="review",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True), ("hidden_at__isnull", True)),
                fields=["app", "-rating", "-created_at", "-id"],
                name="review_public_high_idx",
            ),
        ),
    ]
