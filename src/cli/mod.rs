//! The command line. `main.rs` only calls [`main`]. Exit codes are listed in README.md and come
//! from one place: [`OpenError::exit_code`] for opening, the constants below for the rest.

use crate::app::clock::SystemClock;
use crate::app::files::io_words;
use crate::app::{App, Config, event_loop, hardening};
use crate::demo;
use crate::store::lock::TuiLock;
use crate::store::{OpenError, Passphrase, Store};
use crate::ui::theme::Theme;
use crate::ui::unlock::DemoHint;
use clap::{Parser, Subcommand};
use secrecy::SecretString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zeroize::Zeroizing;

mod check;
mod data_protection;

pub const EXIT_UNEXPECTED: u8 = 1;
pub const EXIT_CHECK_FAILED: u8 = 22;
pub const EXIT_PASSPHRASE_FILE: u8 = 23;
pub const EXIT_NO_PASSPHRASE: u8 = 24;
pub const EXIT_NO_TERMINAL: u8 = 25;
pub const EXIT_NOT_CONFIRMED: u8 = 26;
pub const EXIT_REFUSED: u8 = 27;
/// Too many wrong passphrases lately: the command was not tried (no more than ten in five
/// minutes, with growing pauses), like the app's unlock screen.
pub const EXIT_BACKOFF: u8 = 28;
/// The reader of the output went away (`staywell report ... | head -1`): as a shell reports a
/// process ended by SIGPIPE, and nothing is printed.
pub const EXIT_OUTPUT_CLOSED: u8 = 141;
/// `--db` names a file in a folder that does not exist.
pub const EXIT_NO_FOLDER: u8 = 29;

