//! The desk's forms: one [`Field`] per front-matter key a liaison fills, with its choices
//! taken from the site (the sector's roster, brands and plan items, the leaders, the nine
//! kinds), filled from the document being edited, and turned back into
//! [`Change`]s when submitted.
//!
//! A value the form cannot show faithfully (an output with its `results`, a name list
//! written as a mapping …) is shown read-only and left untouched by a save, so nothing in
//! a file is ever lost by editing it on the desk.

use super::DocType;
use crate::author::edit::{Change, FieldValue};
use crate::model::{ActivityKind, OutputKind, Site};
use crate::source::yaml::{Node, Value};
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a form submission holds: every value by field name, in order (checkboxes and
/// repeated names give several). Row fields are named `key.N.column`.
pub type Submitted = BTreeMap<String, Vec<String>>;

/// A choice of a select or a group of checkboxes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// What is written into the file.
    pub value: String,
    /// What the liaison reads.
    pub label: String,
}

/// How a field is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Input {
    /// One line of text.
    Text,
    /// A few lines of text.
    Lines,
    /// A date (`YYYY-MM-DD`, with the browser's date picker).
    Date,
    /// A time of day (`HH:MM`).
    Time,
    /// A whole number (a year, a quarter).
    Number,
    /// A tick box.
    Bool,
    /// One of a list.
    One {
        /// The choices.
        choices: Vec<Choice>,
    },
    /// Any of a list.
    Many {
        /// The choices.
        choices: Vec<Choice>,
    },
    /// One name, completed from a list (anyone else may be typed).
    Suggest {
        /// Names offered for completion.
        suggestions: Vec<String>,
    },
    /// Names, separated by 、 or commas, completed from a list.
    Names {
        /// Names offered for completion.
        suggestions: Vec<String>,
    },
    /// A table: one row per item (outputs, photos, plan items …).
    Rows {
        /// Its columns.
        columns: Vec<Column>,
    },
    /// The Markdown body.
    Body,
}

/// A column of a [`Input::Rows`] field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The key inside each item.
    pub key: &'static str,
    /// Its label.
    pub label: String,
    /// How it is entered (text, date, number or one of a list).
    pub input: Input,
}

/// A field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The front-matter key (`body` for the body).
    pub key: &'static str,
    /// Its label.
    pub label: String,
    /// What to write, in one line.
    pub help: String,
    /// Whether the document is incomplete without it.
    pub required: bool,
    /// How it is entered.
    pub input: Input,
    /// Its current values: one for a single value, several for lists; for rows, one
    /// list of column values per row.
    pub values: Vec<String>,
    /// The rows of a [`Input::Rows`] field, each with one value per column.
    pub rows: Vec<Vec<String>>,
    /// The file holds something here the form cannot show; shown as written and kept.
    pub locked: Option<String>,
}

/// A form for one document.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// What is being filed.
    pub doc: DocType,
    /// The sector, for sector documents.
    pub sector: Option<String>,
    /// Its fields, in the documented key order, the body last.
    pub fields: Vec<Field>,
}

/// What the form's choices come from.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The site as last built (its sectors, rosters, leaders, plans).
    pub site: &'a Site,
    /// The sector filing (`None` for a commendation notice).
    pub sector: Option<&'a str>,
    /// The year the document is for (plan items are that year's).
    pub year: i32,
}

impl Form {
    /// The empty form of `doc` for the sector and year of `context`.
    pub fn new(doc: DocType, context: Context<'_>) -> Form {
        Form {
            doc,
            sector: context.sector.map(str::to_string),
            fields: fields(doc, context),
        }
    }

    /// Fills the form from a document's front matter and body.
    pub fn fill_from_document(&mut self, front: &Node, body: &str) {
        let entries = front.as_mapping().unwrap_or_default();
        for field in &mut self.fields {
            if field.input == Input::Body {
                field.values = vec![body.to_string()];
                continue;
            }
            let Some((_, node)) = entries.iter().find(|(k, _)| k.text == field.key) else {
                continue;
            };
            read_value(field, node);
        }
    }

