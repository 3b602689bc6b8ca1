//! Dates against the build date: a write-up or output dated after today is a typo more
//! often than a plan (a plan is a draft, or an item of the annual plan), and publishing it
//! would make next year look like the current one.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::model::Site;
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// Every published write-up or output dated after `today`.
pub(crate) fn check_dates(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let activities = site
        .activities
        .iter()
        .filter(|a| !a.draft)
        .map(|a| (a.date, a.date_position, &a.source.display));
    let outputs = site
        .outputs
        .iter()
        .map(|o| (o.date, o.date_position, &o.source.display));
    let mut out: Vec<Diagnostic> = activities
        .clone()
        .chain(outputs.clone())
        .filter(|(date, _, _)| *date > today)
        .map(|(date, position, path)| future_date(path, position, date, today))
        .collect();
    if let Some(first) = site.terms.first() {
        let (name, start) = (&first.name, first.from);
        out.extend(
            activities
                .chain(outputs)
                .filter(|(date, _, _)| date.year() < start)
                .map(|(date, position, path)| {
                    Diagnostic::warning(
                        path,
                        position,
                        crate::tr!(
                            "日期 {date} 早于有记录的最早一届（{name}，{start} 年起）",
                            "the date {date} is before the earliest term on record ({name}, from {start})"
                        ),
                    )
                    .with_help(crate::tr!(
                        "检查年份是否写错；确是更早的活动，在 organisation.yaml 的 terms 里补上那一届",
                        "check the year for a typo; if the activity really is older, add its term to terms in organisation.yaml"
                    ))
                }),
        );
    }
    out
}

fn future_date(path: &Path, position: Position, date: NaiveDate, today: NaiveDate) -> Diagnostic {
    let help = match this_year(date, today).filter(|d| *d <= today) {
        Some(meant) => crate::tr!(
            "是否想写 {meant}？如果是还没有开展的活动，请在前置信息里加 draft: true，开展后再发布",
            "did you mean {meant}? If the activity has not happened yet, add draft: true to the front matter and publish it afterwards"
        ),
        None => crate::tr!(
            "检查年份是否写错；如果是还没有开展的活动，请在前置信息里加 draft: true，开展后再发布",
            "check the year for a typo; if the activity has not happened yet, add draft: true to the front matter and publish it afterwards"
        ),
    };
    Diagnostic::error(
        path,
        position,
        crate::tr!(
            "日期 {date} 在今天（{today}）之后",
            "the date {date} is after today ({today})"
        ),
    )
    .with_help(help)
}

/// The same day and month in `today`'s year (none for 29 February in other years).
fn this_year(date: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(today.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_date_suggests_the_same_day_this_year_when_that_is_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let typo = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        let d = future_date(Path::new("a.md"), Position::new(3, 7), typo, today);
        assert!(d.is_error());
        assert_eq!(d.position, Position::new(3, 7));
        assert!(d.help.as_deref().unwrap().contains("2026-03-15"), "{d}");
        let later = NaiveDate::from_ymd_opt(2027, 12, 15).unwrap();
        let d = future_date(Path::new("a.md"), Position::new(3, 7), later, today);
        assert!(!d.help.as_deref().unwrap().contains("2026-12-15"), "{d}");
    }
}
