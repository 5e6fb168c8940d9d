//! Illegal social organizations (非法社会组织): where a lead came from, the
//! states of an entry of the register, the outcomes that end it and what each
//! needs, and which entries the public warning list (警示曝光台) shows.
//!
//! Sources: 《取缔非法社会组织办法》 (revised 2025) and 社团条例 §35 / 民非条例
//! §27: acting as a social organization without registration, or going on
//! after revocation, is banned (取缔) by the registration authority — an
//! administrative penalty, so a ban is the decision of a penalty case
//! (行政处罚法: notice, statement, hearing, decision). Other endings seen in
//! practice: dispersal after a talk (劝散), referral to the competent
//! department (public security, market regulation, finance), registration
//! after all, or the lead found unfounded. The national platform's 警示曝光台
//! (domain reference §11.1) lists banned and suspected bodies without
//! personal data.

/// Where a lead came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A complaint or tip-off (linked to it).
    Complaint,
    /// An inspection (a site visit, a random check).
    Inspection,
    /// A referral from another department.
    Referral,
    /// An officer's own discovery.
    Officer,
    /// A news report or social media.
    Media,
}

impl Source {
    pub const ALL: [Source; 5] =
        [Source::Complaint, Source::Inspection, Source::Referral, Source::Officer, Source::Media];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Complaint => "complaint",
            Source::Inspection => "inspection",
            Source::Referral => "referral",
            Source::Officer => "officer",
            Source::Media => "media",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The sources an officer may choose on the form (a complaint's entry is
    /// opened from the complaint's page, so it is linked).
    pub fn typed() -> [Source; 4] {
        [Source::Inspection, Source::Referral, Source::Officer, Source::Media]
    }

    /// Whether the source needs its particulars (the department, the medium).
    pub fn needs_ref(self) -> bool {
        matches!(self, Source::Referral | Source::Media)
    }
}

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Registered, nothing done yet.
    Suspected,
    /// An officer has recorded findings.
    Investigating,
    /// 取缔: banned by a decided penalty case.
    Banned,
    /// 劝散: dispersed after a talk, without a penalty.
    Dispersed,
    /// Handed to the competent department.
    Referred,
    /// Found to be (or to have become) a registered organization.
    Registered,
    /// Not an illegal organization after all.
    Unfounded,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Suspected,
        State::Investigating,
        State::Banned,
        State::Dispersed,
        State::Referred,
        State::Registered,
        State::Unfounded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Suspected => "suspected",
            State::Investigating => "investigating",
            State::Banned => "banned",
            State::Dispersed => "dispersed",
            State::Referred => "referred",
            State::Registered => "registered",
            State::Unfounded => "unfounded",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Still being handled (no outcome yet).
    pub fn open(self) -> bool {
        matches!(self, State::Suspected | State::Investigating)
    }

    /// The outcomes, in the order the form offers them.
    pub fn outcomes() -> [State; 5] {
        [State::Banned, State::Dispersed, State::Referred, State::Registered, State::Unfounded]
    }
}

/// What an officer does with an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Record a dated finding in the investigation log.
    Note,
    /// Close it with an outcome (one of [`State::outcomes`]).
    Outcome(State),
    /// Put it on the public warning list (exposure, 曝光).
    Publish,
}

/// What the rules need to know of an entry besides its state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// A penalty case opened for this entry has a decision, not annulled, that bans it.
    pub ban_decided: bool,
    /// It is on the warning list already.
    pub published: bool,
}

/// The state after `action`, or the message key of why not.
///
/// Notes are kept after the outcome (a follow-up visit); the first note of a
/// suspected entry starts the investigation. An outcome ends an open entry
/// only; a ban needs the decided penalty case (取缔 is a penalty decision).
/// An entry goes on the warning list once, and not when the lead was
/// unfounded or the body is registered.
pub fn next(state: State, action: Action, facts: Facts) -> Result<State, &'static str> {
    match action {
        Action::Note if state == State::Suspected => Ok(State::Investigating),
        Action::Note => Ok(state),
        Action::Outcome(_) if !state.open() => Err("ill_err_closed"),
        Action::Outcome(State::Banned) if !facts.ban_decided => Err("ill_err_ban_needs_case"),
        Action::Outcome(to) if State::outcomes().contains(&to) => Ok(to),
        Action::Outcome(_) => Err("ill_err_outcome"),
        Action::Publish if facts.published => Err("ill_err_published"),
        Action::Publish if matches!(state, State::Unfounded | State::Registered) => Err("ill_err_publish_not_illegal"),
        Action::Publish => Ok(state),
    }
}

