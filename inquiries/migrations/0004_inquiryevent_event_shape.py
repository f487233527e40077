"""InquiryEvent takes the shape every domain's event row has (voc_portal.core.models.Event)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0003_inbox_urgency_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="inquiryevent",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "inquiry event",
                "verbose_name_plural": "inquiry events",
            },
        ),
        migrations.AddField(
            model_name="inquiryevent",
            name="from_state",
            field=models.CharField(blank=True, default="", max_length=24),
        ),
        migrations.AddField(
            model_name="inquiryevent",
            name="note",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="inquiryevent",
            name="to_state",
            field=models.CharField(blank=True, default="", max_length=24),
        ),
        migrations.AlterField(
            model_name="inquiryevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("answered", "Answered"),
                    ("answered_late", "Answered after escalation"),
                    ("closed", "Closed"),
                    ("reopened", "Reopened"),
                    ("reminded", "Reminder sent"),
                    ("escalated", "Escalated to store operations"),
                ],
                max_length=24,
            ),
        ),
    ]
