from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_start, name="login"),
    path("login/sent/", views.login_sent, name="login_sent"),
    path("login/<str:login_token>/", views.login_link, name="link"),
    path("logout/", views.logout_view, name="logout"),
    path("match/<int:match_id>/star/", views.star, name="star"),
    path("talk/", views.callback, name="callback"),
    path("help/", views.directory, name="directory"),
    path("me/", views.profile, name="profile"),
    path("me/pause-or-stop/", views.step_back, name="step_back"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/new/", views.expense_new, name="expense_new"),
    path("expenses/<int:expense_id>/receipt/", views.receipt, name="receipt"),
    path("events/", views.events, name="events"),
    path("events/<int:own_event_id>/sign-up/", views.event_sign_up, name="event_sign_up"),
    path("events/<int:own_event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:own_event_id>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("events/<int:own_event_id>/feedback/", views.event_feedback, name="event_feedback"),
    path("callbacks/<int:callback_id>/handled/", views.callback_handled, name="callback_handled"),
]
