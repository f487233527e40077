"""The privacy guard for published text lives in voc_portal.catalog.privacy (one guard for
official replies and customer reviews, and for any later caller); this keeps the old names."""

from voc_portal.catalog.privacy import (  # noqa: F401
    EMAIL,
    KIND_LABELS,
    MESSENGER,
    PAYMENT,
    PHONE,
    Finding,
    PrivateDataInText,
    find_private_data,
    normalise,
    published_text_check,
)
