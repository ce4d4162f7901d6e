from celery import shared_task

from school import selectors, services


@shared_task
def clear_expired_sessions() -> None:
    services.session_clear_expired()


@shared_task
def report_health() -> dict:
    """Answers from inside a worker; used to prove a worker reaches the broker and the database."""
    return selectors.system_health()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_outgoing_email(email_id: int) -> None:
    services.email_send(email_id=email_id)


@shared_task
def send_pending_emails() -> int:
    return services.email_send_pending()
