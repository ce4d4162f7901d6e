"""The plan's text sections, by schema: which sections a plan or a frozen version has, in which
order, and what each is called.

A version is frozen with the section set it was written in and keeps it: its content names its
schema (`"section_schema": "dgc3"`); a version without the key was written before schemas were
named, under "dgc2". Everything that shows or compares a version's sections asks this module,
never the living Plan model, whose fields are the current schema's.

- "dgc2": METI, 「デジタルガバナンス・コード2.0」 (2022年9月): 1. ビジョン・ビジネスモデル,
  2. 戦略 (2-1 組織づくり・人材・企業文化に関する方策, 2-2 ITシステム・デジタル技術活用環境の整備
  に関する方策), 3. 成果と重要な成果指標, 4. ガバナンスシステム. The plan had five sections, with
  the labels below (kept as they were).
- "dgc3": METI, 「デジタルガバナンス・コード3.0 ～DX経営による企業価値向上に向けて～」 (2024年9月),
  https://www.meti.go.jp/policy/it_policy/investment/dgc/dgc.html: 1. 経営ビジョン・ビジネス
  モデルの策定, 2. DX戦略の策定, 3. DX戦略の推進 (3-1 組織づくり, 3-2 デジタル人材の育成・確保,
  3-3 ITシステム・サイバーセキュリティ), 4. 成果指標の設定・DX戦略の見直し, 5. ステークホルダー
  との対話. Pillar 3 is written in its three parts, so the plan has seven sections. The Japanese
  labels are the official headings; the English is ours.

How the drafts written under "dgc2" moved to "dgc3" (migration 0020_dgc3_sections, and
docs/plans-and-grading.md): each old section went to the pillar that now holds its subject;
`FROM_DGC2` below says which.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCHEMA_KEY = "section_schema"
# A version frozen before schemas were named has no key: it was written under DGC 2.0.
UNNAMED_SCHEMA = "dgc2"


@dataclass(frozen=True)
class Section:
    name: str
    # The code's numbering ("3-1"); the old schema's sections are numbered in plan order.
    number: str
    label: Promise
    help_text: Promise | str = ""
    # The pillar a section numbered n-m belongs to (DGC 3.0's 3. DX戦略の推進).
    pillar: Promise | str = ""


@dataclass(frozen=True)
class SectionSchema:
    key: str
    title: Promise
    sections: tuple[Section, ...]
    # Whether headings show the code's numbers (the new schema's are the code's own).
    numbered: bool

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(section.name for section in self.sections)

    def get(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def heading(self, section: Section) -> str:
        """The label, with the code's number where the schema shows it ("3-1 組織づくり")."""
        if self.numbered:
            number = section.number if "-" in section.number else f"{section.number}."
            return f"{number} {section.label}"
        return str(section.label)

    def label_of(self, name: str) -> str:
        section = self.get(name)
        return self.heading(section) if section else name

    @property
    def pillar_count(self) -> int:
        """How many numbered headings the sections take (DGC 3.0: five pillars)."""
        return len({section.number.split("-")[0] for section in self.sections})


DGC2 = SectionSchema(
    key="dgc2",
    title=_("Digital Governance Code 2.0"),
    numbered=False,
    sections=(
        Section("vision_and_business_model", "1", _("vision and business model")),
        Section(
            "strategy_organisation_talent_culture",
            "2",
            _("strategy: organisation, talent and culture"),
        ),
        Section("strategy_it_systems_data", "3", _("strategy: IT systems and data")),
        Section("outcomes_and_kpis_narrative", "4", _("outcomes and KPIs")),
        Section("governance_security_risks", "5", _("governance, cybersecurity and risks")),
    ),
)

PILLAR_3 = _("Carrying out the DX strategy")