    /// Fills the form from a submission (to show it again with its problems).
    pub fn fill_from_submission(&mut self, submitted: &Submitted) {
        for field in &mut self.fields {
            if field.locked.is_some() {
                continue;
            }
            match &field.input {
                Input::Rows { columns } => {
                    field.rows = submitted_rows(submitted, field.key, columns)
                }
                Input::Names { .. } => {
                    field.values = names(
                        submitted
                            .get(field.key)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    )
                }
                _ => {
                    field.values = submitted
                        .get(field.key)
                        .map(|values| values.iter().map(|v| normalise(v)).collect())
                        .unwrap_or_default()
                }
            }
        }
    }

    /// The changes a submission makes to the file: one per field the form may edit.
    /// Locked fields give none, so what the form could not show stays as written.
    pub fn changes(&self, submitted: &Submitted) -> (Vec<Change>, Option<String>) {
        let mut changes = Vec::new();
        let mut body = None;
        for field in &self.fields {
            if field.locked.is_some() {
                continue;
            }
            let given = submitted
                .get(field.key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let first = given
                .iter()
                .map(|v| normalise(v))
                .find(|v| !v.trim().is_empty());
            let value = match &field.input {
                Input::Body => {
                    body = Some(given.first().map(|v| normalise(v)).unwrap_or_default());
                    continue;
                }
                Input::Text
                | Input::Lines
                | Input::Date
                | Input::Time
                | Input::Number
                | Input::One { .. }
                | Input::Suggest { .. } => first.map(|v| FieldValue::Text(v.trim().to_string())),
                Input::Bool => Some(FieldValue::Bool(given.iter().any(|v| v == "true"))),
                Input::Many { .. } => Some(FieldValue::List(distinct(
                    given.iter().map(|v| v.trim().to_string()),
                ))),
                Input::Names { .. } => Some(FieldValue::List(names(given))),
                Input::Rows { columns } => Some(FieldValue::Records(
                    submitted_rows(submitted, field.key, columns)
                        .into_iter()
                        .map(|row| {
                            columns
                                .iter()
                                .zip(row)
                                .filter(|(_, v)| !v.trim().is_empty())
                                .map(|(c, v)| {
                                    (c.key.to_string(), FieldValue::Text(v.trim().to_string()))
                                })
                                .collect()
                        })
                        .collect(),
                )),
            };
            changes.push(Change {
                key: field.key.to_string(),
                value,
            });
        }
        (changes, body)
    }

    /// The field a front-matter key is entered in.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Browsers send text areas with CRLF line ends; files are written with LF.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn distinct(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = Vec::new();
    for item in items.filter(|i| !i.is_empty()) {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// Names typed into one box or several: split at 、，,；; and line ends.
fn names(given: &[String]) -> Vec<String> {
    distinct(
        given
            .iter()
            .flat_map(|v| v.split(['、', '，', ',', '；', ';', '\n', '\r']))
            .map(|n| n.trim().to_string()),
    )
}

/// The rows submitted for `key`, in index order, without rows left wholly empty.
fn submitted_rows(submitted: &Submitted, key: &str, columns: &[Column]) -> Vec<Vec<String>> {
    let prefix = format!("{key}.");
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (name, values) in submitted.range(prefix.clone()..) {
        let Some(rest) = name.strip_prefix(&prefix) else {
            break;
        };
        let Some((index, column)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(index), Some(at)) = (
            index.parse::<usize>(),
            columns.iter().position(|c| c.key == column),
        ) else {
            continue;
        };
        // A hostile form could name row 10^18: rows are kept sparse and then compacted.
        let row = rows
            .entry(index)
            .or_insert_with(|| vec![String::new(); columns.len()]);
        row[at] = values.first().map(|v| normalise(v)).unwrap_or_default();
    }
    rows.into_values()
        .filter(|row| row.iter().any(|v| !v.trim().is_empty()))
        .collect()
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.clone()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn read_value(field: &mut Field, node: &Node) {
    let lock = |field: &mut Field| {
        field.locked = Some(crate::tr!(
            "这一项的写法表单无法显示，保存时保持原样；要修改，请直接编辑文件",
            "the form cannot show how this is written; saving keeps it as it is — edit the file to change it"
        ));
    };
    match &field.input {
        Input::Rows { columns } => {
            let Some(items) = node.as_sequence() else {
                if !node.is_null() {
                    lock(field);
                }
                return;
            };
            let mut rows = Vec::new();
            for item in items {
                let Some(entries) = item.as_mapping() else {
                    return lock(field);
                };
                let mut row = vec![String::new(); columns.len()];
                for (key, value) in entries {
                    let (Some(at), Some(text)) = (
                        columns.iter().position(|c| c.key == key.text),
                        scalar_text(value),
                    ) else {
                        return lock(field);
                    };
                    row[at] = text;
                }
                rows.push(row);
            }
            field.rows = rows;
        }
        Input::Many { .. } | Input::Names { .. } => match &node.value {
            Value::Sequence(items) => {
                let texts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                match texts {
                    Some(texts) => field.values = texts,
                    None => lock(field),
                }
            }
            Value::Scalar { text, .. } => field.values = vec![text.clone()],
            Value::Null => {}
            Value::Mapping(_) => lock(field),
        },
        Input::Bool => match scalar_text(node) {
            Some(text) => {
                if crate::source::fields::parse_boolean(&text) == Some(true) {
                    field.values = vec!["true".into()];
                }
            }
            None => lock(field),
        },
        _ => match scalar_text(node) {
            Some(text) => field.values = vec![text],
            None => lock(field),
        },
    }
}

fn field(key: &'static str, label: String, help: String, required: bool, input: Input) -> Field {
    Field {
        key,
        label,
        help,
        required,
        input,
        values: Vec::new(),
        rows: Vec::new(),
        locked: None,
    }
}

fn column(key: &'static str, label: String, input: Input) -> Column {
    Column { key, label, input }
}

fn activity_kinds() -> Vec<Choice> {
    ActivityKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.id().into(),
            label: k.name().into(),
        })
        .collect()
}

fn output_kinds() -> Vec<Choice> {
    OutputKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.id().into(),
            label: k.name().into(),
        })
        .collect()
}

