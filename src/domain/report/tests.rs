use super::csv::field;
use super::*;
use crate::domain::shift::ServiceHours;
use chrono::{Duration, TimeZone};

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}
fn utc(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap()
}

fn row(id: i64, person: i64, arrived: DateTime<Utc>) -> VisitRow {
    VisitRow {
        visit_id: id,
        person_id: person,
        arrived_at: arrived,
        service_date: arrived.date_naive(),
        person_first_arrival: Some(arrived),
        contact_mode: ContactMode::WalkIn,
        referral_code: None,
        triage_code: None,
        suitability: None,
        outcome: None,
        seen_at: None,
        distress_arrival: None,
        distress_leaving: None,
        swemwbs_metric: None,
        swemwbs_completion: None,
        ons4: Default::default(),
        ons4_leaving: Default::default(),
        left_at: None,
        local_hour: 0,
        local_weekday: chrono::Weekday::Mon,
    }
}

fn week() -> Period {
    Period::week(&ServiceHours::default(), d(22))
}

#[test]
fn nearest_rank_percentiles() {
    assert_eq!(nearest_rank(&[], 50), None);
    assert_eq!(nearest_rank(&[7], 50), Some(7));
    assert_eq!(nearest_rank(&[7], 90), Some(7));
    // n = 4: median rank ⌈2⌉ = 2, 90th ⌈3.6⌉ = 4.
    assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
    assert_eq!(nearest_rank(&[1, 2, 3, 4], 90), Some(4));
    // n = 5: ⌈2.5⌉ = 3, ⌈4.5⌉ = 5.
    assert_eq!(nearest_rank(&[10, 20, 30, 40, 50], 50), Some(30));
    assert_eq!(nearest_rank(&[10, 20, 30, 40, 50], 90), Some(50));
    // n = 10: 90th is rank 9.
    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(nearest_rank(&ten, 90), Some(9));
    assert_eq!(nearest_rank(&ten, 100), Some(10));
    assert_eq!(nearest_rank(&ten, 0), Some(1));
}

