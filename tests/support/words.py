"""Checking that text a person reads is Chinese."""
from __future__ import annotations

import re


def english_words(text: str) -> list[str]:
    """Latin words in a text, leaving out ids and codes (with a digit) and --options."""
    return [w for w in re.split(r"[^A-Za-z0-9_\-]+", text or "")
            if re.search("[A-Za-z]", w) and not re.search("[0-9]", w) and not w.startswith("--")]
