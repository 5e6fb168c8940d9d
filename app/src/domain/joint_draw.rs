//! Who inspects each target of a joint campaign (部门联合双随机抽查,
//! 国发〔2019〕5号; 民发〔2017〕45号 allows joint inspections with sponsors and
//! sector departments).
//!
//! Algorithm `sunshine-draw-v1-joint`: the targets are drawn exactly as in
//! `sunshine-draw-v1` (see [`crate::domain::sampling`]); only step 6 differs.
//! Inspectors use the stream of SHA-256(seed ‖ ":joint"). For each target in
//! draw order, the parties take their share in turn — the bureau first, then
//! each participating department by ascending id: the bureau
//! [`bureau_share`] (the campaign's inspectors per target less one per
//! department, at least one), every department one. A party's eligible
//! inspectors (its own, no conflict, below the per-inspector limit), in
//! ascending id order, are shuffled the partial Fisher–Yates way of v1 and
//! the first are assigned. A team is therefore never smaller than two (the
//! bureau and at least one department) nor than the campaign's number.

use sha2::{Digest, Sha256};

use crate::domain::sampling::Stream;

pub const ALGORITHM: &str = "sunshine-draw-v1-joint";

/// The bureau's inspectors per target: the campaign's number less one per
/// department, and always at least one (the bureau leads every inspection).
pub fn bureau_share(per_target: usize, departments: usize) -> usize {
    per_target.saturating_sub(departments).max(1)
}

/// The size of each target's team: the bureau's share and one per department.
pub fn team_size(per_target: usize, departments: usize) -> usize {
    bureau_share(per_target, departments) + departments
}

/// One inspector of the pool: id and department (None: the bureau).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolMember {
    pub id: i64,
    pub department: Option<i64>,
}

/// One assigned inspector and the party they inspect for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assigned {
    pub id: i64,
    pub department: Option<i64>,
}

/// The first target a party could not staff: its index, the party (None: the
/// bureau) and how many of its inspectors were eligible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub target: usize,
    pub department: Option<i64>,
    pub eligible: usize,
}

