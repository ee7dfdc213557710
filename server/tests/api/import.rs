//! Candidate uploads end to end: upload, dry run, commit, re-upload, rejections, XLSX, hostile
//! files, the member-state boundary and the command line.
use crate::helpers::{TestApp, TestDatabase, spawn_app, spawn_app_on};
use reqwest::{
    Client,
    multipart::{Form, Part},
};
use serde_json::Value;
use std::{io::Write, sync::Arc, time::Duration};

const HEADER: &str = "external_ref,given_names,family_name,latin_name,gender,date_of_birth,nationalities,email,phone,years_experience,categories,skills,languages,notice_days,available_from,available_to";

/// A good row; `n` makes its reference and e-mail unique.
pub(crate) fn row(n: u32) -> String {
    format!(
        "CAN-{n:04},Aminata,Touré,,female,1979-03-14,SEN;FRA,a{n}@example.org,+221771234567,17,prosecutor;financial-analyst,money-laundering:3;asset-recovery:2,fr:C2;en:B2,3,2026-12-01,2027-06-30"
    )
}

pub(crate) fn csv(rows: &[String]) -> Vec<u8> {
    let mut out = String::from(HEADER);
    for r in rows {
        out.push_str("\r\n");
        out.push_str(r);
    }
    out.push_str("\r\n");
    out.into_bytes()
}

pub(crate) async fn upload(
    app: &TestApp,
    client: &Client,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    client
        .post(app.url("/import/upload"))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn json(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).expect("json")
}

/// Uploads and waits for the dry run; returns the batch id and its view.
pub(crate) async fn checked(
    app: &TestApp,
    client: &Client,
    name: &str,
    bytes: Vec<u8>,
) -> (String, Value) {
    let res = upload(app, client, name, bytes).await;
    let body = json(res).await;
    let id = body["id"].as_str().expect("id").to_owned();
    let view = settled(app, client, &id).await;
    (id, view)
}

