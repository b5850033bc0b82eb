from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("star/", views.star, name="star"),
    path("star/edit/", views.star_edit, name="star_edit"),
    path("star/versions/<int:number>/", views.version_detail, name="version"),
    path("star/translations/", views.translation_add, name="translation_add"),
    path("star/translations/<str:language>/", views.translation, name="translation"),
    path("matches/<int:match_id>/", views.match_star, name="match_star"),
    path("matches/<int:match_id>/reading/", views.reading_new, name="reading_new"),
    path("matches/<int:match_id>/link/", views.link_new, name="link_new"),
    path("r/<str:link_token>/", views.fill, name="fill"),
]
