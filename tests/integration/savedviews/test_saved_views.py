import pytest
from django.http import QueryDict
from django.urls import reverse

from inquiries.models import Category
from tests.factories import AppFactory, MembershipFactory
from tests.factories.inquiries import InquiryFactory
from tests.factories.reviews import ReviewFactory
from voc_portal.accounts.models import Membership
from voc_portal.core.errors import DomainError
from voc_portal.savedviews import selectors, services
from voc_portal.savedviews.models import SavedView, SavedViewEvent


def _create(member, name="Refunds", query="category=refund", kind="inbox", shared=False):
    return services.saved_view_create(
        account=member.account,
        user=member.user,
        kind=kind,
        name=name,
        query=QueryDict(query),
        shared=shared,
    )


@pytest.mark.django_db
def test_a_view_keeps_only_what_the_inbox_form_accepts_in_a_stable_order(developer):
    view = _create(developer, query="state=awaiting&cursor=abc&category=refund&due=on&junk=1")
    assert view.query == "category=refund&state=awaiting&due=on"
    assert SavedViewEvent.objects.get(view=view).kind == "created"


@pytest.mark.django_db
def test_a_view_refuses_filters_the_list_refuses(developer, other_developer):
    for query in (f"app={other_developer.app.pk}", "state=nonsense&app=x"):
        with pytest.raises(DomainError) as exc:
            _create(developer, query=query)
        assert exc.value.code == "saved_view_query_invalid"
    with pytest.raises(DomainError):
        _create(developer, query="date_from=2026-02-01&date_to=2026-01-01", kind="reviews")
    with pytest.raises(DomainError) as exc:
        _create(developer, kind="refunds")
    assert exc.value.code == "saved_view_kind_unknown"


@pytest.mark.django_db
def test_a_name_is_unique_per_member_and_list(developer):
    _create(developer, name="Mine")
    with pytest.raises(DomainError) as exc:
        _create(developer, name=" Mine ")
    assert exc.value.code == "saved_view_name_taken"
    assert _create(developer, name="Mine", kind="reviews", query="stars=1")


@pytest.mark.django_db
def test_list_shows_own_and_shared_views_with_counts_in_two_queries(
    developer, django_assert_num_queries
):
    teammate = MembershipFactory(account=developer.account)
    app2 = AppFactory(account=developer.account)
    InquiryFactory(app=developer.app, category=Category.REFUND)
    InquiryFactory(app=app2, category=Category.REFUND)
    InquiryFactory(app=app2, category=Category.ERROR)
    _create(developer, name="Refunds")
    _create(developer, name="App 2", query=f"app={app2.pk}")
    _create(teammate, name="Shared errors", query="category=error", shared=True)
    _create(teammate, name="Private", query="")
    # the views, the app list (to re-validate each view), one aggregate for every count
    with django_assert_num_queries(3):
        views = selectors.saved_view_list(
            account=developer.account, user=developer.user, kind="inbox"
        )
    assert [(v.name, v.count) for v in views] == [
        ("App 2", 2),
        ("Refunds", 2),
        ("Shared errors", 1),
    ]
    assert [v.can_manage for v in views] == [True, True, False]


@pytest.mark.django_db
def test_review_views_count_reviews(developer):
    ReviewFactory(app=developer.app, rating=1)
    ReviewFactory(app=developer.app, rating=5)
    _create(developer, name="Low", query="stars=1&stars=2", kind="reviews")
    (view,) = selectors.saved_view_list(
        account=developer.account, user=developer.user, kind="reviews"
    )
    assert (view.query, view.count) == ("stars=1&stars=2", 1)


@pytest.mark.django_db
def test_rename_and_delete_only_your_own_or_shared_ones_as_admin_or_owner(developer):
    member = MembershipFactory(account=developer.account, role=Membership.Role.AGENT)
    shared = _create(member, name="Team", shared=True)
    private = _create(member, name="Me")
    with pytest.raises(DomainError) as exc:
        services.saved_view_rename(
            view=shared,
            user=MembershipFactory(account=developer.account, role=Membership.Role.AGENT).user,
            name="X",
        )
    assert exc.value.status == 403
    services.saved_view_rename(view=shared, user=developer.user, name="Team inbox")  # an owner
    admin = MembershipFactory(account=developer.account, role=Membership.Role.ADMIN)
    services.saved_view_rename(view=shared, user=admin.user, name="Team inbox")
    assert SavedView.objects.get(pk=shared.pk).name == "Team inbox"
    with pytest.raises(DomainError):
        services.saved_view_delete(view=private, user=developer.user)
    services.saved_view_delete(view=private, user=member.user)
    assert not SavedView.objects.filter(pk=private.pk).exists()
    kinds = list(
        SavedViewEvent.objects.filter(account=developer.account).values_list("kind", flat=True)
    )
    assert kinds.count("renamed") == 2 and kinds.count("deleted") == 1


@pytest.mark.django_db
def test_web_save_rename_delete_and_the_inbox_shows_counts(dev_client, developer):
    InquiryFactory(app=developer.app, category=Category.REFUND)
    response = dev_client.post(
        reverse("savedviews:create"),
        {"kind": "inbox", "name": "환불 문의", "query": "category=refund&cursor=x"},
    )
    assert response.status_code == 302 and response["Location"] == "/inquiries/?category=refund"
    view = SavedView.objects.get()
    html = dev_client.get(reverse("inquiries:inbox")).content.decode()
    assert f'data-saved-view="{view.pk}"' in html and "환불 문의" in html
    dev_client.post(reverse("savedviews:rename", args=[view.pk]), {"name": "Refunds"})
    assert SavedView.objects.get().name == "Refunds"
    dev_client.post(reverse("savedviews:delete", args=[view.pk]))
    assert not SavedView.objects.exists()


@pytest.mark.django_db
def test_web_refuses_bad_filters_with_a_400(dev_client):
    response = dev_client.post(
        reverse("savedviews:create"), {"kind": "inbox", "name": "X", "query": "state=zzz&app=9"}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_another_accounts_or_members_view_is_a_404(dev_client, developer, other_developer):
    foreign = _create(other_developer, name="Theirs", shared=True)
    teammate_private = _create(MembershipFactory(account=developer.account), name="Private")
    for view in (foreign, teammate_private):
        for name in ("savedviews:rename", "savedviews:delete"):
            response = dev_client.post(reverse(name, args=[view.pk]), {"name": "Mine now"})
            assert response.status_code == 404, name
    assert SavedView.objects.filter(name__in=["Theirs", "Private"]).count() == 2


@pytest.mark.django_db
def test_review_console_shows_saved_views_in_constant_queries(
    dev_client, developer, django_assert_max_num_queries
):
    for i in range(5):
        _create(developer, name=f"V{i}", query=f"stars={i % 5 + 1}", kind="reviews")
    with django_assert_max_num_queries(17):
        html = dev_client.get(reverse("reviews:console")).content.decode()
    assert html.count("data-saved-view=") == 5