#[derive(Parser, Debug)]
#[command(
    name = "staywell",
    version,
    about = "Shift lead's app for an out-of-hours Staying Well mental-health service",
    long_about = "Shift lead's app for an out-of-hours Staying Well mental-health service.\n\n\
        Everything is kept in one encrypted database. The passphrase is typed into the app, or \
        for scripts read from --passphrase-file / STAYWELL_PASSPHRASE_FILE (a file only its \
        owner can read); it is never taken on the command line."
)]
pub struct Cli {
    /// The database file [default: staywell.db in the user's data folder]
    #[arg(long, env = "STAYWELL_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Read the passphrase from this file (it must not be readable by group or others)
    #[arg(
        long,
        env = "STAYWELL_PASSPHRASE_FILE",
        global = true,
        value_name = "FILE"
    )]
    passphrase_file: Option<PathBuf>,

    /// Leave the mouse to the terminal, so its own text selection works (the app needs no
    /// mouse: every click has a key)
    #[arg(long, env = "STAYWELL_NO_MOUSE", global = true)]
    no_mouse: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Run the app on the real database (the default)
    Run,
    /// Try staywell on a freshly generated demo database of fictional people
    Demo {
        /// How much demo data: small to look around, large (ten years) for benchmarks
        #[arg(long, value_enum, default_value = "small")]
        size: demo::Size,
        /// Times the people, visits, plans and peer assignments of that size over the same
        /// years (1 to 10; benchmarks use 3 and 10)
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=10))]
        scale: u8,
    },
    /// Verify the database: SQLite integrity, encrypted page integrity, the audit chain, its
    /// head against the anchor beside the database, and every signed record against its hash
    Check {
        /// Also compare with a head printed by an earlier check (ENTRIES:HASH)
        #[arg(long, value_name = "ENTRIES:HASH")]
        head: Option<String>,
    },
    /// Activity figures for a range of service dates (works while the app is open)
    Report {
        /// First service date, dd/mm/yyyy or yyyy-mm-dd
        #[arg(long)]
        from: String,
        /// Last service date (included), dd/mm/yyyy or yyyy-mm-dd
        #[arg(long)]
        to: String,
        /// csv: aggregated, every count rounded at random to a multiple of 5 and means
        /// perturbed (for commissioners; README "Reports"); json: every figure exact, for the
        /// service's own use
        #[arg(long, default_value = "csv")]
        format: crate::domain::report::ReportFormat,
    },
    /// Write an encrypted, consistent copy of the database to DEST (works while the app is open)
    Backup {
        /// The backup file to create (must not exist)
        dest: PathBuf,
    },
    /// Replace the database with a backup, after checking the backup; re-applies erasures
    Restore {
        /// The backup file
        src: PathBuf,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Change the database passphrase
    Rekey {
        /// Read the new passphrase from this file (must not be readable by group or others)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Subject access: write everything held about one person as JSON (unencrypted: take care)
    Export {
        /// The person's id (as in "Anonymous #ID" or Ctrl-f search results)
        #[arg(long, value_name = "ID")]
        person: i64,
        /// The file to write [default: subject-access-ID.json in the current folder]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Erase a person: remove or anonymise their identifying and free-text data everywhere
    Erase {
        #[arg(long, value_name = "ID")]
        person: i64,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Retention review: list people with no contact for longer than the retention period
    Retention {
        /// Years without contact [default: the retention setting, 20]
        #[arg(long)]
        years: Option<u32>,
        /// Erase the people listed (asks for confirmation unless --yes)
        #[arg(long)]
        erase: bool,
        #[arg(long)]
        yes: bool,
    },
    /// Print a shell completion script to standard output (for example
    /// `staywell completions bash > ~/.local/share/bash-completion/completions/staywell`)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output (for example
    /// `staywell man > ~/.local/share/man/man1/staywell.1`)
    Man,
}

/// A failure with its message and exit code.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Self {
        Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

pub(crate) fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

pub fn main() -> ExitCode {
    hardening::harden_process();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                let _ = writeln!(std::io::stderr(), "staywell: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

/// The completion script for `shell`, from the command-line definitions above.
fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "staywell", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page (roff), from the command-line definitions above: the main page, then one
/// section per command.
fn man_page() -> Result<String, Failure> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut out = Vec::new();
    let written = clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .and_then(|()| {
            for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
                let name = sub.get_name();
                writeln!(out, ".SH \"STAYWELL {}\"", name.to_uppercase())?;
                if let Some(about) = sub.get_long_about().or(sub.get_about()) {
                    writeln!(out, "{}", roff_text(&about.to_string()))?;
                }
                let usage = sub
                    .clone()
                    .bin_name(format!("staywell {name}"))
                    .render_usage();
                writeln!(out, ".PP\n{}", roff_text(&usage.to_string()))?;
                for arg in sub.get_arguments().filter(|a| !a.is_global_set()) {
                    let flag = match (arg.get_long(), arg.is_positional()) {
                        (_, true) => arg.get_id().as_str().to_uppercase(),
                        (Some(long), false) => format!("--{long}"),
                        (None, false) => continue,
                    };
                    writeln!(out, ".TP\n\\fB{}\\fR", roff_text(&flag))?;
                    if let Some(help) = arg.get_long_help().or(arg.get_help()) {
                        writeln!(out, "{}", roff_text(&help.to_string()))?;
                    }
                }
            }
            Ok(())
        });
    written.map_err(|e| {
        fail(
            EXIT_UNEXPECTED,
            format!("cannot write the manual page: {e}"),
        )
    })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Text as roff reads it literally: backslashes doubled, a leading dot or quote escaped.
fn roff_text(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `--db` whose folder does not exist gets its own message and code, not a raw OS error.
fn folder_exists(db: &Path) -> Result<(), Failure> {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(fail(
            EXIT_NO_FOLDER,
            format!(
                "the folder {} does not exist; create it (mkdir -m 700) or give another --db.",
                dir.display()
            ),
        )),
        _ => Ok(()),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    // Generated from these definitions; they need no database and no passphrase.
    match &cli.command {
        Some(Command::Completions { shell }) => return write_out(&completions(*shell)),
        Some(Command::Man) => return write_out(&man_page()?),
        _ => {}
    }
    if let Some(db) = &cli.db {
        folder_exists(db)?;
    }
    let passphrase = cli
        .passphrase_file
        .as_deref()
        .map(read_passphrase_file)
        .transpose()?;
    let mouse = !cli.no_mouse;
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => {
            let db = match cli.db {
                Some(p) => p,
                None => default_data_dir()?.join("staywell.db"),
            };
            run_tui(db, passphrase, None, mouse)
        }
        Command::Demo { size, scale } => {
            let db = match cli.db {
                Some(p) => p,
                None => {
                    let dir = default_data_dir()?.join("demo");
                    make_private_dir(&dir)?;
                    dir.join("staywell-demo.db")
                }
            };
            run_demo(db, size, usize::from(scale), mouse)
        }
        Command::Check { head } => {
            let db = cli
                .db
                .map_or_else(|| default_data_dir().map(|d| d.join("staywell.db")), Ok)?;
            check::check(&db, passphrase, head.as_deref())
        }
        command => {
            let db = cli
                .db
                .map_or_else(|| default_data_dir().map(|d| d.join("staywell.db")), Ok)?;
            data_protection::run(command, &db, passphrase)
        }
    }
}

fn run_tui(
    db: PathBuf,
    passphrase: Option<Passphrase>,
    demo: Option<DemoHint>,
    mouse: bool,
) -> Result<(), Failure> {
    if db.exists() {
        Store::preflight(&db)?;
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(fail(
            EXIT_NO_TERMINAL,
            "the app needs a terminal; `check` works without one.",
        ));
    }
    let _lock = TuiLock::acquire(&db)?;
    let config = Config {
        db_path: db,
        theme: Theme::from_env(),
        demo,
        passphrase,
        print_command: crate::app::print::find_print_command(),
    };
    let mut app = App::new(config, Box::new(SystemClock));
    event_loop::run(&mut app, mouse)
        .map_err(|e| fail(EXIT_UNEXPECTED, format!("terminal error: {}", io_words(&e))))
}

fn run_demo(db: PathBuf, size: demo::Size, scale: usize, mouse: bool) -> Result<(), Failure> {
    if db.is_dir() {
        return Err(OpenError::IsDirectory(db).into());
    }
    let lock = TuiLock::acquire(&db)?;
    if db.exists() {
        if !demo::is_demo_database(&db) {
            return Err(fail(
                OpenError::AlreadyExists(db.clone()).exit_code(),
                format!(
                    "{} exists and is not a demo database; it was left alone.",
                    db.display()
                ),
            ));
        }
        remove_database(&db);
    }
    let _ = writeln!(std::io::stderr(), "Generating the demo database…");
    let store = demo::generate_scaled(&db, size, scale, chrono::Utc::now())
        .map_err(|e| fail(EXIT_UNEXPECTED, e.to_string()))?;
    store
        .close()
        .map_err(|e| fail(EXIT_UNEXPECTED, e.to_string()))?;
    drop(lock);
    let hint = DemoHint {
        passphrase: demo::DEMO_PASSPHRASE.into(),
        staff_name: demo::DEMO_LEAD.into(),
        pin: demo::DEMO_PIN.into(),
    };
    run_tui(db, None, Some(hint), mouse)
}

fn remove_database(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// Writes to standard output. A reader that went away (`| head -1`) ends the command quietly
/// with EXIT_OUTPUT_CLOSED, never a panic.
pub(crate) fn write_out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure {
            code: EXIT_OUTPUT_CLOSED,
            message: String::new(),
        }),
        Err(e) => Err(fail(
            EXIT_UNEXPECTED,
            format!("cannot write the output: {}", io_words(&e)),
        )),
    }
}

/// Reads a passphrase file the way restic does: the whole file, less one trailing newline.
/// Refused if group or others could read it, as ssh refuses such keys.
pub(crate) fn read_passphrase_file(path: &Path) -> Result<Passphrase, Failure> {
    let meta = fs::metadata(path).map_err(|e| {
        fail(
            EXIT_PASSPHRASE_FILE,
            format!(
                "cannot read the passphrase file {}: {}",
                path.display(),
                io_words(&e)
            ),
        )
    })?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(fail(
            EXIT_PASSPHRASE_FILE,
            format!(
                "the passphrase file {} can be read by other users; run `chmod 600` on it first.",
                path.display()
            ),
        ));
    }
    let raw = Zeroizing::new(fs::read(path).map_err(|e| {
        fail(
            EXIT_PASSPHRASE_FILE,
            format!("cannot read the passphrase file: {}", io_words(&e)),
        )
    })?);
    let text = std::str::from_utf8(&raw).map_err(|_| {
        fail(
            EXIT_PASSPHRASE_FILE,
            "the passphrase file is not UTF-8 text",
        )
    })?;
    let text = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text);
    if text.is_empty() {
        return Err(fail(EXIT_PASSPHRASE_FILE, "the passphrase file is empty"));
    }
    Ok(SecretString::from(text))
}

