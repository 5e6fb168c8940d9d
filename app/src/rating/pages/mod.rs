//! Pages of rating.
