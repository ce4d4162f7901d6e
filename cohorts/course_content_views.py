from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from wagtail.models import Locale

from cohorts.course_content import courses_for


@login_required
def course_content(request):
    courses = courses_for(user=request.user, locale=Locale.get_active())
    return render(request, "cohorts/course_content.html", {"courses": courses})
