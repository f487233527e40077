"""The refunds part of the Developer Center API (/api/v1/refunds/…)."""
