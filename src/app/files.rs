//! Files written outside the encrypted database: a take-away plan and a subject-access export.
//! One way to write them, so every one is made the same safe way:
//! - created new, never over something already there;
//! - readable by the owner only (0600);
//! - synced to disk;
//! - removed again if the write fails part-way, so no half copy of a visitor's data is left.

use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Writes `bytes` to a new file at `path`, readable by the owner only.
pub fn write_private_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// A file error in words: the common causes said plainly, the rest without "(os error N)".
pub fn io_words(e: &io::Error) -> String {
    use io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "the folder or file does not exist".into(),
        ErrorKind::PermissionDenied => "this user is not allowed to".into(),
        ErrorKind::AlreadyExists => "it already exists".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text.get(..at).unwrap_or(&text).to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_private_file_is_new_owner_only_and_never_overwrites() {
        let dir = std::env::temp_dir().join(format!("staywell-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("copy.txt");
        write_private_new(&path, b"first").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = write_private_new(&path, b"second").unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first", "left as it was");
        assert_eq!(io_words(&again), "it already exists");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn os_error_numbers_are_left_out() {
        let e = io::Error::from_raw_os_error(5);
        assert!(!io_words(&e).contains("os error"), "{}", io_words(&e));
    }
}