/// Polls the batch until its work has ended.
pub(crate) async fn settled(app: &TestApp, client: &Client, id: &str) -> Value {
    // Generous: the largest files take minutes in a debug build beside other tests.
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    while std::time::Instant::now() < deadline {
        let view = json(app.call(client, "import_batch", &[("id", id)]).await).await;
        if !view["running"].as_bool().unwrap_or(true) {
            return view;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("batch {id} never finished");
}

pub(crate) async fn commit(app: &TestApp, client: &Client, id: &str) -> Value {
    let res = app.call(client, "commit_import", &[("id", id)]).await;
    assert!(res.status().is_success(), "{}", res.status());
    settled(app, client, id).await
}

pub(crate) fn summary(view: &Value) -> &str {
    view["row"]["summary"].as_str().unwrap_or("")
}

fn rejections(view: &Value) -> Vec<String> {
    view["rejections"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            format!(
                "row {}, column {}: {}",
                r["row"],
                r["column"].as_str().unwrap_or(""),
                r["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn roster_total(app: &TestApp, client: &Client, q: &str) -> u64 {
    let page = json(app.call(client, "list_experts", &[("params[q]", q)]).await).await;
    page["total"].as_u64().expect("total")
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_the_commit_takes_only_the_good_rows() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let file = csv(&[
        row(1),
        row(2),
        row(3).replace("female", "f"),
        row(4).replace("1979-03-14", "14/03/1979"),
    ]);
    let (id, view) = checked(&app, &canada, "candidates.csv", file).await;
    assert_eq!(view["row"]["phase"], "checked");
    assert_eq!(
        summary(&view),
        "created 2, updated 0, unchanged 0, rejected 2"
    );
    let lines = rejections(&view);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("row 4, column gender: "), "{lines:?}");
    assert!(
        lines[1].starts_with("row 5, column date_of_birth: "),
        "{lines:?}"
    );
    assert_eq!(
        roster_total(&app, &canada, "").await,
        0,
        "the dry run wrote nothing"
    );

    let view = commit(&app, &canada, &id).await;
    assert_eq!(view["row"]["phase"], "committed");
    assert_eq!(
        summary(&view),
        "created 2, updated 0, unchanged 0, rejected 2"
    );
    assert_eq!(roster_total(&app, &canada, "Toure").await, 2);
    // The batch can be committed only once.
    let again = app.call(&canada, "commit_import", &[("id", &id)]).await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn uploading_the_same_file_twice_changes_nothing_the_second_time() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let file = csv(&[row(1), row(2), row(3)]);
    let (id, _) = checked(&app, &canada, "a.csv", file.clone()).await;
    commit(&app, &canada, &id).await;
    let audit_before = audit_count(&app).await;
    let (id, view) = checked(&app, &canada, "a.csv", file).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 3, rejected 0"
    );
    let view = commit(&app, &canada, &id).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 3, rejected 0"
    );
    // Only the batch's own event is added.
    assert_eq!(audit_count(&app).await, audit_before + 1);
    assert_eq!(roster_total(&app, &canada, "").await, 3);
}

async fn audit_count(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    app::server::entities::audit_event::Entity::find()
        .count(&app.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_known_reference_updates_its_expert_and_the_audit_log_says_what_changed() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let (id, _) = checked(&app, &canada, "a.csv", csv(&[row(1), row(2)])).await;
    commit(&app, &canada, &id).await;
    let changed = row(2).replace(",3,2026-12-01", ",10,2026-12-01");
    let (id, view) = checked(&app, &canada, "b.csv", csv(&[row(1), changed])).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 1, unchanged 1, rejected 0"
    );
    commit(&app, &canada, &id).await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let events = app::server::entities::audit_event::Entity::find()
        .filter(app::server::entities::audit_event::Column::Action.eq("expert.import"))
        .all(&app.db)
        .await
        .expect("events");
    assert_eq!(events.len(), 3, "two creations and one update");
    let update = events
        .iter()
        .find(|e| e.before.is_some())
        .expect("the update");
    assert_eq!(update.before.as_ref().unwrap()["notice_days"], "3");
    assert_eq!(update.after.as_ref().unwrap()["notice_days"], "10");
}

#[tokio::test]
async fn the_state_comes_from_the_account_and_other_states_never_see_the_batch() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let planner = app.as_role("mission_planner", None).await;
    let secretariat = app.as_role("secretariat", None).await;
    let (id, _) = checked(&app, &canada, "a.csv", csv(&[row(1)])).await;

    for (who, client, expected) in [("FRA", &france, 404), ("planner", &planner, 403)] {
        let view = app.call(client, "import_batch", &[("id", &id)]).await;
        assert_eq!(view.status(), expected, "{who} view");
        let commit = app.call(client, "commit_import", &[("id", &id)]).await;
        assert_eq!(
            commit.status(),
            if who == "FRA" { 404 } else { 403 },
            "{who} commit"
        );
        let discard = app.call(client, "discard_import", &[("id", &id)]).await;
        assert!(discard.status().is_client_error(), "{who} discard");
        let download = client
            .get(app.url(&format!("/import/{id}/rejected.csv")))
            .send()
            .await
            .expect("download");
        assert_eq!(download.status(), expected, "{who} download");
    }
    let history = json(app.call(&france, "import_history", &[]).await).await;
    assert_eq!(history["total"], 0, "France sees none of Canada's uploads");
    let history = json(app.call(&secretariat, "import_history", &[]).await).await;
    assert_eq!(history["total"], 1, "the secretariat sees every state's");
    assert_eq!(history["can_upload"], false);
    // The secretariat sees the report but commits nothing on a state's behalf.
    let view = json(app.call(&secretariat, "import_batch", &[("id", &id)]).await).await;
    assert_eq!(view["can_commit"], false);
    assert_eq!(
        app.call(&secretariat, "commit_import", &[("id", &id)])
            .await
            .status(),
        403
    );
    // Nobody but a roster office may upload.
    for client in [&secretariat, &planner, &app.client()] {
        let res = upload(&app, client, "x.csv", csv(&[row(9)])).await;
        assert!(
            matches!(res.status().as_u16(), 401 | 403),
            "{}",
            res.status()
        );
    }
    let view = commit(&app, &canada, &id).await;
    assert_eq!(view["row"]["member_state"], "CAN");
    let page = json(
        app.call(&secretariat, "list_experts", &[("params[state]", "CAN")])
            .await,
    )
    .await;
    assert_eq!(page["total"], 1);
}

#[tokio::test]
async fn templates_are_for_roster_offices_and_the_secretariat_only() {
    let app = spawn_app().await;
    // Anonymous: the page sends to the sign-in form, a file download answers 401.
    let callers = [
        (app.client(), 0),
        (app.as_role("mission_planner", None).await, 403),
        (app.as_role("expert", None).await, 403),
        (app.as_role("roster_manager", Some("FRA")).await, 200),
        (app.as_role("secretariat", None).await, 200),
    ];
    for path in ["/import/template.csv", "/import/template.xlsx", "/import"] {
        for (client, expected) in &callers {
            let res = client.get(app.url(path)).send().await.expect("get");
            let expected = match (*expected, path) {
                (0, "/import") => 303,
                (0, _) => 401,
                (other, _) => other,
            };
            assert_eq!(res.status(), expected, "{path}");
        }
    }
}

#[tokio::test]
async fn an_email_of_another_of_the_states_nominees_is_rejected_and_another_states_is_not_told() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let (id, _) = checked(&app, &canada, "a.csv", csv(&[row(1)])).await;
    commit(&app, &canada, &id).await;
    let taken = row(7).replace("a7@example.org", "A1@Example.org");
    let (_, view) = checked(&app, &canada, "b.csv", csv(std::slice::from_ref(&taken))).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 0, rejected 1"
    );
    assert_eq!(
        rejections(&view),
        ["row 2, column email: another of your state's nominees already uses this e-mail address"]
    );
    // Another state's file is judged on that state's nominees alone: a refusal would tell it
    // what Canada holds (the secretariat sees the likely duplicate instead).
    let france = app.as_role("roster_manager", Some("FRA")).await;
    let (_, view) = checked(
        &app,
        &france,
        "c.csv",
        csv(&[taken.replace("CAN-0007", "FRA-0007")]),
    )
    .await;
    assert_eq!(
        summary(&view),
        "created 1, updated 0, unchanged 0, rejected 0"
    );
    assert!(!view.to_string().contains("CAN"), "{view}");
}

