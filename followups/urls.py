from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/<slug:panel>/", views.today_panel, name="today_panel"),
    path("<int:followup_id>/record/", views.record, name="record"),
    path("<int:followup_id>/flags-handled/", views.flags_handled, name="flags_handled"),
    path("match/<int:match_id>/contact/", views.ad_hoc, name="ad_hoc"),
    path("cadence/", views.cadence, name="cadence"),
    path("cadence/<slug:region>/", views.cadence_region, name="cadence_region"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/<str:token>/", views.calendar_feed, name="calendar_feed"),
]

# The match's steps after its meeting are followups' (it makes and drops the plan), at the match's
# address and in its namespace: config/urls.py adds these to matches.urls.
match_urlpatterns = [
    path("<int:match_id>/meeting/hold/", views.meeting_hold, name="meeting_hold"),
    path("<int:match_id>/end/", views.match_close, name="end"),
]
