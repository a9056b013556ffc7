"""How many generated examples a property test (Hypothesis) runs.

``make test`` and CI run the number each test names, chosen so the whole suite stays within
minutes on two cores; ``VENDOR_REVIEW_FUZZ=thorough`` runs ten times as many (after changing
a parser or before a release). Failing examples are kept in ``.hypothesis/`` and replayed
first either way."""

from __future__ import annotations

import os

THOROUGH = os.environ.get("VENDOR_REVIEW_FUZZ", "") == "thorough"


def examples(count: int) -> int:
    """``count`` examples, or ten times as many when thorough."""
    return count * 10 if THOROUGH else count