#[test]
fn figures_from_rows() {
    let p = week();
    let mut rows = Vec::new();
    // Person 1: new this week, two visits, SWEMWBS 17.43 then 19.98 (+2.55).
    let mut a = row(1, 1, utc(18, 18, 0));
    a.seen_at = Some(utc(18, 18, 10) + Duration::seconds(59)); // 10 min (seconds dropped)
    a.swemwbs_metric = Some(17.43);
    a.distress_arrival = Some(8);
    a.distress_leaving = Some(5);
    a.referral_code = Some("GP".into());
    a.triage_code = Some("C".into());
    a.outcome = Some(Outcome::AdviceOnly);
    a.suitability = Some(Suitability::Accepted);
    rows.push(a);
    let mut b = row(2, 1, utc(20, 19, 0));
    b.person_first_arrival = Some(utc(18, 18, 0));
    b.seen_at = Some(utc(20, 19, 30)); // 30 min
    b.swemwbs_metric = Some(19.98);
    b.distress_arrival = Some(6);
    b.distress_leaving = Some(6);
    b.referral_code = Some("XYZ".into()); // not on the list
    b.contact_mode = ContactMode::Phone;
    rows.push(b);
    // Person 2: returning (first came in October), one score only, not seen.
    let mut c = row(3, 2, utc(22, 16, 0));
    c.person_first_arrival = None;
    c.swemwbs_metric = Some(14.08);
    c.distress_arrival = Some(9); // no leaving score
    c.referral_code = Some(" ".into()); // blank counts as not recorded
    rows.push(c);
    // Person 3: new, seen at once (a clock skew of a minute counts as 0).
    let mut e = row(4, 3, utc(22, 17, 0));
    e.seen_at = Some(utc(22, 16, 59));
    e.triage_code = Some("A".into());
    rows.push(e);
    let input = ReportInput {
        visits: rows,
        peers: vec![
            PeerRow {
                worker_id: 0,
                assignment_ids: Vec::new(),
                session_ids: Vec::new(),
                worker_name: "zed Sample".into(),
                active_assignments: 2,
                sessions: 3,
                minutes: 150,
            },
            PeerRow {
                worker_id: 0,
                assignment_ids: Vec::new(),
                session_ids: Vec::new(),
                worker_name: "Ada Example".into(),
                active_assignments: 1,
                sessions: 0,
                minutes: 0,
            },
            PeerRow {
                worker_id: 0,
                assignment_ids: Vec::new(),
                session_ids: Vec::new(),
                worker_name: "Idle Example".into(),
                active_assignments: 0,
                sessions: 0,
                minutes: 0,
            },
        ],
        referral_codes: vec![
            Category {
                code: "GP".into(),
                label: "GP".into(),
            },
            Category {
                code: "SELF".into(),
                label: "Self".into(),
            },
            Category {
                code: "GP".into(),
                label: "Second GP entry".into(),
            },
        ],
        triage_codes: ["A", "B", "C"]
            .iter()
            .map(|c| Category {
                code: c.to_string(),
                label: format!("Code {c}"),
            })
            .collect(),
        ..Default::default()
    };
    let r = Report::build(p.clone(), &input);
    assert_eq!(r.period, p);
    assert_eq!((r.visits, r.unique_visitors), (4, 3));
    assert_eq!((r.new_visitors, r.returning_visitors), (2, 1));
    assert_eq!(r.contact_modes.count("walk_in"), 3);
    assert_eq!(r.contact_modes.count("phone"), 1);
    let codes: Vec<(&str, u32)> = r
        .referral_sources
        .items
        .iter()
        .map(|c| (c.code.as_str(), c.count))
        .collect();
    assert_eq!(codes, [("GP", 1), ("SELF", 0), ("XYZ", 1)]);
    assert_eq!(r.referral_sources.not_recorded, 2);
    assert_eq!(r.triage.count("A"), 1);
    assert_eq!(r.triage.count("B"), 0);
    assert_eq!(r.triage.not_recorded, 2);
    assert_eq!(r.suitability.count("accepted"), 1);
    assert_eq!(r.suitability.not_recorded, 3);
    assert_eq!(r.outcomes.count("02"), 1);
    assert_eq!(r.outcomes.items.len(), 7);
    // Waits 0, 10, 30: median rank 2 = 10, 90th rank ⌈2.7⌉ = 3 = 30.
    assert_eq!(
        r.waits,
        Waits {
            seen: 3,
            not_seen: 1,
            median_minutes: Some(10),
            p90_minutes: Some(30)
        }
    );
    // Distress: (8 → 5) and (6 → 6): arrival 7, leaving 5.5, change −1.5.
    assert_eq!(r.distress.with_both, 2);
    assert_eq!(r.distress.without_both, 2);
    assert_eq!(r.distress.mean_arrival, Some(7.0));
    assert_eq!(r.distress.mean_leaving, Some(5.5));
    assert_eq!(r.distress.mean_change, Some(-1.5));
    assert_eq!(r.swemwbs.people, 1);
    assert_eq!(r.swemwbs.people_with_fewer, 2);
    assert!((r.swemwbs.mean_change.unwrap() - 2.55).abs() < 1e-9);
    // Peers: idle workers left out, sorted by name ignoring case.
    let names: Vec<&str> = r.peers.workers.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["Ada Example", "zed Sample"]);
    assert_eq!(
        (
            r.peers.active_assignments,
            r.peers.sessions,
            r.peers.minutes
        ),
        (3, 3, 150)
    );
    // Every date of the week, zeros included.
    let days: Vec<u32> = r.per_day.iter().map(|d| d.visits).collect();
    assert_eq!(days, [0, 0, 1, 0, 1, 0, 2]);
    assert_eq!(r.per_day[0].date, d(16));
}

#[test]
fn swemwbs_change_is_last_minus_first_by_arrival() {
    let p = week();
    let mut rows = Vec::new();
    for (id, day, metric) in [(3, 20, 22.35), (1, 16, 16.36), (2, 18, 30.70)] {
        let mut r = row(id, 9, utc(day, 18, 0));
        r.swemwbs_metric = Some(metric);
        rows.push(r);
    }
    let r = Report::build(
        p,
        &ReportInput {
            visits: rows,
            ..Default::default()
        },
    );
    assert_eq!(r.swemwbs.people, 1);
    assert_eq!(r.swemwbs.mean_first, Some(16.36));
    assert_eq!(r.swemwbs.mean_last, Some(22.35));
    assert!((r.swemwbs.mean_change.unwrap() - 5.99).abs() < 1e-9);
}

