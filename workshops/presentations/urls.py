from django.urls import path

from workshops.presentations import documents, judging_views, views

app_name = "presentations"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/<int:session_id>/", views.event_create, name="event_create"),
    path("join/", judging_views.join, name="join"),
    path("join/<str:code>/", judging_views.join, name="join_code"),
    path("<int:event_id>/", views.event_manage, name="manage"),
    path(
        "<int:event_id>/presenters/<int:presenter_id>/move/",
        views.presenter_move,
        name="presenter_move",
    ),
    path("<int:event_id>/advance/", views.event_advance, name="advance"),
    path("<int:event_id>/end/", views.event_end, name="end"),
    path("<int:event_id>/room/", views.event_room, name="room"),
    path("<int:event_id>/results/", views.event_results, name="results"),
    path("<int:event_id>/release/", views.event_release, name="release"),
    path("<int:event_id>/results.csv", documents.results_csv, name="results_csv"),
    path("<int:event_id>/state/", judging_views.state, name="state"),
    path("<int:event_id>/score/", judging_views.scoring, name="scoring"),
    path("<int:event_id>/score/<int:presenter_id>/", judging_views.score_save, name="score_save"),
    path("<int:event_id>/leave/", judging_views.guest_leave, name="guest_leave"),
    path("feedback/<int:presenter_id>/", views.presenter_feedback, name="feedback"),
    path("feedback/<int:presenter_id>/pdf/", documents.presenter_pdf, name="feedback_pdf"),
]
