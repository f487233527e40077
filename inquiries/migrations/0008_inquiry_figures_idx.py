# The covering index of the inbox counts and the dashboard, built CONCURRENTLY.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("inquiries", "0007_inquiry_app_urgency_idx"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="inquiry",
            index=models.Index(
                fields=["account", "app"],
                include=[
                    "id",
                    "status",
                    "category",
                    "due_at",
                    "escalated_at",
                    "created_at",
                    "first_response_at",
                ],
                name="inquiry_figures_idx",
            ),
        ),
    ]
