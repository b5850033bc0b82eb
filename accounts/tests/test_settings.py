import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OVERRIDDEN_IN_TESTS = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "PLAIN_STATIC_STORAGE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in OVERRIDDEN_IN_TESTS}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="lgv.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_a_long_but_not_random_secret_key():
    result = _manage("check", SECRET_KEY="a" * 60, ALLOWED_HOSTS="lgv.example.org")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_missing_import_folder_does_not_stop_the_commands(tmp_path):
    result = _manage(
        "check",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="lgv.example.org",
        IMPORT_DIR=str(tmp_path / "not" / "yet" / "there"),
    )
    assert result.returncode == 0, result.stderr
