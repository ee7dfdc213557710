//! Server-rendered pages: who is sent to sign in, who is refused, and what each person sees.
use crate::helpers::spawn_app;
use reqwest::header::LOCATION;

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_brought_back() {
    let app = spawn_app().await;
    let res = app
        .client()
        .get(app.url("/admin/users"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(location(&res), "/login?next=/admin/users");
    let res = app.client().get(app.url("/")).send().await.unwrap();
    assert_eq!(location(&res), "/login");
}

#[tokio::test]
async fn the_login_page_works_without_a_script() {
    let app = spawn_app().await;
    let html = app
        .client()
        .get(app.url("/login?next=/countries"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<form"), "{html}");
    assert!(html.contains("method=\"post\""), "{html}");
    assert!(html.contains("action=\"/api/login\""), "{html}");
    assert!(html.contains("name=\"email\"") && html.contains("name=\"password\""));
    assert!(html.contains("<label"), "fields are labelled");
    assert!(html.contains("<main"), "a main landmark");
    assert!(
        html.contains("value=\"/countries\""),
        "the return path is carried"
    );
}

#[tokio::test]
async fn a_plain_form_sign_in_redirects_to_the_requested_page() {
    let app = spawn_app().await;
    let user = app.create_user("secretariat", None).await;
    let client = app.client();
    let res = client
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[
            ("email", user.email.as_str()),
            ("password", user.password.as_str()),
            ("next", "/admin/users"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(location(&res), "/admin/users");
    let res = client.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(&user.email), "the table lists accounts");
}

#[tokio::test]
async fn a_plain_form_with_a_wrong_password_comes_back_with_its_message_once_and_never_from_a_link()
{
    let app = spawn_app().await;
    let user = app.create_user("mission_planner", None).await;
    let client = app.client();
    let res = client
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login?next=%2Frequests"))
        .form(&[
            ("email", user.email.as_str()),
            ("password", "not the password"),
            ("next", "/requests"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    // Back to the form, on this site, with nothing of the error in the address.
    assert_eq!(location(&res), "/login?next=%2Frequests");
    let page = client
        .get(app.url("/login?next=%2Frequests"))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("The e-mail address or password is not right."),
        "the reason is on the page"
    );
    let again = client.get(app.url("/login")).send().await.unwrap();
    let html = again.text().await.unwrap();
    assert!(
        !html.contains("The e-mail address or password is not right."),
        "shown once"
    );
    // Anyone can write an error into a link; the page shows none of it.
    let forged = "eyJDb25mbGljdCI6IllvdXIgYWNjb3VudCBpcyBsb2NrZWQsIGNhbGwgKzEgNTU1IDAxMDAifQ";
    let html = app
        .client()
        .get(app.url(&format!("/login?__path=%2Fapi%2Flogin&__err={forged}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Your account is locked"),
        "a forged error shown"
    );
}

#[tokio::test]
async fn a_signed_in_person_visiting_the_login_page_goes_home() {
    let app = spawn_app().await;
    let client = app.as_role("expert", None).await;
    let res = client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn pages_a_role_may_not_open_answer_forbidden() {
    let app = spawn_app().await;
    let manager = app.as_role("roster_manager", Some("CAN")).await;
    let planner = app.as_role("mission_planner", None).await;
    let res = manager.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(
        !html.contains("@example.org\n") && !html.contains("<table"),
        "no account list leaks"
    );
    assert_eq!(
        planner
            .get(app.url("/office"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        manager
            .get(app.url("/office"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn each_role_sees_its_own_navigation() {
    let app = spawn_app().await;
    let admin = app.as_role("secretariat", None).await;
    let manager = app.as_role("roster_manager", Some("CAN")).await;
    let admin_html = admin
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let manager_html = manager
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(admin_html.contains("href=\"/admin/users\""));
    assert!(!manager_html.contains("href=\"/admin/users\""));
    assert!(manager_html.contains("href=\"/office\""));
}

#[tokio::test]
async fn an_unknown_page_is_a_real_404() {
    let app = spawn_app().await;
    let client = app.as_role("expert", None).await;
    let res = client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("<main"));
}

#[tokio::test]
async fn the_language_choice_is_remembered_and_renders_french() {
    let app = spawn_app().await;
    let client = app.client();
    let res = app
        .call(&client, "set_language", &[("language", "fr")])
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let html = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("lang=\"fr\""), "{html}");
    assert!(html.contains("Mot de passe"), "{html}");
    let res = app
        .call(&client, "set_language", &[("language", "xx")])
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn the_countries_page_filters_on_the_server() {
    let app = spawn_app().await;
    let client = app.as_role("mission_planner", None).await;
    let html = client
        .get(app.url("/countries?q=cote"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Côte d’Ivoire")
            || html.contains("Côte d'Ivoire")
            || html.contains("Côte d&#x27;Ivoire"),
        "accent-insensitive search"
    );
    assert!(!html.contains("Canada"));
}
