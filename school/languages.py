"""Bilingual fields: the school keeps Japanese and English side by side on many models."""

from django.utils.translation import get_language


def in_active_language(japanese: str, english: str) -> str:
    """The English text when English is active and there is one; the Japanese otherwise."""
    if english and (get_language() or "").startswith("en"):
        return english
    return japanese
