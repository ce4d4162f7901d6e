from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from school import login_throttling, selectors, services
from school.dashboard import dashboard_panels
from school.dashboard_cache import dashboard_panels_html
from school.forms import (
    RESET_THROTTLED_MESSAGE,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from school.health import health_checks


@require_GET
def switch_language(request, code):
    """Remember the reader's language in the language cookie and go back to the page, in that
    language. A GET link (only a preference changes), so public pages need no CSRF token."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def home(request):
    """`/`: the dashboard for someone logged in, the school's public home page for anyone else."""
    if request.user.is_authenticated:
        return dashboard(request)
    return wagtail_serve(request, "")


@login_required
@never_cache
def dashboard(request):
    panels_html = dashboard_panels_html(
        request.user,
        lambda: render_to_string(
            "school/dashboard_panels.html", dashboard_panels(request), request=request
        ),
    )
    return render(request, "school/dashboard.html", {"panels_html": panels_html})


@never_cache
def health(request):
    """Whether the database, the cache and the broker answer: true or false (null: no broker
    in use) for anyone, such as a load balancer; what failed and how long each took only for
    programme administrators, since errors name hosts and versions."""
    checks = health_checks()
    healthy = all(check.ok is not False for check in checks.values())
    body: dict = {name: check.ok for name, check in checks.items()}
    user = request.user
    if user.is_authenticated and user.is_programme_administrator:
        body["details"] = {
            name: {"detail": check.detail, "milliseconds": check.milliseconds}
            for name, check in checks.items()
        }
    return JsonResponse(body, status=200 if healthy else 503)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("school:password_reset_done")

    def form_valid(self, form):
        if not login_throttling.may_request_reset_from(self.request):
            form.add_error(None, RESET_THROTTLED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The link is built on SITE_URL, never on the request's Host header, which the client
        # writes (OWASP Forgot Password Cheat Sheet, "URL generation": Host header injection).
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("school:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("school:password_change_done")


@never_cache
def accept_invitation(request, token):
    invitation = selectors.invitation_from_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "school/invitation_invalid.html", status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "school/invitation_invalid.html", status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("school:dashboard")
    return render(
        request, "school/accept_invitation.html", {"form": form, "invitee": invitation.user}
    )
