//! The writing desk's HTTP side against the running binary: who may use it (host,
//! access token, CSRF), that no path it is given leaves `content/`, the request limits,
//! and saving — a new write-up, an edit that keeps the rest of the file, a change on
//! disk meanwhile, a refused photo. The browser flows are in `tests/browser/desk.mjs`.

use crate::helpers::{copy_dir, manifest_dir, one, sel, start_server, traversals, Server};
use scraper::Html;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A reply as read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request (with `Host` set to `host`) and reads the reply.
fn request(address: &str, host: &str, head: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = head.trim_end_matches("\r\n");
    write!(
        stream,
        "{head}\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // The server may answer (413) before taking the whole body.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

fn get(server: &Server, path: &str) -> Reply {
    request(
        &server.address,
        &server.address,
        &format!("GET {path} HTTP/1.1"),
        b"",
    )
}

/// A multipart body of text fields and files (name, file name, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----jiebie-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    for (name, file_name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post(
    server: &Server,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Reply {
    let (kind, body) = multipart(fields, files);
    request(
        &server.address,
        &server.address,
        &format!("POST {path} HTTP/1.1\r\nContent-Type: {kind}"),
        &body,
    )
}

/// The sample site in a temporary folder, served.
fn served_sample() -> (tempfile::TempDir, Server) {
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &manifest_dir().join("content"),
        &site.path().join("content"),
    );
    copy_dir(&manifest_dir().join("themes"), &site.path().join("themes"));
    let server = start_server(site.path());
    wait_until(|| get(&server, "/__jiebie/desk/").body.contains("minmeng"));
    (site, server)
}

fn wait_until(mut ready: impl FnMut() -> bool) {
    for _ in 0..600 {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("not ready after 30 s");
}

/// The hidden inputs of the desk's form on `page`.
fn hidden(page: &str, name: &str) -> String {
    let doc = Html::parse_document(page);
    one(&doc, &format!("input[name=\"{name}\"]"))
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_string()
}

fn csrf(server: &Server) -> String {
    hidden(
        &get(
            server,
            "/__jiebie/desk/new/activity?sector=minmeng&year=2026",
        )
        .body,
        "csrf",
    )
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn the_desk_answers_its_own_host_only_and_posts_need_the_csrf_token() {
    let (site, server) = served_sample();
    let home = get(&server, "/__jiebie/desk/");
    assert_eq!(home.status, 200);
    let doc = Html::parse_document(&home.body);
    assert_eq!(one(&doc, "h1").text().collect::<String>(), "写作台");
    // DNS rebinding: another name that resolves here.
    for host in ["evil.example:80", "evil.example", "127.0.0.1:1"] {
        let reply = request(&server.address, host, "GET /__jiebie/desk/ HTTP/1.1", b"");
        assert_eq!(reply.status, 403, "{host}: {reply:?}");
    }
    let fields = [
        ("doc", "activity"),
        ("sector", "minmeng"),
        ("title", "伪造"),
        ("action", "draft"),
    ];
    let forged = post(&server, "/__jiebie/desk/save", &fields, &[]);
    assert_eq!(forged.status, 403, "{forged:?}");
    let wrong = post(
        &server,
        "/__jiebie/desk/save",
        &[fields.as_slice(), &[("csrf", "0123")]].concat(),
        &[],
    );
    assert_eq!(wrong.status, 403);
    let token = csrf(&server);
    let (kind, body) = multipart(
        &[fields.as_slice(), &[("csrf", token.as_str())]].concat(),
        &[],
    );
    let other_origin = request(
        &server.address,
        &server.address,
        &format!("POST /__jiebie/desk/save HTTP/1.1\r\nContent-Type: {kind}\r\nOrigin: http://evil.example"),
        &body,
    );
    assert_eq!(other_origin.status, 403);
    let sector_dir = site.path().join("content/sectors/minmeng/activities");
    let written = walk(&sector_dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("伪造"))
        .count();
    assert_eq!(written, 0, "nothing refused was written");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

#[test]
fn a_desk_open_to_the_network_needs_the_token_printed_on_the_terminal() {
    use std::io::BufRead;
    let site = tempfile::tempdir().unwrap();
    copy_dir(
        &manifest_dir().join("content"),
        &site.path().join("content"),
    );
    let runtime = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiebie"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .current_dir(site.path())
        .env("XDG_RUNTIME_DIR", runtime.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kept open while the server runs: it writes to it.
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        lines.push(line);
    }
    let desk_line = lines
        .iter()
        .find(|l| l.contains("token="))
        .cloned()
        .unwrap_or_default();
    let port = desk_line
        .split("0.0.0.0:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_default()
        .to_string();
    let token = desk_line
        .split("token=")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string();
    assert_eq!(token.len(), 32, "{lines:?}");
    let address = format!("127.0.0.1:{port}");
    let host = format!("192.0.2.7:{port}");
    let ask = |head: &str| request(&address, &host, head, b"");
    let without = ask("GET /__jiebie/desk/ HTTP/1.1");
    let wrong = ask("GET /__jiebie/desk/?token=00000000000000000000000000000000 HTTP/1.1");
    let given = ask(&format!("GET /__jiebie/desk/?token={token} HTTP/1.1"));
    let cookie = given
        .header("set-cookie")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let with_cookie = ask(&format!("GET /__jiebie/desk/ HTTP/1.1\r\nCookie: {cookie}"));
    // The site itself is not behind the token; only the desk is.
    let site_page = ask("GET / HTTP/1.1");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(without.status, 401, "{without:?}");
    assert_eq!(wrong.status, 401);
    assert_eq!(given.status, 303, "{given:?}");
    assert_eq!(
        given.header("location"),
        Some("/__jiebie/desk/"),
        "the token leaves the address"
    );
    assert!(given
        .header("set-cookie")
        .unwrap_or_default()
        .contains("HttpOnly"));
    assert_eq!(with_cookie.status, 200, "{with_cookie:?}");
    assert_eq!(site_page.status, 200);
}

#[test]
fn no_path_given_to_the_desk_leaves_content() {
    let (site, server) = served_sample();
    std::fs::write(site.path().join("secret.txt"), "SECRET-OUTSIDE").unwrap();
    let token = csrf(&server);
    let mut tried = 0;
    for bad in traversals()
        .iter()
        .map(|t| t.trim_start_matches('/').to_string())
        .chain([
            "../secret.txt".to_string(),
            "sectors/minmeng/activities/../../../../secret.md".to_string(),
            "/etc/passwd".to_string(),
            "site.yaml".to_string(),
        ])
    {
        let edit = get(
            &server,
            &format!("/__jiebie/desk/edit?file={}", encode(&bad)),
        );
        assert!(matches!(edit.status, 400 | 404), "{bad}: {}", edit.status);
        assert!(!edit.body.contains("SECRET-OUTSIDE"));
        let saved = post(
            &server,
            "/__jiebie/desk/save",
            &[
                ("csrf", &token),
                ("doc", "activity"),
                ("file", &bad),
                ("title", "x"),
                ("action", "draft"),
            ],
            &[],
        );
        assert_eq!(saved.status, 400, "{bad}: {saved:?}");
        tried += 1;
    }
    assert!(tried > 15);
    assert_eq!(
        std::fs::read_to_string(site.path().join("secret.txt")).unwrap(),
        "SECRET-OUTSIDE"
    );
    // A sector id that is not one is refused too, so no folder is made from it.
    let saved = post(
        &server,
        "/__jiebie/desk/save",
        &[
            ("csrf", &token),
            ("doc", "activity"),
            ("sector", "../../x"),
            ("title", "x"),
            ("action", "draft"),
        ],
        &[],
    );
    assert_eq!(saved.status, 400);
}

#[test]
fn a_request_over_the_size_limit_is_refused_and_nothing_is_written() {
    let (site, server) = served_sample();
    let token = csrf(&server);
    let big = vec![b'x'; jiebie::publish::serve::desk::MAX_BODY + 1024];
    let reply = post(
        &server,
        "/__jiebie/desk/save",
        &[
            ("csrf", &token),
            ("doc", "activity"),
            ("sector", "minmeng"),
            ("title", "过大"),
            ("action", "draft"),
        ],
        &[("photo_upload", "big.jpg", &big)],
    );
    assert_eq!(reply.status, 413, "{}", reply.status);
    let long = "字".repeat(jiebie::publish::serve::desk::MAX_TEXT_FIELD);
    let reply = post(
        &server,
        "/__jiebie/desk/save",
        &[
            ("csrf", &token),
            ("doc", "activity"),
            ("sector", "minmeng"),
            ("title", "过长"),
            ("body", &long),
            ("action", "draft"),
        ],
        &[],
    );
    assert_eq!(reply.status, 413);
    assert!(!walk(&site.path().join("content")).iter().any(|p| {
        let name = p.to_string_lossy();
        name.contains("过大") || name.contains("过长")
    }));
}

/// Saves a new write-up through the plain form (no script) and returns its file.
fn save_new(
    server: &Server,
    site: &Path,
    title: &str,
    extra: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> (Reply, Option<PathBuf>) {
    let token = csrf(server);
    let mut fields = vec![
        ("csrf", token.as_str()),
        ("doc", "activity"),
        ("sector", "minmeng"),
        ("form_year", "2026"),
        ("title", title),
        ("date", "2026-05-01"),
        ("kind", "research"),
        ("body", "第一段。\r\n\r\n第二段。"),
    ];
    fields.retain(|(key, _)| !extra.iter().any(|(k, _)| k == key));
    fields.extend_from_slice(extra);
    let reply = post(server, "/__jiebie/desk/save", &fields, files);
    let file = reply
        .header("location")
        .and_then(|l| l.split("file=").nth(1))
        .and_then(|f| f.split('&').next())
        .and_then(crate::helpers::percent_decode)
        .map(|rel| site.join("content").join(rel));
    (reply, file)
}

#[test]
fn a_write_up_saved_on_the_desk_is_written_as_a_person_would_and_published() {
    let (site, server) = served_sample();
    let (reply, file) = save_new(
        &server,
        site.path(),
        "民盟界别开展长江生态调研",
        &[("participants", "张三、李四"), ("action", "save")],
        &[],
    );
    assert_eq!(reply.status, 303, "{reply:?}");
    let file = file.expect("redirected to the saved file");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        file.starts_with(site.path().join("content/sectors/minmeng/activities/2026")),
        "{}",
        file.display()
    );
    assert!(text.contains("title: 民盟界别开展长江生态调研\n"), "{text}");
    assert!(text.contains("kind: research"), "{text}");
    assert!(
        text.contains("# 活动标题（必填）"),
        "the template's comments are kept: {text}"
    );
    assert!(
        text.ends_with("第一段。\n\n第二段。\n") || text.ends_with("第一段。\n\n第二段。"),
        "{text}"
    );
    let order: Vec<usize> = ["title:", "date:", "kind:", "participants:"]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "documented key order: {text}"
    );
    // The preview rebuilds from the saved file.
    wait_until(|| {
        get(&server, "/sectors/minmeng/")
            .body
            .contains("民盟界别开展长江生态调研")
    });
    // The edit page opens it with what was saved.
    let location = reply.header("location").unwrap().to_string();
    let page = get(&server, &location);
    assert_eq!(page.status, 200);
    let doc = Html::parse_document(&page.body);
    assert_eq!(
        one(&doc, "#f-title").value().attr("value"),
        Some("民盟界别开展长江生态调研")
    );
    assert!(
        doc.select(&sel("#notice")).next().is_some(),
        "says it was saved"
    );
}

#[test]
fn a_write_up_with_errors_is_not_published_but_can_be_saved_as_a_draft() {
    let (site, server) = served_sample();
    let (reply, file) = save_new(
        &server,
        site.path(),
        "有错误的稿件",
        &[("date", "2026-13-01"), ("action", "save")],
        &[],
    );
    assert_eq!(reply.status, 422, "{}", reply.status);
    assert!(file.is_none());
    let doc = Html::parse_document(&reply.body);
    let problems = one(&doc, "#f-date-problems").text().collect::<String>();
    assert!(
        problems.contains("错误"),
        "the error is shown at its field: {problems}"
    );
    assert!(!walk(&site.path().join("content"))
        .iter()
        .any(|p| p.to_string_lossy().contains("有错误的稿件")));
    let (reply, file) = save_new(
        &server,
        site.path(),
        "有错误的稿件",
        &[("date", "2026-13-01"), ("action", "draft")],
        &[],
    );
    assert_eq!(reply.status, 303);
    let text = std::fs::read_to_string(file.unwrap()).unwrap();
    assert!(text.contains("draft: true"), "{text}");
}

#[test]
fn editing_keeps_the_rest_of_the_file_and_a_change_on_disk_is_not_overwritten() {
    let (site, server) = served_sample();
    let rel = "sectors/minmeng/activities/desk-edit.md";
    let path = site.path().join("content").join(rel);
    let original = "---\n# 我的说明\ntitle: 原来的标题\ndate: 2026-04-01   # 当天\nkind: study\nparticipants: [张三]\nx_custom: 保留\n---\n正文。\n";
    std::fs::write(&path, original).unwrap();
    wait_until(|| {
        get(
            &server,
            &format!("/__jiebie/desk/edit?file={}", encode(rel)),
        )
        .status
            == 200
    });
    let page = get(
        &server,
        &format!("/__jiebie/desk/edit?file={}", encode(rel)),
    )
    .body;
    let base = hidden(&page, "base");
    let token = hidden(&page, "csrf");
    let fields = |title: &'static str, base: &str| {
        vec![
            ("csrf".to_string(), token.clone()),
            ("doc".into(), "activity".into()),
            ("file".into(), rel.into()),
            ("base".into(), base.to_string()),
            ("title".into(), title.into()),
            ("date".into(), "2026-04-01".into()),
            ("kind".into(), "study".into()),
            ("participants".into(), "张三".into()),
            ("body".into(), "正文。\n".into()),
            ("action".into(), "save".into()),
        ]
    };
    let as_refs = |v: &Vec<(String, String)>| {
        v.iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    let send = |v: Vec<(String, String)>| {
        let refs: Vec<(&str, &str)> = v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        post(&server, "/__jiebie/desk/save", &refs, &[])
    };
    let reply = send(as_refs(&fields("新的标题", &base)));
    assert_eq!(reply.status, 303, "{reply:?}");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        saved,
        original.replace("title: 原来的标题", "title: 新的标题"),
        "only the title line changed"
    );
    // Someone else changes the file; a save from the old form is refused.
    let theirs = saved.replace("正文。", "别人改过的正文。");
    std::fs::write(&path, &theirs).unwrap();
    let reply = send(as_refs(&fields("我的标题", &base)));
    assert_eq!(reply.status, 409, "{}", reply.status);
    assert!(Html::parse_document(&reply.body)
        .select(&sel("#conflict"))
        .next()
        .is_some());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    // Overwriting is the liaison's choice.
    let mut overwrite = as_refs(&fields("我的标题", &base));
    overwrite.push(("overwrite".into(), "true".into()));
    assert_eq!(send(overwrite).status, 303);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("title: 我的标题"));
}

#[test]
fn a_refused_photo_is_named_and_nothing_is_saved_a_good_one_is_stored_without_metadata() {
    let (site, server) = served_sample();
    let plain =
        std::fs::read(manifest_dir().join("content/sectors/huanjing/activities/2025/lake-2.jpg"))
            .unwrap();
    // An APP1 Exif segment after the start marker, as a camera writes it.
    let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS-HOME-ADDRESS";
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE1];
    photo.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    photo.extend_from_slice(exif);
    photo.extend_from_slice(&plain[2..]);
    let half = &photo[..photo.len() / 2];
    let (reply, file) = save_new(
        &server,
        site.path(),
        "照片被拒",
        &[("action", "save")],
        &[("photo_upload", "half.jpg", half)],
    );
    assert_eq!(reply.status, 422, "{}", reply.status);
    assert!(file.is_none());
    assert!(reply.body.contains("half.jpg"), "names the photo");
    // Published in one save: the description typed in the empty row belongs to the
    // photo chosen with it.
    let (reply, file) = save_new(
        &server,
        site.path(),
        "照片通过",
        &[
            ("action", "save"),
            ("photos.0.src", ""),
            ("photos.0.alt", "委员在湖边调研"),
            ("photos.0.caption", ""),
        ],
        &[("photo_upload", "现场.jpg", &photo)],
    );
    assert_eq!(reply.status, 303, "{}", reply.status);
    let file = file.unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("src: 现场.jpg"), "{text}");
    assert!(
        text.contains("alt: 委员在湖边调研"),
        "one photo entry with its description: {text}"
    );
    assert_eq!(text.matches("  - src:").count(), 1, "{text}");
    let stored = std::fs::read(file.parent().unwrap().join("现场.jpg")).unwrap();
    assert!(photo.windows(16).any(|w| w == b"GPS-HOME-ADDRESS"));
    assert!(
        !stored.windows(16).any(|w| w == b"GPS-HOME-ADDRESS"),
        "metadata removed"
    );
}

