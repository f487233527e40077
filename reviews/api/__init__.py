"""The reviews part of the Developer Center API (/api/v1/reviews/…)."""
