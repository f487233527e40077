"""Payment identifiers (TID, TXID, receipt number) are shown masked unless consent allows more."""

MASK = "\u2022\u2022\u2022\u2022"  # ••••
VISIBLE = 4


def mask_identifier(value: str | None) -> str:
    """Only the last four characters, e.g. "••••1234"; short values are masked entirely."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= VISIBLE:
        return MASK
    return f"{MASK}{value[-VISIBLE:]}"
