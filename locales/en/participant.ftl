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

## The call for talks (call.html, proposal_form.html, proposal_sent.html, proposals.html)
call-title = Call for talks
call-closes-html = Proposals accepted until <strong>{ $when }</strong> (Paris time)
call-decisions-by = The team answers by { $when } at the latest
call-programme-by = Programme published on { $when }
call-formats = Formats
call-format = { $name }: { $range }
call-closed-title = Proposals not possible
call-propose = Propose a talk
call-no-account = No account is needed.
proposal-yours = Your talk
proposal-field-title = Title
proposal-field-summary = Summary
proposal-field-summary-hint = What the audience will take away, in a few sentences. Markdown accepted.
proposal-field-administration = Your administration
proposal-field-administration-hint = Ministry, local authority, public agency…
proposal-field-subject = Subject
proposal-field-subject-hint = The software, project or practice you will talk about.
proposal-field-audience = Intended audience
proposal-field-audience-hint = For example: developers, decision makers, everyone.
proposal-field-format = Format
proposal-field-minutes = Desired length, in minutes
proposal-field-minutes-hint = Within the range of the chosen format.
proposal-field-notes = Notes for the team (optional)
proposal-field-notes-hint = Date constraints, equipment, accessibility…
proposal-you = You
proposal-cospeaker = Co-speaker { $n } (optional)
proposal-cospeaker-mail = Each co-speaker gets an email to confirm their participation.
proposal-email-hint = Expected format: firstname.lastname@example.org — the receipt and your personal link are sent there.
proposal-field-organisation = Organisation (optional)
proposal-field-bio = Short biography (optional)
proposal-consent = I agree that my name is published with the talk if it is accepted
proposal-data-use = This information is used only to prepare the programme. Only the names of the speakers who agreed are published.
proposal-save = Save the changes
proposal-send = Send my proposal
proposal-sent-title = Proposal sent
proposal-sent-lead-html = Thank you! Your proposal for <a href="{ $url }">{ $title }</a> has been recorded.
proposal-sent-text = A receipt is on its way to your address, with a personal link to read, change or withdraw your proposal until the call closes. If the message does not arrive within a few minutes, look in your spam folder.
proposals-title = My proposals
proposals-from = Proposals sent from the address { $email }.
proposals-caption = My talk proposals
proposals-talk = Talk
proposals-event = Event
proposals-state = State
proposals-none = No proposals.
call-page-title = Call for talks: { $title }
call-minutes = { $min } minutes
call-minutes-range = { $min } to { $max } minutes

## Gazette subscribers' pages (gazette_confirmed, gazette_preferences, gazette_unsubscribe)
gazette-confirmed-title = Subscription confirmed
gazette-confirmed-text = The address { $email } will receive the next issues of the gazette.
gazette-confirmed-manage-html = Each issue contains a link to manage your subscription or unsubscribe in one click. You can also <a href="{ $url }">manage your subscription now</a>.
gazette-read-issues = Read past issues
gazette-preferences-title = My gazette subscription
gazette-preferences-saved = Your choices have been saved.
gazette-preferences-pending = This address is not confirmed yet: open the link in the confirmation email.
gazette-preferences-suspended = Sending to this address is suspended, because your mailbox refused our messages. Subscribe again from the gazette page to resume.
gazette-preferences-email-hint = A new address will need to be confirmed from its own mailbox.
gazette-preferences-lists = What I receive
gazette-list-gazette = The gazette
gazette-list-announcements = Announcements of new events
gazette-unsubscribe-heading = Unsubscribe
gazette-unsubscribe-erased = Your address will be erased; only an encrypted fingerprint of it is kept, so that no import subscribes you again.
gazette-unsubscribe-all = Unsubscribe from everything
gazette-unsubscribe-title = Unsubscribe from the gazette
gazette-unsubscribe-text = The address { $email } will receive nothing more from us, and will be erased.

## Survey, co-speaker, accepted talks
survey-title = Questionnaire
survey-saved = Thank you: your answers have been saved. You can change them below.
survey-errors = The questionnaire contains errors
survey-fix = Please correct the answers marked below.
survey-save = Save my answers
cospeaker-title = Co-speaking
cospeaker-named = { $proposer } names you as a co-speaker ({ $format }, { $minutes } minutes).
cospeaker-participation = Your participation:
cospeaker-confirmed = confirmed
cospeaker-not-confirmed = not confirmed
cospeaker-confirm = I confirm my participation
cospeaker-decline = I will not take part
accepted-title = Accepted talks
accepted-lead-html = <a href="{ $url }">{ $title }</a> — the detailed programme will follow.
accepted-talk = { $format }, { $minutes } minutes
accepted-none = No talk has been announced yet.

