"""Demo cohorts for `manage.py seed_demo`: last year's (finished) and this year's (running).

Dates are placed around today so the dashboard always has past and upcoming sessions; a second
run moves them rather than adding rows, so the row counts stay the same.
"""

import hashlib
from datetime import datetime, time, timedelta

from django.utils import timezone

from cms.models import ModulePage, ProgrammePage
from cohorts import services
from cohorts.models import (
    Attendance,
    Cohort,
    Company,
    Enrolment,
    Programme,
    Session,
    TeachingAssignment,
)
from school.demo import DEMO_PASSWORD
from school.models import User
from school.roles import Role
from school.services import user_upsert

COMPANIES = [
    # name, reading, industry, employee band, city
    ("齋藤精機株式会社", "さいとうせいき", "manufacturing", "51-100", "北九州市"),
    ("株式会社𠮷田フーズ", "よしだふーず", "food", "21-50", "北九州市"),
    ("山﨑ロジスティクス株式会社", "やまさきろじすてぃくす", "logistics", "101-300", "北九州市"),
    ("中村建設株式会社", "なかむらけんせつ", "construction", "51-100", "行橋市"),
    ("小林印刷株式会社", "こばやしいんさつ", "manufacturing", "21-50", "北九州市"),
    ("髙田鉄工所", "たかだてっこうじょ", "manufacturing", "21-50", "北九州市"),
    ("有限会社森本農園", "もりもとのうえん", "agriculture", "1-20", "中間市"),
    (
        "九州メディカルサポート株式会社",
        "きゅうしゅうめでぃかるさぽーと",
        "healthcare",
        "101-300",
        "北九州市",
    ),
    ("株式会社響灘ロボテック", "ひびきなだろぼてっく", "manufacturing", "51-100", "北九州市"),
    ("門司港ホテル企画株式会社", "もじこうほてるきかく", "services", "21-50", "北九州市"),
    ("株式会社若松電設", "わかまつでんせつ", "construction", "21-50", "北九州市"),
    ("小倉テキスタイル株式会社", "こくらてきすたいる", "manufacturing", "101-300", "北九州市"),
    ("戸畑化成工業株式会社", "とばたかせいこうぎょう", "manufacturing", "301-1000", "北九州市"),
    ("株式会社八幡システムズ", "やはたしすてむず", "information", "21-50", "北九州市"),
    ("苅田物流センター株式会社", "かんだぶつりゅうせんたー", "logistics", "51-100", "苅田町"),
    ("株式会社芦屋マリン", "あしやまりん", "wholesale_retail", "1-20", "芦屋町"),
    ("直方精密株式会社", "のおがたせいみつ", "manufacturing", "51-100", "直方市"),
]

# family, given, readings, romanised, company index, title, track
PEOPLE = [
    ("髙田", "誠一", "たかだ", "せいいち", "Takada", "Seiichi", 5, "代表取締役", "executive"),
    ("森本", "千尋", "もりもと", "ちひろ", "Morimoto", "Chihiro", 6, "代表", "executive"),
    ("濵田", "一郎", "はまだ", "いちろう", "Hamada", "Ichiro", 7, "取締役", "executive"),
    ("松本", "由美", "まつもと", "ゆみ", "Matsumoto", "Yumi", 8, "代表取締役社長", "executive"),
    ("井上", "拓也", "いのうえ", "たくや", "Inoue", "Takuya", 9, "専務取締役", "executive"),
    ("木村", "浩二", "きむら", "こうじ", "Kimura", "Koji", 10, "代表取締役", "executive"),
    ("林", "美和", "はやし", "みわ", "Hayashi", "Miwa", 11, "常務取締役", "executive"),
    ("清水", "隆", "しみず", "たかし", "Shimizu", "Takashi", 12, "取締役工場長", "executive"),
    ("山口", "彩", "やまぐち", "あや", "Yamaguchi", "Aya", 13, "代表取締役", "executive"),
    ("池田", "修", "いけだ", "おさむ", "Ikeda", "Osamu", 14, "代表取締役社長", "executive"),
    ("橋本", "恵子", "はしもと", "けいこ", "Hashimoto", "Keiko", 15, "代表", "executive"),
    ("石川", "勝", "いしかわ", "まさる", "Ishikawa", "Masaru", 16, "代表取締役", "executive"),
    ("齊藤", "美香", "さいとう", "みか", "Saito", "Mika", 0, "生産管理部長", "manager"),
    ("前田", "健", "まえだ", "けん", "Maeda", "Ken", 2, "物流企画課長", "manager"),
    ("藤田", "真理子", "ふじた", "まりこ", "Fujita", "Mariko", 12, "総務部長", "manager"),
    ("岡田", "翼", "おかだ", "つばさ", "Okada", "Tsubasa", 8, "開発部長", "manager"),
    ("後藤", "大樹", "ごとう", "だいき", "Goto", "Daiki", 3, "工事部長", "manager"),
    ("長谷川", "聡", "はせがわ", "さとし", "Hasegawa", "Satoshi", 11, "営業部長", "manager"),
    ("村上", "奈々", "むらかみ", "なな", "Murakami", "Nana", 4, "経営企画室長", "manager"),
    ("近藤", "剛史", "こんどう", "たけし", "Kondo", "Takeshi", 16, "品質保証部長", "manager"),
    ("坂本", "陽子", "さかもと", "ようこ", "Sakamoto", "Yoko", 7, "事務長", "manager"),
    ("遠藤", "亮", "えんどう", "りょう", "Endo", "Ryo", 13, "システム部長", "manager"),
]

