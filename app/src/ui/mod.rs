//! Shared components: layout, form fields with errors, tables and pagination.

pub mod form;
pub mod layout;
pub mod table;
