//! The audit log, a page at a time, filtered by who, what and when.

use crate::domain::admin::AuditFilter;
use crate::domain::audit::AuditEntry;
use crate::domain::shift::local_to_utc;
use crate::domain::time::to_stored;
use crate::store::rows::invalid;
use crate::store::{Store, StoreError};
use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

impl Store {
    /// One page of the audit log, newest first: entries matching `filter` with ids below
    /// `before` (the last id of the previous page). Only the filter's conditions reach the SQL,
    /// so a staff or record filter uses its index.
    pub fn audit_page(
        &self,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(invalid("The start date is after the end date."));
        }
        let mut sql = String::from(
            "SELECT id, at, staff_id, action, record_kind, record_id FROM audit_log WHERE 1 = 1",
        );
        let mut values: Vec<Value> = Vec::new();
        let mut condition = |sql: &mut String, clause: &str, value: Value| {
            values.push(value);
            sql.push_str(&format!(" AND {clause} ?{}", values.len()));
        };
        if let Some(id) = filter.staff_id {
            condition(&mut sql, "staff_id =", Value::Integer(id));
        }
        if let Some(kind) = filter.record_kind {
            condition(&mut sql, "record_kind =", Value::Text(kind.as_str().into()));
        }
        if let Some(id) = filter.record_id {
            condition(&mut sql, "record_id =", Value::Integer(id));
        }
        if filter.from.is_some() || filter.to.is_some() {
            let tz = self.service_hours()?.tz;
            let midnight = |d: NaiveDate| to_stored(local_to_utc(tz, d, NaiveTime::MIN));
            if let Some(from) = filter.from {
                condition(&mut sql, "at >=", Value::Text(midnight(from)));
            }
            if let Some(to) = filter.to {
                condition(
                    &mut sql,
                    "at <",
                    Value::Text(midnight(to + Duration::days(1))),
                );
            }
        }
        if let Some(before) = before {
            condition(&mut sql, "id <", Value::Integer(before));
        }
        // The limit written in, not bound (see `store::rows`).
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {limit}"));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                staff_id: r.get(2)?,
                action: r.get(3)?,
                record_kind: r.get(4)?,
                record_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
