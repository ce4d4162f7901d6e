from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from school.models import OutgoingEmail
from workshops.models import CheckIn, CheckInVersion

pytestmark = pytest.mark.django_db


def _newest_versions():
    newest = {}
    for version in CheckInVersion.objects.select_related("check_in__plan_version").order_by(
        "check_in_id", "number"
    ):
        newest[version.check_in_id] = version
    return list(newest.values())


def test_the_demo_s_past_cohort_reported_for_two_fiscal_years_and_a_rerun_adds_nothing():
    call_command("seed_demo")
    first = (CheckIn.objects.count(), CheckInVersion.objects.count())
    call_command("seed_demo")

    assert (CheckIn.objects.count(), CheckInVersion.objects.count()) == first
    years = Counter(CheckIn.objects.values_list("fiscal_year", flat=True))

    assert len(years) == 2
    # Eleven alumni, each asked once a year, one e-mail each.
    assert set(years.values()) == {11}
    assert OutgoingEmail.objects.filter(key__startswith="check-in-request:").count() == 22
    assert CheckIn.objects.filter(versions__isnull=True).count() == 2


def test_the_demo_is_varied_like_real_companies():
    """Some changed their business model, some stayed at digitisation; initiatives in every
    state; KPI actuals above and below their targets."""
    call_command("seed_demo")
    business_model = {}
    for version in _newest_versions():
        if version.content["plan_year"] != 2:
            continue
        plan = version.check_in.plan_version.content["maturity"]
        before = next(r["current"] for r in plan if r["dimension"] == "business_model")
        now = next(
            r["level"] for r in version.content["maturity"] if r["dimension"] == "business_model"
        )
        business_model[version.check_in_id] = now - before

    statuses = Counter(
        row["status"] for version in _newest_versions() for row in version.content["initiatives"]
    )

    better, worse = 0, 0
    for version in _newest_versions():
        plan_kpis = version.check_in.plan_version.content["kpis"]
        for row in version.content["kpis"]:
            if row["actual"] is None:
                continue
            planned = plan_kpis[row["index"]]
            target = Decimal(planned["targets"][str(version.content["plan_year"])])
            higher_is_better = Decimal(planned["targets"]["1"]) >= Decimal(planned["baseline"])
            actual = Decimal(row["actual"])
            if (actual > target) == higher_is_better and actual != target:
                better += 1
            elif actual != target:
                worse += 1

    assert max(business_model.values()) >= 2
    assert min(business_model.values()) == 0
    assert set(statuses) == {"not_started", "in_progress", "done", "dropped"}
    assert better >= 5 and worse >= 5
