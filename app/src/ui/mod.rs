//! Shared components: layout, the page head, form fields with errors, tables and pagination.

pub mod chart;
pub mod form;
pub mod head;
pub mod layout;
pub mod load;
pub mod table;
