//! C4 (issue 19): the optional photo of each speaker of a proposal, sent by its proposer
//! through the private link. The picture goes through the same checks as event images
//! (`organiser::event::check_image`: PNG, JPEG or WebP, bounded, decoded and encoded again
//! so that no metadata is kept), then is shown on the speaker's public page once the talk is
//! in a released programme.

use crate::store::{self, cfp as cfp_store};
use crate::web::App;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::limit::ClientIp;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// The largest photo taken: public forms carry at most 1 MiB, form fields included.
pub const MAX_PHOTO_BYTES: usize = 900 * 1024;

/// What the photo form sent.
#[derive(Default)]
struct PhotoUpload {
    speaker: Option<i64>,
    bytes: Option<Vec<u8>>,
    too_large: bool,
    remove: bool,
}

async fn read(mut form: Multipart) -> Result<PhotoUpload, WebError> {
    let mut up = PhotoUpload::default();
    while let Some(mut field) =
        form.next_field().await.map_err(|_| WebError::BadRequest("Formulaire d’envoi illisible.".into()))?
    {
        match field.name() {
            Some("speaker") => up.speaker = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
            Some("remove") => up.remove = true,
            Some("photo") => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| WebError::TooLarge)? {
                    if bytes.len() + chunk.len() > MAX_PHOTO_BYTES {
                        up.too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if !bytes.is_empty() && !up.too_large {
                    up.bytes = Some(bytes);
                }
            }
            _ => {}
        }
    }
    Ok(up)
}

/// `POST /propositions/{token}/{id}/photo`: keeps (or removes) a speaker's photo, then back to
/// the proposal page with what was done (`fait=photo`, `photo-retiree`) or why not
/// (`erreur=photo-…`).
pub async fn upload(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    _pre: PreSession,
    Path((token, id)): Path<(String, i64)>,
    form: Multipart,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let p = cfp_store::proposals::get_for_proposer(&app.db, &token, id).await?;
    let back = format!("/propositions/{token}/{id}");
    let up = read(form).await?;
    let speaker = up.speaker.filter(|s| p.speakers.iter().any(|sp| sp.id == *s)).ok_or(WebError::NotFound)?;
    if up.remove {
        cfp_store::speakers::set_photo(&app.db, &token, id, speaker, None).await?;
        app.refresh_content_version().await?;
        return Ok(Redirect::to(&format!("{back}?fait=photo-retiree#photos")).into_response());
    }
    let bytes = match (up.bytes, up.too_large) {
        (_, true) => return Ok(Redirect::to(&format!("{back}?erreur=photo-taille#photos")).into_response()),
        (None, _) => return Ok(Redirect::to(&format!("{back}?erreur=photo-vide#photos")).into_response()),
        (Some(b), _) => b,
    };
    let checked = tokio::task::spawn_blocking(move || crate::web::organiser::event::check_image(&bytes))
        .await
        .map_err(|_| WebError::BadRequest("Image illisible.".into()))?;
    let Ok((ext, kept)) = checked else {
        return Ok(Redirect::to(&format!("{back}?erreur=photo-format#photos")).into_response());
    };
    let event = store::event::find_by_id(&app.db, p.event_id).await?.ok_or(WebError::NotFound)?;
    let folder = format!("{}/intervenants/", event.draft.slug.as_str());
    let path = crate::web::organiser::event::store_upload(&app, &folder, &kept, ext).await?;
    cfp_store::speakers::set_photo(&app.db, &token, id, speaker, Some(&path)).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{back}?fait=photo#photos")).into_response())
}
