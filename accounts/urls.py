from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.verify, name="verify"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/replace/", views.two_factor_replace, name="two_factor_replace"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("logout/", views.logout, name="logout"),
    path("setup/<str:setup_token>/", views.setup, name="setup"),
]

# The audit log page, in the "audit" namespace (config/urls.py): audit sits below accounts.
audit_urlpatterns = [path("", views.audit_log, name="list")]
