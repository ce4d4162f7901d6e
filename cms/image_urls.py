from django.urls import path

from cms import image_views

app_name = "cms_images"

urlpatterns = [
    path("<path:name>", image_views.image_file, name="file"),
]
