from celery import shared_task

from workshops.check_ins import services as check_in_services
from workshops.deadlines import services as deadline_services


@shared_task
def send_deadline_reminders() -> int:
    return deadline_services.deadline_reminders_send()


@shared_task
def request_check_ins() -> int:
    return check_in_services.check_ins_request_due()
