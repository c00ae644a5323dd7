# H2: the frame of every page (layout.html) and what several pages share.
# One file per area, the same ids in locales/en/. Ids ending in -html carry markup.

site-skip-links = Accès rapide
skip-content = Contenu
skip-menu = Menu
skip-footer = Pied de page
header-home-link = Accueil — { $site }
header-organiser = Espace organisateur
nav-main = Menu principal
nav-home = Accueil
nav-events = Événements
nav-archives = Éditions passées
nav-tags = Étiquettes
feed-events = { $site } : événements
feed-gazette = { $site } : la gazette

lang-switch = Langue
    .title = Choisir la langue du site

footer-home-link = Retour à l’accueil du site — { $site }
footer-write = Nous écrire
footer-chat = Salon de discussion
external-site = (site externe)
footer-feed = Flux Atom des événements
footer-gazette = La gazette
footer-calendar = Calendrier des événements (iCalendar)
footer-gazette-title = Recevoir la gazette de { $site }
footer-gazette-email = Adresse électronique
email-hint = Format attendu : prenom.nom@exemple.fr
footer-gazette-consent = J’accepte de recevoir la gazette par courriel ; je pourrai me désinscrire à tout moment.
footer-gazette-rights = Vos données personnelles et vos droits
footer-gazette-submit = M’inscrire à la gazette
footer-sitemap = Plan du site
footer-accessibility = Accessibilité : { $compliance ->
    [full] totalement conforme
    [partial] partiellement conforme
   *[none] non conforme
}
footer-legal = Mentions légales
footer-personal-data = Données personnelles
footer-powered = Site propulsé par rencontres, logiciel libre sous licence EUPL-1.2.

places-left = { $count ->
    [one] { $count } place restante
   *[other] { $count } places restantes
}
