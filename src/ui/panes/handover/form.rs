//! The handover editing form: for each visitor an I-PASS entry (stability, summary, actions with
//! owners, "if this then that"), then the free-text sections, each a multi-line editor.

use crate::domain::handover::{HandoverBody, SECTIONS, Stability};
use crate::domain::visit::LONG_TEXT_MAX;
use crate::ui::widgets::fields::{Field, FieldForm};

const PER_ENTRY: usize = 4;

pub fn form(body: &HandoverBody, title: &str) -> FieldForm {
    let mut fields = Vec::new();
    for e in &body.entries {
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
            )),
        );
        fields.push(Field::area("  summary", LONG_TEXT_MAX, &e.summary));
        fields.push(
            Field::area("  actions (owner)", LONG_TEXT_MAX, &e.actions)
                .with_hint("One per line, with who does it"),
        );
        fields.push(
            Field::area("  if / then", LONG_TEXT_MAX, &e.contingency)
                .with_hint("If this happens, then do that"),
        );
    }
    for (i, title) in SECTIONS.iter().enumerate() {
        fields.push(Field::area(*title, LONG_TEXT_MAX, body.section(i)));
    }
    FieldForm::new(title, fields)
}

/// The form's contents written back into the body it was made from.
pub fn read(form: &FieldForm, base: &HandoverBody) -> HandoverBody {
    let mut body = base.clone();
    for (i, e) in body.entries.iter_mut().enumerate() {
        let at = i * PER_ENTRY;
        if let Ok(stability) = form.picked(at, &Stability::ALL) {
            e.stability = stability;
        }
        e.summary = form.text(at + 1);
        e.actions = form.text(at + 2);
        e.contingency = form.text(at + 3);
    }
    let first_section = body.entries.len() * PER_ENTRY;
    for i in 0..SECTIONS.len() {
        *body.section_mut(i) = form.text(first_section + i);
    }
    body
}