#[test]
fn commit_records_the_document_and_its_photos_in_git_and_nothing_else() {
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "core.quotepath=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (site, server) = served_sample();
    git(site.path(), &["init", "-q"]);
    git(
        site.path(),
        &["config", "user.email", "desk@example.invalid"],
    );
    git(site.path(), &["config", "user.name", "desk test"]);
    git(site.path(), &["add", "-A"]);
    git(site.path(), &["commit", "-qm", "sample"]);
    std::fs::write(site.path().join("content/unrelated.txt"), "not mine").unwrap();
    let photo =
        std::fs::read(manifest_dir().join("content/sectors/huanjing/activities/2025/lake-2.jpg"))
            .unwrap();
    let (reply, file) = save_new(
        &server,
        site.path(),
        "提交测试",
        &[("action", "draft"), ("author", "白某某")],
        &[("photo_upload", "湖.jpg", &photo)],
    );
    assert_eq!(reply.status, 303);
    let file = file.unwrap();
    let rel = file
        .strip_prefix(site.path().join("content"))
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let token = csrf(&server);
    let body = format!("csrf={token}&file={}", encode(&rel));
    let reply = request(
        &server.address,
        &server.address,
        "POST /__jiebie/desk/commit HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        body.as_bytes(),
    );
    assert_eq!(reply.status, 200, "{reply:?}");
    let log = git(site.path(), &["log", "-1", "--format=%s", "--name-only"]);
    assert!(
        log.contains("提交测试") && log.contains("白某某"),
        "the message names the document and the liaison: {log}"
    );
    assert!(log.contains("湖.jpg"), "its photo is committed: {log}");
    assert!(!log.contains("unrelated"), "nothing else is: {log}");
    let status = git(site.path(), &["status", "--porcelain"]);
    assert!(status.contains("unrelated.txt"), "{status}");
    // A forged commit is refused.
    let forged = request(
        &server.address,
        &server.address,
        "POST /__jiebie/desk/commit HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        format!("csrf=bad&file={}", encode(&rel)).as_bytes(),
    );
    assert_eq!(forged.status, 403);
}

