from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.verify, name="verify"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("logout/", views.logout, name="logout"),
]
