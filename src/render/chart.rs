//! Charts: bar charts drawn as inline SVG at build time (no JavaScript). Each chart is an
//! accessible image (`role="img"`, `<title>`, `<desc>`, `aria-labelledby`) followed by its
//! data as a table, the text alternative. Bars carry `data-value`; their length is the value
//! times one scale per chart, so the picture can be checked against the data.

use crate::core::i18n::Lang;
use crate::core::text::{display_width, escape_html};
use crate::derive::{figures, Derived};
use crate::model::{ActivityKind, Site};
use std::fmt::Write;

/// One series of bars (e.g. activities), one value per label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Legend text and table header.
    pub name: String,
    /// Fill colour; every colour used has at least 4.5:1 contrast on white.
    pub colour: &'static str,
    /// One value per label.
    pub values: Vec<u32>,
}

/// Bar direction: horizontal suits many or long labels (sectors, kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Bars grow to the right, labels on the left.
    Horizontal,
    /// Bars grow upwards, labels below.
    Vertical,
}

/// A bar chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// Unique on the page; prefixes the element ids.
    pub id: String,
    /// Title (also the table caption).
    pub title: String,
    /// One-sentence description for screen readers.
    pub description: String,
    /// Category labels.
    pub labels: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// A dashed reference line (the clause-4 minimum) and its label.
    pub quota: Option<(u32, String)>,
    /// Bar direction.
    pub direction: Direction,
}

/// Dark red, dark blue: 7.6:1 and 8.6:1 on white.
pub const COLOURS: [&str; 2] = ["#a3121b", "#0b4a9c"];

const BAR: f64 = 14.0;
const GAP: f64 = 10.0;
const FONT: f64 = 13.0;

