from django.urls import path

from . import views

app_name = "matches"
urlpatterns = [
    path("", views.match_list, name="list"),
    path("<int:match_id>/", views.match_detail, name="detail"),
    path("<int:match_id>/meeting/", views.meeting_schedule, name="meeting"),
    path("<int:match_id>/decline/", views.match_decline, name="decline"),
    path("<int:match_id>/pause/", views.match_pause, name="pause"),
    path("<int:match_id>/resume/", views.match_resume, name="resume"),
    path("<int:match_id>/shared-contact/", views.shared_contact, name="shared_contact"),
]
