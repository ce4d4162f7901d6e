"""The strings that name a person, and their removal from text and JSON.

Two strengths. `redact` removes what can only be this person: the e-mail address and the whole
name in each script (kanji, kana, romanised, either order, with or without the space). It is
safe on anyone's text: another person's comment loses "齋藤 剛さん", not the word 剛性.
`redact_thoroughly` also removes each part of the name on its own (齋藤, つよし, Saito), for
rows that are about this person (their versions, the feedback on them, the trail of their
records), where a bare family name can only mean them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MARK = "[erased]"


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    # Longest first, so that the whole name goes before its parts would cut it up.
    unique = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique), re.IGNORECASE)


def _forms(first: str, second: str) -> list[str]:
    if not (first and second):
        return []
    return [f"{first} {second}", f"{first}{second}", f"{first}\u3000{second}"]


@dataclass(frozen=True)
class Identifiers:
    email: str
    whole_names: tuple[str, ...]
    parts: tuple[str, ...]

    @classmethod
    def of(cls, user) -> "Identifiers":
        kanji = (user.last_name, user.first_name)
        kana = (user.last_name_kana, user.first_name_kana)
        roman = (user.last_name_roman, user.first_name_roman)
        whole = []
        for family, given in (kanji, kana, roman):
            whole += _forms(family, given) + _forms(given, family)
        return cls(
            email=user.email,
            whole_names=tuple(whole),
            parts=tuple(p for p in (*kanji, *kana, *roman) if p),
        )

    @property
    def strong_terms(self) -> list[str]:
        return [self.email, *self.whole_names]

    @property
    def all_terms(self) -> list[str]:
        return [*self.strong_terms, *self.parts]

    def redact(self, value: Any) -> Any:
        return _replace(value, _pattern(self.strong_terms))

    def redact_thoroughly(self, value: Any) -> Any:
        return _replace(value, _pattern(self.all_terms))


def _replace(value: Any, pattern: re.Pattern | None) -> Any:
    """`value` with every match replaced; strings inside dicts and lists too (keys are
    structure and stay)."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(MARK, value)
    if isinstance(value, dict):
        return {key: _replace(item, pattern) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_replace(item, pattern) for item in value]
    return value
