from celery import shared_task

from school import selectors, services


@shared_task
def clear_expired_sessions() -> None:
    services.session_clear_expired()


@shared_task
def report_health() -> dict:
    """Answers from inside a worker; used to prove a worker reaches the broker and the database."""
    return selectors.system_health()
