//! Load generator for `bench/board-sse.sh` (E5): opens N event streams of a live board on
//! 127.0.0.1, then makes R changes as a facilitator and measures, for every stream, the
//! time from the change's POST to the moment the new board arrives.
//!
//! Usage: board_sse BASE SLUG EVENT_ID REQUEST_ID EMAIL PASSWORD CLIENTS ROUNDS
//! (the password may also come from the BENCH_PASSWORD variable when PASSWORD is `-`).
//! Prints the connection count and errors, then one line per round and a summary:
//! `updates <n> of <expected>, p50 <ms> ms, p99 <ms> ms, max <ms> ms, <e> errors; change
//! POST p50 <ms> ms`. Exits 1 on any error or missing update. Refuses any host other than
//! 127.0.0.1; stops by itself after the last round (or after 10 s without an update).

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, watch};

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("a CSRF field").to_owned()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() != 9 {
        eprintln!("usage: board_sse BASE SLUG EVENT_ID REQUEST_ID EMAIL PASSWORD CLIENTS ROUNDS");
        std::process::exit(2);
    }
    let (base, slug, event_id, request_id, email) =
        (a[1].clone(), a[2].clone(), a[3].clone(), a[4].clone(), a[5].clone());
    let password = if a[6] == "-" { std::env::var("BENCH_PASSWORD").expect("BENCH_PASSWORD") } else { a[6].clone() };
    let clients: usize = a[7].parse().expect("CLIENTS");
    let rounds: usize = a[8].parse().expect("ROUNDS");
    assert!(base.starts_with("http://127.0.0.1:"), "board_sse only targets http://127.0.0.1:PORT, not {base:?}");

    // The facilitator: log in like a browser (pre-session CSRF, then the session's).
    let admin =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let login_page = admin.get(format!("{base}/connexion")).send().await.unwrap().text().await.unwrap();
    let logged = admin
        .post(format!("{base}/connexion"))
        .form(&[("csrf", csrf_of(&login_page).as_str()), ("email", email.as_str()), ("password", password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status().as_u16(), 303, "login refused");
    let csrf = csrf_of(&admin.get(format!("{base}/organisation")).send().await.unwrap().text().await.unwrap());

    // The viewers: each stream reports every marker it sees with the instant it arrived.
    let (marker_tx, marker_rx) = watch::channel(String::new());
    let arrivals: Arc<Mutex<Vec<(usize, String, Instant)>>> = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<bool>(clients);
    let viewers = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..clients {
        let (viewers, url, arrivals, errors, ready_tx, mut marker_rx) = (
            viewers.clone(),
            format!("{base}/evenements/{slug}/tableau/flux"),
            arrivals.clone(),
            errors.clone(),
            ready_tx.clone(),
            marker_rx.clone(),
        );
        tasks.spawn(async move {
            let mut res = match viewers.get(&url).send().await {
                Ok(r) if r.status().is_success() => r,
                _ => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let _ = ready_tx.send(false).await;
                    return;
                }
            };
            let mut buffer = String::new();
            let mut ready = false;
            loop {
                tokio::select! {
                    chunk = res.chunk() => match chunk {
                        Ok(Some(bytes)) => {
                            let now = Instant::now();
                            buffer.push_str(&String::from_utf8_lossy(&bytes));
                            if !ready && buffer.contains("event: board") {
                                ready = true;
                                let _ = ready_tx.send(true).await;
                            }
                            let marker = marker_rx.borrow().clone();
                            if !marker.is_empty() && buffer.contains(&marker) {
                                arrivals.lock().await.push((i, marker, now));
                                buffer.clear();
                            }
                            // Keep only the tail: a marker never spans more than one event.
                            if buffer.len() > 64 * 1024 {
                                buffer = buffer.split_off(buffer.len() - 16 * 1024);
                            }
                        }
                        Ok(None) => return,
                        Err(_) => {
                            errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            return;
                        }
                    },
                    changed = marker_rx.changed() => if changed.is_err() { return },
                }
            }
        });
    }
    drop(ready_tx);
    let opened = Instant::now();
    let mut connected = 0;
    while let Some(ok) = ready_rx.recv().await {
        connected += usize::from(ok);
        if connected + errors.load(std::sync::atomic::Ordering::Relaxed) >= clients {
            break;
        }
    }
    println!("streams: {connected} of {clients} connected in {:.0} ms", opened.elapsed().as_secs_f64() * 1000.0);

    let mut latencies = Vec::new();
    let mut posts = Vec::new();
    let mut missing = 0;
    for round in 1..=rounds {
        let marker = format!("Ronde-{round}-{}", std::process::id());
        marker_tx.send(marker.clone()).unwrap();
        let sent = Instant::now();
        let res = admin
            .post(format!("{base}/organisation/evenements/{event_id}/tableau/priorite"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("request", request_id.as_str()),
                ("priority", "1"),
                ("pinned", "1"),
                ("theme", marker.as_str()),
            ])
            .send()
            .await
            .unwrap();
        posts.push(sent.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(res.status().as_u16(), 303, "the change was refused");
        let deadline = Instant::now() + Duration::from_secs(10);
        let got = loop {
            let n = arrivals.lock().await.iter().filter(|(_, m, _)| *m == marker).count();
            if n >= connected || Instant::now() > deadline {
                break n;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        let mut round_ms: Vec<f64> = arrivals
            .lock()
            .await
            .iter()
            .filter(|(_, m, _)| *m == marker)
            .map(|(_, _, t)| t.duration_since(sent).as_secs_f64() * 1000.0)
            .collect();
        round_ms.sort_by(f64::total_cmp);
        println!(
            "round {round}: {got} of {connected} updated, p50 {:.1} ms, max {:.1} ms",
            percentile(&round_ms, 0.5),
            percentile(&round_ms, 1.0)
        );
        missing += connected - got;
        latencies.extend(round_ms);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(marker_tx);
    tasks.abort_all();
    latencies.sort_by(f64::total_cmp);
    posts.sort_by(f64::total_cmp);
    let errors = errors.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "updates {} of {}, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} errors; change POST p50 {:.1} ms",
        latencies.len(),
        connected * rounds,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        errors + (clients - connected).saturating_sub(errors),
        percentile(&posts, 0.5)
    );
    if errors > 0 || missing > 0 || connected < clients {
        std::process::exit(1);
    }
}
