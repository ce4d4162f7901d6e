"""The administrator's erasure pages in the Wagtail admin: find the person, see what will be
erased, type their address to confirm."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from school.erasure import selectors, services
from school.erasure.forms import ErasureForm, FindPersonForm
from school.erasure.parts import ErasureRefused, is_erased
from school.models import User


def _require_administrator(request):
    if not request.user.is_programme_administrator:
        raise PermissionDenied


def _page(title: str) -> dict:
    return {"page_title": title, "header_title": title, "header_icon": "warning"}


def find_person(request):
    _require_administrator(request)
    form = FindPersonForm(request.GET or None)
    if form.is_valid():
        return redirect("school_admin_erasure_person", form.person.pk)
    return TemplateResponse(
        request, "school/erasure/find.html", {"form": form, **_page(_("Erase a person's data"))}
    )


def erase_person(request, user_id):
    _require_administrator(request)
    person = get_object_or_404(User, pk=user_id)
    form = ErasureForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(user=person, by=request.user, reason=form.cleaned_data["reason"])
        except ErasureRefused as refusal:
            form.add_error(None, _(str(refusal)))
        else:
            messages.success(
                request,
                _("The personal data of account %(id)s has been erased.") % {"id": person.pk},
            )
            return redirect("school_admin_erasure")
    return TemplateResponse(
        request,
        "school/erasure/confirm.html",
        {
            "person": person,
            "erased": is_erased(person),
            "counts": selectors.erasure_preview(user=person),
            "form": form,
            **_page(_("Erase a person's data")),
        },
    )
