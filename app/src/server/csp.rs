//! The Content-Security-Policy of HTML pages: scripts only from this site or with this response's nonce.
use http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
use leptos::{nonce, prelude::use_context};
use leptos_axum::ResponseOptions;

/// Creates the nonce the hydration script carries and sends the policy that admits exactly it.
pub fn provide_nonce_and_policy() {
    nonce::provide_nonce();
    let (Some(nonce), Some(opts)) = (nonce::use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        opts.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
