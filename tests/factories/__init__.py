from .accounts import (
    CustomerFactory,
    DeveloperAccountFactory,
    MembershipFactory,
    OpsUserFactory,
    UserFactory,
)
from .catalog import AppFactory, PurchaseFactory

__all__ = [
    "AppFactory",
    "CustomerFactory",
    "DeveloperAccountFactory",
    "MembershipFactory",
    "OpsUserFactory",
    "PurchaseFactory",
    "UserFactory",
]
