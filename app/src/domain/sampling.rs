//! The verifiable random draw of the double-random inspections (双随机、一公开).
//!
//! Algorithm `sunshine-draw-v1`, simple enough to re-implement anywhere:
//! 1. The population is the sorted list of ids; its hash is the SHA-256 of the
//!    ids in decimal, one per line (`\n` after each).
//! 2. The seed is SHA-256 of `announced value ":" officer nonce ":" population hash`,
//!    fixed before the draw from a value nobody in the bureau controls alone.
//! 3. Random numbers: block `i` is SHA-256(seed ‖ i as 8 bytes big-endian); each
//!    block gives four 64-bit big-endian numbers, used in order.
//! 4. A uniform number below `b` rejects values at or above the largest multiple
//!    of `b` (no modulo bias).
//! 5. The sample is a partial Fisher–Yates shuffle: for i in 0..n, swap item i
//!    with item i + uniform(N − i); the first n items, in that order, are drawn.
//!    A stratum `k` uses the seed SHA-256(seed ‖ ":" ‖ k).

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

/// The hash of a population (ids sorted ascending, as given).
pub fn population_hash(sorted_ids: &[i64]) -> String {
    let mut h = Sha256::new();
    for id in sorted_ids {
        h.update(id.to_string().as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
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

/// Draws `n` of `population` (sorted ids) with `seed`. Same inputs, same sample.
pub fn draw(seed: [u8; 32], population: &[i64], n: usize) -> Vec<i64> {
    let mut items = population.to_vec();
    let n = n.min(items.len());
    let mut rng = Stream::new(seed);
    for i in 0..n {
        let j = i + rng.below((items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items.truncate(n);
    items
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
        let h = population_hash(&pop);
        assert_eq!(h, population_hash(&pop));
        assert_ne!(h, population_hash(&pop[1..]));
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
}
