//! Process hardening at start: files private to the user, no core dumps.

/// umask 077 (every file and folder staywell makes is the user's alone), no core dumps, and
/// not dumpable (no ptrace attach from other processes of the same user, no /proc/PID/mem).
pub fn harden_process() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
