"""The escalation sweep's candidates in a narrow table kept by triggers (inquiries.escalation_queue);
no index of inquiries_inquiry names escalated_at any more, so escalating is a HOT update."""

import django.db.models.deletion
from django.db import migrations, models

from inquiries.escalation_queue import (
    FILL_SQL,
    FILLFACTOR_RESET_SQL,
    FILLFACTOR_SQL,
    TRIGGER_DROP_SQL,
    TRIGGER_SQL,
)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_admin_labels_in_korean'),
        ('catalog', '0006_admin_labels_in_korean'),
        ('inquiries', '0017_assignee_urgency_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='EscalationDue',
            fields=[
                ('inquiry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='inquiries.inquiry', verbose_name='inquiry')),
                ('clock', models.PositiveIntegerField(verbose_name='clock')),
                ('due_at', models.DateTimeField(verbose_name='due at')),
            ],
            options={
                'verbose_name': 'clock due for escalation',
                'verbose_name_plural': 'clocks due for escalation',
            },
        ),
        migrations.RemoveIndex(
            model_name='inquiry',
            name='inquiry_escalation_due_idx',
        ),
        migrations.RemoveIndex(
            model_name='inquiry',
            name='inquiry_figures_idx',
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['account', 'app'], include=('id', 'status', 'category', 'due_at', 'created_at', 'first_response_at'), name='inquiry_figures_idx'),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(condition=models.Q(('status', 'awaiting')), fields=['due_at'], name='inquiry_awaiting_due_idx'),
        ),
        migrations.AddIndex(
            model_name='escalationdue',
            index=models.Index(fields=['due_at', 'inquiry'], name='escalation_due_idx'),
        ),
        # The running clocks, then the triggers keep them (one transaction: no write between).
        migrations.RunSQL(FILL_SQL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGER_SQL, TRIGGER_DROP_SQL),
        # Applies to pages written from now on (a new installation, the bench's data set); an
        # existing table gets it page by page, or at once with VACUUM FULL in a quiet hour.
        migrations.RunSQL(FILLFACTOR_SQL, FILLFACTOR_RESET_SQL),
    ]
