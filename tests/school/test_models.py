import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from school.models import User
from school.services import user_create
from tests.school.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_email_address_is_stored_in_lower_case():
    user = user_create(email=" Taro.Yamada@Example.COM ", last_name="山田", first_name="太郎")

    assert user.email == "taro.yamada@example.com"


def test_two_accounts_cannot_share_an_address_that_differs_only_by_case():
    UserFactory(email="taro@example.com")

    with pytest.raises(IntegrityError):
        User.objects.bulk_create(
            [User(email="TARO@example.com", last_name="山田", first_name="太郎")]
        )


def test_a_reading_must_be_written_in_kana():
    with pytest.raises(ValidationError) as error:
        user_create(
            email="a@example.com", last_name="山田", first_name="太郎", last_name_kana="山田"
        )

    assert "last_name_kana" in error.value.message_dict


def test_katakana_and_hiragana_readings_are_both_accepted():
    user = user_create(
        email="b@example.com",
        last_name="山田",
        first_name="太郎",
        last_name_kana="ヤマダ",
        first_name_kana="たろう",
    )

    assert user.full_name_kana == "ヤマダ たろう"


def test_a_romanised_name_must_be_in_latin_letters():
    with pytest.raises(ValidationError) as error:
        user_create(
            email="c@example.com", last_name="山田", first_name="太郎", last_name_roman="山田"
        )

    assert "last_name_roman" in error.value.message_dict


def test_names_are_shown_family_name_first_in_both_languages():
    user = UserFactory(
        last_name="髙橋",
        first_name="健一",
        last_name_roman="Takahashi",
        first_name_roman="Ken'ichi",
    )

    assert user.full_name == "髙橋 健一"
    assert user.name_for_language("ja") == "髙橋 健一"
    assert user.name_for_language("en") == "TAKAHASHI Ken'ichi"


def test_rare_kanji_outside_the_basic_plane_survive_a_round_trip_through_the_database():
    user = UserFactory(last_name="𠮷田", first_name="太郎")

    user.refresh_from_db()

    assert user.last_name == "𠮷田"


def test_a_user_created_without_a_password_cannot_log_in_until_one_is_set():
    user = user_create(email="d@example.com", last_name="山田", first_name="太郎")

    assert not user.has_usable_password()
