"""The DX推進指標 (DX Promotion Indicators): the qualitative items, grouped as the indicator groups
them, and the six maturity levels every item is rated on, now and as a target.

METI published 「DX推進指標とそのガイダンス」 in July 2019 (revised for the Digital Governance Code
3.0 on 2026-02-13); IPA distributes the 「DX推進指標 自己診断フォーマット」 (an Excel file),
collects the companies' results and returns a benchmark. The indicator has 35 qualitative items
(9 key questions, キークエスチョン, which the chief executive answers, and 26 sub-questions,
answered with the executive team, the business units and IT) in two frameworks:
「DX推進の枠組み」 (how the business is run to promote DX: vision, commitment, mechanisms) and
「ITシステム構築の枠組み」 (the IT systems that DX rests on). Each is rated from レベル0 to
レベル5, with the evidence for the rating.

Sources read for this table (see docs/certification.md, "The self-assessment"):
- IPA, 「DX推進指標のご案内」, https://www.ipa.go.jp/digital/dx-suishin/about.html — 35 items;
  the structure figure is METI's guidance, p. 8 (「DX推進指標の構成」); the self-diagnosis format
  asks for the current level and a target three years on.
- METI, 「DX推進指標（DXの取組状況を診断する自己診断ツール）」,
  https://www.meti.go.jp/policy/it_policy/investment/dx-shihyo.html, which publishes
  「DX推進指標とそのガイダンス」 (令和元年7月) as a PDF — its text could not be read here; the
  wording below is quoted where a page quoting it was found.
- IPA, 「DX推進指標 自己診断結果 分析レポート」 page, https://dx.ipa.go.jp/dx-suishin-2025 — the
  six levels in outline.
- Nikkei xTECH, 2019-08 (https://xtech.nikkei.com/atcl/nxt/mag/sys/18/022800004/080500070/) —
  quotes the vision key question and names the levels 0 to 4.
- METI's structure figure as reproduced at https://michiru.co.jp/?p=3591 — the key questions
  (marked *) ビジョン, 経営トップのコミットメント, 仕組み, 推進・サポート体制, and the sub-items
  under 仕組み: マインドセット、企業文化 (体制, KPI, 評価, 投資意思決定、予算配分),
  推進・サポート体制 (推進体制, 外部との連携), 人材育成・確保 (its sub-items cut off there).
- https://inoccu.com/blog/2024/09/02/115705.html — quotes the question of マインドセット、企業文化
  (a secondary source: not checked against METI's text).
- IPA, 応用情報技術者試験 令和4年度秋期 午前 問62 — quotes, under 「ITシステムに求められる要素」,
  「環境変化に迅速に対応し、求められるデリバリースピードに対応できるITシステムとなっているか」.

This table holds only the items whose existence those pages confirm (13 of the 35); the official
numbers of the self-diagnosis format could not be confirmed, so `number` is our position in the
indicator's order, not IPA's cell number. An item whose question wording was not confirmed has
an empty `question_ja`; docs/certification.md lists what is missing. Add an item here (and only
here) once it is checked against the METI PDF or IPA's Excel format: the page, the readiness rule
and the spreadsheet follow this table.
"""

from dataclasses import dataclass

from django.utils.translation import get_language


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
    # Our position in the indicator's order (the format's own numbers are not confirmed).
    number: str
    title_ja: str
    title_en: str
    # The question as METI words it, where a source quoting it was found; else empty.
    question_ja: str = ""
    question_en: str = ""
    # A key question (キークエスチョン), answered by the chief executive; marked * in METI's figure.
    key: bool = False
    # The item this one is a sub-question of.
    parent: str = ""

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
    ),
    Item(
        "top_commitment",
        "framework",
        "2",
        "経営トップのコミットメント",
        "Top management's commitment",
        key=True,
    ),
    Item("mechanisms", "framework", "3", "仕組み", "Mechanisms", key=True),
    Item(
        "mindset_culture",
        "framework",
        "3-1",
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
        parent="mechanisms",
    ),
    Item("mindset_structure", "framework", "3-1-1", "体制", "Structure", parent="mindset_culture"),
    Item("mindset_kpi", "framework", "3-1-2", "KPI", "KPIs", parent="mindset_culture"),
    Item(
        "mindset_evaluation", "framework", "3-1-3", "評価", "Evaluation", parent="mindset_culture"
    ),
    Item(
        "mindset_investment",
        "framework",
        "3-1-4",
        "投資意思決定、予算配分",
        "Investment decisions and budget allocation",
        parent="mindset_culture",
    ),
    Item(
        "support_structure",
        "framework",
        "3-2",
        "推進・サポート体制",
        "Promotion and support structure",
        key=True,
        parent="mechanisms",
    ),
    Item(
        "promotion_structure",
        "framework",
        "3-2-1",
        "推進体制",
        "Promotion structure",
        parent="support_structure",
    ),
    Item(
        "external_collaboration",
        "framework",
        "3-2-2",
        "外部との連携",
        "Collaboration with outside partners",
        parent="support_structure",
    ),
    Item(
        "talent",
        "framework",
        "3-3",
        "人材育成・確保",
        "Developing and securing talent",
        parent="mechanisms",
    ),
    Item(
        "it_system_elements",
        "it_systems",
        "4",
        "ITシステムに求められる要素",
        "What the IT systems must provide",
        question_ja=(
            "環境変化に迅速に対応し、求められるデリバリースピードに対応できるITシステムとなって"
            "いるか。"
        ),
        question_en=(
            "Do the IT systems respond quickly to changes in the environment and keep up with "
            "the delivery speed required?"
        ),
    ),
)

ITEMS_BY_CODE = {item.code: item for item in ITEMS}
ITEM_CHOICES = [(item.code, item.label_ja) for item in ITEMS]
# The indicator counts 35 qualitative items; this table holds those confirmed so far.
OFFICIAL_ITEM_COUNT = 35


def items_of(group: Group) -> list[Item]:
    return [item for item in ITEMS if item.group == group.code]


def grouped() -> list[tuple[Group, list[Item]]]:
    """The items in the indicator's order, under their framework."""
    return [(group, items_of(group)) for group in GROUPS]