#[test]
fn an_empty_period_has_zeros_and_no_statistics() {
    let r = Report::build(week(), &ReportInput::default());
    assert_eq!(r.visits, 0);
    assert_eq!(r.waits.median_minutes, None);
    assert_eq!(r.distress.mean_change, None);
    let csv = csv(&r);
    assert!(csv.contains("visits,total,0\n"));
    assert!(csv.contains("wait_minutes,median,n/a\n"));
    assert!(csv.contains("visits_by_day,2026-11-16,0\n"));
}

#[test]
fn csv_fields_cannot_become_formulas_or_break_columns() {
    assert_eq!(field("GP"), "GP");
    assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(field("-1"), "'-1");
    assert_eq!(field("a,b"), "\"a,b\"");
}

fn value<'a>(text: &'a str, section: &str, item: &str) -> &'a str {
    let prefix = format!("{section},{item},");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("{prefix} missing:\n{text}"))
}

/// A published count stands for its truth: a multiple of 5 within 4 of it (0 for 0 to 4).
fn stands_for(published: &str, truth: u32) {
    let p: u32 = published.parse().unwrap_or_else(|_| panic!("{published}"));
    assert_eq!(p % 5, 0, "{published}");
    assert!(p.abs_diff(truth) <= 4, "{published} for {truth}");
    if truth == 0 {
        assert_eq!(p, 0, "zero stays zero");
    }
}

#[test]
fn csv_perturbs_and_json_does_not() {
    let p = week();
    // 7 visits by 7 new people: 3 from GP, 4 self, one a day.
    let rows: Vec<VisitRow> = (0..7)
        .map(|i| {
            let mut r = row(i, i, utc(16 + (i as u32 % 7), 18, 0));
            r.referral_code = Some(if i < 3 { "GP" } else { "SELF" }.into());
            r.seen_at = Some(r.arrived_at + Duration::minutes(5 * i));
            r
        })
        .collect();
    let input = ReportInput {
        visits: rows,
        key_secret: b"a secret for this test".to_vec(),
        ..Default::default()
    };
    let r = Report::build(p.clone(), &input);
    let text = report_text(&r, ReportFormat::Csv);
    assert!(text.starts_with("section,item,value\nperiod,kind,week\n"));
    stands_for(value(&text, "visits", "total"), 7);
    stands_for(value(&text, "visitors", "unique"), 7);
    stands_for(value(&text, "visitors", "returning"), 0);
    assert_eq!(value(&text, "referral_source", "not_recorded"), "0");
    for (item, truth) in [("GP", 3), ("SELF", 4)] {
        let v = value(&text, "referral_source", item);
        if v != "withheld" {
            stands_for(v, truth);
        }
    }
    // No count of 1 to 4 is ever printed.
    for l in text.lines().skip(1) {
        let v = l.rsplit(',').next().unwrap();
        if let Ok(n) = v.parse::<u32>()
            && !l.starts_with("period,")
            && !l.starts_with("wait_minutes,")
        {
            assert!(n % 5 == 0, "{l}");
        }
    }
    // Waits 0, 5, ..., 30: the median is the 4th, a wait that happened, shown as it is.
    assert_eq!(value(&text, "wait_minutes", "median"), "15");
    assert_eq!(value(&text, "distress", "mean_change"), "n/a");
    // The same records give the same file; another database's secret gives other keys.
    assert_eq!(
        report_text(&Report::build(p.clone(), &input), ReportFormat::Csv),
        text
    );
    let other = Report::build(
        p.clone(),
        &ReportInput {
            key_secret: b"another database".to_vec(),
            ..input.clone()
        },
    );
    assert_ne!(other.keys.visits, r.keys.visits);
    assert_eq!(other.visits, r.visits, "the figures themselves are exact");
    let json = report_text(&r, ReportFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["visits"], 7);
    assert_eq!(v["referral_sources"]["items"][0]["count"], 3);
    assert!(v["referral_sources"]["items"][0].get("key").is_none());
    assert!(v.get("keys").is_none(), "keys never leave in the JSON");
    assert_eq!(v["period"]["kind"], "week");
    assert_eq!(v["period"]["first_service_date"], "2026-11-16");
    assert!(v["notice"].as_str().unwrap().contains("Do not share"));
}

