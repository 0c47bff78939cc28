//! Scheduled runs: a cron expression (5 fields, UTC) plus a message for an
//! agent session. The dev server computes `next_run_at` but never fires
//! the runs.

use time::{Date, Duration, OffsetDateTime, Time};

use crate::clock::rfc3339;
use crate::prelude::*;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ScheduledRun {
    pub id: String,
    pub project_id: String,
    pub agent_session_id: String,
    pub name: String,
    pub cron_expression: String,
    pub message: String,
    pub enabled: bool,
    pub last_run_at: Option<String>,
    pub next_run_at: Option<String>,
    pub run_count: i64,
    pub last_error: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A parsed 5-field cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: Vec<bool>,
    hours: Vec<bool>,
    days: Vec<bool>,
    months: Vec<bool>,
    weekdays: Vec<bool>,
    days_restricted: bool,
    weekdays_restricted: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn parse_value(s: &str, names: &[&str], offset: u32) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let lower = s.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == lower)
        .map(|i| i as u32 + offset)
}

/// One field: `*`, `N`, `A-B`, any of them with `/STEP`, comma lists, names.
fn parse_field(
    spec: &str,
    what: &str,
    min: u32,
    max: u32,
    names: &[&str],
    name_offset: u32,
) -> Result<Vec<bool>, String> {
    let mut set = vec![false; max as usize + 1];
    let value = |v: &str| {
        parse_value(v, names, name_offset).ok_or_else(|| format!("{what}: bad value {v:?}"))
    };
    for item in spec.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => match s.parse::<usize>() {
                Ok(n) if n > 0 => (r, n),
                _ => return Err(format!("{what}: bad step {s:?}")),
            },
            None => (item, 1),
        };
        let (lo, hi) = match range.split_once('-') {
            _ if range == "*" => (min, max),
            Some((a, b)) => (value(a)?, value(b)?),
            None => {
                let a = value(range)?;
                (a, if item.contains('/') { max } else { a })
            }
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("{what}: {item:?} is outside {min}-{max}"));
        }
        for v in (lo..=hi).step_by(step) {
            set[v as usize] = true;
        }
    }
    Ok(set)
}

impl Cron {
    /// Parses `minute hour day-of-month month day-of-week` (or `@hourly`,
    /// `@daily`, `@weekly`, `@monthly`, `@yearly`).
    pub fn parse(expr: &str) -> Result<Cron, String> {
        let expr = match expr.trim() {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            e => e,
        };
        let f: Vec<&str> = expr.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!(
                "a cron expression has 5 fields (minute hour day month weekday), got {}",
                f.len()
            ));
        }
        let mut weekdays = parse_field(f[4], "day of week", 0, 7, &WEEKDAYS, 0)?;
        if weekdays[7] {
            weekdays[0] = true;
        }
        weekdays.truncate(7);
        Ok(Cron {
            minutes: parse_field(f[0], "minute", 0, 59, &[], 0)?,
            hours: parse_field(f[1], "hour", 0, 23, &[], 0)?,
            days: parse_field(f[2], "day of month", 1, 31, &[], 0)?,
            months: parse_field(f[3], "month", 1, 12, &MONTHS, 1)?,
            weekdays,
            days_restricted: !f[2].starts_with('*'),
            weekdays_restricted: !f[4].starts_with('*'),
        })
    }

    fn day_matches(&self, d: Date) -> bool {
        let dom = self.days[d.day() as usize];
        let dow = self.weekdays[d.weekday().number_days_from_sunday() as usize];
        match (self.days_restricted, self.weekdays_restricted) {
            (true, true) => dom || dow,
            (true, false) => dom,
            (false, true) => dow,
            (false, false) => true,
        }
    }

    /// The first matching minute strictly after `after` (UTC), within ~5 years.
    pub fn next_after(&self, after: OffsetDateTime) -> Option<OffsetDateTime> {
        let after = after.to_offset(time::UtcOffset::UTC);
        let mut t =
            after.replace_second(0).ok()?.replace_nanosecond(0).ok()? + Duration::minutes(1);
        let limit = after + Duration::days(5 * 366);
        while t <= limit {
            if !self.months[u8::from(t.month()) as usize] {
                let (y, m) = if t.month() == time::Month::December {
                    (t.year() + 1, time::Month::January)
                } else {
                    (t.year(), t.month().next())
                };
                t = Date::from_calendar_date(y, m, 1)
                    .ok()?
                    .with_time(Time::MIDNIGHT)
                    .assume_utc();
                continue;
            }
            if !self.day_matches(t.date()) {
                t = t.date().next_day()?.with_time(Time::MIDNIGHT).assume_utc();
                continue;
            }
            if !self.hours[t.hour() as usize] {
                t = t.replace_minute(0).ok()? + Duration::hours(1);
                continue;
            }
            if !self.minutes[t.minute() as usize] {
                t += Duration::minutes(1);
                continue;
            }
            return Some(t);
        }
        None
    }
}