impl BarChart {
    fn max_value(&self) -> u32 {
        let data = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0);
        data.max(self.quota.as_ref().map_or(0, |q| q.0)).max(1)
    }

    /// The chart as an SVG element.
    pub fn svg(&self) -> String {
        let max = f64::from(self.max_value());
        let band = BAR * self.series.len() as f64 + GAP;
        let n = self.labels.len() as f64;
        let legend_h = 26.0;
        let mut out = String::new();
        let title_id = format!("{}-title", self.id);
        let desc_id = format!("{}-desc", self.id);
        let (width, height, length, origin);
        match self.direction {
            Direction::Horizontal => {
                let label_w = self
                    .labels
                    .iter()
                    .map(|l| display_width(l))
                    .max()
                    .unwrap_or(4) as f64
                    * FONT
                    / 2.0
                    + 12.0;
                length = 420.0;
                width = label_w + length + 40.0;
                height = legend_h + band * n + 24.0;
                origin = (label_w, legend_h);
            }
            Direction::Vertical => {
                length = 180.0;
                width = 40.0 + band * n + 10.0;
                height = legend_h + length + 30.0;
                origin = (40.0, legend_h + length);
            }
        }
        let scale = length / max;
        let _ = write!(
            out,
            r#"<svg class="chart-svg" role="img" aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" data-scale="{scale:.4}" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
            escape_html(&self.title),
            escape_html(&self.description)
        );
        // Legend.
        let mut x = origin.0;
        for s in &self.series {
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="6" width="12" height="12" fill="{}"/><text x="{:.1}" y="17" fill="#1f1f1f">{}</text>"##,
                s.colour,
                x + 16.0,
                escape_html(&s.name)
            );
            x += 16.0 + display_width(&s.name) as f64 * FONT / 2.0 + 20.0;
        }
        for (li, label) in self.labels.iter().enumerate() {
            let band_start = li as f64 * band + GAP / 2.0;
            match self.direction {
                Direction::Horizontal => {
                    let y = origin.1 + band_start;
                    let _ = write!(
                        out,
                        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#1f1f1f">{}</text>"##,
                        origin.0 - 6.0,
                        y + band / 2.0 - GAP / 2.0 + FONT / 2.5,
                        escape_html(label)
                    );
                }
                Direction::Vertical => {
                    let x = origin.0 + band_start + (band - GAP) / 2.0;
                    let _ = write!(
                        out,
                        r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#1f1f1f">{}</text>"##,
                        origin.1 + 18.0,
                        escape_html(label)
                    );
                }
            }
            for (si, s) in self.series.iter().enumerate() {
                let value = s.values.get(li).copied().unwrap_or(0);
                let size = f64::from(value) * scale;
                let offset = band_start + si as f64 * BAR;
                let (bx, by, bw, bh, tx, ty, anchor) = match self.direction {
                    Direction::Horizontal => (
                        origin.0,
                        origin.1 + offset,
                        size,
                        BAR - 2.0,
                        origin.0 + size + 4.0,
                        origin.1 + offset + BAR - 3.0,
                        "start",
                    ),
                    Direction::Vertical => (
                        origin.0 + offset,
                        origin.1 - size,
                        BAR - 2.0,
                        size,
                        origin.0 + offset + (BAR - 2.0) / 2.0,
                        origin.1 - size - 3.0,
                        "middle",
                    ),
                };
                let _ = write!(
                    out,
                    r##"<rect class="bar" data-series="{}" data-label="{}" data-value="{value}" x="{bx:.2}" y="{by:.2}" width="{bw:.2}" height="{bh:.2}" fill="{}"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" font-size="11" fill="#1f1f1f">{value}</text>"##,
                    escape_html(&s.name),
                    escape_html(label),
                    s.colour
                );
            }
        }
        // Axis.
        let (ax2, ay2) = match self.direction {
            Direction::Horizontal => (origin.0, origin.1 + band * n),
            Direction::Vertical => (origin.0 + band * n, origin.1),
        };
        let _ = write!(
            out,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{ax2:.1}" y2="{ay2:.1}" stroke="#1f1f1f"/>"##,
            origin.0, origin.1
        );
        if let Some((q, label)) = &self.quota {
            let at = f64::from(*q) * scale;
            let (x1, y1, x2, y2, lx, ly) = match self.direction {
                Direction::Horizontal => (
                    origin.0 + at,
                    origin.1 - 4.0,
                    origin.0 + at,
                    origin.1 + band * n,
                    origin.0 + at + 4.0,
                    origin.1 + band * n + 16.0,
                ),
                Direction::Vertical => (
                    origin.0,
                    origin.1 - at,
                    origin.0 + band * n,
                    origin.1 - at,
                    origin.0 + 2.0,
                    origin.1 - at - 4.0,
                ),
            };
            let _ = write!(
                out,
                r##"<line class="quota" data-value="{q}" x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="#1f1f1f" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{lx:.1}" y="{ly:.1}" font-size="11" fill="#1f1f1f">{}</text>"##,
                escape_html(label)
            );
        }
        out.push_str("</svg>");
        out
    }

    /// The chart's data as an HTML table: its text alternative.
    pub fn table(&self) -> String {
        let mut out = format!(
            r#"<table class="chart-data"><caption>{}（数据）</caption><thead><tr><th scope="col">项目</th>"#,
            escape_html(&self.title)
        );
        for s in &self.series {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, escape_html(&s.name));
        }
        out.push_str("</tr></thead><tbody>");
        for (li, label) in self.labels.iter().enumerate() {
            let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, escape_html(label));
            for s in &self.series {
                let _ = write!(out, "<td>{}</td>", s.values.get(li).copied().unwrap_or(0));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        out
    }

    /// A `<figure>` holding the SVG and, in a disclosure, the data table.
    pub fn figure(&self) -> String {
        format!(
            r#"<figure class="chart" id="{id}"><figcaption class="chart-title">{title}</figcaption><div class="chart-scroll">{svg}</div><details class="chart-details"><summary>查看图表数据（表格）</summary>{table}</details></figure>"#,
            id = escape_html(&self.id),
            title = escape_html(&self.title),
            svg = self.svg(),
            table = self.table()
        )
    }
}

