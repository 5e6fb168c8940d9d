//! The audit chain's rules, pure: how a record is linked to the one before it,
//! the seal of the switch from SHA-256 links to keyed ones, the heads
//! published each day, and the walk that checks a whole chain against them.
//!
//! A record's chain value is an HMAC-SHA-256, under the audit key, of the
//! chain value before it and every field of the record ([`mac_link`]). Records
//! written before the key existed keep their plain SHA-256 links
//! ([`sha_link`]): anyone could recompute those, so the last of them is sealed
//! — `audit_head` keeps its number and chain value with their MAC
//! ([`seal_tag`]) — and every record after it must be keyed. Without the key
//! nobody can edit a keyed record, move the seal, or turn keyed records back
//! into SHA-256 ones and keep the chain whole. Someone who holds the key can
//! recompute the chain, but not the heads already published and e-mailed
//! ([`DayHead`]), which the walk compares.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The chain value before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of processes that were given none: the tests, the benchmarks and
/// tools calling the library directly. The server binary always installs the
/// configured key (`AUDIT_KEY` or the data folder's `audit_key`) first.
pub const DEV_KEY: &str = "dev-only-audit-key-never-used-by-the-server-binary";

/// The secret that keys the chain: `AUDIT_KEY`'s bytes, or those of the file
/// the server generated. Never shown (its `Debug` hides it).
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    pub fn new(secret: &str) -> AuditKey {
        AuditKey(secret.trim().as_bytes().to_vec())
    }

    fn mac(&self, domain: &str) -> Hmac<Sha256> {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        m.update(domain.as_bytes());
        m
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

static INSTALLED: OnceLock<Option<AuditKey>> = OnceLock::new();
static DEV: OnceLock<AuditKey> = OnceLock::new();

/// Sets this process's key, once (the server does at start, before anything
/// is written; `None`: no key, so nothing can be recorded and keyed records
/// cannot be checked). Returns false if a key was installed before.
pub fn install_key(key: Option<AuditKey>) -> bool {
    INSTALLED.set(key).is_ok()
}

/// The key records are written with: the installed one, or [`DEV_KEY`] in a
/// process that installed none.
pub fn installed_key() -> Option<&'static AuditKey> {
    match INSTALLED.get() {
        Some(k) => k.as_ref(),
        None => Some(DEV.get_or_init(|| AuditKey::new(DEV_KEY))),
    }
}

/// A record's fields, as they are chained.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    pub seq: i64,
    pub at: &'a DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Feeds the previous chain value and every field, each preceded by its
/// length, so no two different records give the same input.
fn feed(out: &mut impl FnMut(&[u8]), prev: &str, f: &Fields<'_>) {
    for part in [
        prev,
        &f.seq.to_string(),
        &f.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        &f.actor_id.map(|i| i.to_string()).unwrap_or_default(),
        f.actor_name,
        f.actor_role,
        f.action,
        f.entity,
        f.entity_id,
        f.before.unwrap_or("\u{0}"),
        f.after.unwrap_or("\u{0}"),
    ] {
        out(&(part.len() as u64).to_le_bytes());
        out(part.as_bytes());
    }
}

/// The link of a record written before the key: SHA-256 over the previous
/// chain value and every field (anyone can recompute it).
pub fn sha_link(prev: &str, f: &Fields<'_>) -> String {
    let mut h = Sha256::new();
    feed(&mut |b| h.update(b), prev, f);
    hex::encode(h.finalize())
}

/// The link of a keyed record: HMAC-SHA-256 under `key` over the same input
/// as [`sha_link`].
pub fn mac_link(key: &AuditKey, prev: &str, f: &Fields<'_>) -> String {
    let mut m = key.mac("sunshine audit record v2\n");
    feed(&mut |b| m.update(b), prev, f);
    hex::encode(m.finalize().into_bytes())
}

