from celery import shared_task

from cohorts import services


@shared_task
def send_invitation_reminders() -> int:
    return services.invitation_reminders_send()