/// Validates `expr` and returns the next run after `now` (400 if invalid
/// or never firing).
fn next_run(expr: &str, now: OffsetDateTime) -> ApiResult<String> {
    let cron = Cron::parse(expr).map_err(|e| ApiError::invalid_field("cron_expression", e))?;
    cron.next_after(now).map(rfc3339).ok_or_else(|| {
        ApiError::invalid_field("cron_expression", "the cron expression never fires")
    })
}

pub fn routes() -> Api {
    Api::default().crud::<ScheduledRun>("/scheduled-runs", "/scheduled-runs/{id}")
}

impl Record for ScheduledRun {
    const LIST: &'static str = "scheduled_runs";
    const SUBJECT: &'static str = "scheduled_run";

    fn created_meta(&self) -> Value {
        json!({"cron_expression": self.cron_expression, "session_id": self.agent_session_id})
    }
}

#[derive(Deserialize)]
pub struct NewScheduledRun {
    agent_session_id: NonBlank,
    cron_expression: NonBlank,
    message: NonBlank,
    name: Option<String>,
    enabled: Option<bool>,
}

impl Create for ScheduledRun {
    type New = NewScheduledRun;

    fn create(new: NewScheduledRun, ctx: &WorkspaceCtx, d: &WorkspaceData) -> ApiResult<Self> {
        let cron = new.cron_expression.0.trim().to_string();
        let next = next_run(&cron, ctx.now.t)?;
        let session = new.agent_session_id.0;
        if !d.sessions.iter().any(|s| s.id == session) {
            return invalid(
                "agent_session_id",
                format!("unknown agent session {session}"),
            );
        }
        Ok(ScheduledRun {
            id: new_id("sr"),
            project_id: ctx.workspace_id.clone(),
            agent_session_id: session,
            name: new.name.unwrap_or_default(),
            cron_expression: cron,
            message: new.message.0,
            enabled: new.enabled.unwrap_or(true),
            next_run_at: Some(next),
            created_at: ctx.now.stamp.clone(),
            updated_at: ctx.now.stamp.clone(),
            ..Default::default()
        })
    }
}

#[derive(Deserialize)]
pub struct ScheduledRunPatch {
    name: Option<String>,
    cron_expression: Option<String>,
    message: Option<NonBlank>,
    enabled: Option<bool>,
}

impl Update for ScheduledRun {
    type Patch = ScheduledRunPatch;

