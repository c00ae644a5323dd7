# H2: what the forms of participants and speakers share: field labels, the words around
# errors, and the messages beside the fields (src/web/form.rs, src/web/participant/).
# The same ids in locales/fr/forms.ftl.

form-fix-fields = Please correct the fields marked below.
form-all-required = All fields are required unless marked otherwise.
form-choose-option = Choose an option
form-save = Save
field-name = Full name
field-email = Email address
field-organisation = Administration or organisation (optional)
field-status = Status
form-unreadable = The form sent could not be read (encoding or unexpected fields). Reload the page and try again.
form-required = { $label } is required.
form-too-long = { $label } cannot be longer than { $max } characters.
form-invalid-characters = { $label } contains invalid characters.
form-email-required = The email address is required.
form-email-invalid = The email address is not valid (example: firstname.lastname@example.org).
form-status-required = Please give your status.
form-consent-required = Your consent is needed to register.
label-name = The name
label-organisation = The organisation
question-condition = Only if you answered “{ $answer }” to “{ $question }”.
form-has-errors = The form contains errors
optional-label = { $label } (optional)
label-title = The title
label-summary = The summary
label-administration = The administration
label-subject = The subject
label-audience = The intended audience
label-notes = The notes
label-answer = The answer
label-bio = The biography
answer-required = Please answer the question “{ $question }”.
answer-one = Only one answer is expected.
answer-too-long = The answer cannot be longer than { $max } characters.
answer-invalid-characters = The answer contains invalid characters.
answer-yes-no = Please answer yes or no.
answer-one-choice = Choose one of the answers offered.
answer-choices = Choose among the answers offered.
