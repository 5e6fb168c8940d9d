//! Search tokens for Chinese names.
//!
//! A name is indexed as its character unigrams and bigrams, so that a query of
//! any length is served by the index: one character matches a unigram, two or
//! more match all of their bigrams (the candidates are then checked for the
//! exact substring). The FTS5 trigram tokenizer cannot answer one- or
//! two-character queries, the commonest kind in Chinese.
//!
//! The index is a posting table of (token, organization): each token of a
//! name with the positions where it starts, and the prefixes of the credit
//! code. A search reads each token's organizations in descending id and
//! intersects them; the positions tell whether the tokens stand next to each
//! other as in the query, so the name itself is only read when they cannot
//! (see [`name_postings`]).

/// Lower-cases ASCII and drops whitespace and punctuation.
pub fn normalize(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// The distinct unigrams and bigrams of `text`, in first-seen order.
pub fn index_tokens(text: &str) -> Vec<String> {
    let chars = normalize(text);
    let mut out: Vec<String> = Vec::with_capacity(chars.len() * 2);
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for (i, c) in chars.iter().enumerate() {
        push(c.to_string());
        if let Some(n) = chars.get(i + 1) {
            push(format!("{c}{n}"));
        }
    }
    out
}

/// The tokens a query must all match: its single character, or its bigrams.
pub fn query_tokens(query: &str) -> Vec<String> {
    let chars = normalize(query);
    match chars.len() {
        0 => Vec::new(),
        1 => vec![chars[0].to_string()],
        _ => {
            let mut out: Vec<String> = Vec::new();
            for w in chars.windows(2) {
                let t: String = w.iter().collect();
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            out
        }
    }
}

/// The normalized query string used for the final substring check.
pub fn query_text(query: &str) -> String {
    normalize(query).into_iter().collect()
}

/// Whether a query looks like (part of) a credit code: ASCII letters and digits only.
pub fn looks_like_code(query: &str) -> bool {
    let q = query.trim();
    q.len() >= 2 && q.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The highest start position a posting records (bit 62 of a positive `i64`).
const MAX_POSITION: usize = 62;

/// A posting's positions when they are not known: the name is then read to
/// check the substring.
pub const UNKNOWN_POSITIONS: i64 = 0;

/// The longest credit-code prefix kept as a token; a longer prefix is read
/// as a range of the code's index (few organizations share one).
pub const MAX_CODE_TOKEN: usize = 12;

/// Whether the database's `lower(name)` is the normalized name itself: every
/// character is a letter or digit, and none but ASCII changes case. Only such
/// a name's tokens carry their positions.
fn plain(name: &str) -> bool {
    name.chars().all(|c| {
        c.is_alphanumeric() && (c.is_ascii() || (!c.is_uppercase() && c.to_lowercase().eq(std::iter::once(c))))
    })
}

/// The postings of a name: each distinct unigram and bigram of
/// [`index_tokens`] with the set of positions (in the normalized name) where
/// it starts, bit `p` for position `p`. The positions are
/// [`UNKNOWN_POSITIONS`] when the name is not [`plain`] (a query then matches
/// the database's `lower(name)`, which may differ from the normalized name)
/// or when the token also starts beyond position 62.
pub fn name_postings(name: &str) -> Vec<(String, i64)> {
    let chars = normalize(name);
    let known = plain(name);
    let mut out: Vec<(String, i64)> = Vec::with_capacity(chars.len() * 2);
    let mut add = |t: String, p: usize| {
        let bit = if known && p <= MAX_POSITION { 1i64 << p } else { UNKNOWN_POSITIONS };
        match out.iter_mut().find(|(x, _)| *x == t) {
            Some((_, mask)) => {
                *mask = if *mask == UNKNOWN_POSITIONS || bit == UNKNOWN_POSITIONS { 0 } else { *mask | bit }
            }
            None => out.push((t, bit)),
        }
    };
    for (i, c) in chars.iter().enumerate() {
        add(c.to_string(), i);
        if let Some(n) = chars.get(i + 1) {
            add(format!("{c}{n}"), i);
        }
    }
    out
}

/// The token of a credit-code prefix (`#` and the prefix: no name token
/// starts with `#`), when prefixes of its length are kept (2 to
/// [`MAX_CODE_TOKEN`] characters).
pub fn code_token(prefix: &str) -> Option<String> {
    let n = prefix.chars().count();
    (2..=MAX_CODE_TOKEN).contains(&n).then(|| format!("#{prefix}"))
}

/// The code-prefix tokens of a credit code, as stored.
pub fn code_postings(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    (2..=MAX_CODE_TOKEN.min(chars.len())).filter_map(|n| code_token(&chars[..n].iter().collect::<String>())).collect()
}

/// Every posting of an organization: its name's and its code's (a code
/// token's positions are never read).
pub fn postings(name: &str, code: &str) -> Vec<(String, i64)> {
    let mut out = name_postings(name);
    out.extend(code_postings(code).into_iter().map(|t| (t, UNKNOWN_POSITIONS)));
    out
}

/// A name query as the posting table answers it: each distinct token with
/// the offsets in the query where it starts, and the text the name must
/// contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameQuery {
    pub tokens: Vec<(String, Vec<usize>)>,
    pub text: String,
}

impl NameQuery {
    /// `None` when the query has no letter or digit.
    pub fn parse(query: &str) -> Option<NameQuery> {
        let chars = normalize(query);
        let mut tokens: Vec<(String, Vec<usize>)> = Vec::new();
        let mut add = |t: String, at: usize| match tokens.iter_mut().find(|(x, _)| *x == t) {
            Some((_, offsets)) => offsets.push(at),
            None => tokens.push((t, vec![at])),
        };
        match chars.len() {
            0 => return None,
            1 => add(chars[0].to_string(), 0),
            _ => {
                for (i, w) in chars.windows(2).enumerate() {
                    add(w.iter().collect(), i);
                }
            }
        }
        Some(NameQuery { tokens, text: chars.into_iter().collect() })
    }

    /// Whether a name holding every token, with these positions (one per
    /// token, in the order of `tokens`), contains the query: `None` when a
    /// position set is unknown (the name must be read).
    pub fn matches(&self, positions: &[i64]) -> Option<bool> {
        let mut at = i64::MAX;
        for ((_, offsets), &mask) in self.tokens.iter().zip(positions) {
            if mask == UNKNOWN_POSITIONS {
                return None;
            }
            for &o in offsets {
                at &= mask >> o;
            }
        }
        Some(at != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_unigrams_and_bigrams() {
        assert_eq!(index_tokens("慈善会"), vec!["慈", "慈善", "善", "善会", "会"]);
        assert_eq!(index_tokens("IT 协会"), vec!["i", "it", "t", "t协", "协", "协会", "会"]);
    }

    #[test]
    fn two_character_queries_use_one_bigram() {
        assert_eq!(query_tokens("慈善"), vec!["慈善"]);
        assert_eq!(query_tokens("协"), vec!["协"]);
        assert_eq!(query_tokens("海淀区慈善"), vec!["海淀", "淀区", "区慈", "慈善"]);
        assert!(query_tokens("  ，").is_empty());
    }

    #[test]
    fn every_substring_of_a_name_is_covered_by_its_tokens() {
        let name = "深圳市龙岗区青少年发展基金会";
        let idx = index_tokens(name);
        let chars: Vec<char> = name.chars().collect();
        for a in 0..chars.len() {
            for b in a + 1..=chars.len() {
                let q: String = chars[a..b].iter().collect();
                assert!(query_tokens(&q).iter().all(|t| idx.contains(t)), "{q}");
            }
        }
    }

    /// Every substring of a name (and nothing else of a few near misses) is
    /// found through its postings' positions.
    #[test]
    fn positions_decide_substrings() {
        let name = "深圳市龙岗区青少年发展基金会会会";
        let postings = name_postings(name);
        let lookup = |q: &NameQuery| -> Option<Vec<i64>> {
            q.tokens.iter().map(|(t, _)| postings.iter().find(|(x, _)| x == t).map(|(_, m)| *m)).collect()
        };
        let chars: Vec<char> = name.chars().collect();
        for a in 0..chars.len() {
            for b in a + 1..=chars.len() {
                let q = NameQuery::parse(&chars[a..b].iter().collect::<String>()).unwrap();
                assert_eq!(q.matches(&lookup(&q).unwrap()), Some(true), "{}", q.text);
            }
        }
        // Every bigram present, not in this order or not adjacent.
        for miss in ["会会会会", "基金会会会会", "年发展基金会会会会"] {
            let q = NameQuery::parse(miss).unwrap();
            assert_eq!(q.matches(&lookup(&q).unwrap()), Some(false), "{miss}");
        }
        assert_eq!(NameQuery::parse("会会会").unwrap().tokens, vec![("会会".to_string(), vec![0, 1])]);
        assert_eq!(NameQuery::parse(" ，"), None);
    }

    /// A name whose `lower()` may differ from its normalized form (spaces,
    /// punctuation, upper-case letters beyond ASCII) or whose token starts
    /// past position 62 is read instead.
    #[test]
    fn unknown_positions() {
        assert!(name_postings("IT 协会").iter().all(|(_, m)| *m == UNKNOWN_POSITIONS));
        assert!(name_postings("Ärzte协会").iter().all(|(_, m)| *m == UNKNOWN_POSITIONS));
        assert_eq!(name_postings("IT协会")[..2], [("i".to_string(), 1), ("it".to_string(), 1)]);
        let long = format!("{}协会", "甲".repeat(63));
        let p = name_postings(&long);
        assert_eq!(p.iter().find(|(t, _)| t == "协会").unwrap().1, UNKNOWN_POSITIONS);
        assert_eq!(p.iter().find(|(t, _)| t == "甲协").unwrap().1, 1 << 62);
        assert_eq!(p.iter().find(|(t, _)| t == "甲").unwrap().1, i64::MAX);
        let q = NameQuery::parse("协会").unwrap();
        assert_eq!(q.matches(&[UNKNOWN_POSITIONS]), None);
    }

    #[test]
    fn code_prefix_tokens() {
        let code = "51440300MJL177390X";
        let t = code_postings(code);
        assert_eq!(t.len(), 11);
        assert_eq!(t[0], "#51");
        assert_eq!(t[10], "#51440300MJL1");
        assert_eq!(code_token("5144"), Some("#5144".into()));
        assert_eq!(code_token("51440300MJL17"), None);
        assert_eq!(code_token("5"), None);
        assert!(postings("协会", code).iter().any(|(t, _)| t == "#5144"));
    }

    #[test]
    fn code_like_queries() {
        assert!(looks_like_code("5311"));
        assert!(!looks_like_code("慈善"));
        assert!(!looks_like_code("5"));
    }
}
