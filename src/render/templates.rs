//! The theme's Tera templates, compiled once, and the rendering of one page with them.

use crate::render::theme::Theme;
use serde::Serialize;
use std::fmt;
use tera::{Context, Tera};

/// The compiled templates of a theme.
pub struct Templates {
    tera: Tera,
}

/// A template that does not compile.
#[derive(Debug)]
pub struct TemplateError {
    /// What Tera says, with every cause.
    pub message: String,
}

/// A page that could not be rendered.
#[derive(Debug)]
pub struct RenderError {
    /// The template.
    pub template: &'static str,
    /// What Tera says, with every cause.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (template, message) = (self.template, &self.message);
        f.write_str(&crate::tr!(
            "模板 {template}：{message}",
            "template {template}: {message}"
        ))
    }
}

impl std::error::Error for RenderError {}

impl Templates {
    /// Compiles every template of the theme.
    pub fn compile(theme: &Theme) -> Result<Templates, TemplateError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::core::text::escape_html);
        let sources: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        tera.add_raw_templates(sources).map_err(|e| TemplateError {
            message: describe(&e),
        })?;
        Ok(Templates { tera })
    }

    /// Renders `template` with the fields of `base` and of `view` (the view's win).
    pub fn render<B: Serialize, V: Serialize>(
        &self,
        template: &'static str,
        base: &B,
        view: &V,
    ) -> Result<String, RenderError> {
        let fail = |e: tera::Error| RenderError {
            template,
            message: describe(&e),
        };
        let mut context = Context::from_serialize(base).map_err(fail)?;
        context.extend(Context::from_serialize(view).map_err(fail)?);
        self.tera.render(template, &context).map_err(fail)
    }
}

/// Tera errors nest their cause; show the whole chain.
fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push('：');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
