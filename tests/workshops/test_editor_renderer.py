"""The plan editor's inputs are drawn by Django's Jinja2 form renderer (its own widget markup,
a fraction of the CPU of the template language's); everything else keeps the default one."""

import pytest
from django.forms.renderers import DjangoTemplates, Jinja2, get_default_renderer
from django.urls import reverse

from workshops.plans.editor import PlanEditor
from workshops.plans.forms import EDITOR_RENDERER

pytestmark = pytest.mark.django_db


def test_every_form_of_the_plan_editor_is_drawn_by_the_jinja2_renderer(plan):
    editor = PlanEditor(plan=plan)

    forms = [editor.plan_form]
    for formset in (editor.maturity, editor.kpis, editor.roadmap):
        forms += [formset, formset.management_form, *formset.forms, formset.empty_form]

    assert isinstance(EDITOR_RENDERER, Jinja2)
    assert {type(form.renderer) for form in forms} == {Jinja2}


def test_the_rest_of_the_site_keeps_the_template_languages_renderer():
    assert isinstance(get_default_renderer(), DjangoTemplates)


def test_a_kpi_typed_as_markup_is_drawn_escaped_in_its_input(author_client, plan):
    kpi = plan.kpis.first()
    kpi.name = '"><script>alert(1)</script>'
    kpi.save()

    html = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id])).content

    assert b"<script>alert(1)" not in html
    # Jinja2 writes the quote as &#34; where Django writes &quot;: both are the same character.
    assert b'name="kpis-0-name" value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_an_input_drawn_by_jinja2_keeps_its_attributes_and_the_errors_mark(plan):
    data = {"plan-horizon_years": "9", "plan-expected_revision": str(plan.revision)}
    editor = PlanEditor(plan=plan, data=data)
    editor.plan_form.is_valid()

    horizon = str(editor.plan_form["horizon_years"])
    section = str(editor.plan_form["dx_strategy"])

    assert 'aria-invalid="true"' in horizon and "is-invalid" in horizon
    assert section.startswith("<textarea") and 'rows="5"' in section and "maxlength=" in section
