//! Password hashes: Werkzeug-generated vectors must verify, and the same method and salt
//! must produce byte-identical strings.
#![cfg(feature = "web")]

use stellwerk_runtime::security::{
    DEFAULT_SALT_LENGTH, PasswordHashError, check_password_hash, gen_salt, generate_password_hash,
    generate_password_hash_with_salt,
};

/// (password, method, salt, hash) produced by Werkzeug 3.1.9's `_hash_internal`.
const WERKZEUG_HASHES: [(&str, &str, &str, &str); 10] = [
    (
        "hunter2",
        "pbkdf2:sha256:1000",
        "abcdefghijklmnop",
        "pbkdf2:sha256:1000$abcdefghijklmnop$53702f805acf606a41c225c8cd436a15c7ecdcd872d930d3026da66c9e983c14",
    ),
    (
        "hunter2",
        "pbkdf2:sha512:1000",
        "abcdefghijklmnop",
        "pbkdf2:sha512:1000$abcdefghijklmnop$4357103db493641121ee57bfa955c78bc72a255399c1f32aa2f1cc3eb5627aedf34bc122b561aef476fffb2785c7aedad3e7d34634e8c4ef871f3fc65deec7bc",
    ),
    (
        "pässwörd",
        "pbkdf2:sha256:600000",
        "XyZ0123456789abc",
        "pbkdf2:sha256:600000$XyZ0123456789abc$1a6db669bebd6eefaa629cbd29024ade790ec9f81e9090eb6b81dc658be48ff1",
    ),
    (
        "secret",
        "scrypt:1024:8:1",
        "0123456789ABCDEF",
        "scrypt:1024:8:1$0123456789ABCDEF$5e01a3c65ab4b83cc04f3cd8cd09fd4bd6623b2916947a1b60e523dddd48ef37974adab5ba8edb0bf1a02058e14f8cd81ba428e54778d21969ffd7f4b7d9f2f5",
    ),
    (
        "",
        "scrypt:2048:4:2",
        "s",
        "scrypt:2048:4:2$s$a516379d46c047a03e2aa8ed5f1a69e6703f6b0399c8128426fb199bcc6186c06b44a799e0be6510e60407a0f65841999bcd33ae65d6da92627fe90f68ca23c1",
    ),
    (
        "secret",
        "scrypt",
        "0123456789ABCDEF",
        "scrypt:32768:8:1$0123456789ABCDEF$4aedda31fdb1df135f29b77e6a082bd8cd9a21f8215540f80fb7c4bea4bba1019b86d9b3f961fa3d0c2df35ca6ab5b7755f05454613fa72bd5c1c7284ba01a1b",
    ),
    (
        "p",
        "pbkdf2",
        "SALTSALTSALTSALT",
        "pbkdf2:sha256:1000000$SALTSALTSALTSALT$bbae4aab4dedec18fdf14e878f6eb2fa621674c90966b0ae5de09f8d79ed68da",
    ),
    (
        "longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong",
        "pbkdf2:sha256:1",
        "x",
        "pbkdf2:sha256:1$x$328f405a719145947b33d208df900b1a7509749cd18d865d9bfb8a98d00fbbf8",
    ),
    (
        "p",
        "pbkdf2:sha384:10",
        "y",
        "pbkdf2:sha384:10$y$c2301b667cec465d92eecada7e3334f408d927a4c795f7e80dc586bd3ed0c9be0ea56836792bc6537e18088dc5f39ff5",
    ),
    (
        "p",
        "pbkdf2:sha224:10",
        "y",
        "pbkdf2:sha224:10$y$547ecf6c5f36b7215ae447f80e6ab971b638860f262ac6f66fd073ed",
    ),
];

/// Methods too slow for a debug build to run more than once.
fn expensive(method: &str) -> bool {
    method == "scrypt" || method == "pbkdf2" || method.ends_with(":600000")
}

