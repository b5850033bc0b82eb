from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("waiting/", views.waiting_list, name="waiting"),
    path("<int:participant_id>/", views.referral_detail, name="detail"),
    path("<int:participant_id>/edit/", views.referral_edit, name="edit"),
    path("<int:participant_id>/accept/", views.referral_accept, name="accept"),
    path("<int:participant_id>/request-info/", views.referral_request_info, name="request_info"),
    path("<int:participant_id>/decline/", views.referral_decline, name="decline"),
    path("<int:participant_id>/withdraw/", views.referral_withdraw, name="withdraw"),
    path("<int:participant_id>/accept-again/", views.referral_reaccept, name="reaccept"),
    path("<int:participant_id>/notes/", views.note_add, name="note_add"),
]
