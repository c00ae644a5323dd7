# H2: the board pages (templates/board/). The same ids in locales/en/board.ftl.

# Rust: web::public::board (titles and labels of the domain's codes)
title-board = Tableau : { $event }
title-board-live = Tableau en direct : { $event }
title-board-retro = Bilan du tableau : { $event }
board-estimate-hours = { $hours } h
board-estimate-half-day = une demi-journée
board-estimate-day = une journée
board-status-proposed = Proposé
board-status-in-progress = En cours
board-status-done = Atteint
board-status-dropped = Abandonné
board-kind-bug-fix = Correction de bogue
board-kind-feature = Nouvelle fonctionnalité
board-kind-documentation = Documentation
board-kind-tests = Tests
board-kind-design = Design et ergonomie
board-kind-translation = Traduction
board-kind-accessibility = Accessibilité
board-kind-packaging = Empaquetage
board-kind-other = Autre
board-offer-offered = Proposée
board-offer-accepted = Acceptée
board-offer-declined = Déclinée
board-offer-withdrawn = Retirée

# board/fragment.html
board-figure-projects = { $count ->
    [one] projet
   *[other] projets
}
board-figure-objectives = { $count ->
    [one] objectif atteint
   *[other] objectifs atteints
} sur { $total }
board-figure-requests = { $count ->
    [one] demande d’aide
   *[other] demandes d’aide
}
board-figure-help = { $count ->
    [one] coup de main
   *[other] coups de main
}
board-requests = Demandes d’aide
board-pinned = Prioritaire
board-newcomers = Idéal pour débuter
board-with = Avec { $names }
board-wants-help = Cherche de l’aide
board-no-request = Aucune demande d’aide pour l’instant.
board-projects = Projets et objectifs
board-other-editions = Déjà travaillé lors de : { $editions }
board-no-objective = Pas encore d’objectif.
board-no-project = Aucun projet pour l’instant.
board-talks = Présentations éclair
board-nobody = Personne n’est encore inscrit.

# board/public.html
board-title = Tableau du garagethon
board-projector = Vue pour le vidéoprojecteur
board-review = Bilan

# board/live.html
board-live-status = Tableau mis à jour au chargement de la page.

# board/macros.html
board-choose = Choisir

# board/retro.html
board-retro-title = Bilan du garagethon
board-in-figures = En chiffres
board-figure-help-given = { $count ->
    [one] coup de main donné
   *[other] coups de main donnés
}
board-figure-contributors = { $count ->
    [one] contributrice ou contributeur
   *[other] contributrices et contributeurs
}
board-figure-merges = { $count ->
    [one] demande de fusion liée
   *[other] demandes de fusion liées
}
board-figure-talks = { $count ->
    [one] présentation éclair
   *[other] présentations éclair
}
board-achieved = Objectifs atteints
board-follow-up = suivi
board-follow-up-of = de « { $title } »
board-none-achieved = Aucun objectif atteint.
board-no-project-on-board = Aucun projet sur le tableau.
board-what-each-did = Ce que chacun a fait et appris
board-retro-of = Bilan de { $name }
board-done = Fait :
board-learned = Appris :
board-no-retro = Personne n’a encore rempli son bilan.

# board/fragment.html
board-minutes = { $speaker }, { $minutes } min
