# H2: the pages of participants and speakers (templates/participant/), and the sentences
# their mails build in Rust. The same ids in locales/fr/participant.ftl.

mail-decision-by = by { $when }

# The wrapper of an organisers' message to a group (src/mail/event_message.rs): the event,
# then the reader's link. Markdown; the {{ … }} are filled by the mail template.
mail-message-footer-md = This message is sent to you by the team of “{"{{"} event.title {"}}"}” ({"{{"} event.dates_text {"}}"}): {"{{"} event.url {"}}"}

    {"{{"} link_label {"}}"}: {"{{"} link {"}}"}
mail-message-link-registration = Your registration (to view, change or cancel it)
mail-message-link-proposals = Your talk proposals
mail-message-link-event = The event's page