/// The seal of the switch: the MAC of the last SHA-256 record's number and
/// chain value (0 and [`GENESIS`] when the chain was empty).
pub fn seal_tag(key: &AuditKey, sealed_seq: i64, sealed_hash: &str) -> String {
    let mut m = key.mac("sunshine audit seal v1\n");
    m.update(format!("{sealed_seq}\n{sealed_hash}").as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Whether `tag` is the seal of `sealed_seq` and `sealed_hash` under `key`
/// (compared in constant time).
pub fn seal_ok(key: &AuditKey, sealed_seq: i64, sealed_hash: &str, tag: &str) -> bool {
    let mut m = key.mac("sunshine audit seal v1\n");
    m.update(format!("{sealed_seq}\n{sealed_hash}").as_bytes());
    hex::decode(tag).is_ok_and(|t| m.verify_slice(&t).is_ok())
}

/// The switch as `audit_head` records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    /// The last record linked by SHA-256 (0: none).
    pub seq: i64,
    /// Its chain value.
    pub hash: String,
    /// [`seal_tag`] of both.
    pub tag: String,
}

/// The chain's head at the end of one of the bureau's days, as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayHead {
    pub day: NaiveDate,
    /// The last record written that day or before (0: none yet).
    pub last_seq: i64,
    /// Its chain value ([`GENESIS`] when none).
    pub last_hash: String,
    /// How many records were written that day.
    pub records: i64,
}

impl DayHead {
    /// The head on one line, as e-mailed and as `server verify-audit --head`
    /// takes it: `DAY:LAST_SEQ:RECORDS:CHAIN_VALUE`.
    pub fn line(&self) -> String {
        format!("{}:{}:{}:{}", self.day, self.last_seq, self.records, self.last_hash)
    }

    /// Reads [`DayHead::line`] back.
    pub fn parse(s: &str) -> Result<DayHead, String> {
        let bad = || format!("{s:?}: DAY:LAST_SEQ:RECORDS:CHAIN_VALUE, as in the e-mail");
        let parts: Vec<&str> = s.trim().split(':').collect();
        let [day, seq, records, hash] = parts[..] else { return Err(bad()) };
        let day = day.parse().map_err(|_| bad())?;
        let last_seq: i64 = seq.parse().map_err(|_| bad())?;
        let records: i64 = records.parse().map_err(|_| bad())?;
        if last_seq < 0 || records < 0 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(DayHead { day, last_seq, last_hash: hash.to_ascii_lowercase(), records })
    }
}

/// The bureau's day (UTC+8) as an interval of instants: its start, inclusive,
/// and the next day's start.
pub fn day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc() - chrono::Duration::hours(8);
    (start(day), start(day + chrono::Duration::days(1)))
}

/// The days the job publishes on `today`: every day after the last published
/// one up to yesterday, or only yesterday the first time; at most a year.
pub fn days_to_publish(last_published: Option<NaiveDate>, today: NaiveDate) -> Vec<NaiveDate> {
    let yesterday = today - chrono::Duration::days(1);
    let first = match last_published {
        Some(d) => (d + chrono::Duration::days(1)).max(yesterday - chrono::Duration::days(365)),
        None => yesterday,
    };
    first.iter_days().take_while(|d| *d <= yesterday).collect()
}

/// Where a head the walk compares comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Published by the daily job (`audit_day_head`).
    Published,
    /// Given to `verify-audit` (copied from an e-mail).
    Given,
}

/// What the walk found wrong first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The record it is about (for a day, the day's last record).
    pub seq: i64,
    /// The day whose published head failed, if that is what failed.
    pub day: Option<NaiveDate>,
    /// False when the chain could not be checked (no key, another key, no
    /// seal), true when it was changed.
    pub tampered: bool,
    pub reason: String,
}

/// The outcome of a walk over the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// Records checked.
    pub records: i64,
    /// Of which linked by SHA-256 (before the key).
    pub legacy: i64,
    /// Published or given heads compared.
    pub heads: usize,
    pub failure: Option<Failure>,
}

impl Verification {
    pub fn check(&self) -> super::types::ChainCheck {
        use super::types::ChainCheck;
        match &self.failure {
            None => ChainCheck::Intact { records: self.records },
            Some(f) => ChainCheck::Broken { seq: f.seq, reason: f.reason.clone() },
        }
    }
}

