from django.urls import path

from certificates.credentials import views

app_name = "credentials"

urlpatterns = [
    path("verify/", views.verify_file, name="verify_file"),
    path("status/<int:number>", views.status_list, name="status_list"),
    path("achievements/<slug:code>", views.achievement, name="achievement"),
    path("<str:code>.json", views.download, name="download"),
]
