"""The plan editor's errors named field by field, for autosave's replies.

An autosave refusal that only says "some fields need correcting" leaves the person hunting
through a long page; each error here carries the field's name, its element id (to scroll to)
and a label a reader recognises ("KPI 2: baseline"). WCAG 2.2, 3.3.1 Error Identification:
https://www.w3.org/WAI/WCAG22/Understanding/error-identification.html
"""

from django.utils.translation import gettext_lazy as _

from workshops.plans.editor import PlanEditor

ROW_LABELS = {"kpis": _("KPI %(number)s"), "roadmap": _("Initiative %(number)s")}


def _row_label(prefix: str, index: int, form) -> str:
    if prefix == "maturity":
        return str(form.dimension_label)
    return str(ROW_LABELS[prefix]) % {"number": index + 1}


def _form_errors(form, row_label: str | None) -> list[dict]:
    errors = []
    visible = [f for f in form.visible_fields() if f.name != "DELETE"]
    for name, messages in form.errors.items():
        bound = form[name] if name in form.fields else (visible[0] if visible else None)
        if bound is None:
            continue
        field_label = str(bound.label) if name in form.fields else ""
        label = ": ".join(part for part in (row_label, field_label) if part)
        errors += [
            {"field": bound.html_name, "id": bound.auto_id, "label": label, "message": m}
            for m in messages
        ]
    return errors


def editor_errors(editor: PlanEditor) -> list[dict]:
    """Every error of the editor's forms, in the page's order."""
    errors = _form_errors(editor.plan_form, None)
    for prefix, formset in editor.formsets():  # rows kept as saved have no forms
        for message in formset.non_form_errors():
            errors.append({"field": "", "id": f"plan-{prefix}", "label": "", "message": message})
        for index, form in enumerate(formset.forms):
            if form.errors:
                errors += _form_errors(form, _row_label(prefix, index, form))
    return errors