/// A head to compare, with where it came from.
#[derive(Clone, Debug)]
struct Expected {
    head: DayHead,
    source: Source,
}

impl Expected {
    fn what(&self) -> String {
        match self.source {
            Source::Published => format!("the published head of {}", self.head.day),
            Source::Given => format!("the head of {} given", self.head.day),
        }
    }
}

/// Checks a chain record by record, in order ([`Walk::push`]), then its end
/// ([`Walk::finish`]); stops at the first failure.
pub struct Walk<'k> {
    key: Option<&'k AuditKey>,
    seal: Option<Seal>,
    seal_checked: bool,
    prev: String,
    expected_seq: i64,
    legacy: i64,
    /// Heads by their last record.
    heads: BTreeMap<i64, Vec<Expected>>,
    head_count: usize,
    /// Records counted on each day that has a head.
    counts: HashMap<NaiveDate, i64>,
    /// The last record of the head before each compared head's, to name the
    /// records a mismatch may come from.
    last_matched: i64,
    failure: Option<Failure>,
}

impl<'k> Walk<'k> {
    /// A walk with `key` (none: keyed records cannot be checked), the seal of
    /// `audit_head` and the heads to compare: the published ones and any
    /// given (a given head must also equal the published one of its day).
    pub fn new(key: Option<&'k AuditKey>, seal: Option<Seal>, published: Vec<DayHead>, given: Vec<DayHead>) -> Self {
        let mut w = Walk {
            key,
            seal,
            seal_checked: false,
            prev: GENESIS.to_string(),
            expected_seq: 1,
            legacy: 0,
            heads: BTreeMap::new(),
            head_count: 0,
            counts: HashMap::new(),
            last_matched: 0,
            failure: None,
        };
        let by_day: HashMap<NaiveDate, DayHead> = published.iter().map(|h| (h.day, h.clone())).collect();
        for g in &given {
            if let Some(p) = by_day.get(&g.day).filter(|p| *p != g) {
                w.fail(Failure {
                    seq: p.last_seq.min(g.last_seq),
                    day: Some(g.day),
                    tampered: true,
                    reason: format!(
                        "the head of {} given ({}) is not the one the database says was published ({}): the \
                         published heads were changed",
                        g.day,
                        g.line(),
                        p.line()
                    ),
                });
            }
        }
        let all = published
            .into_iter()
            .map(|head| Expected { head, source: Source::Published })
            .chain(given.into_iter().map(|head| Expected { head, source: Source::Given }));
        for e in all {
            w.counts.insert(e.head.day, 0);
            w.head_count += 1;
            w.heads.entry(e.head.last_seq).or_default().push(e);
        }
        w.check_seal_at(0);
        w.check_heads_at(0);
        w
    }

    fn fail(&mut self, f: Failure) {
        if self.failure.is_none() {
            self.failure = Some(f);
        }
    }

    /// Whether the walk already failed (the rest need not be read).
    pub fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// The seal names record `seq`, just checked (or 0, before any): its chain
    /// value and MAC must match.
    fn check_seal_at(&mut self, seq: i64) {
        let Some(seal) = self.seal.clone() else { return };
        if seal.seq != seq {
            return;
        }
        self.seal_checked = true;
        if seal.hash != self.prev {
            return self.fail(Failure {
                seq: seq.max(1),
                day: None,
                tampered: true,
                reason: format!("the seal of the switch to keyed records names record {seq} with another chain value"),
            });
        }
        match self.key {
            Some(key) if !seal_ok(key, seal.seq, &seal.hash, &seal.tag) => self.fail(Failure {
                seq: seq + 1,
                day: None,
                tampered: false,
                reason: "not verifiable: the seal of the switch to keyed records does not match this audit key \
                         (AUDIT_KEY or the data folder's audit_key): another key sealed the chain, or the seal was \
                         changed"
                    .into(),
            }),
            _ => {}
        }
    }

