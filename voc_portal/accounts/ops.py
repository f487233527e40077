"""The "Operations" group: what ops staff may do in /admin/.

Synced after every migrate (so new models of any app are covered on the next deploy) and by
`seed_demo`. Ops staff are users with is_staff=True in this group; they are not superusers.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

OPS_GROUP = "Operations"
# Exactly what ops staff need, by (app_label, codename): work the refund queue through the
# service buttons, hide/restore reviews, re-send failed email, unlock locked-out sign-ins, and
# read everything else they must see to decide. No user, token or raw money edits: a staff user
# with change_user could make themselves a superuser.
OPS_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("refunds", "view_refundrequest"),
    ("refunds", "change_refundrequest"),
    ("refunds", "view_refundevent"),
    ("refunds", "view_consentrequest"),
    ("refunds", "view_overdueinquiry"),
    ("refunds", "view_paymentidentifierview"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "view_message"),
    ("inquiries", "view_attachment"),
    ("inquiries", "view_inquiryevent"),
    ("reviews", "view_review"),
    ("reviews", "change_review"),
    ("reviews", "view_officialreply"),
    ("reviews", "view_reviewversion"),
    ("catalog", "view_app"),
    ("catalog", "view_purchase"),
    ("accounts", "view_user"),
    ("accounts", "view_customer"),
    ("accounts", "view_developeraccount"),
    ("accounts", "view_membership"),
    ("mail", "view_outboundemail"),
    ("mail", "change_outboundemail"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
)


def ops_group_sync() -> Group:
    """Create the group if needed and set its permissions to exactly OPS_PERMISSIONS."""
    group, _ = Group.objects.get_or_create(name=OPS_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codename in OPS_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def _post_migrate(sender, **kwargs) -> None:
    # post_migrate is sent once per app; sync after the last one, when every permission exists.
    from django.apps import apps

    if sender is [a for a in apps.get_app_configs() if a.models_module][-1]:
        ops_group_sync()
