import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates.credentials.keys import KeyNotConfigured, generate_pem, signing_key
from certificates.credentials.models import IssuerKey


class Command(BaseCommand):
    help = (
        "The credential signing keys: show them, write a development key where none is "
        "configured (--create-if-missing), or withdraw a compromised public key (--withdraw)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--create-if-missing", action="store_true")
        parser.add_argument("--withdraw", metavar="PUBLIC_KEY_MULTIBASE")
        parser.add_argument("--reason", default="")

    def handle(self, *args, create_if_missing, withdraw, reason, **options):
        if create_if_missing:
            self._create_if_missing()
        if withdraw:
            self._withdraw(withdraw, reason)
        self._show()

    def _create_if_missing(self) -> None:
        if settings.CREDENTIALS_SIGNING_KEY:
            return
        path = settings.CREDENTIALS_SIGNING_KEY_FILE
        if not path:
            raise CommandError("Set CREDENTIALS_SIGNING_KEY_FILE to where the key should be kept.")
        file = Path(path)
        if file.exists():
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        # Readable by this user only, from the moment it exists.
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(generate_pem())
        self.stdout.write(f"Wrote a new credential signing key to {file}.")

    def _withdraw(self, public_key: str, reason: str) -> None:
        if not reason.strip():
            raise CommandError("Give the --reason for withdrawing the key.")
        updated = IssuerKey.objects.filter(
            public_key_multibase=public_key, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now(), withdrawn_reason=reason.strip())
        if not updated:
            raise CommandError(f"No published key {public_key}.")
        self.stdout.write(f"Withdrew {public_key}: credentials it signed no longer verify.")

    def _show(self) -> None:
        try:
            current = signing_key().public_key_multibase
        except (KeyNotConfigured, ValueError) as error:
            current = ""
            self.stdout.write(f"No signing key: {error}")
        else:
            self.stdout.write(f"Signing with {current}")
        for key in IssuerKey.objects.all():
            state = f"withdrawn {key.withdrawn_at:%Y-%m-%d}" if key.withdrawn_at else "published"
            self.stdout.write(f"  {key.public_key_multibase}  {state}")
