//! Generates the i18n key table from `locales/*.toml`, so that every key used in
//! a component is checked at compile time and both languages have every key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn load(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    table
        .into_iter()
        .map(|(k, v)| match v {
            toml::Value::String(s) => (k, s),
            other => panic!("{}: key {k} is not a string: {other}", path.display()),
        })
        .collect()
}

fn main() {
    // Read when the script runs (not `env!`), so a copied target/ reads this checkout's locales.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let zh = load(&dir.join("zh-CN.toml"));
    let en = load(&dir.join("en.toml"));
    let missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(missing_en.is_empty(), "keys missing in en.toml: {missing_en:?}");
    assert!(missing_zh.is_empty(), "keys missing in zh-CN.toml: {missing_zh:?}");

    let mut out = String::new();
    out.push_str("/// Every message key, in the order of the tables below.\npub const NAMES: &[&str] = &[\n");
    for k in zh.keys() {
        writeln!(out, "    {k:?},").unwrap();
    }
    out.push_str("];\npub const ZH: &[&str] = &[\n");
    for v in zh.values() {
        writeln!(out, "    {v:?},").unwrap();
    }
    out.push_str("];\npub const EN: &[&str] = &[\n");
    for k in zh.keys() {
        writeln!(out, "    {:?},", en[k]).unwrap();
    }
    out.push_str("];\n/// Message keys, checked at compile time.\npub mod k {\n    use super::Key;\n");
    for (i, k) in zh.keys().enumerate() {
        writeln!(out, "    pub const {}: Key = Key({i});", k.to_uppercase()).unwrap();
    }
    out.push_str("}\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("i18n_keys.rs");
    std::fs::write(dest, out).unwrap();
}
