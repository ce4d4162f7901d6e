"""System checks: a site that issues certificates must be able to sign their credentials."""

from django.core.checks import Error, Warning, register

from certificates.credentials.keys import KeyNotConfigured, signing_key

HINT = (
    "Set CREDENTIALS_SIGNING_KEY_FILE to an Ed25519 private key in PEM (PKCS#8), e.g. made "
    "with `openssl genpkey -algorithm ed25519`; see docs/credentials.md."
)


@register(deploy=True)
def signing_key_configured(app_configs, **kwargs):
    try:
        signing_key()
    except KeyNotConfigured as error:
        return [Warning(str(error), hint=HINT, id="certificates.W101")]
    except (ValueError, TypeError) as error:
        return [
            Error(
                f"The credential signing key cannot be read: {error}",
                hint=HINT,
                id="certificates.E101",
            )
        ]
    return []
