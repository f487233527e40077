"""Fill from_state/to_state of the transition rows written before 0004 (from their kind and data).

created: - -> awaiting; answered: awaiting -> answered; closed: data.previous -> closed;
reopened: closed -> data.state (a developer's reopen) or awaiting (a customer's message).
Facts (answered late, reminded, escalated) keep blank states. Set-based: one UPDATE per kind.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce


def states_fill(apps, schema_editor):
    InquiryEvent = apps.get_model("inquiries", "InquiryEvent")
    blank = InquiryEvent.objects.filter(from_state="", to_state="")
    blank.filter(kind="created").update(to_state="awaiting")
    blank.filter(kind="answered").update(from_state="awaiting", to_state="answered")
    blank.filter(kind="closed").update(
        from_state=Coalesce(KeyTextTransform("previous", "data"), Value("")), to_state="closed"
    )
    blank.filter(kind="reopened").update(
        from_state="closed", to_state=Coalesce(KeyTextTransform("state", "data"), Value("awaiting"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0004_inquiryevent_event_shape"),
    ]

    operations = [
        # Going back drops the columns (0004), so there is nothing to undo here.
        migrations.RunPython(states_fill, migrations.RunPython.noop, elidable=True),
    ]
