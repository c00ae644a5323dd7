//! Load generator for `bench/registration-rush.sh` (B2): sends exactly N requests over C
//! connections to 127.0.0.1 and reports the rate and latency percentiles.
//!
//! Usage:
//!   rush register BASE SLUG TOTAL CONCURRENCY      one registration per new address
//!   rush confirm  BASE LINKS_FILE CONCURRENCY      one confirmation per private link
//! Prints one line: `<phase> <requests> requests in <secs> s: <rate> req/s, p50 <ms> ms,
//! p99 <ms> ms, max <ms> ms, <n> errors`. Refuses any host other than 127.0.0.1.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (phase, base) = (args.get(1).cloned().unwrap_or_default(), args.get(2).cloned().unwrap_or_default());
    assert!(base.starts_with("http://127.0.0.1:"), "rush only targets http://127.0.0.1:PORT, not {base:?}");
    let jobs: Vec<(String, String)> = match phase.as_str() {
        "register" => {
            let slug = &args[3];
            let total: usize = args[4].parse().expect("TOTAL");
            (0..total)
                .map(|i| {
                    let body = format!(
                        "name=Personne+{i}&email=rush{i}%40example.org&organisation=Minist%C3%A8re+{}&status=public_agent",
                        i % 40
                    );
                    (format!("{base}/evenements/{slug}/inscription"), body)
                })
                .collect()
        }
        "confirm" => std::fs::read_to_string(&args[3])
            .expect("LINKS_FILE")
            .lines()
            .map(|l| (format!("{base}{l}/confirmer"), String::new()))
            .collect(),
        _ => panic!("usage: rush register BASE SLUG TOTAL CONCURRENCY | rush confirm BASE LINKS_FILE CONCURRENCY"),
    };
    let concurrency: usize = args.last().unwrap().parse().expect("CONCURRENCY");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    // Like a browser, show a form once: it sets the pre-session cookie whose value every
    // POST must echo (CSRF).
    let page = client.get(format!("{base}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf =
        page.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("a CSRF field").to_owned();
    let jobs: Vec<(String, String)> = jobs
        .into_iter()
        .map(|(url, body)| (url, if body.is_empty() { format!("csrf={csrf}") } else { format!("{body}&csrf={csrf}") }))
        .collect();
    let jobs = Arc::new(jobs);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, jobs, next) = (client.clone(), jobs.clone(), next.clone());
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((url, body)) = jobs.get(i) else { break };
                let t = Instant::now();
                let res = client
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().as_u16() == 303 => {}
                    _ => errors += 1,
                }
                latencies.push(t.elapsed());
            }
            (latencies, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for (l, e) in workers.join_all().await {
        all.extend(l);
        errors += e;
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{phase} {} requests in {secs:.2} s: {:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {errors} errors",
        all.len(),
        all.len() as f64 / secs,
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );
}
