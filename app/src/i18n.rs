//! Messages in zh-CN (default) and English. The text lives in `locales/*.toml`;
//! `build.rs` turns the keys into constants (`k::NAV_HOME`), so an unknown key
//! is a compile error and both languages always have every key.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Index of a message in the generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(pub usize);

include!(concat!(env!("OUT_DIR"), "/i18n_keys.rs"));

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of the `lang` cookie and of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// Reads the `lang=` value from a `Cookie` header.
    pub fn from_cookie_header(header: &str) -> Lang {
        header.split(';').filter_map(|p| p.trim().strip_prefix("lang=")).map(Lang::from_code).next().unwrap_or_default()
    }
}

pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Zh => ZH[key.0],
        Lang::En => EN[key.0],
    }
}

/// Looks a message up by its name (used for error codes that cross the wire).
/// Unknown names come back unchanged, which a test guards against.
pub fn lookup(lang: Lang, name: &str) -> String {
    named(lang, name).unwrap_or(name).to_string()
}

/// A field's message as the page shows it: the message named by its key, with
/// `{arg}` filled from a message written `key|arg` (`FieldError::with_arg`).
pub fn message(lang: Lang, message: &str) -> String {
    match message.split_once('|') {
        Some((key, arg)) => lookup(lang, key).replace("{arg}", arg),
        None => lookup(lang, message),
    }
}

/// The message named `name`, if there is one.
pub fn named(lang: Lang, name: &str) -> Option<&'static str> {
    NAMES.binary_search(&name).ok().map(|i| text(lang, Key(i)))
}

/// The text of a stored code, from the message named `prefix` + `code` (e.g.
/// `cr_reason_` + `party`), or the one named `prefix` + `fallback` when the
/// code has none: CSV files and e-mails say what the pages say.
pub fn coded(lang: Lang, prefix: &str, code: &str, fallback: &str) -> &'static str {
    let find = |c: &str| named(lang, &format!("{prefix}{c}"));
    find(code).or_else(|| find(fallback)).unwrap_or("")
}

/// The language of this page: from the request's cookie on the server, from
/// `<html lang>` in the browser (the server wrote it).
pub fn use_lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    let lang = detect();
    provide_context(lang);
    lang
}

#[cfg(feature = "ssr")]
fn detect() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn detect() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            return Lang::from_code(&el.get_attribute("lang").unwrap_or_default());
        }
    }
    Lang::Zh
}

/// The message `key` in the page's language.
pub fn t(key: Key) -> &'static str {
    text(use_lang(), key)
}

/// The message `key` with `{name}` placeholders replaced.
pub fn tf(key: Key, args: &[(&str, String)]) -> String {
    text_with(use_lang(), key, args)
}

/// The message `key` in `lang` with `{name}` placeholders replaced (for
/// texts written on the server: CSV files and e-mails).
pub fn text_with(lang: Lang, key: Key, args: &[(&str, String)]) -> String {
    let mut s = text(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_code_has_its_text_in_both_languages() {
        use crate::domain::{annual_report::ReportStatus, credit::REASONS, lottery::CHECKLIST};
        let has = |prefix: &str, code: &str| {
            let name = format!("{prefix}{code}");
            assert!(named(Lang::Zh, &name).is_some(), "no message {name}");
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(coded(lang, prefix, code, "-"), lookup(lang, &name));
            }
        };
        REASONS.iter().for_each(|r| has("cr_reason_", r.0));
        CHECKLIST.iter().for_each(|i| has("lot_item_", i));
        ["repaired", "period_ended", "moved_to_serious", "deregistered", "decision"]
            .iter()
            .for_each(|c| has("cr_removal_", c));
        ["qualified", "basic", "unqualified"].iter().for_each(|c| has("rpt_conclusion_", c));
        let statuses = [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Concluded];
        statuses.iter().for_each(|s| has("rpt_status_", s.as_str()));
        ["applied", "eligible", "ineligible", "scoring", "scored", "notice", "granted", "not_rated"]
            .iter()
            .for_each(|c| has("rate_status_", c));
        // An unknown code reads as the fallback's text, never as a message name.
        assert_eq!(coded(Lang::Zh, "cr_reason_", "nonsense", "other"), "法律、行政法规规定的其他情形");
        assert_eq!(coded(Lang::Zh, "rpt_status_", "returned", "concluded"), "已退回修改");
        assert_eq!(coded(Lang::Zh, "nope_", "x", "y"), "");
    }

    #[test]
    fn names_are_sorted_for_lookup() {
        assert!(NAMES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(lookup(Lang::Zh, "nav_home"), text(Lang::Zh, k::NAV_HOME));
    }

    #[test]
    fn every_error_key_of_the_domain_exists() {
        use crate::domain::{credit_code::CodeError, money::MoneyError};
        let keys = [
            CodeError::Empty.message_key(),
            CodeError::Length.message_key(),
            CodeError::Charset.message_key(),
            CodeError::Region.message_key(),
            CodeError::CheckDigit.message_key(),
            CodeError::NotCivilAffairs.message_key(),
            CodeError::TypeMismatch.message_key(),
            MoneyError::Format.message_key(),
            MoneyError::Negative.message_key(),
            MoneyError::TooLarge.message_key(),
            "err_report_dues_only_groups",
            "err_report_income_total",
            "err_report_spend_total",
            "err_report_balance",
            "warn_report_spending_below_minimum",
            "warn_report_admin_over_cap",
            "basis_prior_income",
            "basis_prior_net_assets",
            "basis_prior_net_assets_and_income",
        ];
        for key in keys {
            assert!(NAMES.binary_search(&key).is_ok(), "missing message {key}");
        }
    }

    #[test]
    fn cookie_header_selects_language() {
        assert_eq!(Lang::from_cookie_header("sid=x; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("sid=x"), Lang::Zh);
    }
}
