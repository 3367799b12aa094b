pub mod fields;
pub mod form;
pub mod hits;
pub mod input;
pub mod limit;
pub mod message;
pub mod table;
