from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("participant/<int:participant_id>/", views.suggest, name="suggest"),
    path("participant/<int:participant_id>/why-not/", views.why_not, name="why_not"),
    path("participant/<int:participant_id>/propose/", views.propose, name="propose"),
    path("volunteer/<int:volunteer_id>/", views.suggest_participants, name="suggest_participants"),
    path("region/<slug:region>/batch/", views.batch, name="batch"),
    path("region/<slug:region>/batch/accept/", views.batch_accept, name="batch_accept"),
    path("region/<slug:region>/batch/reject/", views.batch_reject, name="batch_reject"),
    path("region/<slug:region>/config/", views.config, name="config"),
    path("insights/", views.insights, name="insights"),
]
