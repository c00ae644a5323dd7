# H2: the public programme pages (templates/public/programme/). The same ids in locales/en/programme.ftl.

# Rust: web::public::programme (titles, tabs, exports, kinds, change log)
title-programme = Programme — { $event }
title-programme-day = Programme du { $day } — { $event }
title-programme-rooms = Programme par salle — { $event }
title-programme-tracks = Programme par thème — { $event }
title-programme-versions = Versions du programme — { $event }
programme-at = { $date } à { $time }
programme-all-days = Tous les jours
programme-by-room = Par salle
programme-by-track = Par thème
programme-export-ics = Agenda (iCalendar)
programme-export-csv = Tableur (CSV)
programme-export-frab = Applications de conférence (XML frab)
programme-export-json = Applications de conférence (JSON)
programme-common-room = Espace commun
programme-no-speaker = aucun
programme-change-added = Ajout
programme-change-cancelled = Annulation
programme-change-moved = Déplacement
programme-change-speakers = Intervenants modifiés
programme-change-retitled = Nouveau titre
programme-was-planned = prévu { $placement }
programme-speakers-before-after = avant : { $before } ; après : { $after }
programme-formerly = auparavant « { $title } »
programme-kind-talk = Intervention
programme-kind-workshop = Atelier
programme-kind-break = Pause
programme-kind-meal = Repas
programme-kind-welcome = Accueil
programme-kind-plenary = Plénière
programme-kind-text = Information

# public/programme/macros.html
programme-release-html = Version « { $name } », publiée le { $date } (heure de Paris). <a class="fr-link fr-link--sm" href="{ $url }">Historique des modifications</a>
programme-views = Vues du programme
programme-download = Télécharger le programme
programme-time = Horaire
programme-item-title = Intitulé
programme-room = Salle
programme-speakers = Intervenants
programme-track = Thème

# public/programme/days.html
programme = Programme
programme-heading = Programme — { $event }
programme-day-caption = Programme du { $day }, heure de Paris

# public/programme/rooms.html
programme-by-room-title = Programme par salle
programme-by-room-heading = Programme par salle — { $event }
programme-capacity = Capacité : { $count } places
programme-accessibility = Accessibilité : { $text }
programme-room-caption = { $room }, { $day }, heure de Paris

# public/programme/tracks.html
programme-by-track-title = Programme par thème
programme-by-track-heading = Programme par thème — { $event }

# public/programme/versions.html
programme-history-title = Historique des versions
programme-history-heading = Historique du programme — { $event }
programme-version = Version « { $name } »
programme-published-html = Publiée le <time datetime="{ $iso }">{ $date }</time> (heure de Paris).
programme-change-line-html = <strong>{ $label }</strong> : { $title } — { $detail }
programme-no-change = Aucun changement par rapport à la version précédente.

# public/programme/item.html
programme-time-paris = Horaire (heure de Paris)
programme-places = ({ $count } places)
programme-accessibility-label = Accessibilité
programme-speaker-count = { $count ->
    [one] Intervenant
   *[other] Intervenants
}
programme-item-release = Version « { $name } » du programme, publiée le { $date }.

# public/programme/speaker.html
programme-photo-of = Photo de { $name }
programme-bio = Biographie
programme-talk-count = { $count ->
    [one] Intervention
   *[other] Interventions
}