/// Asks for the passphrase on the terminal with echo off.
pub(crate) fn prompt_passphrase() -> Result<Passphrase, Failure> {
    prompt_secret("Passphrase")
}

/// Asks on the terminal with echo off.
pub(crate) fn prompt_secret(label: &str) -> Result<Passphrase, Failure> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal;
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(fail(
            EXIT_NO_PASSPHRASE,
            "no passphrase: run in a terminal or give --passphrase-file",
        ));
    }
    eprint!("{label}: ");
    let _ = std::io::stderr().flush();
    terminal::enable_raw_mode().map_err(|e| fail(EXIT_NO_PASSPHRASE, e.to_string()))?;
    let mut buf = Zeroizing::new(String::new());
    let result = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(fail(EXIT_NO_PASSPHRASE, "cancelled"));
                }
                KeyCode::Char(c) => buf.push(c),
                KeyCode::Backspace => {
                    buf.pop();
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(fail(EXIT_NO_PASSPHRASE, e.to_string())),
        }
    };
    let _ = terminal::disable_raw_mode();
    eprintln!();
    result.map(|()| SecretString::from(buf.as_str()))
}

fn default_data_dir() -> Result<PathBuf, Failure> {
    let dirs = directories::ProjectDirs::from("", "", "staywell").ok_or_else(|| {
        fail(
            EXIT_UNEXPECTED,
            "cannot find a home folder for the database; use --db",
        )
    })?;
    let dir = dirs.data_dir().to_path_buf();
    make_private_dir(&dir)?;
    Ok(dir)
}

/// Creates a folder readable only by its owner (0700).
fn make_private_dir(dir: &Path) -> Result<(), Failure> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|_| Failure::from(OpenError::FolderNotWritable(dir.to_path_buf())))?;
    }
    Ok(())
}
