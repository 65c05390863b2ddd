"""Helpers for benchmarks: a fresh PostgreSQL database per benchmark, and the Django environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def verse_database(naam: str, server: str = "postgres://postgres@127.0.0.1:5432") -> str:
    """Drop and create a database; returns its DATABASE_URL."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{naam}"')
    return f"{server}/{naam}"


def manage(*args: str, database_url: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    return subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs)
