//! Outgoing e-mail: written to the outbox in the caller's transaction; the
//! server's worker sends it (see `server/src/mailer.rs`).
//!
//! Every mail is a type of its feature that implements [`Letter`]: its
//! subject and body are texts of the locale files (both languages) with
//! `{name}` placeholders, and the type gives their values. Services enqueue
//! letters (`service::send`), never strings, and [`render`] is the one place
//! a mail's text is made.

#[cfg(feature = "ssr")]
pub mod service;

use crate::i18n::{text, Key, Lang};

/// The language mails are written in: Chinese, the bureau's language of
/// record (every letter has its English text too, checked by the tests).
pub const MAIL_LANG: Lang = Lang::Zh;

/// One kind of mail.
pub trait Letter {
    /// The locale key of the subject.
    const SUBJECT: Key;
    /// The locale key of the body.
    const BODY: Key;
    /// The value of each `{name}` placeholder of the subject and the body.
    fn values(&self) -> Vec<(&'static str, String)>;
}

/// Implements [`Letter`] for a struct whose fields are the placeholders of
/// its texts: `letter!(Type, SUBJECT_KEY, BODY_KEY, [field, …])`, each field
/// written with its `Display`.
macro_rules! letter {
    ($ty:ident, $subject:ident, $body:ident, [$($field:ident),*]) => {
        impl $crate::mail::Letter for $ty {
            const SUBJECT: $crate::i18n::Key = $crate::i18n::k::$subject;
            const BODY: $crate::i18n::Key = $crate::i18n::k::$body;
            fn values(&self) -> Vec<(&'static str, String)> {
                vec![$((stringify!($field), self.$field.to_string())),*]
            }
        }
    };
}
pub(crate) use letter;

/// The subject and body of `letter` in `lang`.
pub fn render<L: Letter>(lang: Lang, letter: &L) -> (String, String) {
    let values = letter.values();
    (fill(text(lang, L::SUBJECT), &values), fill(text(lang, L::BODY), &values))
}

/// `template` with each `{name}` of `values` replaced by its value, in one
/// pass: a value is never searched for placeholders itself (an organization
/// named `{bureau}` stays so), and braces that name no value stay as they are.
fn fill(template: &str, values: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let value = after.find('}').and_then(|j| {
            let name = &after[..j];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, j))
        });
        match value {
            Some((v, j)) => {
                out.push_str(v);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders (`{name}`) left in `s`: a test of each letter asserts
/// there are none in either language.
pub fn unfilled(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if after[..j].chars().all(|c| c.is_ascii_lowercase() || c == '_') && j > 0 => {
                out.push(after[..j].to_string());
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Asserts that `letter` renders in both languages with a subject and a body
/// and no placeholder left (each feature's mail tests call it per letter).
#[cfg(test)]
pub(crate) fn assert_renders<L: Letter>(letter: &L) {
    for lang in [Lang::Zh, Lang::En] {
        let (subject, body) = render(lang, letter);
        assert!(!subject.trim().is_empty(), "{lang:?}: empty subject");
        assert!(!body.trim().is_empty(), "{lang:?}: empty body");
        assert!(!subject.contains('\n'), "{lang:?}: subject on several lines: {subject:?}");
        assert!(unfilled(&subject).is_empty(), "{lang:?}: placeholders left in {subject:?}");
        assert!(unfilled(&body).is_empty(), "{lang:?}: placeholders left in {body:?}");
        let texts = format!("{}{}", text(lang, L::SUBJECT), text(lang, L::BODY));
        for (name, _) in letter.values() {
            assert!(texts.contains(&format!("{{{name}}}")), "{lang:?}: {{{name}}} is used by neither text");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_left_are_found() {
        assert_eq!(unfilled("【{bureau}】{year}年度"), ["bureau", "year"]);
        assert!(unfilled("JSON {\"a\": 1} and {} stay").is_empty());
    }

    #[test]
    fn filling_is_one_pass() {
        let values = vec![("org", "{bureau}".to_string()), ("bureau", "阳光市民政局".to_string())];
        assert_eq!(fill("{org}：{bureau}", &values), "{bureau}：阳光市民政局");
        assert_eq!(fill("{x} {org} {", &values), "{x} {bureau} {");
        assert_eq!(fill("无占位符", &values), "无占位符");
    }
}
