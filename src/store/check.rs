//! `staywell check`: SQLite integrity, SQLCipher page integrity and the audit chain.

use super::audit::ChainStatus;
use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Problems PRAGMA integrity_check found (empty when it says ok).
    pub integrity: Vec<String>,
    /// Pages whose HMAC failed (PRAGMA cipher_integrity_check).
    pub cipher: Vec<String>,
    pub audit: ChainStatus,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty()
            && self.cipher.is_empty()
            && matches!(self.audit, ChainStatus::Verified { .. })
    }
}

impl Store {
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let cipher: Vec<String> = self
            .conn
            .prepare("PRAGMA cipher_integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        let audit = self.verify_audit_chain()?;
        Ok(CheckReport {
            integrity,
            cipher,
            audit,
        })
    }
}