fn shuffle_take(rng: &mut Stream, items: &mut [usize], n: usize) -> Vec<usize> {
    let n = n.min(items.len());
    for i in 0..n {
        let j = i + rng.below((items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items[..n].to_vec()
}

/// Assigns each of `targets` its joint team (see the module). `pool` is
/// ordered by id; `departments` are the participating ones (any order: they
/// are taken ascending); `eligible(target, k)` says whether `pool[k]` may
/// inspect the target (avoidance rules). Inspectors of departments not taking
/// part are never assigned.
pub fn assign_joint(
    seed: &[u8; 32],
    targets: usize,
    pool: &[PoolMember],
    departments: &[i64],
    per_target: usize,
    max_per_inspector: usize,
    eligible: impl Fn(usize, usize) -> bool,
) -> Result<Vec<Vec<Assigned>>, Shortfall> {
    let mut parties: Vec<Option<i64>> = departments.iter().copied().map(Some).collect();
    parties.sort();
    parties.dedup();
    let departments_n = parties.len();
    parties.insert(0, None);
    let mut h = Sha256::new();
    h.update(seed);
    h.update(b":joint");
    let mut rng = Stream::new(h.finalize().into());
    let mut load = vec![0usize; pool.len()];
    let mut out = Vec::with_capacity(targets);
    let mut candidates: Vec<usize> = Vec::with_capacity(pool.len());
    for t in 0..targets {
        let mut team = Vec::new();
        for party in &parties {
            let share = if party.is_none() { bureau_share(per_target, departments_n) } else { 1 };
            candidates.clear();
            candidates.extend(
                (0..pool.len())
                    .filter(|&k| pool[k].department == *party && load[k] < max_per_inspector && eligible(t, k)),
            );
            if candidates.len() < share {
                return Err(Shortfall { target: t, department: *party, eligible: candidates.len() });
            }
            for k in shuffle_take(&mut rng, &mut candidates, share) {
                load[k] += 1;
                team.push(Assigned { id: pool[k].id, department: *party });
            }
        }
        out.push(team);
    }
    Ok(out)
}

/// Before the freeze: the first party whose usable inspectors cannot staff a
/// sample of `sample` targets (too few for its share, or too little capacity
/// at `max_per_inspector` targets each). `usable` gives each party's number
/// of usable inspectors, the bureau (None) first.
pub fn short_party(
    usable: &[(Option<i64>, usize)],
    sample: usize,
    per_target: usize,
    max_per_inspector: usize,
) -> Option<Option<i64>> {
    let departments = usable.iter().filter(|(d, _)| d.is_some()).count();
    usable.iter().find_map(|&(party, n)| {
        let share = if party.is_none() { bureau_share(per_target, departments) } else { 1 };
        (n < share || n * max_per_inspector < sample * share).then_some(party)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sampling::seed;

    fn pool() -> Vec<PoolMember> {
        // Bureau 1–4, market regulation (10) 11–13, tax (20) 21–22, police (30) 31.
        let mut p: Vec<PoolMember> = (1..=4).map(|id| PoolMember { id, department: None }).collect();
        p.extend((11..=13).map(|id| PoolMember { id, department: Some(10) }));
        p.extend((21..=22).map(|id| PoolMember { id, department: Some(20) }));
        p.push(PoolMember { id: 31, department: Some(30) });
        p
    }

    #[test]
    fn shares_keep_at_least_two_and_one_bureau_inspector() {
        assert_eq!(bureau_share(2, 1), 1);
        assert_eq!(bureau_share(2, 3), 1, "the bureau always leads");
        assert_eq!(bureau_share(4, 1), 3);
        assert_eq!(team_size(2, 1), 2, "民发〔2017〕45号: at least 2 on site");
        assert_eq!(team_size(2, 3), 4);
        assert_eq!(team_size(3, 1), 3);
    }

    #[test]
    fn every_team_has_the_bureau_and_each_department_and_repeats_exactly() {
        let s = seed("beacon", "nonce", "hash");
        let p = pool();
        let a = assign_joint(&s, 5, &p, &[20, 10], 2, 10, |_, _| true).unwrap();
        assert_eq!(a, assign_joint(&s, 5, &p, &[10, 20], 2, 10, |_, _| true).unwrap(), "same inputs, same teams");
        for team in &a {
            assert_eq!(team.len(), 3, "one bureau inspector and one per department");
            assert_eq!(team[0].department, None, "the bureau first");
            assert_eq!(team[1].department, Some(10), "then departments by id");
            assert_eq!(team[2].department, Some(20));
            for m in team {
                let member = p.iter().find(|x| x.id == m.id).unwrap();
                assert_eq!(member.department, m.department, "each drawn from its own party");
            }
            assert!(team.iter().all(|m| m.department != Some(30)), "police are not in this campaign");
        }
        assert_ne!(a, assign_joint(&seed("other", "nonce", "hash"), 5, &p, &[10, 20], 2, 10, |_, _| true).unwrap());
    }

    #[test]
    fn avoidance_and_the_limit_hold_per_party() {
        let s = seed("beacon", "nonce", "hash");
        let p = pool();
        // Inspector 11 has a conflict with target 0; bureau inspector 1 with every target.
        let eligible = |t: usize, k: usize| !(t == 0 && p[k].id == 11) && p[k].id != 1;
        let a = assign_joint(&s, 6, &p, &[10], 3, 4, eligible).unwrap();
        assert!(a[0].iter().all(|m| m.id != 11));
        for team in &a {
            assert_eq!(team.iter().filter(|m| m.department.is_none()).count(), 2, "3 less one department");
            assert!(team.iter().all(|m| m.id != 1));
            let mut ids: Vec<i64> = team.iter().map(|m| m.id).collect();
            ids.dedup();
            assert_eq!(ids.len(), 3, "three different inspectors");
        }
        for m in &p {
            assert!(a.iter().filter(|t| t.iter().any(|x| x.id == m.id)).count() <= 4, "at most 4 each");
        }
    }

    #[test]
    fn a_party_without_eligible_inspectors_stops_the_draw() {
        let s = seed("beacon", "nonce", "hash");
        let p = pool();
        // The one police inspector can serve 2 targets; the third lacks any.
        assert_eq!(
            assign_joint(&s, 3, &p, &[30], 2, 2, |_, _| true),
            Err(Shortfall { target: 2, department: Some(30), eligible: 0 })
        );
        // A department with no inspector at all fails at the first target.
        assert_eq!(
            assign_joint(&s, 1, &p, &[40], 2, 2, |_, _| true),
            Err(Shortfall { target: 0, department: Some(40), eligible: 0 })
        );
    }

    #[test]
    fn the_freeze_finds_a_short_party() {
        // 10 targets, 2 per target, 1 department: bureau 1 each, department 1 each.
        assert_eq!(short_party(&[(None, 2), (Some(10), 2)], 10, 2, 5), None);
        assert_eq!(short_party(&[(None, 2), (Some(10), 1)], 10, 2, 5), Some(Some(10)), "1 × 5 < 10");
        assert_eq!(short_party(&[(None, 0), (Some(10), 3)], 1, 2, 5), Some(None), "no bureau inspector");
        // 3 per target with 1 department: the bureau needs 2 per target.
        assert_eq!(short_party(&[(None, 1), (Some(10), 3)], 1, 3, 5), Some(None));
    }
}
