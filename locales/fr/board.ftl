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

# board/participant.html and web::participant::board (the participant's own board)
title-board-mine = Mon tableau : { $event }
board-mine-title = Mon tableau
board-mine-you-are-html = Vous êtes <strong>{ $name }</strong>. Votre nom apparaît sur le tableau à côté de ce que vous proposez ; votre adresse n’est montrée qu’aux personnes dont vous acceptez l’aide, ou qui acceptent la vôtre.
board-mine-registration = Mon inscription
board-mine-form-errors = Le formulaire contient des erreurs : elles sont indiquées sous les champs concernés.
board-mine-projects = Projets, objectifs et demandes d’aide
board-mine-published-by = publié par { $publisher }
board-mine-licence = licence { $licence }
board-mine-maintainers = mainteneurs présents : { $maintainers }
board-mine-objectives = Objectifs
board-mine-status-of = Statut de « { $title } »
board-mine-link = Lien vers le ticket ou la demande de fusion
board-mine-save = Enregistrer
board-mine-save-objective = l’objectif « { $title } »
board-mine-closed = Close
board-mine-asked-by = demandée par { $owner }
board-mine-skills = Compétences : { $skills }
board-mine-help-accepted = Aide acceptée : { $helpers }
board-mine-offers-help = { $helper } propose son aide
board-mine-offers-help-saying = { $helper } propose son aide : « { $message } »
board-mine-accept = Accepter
board-mine-decline = Décliner
board-mine-help-of = l’aide de { $helper }
board-mine-close = Clore
board-mine-reopen = Rouvrir
board-mine-the-request = la demande « { $title } »
board-mine-your-offer = Votre proposition :
board-mine-write-to = écrivez à
board-mine-withdraw-help = Retirer mon aide
board-mine-on = sur « { $title } »
board-mine-offer-word = Un mot pour « { $title } » (facultatif)
board-mine-offer-help = Proposer mon aide
board-mine-no-request = Pas de demande d’aide.
board-mine-no-project = Aucun projet pour l’instant : ajoutez le vôtre ci-dessous.
board-mine-add-project = Ajouter un projet
board-mine-url = Adresse du dépôt
board-mine-url-hint = GitHub, GitLab, Codeberg, SourceHut ou tout dépôt git : https://… ou git@hôte:chemin
board-mine-name = Nom du projet
board-mine-name-hint = Par défaut, le nom du dépôt
board-mine-publisher = Administration qui le publie
board-mine-licence-label = Licence
board-mine-licence-hint = Par exemple EUPL-1.2, MIT, AGPL-3.0
board-mine-description = Description courte
board-mine-maintainers-label = Mainteneurs présents
board-mine-add-project-button = Ajouter le projet
board-mine-add-objective = Ajouter un objectif
board-mine-project = Projet
board-mine-objective-title = Objectif concret et vérifiable
board-mine-estimate = Durée estimée
board-mine-estimate-hint = Un nombre d’heures (1 à 16), « demi-journée » ou « journée »
board-mine-link-hint = Facultatif, https://…
board-mine-add-objective-button = Ajouter l’objectif
board-mine-ask-help = Demander de l’aide
board-mine-kind = Type d’aide
board-mine-request-title = Demande précise
board-mine-details = Détails
board-mine-useful-skills = Compétences utiles
board-mine-newcomers = Idéal pour une première contribution
board-mine-publish-request = Publier la demande
board-mine-withdraw-talk = Retirer ma présentation
board-mine-talk-title = Titre de votre présentation éclair
board-mine-minutes = Durée en minutes
board-mine-minutes-hint = De 1 à 10 minutes
board-mine-sign-up = M’inscrire
board-mine-retro = Mon bilan
board-mine-retro-intro = À la fin de l’événement : ce que vous avez fait, ce que les autres vous ont appris.
board-mine-done = Ce que j’ai fait
board-mine-learned = Ce que j’ai appris des autres
board-mine-links = Liens vers le travail fusionné
board-mine-links-hint = Un lien par ligne, https://…
board-mine-save-retro = Enregistrer mon bilan
# Rust: web::participant::board (field names for the form errors, errors)
board-field-project-name = Le nom du projet
board-field-publisher = L’administration qui le publie
board-field-licence = La licence
board-field-description = La description
board-field-maintainers = Les mainteneurs présents
board-field-objective = L’objectif
board-field-request = La demande
board-field-details = Le détail
board-field-skills = Les compétences
board-field-message = Le message
board-field-talk-title = Le titre
board-field-done = Ce que vous avez fait
board-field-learned = Ce que vous avez appris
board-error-objective-project = Choisissez le projet de cet objectif.
board-error-estimate = Indiquez une durée : un nombre d’heures de 1 à 16, « demi-journée » ou « journée ».
board-error-status = Choisissez un statut.
board-error-request-project = Choisissez le projet concerné.
board-error-kind = Choisissez le type d’aide demandée.
board-error-minutes = Une présentation éclair dure de 1 à 10 minutes.
board-error-too-many-links = 30 liens au plus.
board-error-link-line = { $line } : { $error }
board-error-offer-action = Action inconnue sur cette proposition d’aide.
# Rust: web::participant::board (domain::forge::BadUrl and domain::board::Refusal, in forms)
board-url-empty = L’adresse du dépôt est obligatoire.
board-url-too-long = L’adresse du dépôt est trop longue (500 caractères au plus).
board-url-spaces = L’adresse du dépôt ne doit contenir ni espace ni caractère de contrôle.
board-url-scheme = Adresse refusée : seules les adresses https://, git://, ssh:// ou git@hôte:chemin sont acceptées.
board-url-credentials = Adresse refusée : elle ne doit pas contenir d’identifiant ni de mot de passe.
board-url-host = Adresse refusée : le nom du serveur est invalide.
board-url-internal = Adresse refusée : les adresses internes ou locales (localhost, adresses IP, réseau privé) ne sont pas acceptées.
board-url-no-path = L’adresse doit désigner un dépôt (par exemple https://forge.exemple.fr/equipe/projet), pas seulement un serveur.
board-url-path = Le chemin du dépôt contient des caractères invalides.
board-url-link-scheme = Le lien doit commencer par https:// (ou http://).
board-refusal-project-already-listed = Ce projet est déjà sur le tableau de cet événement.
board-refusal-already-signed-up = Vous êtes déjà inscrit ou inscrite pour une présentation éclair.
