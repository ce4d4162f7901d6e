"""Admin screens that show only the rows of the cohorts the viewer teaches.

Instructors hold the model permissions of the admin's cohort screens (to look at enrolments,
sessions, workshops...), but those permissions are per model, not per cohort. A viewset that
mixes in `TaughtCohortsOnly` names the path from its model to the cohort; its listing then shows
an instructor only the rows of the cohorts they teach, and every view that opens one row (edit,
delete, inspect, history, usage, copy) answers 404 for another cohort's row, as the public
views do with `user_teaches_cohort`. Programme administrators see everything.

Wagtail's ModelViewSet has no per-request queryset of its own (only SnippetViewSet's listing
does), so the rule is added to each view class the viewset builds.
"""

import functools

from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.views.generic import IndexView

from cohorts import selectors
from cohorts.models import Cohort


class CohortScopedView:
    """Mixed into each view of a scoped viewset; `rows_visible_to` is given by the viewset."""

    rows_visible_to = None

    def _limit(self, queryset):
        visible = self.rows_visible_to(self.request.user)
        return queryset if visible is None else queryset.filter(pk__in=visible)

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if instance is None or instance.pk is None:
            return instance
        if not self._limit(type(instance)._default_manager.filter(pk=instance.pk)).exists():
            raise Http404
        return instance


class CohortScopedListing(CohortScopedView):
    def get_base_queryset(self):
        return self._limit(super().get_base_queryset())

    @cached_property
    def filters(self):
        # The listing's filters would otherwise name every cohort (and its workshops) as choices.
        filters = super().filters
        cohorts = selectors.cohorts_open_in_admin_to(user=self.request.user)
        if filters is None or cohorts is None:
            return filters
        for field in filters.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model is Cohort:
                field.queryset = queryset.filter(pk__in=cohorts)
            elif any(f.name == "cohort" for f in queryset.model._meta.get_fields()):
                field.queryset = queryset.filter(cohort__in=cohorts)
        return filters


class TaughtCohortsOnly:
    """A ModelViewSet mixin; `cohort_lookup` is the path from the model to its cohort
    ("cohort", "workshop__cohort"; "pk" for the cohort itself)."""

    cohort_lookup = "cohort"

    def rows_visible_to(self, user):
        """The primary keys of the rows the user may see, or None when there is no limit."""
        cohorts = selectors.cohorts_open_in_admin_to(user=user)
        if cohorts is None:
            return None
        return (
            self.model._default_manager.filter(**{f"{self.cohort_lookup}__in": cohorts})
            .values("pk")
            .distinct()
        )

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(
            _scoped(view_class), rows_visible_to=self.rows_visible_to, **kwargs
        )


@functools.cache
def _scoped(view_class):
    # One subclass per view class, built once, so that the views keep their own names and
    # behaviour and only gain the limit.
    mixin = CohortScopedListing if issubclass(view_class, IndexView) else CohortScopedView
    return type(f"CohortScoped{view_class.__name__}", (mixin, view_class), {})