#[test]
fn means_are_withheld_under_5_and_perturbed_from_5() {
    // SWEMWBS first 14, last 20 for n people: the published change is last − first as
    // published, and each mean is within a quarter of the range (28) / n of the truth.
    for n in [4i64, 5, 6, 12] {
        let mut rows = Vec::new();
        for person in 0..n {
            for (j, metric) in [(0, 14.0), (1, 20.0)] {
                let mut r = row(person * 2 + j, person, utc(16 + j as u32, 18, 0));
                r.swemwbs_metric = Some(metric);
                rows.push(r);
            }
        }
        let r = Report::build(
            week(),
            &ReportInput {
                visits: rows,
                key_secret: b"k".to_vec(),
                ..Default::default()
            },
        );
        assert_eq!(
            r.swemwbs.mean_change,
            Some(6.0),
            "the report itself is exact"
        );
        let text = csv(&r);
        let get = |i: &str| value(&text, "swemwbs", i).to_string();
        if n < 5 {
            assert_eq!(get("mean_first"), "withheld");
            assert_eq!(get("mean_change"), "withheld");
            continue;
        }
        let first: f64 = get("mean_first").parse().unwrap();
        let last: f64 = get("mean_last").parse().unwrap();
        let change: f64 = get("mean_change").parse().unwrap();
        let bound = 28.0 / 4.0 / n as f64 + 0.005;
        assert!((first - 14.0).abs() <= bound, "{n}: {first}");
        assert!((last - 20.0).abs() <= bound, "{n}: {last}");
        assert!(
            (change - (last - first)).abs() < 0.006,
            "{change} {first} {last}"
        );
    }
}

#[test]
fn report_formats_parse() {
    assert_eq!("CSV".parse::<ReportFormat>(), Ok(ReportFormat::Csv));
    assert_eq!("json".parse::<ReportFormat>(), Ok(ReportFormat::Json));
    assert!("xml".parse::<ReportFormat>().is_err());
    assert_eq!(ReportFormat::Json.to_string(), "json");
}

#[test]
fn every_mean_in_the_csv_is_perturbed_and_bounded() {
    // Seven people, each twice: distress, SWEMWBS and every ONS4 question (on arrival and on
    // leaving) each visit.
    let mut rows = Vec::new();
    for person in 0..7i64 {
        for j in 0..2i64 {
            let mut r = row(person * 2 + j, person, utc(16 + j as u32 * 3, 18, 0));
            let v = ((person * 3 + j * 5) % 11) as u8;
            r.distress_arrival = Some(v);
            r.distress_leaving = Some(10 - v);
            r.swemwbs_metric = Some(10.0 + f64::from(v) * 2.0);
            r.ons4 = crate::domain::ons4::Ons4 {
                life_satisfaction: Some(v),
                worthwhile: Some(10 - v),
                happy: Some(v / 2),
                anxious: Some(v.min(9) + 1),
            };
            r.ons4_leaving = crate::domain::ons4::Ons4 {
                life_satisfaction: Some((v + 3).min(10)),
                worthwhile: Some(v),
                happy: Some(10 - v / 2),
                anxious: Some(v / 3),
            };
            rows.push(r);
        }
    }
    let r = Report::build(
        week(),
        &ReportInput {
            visits: rows,
            key_secret: b"fixed secret of this test".to_vec(),
            ..Default::default()
        },
    );
    let text = csv(&r);
    // (section, item, exact value, n, the range of one value)
    let mut means = vec![
        (
            "distress",
            "mean_arrival",
            r.distress.mean_arrival,
            14,
            10.0,
        ),
        (
            "distress",
            "mean_leaving",
            r.distress.mean_leaving,
            14,
            10.0,
        ),
        ("swemwbs", "mean_first", r.swemwbs.mean_first, 7, 28.0),
        ("swemwbs", "mean_last", r.swemwbs.mean_last, 7, 28.0),
    ];
    for q in &r.manager.ons4 {
        let section: &'static str = format!("ons4_{}", q.question).leak();
        means.push((section, "mean", q.mean, 14, 10.0));
        means.push((section, "mean_first", q.mean_first, 7, 10.0));
        means.push((section, "mean_last", q.mean_last, 7, 10.0));
        let leaving: &'static str = format!("ons4_{}_leaving", q.question).leak();
        means.push((leaving, "mean", q.leaving_mean, 14, 10.0));
        let in_visit: &'static str = format!("ons4_{}_in_visit", q.question).leak();
        means.push((in_visit, "mean_arrival", q.mean_arrival_in_visit, 14, 10.0));
        means.push((in_visit, "mean_leaving", q.mean_leaving_in_visit, 14, 10.0));
    }
    let mut moved = 0;
    for (section, item, exact, n, width) in &means {
        let shown: f64 = value(&text, section, item).parse().unwrap();
        let exact = exact.unwrap();
        let bound = width / 4.0 / f64::from(*n) + 0.05;
        assert!(
            (shown - exact).abs() <= bound,
            "{section},{item}: {shown} for {exact}"
        );
        if (shown - exact).abs() > 0.005 {
            moved += 1;
        }
    }
    // Each mean carries its own noise (they are not all left exact).
    assert!(moved >= means.len() - 1, "{moved} of {}", means.len());
}

