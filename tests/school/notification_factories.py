import factory

from school.models import Notification, NotificationKind
from tests.school.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test-notification:{n}")
    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.FEEDBACK
    title_ja = factory.Sequence(lambda n: f"計画へのフィードバック {n}")
    title_en = factory.Sequence(lambda n: f"Feedback on your plan {n}")
    link = "/dashboard/"
