"""What reviews lets the apps above it react to, without importing them (see core.hooks).

Receivers are connected in the reacting app's `AppConfig.ready()` and run inside the sender's
transaction: what they write commits or rolls back with the cause.
"""

from voc_portal.core.hooks import Hook

review_created = Hook(
    "review_created",
    """A purchaser wrote a review (or wrote again after deleting one), inside `review_create`.

    Keyword arguments: `review` (saved) and `app`.
    """,
)

review_updated = Hook(
    "review_updated",
    """The author changed the rating or text of a review, inside `review_update`.

    Keyword arguments: `review` (locked, already changed) and `previous_rating`.
    """,
)
