"""The drafts' sections move from the Digital Governance Code 2.0's to 3.0's, losing no text.

METI, 「デジタルガバナンス・コード3.0 ～DX経営による企業価値向上に向けて～」 (2024年9月),
https://www.meti.go.jp/policy/it_policy/investment/dgc/dgc.html. Each old section goes to the
pillar that holds its subject now (workshops/plans/sections.py, FROM_DGC2; kept here as it was,
since a migration must not change with the code):

- 1 vision and business model → 1. 経営ビジョン・ビジネスモデルの策定;
- 2-1 organisation, talent and culture → 3-1 組織づくり (the organisation and its culture);
- 2-2 IT systems and data → 3-3 ITシステム・サイバーセキュリティ;
- 4 governance, cybersecurity and risks → 3-3 as well, after the IT text: cybersecurity is
  what 3-3 now names;
- 3 outcomes and KPIs → 4. 成果指標の設定・DX戦略の見直し;
- 2. DX戦略の策定, 3-2 デジタル人材の育成・確保 and 5. ステークホルダーとの対話 start empty.

Where two texts join, each is put under a line naming the section it came from, so both stay
whole and recognisable, and the reverse splits them back exactly. Going back, a text written
since in a section DGC 2.0 did not have is kept under its own heading in the old section
closest to it (see BACK). Submitted versions are not touched: they keep the sections they were
written in (workshops/plans/sections.py).
"""

from django.db import migrations, models

from workshops import limits

FORWARD = {
    "vision_and_business_model": ("vision_and_business_model",),
    "organisation": ("strategy_organisation_talent_culture",),
    "it_systems_and_cybersecurity": ("strategy_it_systems_data", "governance_security_risks"),
    "outcomes_and_review": ("outcomes_and_kpis_narrative",),
}
OLD_SECTIONS = (
    "vision_and_business_model",
    "strategy_organisation_talent_culture",
    "strategy_it_systems_data",
    "outcomes_and_kpis_narrative",
    "governance_security_risks",
)
NEW_ONLY = ("dx_strategy", "digital_talent", "stakeholder_dialogue")
# Where a text written in a DGC 3.0-only section goes back to.
BACK = {
    "dx_strategy": "vision_and_business_model",
    "digital_talent": "strategy_organisation_talent_culture",
    "stakeholder_dialogue": "governance_security_risks",
}
# The lines that mark a joined text's parts (Japanese first: the school's language).
MARKS = {
    "strategy_it_systems_data": "【旧「戦略：ITシステム・データ」欄より / From “strategy: IT systems and data”】",
    "governance_security_risks": (
        "【旧「ガバナンス・サイバーセキュリティ・リスク」欄より / "
        "From “governance, cybersecurity and risks”】"
    ),
    "dx_strategy": "【「2. DX戦略の策定」欄より / From “2. Setting the DX strategy”】",
    "digital_talent": (
        "【「3-2 デジタル人材の育成・確保」欄より / "
        "From “3-2 Developing and securing digital talent”】"
    ),
    "stakeholder_dialogue": (
        "【「5. ステークホルダーとの対話」欄より / From “5. Dialogue with stakeholders”】"
    ),
}


def joined(parts: list[tuple[str, str]]) -> str:
    """The texts that are written, each under its mark when there are more than one."""
    written = [(name, text) for name, text in parts if text]
    if len(written) <= 1:
        return written[0][1] if written else ""
    return "\n\n".join(f"{MARKS[name]}\n{text}" for name, text in written)


def split(text: str, first: str, second: str) -> tuple[str, str]:
    """The two texts `joined` put together; a text not in that shape stays whole in the first."""
    head, sep = f"{MARKS[first]}\n", f"\n\n{MARKS[second]}\n"
    if text.startswith(head) and sep in text:
        one, two = text[len(head) :].split(sep, 1)
        return one, two
    if text.startswith(f"{MARKS[second]}\n"):
        return "", text[len(MARKS[second]) + 1 :]
    return text, ""


def forward(apps, schema_editor):
    Plan = apps.get_model("workshops", "Plan")
    for plan in Plan.objects.all().iterator():
        for new, olds in FORWARD.items():
            setattr(plan, new, joined([(old, getattr(plan, old)) for old in olds]))
        plan.sections_moved_from = "dgc2"
        plan.save(update_fields=[*FORWARD, "sections_moved_from"])
    criteria = apps.get_model("workshops", "RubricCriterion").objects
    for new, olds in FORWARD.items():
        criteria.filter(plan_section__in=olds).update(plan_section=new)


def backward(apps, schema_editor):
    Plan = apps.get_model("workshops", "Plan")
    for plan in Plan.objects.all().iterator():
        it, governance = split(
            plan.it_systems_and_cybersecurity,
            "strategy_it_systems_data",
            "governance_security_risks",
        )
        old = {
            "vision_and_business_model": plan.vision_and_business_model,
            "strategy_organisation_talent_culture": plan.organisation,
            "strategy_it_systems_data": it,
            "outcomes_and_kpis_narrative": plan.outcomes_and_review,
            "governance_security_risks": governance,
        }
        for new in NEW_ONLY:
            text = getattr(plan, new)
            if text:
                target = BACK[new]
                old[target] = f"{old[target]}\n\n{MARKS[new]}\n{text}" if old[target] else text
        for name, text in old.items():
            setattr(plan, name, text)
        plan.save(update_fields=list(OLD_SECTIONS))
    criteria = apps.get_model("workshops", "RubricCriterion").objects
    for new, olds in FORWARD.items():
        criteria.filter(plan_section=new).update(plan_section=olds[0])
    for new, old in BACK.items():
        criteria.filter(plan_section=new).update(plan_section=old)


def _text_field(label: str) -> models.TextField:
    return models.TextField(label, blank=True, max_length=limits.PLAN_SECTION_MAX_CHARS)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0019_self_assessment"),
    ]

    operations = [
        migrations.AddField("plan", "dx_strategy", _text_field("Setting the DX strategy")),
        migrations.AddField("plan", "organisation", _text_field("Building the organisation")),
        migrations.AddField(
            "plan", "digital_talent", _text_field("Developing and securing digital talent")
        ),
        migrations.AddField(
            "plan", "it_systems_and_cybersecurity", _text_field("IT systems and cybersecurity")
        ),
        migrations.AddField(
            "plan",
            "outcomes_and_review",
            _text_field("Setting outcome indicators and reviewing the DX strategy"),
        ),
        migrations.AddField(
            "plan", "stakeholder_dialogue", _text_field("Dialogue with stakeholders")
        ),
        migrations.AddField(
            "plan",
            "sections_moved_from",
            models.CharField(
                "sections moved from", max_length=10, blank=True, editable=False, default=""
            ),
        ),
        migrations.AlterField(
            "plan",
            "vision_and_business_model",
            _text_field("Setting the management vision and the business model"),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField("plan", "strategy_organisation_talent_culture"),
        migrations.RemoveField("plan", "strategy_it_systems_data"),
        migrations.RemoveField("plan", "outcomes_and_kpis_narrative"),
        migrations.RemoveField("plan", "governance_security_risks"),
    ]