#[tokio::test]
async fn formula_cells_are_stored_as_text_and_neutralised_on_export() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let evil = row(1).replace("Aminata", "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    let (id, view) = checked(&app, &canada, "a.csv", csv(&[evil])).await;
    assert_eq!(
        summary(&view),
        "created 1, updated 0, unchanged 0, rejected 0"
    );
    commit(&app, &canada, &id).await;
    let page = json(app.call(&canada, "list_experts", &[]).await).await;
    assert_eq!(
        page["rows"][0]["given_names"],
        "=HYPERLINK(\"http://evil\",\"x\")"
    );
    let export = canada
        .get(app.url("/export/roster.csv"))
        .send()
        .await
        .expect("export")
        .text()
        .await
        .expect("csv");
    assert!(export.contains("'=HYPERLINK"), "{export}");
    assert!(!export.contains(",=HYPERLINK"), "{export}");
    assert_eq!(
        export.lines().next(),
        Some(
            "id,nominating_state,external_ref,given_names,family_name,latin_name,gender,\
             date_of_birth,nationalities,email,phone,years_experience,categories,skills,\
             languages,notice_days,roster_status,readiness"
        ),
        "the export carries the upload columns between the record's keys and its standing"
    );
}

#[tokio::test]
async fn names_in_every_script_are_kept_byte_for_byte() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let names = [
        ("أحمد", "الفارسي"),
        ("Дмитрий", "Иванов"),
        ("Γιώργος", "Παπαδόπουλος"),
        ("Thị Minh", "Nguyễn"),
        ("秀英", "王"),
        ("Øyvind", "O'Brien"),
    ];
    let rows: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, (given, family))| {
            row(i as u32 + 1)
                .replace("Aminata", given)
                .replace("Touré", family)
        })
        .collect();
    let (id, _) = checked(&app, &canada, "scripts.csv", csv(&rows)).await;
    let view = commit(&app, &canada, &id).await;
    assert_eq!(
        summary(&view),
        "created 6, updated 0, unchanged 0, rejected 0"
    );
    use sea_orm::EntityTrait;
    let stored = app::server::entities::expert::Entity::find()
        .all(&app.db)
        .await
        .expect("experts");
    for (given, family) in names {
        assert!(
            stored
                .iter()
                .any(|e| e.given_names.as_bytes() == given.as_bytes()
                    && e.family_name.as_bytes() == family.as_bytes()),
            "{given} {family}"
        );
    }
}

fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("name");
        for (r, cells) in rows.iter().enumerate() {
            for (c, value) in cells.iter().enumerate() {
                sheet
                    .write_string(r as u32, c as u16, *value)
                    .expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn an_xlsx_workbook_is_read_from_its_first_sheet_whatever_the_file_is_called() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let header: Vec<&str> = HEADER.split(',').collect();
    let first = row(1);
    let good: Vec<&str> = first.split(',').collect();
    let bad_row = row(2).replace("+221771234567", "221771234567");
    let bad: Vec<&str> = bad_row.split(',').collect();
    let book = workbook(&[
        ("Candidates", vec![header.clone(), good, bad]),
        ("Notes", vec![vec!["not", "candidates"]]),
    ]);
    // Named .csv on purpose: the content decides.
    let (id, view) = checked(&app, &canada, "roster.csv", book).await;
    assert_eq!(view["row"]["file_kind"], "xlsx");
    assert_eq!(
        summary(&view),
        "created 1, updated 0, unchanged 0, rejected 1"
    );
    assert!(rejections(&view)[0].starts_with("row 3, column phone: "));
    commit(&app, &canada, &id).await;
    assert_eq!(roster_total(&app, &canada, "").await, 1);
}

#[tokio::test]
async fn the_xlsx_template_round_trips_through_an_upload() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let template = canada
        .get(app.url("/import/template.xlsx"))
        .send()
        .await
        .expect("template");
    assert_eq!(template.status(), 200);
    let bytes = template.bytes().await.expect("bytes").to_vec();
    let (_, view) = checked(&app, &canada, "template.xlsx", bytes).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 0, rejected 0"
    );
    let csv_template = canada
        .get(app.url("/import/template.csv"))
        .send()
        .await
        .expect("template")
        .text()
        .await
        .expect("text");
    assert_eq!(csv_template.trim_end(), HEADER);
}

#[tokio::test]
async fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/worksheets/sheet1.xml", options)
        .expect("entry");
    let zeros = vec![b'0'; 1024 * 1024];
    for _ in 0..64 {
        out.write_all(&zeros).expect("write");
    }
    let bomb = out.finish().expect("zip").into_inner();
    assert!(bomb.len() < 1024 * 1024);
    let res = upload(&app, &canada, "roster.xlsx", bomb).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("unpack"), "{body}");
    let history = json(app.call(&canada, "import_history", &[]).await).await;
    assert_eq!(history["total"], 0, "nothing is kept of a refused file");
}