    /// Only a changed cron expression recomputes `next_run_at`.
    fn update(&mut self, p: ScheduledRunPatch, now: &Now) -> ApiResult<()> {
        if let Some(c) = p.cron_expression.map(|c| c.trim().to_string()) {
            if c != self.cron_expression {
                self.next_run_at = Some(next_run(&c, now.t)?);
                self.cron_expression = c;
            }
        }
        if let Some(n) = p.name {
            self.name = n;
        }
        if let Some(m) = p.message {
            self.message = m.0;
        }
        if let Some(e) = p.enabled {
            self.enabled = e;
        }
        self.updated_at = now.stamp.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use time::macros::datetime;

    use super::Cron;
    use crate::clock::{parse_rfc3339, rfc3339};
    use crate::testutil::TestServer;

    fn next(expr: &str, after: time::OffsetDateTime) -> String {
        rfc3339(Cron::parse(expr).unwrap().next_after(after).unwrap())
    }

    #[test]
    fn cron_parsing_and_next() {
        let t = datetime!(2026-05-17 10:30:20 UTC); // a Sunday
        assert_eq!(next("* * * * *", t), "2026-05-17T10:31:00Z");
        assert_eq!(next("*/15 * * * *", t), "2026-05-17T10:45:00Z");
        assert_eq!(next("0 9 * * *", t), "2026-05-18T09:00:00Z");
        assert_eq!(next("0 9 * * mon-fri", t), "2026-05-18T09:00:00Z");
        assert_eq!(next("30 8 1 * *", t), "2026-06-01T08:30:00Z");
        assert_eq!(next("0 0 1 jan *", t), "2027-01-01T00:00:00Z");
        assert_eq!(next("0 12 * * 7", t), "2026-05-17T12:00:00Z");
        assert_eq!(next("@hourly", t), "2026-05-17T11:00:00Z");
        // Day of month OR day of week when both are restricted.
        assert_eq!(next("0 0 20 * 1", t), "2026-05-18T00:00:00Z");
        for bad in [
            "",
            "* * * *",
            "60 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "* * * 13 *",
            "*/0 * * * *",
            "a b c d e",
            "5-1 * * * *",
        ] {
            assert!(Cron::parse(bad).is_err(), "{bad}");
        }
        assert!(Cron::parse("0 0 30 2 *").unwrap().next_after(t).is_none());
    }

    #[tokio::test]
    async fn scheduled_run_crud() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let session = s.create_session(&key, json!({})).await;
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/scheduled-runs",
                json!({"agent_session_id": session, "name": "daily", "cron_expression": "0 9 * * *", "message": "report"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let run: Value = r.json().await.unwrap();
        let id = run["id"].as_str().unwrap().to_string();
        assert_eq!(run["enabled"], true);
        assert_eq!(run["run_count"], 0);
        assert!(run["last_run_at"].is_null());
        assert_eq!(run["last_error"], "");
        let next_at = parse_rfc3339(run["next_run_at"].as_str().unwrap()).unwrap();
        assert_eq!((next_at.hour(), next_at.minute()), (9, 0));

        for bad in [
            json!({"agent_session_id": session, "cron_expression": "bogus", "message": "m"}),
            json!({"agent_session_id": session, "cron_expression": "0 9 * * *"}),
            json!({"agent_session_id": "as_nope", "cron_expression": "0 9 * * *", "message": "m"}),
        ] {
            let r = s
                .sdk_post(&key, "/api/sdk/scheduled-runs", bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
            let e: Value = r.json().await.unwrap();
            assert!(e["field"].is_string());
        }

        let patch = |body: Value| {
            s.client
                .patch(s.url(&format!("/api/sdk/scheduled-runs/{id}")))
                .header("X-API-Key", &key)
                .json(&body)
                .send()
        };
        // Non-cron changes keep next_run_at.
        let p: Value = patch(json!({"enabled": false, "name": "paused"}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(p["enabled"], false);
        assert_eq!(p["next_run_at"], run["next_run_at"]);
        // A cron change recomputes it.
        let p: Value = patch(json!({"cron_expression": "30 7 * * *"}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = parse_rfc3339(p["next_run_at"].as_str().unwrap()).unwrap();
        assert_eq!((n.hour(), n.minute()), (7, 30));
        let r = patch(json!({"cron_expression": "* *"})).await.unwrap();
        assert_eq!(r.status(), 400);

        let l: Value = s
            .sdk_get(&key, "/api/sdk/scheduled-runs")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["scheduled_runs"].as_array().unwrap().len(), 1);
        let g: Value = s
            .sdk_get(&key, &format!("/api/sdk/scheduled-runs/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(g["name"], "paused");
        let r = s
            .delete(&format!("/api/sdk/scheduled-runs/{id}"))
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let r = s
            .sdk_get(&key, &format!("/api/sdk/scheduled-runs/{id}"))
            .await;
        assert_eq!(r.status(), 404);
    }
}
