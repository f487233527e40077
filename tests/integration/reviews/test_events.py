"""Every review service writes its ReviewEvent in its own transaction; replies get a history."""

import pytest

from reviews import services
from reviews.etags import official_reply_etag
from reviews.models import OfficialReply, ReviewEvent
from tests.factories import OpsUserFactory
from voc_portal.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db

Kind = ReviewEvent.Kind


def _kinds(review) -> list[str]:
    return list(ReviewEvent.objects.filter(review=review).values_list("kind", flat=True))


def _publish(review, developer, body, **kwargs):
    return services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body=body, **kwargs
    )


def test_author_changes_are_events_with_the_author_when_written_edited_deleted(review):
    user = review.customer.user
    services.review_update(review=review, customer=review.customer, rating=2, body="Worse now")
    services.review_delete(review=review, customer=review.customer)
    services.review_delete(review=review, customer=review.customer)  # twice: no second event

    events = list(ReviewEvent.objects.filter(review=review))
    assert [e.kind for e in events] == [Kind.CREATED, Kind.UPDATED, Kind.DELETED]
    assert {e.actor_id for e in events} == {user.pk}
    assert events[0].data == {"rating": 4}
    assert events[1].data == {"rating": 2, "previous_rating": 4}
    assert not events[0].from_state and not events[0].to_state


def test_create_event_says_revived_when_a_deleted_review_is_written_again(review):
    services.review_delete(review=review, customer=review.customer)
    services.review_create(customer=review.customer, app=review.app, rating=5, body="Back")
    last = ReviewEvent.objects.filter(review=review).last()
    assert (last.kind, last.data) == (Kind.CREATED, {"rating": 5, "revived": True})


def test_unchanged_edit_writes_no_event_when_text_and_rating_are_the_same(review):
    services.review_update(review=review, customer=review.customer, rating=4, body=review.body)
    assert _kinds(review) == [Kind.CREATED]


def test_ops_changes_are_events_with_reason_when_hidden_and_restored(review):
    ops = OpsUserFactory()
    services.review_hide(review=review, actor=ops, reason="Insults")
    with pytest.raises(InvalidTransition):
        services.review_hide(review=review, actor=ops, reason="again")
    services.review_restore(review=review, actor=ops)

    hidden, restored = ReviewEvent.objects.filter(review=review, actor=ops)
    assert (hidden.kind, hidden.note) == (Kind.HIDDEN, "Insults")
    assert (restored.kind, restored.data) == (Kind.RESTORED, {"hidden_reason": "Insults"})
    assert _kinds(review) == [Kind.CREATED, Kind.HIDDEN, Kind.RESTORED]


def test_reply_history_keeps_every_earlier_text_when_edited_and_deleted(review, developer):
    reply = _publish(review, developer, "Thanks!")
    _publish(review, developer, "Thanks!")  # the same text: nothing happens
    _publish(review, developer, "Fixed in 2.0")
    services.review_reply_delete(review=review, account=developer.account, actor=developer.user)

    events = list(ReviewEvent.objects.filter(review=review).exclude(kind=Kind.CREATED))
    assert [e.kind for e in events] == [Kind.REPLY_PUBLISHED, Kind.REPLY_EDITED, Kind.REPLY_DELETED]
    assert {e.actor_id for e in events} == {developer.user.pk}
    assert events[0].note == "Thanks!" and events[0].data == {"reply_id": reply.pk, "version": 1}
    assert events[1].note == "Fixed in 2.0"
    assert events[1].data == {"reply_id": reply.pk, "version": 2, "previous_body": "Thanks!"}
    assert events[2].data == {"reply_id": reply.pk, "version": 2, "previous_body": "Fixed in 2.0"}


def test_refused_reply_writes_no_event_when_it_carries_private_data(review, developer):
    with pytest.raises(services.PrivateDataInReply):
        _publish(review, developer, "Mail us at help@studio.example")
    assert _kinds(review) == [Kind.CREATED]


# --- If-Match inside the services ----------------------------------------------------------------


def test_publish_refuses_a_stale_if_match_and_changes_nothing_when_edited_elsewhere(
    review, developer
):
    stale = official_reply_etag(_publish(review, developer, "First"))
    current = _publish(review, developer, "Second", if_match=stale)

    with pytest.raises(services.ReplyChanged) as exc:
        _publish(review, developer, "Third", if_match=stale)

    assert exc.value.status == 412 and exc.value.code == "precondition_failed"
    assert OfficialReply.objects.get(review=review).body == "Second"
    assert _publish(review, developer, "Third", if_match=official_reply_etag(current)).version == 3
    assert _publish(review, developer, "Fourth", if_match="*").version == 4


def test_if_match_is_checked_before_the_text_when_both_are_wrong(review, developer):
    with pytest.raises(services.ReplyChanged):
        _publish(review, developer, "", if_match='"abc"')
    with pytest.raises(services.ReplyChanged):
        _publish(review, developer, "Hi", if_match="*")  # no reply yet: nothing matches
    assert not OfficialReply.objects.exists()


def test_update_or_create_says_created_only_when_there_was_no_reply(review, developer):
    kwargs = {"review": review, "account": developer.account, "author": developer.user}
    assert services.review_reply_update_or_create(**kwargs, body="Hi")[1] is True
    assert services.review_reply_update_or_create(**kwargs, body="Hi")[1] is False
    assert services.review_reply_update_or_create(**kwargs, body="Hello")[1] is False


def test_delete_refuses_a_stale_if_match_and_keeps_the_reply_when_edited_elsewhere(
    review, developer
):
    stale = official_reply_etag(_publish(review, developer, "First"))
    current = official_reply_etag(_publish(review, developer, "Second"))

    with pytest.raises(services.ReplyChanged):
        services.review_reply_delete(review=review, account=developer.account, if_match=stale)
    assert OfficialReply.objects.filter(review=review).exists()

    assert services.review_reply_delete(review=review, account=developer.account, if_match=current)
    assert not services.review_reply_delete(
        review=review, account=developer.account, if_match=current
    )
    assert _kinds(review).count(Kind.REPLY_DELETED) == 1
