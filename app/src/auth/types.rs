use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Officer,
    Inspector,
    OrgUser,
    /// An assessment expert (评估专家): scores the rating applications assigned to them.
    Expert,
    /// A user of a supervisory unit (业务主管单位): sees its organizations and
    /// reviews their annual reports first (初审).
    Unit,
}

impl Role {
    pub const ALL: [Role; 6] = [Role::Admin, Role::Officer, Role::Inspector, Role::OrgUser, Role::Expert, Role::Unit];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Inspector => "inspector",
            Role::OrgUser => "org_user",
            Role::Expert => "expert",
            Role::Unit => "unit",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Role::Admin => "role_admin",
            Role::Officer => "role_officer",
            Role::Inspector => "role_inspector",
            Role::OrgUser => "role_org_user",
            Role::Expert => "rate_role_expert",
            Role::Unit => "role_unit",
        }
    }

    /// Registry officers and administrators do the bureau's work.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }
}

/// The signed-in user, as pages and server functions see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub org_id: Option<i64>,
}

/// Roles allowed to do registry work.
pub const STAFF: &[Role] = &[Role::Admin, Role::Officer];

/// Failed sign-ins of one account from one client address. An account is
/// locked for that address only, so failures from one address (an attacker
/// guessing) never lock its owner out elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    pub count: i32,
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    /// When the last failure was counted.
    pub last_at: chrono::DateTime<chrono::Utc>,
}

impl Failures {
    /// Whole minutes (rounded up) the account stays locked for this address at `now`.
    pub fn locked_minutes(&self, now: chrono::DateTime<chrono::Utc>) -> Option<i64> {
        self.locked_until.filter(|u| *u > now).map(|u| ((u - now).num_seconds() + 59) / 60)
    }

    /// The record after one more failure at `now`: the `attempts`-th failure
    /// locks for `minutes` and starts counting again. Failures older than
    /// `minutes` (without a lock) are forgotten.
    pub fn after_failure(
        prev: Option<Failures>,
        now: chrono::DateTime<chrono::Utc>,
        attempts: i32,
        minutes: i64,
    ) -> Failures {
        let window = chrono::Duration::minutes(minutes);
        let count = match prev {
            Some(p) if p.locked_until.is_none_or(|u| u <= now) && now - p.last_at <= window => p.count,
            _ => 0,
        } + 1;
        if count >= attempts.max(1) {
            Failures { count: 0, locked_until: Some(now + window), last_at: now }
        } else {
            Failures { count, locked_until: None, last_at: now }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let mut f = None;
        for i in 1..=4 {
            let next = Failures::after_failure(f, t0 + Duration::seconds(i), 5, 15);
            assert_eq!((next.count, next.locked_until), (i as i32, None));
            f = Some(next);
        }
        let locked = Failures::after_failure(f, t0 + Duration::seconds(5), 5, 15);
        assert_eq!(locked.locked_until, Some(t0 + Duration::seconds(5) + Duration::minutes(15)));
        assert_eq!(locked.locked_minutes(t0 + Duration::seconds(5)), Some(15));
        assert_eq!(locked.locked_minutes(t0 + Duration::minutes(10)), Some(6));
        assert_eq!(locked.locked_minutes(t0 + Duration::minutes(16)), None);
        // After the lock, counting starts again.
        let after = Failures::after_failure(Some(locked), t0 + Duration::minutes(16), 5, 15);
        assert_eq!((after.count, after.locked_until), (1, None));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let f = Failures { count: 4, locked_until: None, last_at: t0 };
        assert_eq!(Failures::after_failure(Some(f), t0 + Duration::minutes(16), 5, 15).count, 1);
        assert!(Failures::after_failure(Some(f), t0 + Duration::minutes(14), 5, 15).locked_until.is_some());
    }
}
