//! Password hashes in Werkzeug's format: `method$salt$hexdigest`.

use std::fmt;
use std::fmt::Write as _;

use sha2::{Sha224, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

/// Werkzeug's default PBKDF2 iteration count (since 3.1): 1 000 000.
pub const DEFAULT_PBKDF2_ITERATIONS: u32 = 1_000_000;
/// Werkzeug's default salt length: 16 characters.
pub const DEFAULT_SALT_LENGTH: usize = 16;

const SALT_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Largest scrypt memory use accepted (128 · n · r bytes): 1 GiB.
const MAX_SCRYPT_MEMORY: u64 = 1 << 30;

/// Why a password hash could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordHashError {
    /// The method is not `scrypt[:n:r:p]` or `pbkdf2[:hash[:iterations]]`.
    InvalidMethod(String),
    /// The method's parameters are out of range (e.g. `n` not a power of two).
    InvalidParameters(String),
    /// A salt length of zero.
    InvalidSaltLength,
    /// The operating system's random number generator failed.
    Random,
}

impl fmt::Display for PasswordHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordHashError::InvalidMethod(m) => write!(f, "invalid hash method {m:?}"),
            PasswordHashError::InvalidParameters(m) => {
                write!(f, "invalid parameters for hash method {m:?}")
            }
            PasswordHashError::InvalidSaltLength => write!(f, "salt length must be at least 1"),
            PasswordHashError::Random => write!(f, "the system random number generator failed"),
        }
    }
}

impl std::error::Error for PasswordHashError {}

/// A random salt of `length` characters from `[A-Za-z0-9]`, drawn from the operating
/// system's CSPRNG without modulo bias.
pub fn gen_salt(length: usize) -> Result<String, PasswordHashError> {
    if length == 0 {
        return Err(PasswordHashError::InvalidSaltLength);
    }
    let mut salt = String::with_capacity(length);
    let mut pool = [0u8; 64];
    while salt.len() < length {
        getrandom::fill(&mut pool).map_err(|_| PasswordHashError::Random)?;
        // 248 = 4 · 62: bytes at or above it would favour the first characters.
        for &b in pool.iter().filter(|&&b| b < 248) {
            if salt.len() == length {
                break;
            }
            salt.push(char::from(SALT_CHARS[usize::from(b % 62)]));
        }
    }
    Ok(salt)
}

/// Hashes a password for storage, in the format Werkzeug (and Flask apps) use, so hashes
/// move freely between the two.
///
/// `method` is `scrypt` (the default in Werkzeug: `scrypt:32768:8:1`), `scrypt:n:r:p`,
/// `pbkdf2` (`pbkdf2:sha256:1000000`), `pbkdf2:<hash>` or `pbkdf2:<hash>:<iterations>`
/// with hash `sha224`, `sha256`, `sha384` or `sha512`. The salt has
/// [`DEFAULT_SALT_LENGTH`] characters.
///
/// ```
/// use stellwerk_runtime::security::{check_password_hash, generate_password_hash};
///
/// // Low cost to keep the example fast; use "scrypt" in production.
/// let hash = generate_password_hash("hunter2", "scrypt:1024:8:1").unwrap();
/// assert!(hash.starts_with("scrypt:1024:8:1$"));
/// assert!(check_password_hash(&hash, "hunter2"));
/// assert!(!check_password_hash(&hash, "hunter3"));
/// ```
pub fn generate_password_hash(password: &str, method: &str) -> Result<String, PasswordHashError> {
    let salt = gen_salt(DEFAULT_SALT_LENGTH)?;
    generate_password_hash_with_salt(password, method, &salt)
}

/// [`generate_password_hash`] with a given salt (for reproducible hashes in tests).
///
/// ```
/// use stellwerk_runtime::security::generate_password_hash_with_salt;
///
/// let hash = generate_password_hash_with_salt("pw", "pbkdf2:sha256:1000", "salt").unwrap();
/// assert_eq!(hash.split('$').collect::<Vec<_>>()[..2], ["pbkdf2:sha256:1000", "salt"]);
/// ```
pub fn generate_password_hash_with_salt(
    password: &str,
    method: &str,
    salt: &str,
) -> Result<String, PasswordHashError> {
    let (digest, actual_method) = hash_internal(method, salt, password)?;
    Ok(format!("{actual_method}${salt}${digest}"))
}

