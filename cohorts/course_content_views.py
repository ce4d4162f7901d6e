from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from cohorts.course_content import courses_for


@login_required
def course_content(request):
    courses = courses_for(user=request.user, language=get_language())
    return render(request, "cohorts/course_content.html", {"courses": courses})
