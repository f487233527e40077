import factory

from voc_portal.accounts.models import Customer, DeveloperAccount, Membership, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OpsUserFactory(UserFactory):
    """Ops staff: is_staff and in the "Operations" group (voc_portal.accounts.ops)."""

    is_staff = True

    @factory.post_generation
    def ops_group(obj, create, extracted, **kwargs):
        if create:
            from voc_portal.accounts.ops import ops_group_sync

            obj.groups.add(ops_group_sync())


class DeveloperAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeveloperAccount

    name = factory.Sequence(lambda n: f"Studio {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    account = factory.SubFactory(DeveloperAccountFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    user = factory.SubFactory(UserFactory)
    customer_number = factory.Sequence(lambda n: f"C{n:08d}")

    class Params:
        korean = factory.Trait(user=factory.SubFactory(UserFactory, language="ko"))
