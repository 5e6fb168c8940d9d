//! What the tests that run the server binary share (each test file uses a part).
#![allow(dead_code)]

use std::io::{Read, Write};

/// A server process, killed if the test fails before it stops it.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request; the answer's head and body as text (empty when nothing listens yet).
pub fn http(port: u16, request: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let _ = s.write_all(request.as_bytes());
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether the server on `port` answers `/healthz`.
pub fn healthy(port: u16) -> bool {
    http(port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").contains(" 200 ")
}

pub mod relay;

/// A fresh, empty PostgreSQL database on the server `TEST_PG_URL` names (as
/// `sunshine_tests::fresh_db` makes one; `scripts/pg-test.sh clean` drops
/// them), and its URL. Fails the test when `TEST_PG_URL` is not set.
pub fn fresh_pg_database() -> String {
    let admin = std::env::var("TEST_PG_URL").expect(
        "TEST_PG_URL is not set: this test needs a PostgreSQL server (scripts/test.sh starts one; locally \
         `scripts/pg-test.sh start; export TEST_PG_URL=$(scripts/pg-test.sh url)`)",
    );
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let name = format!("t_{}_{nanos}", std::process::id());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = server::connect(&admin).await.expect("connect to TEST_PG_URL");
        db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("CREATE DATABASE");
        db.close().await.ok();
    });
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{name}")
}

/// Signs `username` in on the server on `port` as the login form does; the
/// session cookie (`sid=…`).
#[allow(dead_code)]
pub fn sign_in(port: u16, username: &str, password: &str) -> String {
    let body = format!("username={username}&password={}&next=", password.replace('#', "%23").replace('!', "%21"));
    let answer = http(
        port,
        &format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n\
             Referer: http://localhost/login\r\nAccept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: sid=").or_else(|| l.strip_prefix("Set-Cookie: sid=")))
        .map(|c| format!("sid={}", c.split(';').next().unwrap_or_default()))
        .unwrap_or_else(|| panic!("signing {username} in on port {port}: no session cookie: {answer}"))
}
