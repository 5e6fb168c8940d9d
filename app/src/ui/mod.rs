//! Shared components: layout, form fields with errors, tables and pagination.

pub mod chart;
pub mod form;
pub mod layout;
pub mod table;
