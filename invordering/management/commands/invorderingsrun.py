from .keten_draaien import Command as KetenDraaien


class Command(KetenDraaien):
    """``invorderingsrun [--datum D]`` (ONTWERP.md's name) is the same command as ``keten_draaien``."""
