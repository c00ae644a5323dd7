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

## The call for talks (call.html, proposal_form.html, proposal_sent.html, proposals.html)
call-title = Appel à interventions
call-closes-html = Propositions reçues jusqu’au <strong>{ $when }</strong> (heure de Paris)
call-decisions-by = Réponse de l’équipe au plus tard le { $when }
call-programme-by = Programme publié le { $when }
call-formats = Formats
call-format = { $name } : { $range }
call-closed-title = Propositions impossibles
call-propose = Proposer une intervention
call-no-account = Aucun compte n’est nécessaire.
proposal-yours = Votre intervention
proposal-field-title = Titre
proposal-field-summary = Résumé
proposal-field-summary-hint = Ce que le public retiendra, en quelques phrases. Markdown accepté.
proposal-field-administration = Votre administration
proposal-field-administration-hint = Ministère, collectivité, opérateur…
proposal-field-subject = Sujet
proposal-field-subject-hint = Le logiciel, le projet ou la pratique dont vous parlerez.
proposal-field-audience = Public visé
proposal-field-audience-hint = Exemple : développeurs, décideurs, tout public.
proposal-field-format = Format
proposal-field-minutes = Durée souhaitée, en minutes
proposal-field-minutes-hint = Dans la fourchette du format choisi.
proposal-field-notes = Remarques pour l’équipe (facultatif)
proposal-field-notes-hint = Contraintes de date, matériel, accessibilité…
proposal-you = Vous
proposal-cospeaker = Co-intervenant ou co-intervenante { $n } (facultatif)
proposal-cospeaker-mail = Chaque co-intervenant reçoit un courriel pour confirmer sa participation.
proposal-email-hint = Format attendu : prenom.nom@exemple.fr — le reçu et votre lien personnel y sont envoyés.
proposal-field-organisation = Organisation (facultatif)
proposal-field-bio = Courte biographie (facultatif)
proposal-consent = J’accepte que mon nom soit publié avec l’intervention si elle est retenue
proposal-data-use = Ces informations servent uniquement à préparer le programme. Seuls les noms des intervenants qui l’ont accepté sont publiés.
proposal-save = Enregistrer les modifications
proposal-send = Envoyer ma proposition
proposal-sent-title = Proposition envoyée
proposal-sent-lead-html = Merci ! Votre proposition pour <a href="{ $url }">{ $title }</a> est enregistrée.
proposal-sent-text = Un accusé de réception part vers votre adresse, avec un lien personnel pour relire, modifier ou retirer votre proposition jusqu’à la clôture de l’appel. Si le message n’arrive pas dans quelques minutes, regardez dans les indésirables.
proposals-title = Mes propositions
proposals-from = Propositions envoyées depuis l’adresse { $email }.
proposals-caption = Mes propositions d’intervention
proposals-talk = Intervention
proposals-event = Événement
proposals-state = État
proposals-none = Aucune proposition.
call-page-title = Appel à interventions : { $title }
call-minutes = { $min } minutes
call-minutes-range = { $min } à { $max } minutes

## Gazette subscribers' pages (gazette_confirmed, gazette_preferences, gazette_unsubscribe)
gazette-confirmed-title = Inscription confirmée
gazette-confirmed-text = L’adresse { $email } recevra les prochains numéros de la gazette.
gazette-confirmed-manage-html = Chaque numéro contient un lien pour gérer votre abonnement ou vous désinscrire en un clic. Vous pouvez aussi <a href="{ $url }">gérer votre abonnement dès maintenant</a>.
gazette-read-issues = Lire les numéros parus
gazette-preferences-title = Mon abonnement à la gazette
gazette-preferences-saved = Vos choix sont enregistrés.
gazette-preferences-pending = Cette adresse n’est pas encore confirmée : ouvrez le lien du courriel de confirmation.
gazette-preferences-suspended = Les envois vers cette adresse sont suspendus, car votre messagerie les a refusés. Inscrivez-vous à nouveau depuis la page de la gazette pour les reprendre.
gazette-preferences-email-hint = Une nouvelle adresse devra être confirmée depuis sa propre messagerie.
gazette-preferences-lists = Ce que je reçois
gazette-list-gazette = La gazette
gazette-list-announcements = Les annonces des nouveaux événements
gazette-unsubscribe-heading = Me désinscrire
gazette-unsubscribe-erased = Votre adresse sera effacée ; seule une empreinte chiffrée en sera gardée, pour qu’aucun import ne vous réinscrive.
gazette-unsubscribe-all = Me désinscrire de tout
gazette-unsubscribe-title = Se désinscrire de la gazette
gazette-unsubscribe-text = L’adresse { $email } ne recevra plus rien de notre part, et sera effacée.

## Survey, co-speaker, accepted talks
survey-title = Questionnaire
survey-saved = Merci : vos réponses sont enregistrées. Vous pouvez les modifier ci-dessous.
survey-errors = Le questionnaire contient des erreurs
survey-fix = Corrigez les réponses signalées ci-dessous.
survey-save = Enregistrer mes réponses
cospeaker-title = Co-intervention
cospeaker-named = { $proposer } vous cite comme co-intervenant ou co-intervenante ({ $format }, { $minutes } minutes).
cospeaker-participation = Votre participation :
cospeaker-confirmed = confirmée
cospeaker-not-confirmed = non confirmée
cospeaker-confirm = Je confirme ma participation
cospeaker-decline = Je ne participe pas
accepted-title = Interventions retenues
accepted-lead-html = <a href="{ $url }">{ $title }</a> — le programme détaillé suivra.
accepted-talk = { $format }, { $minutes } minutes
accepted-none = Aucune intervention n’est encore annoncée.

