# H2: what the forms of participants and speakers share: field labels, the words around
# errors, and the messages beside the fields (src/web/form.rs, src/web/participant/).
# The same ids in locales/en/forms.ftl.

form-fix-fields = Corrigez les champs signalés ci-dessous.
form-all-required = Tous les champs sont obligatoires sauf mention contraire.
form-choose-option = Choisir une option
form-save = Enregistrer
field-name = Nom et prénom
field-email = Adresse électronique
field-organisation = Administration ou organisation (facultatif)
field-status = Statut
form-unreadable = Le formulaire envoyé est illisible (encodage ou champs inattendus). Rechargez la page et réessayez.
form-required = { $label } est obligatoire.
form-too-long = { $label } ne peut pas dépasser { $max } caractères.
form-invalid-characters = { $label } contient des caractères invalides.
form-email-required = L'adresse électronique est obligatoire.
form-email-invalid = L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).
form-status-required = Indiquez votre statut.
form-consent-required = Votre accord est nécessaire pour vous inscrire.
label-name = Le nom
label-organisation = L'organisation
question-condition = Seulement si vous avez répondu « { $answer } » à « { $question } ».
form-has-errors = Le formulaire contient des erreurs
optional-label = { $label } (facultatif)
label-title = Le titre
label-summary = Le résumé
label-administration = L'administration
label-subject = Le sujet
label-audience = Le public visé
label-notes = Les remarques
label-answer = La réponse
label-bio = La biographie
answer-required = Répondez à la question « { $question } ».
answer-one = Une seule réponse est attendue.
answer-too-long = La réponse ne peut pas dépasser { $max } caractères.
answer-invalid-characters = La réponse contient des caractères invalides.
answer-yes-no = Répondez par oui ou par non.
answer-one-choice = Choisissez une des réponses proposées.
answer-choices = Choisissez parmi les réponses proposées.
