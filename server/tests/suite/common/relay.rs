//! A real SMTP relay on loopback for the server's tests: `smtp_relay.py`
//! (Python's aiosmtpd, which `scripts/setup.sh test` installs), which stores
//! every message it accepts in a folder before it answers.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Relay {
    pub port: u16,
    pub store: PathBuf,
    child: Child,
}

/// A message the relay stored: its number in the order received, its `Message-ID`, and the raw text.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub n: usize,
    pub message_id: String,
    pub raw: String,
}

impl Relay {
    /// Starts a relay storing into `store` (made afresh), with `args` for
    /// `smtp_relay.py` (`--delay S`, `--hold N`, `--starttls CERT KEY`,
    /// `--smtps CERT KEY`); waits at most 20 s for it to listen.
    pub fn start(store: &Path, args: &[&str]) -> Relay {
        let _ = std::fs::remove_dir_all(store);
        std::fs::create_dir_all(store).unwrap();
        let log = std::fs::File::create(store.with_extension("log")).unwrap();
        let mut child = Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suite/smtp_relay.py"))
            .arg("--store")
            .arg(store)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("python3 (scripts/setup.sh test installs it with aiosmtpd)");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let port = line.trim().strip_prefix("ready ").and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            let err = std::fs::read_to_string(store.with_extension("log")).unwrap_or_default();
            panic!("the SMTP relay did not start (is aiosmtpd installed? scripts/setup.sh test): {line:?}\n{err}");
        };
        Relay { port, store: store.to_path_buf(), child }
    }

    /// The messages stored so far, in the order received.
    pub fn messages(&self) -> Vec<Delivered> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.store)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        files
            .iter()
            .map(|p| {
                let raw = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
                let n = p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse().ok()).unwrap_or(0);
                Delivered { n, message_id: message_id(&raw), raw }
            })
            .collect()
    }

    /// The number of the message whose answer the relay holds (`--hold`), once it holds one.
    pub fn held(&self) -> Option<usize> {
        std::fs::read_to_string(self.store.join("HELD")).ok().and_then(|s| s.trim().parse().ok())
    }
}

/// The `Message-ID` header's value of a raw message (empty when it has none).
pub fn message_id(raw: &str) -> String {
    let head = raw.split("\r\n\r\n").next().unwrap_or(raw);
    head.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("message-id").then(|| value.trim().to_string())
        })
        .unwrap_or_default()
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
