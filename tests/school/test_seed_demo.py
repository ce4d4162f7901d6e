import pytest
from django.apps import apps
from django.core.management import call_command

from school.demo import DEMO_PASSWORD
from school.models import User
from school.roles import Role

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_run_twice_leaves_the_same_number_of_rows(capsys):
    call_command("seed_demo")
    first = _row_counts()
    call_command("seed_demo")
    second = _row_counts()

    assert first == second
    assert first["school.User"] >= 8


def test_seed_demo_prints_working_log_ins_for_each_role(client, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out

    printed = User.objects.filter(email__in=output.split())
    for role in Role:
        user = printed.filter(groups__name=role.group_name).first()
        assert user is not None, f"no log-in printed for {role}"
        response = client.post(
            "/accounts/login/", {"username": user.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.email
        client.post("/accounts/logout/")
    assert DEMO_PASSWORD in output


def test_seed_demo_prints_a_working_log_in_for_each_review_step(client, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out

    for group_name, email in (
        ("College reviewers", "reviewer@kosen.example"),
        ("Graduate school reviewers", "reviewer@gsb.example"),
    ):
        assert email in output
        reviewer = User.objects.get(email=email, groups__name=group_name)
        assert reviewer.last_name and reviewer.last_name_kana
        response = client.post(
            "/accounts/login/", {"username": reviewer.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, reviewer.email
        client.post("/accounts/logout/")
