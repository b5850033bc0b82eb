from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address. Behind our own TLS proxy (BEHIND_PROXY) it is the last address the
    proxy appended to X-Forwarded-For; addresses before it are whatever the client claimed."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
