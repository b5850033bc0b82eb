from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address, for the login lock-out and the application form's rate limit.

    Directly connected (TRUSTED_PROXY_COUNT 0, the default without BEHIND_PROXY) it is the
    connection's address, and X-Forwarded-For is ignored: anyone can write that header. Behind N
    proxies of our own, each appends the address it received the request from, so the client is
    the N-th entry from the end; entries before it are whatever the client claimed and are never
    used. A header with fewer entries than proxies did not come through them all: the
    connection's address is used."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
