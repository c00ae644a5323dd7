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
