"""Demo presentation days for `manage.py seed_demo`: last year's, held, scored by peers and two
guests and released; and this year's, planned on the closing session with every participant.
A scoring rubric of four criteria (1 to 5) joins the rubric library. Safe to run again."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from cohorts.models import Cohort, Enrolment, Session
from cohorts.selectors import TAKING_PART
from school.models import User
from workshops.models import (
    GuestJudge,
    PresentationEvent,
    PresentationScore,
    Presenter,
    Rubric,
    RubricCriterion,
    RubricLevel,
)
from workshops.presentations import services

RUBRIC_TITLE = "DX計画発表 評価基準"
CLOSING_SESSION = "DX計画発表会・修了式"
INSTRUCTOR = "takahashi@kosen.example"
CRITERIA = [
    (
        "変革の構想",
        "Vision of the transformation",
        [
            "効率化にとどまる",
            "方向性はあるが曖昧",
            "変革の姿が描かれている",
            "顧客価値まで具体的",
            "業界を変えうる構想",
        ],
    ),
    (
        "実現性と計画",
        "Feasibility and plan",
        [
            "計画がない",
            "項目の列挙のみ",
            "年次の計画がある",
            "体制と予算が伴う",
            "リスクと代替策まで示す",
        ],
    ),
    (
        "指標（KPI）",
        "Measures (KPIs)",
        [
            "指標がない",
            "指標が曖昧",
            "基準値と目標がある",
            "成果に結びつく指標",
            "経営指標まで一貫している",
        ],
    ),
    (
        "伝わりやすさ",
        "Clarity of the talk",
        [
            "伝わらない",
            "要点が見えにくい",
            "要点は伝わる",
            "聞き手を引き込む",
            "聞き手の行動を促す",
        ],
    ),
]
GUESTS = [("北九州市 産業振興課 森", ""), ("山田 一郎", "西日本みらい銀行")]
COMMENTS = [
    "顧客接点のデジタル化から始める順序がよく分かりました。",
    "投資額の根拠をもう少し聞きたかったです。",
    "現場の巻き込み方が具体的で、当社でも真似したいと思いました。",
    "KPIが経営目標とつながっていて説得力がありました。",
]


def scoring_rubric() -> Rubric:
    rubric, _ = Rubric.objects.update_or_create(
        title_ja=RUBRIC_TITLE,
        defaults={
            "title_en": "DX plan presentation",
            "description": "発表会で参加者とゲストが1〜5で採点します。",
        },
    )
    for order, (title_ja, title_en, descriptors) in enumerate(CRITERIA):
        criterion, _ = RubricCriterion.objects.update_or_create(
            rubric=rubric, title_ja=title_ja, defaults={"title_en": title_en, "sort_order": order}
        )
        for points, descriptor in enumerate(descriptors, start=1):
            RubricLevel.objects.update_or_create(
                criterion=criterion,
                points=points,
                defaults={"descriptor_ja": descriptor, "sort_order": points},
            )
    return rubric


def _points(*parts) -> int:
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return 2 + digest[0] % 4 if digest[1] % 5 else 1 + digest[0] % 5


def _closing_session(cohort: Cohort | None) -> Session | None:
    if cohort is None:
        return None
    return Session.objects.filter(cohort=cohort, name_ja=CLOSING_SESSION).first()


def _event(session: Session, rubric: Rubric, by: User, limit: int | None) -> PresentationEvent:
    existing = PresentationEvent.objects.filter(session=session).first()
    if existing is not None:
        return existing
    enrolments = list(
        Enrolment.objects.filter(cohort=session.cohort, status__in=TAKING_PART)
        .select_related("company", "user")
        .order_by("company__name_kana", "pk")
    )
    return services.presentation_event_create(
        session=session,
        title_ja=f"{session.cohort.name_ja} DX計画発表会",
        title_en=f"{session.cohort.name_en}: DX plan presentations",
        rubric=rubric,
        presenting_minutes=8,
        questions_minutes=4,
        enrolments=enrolments[:limit] if limit else enrolments,
        by=by,
    )


def _hold(event: PresentationEvent, by: User) -> int:
    """Run last year's day through the services, every peer and both guests scoring each talk,
    then move its times back to the session's."""
    judges = list(Enrolment.objects.filter(cohort_id=event.session.cohort_id))
    # The day is a year ago: guests are let in for the length of this replay only.
    access_ends_at = event.guest_access_ends_at
    PresentationEvent.objects.filter(pk=event.pk).update(
        guest_access_ends_at=timezone.now() + timedelta(hours=1)
    )
    guests = [
        GuestJudge.objects.create(
            event=event, name=name, affiliation=affiliation, joined_at=event.session.starts_at
        )
        for name, affiliation in GUESTS
    ]
    keys = [c["key"] for c in event.rubric_version.criteria]
    written = 0
    for _presenter in range(event.presenters.count()):
        event = services.presentation_event_advance(event=event, by=by)
        presenter = Presenter.objects.select_related("event__rubric_version").get(
            pk=event.current_id
        )
        for index, judge in enumerate([*judges, *guests]):
            is_guest = not isinstance(judge, Enrolment)
            if not is_guest and judge.pk == presenter.enrolment_id:
                continue
            services.presentation_score_save(
                presenter=presenter,
                scores={key: _points(presenter.pk, judge.pk, key, is_guest) for key in keys},
                comment=COMMENTS[(presenter.pk + index) % len(COMMENTS)] if index % 3 == 0 else "",
                judge_enrolment=None if is_guest else judge,
                judge_guest=judge if is_guest else None,
            )
            written += 1
    services.presentation_event_end(event=event, by=by)
    services.presentation_results_release(event=event, by=by)
    start = event.session.starts_at
    for position, presenter in enumerate(event.presenters.order_by("position")):
        began = start + timedelta(minutes=12 * position)
        Presenter.objects.filter(pk=presenter.pk).update(
            started_at=began, ended_at=began + timedelta(minutes=12)
        )
        PresentationScore.objects.filter(presenter=presenter).update(
            created_at=began + timedelta(minutes=10), updated_at=began + timedelta(minutes=10)
        )
    PresentationEvent.objects.filter(pk=event.pk).update(
        released_at=event.session.ends_at + timedelta(days=1), guest_access_ends_at=access_ends_at
    )
    return written


def seed_presentations(*, stdout=None) -> None:
    rubric = scoring_rubric()
    by = User.objects.filter(email=INSTRUCTOR).first()
    if by is None:
        return
    programme = Cohort.objects.filter(programme__code="DXS")
    past = _closing_session(
        programme.filter(status=Cohort.Status.FINISHED).order_by("-starts_on").first()
    )
    coming = _closing_session(
        programme.filter(status=Cohort.Status.RUNNING).order_by("-starts_on").first()
    )
    written = 0
    if past is not None:
        event = _event(past, rubric, by, limit=6)
        if event.status == PresentationEvent.Status.PLANNED:
            written = _hold(event, by)
    if coming is not None:
        _event(coming, rubric, by, limit=None)
    if stdout is not None:
        stdout.write(
            f"Presentation days: last year's and the coming one; scores written now: {written}"
        )