## A proposal through its proposer's link (proposal.html)
proposal-page-title = Ma proposition : { $title }
cospeaker-page-title = Co-intervention : { $title }
accepted-page-title = Interventions retenues : { $title }
proposal-title = Ma proposition
proposal-state = État :
proposal-all = Toutes mes propositions
proposal-answer = Confirmer votre venue
proposal-answer-confirm = Je confirme mon intervention
proposal-answer-decline = Je ne pourrai pas intervenir
proposal-speakers = Intervenants
proposal-speaker-confirmed = participation confirmée
proposal-speaker-waiting = en attente de confirmation
proposal-photos = Photos des intervenants
proposal-photos-text = Facultatives. Une fois l’intervention retenue et le programme publié, chaque intervenant qui a accepté que son nom soit publié a sa page, avec sa biographie et, si vous l’envoyez, sa photo (PNG, JPEG ou WebP, 900 Kio au plus).
proposal-photo-current = Photo actuelle de { $name }
proposal-photo-of = Photo de { $name }
proposal-photo-hint = PNG, JPEG ou WebP, 900 Kio au plus.
proposal-photo-send = Envoyer la photo de { $name }
proposal-photo-remove = Retirer la photo de { $name }
proposal-edit = Modifier
proposal-edit-until = Vous pouvez modifier votre proposition jusqu’au { $when }.
proposal-withdraw-heading = Retirer
proposal-withdraw-text = Retirer la proposition la sort de l’examen ; vous ne pourrez pas l’annuler.
proposal-withdraw = Retirer ma proposition
proposal-content = Contenu
proposal-done-modifiee = Vos modifications sont enregistrées.
proposal-done-retiree = Votre proposition est retirée.
proposal-done-confirmee = Merci : votre venue est confirmée.
proposal-done-declinee = C’est noté : vous n’interviendrez pas. Merci de nous avoir prévenus.
proposal-done-photo = La photo est enregistrée.
proposal-done-photo-retiree = La photo est retirée.
proposal-error-photo-taille = La photo dépasse 900 Kio : réduisez-la avant de l’envoyer.
proposal-error-photo-vide = Choisissez un fichier image.
proposal-error-photo-format = La photo doit être une image PNG, JPEG ou WebP lisible, de 8 000 pixels de côté au plus.
cospeaker-done-confirmee = Merci : votre participation est confirmée.
cospeaker-done-declinee = C’est noté : vous ne participez pas à cette intervention.
proposal-state-submitted = Envoyée, en cours d’examen
proposal-state-withdrawn = Retirée
proposal-state-accepted = Acceptée : merci de confirmer votre venue
proposal-state-declined = Non retenue
proposal-state-waitlisted = En liste d’attente
proposal-state-confirmed = Acceptée et confirmée
proposal-state-cancelled = Acceptée, puis annulée par l’intervenant

# I1: ProConnect on the registration and proposal forms.
proconnect-fill-with = Remplir avec
proconnect-what = Qu’est-ce que ProConnect ?
new-window = nouvelle fenêtre
prefill-call-title = Intervenant rempli avec ProConnect
prefill-call-text = Votre nom et votre adresse { $email } viennent de ProConnect.
prefill-siret-proposal = Le SIRET de votre organisation ({ $siret }) sera joint à votre proposition.
prefill-call-check = Vérifiez-les et indiquez le nom de votre administration ou organisation.
proconnect-call-invite = Agents publics : remplissez votre nom et votre adresse vérifiée avec ProConnect.
prefill-register-title = Formulaire rempli avec ProConnect
prefill-register-text = Votre adresse { $email } est vérifiée par ProConnect : vous n’aurez pas de courriel de confirmation à ouvrir.
prefill-siret-registration = Le SIRET de votre organisation ({ $siret }) sera joint à votre inscription.
prefill-register-check = Vérifiez les champs et indiquez le nom de votre organisation.
proconnect-register-title = Agents publics : gagnez du temps
proconnect-register-text = Remplissez votre nom, votre adresse vérifiée et votre statut avec ProConnect, puis complétez le formulaire.
sent-verified = ProConnect a vérifié votre adresse : votre demande est enregistrée, sans lien de confirmation à ouvrir. Le courriel donne sa réponse et le lien personnel de votre inscription, qui permet de la modifier ou de l’annuler.

## Refusals of the rules that participants and speakers meet, in the reader's language
## (web::views::refusal_message); the French is the domain's own sentence.
refusal-not-allowed = Cette inscription n'accepte pas cette action dans son état actuel.
refusal-offer-expired = Le délai pour accepter cette place est dépassé.
refusal-invitation-for-another-address = Ce lien d'invitation est réservé à une autre adresse électronique.
refusal-invitation-invalid = Ce lien d'invitation n'est pas valide ou a été retiré.
call-refusal-no-call = Cet événement n’a pas d’appel à interventions.
call-refusal-not-yet-open = L’appel à interventions n’est pas encore ouvert : il ouvre le { $date }.
call-refusal-closed = L’appel à interventions est clos depuis le { $date } : les propositions ne peuvent plus être envoyées ni modifiées.
call-refusal-withdrawn = Cette proposition a été retirée.
call-refusal-duration-out-of-range = La durée doit être comprise entre { $min } et { $max } minutes pour le format « { $format } ».
call-refusal-unknown-format = Choisissez un des formats proposés.
call-refusal-nothing-to-confirm = Aucune décision annoncée ne vous demande de confirmer.
call-refusal-missing-duration = Indiquez la durée souhaitée, en minutes.
call-refusal-duration-not-a-number = La durée s'écrit en minutes, avec des chiffres (exemple : 15).
call-refusal-duplicate-speaker = Cette adresse est déjà celle d'un autre intervenant de la proposition.
