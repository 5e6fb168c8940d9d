//! The verifiable random draw of the double-random inspections (双随机、一公开).
//!
//! Algorithm `sunshine-draw-v1`, simple enough to re-implement anywhere:
//! 1. The population is split into strata (one stratum `*` if not stratified),
//!    ordered by key; each stratum lists its ids ascending, each with a risk
//!    weight (1 = ordinary). The population hash is the SHA-256 of, for each
//!    stratum in order, the line `[key]` and then one line per member: the id
//!    in decimal, followed by `*weight` when the weight is not 1 (`\n` after
//!    every line).
//! 2. The seed is SHA-256 of `announced value ":" officer nonce ":" population hash`,
//!    fixed before the draw from a value nobody in the bureau controls alone
//!    (a public value announced after the plan and its nonce commitment,
//!    SHA-256 of the nonce, were published).
//! 3. Random numbers: block `i` is SHA-256(seed ‖ i as 8 bytes big-endian); each
//!    block gives four 64-bit big-endian numbers, used in order.
//! 4. A uniform number below `b` rejects values at or above the largest multiple
//!    of `b` (no modulo bias).
//! 5. Stratum `k` uses the seed SHA-256(seed ‖ ":" ‖ k). Of its sample of `n`,
//!    `w` are drawn first by risk weight, one at a time without replacement: a
//!    number `r` below the total weight left picks the member whose range of the
//!    running sum (in id order) holds `r`. The other `n − w` are a partial
//!    Fisher–Yates shuffle of the members left, in ascending id order: for i in
//!    0..n−w, swap item i with item i + uniform(N − i); the first items are drawn.
//! 6. Inspectors use the stream of SHA-256(seed ‖ ":inspectors"). For each
//!    target in draw order (strata in key order), the eligible inspectors
//!    (no conflict, below the per-inspector limit), in ascending id order, are
//!    shuffled the same partial Fisher–Yates way and the first `m` are assigned.

use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "sunshine-draw-v1";

/// The registering authority's level, which sets the yearly minimum ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    County,
    City,
    Province,
    National,
}

/// Minimum yearly share drawn, in percent (《社会组织抽查暂行办法》: county 3 %,
/// city 4 %, province 5 %, MCA 10 %).
pub fn min_ratio_percent(level: Level) -> u32 {
    match level {
        Level::County => 3,
        Level::City => 4,
        Level::Province => 5,
        Level::National => 10,
    }
}

/// n = ceil(percent × N / 100), at least `minimum`, at most N.
pub fn sample_size(population: usize, percent: u32, minimum: usize) -> usize {
    let by_ratio = (population * percent as usize).div_ceil(100);
    by_ratio.max(minimum).min(population)
}

/// One member of a stratum: its id and its risk weight (1 = ordinary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub weight: u32,
}

/// A stratum of the frozen population, its members sorted by id, and how many
/// to draw from it (`weighted` of them by risk weight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stratum {
    pub key: String,
    pub members: Vec<Member>,
    pub n: usize,
    pub weighted: usize,
}

/// The hash of a population given as strata (step 1 of the algorithm).
pub fn population_hash(strata: &[Stratum]) -> String {
    let mut h = Sha256::new();
    let mut line = String::with_capacity(32);
    for s in strata {
        h.update(b"[");
        h.update(s.key.as_bytes());
        h.update(b"]\n");
        for m in &s.members {
            use std::fmt::Write as _;
            line.clear();
            if m.weight == 1 {
                let _ = writeln!(line, "{}", m.id);
            } else {
                let _ = writeln!(line, "{}*{}", m.id, m.weight);
            }
            h.update(line.as_bytes());
        }
    }
    hex::encode(h.finalize())
}

/// The members of a stratum as stored: the lines of step 1 without the header.
pub fn encode_members(members: &[Member]) -> Vec<u8> {
    let mut out = String::with_capacity(members.len() * 8);
    for m in members {
        use std::fmt::Write as _;
        if m.weight == 1 {
            let _ = writeln!(out, "{}", m.id);
        } else {
            let _ = writeln!(out, "{}*{}", m.id, m.weight);
        }
    }
    out.into_bytes()
}

