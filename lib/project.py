from django.apps import AppConfig, apps
from django.conf import settings


def project_apps() -> list[AppConfig]:
    """This project's own apps (not Django's or third-party ones, wherever the venv lives)."""
    return [
        app
        for app in apps.get_app_configs()
        if app.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in app.path
    ]
