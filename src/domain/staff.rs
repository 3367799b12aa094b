//! Staff members: the people who sign in (shift leads and colleagues).

pub const NAME_MAX: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub is_admin: bool,
    pub active: bool,
}
