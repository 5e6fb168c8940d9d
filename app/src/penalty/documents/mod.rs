//! The penalty cases' documents (执法文书, issue 20): the templates the
//! bureau edits (`/officer/templates`, administrators), each document issued
//! with the step that makes it and kept with the text it was issued with, and
//! what the print view (`server/src/web/documents.rs`, A4 HTML and PDF)
//! reads. The rules (kinds, placeholders, filling, dates in words) are pure,
//! in `domain::penalty_case::documents`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

#[cfg(test)]
mod tests {
    use crate::domain::penalty_case::documents::DocKind;
    use crate::domain::penalty_case::Action;
    use crate::i18n::{named, Lang};

    /// The step rows' kinds (`steps::document_kind`) are the documents'.
    #[test]
    fn the_steps_kinds_are_the_documents_kinds() {
        for a in Action::ALL {
            assert_eq!(crate::penalty::steps::document_kind(a), DocKind::of(a).map(DocKind::as_str), "{a:?}");
        }
    }

    #[test]
    fn every_message_has_both_languages() {
        let keys = [
            "doc_err_malformed",
            "doc_err_unknown_placeholder",
            "doc_err_missing_value",
            "doc_err_empty",
            "audit_a_template_save",
            "audit_a_template_reset",
        ];
        for key in keys {
            for lang in [Lang::Zh, Lang::En] {
                assert!(named(lang, key).is_some_and(|t| !t.is_empty()), "no message {key} in {lang:?}");
            }
        }
    }
}
