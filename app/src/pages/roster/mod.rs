//! The roster screens: the list, one expert's record, and the nominate / edit form.
pub mod account;
pub mod erasure;
pub mod expert;
pub mod form;
pub mod list;
