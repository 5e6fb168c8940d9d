//! Wire types of the documents' templates.

use serde::{Deserialize, Serialize};

/// A kind's template in use, with its placeholders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub kind: String,
    pub version: i32,
    pub title: String,
    pub body: String,
    /// Edited by the bureau (a version after the default).
    pub edited: bool,
    /// The placeholders the kind may use.
    pub placeholders: Vec<String>,
}

/// A template as the administrators' form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateInput {
    pub kind: String,
    pub title: String,
    pub body: String,
}
