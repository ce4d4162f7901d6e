"""Demo people for `manage.py seed_demo`. Other apps add their demo data through the
"seed_demo" Wagtail hook, so this module knows none of them."""

from school.roles import Role
from school.services import user_upsert

# One password for every demo account, printed by the command. Demo data only.
DEMO_PASSWORD = "dx-school-demo-2026"  # noqa: S105 (printed for the demo on purpose)

# Names with rare and variant kanji (髙, 﨑, 齋, 邊, and 𠮷 outside the BMP) on purpose:
# every screen and PDF must show them as real glyphs.
DEMO_PEOPLE = [
    {
        "email": "office@dx-school.example",
        "last_name": "佐藤",
        "first_name": "美咲",
        "last_name_kana": "さとう",
        "first_name_kana": "みさき",
        "last_name_roman": "Sato",
        "first_name_roman": "Misaki",
        "roles": [Role.PROGRAMME_ADMINISTRATOR],
    },
    {
        # The city's DX promotion office: reads the programme's outcomes as aggregates only.
        "email": "city@dx-school.example",
        "last_name": "松本",
        "first_name": "恵",
        "last_name_kana": "まつもと",
        "first_name_kana": "めぐみ",
        "last_name_roman": "Matsumoto",
        "first_name_roman": "Megumi",
        "roles": [Role.CITY_STAFF],
    },
    {
        "email": "takahashi@kosen.example",
        "last_name": "髙橋",
        "first_name": "健一",
        "last_name_kana": "たかはし",
        "first_name_kana": "けんいち",
        "last_name_roman": "Takahashi",
        "first_name_roman": "Ken'ichi",
        "roles": [Role.INSTRUCTOR],
    },
    {
        "email": "watanabe@gsb.example",
        "last_name": "渡邊",
        "first_name": "由紀子",
        "last_name_kana": "わたなべ",
        "first_name_kana": "ゆきこ",
        "last_name_roman": "Watanabe",
        "first_name_roman": "Yukiko",
        "roles": [Role.INSTRUCTOR],
        "preferred_language": "en",
    },
    {
        "email": "saito@saito-seiki.example",
        "last_name": "齋藤",
        "first_name": "剛",
        "last_name_kana": "さいとう",
        "first_name_kana": "つよし",
        "last_name_roman": "Saito",
        "first_name_roman": "Tsuyoshi",
        "roles": [Role.PARTICIPANT],
    },
    {
        "email": "yoshida@yoshida-foods.example",
        "last_name": "𠮷田",
        "first_name": "太郎",
        "last_name_kana": "よしだ",
        "first_name_kana": "たろう",
        "last_name_roman": "Yoshida",
        "first_name_roman": "Taro",
        "roles": [Role.PARTICIPANT],
    },
    {
        "email": "yamasaki@yamasaki-logi.example",
        "last_name": "山﨑",
        "first_name": "直子",
        "last_name_kana": "やまさき",
        "first_name_kana": "なおこ",
        "last_name_roman": "Yamasaki",
        "first_name_roman": "Naoko",
        "roles": [Role.PARTICIPANT],
    },
    {
        "email": "nakamura@nakamura-kensetsu.example",
        "last_name": "中村",
        "first_name": "大輔",
        "last_name_kana": "なかむら",
        "first_name_kana": "だいすけ",
        "last_name_roman": "Nakamura",
        "first_name_roman": "Daisuke",
        "roles": [Role.PARTICIPANT],
    },
    {
        "email": "kobayashi@kobayashi-print.example",
        "last_name": "小林",
        "first_name": "翔太",
        "last_name_kana": "こばやし",
        "first_name_kana": "しょうた",
        "last_name_roman": "Kobayashi",
        "first_name_roman": "Shota",
        "roles": [Role.PARTICIPANT],
    },
]


def seed_people() -> list:
    people = []
    for person in DEMO_PEOPLE:
        fields = dict(person)
        people.append(user_upsert(password=DEMO_PASSWORD, **fields))
    return people
