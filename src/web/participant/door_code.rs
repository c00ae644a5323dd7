//! B6: the check-in code of a registration drawn as a QR code (issue 19): an SVG on the
//! participant's private page, a PNG for the confirmation mail (mail programs show PNG,
//! rarely SVG). The QR holds the address of the organisers' check-in of that code, so a
//! phone's own camera app opens it; the desk page's scanner reads the code out of it.

use crate::web::App;
use crate::web::error::WebError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Pixels per QR module in the PNG, and the quiet zone around it in modules.
const PNG_SCALE: u32 = 6;
const QUIET: u32 = 4;

/// What the QR of `code` holds: the organisers' check-in address for it.
pub fn qr_text(base_url: &str, code: &str) -> String {
    format!("{}/organisation/pointage?code={code}", base_url.trim_end_matches('/'))
}

/// The QR of `text` as an SVG element (presentation attributes only: no inline style, so
/// the Content-Security-Policy lets it in a page).
pub fn svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Inside a page, the XML declaration before the element has no place.
    svg.find("<svg").map(|start| svg[start..].to_owned())
}

/// The QR of `text` as a PNG, black on white.
pub fn png(text: &str) -> Option<Vec<u8>> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width() as u32;
    let colors = code.to_colors();
    let side = (width + 2 * QUIET) * PNG_SCALE;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / PNG_SCALE, y / PNG_SCALE);
        let dark = mx >= QUIET
            && my >= QUIET
            && mx < QUIET + width
            && my < QUIET + width
            && colors[((my - QUIET) * width + (mx - QUIET)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// `GET /code-accueil/{code}.png`: the QR image of a check-in code, for the confirmation mail.
/// Anything that is not a code's shape answers 404; a well-shaped code is drawn without a
/// look-up (the image tells nothing the address does not).
pub async fn image(State(app): State<App>, Path(file): Path<String>) -> Result<Response, WebError> {
    let code = file.strip_suffix(".png").ok_or(WebError::NotFound)?;
    let (_, canonical) = crate::domain::door_code::parse(code).ok_or(WebError::NotFound)?;
    let bytes = png(&qr_text(app.config.base_url(), &canonical)).ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=86400")], bytes).into_response())
}