fn sector_choices(site: &Site, except: Option<&str>) -> Vec<Choice> {
    site.sectors
        .iter()
        .filter(|s| Some(s.id.as_str()) != except)
        .map(|s| Choice {
            value: s.id.clone(),
            label: s.display_name().to_string(),
        })
        .collect()
}

/// Everyone who may be named as taking part: the filing sector's roster first, then the
/// other sectors' (a joint activity names their members too).
fn roster(site: &Site, sector: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let own = site
        .sectors
        .iter()
        .filter(|s| Some(s.id.as_str()) == sector);
    let others = site
        .sectors
        .iter()
        .filter(|s| Some(s.id.as_str()) != sector);
    for s in own.chain(others) {
        for name in s
            .member_names()
            .chain(s.convenors.iter().map(|r| r.name.as_str()))
        {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

fn fields(doc: DocType, context: Context<'_>) -> Vec<Field> {
    use crate::tr;
    let site = context.site;
    let sector = context.sector.and_then(|id| site.sector(id));
    let body = field(
        "body",
        tr!("正文", "text"),
        tr!(
            "用 Markdown 写：空一行分段，## 开头是小标题，- 开头是列表",
            "Markdown: a blank line between paragraphs, ## for a heading, - for a list"
        ),
        false,
        Input::Body,
    );
    match doc {
        DocType::Activity => {
            let plan_items: Vec<Choice> = site
                .plans
                .iter()
                .filter(|p| Some(p.sector.as_str()) == context.sector && p.year == context.year)
                .flat_map(|p| &p.items)
                .map(|i| Choice {
                    value: i.id.clone(),
                    label: format!("{} {}", i.id, i.title),
                })
                .collect();
            let brands: Vec<Choice> = sector
                .map(|s| {
                    s.brands
                        .iter()
                        .map(|b| Choice {
                            value: b.id.clone(),
                            label: b.name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let liaisons: Vec<String> = sector
                .map(|s| {
                    s.liaisons
                        .iter()
                        .filter(|l| l.holds_in(context.year))
                        .map(|l| l.name.clone())
                        .collect()
                })
                .unwrap_or_default();
            let mut fields = vec![
                field("title", tr!("活动标题", "title"), tr!("一句话说清谁、做了什么", "who did what, in one line"), true, Input::Text),
                field("date", tr!("活动日期", "date"), tr!("活动当天；多日活动填第一天", "the day; the first day of a longer activity"), true, Input::Date),
                field("end_date", tr!("结束日期", "last day"), tr!("多日活动的最后一天，一天的活动不填", "only for an activity of several days"), false, Input::Date),
                field("time", tr!("开始时间", "start time"), tr!("如 09:30，可不填", "e.g. 09:30; optional"), false, Input::Time),
                field("kind", tr!("活动类型", "kind"), tr!("规则第三条的九类之一", "one of the nine kinds of clause 3"), true, Input::One { choices: activity_kinds() }),
                field("also_sectors", tr!("联合开展的界别", "joint sectors"), tr!("与其他界别联合开展时勾选，活动同时计入这些界别", "tick the other sectors of a joint activity; it counts for each"), false, Input::Many { choices: sector_choices(site, context.sector) }),
                field("plenary_group", tr!("全会界别小组讨论", "plenary group discussion"), tr!("全会期间的界别小组讨论不计入年度活动次数", "a plenary-session group discussion does not count towards the quota"), false, Input::Bool),
                field("location", tr!("地点", "place"), String::new(), false, Input::Text),
                field("organiser", tr!("组织单位", "organiser"), String::new(), false, Input::Text),
                field("participants", tr!("参加的委员", "members present"), tr!("名字之间用顿号隔开，要与界别名单一致", "names separated by 、, as on the roster"), false, Input::Names { suggestions: roster(site, context.sector) }),
                field("leaders", tr!("出席的主席会议成员", "chair-meeting members present"), String::new(), false, Input::Many { choices: site.leaders.iter().map(|l| Choice { value: l.name.clone(), label: format!("{}（{}）", l.name, l.title) }).collect() }),
                field("brand", tr!("特色品牌", "brand"), tr!("属于本界别哪个特色品牌，没有就不选", "the sector's brand it belongs to, if any"), false, Input::One { choices: brands }),
                field("plan", tr!("对应的年度计划项目", "plan items carried out"), tr!("本界别当年计划中由这次活动完成的项目", "the items of the sector's plan for the year this carries out"), false, Input::Many { choices: plan_items }),
                field("outputs", tr!("形成的成果", "outputs"), tr!("调研报告、大会发言、集体提案、社情民意信息，一行一项", "reports, speeches, proposals, opinions: one per row"), false, Input::Rows { columns: vec![
                    column("kind", tr!("类型", "kind"), Input::One { choices: output_kinds() }),
                    column("title", tr!("标题", "title"), Input::Text),
                ] }),
                field("photos", tr!("照片", "photos"), tr!("每张照片都要用一句话描述内容（供视障读者使用）", "describe every photo in a sentence (for readers who cannot see it)"), false, Input::Rows { columns: vec![
                    column("src", tr!("文件", "file"), Input::Text),
                    column("alt", tr!("照片内容描述（必填）", "what it shows (required)"), Input::Text),
                    column("caption", tr!("图片说明", "caption"), Input::Text),
                ] }),
                field("author", tr!("撰稿联络员", "written by"), String::new(), false, Input::Suggest { suggestions: liaisons }),
                field("summary", tr!("摘要", "summary"), tr!("可不写，默认取正文第一段", "optional; the first paragraph otherwise"), false, Input::Lines),
                field("draft", tr!("草稿，暂不发布", "draft, not published yet"), tr!("勾选后只保存不发布；有错误的稿件只能存为草稿", "saved but not published; a write-up with errors can only be saved as a draft"), false, Input::Bool),
            ];
            if !site.config.review_steps.is_empty() {
                fields.push(field(
                    "reviewed_by",
                    tr!("审核", "review"),
                    tr!(
                        "按 {} 的顺序填写审核人",
                        "the reviewers, in the order {}",
                        site.config.review_steps.join("、")
                    ),
                    false,
                    Input::Names {
                        suggestions: site.leaders.iter().map(|l| l.name.clone()).collect(),
                    },
                ));
            }
            fields.push(body);
            fields
        }
        DocType::Output => vec![
            field(
                "title",
                tr!("成果标题", "title"),
                String::new(),
                true,
                Input::Text,
            ),
            field(
                "date",
                tr!("提交日期", "date"),
                tr!("计入这一天所在的年度", "counts for the year of this day"),
                true,
                Input::Date,
            ),
            field(
                "kind",
                tr!("成果类型", "kind"),
                tr!("规则第四条的四类之一", "one of the four kinds of clause 4"),
                true,
                Input::One {
                    choices: output_kinds(),
                },
            ),
            body,
        ],
        DocType::Plan => vec![
            field(
                "year",
                tr!("年份", "year"),
                tr!("与文件名一致", "as in the file name"),
                false,
                Input::Number,
            ),
            field(
                "items",
                tr!("计划项目", "items"),
                tr!(
                    "编号如 p1，活动报道用它关联计划；季度填 1–4",
                    "ids such as p1 link write-ups to the plan; quarter 1–4"
                ),
                false,
                Input::Rows {
                    columns: vec![
                        column("id", tr!("编号", "id"), Input::Text),
                        column("title", tr!("项目", "item"), Input::Text),
                        column(
                            "kind",
                            tr!("活动类型", "kind"),
                            Input::One {
                                choices: activity_kinds(),
                            },
                        ),
                        column(
                            "quarter",
                            tr!("季度", "quarter"),
                            Input::One {
                                choices: (1..=4)
                                    .map(|q| Choice {
                                        value: q.to_string(),
                                        label: tr!("第{}季度", "Q{}", q),
                                    })
                                    .collect(),
                            },
                        ),
                    ],
                },
            ),
            body,
        ],
        DocType::Summary => vec![
            field(
                "year",
                tr!("年份", "year"),
                tr!("与文件名一致", "as in the file name"),
                false,
                Input::Number,
            ),
            body,
        ],
        DocType::Commendation => {
            let sectors = Input::One {
                choices: sector_choices(site, None),
            };
            let people = |label: String| Input::Rows {
                columns: vec![
                    column("name", label, Input::Text),
                    column("sector", tr!("界别", "sector"), sectors.clone()),
                    column("citation", tr!("表扬理由", "citation"), Input::Text),
                ],
            };
            vec![
                field(
                    "year",
                    tr!("表扬的年度", "year"),
                    tr!("与文件名一致", "as in the file name"),
                    false,
                    Input::Number,
                ),
                field(
                    "date",
                    tr!("通报日期", "date"),
                    String::new(),
                    false,
                    Input::Date,
                ),
                field(
                    "document",
                    tr!("文号", "document number"),
                    tr!(
                        "如 武政协〔{}〕1号",
                        "e.g. 武政协〔{}〕1号",
                        context.year + 1
                    ),
                    false,
                    Input::Text,
                ),
                field(
                    "sectors",
                    tr!("表扬的界别", "sectors commended"),
                    String::new(),
                    false,
                    Input::Rows {
                        columns: vec![
                            column("sector", tr!("界别", "sector"), sectors.clone()),
                            column("citation", tr!("表扬理由", "citation"), Input::Text),
                        ],
                    },
                ),
                field(
                    "convenors",
                    tr!("表扬的召集人", "convenors commended"),
                    tr!(
                        "须在该年度担任该界别召集人",
                        "must have been the sector's convenor that year"
                    ),
                    false,
                    people(tr!("姓名", "name")),
                ),
                field(
                    "liaisons",
                    tr!("表扬的联络员", "liaisons commended"),
                    tr!(
                        "须在该年度担任该界别联络员",
                        "must have been the sector's liaison that year"
                    ),
                    false,
                    people(tr!("姓名", "name")),
                ),
                body,
            ]
        }
    }
}

/// The year a submission is for: its `year`, else the year of its `date`, else `fallback`.
pub fn submitted_year(submitted: &Submitted, fallback: i32) -> i32 {
    let first = |key: &str| {
        submitted
            .get(key)
            .and_then(|v| v.first())
            .map(|v| v.trim().to_string())
    };
    first("year")
        .and_then(|y| y.parse().ok())
        .or_else(|| {
            first("date")
                .and_then(|d| crate::source::fields::parse_date(&d).ok())
                .map(|d| d.year())
        })
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

    fn site() -> Site {
        let mut site = crate::author::desk::check::tests::sample_site();
        site.sectors
            .retain(|s| s.id == "minmeng" || s.id == "jiaoyu");
        site
    }

    fn submitted(pairs: &[(&str, &str)]) -> Submitted {
        let mut map = Submitted::new();
        for (k, v) in pairs {
            map.entry(k.to_string()).or_default().push(v.to_string());
        }
        map
    }

    #[test]
    fn an_activity_form_offers_the_sectors_own_lists() {
        let site = site();
        let form = Form::new(
            DocType::Activity,
            Context {
                site: &site,
                sector: Some("minmeng"),
                year: 2025,
            },
        );
        let kinds = match &form.field("kind").unwrap().input {
            Input::One { choices } => choices.len(),
            other => panic!("{other:?}"),
        };
        assert_eq!(kinds, 9);
        let Input::Many { choices } = &form.field("also_sectors").unwrap().input else {
            panic!()
        };
        assert!(choices.iter().all(|c| c.value != "minmeng"));
        assert!(choices.iter().any(|c| c.value == "jiaoyu"));
        let Input::Many { choices } = &form.field("plan").unwrap().input else {
            panic!()
        };
        assert!(!choices.is_empty(), "minmeng has a 2025 plan");
        assert_eq!(form.fields.last().unwrap().key, "body");
    }

    #[test]
    fn a_submission_becomes_changes_in_the_files_shapes() {
        let site = site();
        let form = Form::new(
            DocType::Activity,
            Context {
                site: &site,
                sector: Some("minmeng"),
                year: 2025,
            },
        );
        let (changes, body) = form.changes(&submitted(&[
            ("title", "  长江调研  "),
            ("date", "2025-03-01"),
            ("also_sectors", "jiaoyu"),
            ("also_sectors", "jiaoyu"),
            ("participants", "张三、李四，王五\r\n张三"),
            ("outputs.0.kind", "report"),
            ("outputs.0.title", "关于长江的报告"),
            ("outputs.1.kind", ""),
            ("outputs.1.title", ""),
            ("draft", "true"),
            ("body", "第一段\r\n\r\n第二段"),
        ]));
        let get = |key: &str| changes.iter().find(|c| c.key == key).unwrap().value.clone();
        assert_eq!(get("title"), Some(FieldValue::Text("长江调研".into())));
        assert_eq!(
            get("also_sectors"),
            Some(FieldValue::List(vec!["jiaoyu".into()]))
        );
        assert_eq!(
            get("participants"),
            Some(FieldValue::List(vec![
                "张三".into(),
                "李四".into(),
                "王五".into()
            ]))
        );
        assert_eq!(
            get("outputs"),
            Some(FieldValue::Records(vec![vec![
                ("kind".into(), FieldValue::Text("report".into())),
                ("title".into(), FieldValue::Text("关于长江的报告".into())),
            ]]))
        );
        assert_eq!(get("draft"), Some(FieldValue::Bool(true)));
        assert_eq!(get("location"), None);
        assert_eq!(body.as_deref(), Some("第一段\n\n第二段"));
    }

    #[test]
    fn what_the_form_cannot_show_is_locked_and_kept() {
        let site = site();
        let mut form = Form::new(
            DocType::Activity,
            Context {
                site: &site,
                sector: Some("minmeng"),
                year: 2025,
            },
        );
        let front = yaml::parse(
            "title: 调研\noutputs:\n  - { kind: proposal, title: 提案, results: [{ kind: accepted }] }\nparticipants: [张三, 李四]\n",
        )
        .unwrap();
        form.fill_from_document(&front, "正文\n");
        assert!(form.field("outputs").unwrap().locked.is_some());
        assert_eq!(
            form.field("participants").unwrap().values,
            vec!["张三", "李四"]
        );
        assert_eq!(form.field("body").unwrap().values, vec!["正文\n"]);
        let (changes, _) = form.changes(&submitted(&[("title", "调研")]));
        assert!(changes.iter().all(|c| c.key != "outputs"));
    }

    #[test]
    fn rows_come_back_in_order_without_empty_ones() {
        let columns = vec![
            column("a", String::new(), Input::Text),
            column("b", String::new(), Input::Text),
        ];
        let rows = submitted_rows(
            &submitted(&[
                ("x.10.a", "3"),
                ("x.2.a", "1"),
                ("x.2.b", "2"),
                ("x.5.a", " "),
                ("x.7.zzz", "?"),
                ("x.99999999999999999999.a", "big"),
            ]),
            "x",
            &columns,
        );
        assert_eq!(
            rows,
            vec![
                vec!["1".to_string(), "2".into()],
                vec!["3".into(), String::new()]
            ]
        );
    }

    #[test]
    fn the_year_comes_from_the_year_or_the_date() {
        assert_eq!(submitted_year(&submitted(&[("year", "2024")]), 2026), 2024);
        assert_eq!(
            submitted_year(&submitted(&[("date", "2023-05-01")]), 2026),
            2023
        );
        assert_eq!(submitted_year(&submitted(&[("date", "bad")]), 2026), 2026);
    }
}
