# H2: the public pages (home, events, an event, past editions, tags) and the pieces they share
# (macros.html, the event cards of web::views). The same ids in locales/en/public.ftl.

# Page titles
title-home = Accueil
title-events = Événements à venir
title-archives = Éditions passées
title-tags = Étiquettes
title-tag = Étiquette « { $tag } »
title-tag-heading = Étiquette « { $tag } »

# Event kinds (domain::event::EventKind codes)
event-kind-hackathon = Hackathon
event-kind-garagethon = Garagethon
event-kind-day = Journée
event-kind-half-day = Demi-journée
event-kind-conference = Conférence
event-kind-workshop = Atelier
event-kind-meetup = Rencontre
event-kind-other = Événement

# Registration, in a card and on the event page (web::views::registration_box)
registration-closed = Inscriptions closes
registration-external = Sur le site de l'organisateur.
registration-external-until = Sur le site de l'organisateur jusqu'au { $date }.
registration-external-short = Inscription sur le site de l'organisateur
registration-external-button = S'inscrire sur le site externe
registration-opens-on = Ouverture le { $date }.
registration-opens-from = Inscriptions à partir du { $date }
registration-opens-soon = Inscriptions bientôt ouvertes
registration-preregistration = Préinscriptions ouvertes.
registration-preregistration-until = Préinscriptions ouvertes jusqu'au { $date }.
registration-preregistration-short = Préinscriptions ouvertes
registration-preregistration-until-short = Préinscriptions ouvertes jusqu'au { $date }
registration-preregister = Se préinscrire
registration-invitation = Sur invitation.
registration-invitation-short = Sur invitation
registration-full = Complet : les nouvelles inscriptions vont sur liste d'attente.
registration-full-short = Complet — liste d'attente
registration-waitlist = S'inscrire sur liste d'attente
registration-open = Inscriptions ouvertes, dans la limite des places disponibles.
registration-open-short = Inscriptions ouvertes
registration-open-until-short = Inscriptions ouvertes jusqu'au { $date }
registration-register = S'inscrire

# Refusals of the registration rules that a public page shows (domain::registration::Refusal)
refusal-not-open-yet = Les inscriptions ne sont pas encore ouvertes.
refusal-closed = Les inscriptions sont closes.
refusal-event-started = Cet événement a déjà commencé.
refusal-invitation-only = Les inscriptions à cet événement se font sur invitation.
refusal-external = Les inscriptions à cet événement se font sur un autre site.
refusal-no-registration = Les inscriptions ne sont pas ouvertes pour cet événement.
refusal-status-not-eligible = Cet événement est réservé aux agents publics et aux prestataires du secteur public.
refusal-domain-not-eligible = Les inscriptions sont réservées aux adresses de certains domaines.

# The call for talks (web::views::call_status)
call-opens-from = Appel à interventions ouvert à partir du { $date }
call-open-until = Appel à interventions ouvert jusqu'au { $date }
call-closed = Appel à interventions clos

# macros.html
card-tags = Étiquettes :
tag-count = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
breadcrumb = Vous êtes ici :
optional = (facultatif)
answer-yes = Oui
answer-no = Non
email-label = Adresse électronique
link-form-hint = L’adresse utilisée pour vous inscrire. Format attendu : prenom.nom@exemple.fr
link-form-submit = Recevoir mon lien
form-errors-title = Le formulaire contient des erreurs

# Home
home-upcoming = Prochains événements
home-all-upcoming = Tous les événements à venir
home-none = Aucun événement n’est annoncé pour le moment.
home-none-follow-html = Pour être prévenu du prochain, abonnez-vous au <a href="/flux.atom" type="application/atom+xml">flux Atom</a> ou au <a href="/calendrier.ics" type="text/calendar">calendrier</a>, ou parcourez les <a href="/archives">éditions passées</a>.
home-recent = Éditions récentes
home-all-past = Toutes les éditions passées
home-gazette = La gazette
home-gazette-latest-html = Dernier numéro : <a href="{ $url }">{ $title }</a>, paru le <time datetime="{ $iso }">{ $date }</time>.
home-gazette-all = Tous les numéros et l’inscription à la gazette
home-tags = Parcourir par étiquette
home-follow = Suivre les événements
home-atom = Flux Atom
home-ical = Calendrier iCalendar
home-chat = Salon de discussion

