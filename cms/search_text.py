"""Japanese text for the full-text index.

Japanese is written without spaces, and the database search backends split words on spaces
and punctuation: a whole Japanese sentence becomes one "word", so searching for a word inside
it finds nothing. The index therefore also holds every page's text cut into overlapping pairs
of characters (bigrams: 段取り替え → 段取 取り り替 替え), and a query is cut the same way and
searched with AND, which finds any page containing the query's characters in sequence.
Latin words are left as they are.
"""

import re

from django.utils.html import strip_tags

# Kanji, hiragana, katakana (with the long-vowel mark) and full-width Latin letters and digits.
_CJK_RUN = re.compile(
    r"[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\uff10-\uff5a々〆ー]+"
)


def cjk_bigrams(text: str) -> str:
    """`text` with each run of Japanese characters replaced by its overlapping bigrams."""

    def bigrams(match: re.Match) -> str:
        run = match.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return " ".join(_CJK_RUN.sub(bigrams, text).split())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def plain_text(value) -> str:
    """The words in a field's value: a string, rich text, or a StreamField's stored data."""
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        value = [block.get("value") for block in raw]
    elif hasattr(value, "source"):  # RichText
        value = value.source
    return " ".join(strip_tags(text) for text in _strings(value) if text)
