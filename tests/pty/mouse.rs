//! The mouse in a real terminal: the app turns SGR mouse reports on, and the bytes a terminal
//! sends for a click land on a tab and on a row; `--no-mouse` leaves the mouse to the terminal.

use super::*;
use vt100::{MouseProtocolEncoding, MouseProtocolMode};

impl Tui {
    /// Where `text` first shows on the screen: (column, row), from 0.
    fn position_of(&self, text: &str) -> (u16, u16) {
        self.wait_for(text);
        let contents = self.contents();
        contents
            .lines()
            .enumerate()
            .find_map(|(y, line)| {
                let at = line.find(text)?;
                Some((line[..at].chars().count() as u16, y as u16))
            })
            .expect("shown")
    }

    /// A left click as an xterm-compatible terminal reports it in SGR mode: press and
    /// release, 1-based column and row.
    fn click_on(&mut self, text: &str) {
        let (x, y) = self.position_of(text);
        self.send(&format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            x + 1,
            y + 1,
            x + 1,
            y + 1
        ));
    }

    fn mouse_mode(&self) -> (MouseProtocolMode, MouseProtocolEncoding) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        (
            screen.mouse_protocol_mode(),
            screen.mouse_protocol_encoding(),
        )
    }
}

#[test]
fn real_sgr_clicks_switch_pane_select_a_row_and_open_it() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let now = room_on_the_board(chrono::Duration::minutes(3));
    walk_in(&mut store, Some("Kit"), now - chrono::Duration::minutes(3));
    walk_in(&mut store, Some("Sam"), now - chrono::Duration::minutes(1));
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Intake │");
    let (mode, encoding) = tui.mouse_mode();
    assert_ne!(mode, MouseProtocolMode::None, "mouse reports are on");
    assert_eq!(encoding, MouseProtocolEncoding::Sgr);

    tui.click_on("2 Plans");
    tui.wait_for("Plans │");
    tui.click_on("1 Intake");
    tui.wait_for("Intake │");
    // Kit arrived first and is selected; a click selects Sam, a second click opens the visit.
    tui.click_on("Sam");
    tui.click_on("Sam");
    tui.wait_for("Visit — Sam");
    tui.send("\x1b");
    tui.wait_for(&board_summary(2, 2));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        tui.mouse_mode().0,
        MouseProtocolMode::None,
        "mouse reports are off again on quit"
    );
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let mut tui = Tui::start(home.path(), &["--no-mouse", "--db", db.to_str().unwrap()]);
    unlock_and_sign_in(&mut tui);
    tui.wait_for("Intake │");
    assert_eq!(tui.mouse_mode().0, MouseProtocolMode::None);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
