"""The settings: read from the environment, typed, bounded, every wrong value named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, explain


def test_the_defaults_need_no_environment() -> None:
    settings = Settings.from_environment({})
    assert settings == Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL and settings.port == 8000


def test_variables_are_read_whatever_their_case_and_typed() -> None:
    settings = Settings.from_environment(
        {
            "PARCOURS_PORT": " 8080 ",
            "parcours_public_catalogue": "Off",
            "PARCOURS_BUSY_TIMEOUT_SECONDS": "2.5",
            "PARCOURS_OIDC_ISSUER": "https://sso.example",
            "OTHER_PORT": "1",
        }
    )
    assert settings.port == 8080 and settings.public_catalogue is False
    assert settings.busy_timeout_seconds == 2.5 and settings.oidc_issuer == "https://sso.example"


def test_options_given_win_over_the_environment_and_none_does_not() -> None:
    environ = {"PARCOURS_DATABASE_URL": "sqlite:///env.db", "PARCOURS_PORT": "9000"}
    settings = Settings.from_environment(environ, database_url="sqlite:///cli.db", port=None)
    assert settings.database_url == "sqlite:///cli.db" and settings.port == 9000


def test_every_wrong_value_is_named_with_its_variable() -> None:
    environ = {
        "PARCOURS_AUDIT_RETENTION_DAYS": "10",
        "PARCOURS_BUSY_TIMEOUT_SECONDS": "9000",
        "PARCOURS_LOG_FORMAT": "xml",
        "PARCOURS_PORT": "huit mille",
        "PARCOURS_PUBLIC_CATALOGUE": "peut-être",
    }
    with pytest.raises(SettingsError) as caught:
        Settings.from_environment(environ)
    message = explain(caught.value)
    assert [p.name for p in caught.value.problems] == [
        "port",
        "public_catalogue",
        "audit_retention_days",
        "busy_timeout_seconds",
        "log_format",
    ]
    retention = "PARCOURS_AUDIT_RETENTION_DAYS (audit_retention_days) doit valoir au moins 180"
    assert retention in message
    assert "PARCOURS_BUSY_TIMEOUT_SECONDS (busy_timeout_seconds) doit valoir au plus 600" in message
    assert "PARCOURS_PORT (port) valeur illisible : « huit mille »" in message
    assert "PARCOURS_LOG_FORMAT (log_format) valeur non reconnue" in message
    assert str(caught.value) == message


def test_values_given_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match="session_hours"):
        Settings(session_hours=0)
    with pytest.raises(SettingsError, match="port"):
        Settings(port=True)  # a boolean is not a port


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_an_integer_reads_back_from_its_text(value: int) -> None:
    read = Settings.from_environment({"PARCOURS_MIN_GROUP_SIZE": f" {value}\n"})
    assert read.min_group_size == value