/// The words of the year's charts in `lang` (the site is Chinese; a report follows the
/// command line's language).
fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The year's charts, for the year page and the year report alike: activities and
/// outputs per sector against the quota line, activities per month, kinds of activity.
/// Every value is a figure of [`crate::derive::figures`]; none when no sector has a record.
pub fn year_charts(site: &Site, d: &Derived, year: i32, lang: Lang) -> Vec<BarChart> {
    let quota = site.config.quota;
    let mut labels = Vec::new();
    let mut activities = Vec::new();
    let mut outputs = Vec::new();
    for si in d.sector_order() {
        let s = &site.sectors[si];
        if let Some(f) = d.sector_year(&s.id, year).filter(|f| f.has_data) {
            labels.push(s.display_name().to_string());
            activities.push(f.activities);
            outputs.push(f.outputs);
        }
    }
    if labels.is_empty() {
        return Vec::new();
    }
    let activity_word = pick(lang, "活动（次）".into(), "activities".into());
    let mut charts: Vec<BarChart> = Vec::new();
    let series_a = Series {
        name: activity_word.clone(),
        colour: COLOURS[0],
        values: activities,
    };
    let series_o = Series {
        name: pick(lang, "成果（篇）".into(), "outputs".into()),
        colour: COLOURS[1],
        values: outputs,
    };
    let (qa, qo) = (quota.activities, quota.outputs);
    if qa == qo {
        charts.push(BarChart {
            id: "chart-sectors".into(),
            title: pick(lang, format!("{year} 年各界别活动和成果"), format!("{year}: activities and outputs of every sector")),
            description: pick(lang, format!("横向条形图：各界别开展活动次数（不含全会小组讨论）和提交成果篇数，虚线为年度要求 {qa} 次（篇）。"), format!("Horizontal bar chart: each sector's activities (plenary group discussions apart) and outputs; the dashed line is the yearly requirement of {qa}.")),
            labels,
            series: vec![series_a, series_o],
            quota: Some((qa, pick(lang, format!("年度要求 {qa}"), format!("required: {qa}")))),
            direction: Direction::Horizontal,
        });
    } else {
        charts.push(BarChart {
            id: "chart-sector-activities".into(),
            title: pick(lang, format!("{year} 年各界别活动次数"), format!("{year}: activities of every sector")),
            description: pick(lang, format!("横向条形图：各界别开展活动次数（不含全会小组讨论），虚线为年度要求 {qa} 次。"), format!("Horizontal bar chart: each sector's activities (plenary group discussions apart); the dashed line is the yearly requirement of {qa}.")),
            labels: labels.clone(),
            series: vec![series_a],
            quota: Some((qa, pick(lang, format!("年度要求 {qa} 次"), format!("required: {qa}")))),
            direction: Direction::Horizontal,
        });
        charts.push(BarChart {
            id: "chart-sector-outputs".into(),
            title: pick(lang, format!("{year} 年各界别成果篇数"), format!("{year}: outputs of every sector")),
            description: pick(lang, format!("横向条形图：各界别提交成果篇数，虚线为年度要求 {qo} 篇。"), format!("Horizontal bar chart: each sector's outputs; the dashed line is the yearly requirement of {qo}.")),
            labels,
            series: vec![series_o],
            quota: Some((qo, pick(lang, format!("年度要求 {qo} 篇"), format!("required: {qo}")))),
            direction: Direction::Horizontal,
        });
    }
    charts.push(BarChart {
        id: "chart-months".into(),
        title: pick(lang, format!("{year} 年每月开展的界别活动"), format!("{year}: sector activities by month")),
        description: pick(lang, "柱状图：每月开展的界别活动次数（联合活动计一次，不含全会小组讨论）。".into(), "Column chart: sector activities held each month (a joint one once, plenary group discussions apart).".into()),
        labels: (1..=12).map(|m| pick(lang, format!("{m}月"), format!("{m}"))).collect(),
        series: vec![Series {
            name: activity_word.clone(),
            colour: COLOURS[0],
            values: figures::activities_by_month(site, d, year).to_vec(),
        }],
        quota: None,
        direction: Direction::Vertical,
    });
    charts.push(BarChart {
        id: "chart-kinds".into(),
        title: pick(lang, format!("{year} 年界别活动类型"), format!("{year}: kinds of sector activity")),
        description: pick(lang, "横向条形图：九类界别活动各开展的次数（联合活动计一次，不含全会小组讨论）。".into(), "Horizontal bar chart: how many activities of each of the nine kinds were held (a joint one once, plenary group discussions apart).".into()),
        labels: ActivityKind::ALL
            .iter()
            .map(|k| k.name().to_string())
            .collect(),
        series: vec![Series {
            name: activity_word,
            colour: COLOURS[0],
            values: figures::activities_by_kind(site, d, year),
        }],
        quota: None,
        direction: Direction::Horizontal,
    });
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(direction: Direction) -> BarChart {
        BarChart {
            id: "c".into(),
            title: "标题<".into(),
            description: "说明".into(),
            labels: vec!["甲".into(), "乙".into()],
            series: vec![Series {
                name: "活动".into(),
                colour: COLOURS[0],
                values: vec![4, 1],
            }],
            quota: Some((2, "要求 2 次".into())),
            direction,
        }
    }

    #[test]
    fn bars_scale_with_values_and_text_is_escaped() {
        for d in [Direction::Horizontal, Direction::Vertical] {
            let svg = chart(d).svg();
            assert!(svg.contains("标题&lt;"));
            let attr = if d == Direction::Horizontal {
                "width"
            } else {
                "height"
            };
            let full = if d == Direction::Horizontal {
                "420.00"
            } else {
                "180.00"
            };
            assert!(svg.contains(r#"data-value="4" x"#));
            assert!(svg.contains(&format!(r#"{attr}="{full}""#)), "{svg}");
        }
    }
}
