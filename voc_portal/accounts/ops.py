"""The "Operations" group: what ops staff may do in /admin/.

Synced after every migrate (so new models of any app are covered on the next deploy) and by
`seed_demo`. Ops staff are users with is_staff=True in this group; they are not superusers.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

OPS_GROUP = "Operations"
# The apps whose rows ops staff look after.
OPS_APPS = ("accounts", "catalog", "mail", "inquiries", "reviews", "refunds", "api", "axes")
# Audit trail and money: ops may look and correct, but never delete these.
NO_DELETE = ("user", "customer", "purchase", "outboundemail")


def ops_group_sync() -> Group:
    group, _ = Group.objects.get_or_create(name=OPS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=OPS_APPS).exclude(
        Q(codename__startswith="delete_") & Q(content_type__model__in=NO_DELETE)
    )
    group.permissions.set(perms)
    return group


def _post_migrate(sender, **kwargs) -> None:
    # post_migrate is sent once per app; sync after the last one, when every permission exists.
    from django.apps import apps

    if sender is [a for a in apps.get_app_configs() if a.models_module][-1]:
        ops_group_sync()