## A proposal through its proposer's link (proposal.html)
proposal-page-title = My proposal: { $title }
cospeaker-page-title = Co-speaking: { $title }
accepted-page-title = Accepted talks: { $title }
proposal-title = My proposal
proposal-state = State:
proposal-all = All my proposals
proposal-answer = Confirm that you will come
proposal-answer-confirm = I confirm my talk
proposal-answer-decline = I will not be able to speak
proposal-speakers = Speakers
proposal-speaker-confirmed = participation confirmed
proposal-speaker-waiting = waiting for confirmation
proposal-photos = Speakers’ photos
proposal-photos-text = Optional. Once the talk is accepted and the programme published, each speaker who agreed to have their name published has a page, with their biography and, if you send it, their photo (PNG, JPEG or WebP, 900 KiB at most).
proposal-photo-current = Current photo of { $name }
proposal-photo-of = Photo of { $name }
proposal-photo-hint = PNG, JPEG or WebP, 900 KiB at most.
proposal-photo-send = Send the photo of { $name }
proposal-photo-remove = Remove the photo of { $name }
proposal-edit = Change
proposal-edit-until = You can change your proposal until { $when }.
proposal-withdraw-heading = Withdraw
proposal-withdraw-text = Withdrawing the proposal takes it out of the review; you will not be able to undo this.
proposal-withdraw = Withdraw my proposal
proposal-content = Content
proposal-done-modifiee = Your changes have been saved.
proposal-done-retiree = Your proposal has been withdrawn.
proposal-done-confirmee = Thank you: your talk is confirmed.
proposal-done-declinee = Noted: you will not speak. Thank you for letting us know.
proposal-done-photo = The photo has been saved.
proposal-done-photo-retiree = The photo has been removed.
proposal-error-photo-taille = The photo is larger than 900 KiB: please make it smaller before sending it.
proposal-error-photo-vide = Choose an image file.
proposal-error-photo-format = The photo must be a readable PNG, JPEG or WebP image, 8,000 pixels wide or high at most.
cospeaker-done-confirmee = Thank you: your participation is confirmed.
cospeaker-done-declinee = Noted: you are not taking part in this talk.
proposal-state-submitted = Sent, under review
proposal-state-withdrawn = Withdrawn
proposal-state-accepted = Accepted: please confirm that you will come
proposal-state-declined = Not accepted
proposal-state-waitlisted = On the waiting list
proposal-state-confirmed = Accepted and confirmed
proposal-state-cancelled = Accepted, then cancelled by the speaker

# I1: ProConnect on the registration and proposal forms.
proconnect-fill-with = Fill in with
proconnect-what = What is ProConnect?
new-window = new window
prefill-call-title = Speaker filled in with ProConnect
prefill-call-text = Your name and your address { $email } come from ProConnect.
prefill-siret-proposal = Your organisation’s SIRET ({ $siret }) will be attached to your proposal.
prefill-call-check = Check them and give the name of your administration or organisation.
proconnect-call-invite = Public servants: fill in your name and your verified address with ProConnect.
prefill-register-title = Form filled in with ProConnect
prefill-register-text = Your address { $email } is verified by ProConnect: you will have no confirmation email to open.
prefill-siret-registration = Your organisation’s SIRET ({ $siret }) will be attached to your registration.
prefill-register-check = Check the fields and give the name of your organisation.
proconnect-register-title = Public servants: save time
proconnect-register-text = Fill in your name, your verified address and your status with ProConnect, then complete the form.
sent-verified = ProConnect has verified your address: your request is recorded, with no confirmation link to open. The email gives the answer and the personal link of your registration, to change or cancel it.

## Refusals of the rules that participants and speakers meet, in the reader's language
## (web::views::refusal_message); the French is the domain's own sentence.
refusal-not-allowed = This registration does not allow this action in its current state.
refusal-offer-expired = The time to accept this place has passed.
refusal-invitation-for-another-address = This invitation link is for another email address.
refusal-invitation-invalid = This invitation link is not valid or has been withdrawn.
call-refusal-no-call = This event has no call for talks.
call-refusal-not-yet-open = The call for talks is not open yet: it opens on { $date }.
call-refusal-closed = The call for talks closed on { $date }: proposals can no longer be sent or changed.
call-refusal-withdrawn = This proposal has been withdrawn.
call-refusal-duration-out-of-range = The duration must be between { $min } and { $max } minutes for the format “{ $format }”.
call-refusal-unknown-format = Choose one of the formats offered.
call-refusal-nothing-to-confirm = No announced decision asks you to confirm.
call-refusal-missing-duration = Give the length you would like, in minutes.
call-refusal-duration-not-a-number = The duration is written in minutes, with digits (for example: 15).
call-refusal-duplicate-speaker = This address is already another speaker’s on this proposal.