/// The inverse of [`encode_members`].
pub fn decode_members(bytes: &[u8]) -> Option<Vec<Member>> {
    let text = std::str::from_utf8(bytes).ok()?;
    text.lines()
        .map(|l| match l.split_once('*') {
            Some((id, w)) => Some(Member { id: id.parse().ok()?, weight: w.parse().ok()? }),
            None => Some(Member { id: l.parse().ok()?, weight: 1 }),
        })
        .collect()
}

/// The SHA-256 of a nonce, published before the draw as its commitment.
pub fn commitment(nonce: &str) -> String {
    hex::encode(Sha256::digest(nonce.as_bytes()))
}

/// The seed of a draw.
pub fn seed(announced: &str, nonce: &str, population_hash: &str) -> [u8; 32] {
    Sha256::digest(format!("{announced}:{nonce}:{population_hash}").as_bytes()).into()
}

/// The seed of stratum `key`.
pub fn stratum_seed(seed: &[u8; 32], key: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(seed);
    h.update(b":");
    h.update(key.as_bytes());
    h.finalize().into()
}

/// The deterministic stream of 64-bit numbers of a seed.
pub struct Stream {
    seed: [u8; 32],
    block: u64,
    buf: [u64; 4],
    used: usize,
}

impl Stream {
    pub fn new(seed: [u8; 32]) -> Stream {
        Stream { seed, block: 0, buf: [0; 4], used: 4 }
    }

    pub fn next_u64(&mut self) -> u64 {
        if self.used == 4 {
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(self.block.to_be_bytes());
            let out = h.finalize();
            for (i, chunk) in out.chunks(8).enumerate() {
                let mut b = [0u8; 8];
                b.copy_from_slice(chunk);
                self.buf[i] = u64::from_be_bytes(b);
            }
            self.block += 1;
            self.used = 0;
        }
        let v = self.buf[self.used];
        self.used += 1;
        v
    }

    /// Uniform in `0..bound` (bound > 0), without modulo bias.
    pub fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % bound);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % bound;
            }
        }
    }
}

/// The first `n` of a partial Fisher–Yates shuffle of `items` with `rng`.
fn shuffle_take<T: Copy>(rng: &mut Stream, items: &mut [T], n: usize) -> Vec<T> {
    let n = n.min(items.len());
    for i in 0..n {
        let j = i + rng.below((items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items[..n].to_vec()
}

/// Draws `n` of `population` (sorted ids) uniformly with `seed`. Same inputs, same sample.
pub fn draw(seed: [u8; 32], population: &[i64], n: usize) -> Vec<i64> {
    let mut items = population.to_vec();
    shuffle_take(&mut Stream::new(seed), &mut items, n)
}

/// A Fenwick tree of weights, to pick by running sum in O(log N).
struct Fenwick(Vec<u64>);

impl Fenwick {
    fn new(weights: &[u64]) -> Fenwick {
        let n = weights.len();
        let mut t = vec![0u64; n + 1];
        for i in 1..=n {
            t[i] += weights[i - 1];
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                t[parent] += t[i];
            }
        }
        Fenwick(t)
    }

    fn remove(&mut self, index: usize, w: u64) {
        let mut k = index + 1;
        while k < self.0.len() {
            self.0[k] -= w;
            k += k & k.wrapping_neg();
        }
    }

    /// The index whose range of the running sum holds `r` (r < total).
    fn find(&self, mut r: u64) -> usize {
        let mut pos = 0;
        let mut step = self.0.len().next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next < self.0.len() && self.0[next] <= r {
                pos = next;
                r -= self.0[next];
            }
            step >>= 1;
        }
        pos
    }
}

/// One drawn member: its stratum, id and whether it was drawn by risk weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawn {
    pub stratum: String,
    pub id: i64,
    pub by_weight: bool,
}

