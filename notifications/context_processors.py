from .services import unread_count


def unread(request):
    """The number of unread notices, for the bell in the navigation (logged-in users only)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