# The five demo participants of school/demo.py, with their companies.
DEMO_PARTICIPANTS = [
    ("saito@saito-seiki.example", 0, "代表取締役社長", "executive"),
    ("yoshida@yoshida-foods.example", 1, "代表取締役", "executive"),
    ("yamasaki@yamasaki-logi.example", 2, "専務取締役", "executive"),
    ("nakamura@nakamura-kensetsu.example", 3, "代表取締役", "executive"),
    ("kobayashi@kobayashi-print.example", 4, "取締役", "executive"),
]

# Title in Japanese and English, and the slug of the module page the session teaches: a session
# that teaches a module has the module's title, so the schedule and the course content agree.
SESSION_TITLES = [
    ("開講式・DXとは何か", "Opening: what DX is", None),
    ("DXビジョンと経営戦略", "DX vision and strategy", "vision-and-strategy"),
    ("データに基づく経営", "Data-driven management", "data-driven-management"),
    ("地域製造業のDX事例", "DX case studies from local manufacturers", "local-manufacturing-cases"),
    ("組織・人材と企業文化", "Organisation, talent and culture", "organisation-and-talent"),
    ("ITシステムとセキュリティ", "IT systems and security", "it-and-security"),
    ("DX計画の作成と発表", "Writing and presenting the DX plan", "plan-writing-and-presentation"),
    ("DX計画発表会・修了式", "Plan presentations and closing", None),
]
# The titles earlier demo data gave the sessions, so that seeding an older database renames
# its sessions instead of adding new ones.
FORMER_SESSION_TITLES = {
    "DXビジョンと経営戦略": "ビジョンと経営戦略",
    "データに基づく経営": "データ駆動経営",
    "組織・人材と企業文化": "組織・人材・企業文化",
    "ITシステムとセキュリティ": "ITシステムとサイバーセキュリティ",
    "DX計画の作成と発表": "DX計画の書き方",
}
PROGRAMME_PAGE_SLUG = "executive"

ATTENDANCE_PATTERN = [
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
]


def _pick(seed: str, choices):
    """The same choice for the same seed on every run, so a re-run changes nothing."""
    digest = hashlib.sha256(seed.encode()).digest()
    return choices[digest[0] % len(choices)]


def _email_for(roman_family: str, roman_given: str, company_index: int) -> str:
    return f"{roman_given.lower()}.{roman_family.lower()}@company{company_index + 1:02d}.example"


