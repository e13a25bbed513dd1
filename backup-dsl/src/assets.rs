//! Layer 4, the checked stack.
//!
//! Lambda code assets: the zips a stack deploys, found and hashed when the stack is built (never
//! by the macro, which stays hermetic), so that a code change changes the output and redeploys.
//! A directory is zipped here, deterministically (files in path order, fixed timestamps and
//! permissions, no compression), so its content hash only changes with its content: the source
//! is what the repository holds, and no prebuilt zip can fall behind it.

pub use crate::model::Asset;
use crate::model::Stack;
use crate::schema::Kind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Reads and hashes every function's code: a zip as it is, a directory zipped. Missing files are
/// simply absent from the list: the rules report them (BK408) with the path that was tried.
pub fn resolve(stack: &Stack) -> Vec<Asset> {
    let mut out = Vec::new();
    for f in stack.of_kind(Kind::LambdaFunction) {
        let Some(path) = f.body.str("code") else {
            continue;
        };
        let source = stack.asset_source(path);
        let Some((zipped, sha256_hex, sha256_base64)) = read_code(&source, path) else {
            continue;
        };
        out.push(Asset {
            resource: f.id.clone(),
            path: path.to_string(),
            source,
            zipped,
            sha256_hex,
            sha256_base64,
        });
    }
    out
}

/// A code asset read: the zip built from a directory (none for a zip file), and its hash in hex
/// and base64.
type Code = (Option<Arc<Vec<u8>>>, String, String);

/// Code already read in this process, by source path, with the files' modification times: many
/// instances of one stack share their code, and zipping and hashing it once is enough.
static READ: Mutex<Vec<ReadCode>> = Mutex::new(Vec::new());

/// A source path, the modification time of each file under it, and what was read.
type ReadCode = (PathBuf, Vec<(String, SystemTime)>, Code);

thread_local! {
    /// How many [`Snapshot`]s are alive on this thread.
    static SNAPSHOTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// While one is alive on a thread, code that thread reads once is taken as it was read, without
/// looking at its files' modification times again: one `synth` run reads each asset once,
/// however many instances use it (200 instances of the seed made 2,000 file system calls to learn
/// that nothing changed). Per thread, so that it covers one run and nothing else in the process:
/// `synth` starts one on its thread and each of its workers (see [`Snapshot::active`]), while
/// another thread (a test, a long-lived caller) still reads a changed file again.
#[must_use = "the snapshot lasts as long as the value"]
pub struct Snapshot {
    /// Dropped on the thread that started it (the count is that thread's).
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Snapshot {
    /// Starts a snapshot of the code assets on this thread.
    pub fn start() -> Snapshot {
        SNAPSHOTS.with(|n| n.set(n.get() + 1));
        Snapshot {
            _not_send: std::marker::PhantomData,
        }
    }

    /// Whether a snapshot is alive on this thread: a worker started for the same run starts
    /// its own when this holds.
    pub fn active() -> bool {
        SNAPSHOTS.with(|n| n.get() > 0)
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        SNAPSHOTS.with(|n| n.set(n.get() - 1));
    }
}

/// Reads (a zip) or zips (a directory) the code at `source`, and hashes it; reused while no file
/// under it changed, or while a [`Snapshot`] lasts.
fn read_code(source: &Path, path: &str) -> Option<Code> {
    if Snapshot::active() {
        let cache = READ.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, code)) = cache.iter().find(|(p, _, _)| p == source) {
            return Some(code.clone());
        }
    }
    let is_dir = source.is_dir();
    if !is_dir && !path.ends_with(".zip") {
        return None;
    }
    let stamps = code_version(source)?;
    let mut cache = READ.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, _, code)) = cache.iter().find(|(p, s, _)| p == source && *s == stamps) {
        return Some(code.clone());
    }
    let (bytes, zipped) = if is_dir {
        let zip = Arc::new(zip_directory(source).ok()?);
        (zip.clone(), Some(zip))
    } else {
        (Arc::new(std::fs::read(source).ok()?), None)
    };
    let digest = sha256(&bytes);
    let code: Code = (
        zipped,
        digest.iter().map(|b| format!("{b:02x}")).collect(),
        base64(&digest),
    );
    cache.retain(|(p, _, _)| p != source);
    cache.push((source.to_path_buf(), stamps, code.clone()));
    Some(code)
}

/// What code at `source` was last changed: each file's path under it (empty for a zip) and
/// modification time, in path order; `None` when it cannot be read. Reading code again is due
/// when this changes (`synth --watch` polls it).
pub fn code_version(source: &Path) -> Option<Vec<(String, SystemTime)>> {
    if source.is_dir() {
        Some(
            files_under(source)
                .ok()?
                .into_iter()
                .map(|(name, p)| {
                    let t = std::fs::metadata(&p).and_then(|m| m.modified());
                    (name, t.unwrap_or(SystemTime::UNIX_EPOCH))
                })
                .collect(),
        )
    } else {
        let t = std::fs::metadata(source).and_then(|m| m.modified()).ok()?;
        Some(vec![(String::new(), t)])
    }
}

