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

## Registration form (register.html), confirmation (sent.html), lost link (link.html)
register-breadcrumb = Registration
register-title = Register
register-title-selection = Pre-register
register-closed = Registration not possible
register-external = Register on the organiser’s site
register-selection = Places are allocated by the organisers once pre-registration has closed.
register-selection-closes = Places are allocated by the organisers once pre-registration has closed (on { $when }).
register-answer = You will receive their answer by email.
register-answer-by = You will receive their answer by email, by { $when } at the latest.
register-first-come-intro = Attendance is free, subject to the places available. Places go to the first people who confirm their address; the next ones are put on the waiting list.
register-invited-email-hint = The address your invitation was sent to.
register-email-hint = An email will be sent to confirm it. Expected format: firstname.lastname@example.org
register-data-use = Your data is used only to organise this event{ $days ->
    [0] {""}
   *[other] {" "}and is erased { $days } days after it ends
}. You can ask for it to be exported or erased at any time.
register-submit = Register
register-submit-selection = Send my pre-registration
register-lost-link = Already registered, and lost the link to your registration?
register-lost-link-action = Get my personal link again

sent-title = Check your inbox
sent-lead-html = We have just sent an email to the address you gave for <a href="{ $url }">{ $title }</a>.
sent-open-link = Open the link it contains to confirm your address: your request only counts from then on. If this address was already registered, the email contains the personal link to its registration, which stays the same.
sent-not-arrived-html = If the message does not arrive within a few minutes, look in your spam folder or <a href="{ $url }">ask for your link again</a>.

confirm-back = Back to my registration

erased-title = Your data has been erased
erased-text-html = Your registration for <a href="{ $url }">{ $title }</a> and the data attached to it have been deleted. The link you used no longer works.
erased-place = If you held a place, it has been offered to the next person.

link-breadcrumb = Lost link
link-title = Get my link again
link-sent-title = Request received
link-sent-text = If a registration matches this address, we have just emailed it its personal link. It is the same as in our previous messages.

## The private page of a registration (registration.html)
registration-title = My registration
registration-confirm-address = Confirm your address for your request to count.
registration-confirm-address-button = Confirm my address
registration-waitlisted-html = You are in position <strong>{ $position }</strong> on the waiting list. If a place becomes free, it will be offered to you by email.
registration-offered-html = A place is held for you until <strong>{ $until }</strong>.
registration-accept = Accept the place
registration-decline = Decline the place
registration-confirmed = Your place is booked. If you can no longer come, please cancel: it will go to the next person.
registration-meeting = Link to the online meeting:
registration-door-code-html = On the day, show this QR code at the entrance, or give your code: <strong>{ $code }</strong>
registration-door-qr = Check-in QR code { $code }
registration-preregistered = Your pre-registration has been recorded. The organisers will answer you by email.
registration-board = Garagethon board
registration-board-text = Present your goals, ask for or offer help, sign up for lightning talks.
registration-board-open = Open my board
registration-details = Your details
registration-name = Name
registration-organisation = Organisation
registration-edit = Change my details
registration-survey = Answer the organisers’ questionnaire
registration-cancel-heading = Cancel
registration-cancel = Cancel my registration
registration-data = Your data
registration-data-text = You can download everything we keep about you, or erase it: erasing also cancels your registration.
registration-data-download = Download my data
registration-data-erase = Erase my data
registration-personal-link = This link is personal: do not share it.{ $days ->
    [0] {""}
   *[other] {" "}Your data is erased { $days } days after the event.
}

register-page-title = Register: { $title }
register-no-registration = This event does not take registrations on this site.
register-invitation-invalid = This invitation link is not valid or has been withdrawn. Write to the organisers if you think this is a mistake.
registration-page-title = My registration: { $title }
survey-page-title = Questionnaire: { $title }
registration-done-confirmee = Your address is confirmed.
registration-done-acceptee = You have accepted the place: it is yours.
registration-done-refusee = You have declined the place. Thank you for answering.
registration-done-annulee = Your registration is cancelled.
registration-done-modifiee = Your details have been saved.
confirm-cancel-heading = Cancel your registration?
confirm-cancel-question = Your registration will be cancelled and, if you held a place, it will go to the next person on the waiting list. You will not be able to undo this.
confirm-cancel-button = Yes, cancel my registration
confirm-erase-heading = Erase your data?
confirm-erase-question = Your registration and all the data attached to it will be deleted for good, and this link will no longer work. If you held a place, it will go to the next person.
confirm-erase-button = Yes, erase my data

participant-status-public_agent = Public servant
participant-status-contractor = Public sector contractor
participant-status-other = Other
registration-state-pending_email = Address to be confirmed
registration-state-preregistered = Pre-registration recorded
registration-state-confirmed = Registration confirmed
registration-state-waitlisted = On the waiting list
registration-state-offered = Place offered
registration-state-declined = Declined
registration-state-cancelled = Cancelled
registration-state-expired = Expired
registration-state-attended = Attended
registration-state-no_show = Absent
