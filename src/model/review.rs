//! The review gate (三审): write-ups whose review steps are incomplete are marked and,
//! unless `serve` asks for them, left out with a notice.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::model::*;

/// Marks write-ups whose review is incomplete, and (unless they are wanted, as in
/// `serve`) leaves them out with a notice.
pub(crate) fn apply_review_gate(
    site: &mut Site,
    include_unreviewed: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let steps = site.config.review_steps.clone();
    if steps.is_empty() {
        return;
    }
    for a in &mut site.activities {
        let done: Vec<&str> = a
            .reviewed_by
            .iter()
            .enumerate()
            .filter_map(|(i, (step, _))| {
                if step.starts_with('#') {
                    steps.get(i).map(String::as_str)
                } else {
                    Some(step.as_str())
                }
            })
            .collect();
        for (step, _) in &a.reviewed_by {
            if !step.starts_with('#') && !steps.contains(step) {
                diagnostics.push(
                    Diagnostic::warning(
                        &a.source.display,
                        Position::start(),
                        crate::tr!(
                            "reviewed_by 里的 “{step}” 不是本站的审核环节",
                            "“{step}” in reviewed_by is not one of this site's review steps"
                        ),
                    )
                    .with_help(crate::tr!(
                        "审核环节（site.yaml 的 review_steps）：{}",
                        "the review steps (review_steps in site.yaml): {}",
                        steps.join(crate::core::i18n::separator())
                    )),
                );
            }
        }
        a.pending_review = steps
            .iter()
            .filter(|s| !done.contains(&s.as_str()))
            .cloned()
            .collect();
    }
    if include_unreviewed {
        return;
    }
    for a in site
        .activities
        .iter()
        .filter(|a| !a.pending_review.is_empty() && !a.draft)
    {
        diagnostics.push(
            Diagnostic::warning(
                &a.source.display,
                Position::start(),
                crate::tr!(
                    "尚未完成审核（缺少：{}），本次不发布",
                    "review not complete (missing: {}), so it is not published this time",
                    a.pending_review.join(crate::core::i18n::separator())
                ),
            )
            .with_help(crate::tr!(
                "审核后在前置信息里写明审核人，例如 reviewed_by: {{ {} }}",
                "after review, name the reviewers in the front matter, e.g. reviewed_by: {{ {} }}",
                steps
                    .iter()
                    .map(|s| format!("{s}: 姓名"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    site.activities.retain(|a| a.pending_review.is_empty());
}
