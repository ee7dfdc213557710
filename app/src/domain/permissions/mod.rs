//! Who may do what: the one policy every server function and page consults before acting —
//! the actors, the actions with the facts of their records, the policy itself, and the pages.
mod actions;
mod actors;
mod operator;
mod pages;
mod policy;
#[cfg(test)]
mod tests;

pub use actions::*;
pub use actors::*;
pub use operator::*;
pub use pages::*;
pub use policy::*;
