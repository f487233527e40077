"""The inbox search moves from a trigram index on UPPER(search_text) (which cannot serve a
two-syllable Korean word) to a bigram/word tsvector (voc_portal.core.search), written for every
existing inquiry here and by Inquiry.save() from now on."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from voc_portal.core.search import search_document

BATCH = 2000


def backfill(apps, schema_editor):
    """Every inquiry's vector from its search_text, in batches of one UPDATE … FROM VALUES."""
    Inquiry = apps.get_model("inquiries", "Inquiry")
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = list(
                Inquiry.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "search_text")[:BATCH]
            )
            if not rows:
                return
            values = ", ".join(["(%s, %s::tsvector)"] * len(rows))
            params = [v for pk, text in rows for v in (pk, search_document(text))]
            cursor.execute(
                f"UPDATE inquiries_inquiry i SET search_vector = v.doc FROM (VALUES {values})"  # noqa: S608
                " AS v(id, doc) WHERE i.id = v.id",
                params,
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_admin_labels_in_korean"),
        ("catalog", "0006_admin_labels_in_korean"),
        ("inquiries", "0013_admin_labels_in_korean"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="inquiry",
            name="inquiry_search_trgm",
        ),
        migrations.AddField(
            model_name="inquiry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                db_default="", editable=False, verbose_name="search index"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="inquiry",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="inquiry_search_vector_idx"
            ),
        ),
    ]
