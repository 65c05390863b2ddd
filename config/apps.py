from django.contrib.admin.apps import AdminConfig


class BeheerConfig(AdminConfig):
    """``django.contrib.admin`` with ``admin.site`` a ``config.beheer.Beheersite`` (two factors)."""

    default_site = "config.beheer.Beheersite"
