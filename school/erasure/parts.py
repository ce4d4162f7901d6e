"""What an app's part of an erasure is given, and the hooks the apps register under."""

from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile

from school.erasure.redaction import Identifiers
from school.models import User

# A function of an `Erasure` that erases the app's part (school/erasure/services.py).
ERASURE_HOOK = "personal_data_erasure"
# A function of a user answering {what: how many} the erasure would touch, for the admin page.
ERASURE_COUNTS_HOOK = "personal_data_erasure_counts"

# What replaces the names on the account: not a name, and the same in both languages.
ERASED_FAMILY_NAME = "消去済み"


class ErasureRefused(Exception):
    pass


@dataclass
class Erasure:
    """What the apps' parts are given: the person, who erases, and the strings to remove."""

    user: User
    by: User | None
    reason: str
    identifiers: Identifiers
    counts: dict[str, int] = field(default_factory=dict)
    _files: list[tuple] = field(default_factory=list)

    def count(self, what: str, number: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + number

    def delete_file_after_commit(self, field_file: FieldFile | None) -> None:
        """Files are not part of the transaction: they go once the rows naming them are gone
        for good, and stay if the erasure rolls back."""
        if field_file:
            self._files.append((field_file.storage, field_file.name))

    def files_delete(self) -> None:
        for storage, name in self._files:
            storage.delete(name)


def erased_email(user: User) -> str:
    # `.invalid` is reserved (RFC 2606): nothing is ever delivered there.
    return f"erased-{user.pk}@erased.invalid"


def is_erased(user: User) -> bool:
    return user.email == erased_email(user)
