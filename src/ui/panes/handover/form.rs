//! The handover editing form: for each visitor an I-PASS entry (stability, summary, actions with
//! owners, "if this then that"), then the free-text sections, each a multi-line editor.

use crate::domain::handover::{HandoverBody, SECTIONS, Stability};
use crate::domain::visit::LONG_TEXT_MAX;
use crate::ui::widgets::fields::{Field, FieldForm, FieldId};

/// Each visitor's four fields, the `n`th for the `n`th entry; then the free-text sections.
const STABILITY: FieldId = FieldId::new("stability");
const SUMMARY: FieldId = FieldId::new("summary");
const ACTIONS: FieldId = FieldId::new("actions");
const IF_THEN: FieldId = FieldId::new("if then");
const SECTION: FieldId = FieldId::new("section");

pub fn form(body: &HandoverBody, title: &str) -> FieldForm {
    let mut fields = Vec::new();
    for (n, e) in body.entries.iter().enumerate() {
        let stability = Stability::ALL
            .iter()
            .position(|s| *s == e.stability)
            .unwrap_or(0);
        fields.push(
            Field::choice(
                e.person_label.clone(),
                Stability::ALL
                    .iter()
                    .map(|s| s.label().to_string())
                    .collect(),
                stability,
            )
            .with_hint(format!(
                "{} · I-PASS: stable / watcher / unstable (not assessed until you choose)",
                e.situation
            ))
            .id(STABILITY.nth(n)),
        );
        fields.push(Field::area("  summary", LONG_TEXT_MAX, &e.summary).id(SUMMARY.nth(n)));
        fields.push(
            Field::area("  actions (owner)", LONG_TEXT_MAX, &e.actions)
                .with_hint("One per line, with who does it")
                .id(ACTIONS.nth(n)),
        );
        fields.push(
            Field::area("  if / then", LONG_TEXT_MAX, &e.contingency)
                .with_hint("If this happens, then do that")
                .id(IF_THEN.nth(n)),
        );
    }
    for (i, title) in SECTIONS.iter().enumerate() {
        fields.push(Field::area(*title, LONG_TEXT_MAX, body.section(i)).id(SECTION.nth(i)));
    }
    FieldForm::new(title, fields)
}

/// The form's contents written back into the body it was made from.
pub fn read(form: &FieldForm, base: &HandoverBody) -> HandoverBody {
    let mut body = base.clone();
    for (n, e) in body.entries.iter_mut().enumerate() {
        if let Ok(stability) = form.picked(STABILITY.nth(n), &Stability::ALL) {
            e.stability = stability;
        }
        e.summary = form.text(SUMMARY.nth(n));
        e.actions = form.text(ACTIONS.nth(n));
        e.contingency = form.text(IF_THEN.nth(n));
    }
    for i in 0..SECTIONS.len() {
        *body.section_mut(i) = form.text(SECTION.nth(i));
    }
    body
}
