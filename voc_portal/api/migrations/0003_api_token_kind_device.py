from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_admin_labels_in_korean"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="kind",
            field=models.CharField(
                choices=[("personal", "Personal token"), ("device", "Device")],
                db_default="personal",
                default="personal",
                max_length=10,
                verbose_name="kind",
            ),
        ),
    ]
