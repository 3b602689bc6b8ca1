//! `site.yaml`: the site's title, committee, address, quota, footer, review steps.

use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

/// Why a base URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlError {
    /// It does not start with `https://` or `http://`.
    NotHttp(String),
    /// It has no host, or characters no URL has.
    Invalid(String),
}

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            BaseUrlError::NotHttp(url) => crate::tr!(
                "base_url “{url}” 必须以 https:// 或 http:// 开头",
                "base_url “{url}” must start with https:// or http://"
            ),
            BaseUrlError::Invalid(url) => crate::tr!(
                "base_url “{url}” 不是有效的网址",
                "base_url “{url}” is not a valid web address"
            ),
        })
    }
}

impl std::error::Error for BaseUrlError {}

/// Checks and normalises a base URL: absolute http(s), ending in `/`.
pub fn normalise_base_url(url: &str) -> Result<String, BaseUrlError> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| BaseUrlError::NotHttp(url.to_string()))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.contains(char::is_whitespace)
        || url.contains(['?', '#', '"', '<', '>'])
    {
        return Err(BaseUrlError::Invalid(url.to_string()));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

pub(crate) const CONFIG_KEYS: &[&str] = &[
    "title",
    "committee",
    "base_url",
    "language",
    "term",
    "description",
    "quota",
    "footer",
    "groups",
    "member_pages",
    "review",
    "review_steps",
    "trusted_html",
];
pub(crate) const FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police",
    "sponsor",
    "contact",
    "address",
    "email",
    "gov_mark",
];

pub(crate) fn decode_config(r: &mut Reporter<'_>, node: &Node) -> Option<SiteConfig> {
    let mut f = r.fields(node, "site.yaml")?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("网站名称", "site name"),
        "武汉政协界别风采",
    );
    let committee = f.require_text(
        r,
        "committee",
        &crate::tr!("政协委员会名称", "name of the CPPCC committee"),
        "政协武汉市委员会",
    );
    let base_url = f
        .require(
            r,
            "base_url",
            &crate::tr!("网站地址", "site address"),
            "https://www.example.gov.cn/jbfc/",
        )
        .and_then(|n| {
            let text = r.text(n, "base_url")?;
            match normalise_base_url(&text) {
                Ok(url) => Some(url),
                Err(error) => {
                    r.error(
                        n.position,
                        error.to_string(),
                        crate::tr!(
                            "例如 base_url: https://www.example.gov.cn/jbfc/",
                            "for example base_url: https://www.example.gov.cn/jbfc/"
                        ),
                    );
                    None
                }
            }
        });
    let language = f.text(r, "language").unwrap_or_else(|| "zh-CN".into());
    let term = f.text(r, "term");
    let description = f.text(r, "description");
    let mut quota = Quota::default();
    if let Some(q) = f.get("quota") {
        if let Some(mut qf) = r.fields(q, "quota") {
            if let Some(n) = qf
                .get("activities")
                .and_then(|n| r.integer(n, "activities", 0..=100))
            {
                quota.activities = n as u32;
            }
            if let Some(n) = qf
                .get("outputs")
                .and_then(|n| r.integer(n, "outputs", 0..=100))
            {
                quota.outputs = n as u32;
            }
            qf.finish(r, &["activities", "outputs"], "quota ");
        }
    }
    let mut footer = Footer::default();
    if let Some(node) = f.get("footer") {
        if let Some(mut ff) = r.fields(node, "footer") {
            footer.site_code = ff.text(r, "site_code");
            footer.icp = ff.text(r, "icp");
            footer.police = ff.text(r, "police");
            footer.sponsor = ff.text(r, "sponsor");
            footer.contact = ff.text(r, "contact");
            footer.address = ff.text(r, "address");
            footer.email = ff.text(r, "email");
            footer.gov_mark = ff.text(r, "gov_mark");
            ff.finish(r, FOOTER_KEYS, "footer ");
        }
    }
    let groups = f
        .get("groups")
        .map(|n| {
            r.text_list(n, "groups")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    let member_pages = f
        .get("member_pages")
        .and_then(|n| r.boolean(n, "member_pages"))
        .unwrap_or(false);
    let review_required = match f.text_at(r, "review") {
        None => false,
        Some((text, position)) => match text.as_str() {
            "required" | "true" | "是" | "必须" => true,
            "none" | "false" | "否" | "不需要" => false,
            _ => {
                r.error(
                    position,
                    crate::tr!(
                        "review 只能是 required 或 none，这里是 “{text}”",
                        "review must be required or none, not “{text}”"
                    ),
                    crate::tr!(
                        "需要审核后才发布时写 review: required",
                        "write review: required to publish write-ups only after review"
                    ),
                );
                false
            }
        },
    };
    let mut review_steps: Vec<String> = f
        .get("review_steps")
        .map(|n| {
            r.text_list(n, "review_steps")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    if !review_required {
        review_steps.clear();
    } else if review_steps.is_empty() {
        review_steps = DEFAULT_REVIEW_STEPS.iter().map(|s| s.to_string()).collect();
    }
    let mut trusted_html = false;
    if let Some(node) = f.get("trusted_html") {
        trusted_html = r.boolean(node, "trusted_html").unwrap_or(false);
        if trusted_html {
            r.warning(
                node.position,
                crate::tr!("trusted_html: true 已打开：稿件正文里的 HTML 将原样发布，不再清除脚本等危险内容", "trusted_html: true is on: HTML in write-ups is published as it is, scripts and other dangerous content are no longer removed"),
                crate::tr!("只有在每篇稿件都经过可信人员审核时才这样做；否则删除这一行，恢复默认的安全过滤", "do this only when every write-up is reviewed by someone trusted; otherwise delete this line to restore the default safety filter"),
            );
        }
    }
    f.finish(r, CONFIG_KEYS, "site.yaml ");
    Some(SiteConfig {
        title: title?,
        committee: committee?,
        base_url: base_url?,
        language,
        term,
        description,
        quota,
        footer,
        groups,
        member_pages,
        review_steps,
        trusted_html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(
            normalise_base_url("https://a.cn/jbfc").unwrap(),
            "https://a.cn/jbfc/"
        );
        assert!(matches!(
            normalise_base_url("a.cn"),
            Err(BaseUrlError::NotHttp(_))
        ));
        assert!(matches!(
            normalise_base_url("https://"),
            Err(BaseUrlError::Invalid(_))
        ));
    }
}