/// Checks a password against a hash from [`generate_password_hash`] or Werkzeug, in
/// constant time with respect to the digest. A malformed hash or an unknown method gives
/// `false` (Werkzeug raises for unknown methods).
///
/// ```
/// use stellwerk_runtime::security::check_password_hash;
///
/// // Made by Werkzeug: generate_password_hash("hunter2", "pbkdf2:sha256:1000").
/// let hash = "pbkdf2:sha256:1000$abcdefghijklmnop$53702f805acf606a41c225c8cd436a15c7ecdcd872d930d3026da66c9e983c14";
/// assert!(check_password_hash(hash, "hunter2"));
/// assert!(!check_password_hash(hash, "hunter3"));
/// assert!(!check_password_hash("no dollar signs", "x"));
/// ```
pub fn check_password_hash(pwhash: &str, password: &str) -> bool {
    let mut fields = pwhash.splitn(3, '$');
    let (Some(method), Some(salt), Some(expected)) = (fields.next(), fields.next(), fields.next())
    else {
        return false;
    };
    match hash_internal(method, salt, password) {
        Ok((digest, _)) => digest.as_bytes().ct_eq(expected.as_bytes()).into(),
        Err(_) => false,
    }
}

/// ASCII digits only, like Werkzeug's parameter parsing of stored (trusted) hashes.
fn parse_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Computes `(hex digest, canonical method)` for a method string.
fn hash_internal(
    method: &str,
    salt: &str,
    password: &str,
) -> Result<(String, String), PasswordHashError> {
    let mut args = method.split(':');
    let name = args.next().unwrap_or("");
    let args: Vec<&str> = args.collect();
    let invalid = || PasswordHashError::InvalidParameters(method.to_owned());
    match name {
        "scrypt" => {
            let (n, r, p): (u64, u32, u32) = match args.as_slice() {
                [] => (1 << 15, 8, 1),
                [n, r, p] => (
                    parse_number(n).ok_or_else(invalid)?,
                    parse_number(r).ok_or_else(invalid)?,
                    parse_number(p).ok_or_else(invalid)?,
                ),
                _ => return Err(invalid()),
            };
            if n < 2 || !n.is_power_of_two() || 128 * n * u64::from(r) > MAX_SCRYPT_MEMORY {
                return Err(invalid());
            }
            let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| invalid())?;
            let params = scrypt::Params::new(log_n, r, p, 64).map_err(|_| invalid())?;
            let mut key = [0u8; 64];
            scrypt::scrypt(password.as_bytes(), salt.as_bytes(), &params, &mut key)
                .map_err(|_| invalid())?;
            Ok((hex(&key), format!("scrypt:{n}:{r}:{p}")))
        }
        "pbkdf2" => {
            let (hash_name, iterations) = match args.as_slice() {
                [] => ("sha256", DEFAULT_PBKDF2_ITERATIONS),
                [h] => (*h, DEFAULT_PBKDF2_ITERATIONS),
                [h, i] => (*h, parse_number(i).ok_or_else(invalid)?),
                _ => return Err(invalid()),
            };
            if iterations == 0 {
                return Err(invalid());
            }
            let (pw, salt) = (password.as_bytes(), salt.as_bytes());
            let digest = match hash_name {
                "sha224" => hex(&pbkdf2::pbkdf2_hmac_array::<Sha224, 28>(
                    pw, salt, iterations,
                )),
                "sha256" => hex(&pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(
                    pw, salt, iterations,
                )),
                "sha384" => hex(&pbkdf2::pbkdf2_hmac_array::<Sha384, 48>(
                    pw, salt, iterations,
                )),
                "sha512" => hex(&pbkdf2::pbkdf2_hmac_array::<Sha512, 64>(
                    pw, salt, iterations,
                )),
                _ => return Err(PasswordHashError::InvalidMethod(method.to_owned())),
            };
            Ok((digest, format!("pbkdf2:{hash_name}:{iterations}")))
        }
        _ => Err(PasswordHashError::InvalidMethod(method.to_owned())),
    }
}