    /// Compares the heads whose last record is `seq` (just checked; 0: none).
    fn check_heads_at(&mut self, seq: i64) {
        let Some(heads) = self.heads.get(&seq).cloned() else { return };
        for e in &heads {
            if e.head.last_hash != self.prev {
                let from = self.last_matched + 1;
                self.fail(Failure {
                    seq,
                    day: Some(e.head.day),
                    tampered: true,
                    reason: format!(
                        "{} (record {seq}) no longer matches the chain: a record from {from} to {seq} was changed \
                         after that head was published",
                        e.what()
                    ),
                });
            }
        }
        if self.failure.is_none() {
            self.last_matched = seq;
        }
    }

    /// Checks the next record: its place, its link to the one before, its
    /// chain value (SHA-256 up to the seal, keyed after it).
    pub fn push(&mut self, f: &Fields<'_>, prev_hash: &str, hash: &str) {
        if self.failed() {
            return;
        }
        if f.seq != self.expected_seq {
            let seq = self.expected_seq;
            return self.fail(Failure { seq, day: None, tampered: true, reason: "missing record".into() });
        }
        if prev_hash != self.prev {
            let seq = f.seq;
            return self.fail(Failure {
                seq,
                day: None,
                tampered: true,
                reason: "link to previous record broken".into(),
            });
        }
        let keyed = self.seal.as_ref().is_some_and(|s| f.seq > s.seq);
        if keyed {
            let Some(key) = self.key else {
                return self.fail(Failure {
                    seq: f.seq,
                    day: None,
                    tampered: false,
                    reason: "not verifiable: keyed records need the audit key (AUDIT_KEY or the data folder's \
                             audit_key)"
                        .into(),
                });
            };
            if mac_link(key, &self.prev, f) != hash {
                return self.fail(Failure { seq: f.seq, day: None, tampered: true, reason: "content changed".into() });
            }
        } else {
            if sha_link(&self.prev, f) != hash {
                return self.fail(Failure { seq: f.seq, day: None, tampered: true, reason: "content changed".into() });
            }
            self.legacy += 1;
        }
        self.prev = hash.to_string();
        self.expected_seq += 1;
        let day = crate::kernel::clock::local_date(*f.at);
        if let Some(n) = self.counts.get_mut(&day) {
            *n += 1;
        }
        self.check_seal_at(f.seq);
        self.check_heads_at(f.seq);
    }

    /// Checks the end against `audit_head` (its last number and chain value)
    /// and what only the whole chain shows: heads past the end, each day's
    /// count, a seal past the end or none at all.
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> Verification {
        let records = self.expected_seq - 1;
        if !self.failed() && (head_seq != records || head_hash != self.prev) {
            self.fail(Failure {
                seq: self.expected_seq,
                day: None,
                tampered: true,
                reason: "records missing at the end".into(),
            });
        }
        if !self.failed() {
            let mut late: Vec<Failure> = Vec::new();
            for (seq, heads) in self.heads.range(records + 1..) {
                for e in heads {
                    late.push(Failure {
                        seq: *seq,
                        day: Some(e.head.day),
                        tampered: true,
                        reason: format!(
                            "{} names record {seq}, but the chain ends at record {records}: records were removed",
                            e.what()
                        ),
                    });
                }
            }
            for heads in self.heads.values() {
                for e in heads {
                    let counted = self.counts.get(&e.head.day).copied().unwrap_or(0);
                    if counted != e.head.records {
                        late.push(Failure {
                            seq: e.head.last_seq,
                            day: Some(e.head.day),
                            tampered: true,
                            reason: format!(
                                "{} counted {} records that day, the chain now has {counted}",
                                e.what(),
                                e.head.records
                            ),
                        });
                    }
                }
            }
            if let Some(f) = late.into_iter().min_by_key(|f| f.seq) {
                self.fail(f);
            }
        }
        if !self.failed() {
            match &self.seal {
                Some(s) if !self.seal_checked => {
                    let seq = s.seq;
                    self.fail(Failure {
                        seq,
                        day: None,
                        tampered: true,
                        reason: format!("the seal of the switch to keyed records names record {seq}, past the end"),
                    })
                }
                None if records > 0 => self.fail(Failure {
                    seq: 1,
                    day: None,
                    tampered: false,
                    reason: format!(
                        "not verifiable yet: the {records} records are linked by SHA-256 only and not sealed by \
                         the audit key; a server start (or any write) seals them"
                    ),
                }),
                _ => {}
            }
        }
        Verification { records, legacy: self.legacy, heads: self.head_count, failure: self.failure }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
    }

