"""The DX推進指標 (DX Promotion Indicators): the qualitative items, grouped as the indicator groups
them, and the six maturity levels every item is rated on, now and as a target.

Which edition. METI published 「DX推進指標とそのガイダンス」 in July 2019 (令和元年7月): 35
qualitative items, 9 key questions (キークエスチョン, which the chief executive answers) and 26
sub-questions (answered with the executive team, the business units, DX and IT), in two
frameworks, 「DX推進の枠組み」 and 「ITシステム構築の枠組み」. On 2026-02-13 METI and IPA revised
it for the Digital Governance Code 3.0: the questions and the maturity levels were rebuilt, the
two-framework structure of the qualitative indicators was dropped for one following the Code's
認定基準 and 望ましい方向性, and level 5 now means creating social value beyond the company
(METI, https://www.meti.go.jp/policy/it_policy/investment/dx-shihyo.html, 「お知らせ
（2026年2月13日）」; Project Design, 2026-02,
https://www.projectdesign.jp/articles/news/f422bb6d-acf5-40e2-a917-7fd254aba4c9). The revised
questions could not be read here, so this table is the **2019 edition** (`EDITION`), which is
what IPA collected from 2019 to 2025 and what the school's earlier cohorts rated; every frozen
record of levels carries the edition, so figures of two editions are never mixed.

What is in the table. Only items whose existence a readable source confirms (14 of the 35);
docs/certification.md lists the rest as unconfirmed. Each item cites its source in `source`:

- NEWTON: IPA's 2021 analysis report as Newton Consulting reports it (2022-08,
  https://www.newton-consulting.co.jp/itilnavi/flash/id=6088): 「指標「9-5 プライバシー、データ
  セキュリティ」…次いで指標「2 危機感とビジョン実現の必要性の共有」」 — the two items with their
  official numbers, which show the numbering: key questions 1–9, sub-questions "n-m" under them.
- FIGURE: METI's structure figure (「DX推進指標の構成」, guidance p. 8, the figure IPA shows at
  https://www.ipa.go.jp/digital/dx-suishin/about.html), as reproduced at
  https://michiru.co.jp/?p=3591: ビジョン, 経営トップのコミットメント, then under 仕組み
  マインドセット、企業文化 (体制, KPI, 評価, 投資意思決定、予算配分), 推進・サポート体制 (推進体制,
  外部との連携), 人材育成・確保. 「ビジョン」 and 「仕組み」 are headings of the figure, not items:
  with 2 危機感とビジョン実現の必要性の共有 a key question of its own, the items under them are
  numbered 1 to 6 in the figure's order.
- INOCCU: https://inoccu.com/blog/2024/09/02/115705.html — マインドセット、企業文化 is a key
  question with its question quoted, and its four sub-questions in that order.
- NIKKEI: Nikkei xTECH, 2019-08,
  https://xtech.nikkei.com/atcl/nxt/mag/sys/18/022800004/080500070/ — the vision key question's
  wording, and the names of levels 0–4.
- DANCE: IPA's 2020 analysis report as da-nce.jp reports it (2021-06, https://da-nce.jp/?p=544):
  「データ活用の人材連携」 and 「プライバシー、データセキュリティ」 are items; 経営トップの
  コミットメント is one.
- IPA_LEVELS: IPA, https://dx.ipa.go.jp/dx-suishin-2025 — the six levels in outline.

Numbers: 2 and 9-5 are confirmed as official; 1 and 3–6 follow the figure's order after them;
4-1–4-4 follow INOCCU's order; 9-4 (データ活用の人材連携) is the number believed from memory and
not confirmed. The key-question status of 人材育成・確保 follows from the numbering (a whole
number is a key question), not from a source naming it one.

The page, the spreadsheet, the readiness rule (every catalogued item rated) and the check-in
read the table through `active()`, so a test can put a catalogue of another size in its place
(setting DX_INDICATOR_CATALOGUE, a dotted path); add an item here once it is checked against
the METI PDF or IPA's Excel format, and only here.
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

# The edition this table follows; frozen check-ins and outcomes record it beside the levels.
EDITION = "2019"


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


@dataclass(frozen=True)
class Group:
    code: str
    title_ja: str
    title_en: str

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_ja


@dataclass(frozen=True)
class Item:
    code: str
    group: str
    # The official number where confirmed (see the module's docstring for which are).
    number: str
    title_ja: str
    title_en: str
    # The question as METI words it, where a source quoting it was found; else empty.
    question_ja: str = ""
    question_en: str = ""
    # A key question (キークエスチョン), answered by the chief executive.
    key: bool = False
    # The key question this one is a sub-question of.
    parent: str = ""
    # Where the item (and its wording) was confirmed: a name from the module's docstring.
    source: str = ""

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_ja

    @property
    def question(self) -> str:
        return self.question_en if _english() else self.question_ja

    @property
    def label_ja(self) -> str:
        return f"{self.number} {self.title_ja}"


@dataclass(frozen=True)
class Level:
    value: int
    name_ja: str
    name_en: str
    description_ja: str
    description_en: str

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_ja

    @property
    def description(self) -> str:
        return self.description_en if _english() else self.description_ja


# Names of levels 0–4 as METI gives them; level 5's name was not confirmed here, so it carries
# IPA's own outline. The descriptions are IPA's outline (dx.ipa.go.jp/dx-suishin-2025).
LEVELS: tuple[Level, ...] = (
    Level(
        0,
        "未着手",
        "Not started",
        "経営者は無関心か、関心があっても具体的な取り組みに至っていない",
        "Management is not interested, or is interested but has taken no concrete step.",
    ),
    Level(
        1,
        "一部での散発的実施",
        "Sporadic, in parts of the company",
        "全社戦略が明確でない中、部門単位での試行・実施にとどまる",
        "Without a clear company-wide strategy, trials stay within single departments.",
    ),
    Level(
        2,
        "一部での戦略的実施",
        "Strategic, in parts of the company",
        "全社戦略に基づく一部の部門での推進",
        "Some departments carry it out under a company-wide strategy.",
    ),
    Level(
        3,
        "全社戦略に基づく部門横断的推進",
        "Across departments, under a company-wide strategy",
        "全社戦略に基づく部門横断的な推進",
        "It is carried out across departments under a company-wide strategy.",
    ),
    Level(
        4,
        "全社戦略に基づく持続的実施",
        "Sustained, under a company-wide strategy",
        "定量的な指標などによる持続的な実施",
        "It is sustained, steered by quantitative indicators and the like.",
    ),
    Level(
        5,
        "グローバル競争を勝ち抜けるレベル",
        "Able to win in global competition",
        "グローバル競争を勝ち抜けるレベル",
        "The level at which the company can win in global competition.",
    ),
)
LEVEL_VALUES = tuple(level.value for level in LEVELS)

GROUPS: tuple[Group, ...] = (
    Group(
        "framework",
        "DX推進の枠組み（DX推進のための経営のあり方、仕組み）",
        "The framework for promoting DX (how the business is run, and its mechanisms)",
    ),
    Group(
        "it_systems",
        "ITシステム構築の枠組み（DXを実現する上で基盤となるITシステムの構築）",
        "The framework for building the IT systems (the IT systems DX rests on)",
    ),
)


def _sub(code, number, title_ja, title_en, parent, source, group="framework", **kw) -> Item:
    return Item(code, group, number, title_ja, title_en, parent=parent, source=source, **kw)


ITEMS: tuple[Item, ...] = (
    Item(
        "vision",
        "framework",
        "1",
        "ビジョン",
        "Vision",
        question_ja=(
            "データとデジタル技術を使って、変化に迅速に対応しつつ、顧客視点でどのような価値を"
            "創出するのか、社内外でビジョンを共有できているか。"
        ),
        question_en=(
            "Is a vision shared inside and outside the company of what value, from the "
            "customer's point of view, it will create with data and digital technology while "
            "responding quickly to change?"
        ),
        key=True,
        source="FIGURE, NIKKEI",
    ),
    Item(
        "crisis_sharing",
        "framework",
        "2",
        "危機感とビジョン実現の必要性の共有",
        "Sharing the sense of crisis and the need to realise the vision",
        key=True,
        source="NEWTON",
    ),
    Item(
        "top_commitment",
        "framework",
        "3",
        "経営トップのコミットメント",
        "Top management's commitment",
        key=True,
        source="FIGURE, DANCE",
    ),
    Item(
        "mindset_culture",
        "framework",
        "4",
        "マインドセット、企業文化",
        "Mindset and corporate culture",
        question_ja=(
            "挑戦を促し失敗から学ぶプロセスをスピーディーに実行し、継続できる仕組みが構築できて"
            "いるか。"
        ),
        question_en=(
            "Are mechanisms in place to run, quickly and continually, a process that encourages "
            "challenges and learns from failure?"
        ),
        key=True,
        source="FIGURE, INOCCU",
    ),
    _sub("mindset_structure", "4-1", "体制", "Structure", "mindset_culture", "INOCCU"),
    _sub("mindset_kpi", "4-2", "KPI", "KPIs", "mindset_culture", "INOCCU"),
    _sub("mindset_evaluation", "4-3", "評価", "Evaluation", "mindset_culture", "INOCCU"),
    _sub(
        "mindset_investment",
        "4-4",
        "投資意思決定、予算配分",
        "Investment decisions and budget allocation",
        "mindset_culture",
        "INOCCU, DANCE",
    ),
    Item(
        "support_structure",
        "framework",
        "5",
        "推進・サポート体制",
        "Promotion and support structure",
        key=True,
        source="FIGURE",
    ),
    _sub(
        "promotion_structure",
        "5-1",
        "推進体制",
        "Promotion structure",
        "support_structure",
        "FIGURE",
    ),
    _sub(
        "external_collaboration",
        "5-2",
        "外部との連携",
        "Collaboration with outside partners",
        "support_structure",
        "FIGURE",
    ),
    Item(
        "talent",
        "framework",
        "6",
        "人材育成・確保",
        "Developing and securing talent",
        key=True,
        source="FIGURE",
    ),
    Item(
        "data_talent_collaboration",
        "it_systems",
        "9-4",
        "データ活用の人材連携",
        "Linking the people who know the data with those who use it",
        source="DANCE",
    ),
    Item(
        "privacy_data_security",
        "it_systems",
        "9-5",
        "プライバシー、データセキュリティ",
        "Privacy and data security",
        source="NEWTON, DANCE",
    ),
)

# The indicator (2019 edition) counts 35 qualitative items; this table holds those confirmed.
OFFICIAL_ITEM_COUNT = 35


@dataclass(frozen=True)
class Catalogue:
    """One table of items: the real one below, or a test's of another size."""

    edition: str
    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    official_item_count: int
    by_code: dict[str, Item] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "by_code", {item.code: item for item in self.items})

    def items_of(self, group: Group) -> list[Item]:
        return [item for item in self.items if item.group == group.code]

    def grouped(self) -> list[tuple[Group, list[Item]]]:
        """The items in the indicator's order, under their framework."""
        return [(group, self.items_of(group)) for group in self.groups]


CATALOGUE = Catalogue(EDITION, GROUPS, ITEMS, OFFICIAL_ITEM_COUNT)
ITEMS_BY_CODE = CATALOGUE.by_code


@cache
def _imported(path: str) -> Catalogue:
    return import_string(path)


def active() -> Catalogue:
    """The catalogue the site uses: this module's, unless DX_INDICATOR_CATALOGUE names another."""
    path = getattr(settings, "DX_INDICATOR_CATALOGUE", "")
    return _imported(path) if path else CATALOGUE


def item_choices() -> list[tuple[str, str]]:
    """The rating's choices (a callable, so adding an item needs no migration)."""
    return [(item.code, item.label_ja) for item in active().items]


def grouped() -> list[tuple[Group, list[Item]]]:
    return active().grouped()