/// The stratified draw (step 5): every stratum in the order given.
pub fn draw_strata(seed: &[u8; 32], strata: &[Stratum]) -> Vec<Drawn> {
    let mut out = Vec::new();
    for s in strata {
        let mut rng = Stream::new(stratum_seed(seed, &s.key));
        let n = s.n.min(s.members.len());
        let w = s.weighted.min(n);
        let mut taken = vec![false; s.members.len()];
        if w > 0 {
            let weights: Vec<u64> = s.members.iter().map(|m| u64::from(m.weight)).collect();
            let mut total: u64 = weights.iter().sum();
            let mut tree = Fenwick::new(&weights);
            for _ in 0..w {
                if total == 0 {
                    break;
                }
                let i = tree.find(rng.below(total));
                taken[i] = true;
                tree.remove(i, weights[i]);
                total -= weights[i];
                out.push(Drawn { stratum: s.key.clone(), id: s.members[i].id, by_weight: true });
            }
        }
        let drawn_weighted = taken.iter().filter(|t| **t).count();
        let mut rest: Vec<i64> = s.members.iter().zip(&taken).filter(|(_, t)| !**t).map(|(m, _)| m.id).collect();
        for id in shuffle_take(&mut rng, &mut rest, n - drawn_weighted) {
            out.push(Drawn { stratum: s.key.clone(), id, by_weight: false });
        }
    }
    out
}

/// Per target, the inspector ids in draw order; or the index of the first
/// target lacking enough eligible inspectors and how many it had.
pub type Assignment = Result<Vec<Vec<i64>>, (usize, usize)>;

