"""`{{ user|display_name }}`: how a person is named on a page (docs/privacy.md).

A customer is always their public display name (Customer.public_name); developers and store
operations are colleagues and keep their names. Pages listing many users select
`actor__customer` so this costs no query per row.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter
def display_name(user) -> str:
    if user is None:
        return ""
    try:
        customer = user.customer
    except ObjectDoesNotExist:
        return user.get_full_name()
    return customer.public_name