#[tokio::test]
async fn an_oversized_or_foreign_file_is_refused_with_a_reason() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let big = vec![b'a'; app::domain::import::MAX_FILE_BYTES + 10];
    let res = upload(&app, &canada, "big.csv", big).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.expect("body").contains("larger than"));
    let cases: [(&[u8], &str); 4] = [
        (b"%PDF-1.7\n...", "neither a CSV"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ".xls"),
        (b"", "empty"),
        (b"external_ref\nCAN-1\nNgu\xE1\n", "row 3"),
    ];
    for (bytes, reason) in cases {
        let res = upload(&app, &canada, "x.csv", bytes.to_vec()).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.expect("body");
        assert!(body.contains(reason), "{reason}: {body}");
    }
    // A browser is sent back to the form, which names the problem.
    let res = canada
        .post(app.url("/import/upload"))
        .header("accept", "text/html")
        .multipart(Form::new().part("file", Part::bytes(b"%PDF".to_vec()).file_name("x.pdf")))
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/import?problem=not_spreadsheet");
}

#[tokio::test]
async fn unknown_and_missing_columns_reject_every_row_and_say_why() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let file = format!(
        "{}\n{}\n{}\n",
        HEADER
            .replace("family_name", "fmaily_name")
            .replace(",notice_days", ""),
        row(1),
        row(2)
    );
    let (_, view) = checked(&app, &canada, "typo.csv", file.into_bytes()).await;
    assert_eq!(
        summary(&view),
        "created 0, updated 0, unchanged 0, rejected 2"
    );
    assert_eq!(view["header_problems"], true);
    let lines = rejections(&view);
    assert!(
        lines.contains(
            &"row 1, column fmaily_name: unknown column; did you mean family_name?".to_owned()
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"row 1, column family_name: this required column is missing".to_owned())
    );
    assert!(
        lines.contains(&"row 1, column notice_days: this required column is missing".to_owned())
    );
}

#[tokio::test]
async fn rejected_rows_come_back_as_a_csv_that_can_be_fixed_and_uploaded_again() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let bad = row(2).replace("fr:C2;en:B2", "fr:Z9");
    let (id, _) = checked(&app, &canada, "Liste été.csv", csv(&[row(1), bad])).await;
    commit(&app, &canada, &id).await;
    let rejected = canada
        .get(app.url(&format!("/import/{id}/rejected.csv")))
        .send()
        .await
        .expect("download");
    assert_eq!(rejected.status(), 200);
    assert_eq!(
        rejected.headers()["content-disposition"],
        "attachment; filename=\"Liste _t_-rejected.csv\"; filename*=UTF-8''Liste%20%C3%A9t%C3%A9%2Drejected%2Ecsv"
    );
    let text = rejected.text().await.expect("csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(format!("{HEADER},reason").as_str()));
    let line = lines.next().expect("the rejected row");
    assert!(line.contains("row 3, column languages:"), "{line}");
    // The phone number came back neutralised ('+221…) and still reads back as it was.
    assert!(line.contains("'+221771234567"), "{line}");
    let fixed = text.replace("fr:Z9", "fr:C1");
    let (id, view) = checked(&app, &canada, "a-rejected.csv", fixed.into_bytes()).await;
    assert_eq!(
        summary(&view),
        "created 1, updated 0, unchanged 0, rejected 0"
    );
    commit(&app, &canada, &id).await;
    assert_eq!(roster_total(&app, &canada, "").await, 2);
}

#[tokio::test]
async fn a_discarded_file_is_never_written() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let (id, _) = checked(&app, &canada, "a.csv", csv(&[row(1)])).await;
    let res = app.call(&canada, "discard_import", &[("id", &id)]).await;
    assert!(res.status().is_success());
    let res = app.call(&canada, "commit_import", &[("id", &id)]).await;
    assert_eq!(res.status(), 409);
    assert_eq!(roster_total(&app, &canada, "").await, 0);
}

