//! Wire types of the second step of signing in, enrolment and the account's factor: what its server functions and pages exchange,
//! compiled for the server and the browser alike.
use serde::{Deserialize, Serialize};

/// What the sign-in page says of the second step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInSettings {
    /// Staff accounts must use a second factor; `false` only when the operator switched it off.
    pub second_factor_required: bool,
}

/// What the enrolment page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// The secret as base32, to type into an app that cannot scan.
    pub secret: String,
    /// The QR code of the `otpauth://` address, an inline SVG element drawn on the server.
    pub qr_svg: String,
    pub account: String,
    /// The person is half-way through signing in (rather than signed in and enrolling by choice).
    pub signing_in: bool,
}

/// The account page's view of the person's second factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    pub enrolled: bool,
    pub recovery_codes_left: u64,
    pub required: bool,
}
