//! Printing from a real terminal: with an `lp` on PATH (a stand-in that keeps what it is given),
//! the Plans take-away form offers Ctrl-t, the text reaches `lp` on stdin, the audit log says a
//! copy was printed, and nothing the command says is drawn over the app.

use super::*;
use staywell::domain::audit::RecordKind;
use staywell::domain::plan::{Contact, PlanContent};
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_take_away_plan_is_printed_through_lp_found_on_path() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let sam = known_person(&mut store, "Sam");
    let content = PlanContent {
        warning_signs: vec!["Not sleeping".into()],
        people_to_ask: vec![Contact::new("Mum", "07700 900123")],
        professionals: vec![Contact::new("Samaritans", "116 123")],
        ..Default::default()
    };
    let plan_id = saved_plan(&mut store, sam, &content);
    store.close().unwrap();

    // The stand-in for lp, first on PATH; it also talks on stdout and stderr, as lp does.
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let printed = home.path().join("printed.txt");
    let lp = bin.join("lp");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\ncat > '{}'\necho 'request id is office-7 (1 file(s))'\necho 'lp: noise' >&2\n",
            printed.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut tui = Tui::start_with(
        home.path(),
        &["--db", db.to_str().unwrap()],
        &[("PATH", &path)],
    );
    unlock_and_sign_in(&mut tui);
    tui.send("2");
    tui.wait_for("1 plan");
    tui.send("\r");
    tui.wait_for("Plans — Sam — version 1 of 1");
    tui.send("x");
    tui.wait_for("Ctrl-t prints it");
    tui.wait_for("The file or paper is NOT encrypted");
    tui.send("\x14"); // Ctrl-t
    tui.wait_for("Sent to the printer");
    let screen = tui.contents();
    assert!(
        !screen.contains("request id") && !screen.contains("lp: noise"),
        "what lp says is not drawn over the app:\n{screen}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let text = std::fs::read_to_string(&printed).unwrap();
    assert!(text.starts_with("My crisis prevention plan\n"), "{text}");
    let order: Vec<usize> = [
        "Who to call now",
        "- Mum: 07700 900123",
        "- Samaritans: 116 123",
        "999",
        "My warning signs",
    ]
    .iter()
    .map(|s| text.find(s).unwrap_or_else(|| panic!("{s} in {text}")))
    .collect();
    assert!(order.is_sorted(), "{text}");
    let leftovers: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") && n != "printed.txt")
        .collect();
    assert!(leftovers.is_empty(), "no file left behind: {leftovers:?}");

    let store = Store::open(&db, &passphrase()).unwrap();
    let actions: Vec<String> = store
        .audit_entries_for(RecordKind::Plan, plan_id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.iter().any(|a| a == "print"), "{actions:?}");
}