def seed_cohorts(stdout=None) -> None:
    companies = [
        Company.objects.update_or_create(
            name=name,
            defaults={"name_kana": kana, "industry": industry, "employee_band": band, "city": city},
        )[0]
        for name, kana, industry, band, city in COMPANIES
    ]
    programme_page = ProgrammePage.objects.filter(
        slug=PROGRAMME_PAGE_SLUG, locale__language_code="ja"
    ).first()
    programme, _ = Programme.objects.update_or_create(
        code="DXS",
        defaults={
            "name_ja": "DX経営者育成プログラム",
            "name_en": "Executive DX Programme",
            "page": programme_page,
        },
    )
    today = timezone.localdate()
    current_start = today - timedelta(days=63)
    cohorts = {
        "past": _cohort(
            programme,
            current_start.year - 1,
            current_start - timedelta(days=364),
            Cohort.Status.FINISHED,
        ),
        "current": _cohort(programme, current_start.year, current_start, Cohort.Status.RUNNING),
    }
    takahashi = User.objects.get(email="takahashi@kosen.example")
    watanabe = User.objects.get(email="watanabe@gsb.example")
    for cohort in cohorts.values():
        TeachingAssignment.objects.update_or_create(
            cohort=cohort,
            user=takahashi,
            defaults={"role": TeachingAssignment.Role.LEAD_INSTRUCTOR},
        )
        TeachingAssignment.objects.update_or_create(
            cohort=cohort, user=watanabe, defaults={"role": TeachingAssignment.Role.INSTRUCTOR}
        )
        _sessions(cohort, instructors=[takahashi, watanabe], programme_page=programme_page)

    # Last year: the first half of the people, all completed. This year: the rest, plus the
    # five demo participants whose log-ins seed_demo prints.
    half = len(PEOPLE) // 2
    past_people = [_person(row) for row in PEOPLE[:half]]
    current_people = [_person(row) for row in PEOPLE[half:]]
    for user, company_index, title, track in past_people:
        enrolment = _enrol(cohorts["past"], user, companies[company_index], title, track)
        if enrolment.status == Enrolment.Status.ACTIVE:
            services.enrolment_change_status(enrolment=enrolment, status=Enrolment.Status.COMPLETED)
    for email, company_index, title, track in DEMO_PARTICIPANTS:
        current_people.append((User.objects.get(email=email), company_index, title, track))
    for user, company_index, title, track in current_people:
        _enrol(cohorts["current"], user, companies[company_index], title, track)

    for cohort in cohorts.values():
        _attendance(cohort, marked_by=takahashi)
    if stdout is not None:
        stdout.write(
            f"Cohorts: {cohorts['past']} ({len(past_people)} completed), "
            f"{cohorts['current']} ({len(current_people)} enrolled)"
        )


def _cohort(programme, year, starts_on, status) -> Cohort:
    # The cohort's name says which run it is; the programme's name is said beside it (on the
    # certificate, the pages), so it is not repeated here.
    cohort, _ = Cohort.objects.update_or_create(
        programme=programme,
        year=year,
        defaults={
            "name_ja": f"{year}年度",
            "name_en": f"{year} cohort",
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=7 * 2 * (len(SESSION_TITLES) - 1)),
            "capacity": 30,
            "status": status,
        },
    )
    return cohort


def _sessions(cohort, instructors, programme_page) -> None:
    modules = (
        {page.slug: page for page in ModulePage.objects.child_of(programme_page)}
        if programme_page
        else {}
    )
    for index, (title_ja, title_en, module_slug) in enumerate(SESSION_TITLES):
        day = cohort.starts_on + timedelta(days=14 * index)
        starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
        former = FORMER_SESSION_TITLES.get(title_ja)
        Session.objects.filter(cohort=cohort, name_ja=former).update(name_ja=title_ja)
        session, _ = Session.objects.update_or_create(
            cohort=cohort,
            name_ja=title_ja,
            defaults={
                "name_en": title_en,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=3),
                "place": "北九州テクノセンター 研修室A" if index % 3 else "",
                "online_url": "" if index % 3 else "https://meet.example/dx-school",
                "module_page": modules.get(module_slug),
            },
        )
        session.instructors.set([instructors[index % len(instructors)]])


def _person(row):
    family, given, family_kana, given_kana, family_roman, given_roman, company, title, track = row
    user = user_upsert(
        email=_email_for(family_roman, given_roman, company),
        password=DEMO_PASSWORD,
        roles=[Role.PARTICIPANT],
        last_name=family,
        first_name=given,
        last_name_kana=family_kana,
        first_name_kana=given_kana,
        last_name_roman=family_roman,
        first_name_roman=given_roman,
    )
    return user, company, title, track


def _enrol(cohort, user, company, title, track) -> Enrolment:
    existing = Enrolment.objects.filter(cohort=cohort, user=user).first()
    if existing is not None:
        return existing
    return services.enrolment_create(
        cohort=cohort, user=user, company=company, job_title=title, track=track
    )


def _attendance(cohort, marked_by) -> None:
    now = timezone.now()
    enrolments = list(cohort.enrolments.select_related("user"))
    for session in cohort.sessions.filter(starts_at__lte=now):
        services.attendance_record_session(
            session=session,
            marked_by=marked_by,
            entries={
                enrolment.pk: (
                    _pick(f"{enrolment.user.email}/{session.name_ja}", ATTENDANCE_PATTERN),
                    "",
                )
                for enrolment in enrolments
            },
        )