/// Whether the public warning list shows an entry: a banned one always (the
/// ban is a published decision), an exposed one while the lead stands (an
/// unfounded or registered one never, even if it was exposed before).
pub fn on_warning_list(state: State, published: bool) -> bool {
    match state {
        State::Banned => true,
        State::Unfounded | State::Registered => false,
        _ => published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Facts = Facts { ban_decided: false, published: false };

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for s in Source::ALL {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        assert_eq!(State::parse("closed"), None);
        assert_eq!(Source::parse("rumour"), None);
        assert!(!Source::typed().contains(&Source::Complaint));
        assert!(Source::Referral.needs_ref() && !Source::Officer.needs_ref());
    }

    #[test]
    fn the_first_note_starts_the_investigation_and_notes_go_on_after_the_outcome() {
        assert_eq!(next(State::Suspected, Action::Note, NONE), Ok(State::Investigating));
        assert_eq!(next(State::Investigating, Action::Note, NONE), Ok(State::Investigating));
        assert_eq!(next(State::Dispersed, Action::Note, NONE), Ok(State::Dispersed));
    }

    #[test]
    fn outcomes_end_open_entries_only() {
        for from in [State::Suspected, State::Investigating] {
            for to in [State::Dispersed, State::Referred, State::Registered, State::Unfounded] {
                assert_eq!(next(from, Action::Outcome(to), NONE), Ok(to));
            }
        }
        for from in State::outcomes() {
            assert_eq!(next(from, Action::Outcome(State::Dispersed), NONE), Err("ill_err_closed"));
        }
        assert_eq!(next(State::Suspected, Action::Outcome(State::Investigating), NONE), Err("ill_err_outcome"));
        assert_eq!(next(State::Suspected, Action::Outcome(State::Suspected), NONE), Err("ill_err_outcome"));
    }

    #[test]
    fn a_ban_needs_a_decided_penalty_case() {
        assert_eq!(next(State::Investigating, Action::Outcome(State::Banned), NONE), Err("ill_err_ban_needs_case"));
        let decided = Facts { ban_decided: true, ..NONE };
        assert_eq!(next(State::Investigating, Action::Outcome(State::Banned), decided), Ok(State::Banned));
        assert_eq!(next(State::Suspected, Action::Outcome(State::Banned), decided), Ok(State::Banned));
        assert_eq!(next(State::Referred, Action::Outcome(State::Banned), decided), Err("ill_err_closed"));
    }

    #[test]
    fn an_entry_is_published_once_and_only_while_the_lead_stands() {
        assert_eq!(next(State::Investigating, Action::Publish, NONE), Ok(State::Investigating));
        assert_eq!(next(State::Dispersed, Action::Publish, NONE), Ok(State::Dispersed));
        let published = Facts { published: true, ..NONE };
        assert_eq!(next(State::Investigating, Action::Publish, published), Err("ill_err_published"));
        assert_eq!(next(State::Unfounded, Action::Publish, NONE), Err("ill_err_publish_not_illegal"));
        assert_eq!(next(State::Registered, Action::Publish, NONE), Err("ill_err_publish_not_illegal"));
    }

    #[test]
    fn the_warning_list_shows_banned_and_exposed_entries() {
        assert!(on_warning_list(State::Banned, false));
        assert!(on_warning_list(State::Investigating, true));
        assert!(on_warning_list(State::Dispersed, true));
        assert!(!on_warning_list(State::Investigating, false));
        assert!(!on_warning_list(State::Unfounded, true));
        assert!(!on_warning_list(State::Registered, true));
    }
}
