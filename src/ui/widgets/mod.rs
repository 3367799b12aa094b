pub mod form;
pub mod input;
pub mod message;
