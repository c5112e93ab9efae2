"""English messages of the sign-in pages and of the personal-data navigation (into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Campagnes": "Campaigns",
    "Connexion": "Sign in",
    "Identifiant": "Login",
    "Jurys": "Juries",
    "Mon profil": "My profile",
    "Mot de passe": "Password",
    "Personnes": "People",
    "RGPD": "GDPR",
    "Se connecter": "Sign in",
    "Se connecter avec l'authentification de l'entreprise": (
        "Sign in with the company's single sign-on"
    ),
    "Se déconnecter": "Sign out",
    "Seuls les administrateurs RH proposent des liens et en décident.": (
        "Only HR administrators propose links and decide on them."
    ),
    "Équipes": "Teams",
}
