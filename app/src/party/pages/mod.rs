//! Pages of party building: the record's panel (the organization's page for
//! officers, `/portal/party` for the organization), a step's check
//! (`SyncPanel`, on each step's page), the officers' list, the record in
//! short on the rating experts' sheet (`PartyBrief`).

mod brief;
mod figures;
mod list;
mod record;
mod sync;

pub use brief::PartyBrief;
pub use figures::PartyFiguresSection;
pub use list::PartyListPage;
pub use record::{PartyPanel, PortalPartyPage};
pub use sync::{SyncCard, SyncPanel};

use crate::i18n::{k, lookup, t, use_lang};

/// A stored kind's name; "not recorded" for none.
pub fn kind_label(kind: Option<&str>) -> String {
    match kind {
        Some(kind) => lookup(use_lang(), &format!("party_kind_{kind}")),
        None => t(k::PARTY_UNRECORDED).to_string(),
    }
}

/// A step's name (登记, 章程核准 …).
pub fn step_label(step: &str) -> String {
    lookup(use_lang(), &format!("party_step_{step}"))
}