/// Assigns `per_target` inspectors to each target in order (step 6).
/// `eligible(target, k)` says whether `inspectors[k]` may inspect a target;
/// `inspectors` are ids ascending. Returns, per target, the inspector ids in
/// draw order, or the index of the first target that lacks enough eligible
/// inspectors and how many it had.
pub fn assign_inspectors(
    seed: &[u8; 32],
    targets: usize,
    inspectors: &[i64],
    per_target: usize,
    max_per_inspector: usize,
    eligible: impl Fn(usize, usize) -> bool,
) -> Assignment {
    let mut h = Sha256::new();
    h.update(seed);
    h.update(b":inspectors");
    let mut rng = Stream::new(h.finalize().into());
    let mut load = vec![0usize; inspectors.len()];
    let mut pool: Vec<usize> = Vec::with_capacity(inspectors.len());
    let mut out = Vec::with_capacity(targets);
    for t in 0..targets {
        pool.clear();
        pool.extend((0..inspectors.len()).filter(|&k| load[k] < max_per_inspector && eligible(t, k)));
        if pool.len() < per_target {
            return Err((t, pool.len()));
        }
        let chosen = shuffle_take(&mut rng, &mut pool, per_target);
        for k in &chosen {
            load[*k] += 1;
        }
        out.push(chosen.iter().map(|k| inspectors[*k]).collect());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimum_ratios_and_sizes() {
        assert_eq!(min_ratio_percent(Level::City), 4);
        assert_eq!(sample_size(1000, 4, 0), 40);
        assert_eq!(sample_size(1001, 4, 0), 41, "rounded up");
        assert_eq!(sample_size(1000, 4, 50), 50, "at least 50 a year at city level");
        assert_eq!(sample_size(30, 4, 50), 30, "never more than the population");
    }

    #[test]
    fn same_inputs_same_sample_and_hashes_are_stable() {
        let pop: Vec<i64> = (1..=500).collect();
        let strata = |ids: &[i64]| {
            vec![Stratum {
                key: "*".into(),
                members: ids.iter().map(|&id| Member { id, weight: 1 }).collect(),
                n: 20,
                weighted: 0,
            }]
        };
        let h = population_hash(&strata(&pop));
        assert_eq!(h, population_hash(&strata(&pop)));
        assert_ne!(h, population_hash(&strata(&pop[1..])));
        let s = seed("2026-11-22 福彩3D 123", "nonce-7f3a", &h);
        let a = draw(s, &pop, 20);
        assert_eq!(a, draw(s, &pop, 20));
        assert_eq!(a.len(), 20);
        let mut unique = a.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 20, "without replacement");
        assert_ne!(a, draw(seed("other", "nonce-7f3a", &h), &pop, 20));
        assert_ne!(draw(stratum_seed(&s, "社会团体"), &pop, 20), draw(stratum_seed(&s, "基金会"), &pop, 20));
    }

    #[test]
    fn the_stream_is_the_documented_one() {
        // Block 0 of an all-zero seed: SHA-256 of 32 zero bytes and 8 zero bytes.
        let mut h = Sha256::new();
        h.update([0u8; 40]);
        let out = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&out[..8]);
        assert_eq!(Stream::new([0; 32]).next_u64(), u64::from_be_bytes(first));
    }

    #[test]
    fn every_member_is_equally_likely() {
        // 4,000 draws of 5 from 20: each member is expected 1,000 times. The
        // chi-square statistic (19 degrees of freedom) must stay under 43.82,
        // its 0.1 % critical value. Seeds are fixed, so the test is repeatable.
        let pop: Vec<i64> = (0..20).collect();
        let mut counts = [0u32; 20];
        for k in 0..4000u32 {
            let s = seed("beacon", &k.to_string(), "pop");
            for id in draw(s, &pop, 5) {
                counts[id as usize] += 1;
            }
        }
        let expected = 1000.0;
        let chi2: f64 = counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum();
        assert!(chi2 < 43.82, "chi-square {chi2}: {counts:?}");
        // And the first position alone is uniform too (order matters for backups).
        let mut first = [0u32; 20];
        for k in 0..4000u32 {
            first[draw(seed("beacon2", &k.to_string(), "pop"), &pop, 5)[0] as usize] += 1;
        }
        let chi2: f64 = first.iter().map(|&c| (c as f64 - 200.0).powi(2) / 200.0).sum();
        assert!(chi2 < 43.82, "first position chi-square {chi2}");
    }

    #[test]
    fn rejection_keeps_small_bounds_in_range() {
        let mut s = Stream::new([7; 32]);
        for b in 1..50u64 {
            assert!(s.below(b) < b);
        }
    }

    fn stratum(key: &str, ids: std::ops::Range<i64>, n: usize, weighted: usize) -> Stratum {
        Stratum { key: key.into(), members: ids.map(|id| Member { id, weight: 1 }).collect(), n, weighted }
    }

    #[test]
    fn the_population_hash_is_the_documented_text() {
        let mut s = stratum("社会团体", 1..3, 1, 0);
        s.members[1].weight = 3;
        let text = "[社会团体]\n1\n2*3\n";
        assert_eq!(population_hash(&[s.clone()]), hex::encode(Sha256::digest(text.as_bytes())));
        assert_eq!(decode_members(&encode_members(&s.members)).unwrap(), s.members);
        assert_eq!(decode_members(b"1\nx\n"), None);
        assert_eq!(commitment("abc"), hex::encode(Sha256::digest(b"abc")));
    }

    #[test]
    fn strata_get_their_sizes_without_duplicates_and_repeat_exactly() {
        let strata = vec![stratum("a", 1..101, 10, 0), stratum("b", 101..111, 30, 0), stratum("c", 200..1200, 40, 15)];
        let seed = seed("beacon", "nonce", &population_hash(&strata));
        let out = draw_strata(&seed, &strata);
        assert_eq!(out, draw_strata(&seed, &strata), "same inputs, same sample");
        let count = |k: &str| out.iter().filter(|d| d.stratum == k).count();
        assert_eq!((count("a"), count("b"), count("c")), (10, 10, 40), "sizes, capped by the stratum");
        assert_eq!(out.iter().filter(|d| d.by_weight).count(), 15);
        let mut ids: Vec<i64> = out.iter().map(|d| d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 60, "no member twice");
        for d in &out {
            let s = strata.iter().find(|s| s.key == d.stratum).unwrap();
            assert!(s.members.iter().any(|m| m.id == d.id), "drawn from its own stratum");
        }
    }

    #[test]
    fn heavier_members_are_drawn_more_often_by_weight() {
        // Member 0 weighs 10, the 9 others 1: drawn first with probability 10/19.
        let mut s = stratum("*", 0..10, 1, 1);
        s.members[0].weight = 10;
        let hits = (0..2000u32)
            .filter(|k| draw_strata(&seed("b", &k.to_string(), "p"), std::slice::from_ref(&s))[0].id == 0)
            .count();
        let p = hits as f64 / 2000.0;
        assert!((p - 10.0 / 19.0).abs() < 0.05, "share {p}");
    }

    #[test]
    fn uniform_within_a_stratum_by_chi_square() {
        // 3,000 draws of 6 from a stratum of 30: each expected 600 times;
        // 29 degrees of freedom, 0.1 % critical value 58.30.
        let s = stratum("社会服务机构", 0..30, 6, 0);
        let mut counts = [0u32; 30];
        for k in 0..3000u32 {
            for d in draw_strata(&seed("beacon", &k.to_string(), "pop"), std::slice::from_ref(&s)) {
                counts[d.id as usize] += 1;
            }
        }
        let chi2: f64 = counts.iter().map(|&c| (c as f64 - 600.0).powi(2) / 600.0).sum();
        assert!(chi2 < 58.30, "chi-square {chi2}: {counts:?}");
    }

    #[test]
    fn inspectors_avoid_conflicts_respect_the_limit_and_repeat_exactly() {
        let seed = seed("beacon", "nonce", "hash");
        let inspectors = [1, 2, 3, 4, 5];
        // Inspector 1 may never inspect target 0; inspector 5 never anything.
        let eligible = |t: usize, k: usize| {
            let i = inspectors[k];
            !(t == 0 && i == 1) && i != 5
        };
        let a = assign_inspectors(&seed, 6, &inspectors, 2, 4, eligible).unwrap();
        assert_eq!(a, assign_inspectors(&seed, 6, &inspectors, 2, 4, eligible).unwrap());
        assert!(!a[0].contains(&1));
        for pair in &a {
            assert_eq!(pair.len(), 2);
            assert_ne!(pair[0], pair[1], "two different inspectors");
            assert!(!pair.contains(&5));
        }
        for i in inspectors {
            assert!(a.iter().filter(|p| p.contains(&i)).count() <= 4, "at most 4 targets each");
        }
        // One target each: four inspectors serve two targets; the third lacks any.
        assert_eq!(assign_inspectors(&seed, 3, &inspectors, 2, 1, eligible), Err((2, 0)));
        assert_eq!(assign_inspectors(&seed, 1, &inspectors[..2], 2, 3, eligible), Err((0, 1)));
    }

    #[test]
    fn a_known_vector_shared_with_the_python_re_implementation() {
        // The same population, plan and inputs as `python3 docs/verify_draw.py`
        // (20 %, half by weight) prints: both implementations must agree.
        let mut group = stratum("social_group", 1..21, 4, 2);
        group.members[4].weight = 3;
        let strata = vec![stratum("foundation", 21..31, 2, 1), group];
        let hash = population_hash(&strata);
        assert_eq!(hash, "e306459585da8afa4dd2514cc0098b9472ff14033d92defcf9613735505cd68c");
        let s = seed("2026-11-22 3D 538", "00112233445566778899aabbccddeeff", &hash);
        assert_eq!(hex::encode(s), "01361781b1a7ef622f2f2750cf7c44308850d52d2bf45c75f2710a9f51b2a346");
        let drawn: Vec<(i64, bool)> = draw_strata(&s, &strata).iter().map(|d| (d.id, d.by_weight)).collect();
        assert_eq!(drawn, vec![(26, true), (23, false), (8, true), (18, true), (17, false), (7, false)]);
    }
}
