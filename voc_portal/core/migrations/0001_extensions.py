from django.contrib.postgres.operations import BtreeGinExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm powers search in Korean and English (no stemmer needed); btree_gin mixes keys."""

    initial = True
    dependencies: list = []
    operations = [TrigramExtension(), BtreeGinExtension()]
