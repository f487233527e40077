"""Ratings show to the nearest half star, with one accessible name."""

import pytest

from reviews.templatetags.reviews_tags import stars


@pytest.mark.parametrize(
    ("rating", "full", "half", "label"),
    [(4.5, 4, 1, "4.5 / 5"), (4.24, 4, 0, "4 / 5"), (4.76, 5, 0, "5 / 5"), (3, 3, 0, "3 / 5")],
)
def test_stars_show_half_a_star_when_the_average_is_nearest_a_half(rating, full, half, label):
    html = str(stars(rating))
    on = html.split('class="stars-on" aria-hidden="true">')[1].split("<")[0]
    assert on == "★" * full
    assert html.count("stars-half") == half
    assert f'aria-label="{label}"' in html and 'role="img"' in html


def test_stars_show_none_when_there_is_no_rating():
    html = str(stars(None))
    assert 'aria-label="0 / 5"' in html and "stars-half" not in html
