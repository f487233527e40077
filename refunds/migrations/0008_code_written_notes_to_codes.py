# Issue 20: code no longer writes English prose into refund rows. Facts keep their kind and
# data and are rendered in the reader's language (refunds.display); here the English notes
# older code wrote become that data, and the 3-day rule's English reason becomes blank
# (refund_reason writes it from the inquiry number). Notes people typed are left alone.

import re

from django.db import migrations

_ASSIGNED = "Assigned to "
_RULE_NOTE = "Opened by the 3-day rule"
_RULE_REASON = re.compile(r"Inquiry #\d+ was not answered within the deadline\.")
_CODE_NOTES = {
    "consent_requested": {"Asked the customer for consent"},
    "consent_answered": {"The customer consented", "The customer declined consent"},
}


def forwards(apps, schema_editor):
    RefundEvent = apps.get_model("refunds", "RefundEvent")
    RefundRequest = apps.get_model("refunds", "RefundRequest")
    for kind, notes in _CODE_NOTES.items():
        RefundEvent.objects.filter(kind=kind, note__in=notes).update(note="")
    RefundEvent.objects.filter(kind="answered_late", note__startswith="Answered late at ").update(
        note=""
    )
    for event in RefundEvent.objects.filter(note__startswith=_ASSIGNED, kind__in=["assigned", "transition"]):
        event.data = {**(event.data or {}), "assignee_name": event.note[len(_ASSIGNED) :]}
        event.note = ""
        event.save(update_fields=["data", "note"])
    for event in RefundEvent.objects.filter(note=_RULE_NOTE):
        event.data = {**(event.data or {}), "code": "opened_by_rule"}
        event.note = ""
        event.save(update_fields=["data", "note"])
    for refund in RefundRequest.objects.filter(source="escalation").exclude(reason=""):
        if _RULE_REASON.fullmatch(refund.reason.strip()):
            RefundRequest.objects.filter(pk=refund.pk).update(reason="")


class Migration(migrations.Migration):
    dependencies = [("refunds", "0007_developer_consent_is_a_statement")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
