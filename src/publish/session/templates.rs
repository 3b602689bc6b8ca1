//! Which pages a template change reaches: a template affects the pages rendered with it
//! and with every template that extends, includes or imports it.

use std::collections::{BTreeMap, BTreeSet};

/// The names of templates that differ between two lists (changed, added or removed).
pub fn changed_templates(old: &[(String, String)], new: &[(String, String)]) -> BTreeSet<String> {
    let old: BTreeMap<&str, &str> = old.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    let new: BTreeMap<&str, &str> = new.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    old.keys()
        .chain(new.keys())
        .filter(|name| old.get(*name) != new.get(*name))
        .map(|name| name.to_string())
        .collect()
}

/// The templates whose output can change when the templates `changed` change: those,
/// and every template that extends, includes or imports one of them, transitively.
/// `None` when a template names another in a way this cannot follow (a variable), and
/// every page must be rendered.
pub fn templates_affected(
    templates: &[(String, String)],
    changed: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let mut used_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, source) in templates {
        for target in template_references(source)? {
            used_by.entry(target).or_default().push(name);
        }
    }
    let mut affected = changed.clone();
    let mut queue: Vec<String> = changed.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for user in used_by.get(&name).into_iter().flatten() {
            if affected.insert(user.to_string()) {
                queue.push(user.to_string());
            }
        }
    }
    Some(affected)
}

/// The templates a template's `{% extends %}`, `{% include %}` and `{% import %}` tags
/// name, or `None` when one names no template literally.
fn template_references(source: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{%") {
        let tag_start = &rest[open + 2..];
        let Some(close) = tag_start.find("%}") else {
            break;
        };
        let tag = tag_start[..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &tag_start[close + 2..];
        let keyword = tag.split_whitespace().next().unwrap_or_default();
        if !matches!(keyword, "extends" | "include" | "import") {
            continue;
        }
        let mut names = Vec::new();
        let mut parts = tag[keyword.len()..].split(['"', '\'']);
        parts.next();
        while let Some(name) = parts.next() {
            names.push(name.to_string());
            parts.next();
        }
        if names.is_empty() {
            return None;
        }
        found.extend(names);
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Vec<(String, String)> {
        templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_template_affects_what_extends_includes_or_imports_it() {
        let templates = theme(&[
            (
                "base.html",
                "<html>{% include \"nav.html\" %}{% block body %}{% endblock %}",
            ),
            ("nav.html", "<nav>"),
            ("macros.html", "{% macro card() %}{% endmacro %}"),
            ("page.html", "{% extends \"base.html\" %}"),
            (
                "activity.html",
                "{%- extends 'base.html' -%}\n{% import \"macros.html\" as m %}",
            ),
            ("lonely.html", "<p>"),
        ]);
        let affected = |changed: &[&str]| templates_affected(&templates, &names(changed));
        assert_eq!(
            affected(&["macros.html"]),
            Some(names(&["macros.html", "activity.html"]))
        );
        assert_eq!(
            affected(&["nav.html"]),
            Some(names(&[
                "nav.html",
                "base.html",
                "page.html",
                "activity.html"
            ]))
        );
        assert_eq!(affected(&["lonely.html"]), Some(names(&["lonely.html"])));
        // A removed template is still a changed name; nothing uses this one.
        assert_eq!(affected(&["gone.html"]), Some(names(&["gone.html"])));
    }

    #[test]
    fn an_include_by_variable_means_everything() {
        let templates = theme(&[("page.html", "{% include template_name %}")]);
        assert_eq!(templates_affected(&templates, &names(&["x.html"])), None);
    }

    #[test]
    fn include_lists_name_every_template() {
        assert_eq!(
            template_references("{% include [\"a.html\", 'b.html'] ignore missing %}"),
            Some(vec!["a.html".to_string(), "b.html".to_string()])
        );
    }

    #[test]
    fn changed_templates_covers_added_removed_and_edited() {
        let old = theme(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let new = theme(&[("a.html", "1"), ("b.html", "two"), ("d.html", "4")]);
        assert_eq!(
            changed_templates(&old, &new),
            names(&["b.html", "c.html", "d.html"])
        );
    }
}