/// Forgets the code read so far in this process: a [`Snapshot`] started after this reads each
/// asset from its files again. For a long-running caller that runs synth again and again
/// (`synth --watch`), where a snapshot would otherwise reuse code an earlier run read.
pub fn forget() {
    READ.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The files under `dir`, as (path relative to `dir` with `/` separators, absolute path), in
/// byte order of the relative path.
fn files_under(dir: &std::path::Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let meta = std::fs::metadata(&path)?;
            if meta.is_dir() {
                pending.push(path);
            } else if meta.is_file() {
                let relative = path
                    .strip_prefix(dir)
                    .map_err(|e| std::io::Error::other(e.to_string()))?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((relative, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether a file is executable (kept in the zip: a custom runtime's `bootstrap` must be).
#[cfg(unix)]
fn executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(_: &std::path::Path) -> bool {
    false
}

/// A zip of every file under `dir`, the same bytes for the same content on every machine: entries
/// in path order, stored (uncompressed), dated 1980-01-01 00:00, mode 0644 (0755 when executable),
/// UTF-8 names.
pub fn zip_directory(dir: &std::path::Path) -> std::io::Result<Vec<u8>> {
    const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
    const UTF8_NAMES: u16 = 1 << 11;
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    let files = files_under(dir)?;
    let too_big =
        || std::io::Error::other("a Lambda code directory is limited to 4 GiB and 65535 files");
    let entries = u16::try_from(files.len()).map_err(|_| too_big())?;
    for (name, path) in &files {
        let data = std::fs::read(path)?;
        let crc = crc32(&data);
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_big())?;
        let mode: u32 = if executable(path) { 0o100755 } else { 0o100644 };
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, UTF8_NAMES, 0, 0, DOS_DATE_1980_01_01] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&data);
        // Central directory entry: made by Unix (3), so the mode is read.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [(3u16 << 8) | 20, 20, UTF8_NAMES, 0, 0, DOS_DATE_1980_01_01] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&(mode << 16).to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, entries, entries] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// CRC-32 (IEEE 802.3, reflected), as zip entries carry it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 (FIPS 180-4), for content addresses; no dependency for forty lines.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (slot, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *slot = slot.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_read_under_a_snapshot_is_read_again_after_forget() {
        let dir = std::env::temp_dir().join(format!("backup-dsl-forget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("index.py");
        std::fs::write(&file, "v = 1\n").unwrap();
        let read = || {
            let _snapshot = Snapshot::start();
            read_code(&dir, "code").unwrap().1
        };
        let first = read();
        let version = code_version(&dir).unwrap();
        std::fs::write(&file, "v = 2\n").unwrap();
        // Another second on the clock, so that the modification time tells the versions apart.
        let later = SystemTime::now() + std::time::Duration::from_secs(2);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_ne!(
            code_version(&dir).unwrap(),
            version,
            "the watch sees the change"
        );
        assert_eq!(
            read(),
            first,
            "a snapshot takes code as an earlier run read it"
        );
        forget();
        assert_ne!(read(), first, "after forget, the files are read again");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn hex(d: [u8; 32]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_known_answers() {
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            hex(sha256(&long)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }

    #[test]
    fn crc32_known_answers() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn a_directory_zips_to_the_same_bytes_for_the_same_content() {
        let base = std::env::temp_dir().join(format!("backup-dsl-zip-{}", std::process::id()));
        let (a, b) = (base.join("a"), base.join("b"));
        for (dir, order) in [
            (&a, ["index.py", "lib/util.py"]),
            (&b, ["lib/util.py", "index.py"]),
        ] {
            let _ = std::fs::remove_dir_all(dir);
            std::fs::create_dir_all(dir.join("lib")).unwrap();
            // Written in another order, at another time: the zip must not care.
            for name in order {
                std::fs::write(dir.join(name), format!("# {name}\n")).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        let zip = zip_directory(&a).unwrap();
        assert_eq!(zip, zip_directory(&b).unwrap());
        // Entries in path order, with their names and contents stored.
        let text = String::from_utf8_lossy(&zip);
        let (index, util) = (
            text.find("index.py").unwrap(),
            text.find("lib/util.py").unwrap(),
        );
        assert!(index < util, "path order");
        assert!(text.contains("# lib/util.py\n"));
        assert_eq!(
            &zip[zip.len() - 22..zip.len() - 18],
            &0x0605_4b50u32.to_le_bytes()
        );
        std::fs::write(a.join("index.py"), "# changed\n").unwrap();
        assert_ne!(
            zip,
            zip_directory(&a).unwrap(),
            "the content changes the zip"
        );
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn code_is_read_again_when_it_changed_unless_a_snapshot_lasts() {
        let dir = std::env::temp_dir().join(format!("backup-dsl-snap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("index.py");
        let write = |text: &str, seconds: u64| {
            std::fs::write(&file, text).unwrap();
            let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
            std::fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(t)
                .unwrap();
        };
        write("# one\n", 1_000_000);
        let first = read_code(&dir, "code").unwrap().1;
        let snapshot = Snapshot::start();
        write("# two\n", 2_000_000);
        assert_eq!(
            read_code(&dir, "code").unwrap().1,
            first,
            "as read in this run"
        );
        // Another thread, with no snapshot of its own, reads the change.
        let elsewhere = std::thread::scope(|s| s.spawn(|| read_code(&dir, "code")).join());
        assert_ne!(
            elsewhere.unwrap().unwrap().1,
            first,
            "another thread reads it again"
        );
        drop(snapshot);
        let second = read_code(&dir, "code").unwrap().1;
        assert_ne!(second, first, "read again once the file changed");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn base64_known_answers() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
