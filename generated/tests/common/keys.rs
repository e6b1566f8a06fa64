//! Keys and certificates made at run time for the tests (never committed), and JWTs signed
//! with them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;

/// An RSA key pair, with its public half as PEM and as JWK components.
pub struct TestKey {
    pub private_pem: String,
    pub public_pem: String,
    pub public: rsa::PublicKey,
    /// base64url modulus and exponent, as a JWKS lists them.
    pub n: String,
    pub e: String,
}

/// A 2048-bit key (a moment to make: tests keep theirs in a `LazyLock`).
pub fn test_key() -> TestKey {
    let key = rsa::PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap();
    let public = key.to_public_key();
    TestKey {
        private_pem: key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
        public_pem: public.to_public_key_pem(LineEnding::LF).unwrap(),
        n: URL_SAFE_NO_PAD.encode(public.n_bytes()),
        e: URL_SAFE_NO_PAD.encode(public.e_bytes()),
        public,
    }
}

impl TestKey {
    /// A JWT signed RS256 with this key, naming `kid`.
    pub fn sign(&self, kid: &str, claims: &serde_json::Value) -> String {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(kid.to_string());
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(self.private_pem.as_bytes()).unwrap();
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    }

    /// The key as one entry of a JWKS.
    pub fn jwk(&self, kid: &str) -> serde_json::Value {
        serde_json::json!({"kty": "RSA", "use": "sig", "kid": kid, "n": self.n, "e": self.e})
    }
}

/// A test app registration: a key and the self-signed certificate uploaded for it.
pub struct Registration {
    pub key: TestKey,
    pub certificate_pem: String,
    pub certificate_der: Vec<u8>,
}

pub fn registration() -> Registration {
    let key = test_key();
    let signer =
        rcgen::KeyPair::from_pem_and_sign_algo(&key.private_pem, &rcgen::PKCS_RSA_SHA256).unwrap();
    let certificate = rcgen::CertificateParams::new(vec!["bot.test".to_string()])
        .unwrap()
        .self_signed(&signer)
        .unwrap();
    Registration {
        key,
        certificate_pem: certificate.pem(),
        certificate_der: certificate.der().to_vec(),
    }
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
