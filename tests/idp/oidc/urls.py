"""The provider's URLs: django-oauth-toolkit's endpoints at the root, and a login page.

The issuer is the server's root, so discovery is ``/.well-known/openid-configuration``; the
document names the rest (``/authorize/``, ``/token/``, ``/userinfo/``, ``/.well-known/jwks.json``).
"""

from django.contrib.auth.views import LoginView
from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

oauth2_patterns = oauth2_urls.metadata_urlpatterns + oauth2_urls.base_urlpatterns + oauth2_urls.oidc_urlpatterns

urlpatterns = [
    path("login/", LoginView.as_view(template_name="idp_oidc/login.html"), name="login"),
    path("", include((oauth2_patterns, "oauth2_provider"), namespace="oauth2_provider")),
]
