from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("needs/", views.needs, name="needs"),
    path("needs/<slug:region>/campaign/", views.campaign_start, name="campaign_start"),
    path("estimate/participant/<int:participant_id>/", views.participant_estimate, name="participant_estimate"),
    path("estimate/region/<slug:region>/", views.region_estimate, name="region_estimate"),
]