#[test]
fn werkzeug_hashes_verify_and_reproduce() {
    for (password, method, salt, hash) in WERKZEUG_HASHES {
        if expensive(method) {
            continue;
        }
        assert!(check_password_hash(hash, password), "{method} verifies");
        assert!(
            !check_password_hash(hash, &format!("{password}x")),
            "{method} rejects a wrong password"
        );
        assert_eq!(
            generate_password_hash_with_salt(password, method, salt).unwrap(),
            hash,
            "{method} reproduces"
        );
    }
}

#[test]
fn werkzeug_default_cost_hashes_verify() {
    // Once: the default scrypt:32768:8:1 from Werkzeug's generate_password_hash (random
    // salt). The other default-cost vectors in the table cost seconds each in a debug build.
    assert!(check_password_hash(
        "scrypt:32768:8:1$mzvJ17GatoqsCBNv$3522d6001add1b432bc8dde0aba4162280aac8994e6de475a41df9a4082645ac51e53754025882788e0811c906dffe1aeed180de9d7885d1f9247e20495354ea",
        "hunter2"
    ));
}

#[test]
fn generated_hashes_have_werkzeugs_format() {
    let hash = generate_password_hash("pw", "pbkdf2:sha512:10").unwrap();
    let fields: Vec<&str> = hash.split('$').collect();
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[0], "pbkdf2:sha512:10");
    assert_eq!(fields[1].len(), DEFAULT_SALT_LENGTH);
    assert!(fields[1].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(fields[2].len(), 128, "sha512 digest in hex");
    assert!(check_password_hash(&hash, "pw"));
    // Canonical method strings and digest sizes.
    let scrypt = generate_password_hash_with_salt("pw", "scrypt:1024:8:1", "s").unwrap();
    assert!(scrypt.starts_with("scrypt:1024:8:1$s$"));
    assert_eq!(
        scrypt.len() - "scrypt:1024:8:1$s$".len(),
        128,
        "64-byte scrypt key in hex"
    );
    let pbkdf2 = generate_password_hash_with_salt("pw", "pbkdf2:sha256:5", "s").unwrap();
    assert_eq!(pbkdf2.split('$').nth(2).unwrap().len(), 64);
}

#[test]
fn salts_are_random_and_alphanumeric() {
    let a = gen_salt(16).unwrap();
    let b = gen_salt(16).unwrap();
    assert_ne!(a, b);
    assert_eq!(gen_salt(200).unwrap().len(), 200);
    assert_eq!(gen_salt(0), Err(PasswordHashError::InvalidSaltLength));
    // Every character of the alphabet turns up in a long salt.
    let long = gen_salt(5000).unwrap();
    for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
        assert!(long.contains(c), "{c} never drawn");
    }
}

#[test]
fn malformed_and_unknown_hashes() {
    let cases = [
        "",
        "nodollar",
        "pbkdf2:sha256:10$onlysalt",
        "md5$salt$abc",
        "plain$$",
        "pbkdf2:sha1:10$s$00",
        "pbkdf2:sha256:0$s$00",
        "pbkdf2:sha256:+5$s$00",
        "pbkdf2:sha256:10:extra$s$00",
        "scrypt:1000:8:1$s$00",
        "scrypt:1024:8$s$00",
        "scrypt:4294967296:8:1$s$00",
    ];
    for hash in cases {
        assert!(!check_password_hash(hash, "pw"), "{hash:?}");
    }
    assert!(matches!(
        generate_password_hash("pw", "md5"),
        Err(PasswordHashError::InvalidMethod(_))
    ));
    assert!(matches!(
        generate_password_hash("pw", "scrypt:3:8:1"),
        Err(PasswordHashError::InvalidParameters(_))
    ));
    // A hash must match in full: a truncated or extended digest fails.
    let good = generate_password_hash_with_salt("pw", "pbkdf2:sha256:3", "s").unwrap();
    assert!(check_password_hash(&good, "pw"));
    assert!(!check_password_hash(&good[..good.len() - 1], "pw"));
    assert!(!check_password_hash(&format!("{good}0"), "pw"));
}
