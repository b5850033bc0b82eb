from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("places/", views.places, name="places"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:place_id>/", views.place_edit, name="place_edit"),
    path("volunteer/<int:volunteer_id>/supervision/", views.supervision_create, name="supervision_create"),
    path("supervision/<int:supervision_id>/", views.supervision_edit, name="supervision_edit"),
    path("volunteer/<int:volunteer_id>/requirement/", views.requirement_record, name="requirement_record"),
]
