from celery import shared_task

from workshops import services


@shared_task
def send_deadline_reminders() -> int:
    return services.deadline_reminders_send()


@shared_task
def request_check_ins() -> int:
    return services.check_ins_request_due()