DGC3 = SectionSchema(
    key="dgc3",
    title=_("Digital Governance Code 3.0"),
    numbered=True,
    sections=(
        Section(
            "vision_and_business_model",
            "1",
            _("Setting the management vision and the business model"),
            _(
                "How digital technology is changing society and your competition, what that "
                "means for your company (its opportunities and threats), and where you aim to be "
                "in three to five years: the vision, and the business model that will create "
                "value."
            ),
        ),
        Section(
            "dx_strategy",
            "2",
            _("Setting the DX strategy"),
            _(
                "The strategy for using data and digital technology to realise that vision and "
                "business model: what you start with and where you put the company's resources. "
                "The initiatives, with years and budgets, go in the roadmap below."
            ),
        ),
        Section(
            "organisation",
            "3-1",
            _("Building the organisation"),
            _(
                "Who carries the strategy out: the team reporting to you, the roles of the "
                "business and IT departments, outside partners, and how you build a culture "
                "that takes on change."
            ),
            pillar=PILLAR_3,
        ),
        Section(
            "digital_talent",
            "3-2",
            _("Developing and securing digital talent"),
            _(
                "How you develop and secure the digital talent the strategy needs: the people "
                "you need, training and reskilling, hiring and outside experts, and how their "
                "work is evaluated and rewarded."
            ),
            pillar=PILLAR_3,
        ),
        Section(
            "it_systems_and_cybersecurity",
            "3-3",
            _("IT systems and cybersecurity"),
            _(
                "How you prepare the IT systems and the data the strategy runs on (renewing old "
                "systems, using the cloud), and your cybersecurity measures and who is "
                "responsible for them."
            ),
            pillar=PILLAR_3,
        ),
        Section(
            "outcomes_and_review",
            "4",
            _("Setting outcome indicators and reviewing the DX strategy"),
            _(
                "Which indicators show how far the strategy has come, and who reviews it, when "
                "and how it is revised, with the board's oversight. The KPIs' figures go in the "
                "table below."
            ),
        ),
        Section(
            "stakeholder_dialogue",
            "5",
            _("Dialogue with stakeholders"),
            _(
                "How you yourself tell your stakeholders (employees, business partners, banks, "
                "shareholders, the community) about your DX and its progress, and how you hear "
                "what they have to say."
            ),
        ),
    ),
)

SCHEMAS = {schema.key: schema for schema in (DGC2, DGC3)}
CURRENT = DGC3

# Where each DGC 3.0 section's text came from when the drafts moved (migration 0020): the
# vision stays; DGC 2.0's 2-1 (organisation, talent and culture) is DGC 3.0's 3-1, whose
# subject is the organisation and its culture; 2-2 (IT systems and data) is 3-3; DGC 2.0's
# pillar 4 (governance system) text was about cybersecurity and risk above all, which 3-3 now
# names, so it joins the IT text there; 3 (outcomes and KPIs) is 4. Sections 2, 3-2 and 5
# have no old counterpart and started empty.
FROM_DGC2: dict[str, tuple[str, ...]] = {
    "vision_and_business_model": ("vision_and_business_model",),
    "dx_strategy": (),
    "organisation": ("strategy_organisation_talent_culture",),
    "digital_talent": (),
    "it_systems_and_cybersecurity": ("strategy_it_systems_data", "governance_security_risks"),
    "outcomes_and_review": ("outcomes_and_kpis_narrative",),
    "stakeholder_dialogue": (),
}


def new_in_dgc3() -> list[Section]:
    """The DGC 3.0 sections with no DGC 2.0 counterpart: what a moved draft has to add."""
    return [section for section in DGC3.sections if not FROM_DGC2[section.name]]


def schema_named(key: str | None) -> SectionSchema:
    return SCHEMAS.get(key or UNNAMED_SCHEMA, DGC2)


def schema_of(content: dict[str, Any]) -> SectionSchema:
    """The schema a frozen version's content was written in."""
    return schema_named(content.get(SCHEMA_KEY))


@dataclass(frozen=True)
class SectionText:
    name: str
    number: str
    # The heading as pages show it ("3-1 組織づくり"), and the bare label (for the PDF, which
    # sets the number apart).
    label: str
    title: str
    text: str


def section_texts(content: dict[str, Any]) -> list[SectionText]:
    """The content's sections in its schema's order, each with its heading; a text under a name
    the schema does not know is listed after them, so nothing frozen is ever hidden."""
    schema = schema_of(content)
    texts = dict(content.get("sections") or {})
    rows = [
        SectionText(s.name, s.number, schema.heading(s), str(s.label), texts.pop(s.name, "") or "")
        for s in schema.sections
    ]
    rows += [SectionText(name, "", name, name, text or "") for name, text in texts.items()]
    return rows


# Every section name any schema has: what a per-section comment may be stored under.
ALL_SECTION_NAMES = frozenset(name for schema in SCHEMAS.values() for name in schema.names)


def heading_in_any(name: str) -> str:
    """A section's heading where the schema is not at hand: the current schema's, else the old."""
    for schema in (CURRENT, DGC2):
        if name in schema.names:
            return schema.label_of(name)
    return name
