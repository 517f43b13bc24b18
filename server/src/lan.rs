//! `wxweb serve --lan`: serves over HTTPS on the machine's LAN address, so a phone on the
//! same network can open the mini program (browsers give sensors and geolocation to
//! secure contexts only). The self-signed certificate is made once with rcgen, for the
//! LAN address, `localhost` and `127.0.0.1`, and kept in the certificate folder (made
//! again when the LAN address changes). The URL is printed with a QR code and shown on
//! the simulator page (`GET /__wxweb/lan`), with the token other machines need (see
//! `access`). Connections are accepted, with their TLS handshake, in `listen`.

use std::fs;
use std::io;
use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use qrcode::render::{svg, unicode::Dense1x2};
use qrcode::QrCode;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;

/// The address other machines on the network reach this one at: the source address of
/// the route to a public address (a UDP `connect` sends nothing). `None` without a route
/// or when that address is a loopback one.
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(8, 8, 8, 8), 53)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Where the certificate is kept unless `--cert-dir` says: `$XDG_CONFIG_HOME/wxweb/lan`,
/// else `~/.config/wxweb/lan`, else `.wxweb/lan` in the current folder.
pub fn default_cert_dir() -> PathBuf {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")));
    match config {
        Some(config) => config.join("wxweb").join("lan"),
        None => PathBuf::from(".wxweb").join("lan"),
    }
}

/// The certificate and its key, PEM-encoded, and whether they were made just now.
pub struct Certificate {
    pub cert_pem: String,
    pub key_pem: String,
    pub created: bool,
    pub cert_path: PathBuf,
}

/// The names a certificate for `ip` covers, one per line (kept next to it, to tell when
/// the LAN address has changed).
fn names(ip: IpAddr) -> Vec<String> {
    vec![ip.to_string(), "localhost".to_owned(), "127.0.0.1".to_owned()]
}

/// The kept certificate for `ip` in `dir`, or a new one (saved there, the key readable by
/// its owner only).
pub fn certificate(dir: &Path, ip: IpAddr) -> io::Result<Certificate> {
    let names = names(ip);
    let (cert_path, key_path, names_path) =
        (dir.join("cert.pem"), dir.join("key.pem"), dir.join("names.txt"));
    if fs::read_to_string(&names_path).is_ok_and(|kept| kept == names.join("\n")) {
        if let (Ok(cert_pem), Ok(key_pem)) =
            (fs::read_to_string(&cert_path), fs::read_to_string(&key_path))
        {
            return Ok(Certificate { cert_pem, key_pem, created: false, cert_path });
        }
    }
    let made = rcgen::generate_simple_self_signed(names.clone()).map_err(io::Error::other)?;
    let (cert_pem, key_pem) = (made.cert.pem(), made.signing_key.serialize_pem());
    fs::create_dir_all(dir)?;
    write_private(&key_path, &key_pem)?;
    fs::write(&cert_path, &cert_pem)?;
    fs::write(&names_path, names.join("\n"))?;
    Ok(Certificate { cert_pem, key_pem, created: true, cert_path })
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file =
        fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

/// A rustls server configuration for `certificate` (HTTP/1.1, as the server speaks).
pub fn tls_config(certificate: &Certificate) -> io::Result<Arc<rustls::ServerConfig>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cert = CertificateDer::from_pem_slice(certificate.cert_pem.as_bytes())
        .map_err(io::Error::other)?;
    let key =
        PrivateKeyDer::from_pem_slice(certificate.key_pem.as_bytes()).map_err(io::Error::other)?;
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .map_err(io::Error::other)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// `url` as a QR code for a terminal: two rows of modules per line, light modules drawn
/// (as `qrencode -t UTF8` does, for the usual light-on-dark terminal), with a quiet zone.
pub fn qr_text(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// `url` as an SVG QR code (black on white), for the simulator page.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(code.render::<svg::Color>().min_dimensions(160, 160).quiet_zone(true).build())
}

/// What `wxweb serve --lan` prints after its first line (the URL).
pub fn instructions(url: &str, certificate: &Certificate) -> String {
    let qr = qr_text(url).unwrap_or_default();
    let made = if certificate.created { "made a new" } else { "using the" };
    format!(
        "\n{qr}\n\nOpen {url} on a phone on the same network (scan the code above).\n\
         wxweb {made} self-signed certificate, kept in {}.\n\
         The first time, the phone's browser warns that the connection is not private:\n\
         choose \"Advanced\" / \"Show details\" and continue to the site. This is expected\n\
         for a certificate made on this machine, and asked once per browser until the\n\
         LAN address changes. To avoid the warning, install that cert.pem on the phone as\n\
         a trusted certificate.\n",
        certificate.cert_path.display()
    )
}

/// `GET /__wxweb/lan`: `{url, svg}` when serving on the LAN (the URL with its token: only
/// this machine and clients that have the token get past `access`), `{url: null}` otherwise.
pub fn router(url: Option<String>) -> Router {
    let answer = url.and_then(|url| qr_svg(&url).map(|svg| json!({ "url": url, "svg": svg })));
    Router::new().route(
        "/__wxweb/lan",
        get(move || {
            let answer = answer.clone();
            async move {
                match answer {
                    Some(answer) => Json(answer).into_response(),
                    // A 200, not a 404: the simulator asks at every start, and a failed
                    // request shows red on the browser's console (which fails CI suites).
                    None => Json(json!({
                        "url": null,
                        "error": "not serving on the LAN (wxweb serve --lan)"
                    }))
                    .into_response(),
                }
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_qr_code_is_drawn_with_block_glyphs() {
        let text = qr_text("https://192.168.1.23:8420/").unwrap();
        assert!(text.lines().count() > 10);
        assert!(text.lines().all(|line| line.chars().all(|c| " █▀▄".contains(c))));
    }

    #[test]
    fn the_svg_is_a_qr_code() {
        let svg = qr_svg("https://10.0.0.2:8420/").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[test]
    fn the_certificate_is_kept_and_remade_for_a_new_address() {
        let dir = tempfile::tempdir().unwrap();
        let ip: IpAddr = "192.168.1.23".parse().unwrap();
        let first = certificate(dir.path(), ip).unwrap();
        assert!(first.created);
        assert!(first.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        let again = certificate(dir.path(), ip).unwrap();
        assert!(!again.created);
        assert_eq!(again.cert_pem, first.cert_pem);
        let moved = certificate(dir.path(), "192.168.1.99".parse().unwrap()).unwrap();
        assert!(moved.created);
        assert_ne!(moved.cert_pem, first.cert_pem);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("key.pem")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key is private");
        }
        assert!(tls_config(&moved).is_ok());
    }

    #[test]
    fn the_default_folder_is_under_the_config_dir() {
        assert!(default_cert_dir().ends_with("wxweb/lan"));
    }
}
