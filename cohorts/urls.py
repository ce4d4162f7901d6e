from django.urls import path

from cohorts import course_content_views, views

app_name = "cohorts"

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("modules/", course_content_views.course_content, name="course_content"),
    path("schedule/renew-calendar/", views.renew_calendar_feed, name="renew_calendar_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("attendance/", views.my_attendance, name="my_attendance"),
    path("sessions/<int:session_id>/attendance/", views.mark_attendance, name="mark_attendance"),
    path(
        "<int:cohort_id>/export/enrolments.csv", views.export_enrolments, name="export_enrolments"
    ),
    path(
        "<int:cohort_id>/export/attendance.csv", views.export_attendance, name="export_attendance"
    ),
    path("companies/<int:company_id>/", views.company_detail, name="company_detail"),
]
