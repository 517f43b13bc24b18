//! `wxweb serve --lan`: the printed URL answers over HTTPS to a client that trusts the
//! generated certificate (and only to such a client), and the QR codes printed in the
//! terminal and served to the simulator page (`/__wxweb/lan`) decode to that URL.

mod common;

use common::{run, Server};

/// Starts `wxweb serve --lan` and returns it with what it printed up to the end of its
/// instructions.
fn start(cert_dir: &std::path::Path) -> (Server, Vec<String>) {
    let cert_dir = cert_dir.to_str().unwrap();
    let server = Server::start_until(&["--lan", "--port", "0", "--cert-dir", cert_dir], |line| {
        line.contains("trusted certificate")
    });
    let lines = server.lines.clone();
    (server, lines)
}

/// The QR code's modules from the printed block glyphs (a drawn glyph half is a light
/// module), `true` for dark.
fn modules(lines: &[String]) -> Vec<Vec<bool>> {
    let drawing =
        lines.iter().filter(|line| !line.is_empty() && line.chars().all(|c| " █▀▄".contains(c)));
    let mut rows = Vec::new();
    for line in drawing {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for glyph in line.chars() {
            top.push(!matches!(glyph, '█' | '▀'));
            bottom.push(!matches!(glyph, '█' | '▄'));
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// The QR code's modules from the SVG's path (`M{left} {top}h{w}v{h}H{left}V{top}` for
/// each dark rectangle, in SVG units).
fn modules_of_svg(svg: &str) -> Vec<Vec<bool>> {
    let number = |text: &str, key: &str| -> usize {
        let start = text.find(key).unwrap() + key.len();
        text[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (width, height) = (number(svg, "width=\""), number(svg, "height=\""));
    let mut modules = vec![vec![false; width]; height];
    let path = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    for rect in path.split('M').filter(|rect| !rect.is_empty()) {
        let values: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|value| !value.is_empty())
            .map(|value| value.parse().unwrap())
            .collect();
        let (left, top, w, h) = (values[0], values[1], values[2], values[3]);
        for row in &mut modules[top..top + h] {
            row[left..left + w].fill(true);
        }
    }
    modules
}

/// Reads the QR code as a camera would: drawn at 4 pixels a module, found and decoded by rqrr.
fn decode(modules: &[Vec<bool>]) -> String {
    const SCALE: usize = 4;
    let (height, width) = (modules.len(), modules[0].len());
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width * SCALE, height * SCALE, |x, y| {
            if modules[y / SCALE][x / SCALE] {
                0
            } else {
                255
            }
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().unwrap().1
}

#[test]
fn the_printed_url_serves_https_with_the_kept_certificate_and_the_qr_code_names_it() {
    let cert_dir = tempfile::tempdir().unwrap();
    if wxweb_server::lan::lan_address().is_none() {
        let output = run(&["--lan", "--port", "0"]);
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("no LAN address found"));
        return;
    }
    let (_server, lines) = start(cert_dir.path());
    let url = lines[0].rsplit_once(" at ").unwrap().1.to_owned();
    let (base, token) = url.split_once("?token=").unwrap();
    assert!(base.starts_with("https://") && base.ends_with('/'), "{url}");
    assert!(token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()), "{url}");
    assert!(lines.iter().any(|line| line.contains("not private")), "explains the warning");

    assert_eq!(decode(&modules(&lines)), url);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let pem = std::fs::read(cert_dir.path().join("cert.pem")).unwrap();
        let trusting = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .build()
            .unwrap();
        let health = trusting.get(format!("{base}__wxweb/health")).send().await.unwrap();
        assert_eq!(health.status(), 200, "a static asset: no token needed");
        assert_eq!(health.text().await.unwrap(), "ok");
        // Another machine (this one's LAN address is not loopback) needs the token.
        for path in ["", "app/app.json", "__wxweb/lan"] {
            let refused = trusting.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(refused.status(), 401, "{path}");
            assert!(refused.text().await.unwrap().contains("scan the QR code"), "{path}");
        }
        let manual = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let first = manual.get(&url).send().await.unwrap();
        assert_eq!(first.status(), 303);
        assert_eq!(first.headers()["location"], "/");
        let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("Secure")
                && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let lan = manual
            .get(format!("{base}__wxweb/lan"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lan: serde_json::Value = serde_json::from_str(&lan).unwrap();
        assert_eq!(lan["url"], url.as_str());
        assert_eq!(
            decode(&modules_of_svg(lan["svg"].as_str().unwrap())),
            url,
            "the page's QR code"
        );

        let distrusting = reqwest::Client::builder().tls_certs_only([]).build().unwrap();
        assert!(distrusting.get(format!("{base}__wxweb/health")).send().await.is_err());
    });
}

#[test]
fn the_certificate_is_kept_between_runs() {
    if wxweb_server::lan::lan_address().is_none() {
        return;
    }
    let cert_dir = tempfile::tempdir().unwrap();
    let (first, lines) = start(cert_dir.path());
    drop(first);
    assert!(lines.iter().any(|line| line.contains("made a new self-signed certificate")));
    let pem = std::fs::read(cert_dir.path().join("cert.pem")).unwrap();
    let (_second, lines) = start(cert_dir.path());
    assert!(lines.iter().any(|line| line.contains("using the self-signed certificate")));
    assert_eq!(std::fs::read(cert_dir.path().join("cert.pem")).unwrap(), pem);
}

#[test]
fn lan_and_host_exclude_each_other() {
    let output = run(&["--lan", "--host", "0.0.0.0"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("'--lan' cannot be used with '--host"));
}
