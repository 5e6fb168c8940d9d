//! The audit key as the binary handles it (issue 19 item 4): made on the
//! first command that writes and kept private in the data folder, required by
//! `verify-audit` for keyed records, checked before any write (a key other
//! than the one that sealed the chain is refused), and the daily jobs publish
//! the day's head that `verify-audit --head` checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: PathBuf,
}

impl Env {
    fn server(&self, data_dir: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
        c.env("DATABASE_URL", format!("sqlite://{}/s.db?mode=rwc", self.dir.display()))
            .env("DATA_DIR", data_dir)
            .env("SESSION_SECRET", "a-test-secret-of-more-than-thirty-two-bytes")
            .env_remove("AUDIT_KEY")
            .env("LOG", "warn");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.server(&self.dir).args(args).output().expect("server")
    }
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn the_audit_key_is_made_kept_private_required_and_checked() {
    let dir = std::env::temp_dir().join(format!("sunshine-audit-key-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let env = Env { dir: dir.clone() };
    let admin = ["create-admin", "--username", "first", "--password", "Audit#Key-Test-2026!qz"];

    // The first write makes the key: 64 hex digits, owner only.
    let out = env.run(&admin);
    assert!(out.status.success(), "{}", text(&out));
    let key_file = dir.join(server::config::AUDIT_KEY_FILE);
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_ne!(key, std::fs::read_to_string(dir.join(server::config::SECRET_FILE)).unwrap_or_default());
    let out = env.run(&["verify-audit"]);
    assert!(out.status.success() && text(&out).contains("audit chain intact"), "{}", text(&out));

    // The daily jobs publish today's head (run as tomorrow's); verify-audit checks a head given.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() + chrono::Duration::days(1);
    let out = env.run(&["daily-jobs", "--date", &tomorrow.to_string()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit: 1 day heads published"), "{}", text(&out));
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&format!("{}:", tomorrow - chrono::Duration::days(1))))
        .unwrap_or_else(|| panic!("no head line in {}", text(&out)))
        .to_string();
    let out = env.run(&["verify-audit", "--head", &line]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 day heads match"), "{}", text(&out));
    let mut forged = line.clone();
    let last = if forged.ends_with('0') { '1' } else { '0' };
    forged.pop();
    forged.push(last);
    let out = env.run(&["verify-audit", "--head", &forged]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("BROKEN") && text(&out).contains("given"), "{}", text(&out));
    let out = env.run(&["verify-audit", "--head", "yesterday"]);
    assert!(!out.status.success() && text(&out).contains("as in the e-mail"), "{}", text(&out));

    // Without the key (another data folder), keyed records are not verifiable, and no key is made.
    let elsewhere = dir.join("elsewhere");
    let out = env.server(&elsewhere).arg("verify-audit").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("NOT VERIFIABLE at record 1"), "{}", text(&out));
    assert!(!elsewhere.join(server::config::AUDIT_KEY_FILE).exists());

    // Another key is refused before anything is written; a short one at once.
    let other = env.server(&dir).env("AUDIT_KEY", "another-key-of-more-than-thirty-two-bytes").args(admin).output();
    let other = other.unwrap();
    assert!(!other.status.success() && text(&other).contains("sealed by another audit key"), "{}", text(&other));
    let short = env.server(&dir).env("AUDIT_KEY", "short").arg("verify-audit").output().unwrap();
    assert!(!short.status.success() && text(&short).contains("AUDIT_KEY"), "{}", text(&short));
    let out = env.run(&["verify-audit"]);
    assert!(out.status.success() && text(&out).contains("intact"), "{}", text(&out));
    std::fs::remove_dir_all(&dir).ok();
}