#[tokio::test]
async fn a_file_left_uncommitted_for_a_week_is_discarded_with_its_content() {
    let app = spawn_app().await;
    let canada = app.as_role("roster_manager", Some("CAN")).await;
    let (id, _) = checked(&app, &canada, "a.csv", csv(&[row(1)])).await;
    let id = uuid::Uuid::parse_str(&id).expect("id");
    // The sweep discards what was last touched before "now − a week".
    let week_ago = chrono::Utc::now() - app::domain::import_batch::UNCOMMITTED_KEPT;
    let kept = app::server::repo::imports::discard_unclaimed(&app.db, week_ago)
        .await
        .expect("sweep");
    assert_eq!(kept, 0, "a fresh file is kept");
    let a_week_later = chrono::Utc::now() + chrono::Duration::seconds(1);
    let gone = app::server::repo::imports::discard_unclaimed(&app.db, a_week_later)
        .await
        .expect("sweep");
    assert_eq!(gone, 1);
    assert!(
        app::server::repo::imports::content(&app.db, id)
            .await
            .expect("content")
            .is_none()
    );
    let view = json(
        app.call(&canada, "import_batch", &[("id", &id.to_string())])
            .await,
    )
    .await;
    assert_eq!(view["row"]["phase"], "discarded");
}

#[tokio::test]
async fn progress_advances_chunk_by_chunk_to_the_end_of_the_file() {
    use app::{
        domain::member_state::MemberStateCode,
        server::services::import::{Mode, Run, process},
    };
    let app = spawn_app().await;
    let rows: Vec<String> = (1..=3_500).map(row).collect();
    let file = csv(&rows);
    let state = MemberStateCode::parse("CAN").expect("state");
    let now = chrono::Utc::now();
    let run = Run {
        state: &state,
        actor: None,
        file_name: "big.csv",
        today: now.date_naive(),
        now,
    };
    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut progress = |done: u64, total: u64| seen.push((done, total));
    let txn = app::server::tx::read(&app.db).await.expect("txn");
    let report = process(&txn, &file, &run, Mode::DryRun, &mut progress)
        .await
        .unwrap_or_else(|_| panic!("dry run"));
    txn.rollback().await.expect("rollback");
    assert_eq!(report.counts.created, 3_500);
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert!(seen[0].0 > 0 && seen[0].0 < seen[0].1, "{seen:?}");
    assert_eq!(seen.last(), Some(&(file.len() as u64, file.len() as u64)));
}

fn cli(db: &TestDatabase, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run the server binary")
}

#[tokio::test]
async fn the_command_line_prints_the_report_in_the_documented_form() {
    let db = Arc::new(TestDatabase::fresh().await);
    // Bring the schema up first, as a running server would have.
    let app = spawn_app_on(db.clone(), |_| {}).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("candidates.csv");
    std::fs::write(
        &path,
        csv(&[
            row(1),
            row(2).replace("+221771234567", "0771234567"),
            row(3),
        ]),
    )
    .expect("write");
    let path = path.to_string_lossy().into_owned();

    let out = cli(&db, &["import", "--state", "CAN", &path, "--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "created 2, updated 0, unchanged 0, rejected 1");
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[1].starts_with("row 3, column phone: "), "{stdout}");
    let secretariat = app.as_role("secretariat", None).await;
    assert_eq!(roster_total(&app, &secretariat, "").await, 0);

    let out = cli(&db, &["import", "--state", "CAN", &path]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("created 2, updated 0, unchanged 0, rejected 1")
    );
    assert_eq!(roster_total(&app, &secretariat, "").await, 2);
    let out = cli(&db, &["import", "--state", "CAN", &path]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next(),
        Some("created 0, updated 0, unchanged 2, rejected 1")
    );

    // A file that cannot be read at all is an error, said on stderr.
    let pdf = dir.path().join("scan.csv");
    std::fs::write(&pdf, b"%PDF-1.4").expect("write");
    let out = cli(&db, &["import", "--state", "CAN", &pdf.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a CSV"));
    let out = cli(&db, &["import", "--state", "XXX", &path]);
    assert!(!out.status.success());
}
