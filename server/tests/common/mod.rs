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
