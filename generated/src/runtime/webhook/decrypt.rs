//! The `encryptedContent` of rich notifications: a symmetric key encrypted for the
//! subscription's certificate (RSA-OAEP with SHA-1), the data signed with it (HMAC-SHA256) and
//! encrypted with it (AES-256-CBC, PKCS7, the IV its first 16 bytes).

use std::collections::HashMap;

use aes::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use rsa::pkcs8::DecodePrivateKey;
use serde::Deserialize;

use super::Rejection;

/// `encryptedContent`, as Graph sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EncryptedContent {
    /// The content, encrypted (base64).
    pub data: String,
    /// HMAC-SHA256 of the encrypted bytes (base64).
    pub data_signature: String,
    /// The symmetric key, encrypted for the certificate (base64).
    pub data_key: String,
    /// The `encryptionCertificateId` the subscription gave.
    pub encryption_certificate_id: String,
    /// The certificate's thumbprint.
    #[serde(default)]
    pub encryption_certificate_thumbprint: Option<String>,
}

/// The private keys of the certificates subscriptions encrypt for, by the
/// `encryptionCertificateId` each subscription was created with.
#[derive(Default)]
pub struct DecryptionKeys {
    keys: HashMap<String, rsa::PrivateKey>,
}

impl std::fmt::Debug for DecryptionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut ids: Vec<&String> = self.keys.keys().collect();
        ids.sort();
        f.debug_struct("DecryptionKeys").field("ids", &ids).finish()
    }
}

impl DecryptionKeys {
    /// No keys yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the key of certificate `id` (PKCS#8 PEM, `-----BEGIN PRIVATE KEY-----`).
    ///
    /// # Errors
    ///
    /// When the PEM is not an RSA private key.
    pub fn with_pem(
        mut self,
        id: impl Into<String>,
        private_key_pem: &str,
    ) -> Result<Self, Rejection> {
        let key = rsa::PrivateKey::from_pkcs8_pem(private_key_pem)
            .map_err(|e| Rejection::Encrypted(format!("the private key: {e}")))?;
        self.keys.insert(id.into(), key);
        Ok(self)
    }

    /// Checks the signature, then decrypts, and reads the content as JSON.
    ///
    /// # Errors
    ///
    /// [`Rejection::Encrypted`] for an unknown certificate, a `dataKey` that does not decrypt,
    /// a signature that does not match (checked in constant time, before decrypting), bad
    /// padding or content that is not JSON.
    pub fn decrypt(&self, content: &EncryptedContent) -> Result<serde_json::Value, Rejection> {
        let refused = |why: &str| Rejection::Encrypted(why.to_string());
        let private_key = self
            .keys
            .get(&content.encryption_certificate_id)
            .ok_or_else(|| refused("no key for its encryptionCertificateId"))?;
        let base64 = |text: &str, what: &str| {
            STANDARD
                .decode(text.trim())
                .map_err(|_| refused(&format!("`{what}` is not base64")))
        };
        let data_key = private_key
            .oaep_decrypt::<sha1::Sha1>(&base64(&content.data_key, "dataKey")?)
            .map_err(|_| refused("the dataKey does not decrypt with the certificate's key"))?;
        if data_key.len() != 32 {
            return Err(refused("the dataKey is not a 256-bit key"));
        }
        let data = base64(&content.data, "data")?;
        let signature = base64(&content.data_signature, "dataSignature")?;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&data_key)
            .map_err(|_| refused("the dataKey cannot key HMAC-SHA256"))?;
        mac.update(&data);
        mac.verify_slice(&signature)
            .map_err(|_| refused("the dataSignature does not match the data"))?;
        let plain = cbc::Decryptor::<aes::Aes256>::new_from_slices(&data_key, &data_key[..16])
            .map_err(|_| refused("the dataKey cannot key AES-256-CBC"))?
            .decrypt_padded_vec::<Pkcs7>(&data)
            .map_err(|_| refused("the data does not decrypt (padding)"))?;
        serde_json::from_slice(&plain).map_err(|_| refused("the decrypted content is not JSON"))
    }
}