/// A write-up's page in the preview links to its WeChat fragment, shown by the desk with
/// the published site's addresses (not the preview's), as `jiebie export wechat` writes
/// it; other pages have no such link, and the desk refuses them.
#[test]
fn a_write_up_page_offers_its_wechat_fragment() {
    let (site, server) = served_sample();
    let page = get(
        &server,
        "/sectors/gonghui/2025/2025-06-21-industrial-workers/",
    );
    assert_eq!(page.status, 200, "{page:?}");
    let doc = Html::parse_document(&page.body);
    let link = one(&doc, "#jiebie-wechat-link")
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let reply = get(&server, &link);
    assert_eq!(reply.status, 200, "{reply:?}");
    let shown = Html::parse_document(&reply.body);
    let source: String = one(&shown, "#wechat-source").text().collect();
    let exported = crate::helpers::run(
        site.path(),
        &[
            "export",
            "wechat",
            "content/sectors/gonghui/activities/2025/2025-06-21-industrial-workers.md",
        ],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(exported.code, Some(0), "{exported:?}");
    assert_eq!(source, exported.stdout);
    assert!(
        source.contains("原文链接：https://www.example.gov.cn/jbfc/sectors/gonghui/2025/"),
        "{source}"
    );
    assert!(!source.contains("127.0.0.1"), "{source}");
    // The rendered preview holds the same elements (no class, no id inside it).
    let preview = one(&shown, "#wechat-fragment");
    let inner: Vec<_> = preview
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .skip(1)
        .collect();
    assert!(inner.len() > 5);
    assert!(inner
        .iter()
        .all(|e| e.value().attr("class").is_none() && e.value().id().is_none()));

    let sector = get(&server, "/sectors/gonghui/");
    let doc = Html::parse_document(&sector.body);
    assert!(doc.select(&sel("#jiebie-wechat-link")).next().is_none());
    assert!(doc.select(&sel("#jiebie-desk-link")).next().is_some());
    let refused = get(&server, "/__jiebie/desk/wechat?url=%2Fsectors%2Fgonghui%2F");
    assert_eq!(refused.status, 404, "{refused:?}");
}
