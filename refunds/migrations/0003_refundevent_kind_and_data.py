# RefundEvent takes the shape of voc_portal.core.models.Event: `kind` and `data` are added and
# existing rows get a kind, read from what the services wrote (their notes are fixed English).

from django.db import migrations, models
from django.db.models import F

KINDS = [
    ("transition", "Transition"),
    ("assigned", "Assigned"),
    ("consent_requested", "Consent Requested"),
    ("consent_answered", "Consent Answered"),
    ("answered_late", "Answered Late"),
    ("note", "Note"),
]


def set_kinds(apps, schema_editor):
    RefundEvent = apps.get_model("refunds", "RefundEvent")
    facts = RefundEvent.objects.filter(from_state=F("to_state"))
    RefundEvent.objects.exclude(from_state=F("to_state")).update(kind="transition")
    facts.filter(note__startswith="Assigned to ").update(kind="assigned")
    facts.filter(note="Asked the customer for consent").update(kind="consent_requested")
    facts.filter(note="The customer consented").update(
        kind="consent_answered", data={"consented": True}
    )
    facts.filter(note="The customer declined consent").update(
        kind="consent_answered", data={"consented": False}
    )
    facts.filter(note__startswith="Answered late at ").update(kind="answered_late")
    # Everything else keeps the default the column was added with, "note".


class Migration(migrations.Migration):

    dependencies = [
        ("refunds", "0002_operations_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="refundevent",
            name="data",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="refundevent",
            name="kind",
            field=models.CharField(choices=KINDS, default="note", max_length=24),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="refundevent",
            name="from_state",
            field=models.CharField(blank=True, default="", max_length=24),
        ),
        migrations.AlterField(
            model_name="refundevent",
            name="to_state",
            field=models.CharField(blank=True, default="", max_length=24),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
    ]