    /// One record as stored: its fields' owned values and its links.
    struct Rec {
        seq: i64,
        at: DateTime<Utc>,
        name: String,
        prev: String,
        hash: String,
    }

    impl Rec {
        fn fields(&self) -> Fields<'_> {
            Fields {
                seq: self.seq,
                at: &self.at,
                actor_id: Some(7),
                actor_name: &self.name,
                actor_role: "officer",
                action: "register",
                entity: "organization",
                entity_id: "1",
                before: None,
                after: Some("{}"),
            }
        }
    }

    /// `legacy` SHA-256 records then `keyed` keyed ones, an hour apart from 00:00 UTC.
    fn chain(key: &AuditKey, legacy: i64, keyed: i64) -> (Vec<Rec>, Seal) {
        let mut out: Vec<Rec> = Vec::new();
        let mut prev = GENESIS.to_string();
        let mut seal = None;
        for seq in 1..=legacy + keyed {
            if seq == legacy + 1 {
                seal = Some(Seal { seq: legacy, hash: prev.clone(), tag: seal_tag(key, legacy, &prev) });
            }
            let mut r =
                Rec { seq, at: at(seq as u32 - 1), name: format!("user{seq}"), prev: prev.clone(), hash: "".into() };
            r.hash = if seq <= legacy { sha_link(&prev, &r.fields()) } else { mac_link(key, &prev, &r.fields()) };
            prev = r.hash.clone();
            out.push(r);
        }
        let seal = seal.unwrap_or_else(|| Seal { seq: legacy, hash: prev.clone(), tag: seal_tag(key, legacy, &prev) });
        (out, seal)
    }

    fn walk(key: Option<&AuditKey>, recs: &[Rec], seal: Option<Seal>, published: Vec<DayHead>) -> Verification {
        let mut w = Walk::new(key, seal, published, Vec::new());
        for r in recs {
            w.push(&r.fields(), &r.prev, &r.hash);
        }
        let last = recs.last().map(|r| (r.seq, r.hash.clone())).unwrap_or((0, GENESIS.into()));
        w.finish(last.0, &last.1)
    }

    /// Recomputes every link from record `from` on, the way someone who
    /// edited record `from` would: SHA-256 throughout, or with `key`.
    fn relink(recs: &mut [Rec], from: usize, key: Option<&AuditKey>) {
        for i in from..recs.len() {
            let prev = if i == 0 { GENESIS.to_string() } else { recs[i - 1].hash.clone() };
            recs[i].prev = prev.clone();
            let h = match key {
                Some(k) => mac_link(k, &prev, &recs[i].fields()),
                None => sha_link(&prev, &recs[i].fields()),
            };
            recs[i].hash = h;
        }
    }

    #[test]
    fn links_differ_by_key_and_scheme_and_cover_every_field() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (recs, _) = chain(&k, 0, 1);
        let f = recs[0].fields();
        let mac = mac_link(&k, GENESIS, &f);
        assert_eq!(mac.len(), 64);
        assert_ne!(mac, sha_link(GENESIS, &f));
        assert_ne!(mac, mac_link(&AuditKey::new("k2-0123456789abcdef0123456789abcdef"), GENESIS, &f));
        let mut g = f;
        g.after = None;
        assert_ne!(mac, mac_link(&k, GENESIS, &g), "an absent value differs from any text");
        let mut g = f;
        g.actor_name = "user1x";
        g.actor_role = "fficer";
        assert_ne!(mac, mac_link(&k, GENESIS, &g), "fields are length-prefixed");
        assert_eq!(format!("{k:?}"), "AuditKey(…)", "the key is never printed");
    }

    #[test]
    fn the_seal_takes_the_right_key_only() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let tag = seal_tag(&k, 5, GENESIS);
        assert!(seal_ok(&k, 5, GENESIS, &tag));
        assert!(!seal_ok(&k, 6, GENESIS, &tag));
        assert!(!seal_ok(&AuditKey::new("k2-0123456789abcdef0123456789abcdef"), 5, GENESIS, &tag));
        assert!(!seal_ok(&k, 5, GENESIS, "not hex"));
    }

    #[test]
    fn an_intact_chain_of_old_and_keyed_records_verifies() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (recs, seal) = chain(&k, 3, 4);
        let v = walk(Some(&k), &recs, Some(seal.clone()), vec![]);
        assert_eq!(v, Verification { records: 7, legacy: 3, heads: 0, failure: None });
        assert_eq!(walk(Some(&k), &[], None, vec![]).failure, None, "an empty chain needs no seal");
        // Only old records, sealed: they verify without the key too.
        let (old, seal0) = chain(&k, 3, 0);
        assert_eq!(walk(None, &old, Some(seal0), vec![]).failure, None);
    }

    #[test]
    fn sha_links_recomputed_after_an_edit_break_at_the_first_keyed_record() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (mut recs, seal) = chain(&k, 2, 3);
        recs[3].name = "someone else".into();
        relink(&mut recs, 3, None);
        let f = walk(Some(&k), &recs, Some(seal.clone()), vec![]).failure.unwrap();
        assert_eq!((f.seq, f.tampered), (4, true), "the edited record");
        // Editing an old record and relinking everything by SHA-256 breaks the seal.
        let (mut recs, seal) = chain(&k, 2, 3);
        recs[0].name = "someone else".into();
        relink(&mut recs, 0, None);
        let f = walk(Some(&k), &recs, Some(seal.clone()), vec![]).failure.unwrap();
        assert_eq!((f.seq, f.tampered), (2, true), "{f:?}");
        // So does moving the seal past the end to pass every record as an old one.
        let moved = Seal { seq: 5, hash: recs[4].hash.clone(), tag: seal.tag.clone() };
        let f = walk(Some(&k), &recs, Some(moved), vec![]).failure.unwrap();
        assert!(!f.tampered && f.reason.contains("does not match this audit key"), "{f:?}");
        // And dropping the seal leaves an unverifiable chain, never an intact one.
        let f = walk(Some(&k), &recs, None, vec![]).failure.unwrap();
        assert!(!f.tampered && f.reason.contains("not sealed"), "{f:?}");
    }

    #[test]
    fn without_the_key_or_with_another_keyed_records_are_not_verifiable() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (recs, seal) = chain(&k, 2, 2);
        let f = walk(None, &recs, Some(seal.clone()), vec![]).failure.unwrap();
        assert_eq!((f.seq, f.tampered), (3, false));
        let other = AuditKey::new("k2-0123456789abcdef0123456789abcdef");
        let f = walk(Some(&other), &recs, Some(seal), vec![]).failure.unwrap();
        assert_eq!((f.seq, f.tampered), (3, false), "{f:?}");
    }

    #[test]
    fn a_chain_recomputed_with_the_key_fails_on_the_published_head() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        // Records at 00:00..06:00 UTC, all on the bureau's 23 November.
        let (mut recs, seal) = chain(&k, 0, 7);
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let head = |r: &Rec, n| DayHead { day, last_seq: r.seq, last_hash: r.hash.clone(), records: n };
        let published = vec![head(&recs[6], 7)];
        assert_eq!(walk(Some(&k), &recs, Some(seal.clone()), published.clone()).failure, None);
        recs[2].name = "someone else".into();
        relink(&mut recs, 2, Some(&k));
        let f = walk(Some(&k), &recs, Some(seal.clone()), published.clone()).failure.unwrap();
        assert_eq!((f.seq, f.day, f.tampered), (7, Some(day), true));
        assert!(f.reason.contains("from 1 to 7"), "{}", f.reason);
        // Without the head the rewrite passes: only a published head catches it.
        assert_eq!(walk(Some(&k), &recs, Some(seal.clone()), vec![]).failure, None);
        // A head given from the e-mail that the database no longer has is checked too.
        let mut w = Walk::new(Some(&k), Some(seal), vec![], published);
        for r in &recs {
            w.push(&r.fields(), &r.prev, &r.hash);
        }
        let f = w.finish(7, &recs[6].hash).failure.unwrap();
        assert!(f.reason.starts_with("the head of 2026-11-23 given"), "{}", f.reason);
    }

    #[test]
    fn heads_past_the_end_wrong_counts_and_changed_heads_fail() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (recs, seal) = chain(&k, 0, 3);
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let past = DayHead { day, last_seq: 5, last_hash: GENESIS.into(), records: 5 };
        let f = walk(Some(&k), &recs, Some(seal.clone()), vec![past]).failure.unwrap();
        assert!(f.reason.contains("ends at record 3"), "{}", f.reason);
        let wrong_count = DayHead { day, last_seq: 3, last_hash: recs[2].hash.clone(), records: 2 };
        let f = walk(Some(&k), &recs, Some(seal.clone()), vec![wrong_count.clone()]).failure.unwrap();
        assert!(f.reason.contains("counted 2 records that day, the chain now has 3"), "{}", f.reason);
        // The e-mailed head differs from the database's published one.
        let right = DayHead { records: 3, ..wrong_count };
        let changed = DayHead { last_seq: 2, last_hash: recs[1].hash.clone(), ..right.clone() };
        let w = Walk::new(Some(&k), Some(seal), vec![changed], vec![right]);
        assert!(w.failed());
        // An empty day before any record: the head is the genesis value.
        let empty = DayHead { day: day.pred_opt().unwrap(), last_seq: 0, last_hash: GENESIS.into(), records: 0 };
        assert_eq!(walk(Some(&k), &[], None, vec![empty]).failure, None);
    }

    #[test]
    fn a_missing_or_moved_record_is_named() {
        let k = AuditKey::new("k1-0123456789abcdef0123456789abcdef");
        let (mut recs, seal) = chain(&k, 0, 4);
        recs.remove(1);
        assert_eq!(walk(Some(&k), &recs, Some(seal.clone()), vec![]).failure.unwrap().seq, 2);
        let (recs, seal) = chain(&k, 0, 4);
        let mut w = Walk::new(Some(&k), Some(seal), vec![], vec![]);
        for r in &recs[..3] {
            w.push(&r.fields(), &r.prev, &r.hash);
        }
        let f = w.finish(4, &recs[3].hash).failure.unwrap();
        assert_eq!((f.seq, f.reason.as_str()), (4, "records missing at the end"));
    }

    #[test]
    fn heads_read_back_from_their_line() {
        let h = DayHead {
            day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            last_seq: 1234,
            last_hash: "ab".repeat(32),
            records: 56,
        };
        assert_eq!(h.line(), format!("2026-11-23:1234:56:{}", "ab".repeat(32)));
        assert_eq!(DayHead::parse(&format!(" {} ", h.line().to_uppercase())), Ok(h.clone()));
        let negative = format!("2026-11-23:-1:2:{}", "a".repeat(64));
        for bad in ["2026-11-23:1:2", "2026-11-23:x:2:00", "2026-13-01:1:2:00", negative.as_str()] {
            assert!(DayHead::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_bureau_day_and_the_days_to_publish() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let (start, end) = day_bounds(d(11, 23));
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 11, 22, 16, 0, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap());
        assert_eq!(days_to_publish(None, d(11, 24)), vec![d(11, 23)], "the first time, yesterday only");
        assert_eq!(days_to_publish(Some(d(11, 23)), d(11, 24)), vec![], "published already");
        assert_eq!(days_to_publish(Some(d(11, 20)), d(11, 24)), vec![d(11, 21), d(11, 22), d(11, 23)]);
        let long_ago = NaiveDate::from_ymd_opt(2020, 1, 1);
        assert_eq!(days_to_publish(long_ago, d(11, 24)).len(), 366, "a year at most");
    }
}
