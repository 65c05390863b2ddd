"""One private storage for personal files (letters, uploads), looked up on every use.

A ``FileField`` resolves a callable ``storage`` once, when the model class is built. A settings change
after that (another deployment's ``STORAGES``, the tests' temporary folder via ``override_settings``)
would never reach a storage object taken from ``storages["private"]`` at import. ``prive_opslag``
delegates every attribute to the storage configured *now*: ``storages`` drops its cache when
``STORAGES`` changes (Django's ``setting_changed`` signal), so this follows overrides.
"""

from django.core.files.storage import Storage, storages


class PriveOpslag(Storage):
    """Proxy for ``storages["private"]``; holds no state of its own."""

    def __getattribute__(self, naam):
        if naam.startswith("__"):
            return object.__getattribute__(self, naam)
        return getattr(storages["private"], naam)

    def __eq__(self, other):
        return isinstance(other, PriveOpslag)

    def __hash__(self):
        return hash(PriveOpslag)


prive_opslag = PriveOpslag()


def prive_opslag_voor_veld():
    """For ``FileField(storage=...)``: a callable, so migrations name this function, not a backend."""
    return prive_opslag
