"""The inquiries part of the Developer Center API (/api/v1/inquiries/…)."""
