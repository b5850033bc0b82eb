from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("", views.import_upload, name="import"),
    path("preview/", views.import_preview, name="import_preview"),
    path("confirm/", views.import_confirm, name="import_confirm"),
]
