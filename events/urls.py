from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/invite/", views.invite, name="invite"),
    path("<int:event_id>/sign-up/", views.signup_add, name="signup_add"),
    path("<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("<int:event_id>/calendar.ics", views.calendar, name="calendar"),
    path("sign-ups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("attendance/<int:attendance_id>/feedback/", views.feedback, name="feedback"),
]
