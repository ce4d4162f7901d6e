import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from school.models import User
from school.roles import Role

DEFAULT_PASSWORD = "correct-horse-battery-42"
# Hashing with Argon2 takes tens of milliseconds; hash the shared test password once.
_DEFAULT_PASSWORD_HASH = make_password(DEFAULT_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@company{n}.example")
    last_name = factory.Iterator(["山田", "髙橋", "齋藤", "渡邊", "山﨑", "𠮷田"])
    first_name = factory.Iterator(["太郎", "花子", "健一", "由紀子", "直子", "翔太"])
    last_name_kana = factory.Iterator(
        ["やまだ", "たかはし", "さいとう", "わたなべ", "やまさき", "よしだ"]
    )
    first_name_kana = factory.Iterator(
        ["たろう", "はなこ", "けんいち", "ゆきこ", "なおこ", "しょうた"]
    )
    last_name_roman = factory.Iterator(
        ["Yamada", "Takahashi", "Saito", "Watanabe", "Yamasaki", "Yoshida"]
    )
    first_name_roman = factory.Iterator(["Taro", "Hanako", "Ken'ichi", "Yukiko", "Naoko", "Shota"])
    password = _DEFAULT_PASSWORD_HASH

    roles = factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_roles(user, extracted)
    )


def _add_roles(user, roles):
    if roles:
        user.groups.add(*Group.objects.filter(name__in=[Role(role).group_name for role in roles]))


def _with_default_roles(*default_roles):
    return factory.PostGeneration(
        lambda user, create, extracted, **kw: _add_roles(
            user, default_roles if extracted is None else extracted
        )
    )


class ParticipantFactory(UserFactory):
    roles = _with_default_roles(Role.PARTICIPANT)


class InstructorFactory(UserFactory):
    roles = _with_default_roles(Role.INSTRUCTOR)


class ProgrammeAdministratorFactory(UserFactory):
    roles = _with_default_roles(Role.PROGRAMME_ADMINISTRATOR)


class CityStaffFactory(UserFactory):
    """A member of the city's staff: reads the programme's outcomes as aggregates."""

    email = factory.Sequence(lambda n: f"staff{n}@city.example")
    roles = _with_default_roles(Role.CITY_STAFF)
