from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("all/", views.volunteer_list, name="list"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_done, name="apply_done"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_edit, name="campaign_edit"),
    path("regions/<slug:region>/sleep-days/", views.sleep_days, name="sleep_days"),
    path("<int:volunteer_id>/", views.detail, name="detail"),
    path("<int:volunteer_id>/edit/", views.edit, name="edit"),
    path("<int:volunteer_id>/screening/book/", views.screening_book, name="screening_book"),
    path("<int:volunteer_id>/screening/record/", views.screening_record, name="screening_record"),
    path("<int:volunteer_id>/outcome/", views.decide, name="decide"),
    path("<int:volunteer_id>/pause/", views.pause, name="pause"),
    path("<int:volunteer_id>/leave/", views.leave, name="leave"),
    path("<int:volunteer_id>/resume/", views.resume, name="resume"),
    path("<int:volunteer_id>/capacity/", views.capacity, name="capacity"),
    path("<int:volunteer_id>/notes/", views.note_add, name="note_add"),
    path("postings/participant/<int:participant_id>/", views.posting_create, name="posting_create"),
    path("postings/<int:posting_id>/", views.posting_detail, name="posting_detail"),
]
