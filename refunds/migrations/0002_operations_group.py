"""The "Operations" group: exactly what ops staff need to work the refund queue in admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Operations"
# (app_label, codename). Ops work cases (view + change through the service buttons), read the
# inquiry thread, the purchase and the customer; they add and delete nothing.
PERMISSIONS = [
    ("refunds", "view_refundrequest"),
    ("refunds", "change_refundrequest"),
    ("refunds", "view_refundevent"),
    ("refunds", "view_consentrequest"),
    ("refunds", "view_overdueinquiry"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "view_message"),
    ("catalog", "view_purchase"),
    ("catalog", "view_app"),
    ("accounts", "view_customer"),
]


def forwards(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = []
    for app_label, codename in PERMISSIONS:
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(perms)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("refunds", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("inquiries", "0001_initial"),
        ("catalog", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
