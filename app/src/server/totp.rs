//! One-time codes (RFC 6238, through `totp-rs`) and the enrolment QR code (through `qrcode`, drawn
//! as SVG on the server: no image leaves for another service, and the page's CSP stays as it is).
use super::errors::internal;
use crate::{domain::mfa, error::AppError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// A new secret: 160 random bits (RFC 4226's recommended length), as base32 for the apps.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes.to_vec()).to_base32()
}

fn totp(secret_base32: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| internal("stored second-factor secret", e))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(mfa::DIGITS as u8)
        .with_skew(0)
        .with_step_duration(mfa::STEP_SECONDS)
        .with_secret(secret)
        .build()
        .map_err(|e| internal("stored second-factor secret", e))
}

/// The code of `step` for `secret_base32`.
pub fn code_at(secret_base32: &str, step: u64) -> Result<String, AppError> {
    Ok(totp(secret_base32)?
        .generate(step * mfa::STEP_SECONDS)
        .to_string())
}

/// Which of `steps` the typed `code` belongs to, if any. Every step is compared in full, so the
/// time taken does not tell which digits were right.
pub fn matching_step(
    secret_base32: &str,
    code: &str,
    steps: &[u64],
) -> Result<Option<u64>, AppError> {
    let totp = totp(secret_base32)?;
    let mut found = None;
    for step in steps {
        let expected = totp.generate(step * mfa::STEP_SECONDS).to_string();
        let same = expected.len() == code.len()
            && expected
                .bytes()
                .zip(code.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same && found.is_none() {
            found = Some(*step);
        }
    }
    Ok(found)
}

/// The enrolment QR code of an `otpauth://` address, as an inline SVG element.
pub fn qr_svg(uri: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| internal("QR code", e))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // The renderer writes a standalone document; inside a page only the element belongs.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6238_sha1_vectors_come_out() {
        // RFC 6238 appendix B, SHA1, the last six digits: key "12345678901234567890".
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        for (time, code) in [
            (59u64, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(&secret, mfa::step_of(time)).expect("code"), code);
        }
    }

    #[test]
    fn a_code_is_found_in_its_own_step_only() {
        let secret = new_secret();
        let code = code_at(&secret, 1000).expect("code");
        assert_eq!(
            matching_step(&secret, &code, &[1001, 1000, 999]).expect("check"),
            Some(1000)
        );
        assert_eq!(matching_step(&secret, &code, &[1001]).expect("check"), None);
        assert_eq!(
            matching_step(&secret, "000000x", &[1000]).expect("check"),
            None
        );
    }

    #[test]
    fn the_qr_code_is_an_inline_svg_element() {
        let svg = qr_svg(&mfa::otpauth_uri("a@example.org", &new_secret())).expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            !svg.contains("style="),
            "no inline style under the page's CSP"
        );
    }
}
