pub mod block;
pub mod fields;
pub mod hint;
pub mod hits;
pub mod input;
pub mod limit;
pub mod message;
pub mod table;
