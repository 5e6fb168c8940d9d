//! Search tokens for Chinese names.
//!
//! A name is indexed as its character unigrams and bigrams, so that a query of
//! any length is served by the index: one character matches a unigram, two or
//! more match all of their bigrams (the candidates are then checked for the
//! exact substring). The FTS5 trigram tokenizer cannot answer one- or
//! two-character queries, the commonest kind in Chinese.

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

    #[test]
    fn code_like_queries() {
        assert!(looks_like_code("5311"));
        assert!(!looks_like_code("慈善"));
        assert!(!looks_like_code("5"));
    }
}
