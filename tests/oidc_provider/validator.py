from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ForceClaimsValidator(OAuth2Validator):
    """Adds each user's configured claims (staff number, app roles) to the id
    token and userinfo, as Entra ID or Keycloak would with app roles."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        extra = settings.CONFIG["users"].get(user.username, {}).get("claims", {})
        return {"name": user.get_full_name() or user.username, **extra}