# Events
events-count = { $count ->
    [one] { $count } événement annoncé, du plus proche au plus lointain.
   *[other] { $count } événements annoncés, du plus proche au plus lointain.
}
events-none-html = Parcourez les <a href="/archives">éditions passées</a> ou abonnez-vous au <a href="/flux.atom" type="application/atom+xml">flux Atom</a> pour être prévenu du prochain.
events-ical = Tous les événements dans votre agenda (iCalendar)

# Past editions
archives-years = Années
archives-none = Aucune édition passée pour le moment.
archives-none-upcoming-html = Voir les <a href="/evenements">événements à venir</a>.

# Tags
tags-intro = Chaque étiquette regroupe les événements à venir et les éditions passées d’une même série ou d’un même thème. Le nombre indique combien d’événements la portent.
tags-none = Aucune étiquette pour le moment.
tag-upcoming = À venir
tag-upcoming-none = Aucun événement à venir ne porte cette étiquette pour le moment.
tag-past-none = Aucune édition passée ne porte cette étiquette.

# An event
event-over = Cet événement est terminé.
event-cancelled-badge = Annulé
event-over-badge = Terminé
event-cancelled = Événement annulé
event-cancelled-text = Les organisateurs ont annulé cet événement. Les inscriptions sont closes ; les personnes inscrites et les intervenants ont été prévenus par courriel.
event-facts = Informations pratiques
event-date = Date
event-sessions = { $count ->
    [one] { $count } séance :
   *[other] { $count } séances :
}
event-venue = Lieu
event-osm = Voir sur OpenStreetMap
event-audience = Public
event-contact = Contact
event-registration = Inscription
event-call = Appel à interventions
event-propose = Proposer une intervention
event-accepted = Interventions retenues
event-programme = Voir le programme
event-board = Voir le tableau du garagethon
event-add-calendar = Ajouter à mon agenda
event-tags = Étiquettes

# public/gazette/index.html
title-gazette = La gazette
gazette-lead = Les nouvelles de { $site }, par courriel, quelques fois par an.
gazette-subscribe = S’inscrire
gazette-fix-errors = Corrigez les champs signalés ci-dessous.
gazette-email-hint = Format attendu : prenom.nom@exemple.fr
gazette-consent = J’accepte de recevoir la gazette par courriel. Je pourrai me désinscrire à tout moment, en un clic, depuis chaque numéro.
gazette-confirm-html = Vous recevrez un courriel pour confirmer votre adresse : rien ne vous sera envoyé sans cette confirmation. <a href="/donnees-personnelles#gazette">Vos données personnelles et vos droits</a>
gazette-submit = M’inscrire
gazette-issues = Les numéros
gazette-feed = Flux Atom de la gazette
gazette-no-issue = Aucun numéro n’est encore paru.

# public/gazette/issue.html
gazette-published-html = Paru le <time datetime="{ $iso }">{ $date }</time>
gazette-all-issues = Tous les numéros et l’inscription

# public/gazette/left.html
title-gazette-left = Vous êtes désinscrit
gazette-left-lead = Vous ne recevrez plus la gazette ni nos annonces.
gazette-left-text-html = Votre adresse a été effacée. Nous n’en gardons qu’une empreinte chiffrée, pour qu’aucun import de liste ne vous réinscrive sans votre accord. Vous pourrez toujours vous réinscrire depuis <a href="/gazette">la page de la gazette</a>.

# public/gazette/subscribed.html
title-gazette-check = Vérifiez votre messagerie
gazette-sent = Nous venons d’envoyer un courriel à l’adresse indiquée.
gazette-sent-text = Ouvrez le lien qu’il contient pour confirmer votre inscription à la gazette : rien ne vous sera envoyé sans cette confirmation. Si cette adresse reçoit déjà la gazette, le courriel contient le lien pour gérer votre abonnement.
gazette-spam = Si le message n’arrive pas dans quelques minutes, regardez dans les indésirables.
gazette-back = Retour à la gazette
gazette-email-missing = L’adresse électronique est obligatoire.
gazette-email-invalid = L’adresse électronique n’est pas valide (exemple : prenom.nom@exemple.fr).
gazette-consent-missing = Cochez la case pour accepter de recevoir la gazette.
