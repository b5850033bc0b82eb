from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("participants/<int:participant_id>/export/", views.export_page, name="participant_export"),
    path("participants/<int:participant_id>/export.json", views.export_json, name="participant_export_json"),
    path("participants/<int:participant_id>/withdraw-consent/", views.consent_withdraw, name="participant_withdraw"),
    path("participants/<int:participant_id>/erase/", views.erase, name="participant_erase"),
    path("volunteers/<int:volunteer_id>/export/", views.export_page, name="volunteer_export"),
    path("volunteers/<int:volunteer_id>/export.json", views.export_json, name="volunteer_export_json"),
    path("volunteers/<int:volunteer_id>/withdraw-consent/", views.consent_withdraw, name="volunteer_withdraw"),
    path("volunteers/<int:volunteer_id>/erase/", views.erase, name="volunteer_erase"),
    path("evaluation.csv", views.evaluator_export, name="evaluator_export"),
]
