"""The providers' fixtures for the tests here; elsewhere: ``pytest_plugins = ["tests.idp.fixtures"]`` in the root conftest."""

from tests.idp.fixtures import oidc_provider_factory, saml_idp_factory

__all__ = ["oidc_provider_factory", "saml_idp_factory"]