/// A large period's visit figures are offered to a second thread beside the reading of its other
/// rows, and its manager's figures beside the others: the same figures, keys and floats to the
/// last digit as on one thread, on varied rows (people coming back, scores, codes, peer
/// records).
#[test]
fn a_report_built_on_two_threads_is_the_one_built_on_one() {
    let mut seed: u64 = 0x5eed;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    let rows: Vec<VisitRow> = (0..9_000)
        .map(|i| {
            let mut r = row(
                i,
                next(900) as i64,
                utc(16 + next(7) as u32, next(24) as u32, next(60) as u32),
            );
            r.person_first_arrival = (next(3) == 0).then_some(r.arrived_at);
            r.seen_at = (next(4) != 0).then(|| r.arrived_at + Duration::minutes(next(90) as i64));
            r.distress_arrival = (next(3) != 0).then(|| next(11) as u8);
            r.distress_leaving = (next(3) != 0).then(|| next(11) as u8);
            r.swemwbs_metric = (next(2) == 0).then(|| 7.0 + next(2_800) as f64 / 100.0);
            r.ons4.happy = (next(2) == 0).then(|| next(11) as u8);
            r.ons4_leaving.anxious = (next(2) == 0).then(|| next(11) as u8);
            r.referral_code = Some(["GP", "SELF", "A&E"][next(3) as usize].into());
            r.triage_code = Some(["A", "B", "C"][next(3) as usize].into());
            r.outcome = Outcome::ALL.get(next(8) as usize).copied();
            r.suitability = Suitability::ALL.get(next(6) as usize).copied();
            r.local_hour = next(24) as u8;
            r
        })
        .collect();
    let peers = (0..12)
        .map(|w| PeerRow {
            worker_id: w,
            worker_name: format!("Worker {}", w % 5),
            active_assignments: 3,
            sessions: 40,
            minutes: 40 * 50,
            assignment_ids: (0..3).map(|a| w * 10 + a).collect(),
            session_ids: (0..40).map(|s| w * 100 + s).collect(),
        })
        .collect();
    let input = ReportInput {
        visits: rows,
        peers,
        key_secret: b"a fixed secret for the comparison".to_vec(),
        referral_codes: vec![Category {
            code: "GP".into(),
            label: "GP".into(),
        }],
        triage_codes: vec![Category {
            code: "A".into(),
            label: "Urgent".into(),
        }],
        triage_targets: vec![("A".into(), Some(15))],
        safeguarding: Vec::new(),
        incident_kinds: vec![(1, "violence".into()), (2, "self_harm".into())],
        directory: vec!["Food bank".into()],
        signposts: vec![(3, 1, "Food bank".into())],
    };
    let secret = input.key_secret.clone();
    let one = Report::build(week(), &input);
    // The visit figures made on the helper thread (or here, if it is slow to take them),
    // while this thread does something else.
    let (visits, figures, meanwhile) =
        VisitFigures::alongside_on(&week(), input.visits.clone(), &secret, || 7, true);
    assert_eq!(meanwhile, 7);
    assert_eq!(visits.len(), input.visits.len());
    let two = Report::build_with(week(), &input, figures);
    assert!(
        one.visits == 9_000 && one.unique_visitors > 500,
        "{}",
        one.visits
    );
    assert_eq!(format!("{one:#?}"), format!("{two:#?}"));
    // The manager's figures offered to the helper thread while this one works out the others.
    let shared = std::sync::Arc::new(input.clone());
    let (_, figures, ()) = VisitFigures::alongside(&week(), input.visits.clone(), &secret, || ());
    let three = Report::build_split(week(), std::sync::Arc::clone(&shared), figures);
    assert_eq!(format!("{three:#?}"), format!("{one:#?}"));
    // And `build_shared` splits a period this large.
    let figures = VisitFigures::of(&week(), &input.visits, &secret);
    assert_eq!(
        format!("{:#?}", Report::build_shared(week(), shared, figures)),
        format!("{one:#?}")
    );
}
