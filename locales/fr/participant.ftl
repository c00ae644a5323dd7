# H2: the pages of participants and speakers (templates/participant/), and the sentences
# their mails build in Rust. The same ids in locales/en/participant.ftl.

mail-decision-by = au plus tard le { $when }

# The wrapper of an organisers' message to a group (src/mail/event_message.rs): the event,
# then the reader's link. Markdown; the {{ … }} are filled by the mail template.
mail-message-footer-md = Ce message vous est adressé par l’équipe de « {"{{"} event.title {"}}"} » ({"{{"} event.dates_text {"}}"}) : {"{{"} event.url {"}}"}

    {"{{"} link_label {"}}"} : {"{{"} link {"}}"}
mail-message-link-registration = Votre inscription (la consulter, la modifier ou l’annuler)
mail-message-link-proposals = Vos propositions d’intervention
mail-message-link-event = La page de l’événement

## Registration form (register.html), confirmation (sent.html), lost link (link.html)
register-breadcrumb = Inscription
register-title = S’inscrire
register-title-selection = Se préinscrire
register-closed = Inscription impossible
register-external = S’inscrire sur le site de l’organisateur
register-selection = Les places sont attribuées par les organisateurs après la clôture des préinscriptions.
register-selection-closes = Les places sont attribuées par les organisateurs après la clôture des préinscriptions (le { $when }).
register-answer = Vous recevrez leur réponse par courriel.
register-answer-by = Vous recevrez leur réponse par courriel, au plus tard le { $when }.
register-first-come-intro = La participation est gratuite, dans la limite des places disponibles. Les places vont aux premières personnes qui confirment leur adresse ; les suivantes sont inscrites sur liste d’attente.
register-invited-email-hint = L’adresse à laquelle votre invitation a été envoyée.
register-email-hint = Un courriel vous sera envoyé pour la confirmer. Format attendu : prenom.nom@exemple.fr
register-data-use = Vos données servent uniquement à organiser cet événement{ $days ->
    [0] {""}
   *[other] {" "}et sont effacées { $days } jours après sa fin
}. Vous pouvez demander à tout moment leur export ou leur effacement.
register-submit = M’inscrire
register-submit-selection = Envoyer ma préinscription
register-lost-link = Déjà inscrit ou inscrite, et le lien de votre inscription s’est perdu ?
register-lost-link-action = Recevoir à nouveau mon lien personnel

sent-title = Vérifiez votre messagerie
sent-lead-html = Nous venons d’envoyer un courriel à l’adresse indiquée pour <a href="{ $url }">{ $title }</a>.
sent-open-link = Ouvrez le lien qu’il contient pour confirmer votre adresse : votre demande ne compte qu’à partir de ce moment. Si cette adresse était déjà inscrite, le courriel contient le lien personnel de son inscription, qui reste le même.
sent-not-arrived-html = Si le message n’arrive pas dans quelques minutes, regardez dans les indésirables ou <a href="{ $url }">demandez à recevoir à nouveau votre lien</a>.

confirm-back = Revenir à mon inscription

erased-title = Vos données sont effacées
erased-text-html = Votre inscription à <a href="{ $url }">{ $title }</a> et les données qui s’y rattachent ont été supprimées. Le lien que vous avez utilisé ne fonctionne plus.
erased-place = Si vous teniez une place, elle a été proposée à la personne suivante.

link-breadcrumb = Lien perdu
link-title = Recevoir à nouveau mon lien
link-sent-title = Demande reçue
link-sent-text = Si une inscription correspond à cette adresse, nous venons de lui envoyer son lien personnel par courriel. Il est le même que dans nos messages précédents.

## The private page of a registration (registration.html)
registration-title = Mon inscription
registration-confirm-address = Confirmez votre adresse pour que votre demande soit prise en compte.
registration-confirm-address-button = Confirmer mon adresse
registration-waitlisted-html = Vous êtes en position <strong>{ $position }</strong> sur la liste d’attente. Si une place se libère, elle vous sera proposée par courriel.
registration-offered-html = Une place vous est réservée jusqu’au <strong>{ $until }</strong>.
registration-accept = Accepter la place
registration-decline = Refuser la place
registration-confirmed = Votre place est réservée. Si vous ne pouvez plus venir, annulez : elle ira à la personne suivante.
registration-meeting = Lien de la réunion en ligne :
registration-door-code-html = Le jour venu, présentez ce code QR à l’accueil, ou donnez votre code : <strong>{ $code }</strong>
registration-door-qr = Code QR d’accueil { $code }
registration-preregistered = Votre préinscription est enregistrée. Les organisateurs vous répondront par courriel.
registration-board = Tableau du garagethon
registration-board-text = Présentez vos objectifs, demandez ou proposez de l’aide, inscrivez-vous aux présentations éclair.
registration-board-open = Ouvrir mon tableau
registration-details = Vos informations
registration-name = Nom
registration-organisation = Organisation
registration-edit = Modifier mes informations
registration-survey = Répondre au questionnaire des organisateurs
registration-cancel-heading = Annuler
registration-cancel = Annuler mon inscription
registration-data = Vos données
registration-data-text = Vous pouvez télécharger tout ce que nous conservons à votre sujet, ou l’effacer : l’effacement annule aussi votre inscription.
registration-data-download = Télécharger mes données
registration-data-erase = Effacer mes données
registration-personal-link = Ce lien est personnel : ne le partagez pas.{ $days ->
    [0] {""}
   *[other] {" "}Vos données sont effacées { $days } jours après l’événement.
}

register-page-title = S’inscrire : { $title }
register-no-registration = Cet événement ne prend pas d'inscriptions sur ce site.
register-invitation-invalid = Ce lien d'invitation n'est pas valide ou a été retiré. Écrivez aux organisateurs si vous pensez qu'il s'agit d'une erreur.
registration-page-title = Mon inscription : { $title }
survey-page-title = Questionnaire : { $title }
registration-done-confirmee = Votre adresse est confirmée.
registration-done-acceptee = Vous avez accepté la place : elle est à vous.
registration-done-refusee = Vous avez refusé la place. Merci de nous avoir répondu.
registration-done-annulee = Votre inscription est annulée.
registration-done-modifiee = Vos informations sont enregistrées.
confirm-cancel-heading = Annuler votre inscription ?
confirm-cancel-question = Votre inscription sera annulée et, si vous teniez une place, elle ira à la personne suivante sur la liste d’attente. Vous ne pourrez pas revenir en arrière.
confirm-cancel-button = Oui, annuler mon inscription
confirm-erase-heading = Effacer vos données ?
confirm-erase-question = Votre inscription et toutes les données qui s’y rattachent seront supprimées définitivement, et ce lien ne fonctionnera plus. Si vous teniez une place, elle ira à la personne suivante.
confirm-erase-button = Oui, effacer mes données

participant-status-public_agent = Agent public
participant-status-contractor = Prestataire du secteur public
participant-status-other = Autre
registration-state-pending_email = Adresse à confirmer
registration-state-preregistered = Préinscription enregistrée
registration-state-confirmed = Inscription confirmée
registration-state-waitlisted = Sur liste d'attente
registration-state-offered = Place proposée
registration-state-declined = Refusée
registration-state-cancelled = Annulée
registration-state-expired = Expirée
registration-state-attended = Présent
registration-state-no_show = Absent
